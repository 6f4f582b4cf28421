// The frequentist comparisons of counts (no prior): model = "fisher" (events
// out of patients per arm: Fisher's exact test with the conditional MLE odds
// ratio and its exact interval) and model = "poisson_rate" (event counts per
// arm with a log-exposure offset: the Wald rate ratio). Both write one row to
// frequentist.csv; the counts come from the config or from the data.
#pragma once

#include <memory>

#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"
#include "host/pipeline/analysis.hpp"

namespace ps {

std::unique_ptr<PreparedAnalysis> prepare_count_test(const AnalysisConfig& config, const CsvTable* table,
                                                     MissingPolicy missing);

}  // namespace ps

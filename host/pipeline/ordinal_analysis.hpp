// The cumulative-link (proportional-odds) model as a PreparedAnalysis
// (host/pipeline/analysis.hpp).
#pragma once

#include <memory>

#include "host/pipeline/analysis.hpp"

namespace ps {

std::unique_ptr<PreparedAnalysis> prepare_ordinal(const AnalysisConfig& config, const CsvTable& table,
                                                  MissingPolicy missing);

// model = "logistic": a 0/1 outcome, the two-level case of the same model
// (intercept = minus the cutpoint); frequentist.csv reports `(intercept)` as
// R's glm(family = binomial) does, with separation checks.
std::unique_ptr<PreparedAnalysis> prepare_logistic(const AnalysisConfig& config, const CsvTable& table,
                                                   MissingPolicy missing);

}  // namespace ps

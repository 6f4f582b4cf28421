// The frequentist companions of a time-to-event analysis (no prior):
// model = "kaplan_meier" (per arm: survival and cumulative incidence 1 - S at
// the `at` days with Greenwood SEs and log-transformed 95% intervals, and the
// median survival with its interval, as R's survfit) and model = "logrank"
// (the log-rank test of treatment, stratified by `strata` when given, as R's
// survdiff, with the one-step log hazard ratio (O - E) / V).
#pragma once

#include <memory>

#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"
#include "host/pipeline/analysis.hpp"

namespace ps {

std::unique_ptr<PreparedAnalysis> prepare_survival_companion(const AnalysisConfig& config, const CsvTable& table,
                                                             MissingPolicy missing);

}  // namespace ps

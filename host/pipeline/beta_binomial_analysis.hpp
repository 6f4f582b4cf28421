// model = "beta_binomial": the coprimary analysis of CORIMUNO-ANA-1 (a binary
// outcome per arm, independent Beta priors, the absolute risk difference as
// the treatment effect). For each prior of the grid the posterior of each
// arm's risk is Beta(a + events, b + non-events), and the exact posterior of
// the ARD, the relative risk and the odds ratio comes from one-dimensional
// quadrature (host/exact/beta_contrast.hpp): no chains, no Monte Carlo error.
#pragma once

#include <memory>

#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"
#include "host/pipeline/analysis.hpp"

namespace ps {

// `table` is null when the counts are in the config.
std::unique_ptr<PreparedAnalysis> prepare_beta_binomial(const AnalysisConfig& config, const CsvTable* table,
                                                        MissingPolicy missing);

}  // namespace ps

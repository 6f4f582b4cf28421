// The longitudinal cumulative-link model (repeated scores, day effects, a
// patient random intercept) as a PreparedAnalysis (host/pipeline/analysis.hpp).
#pragma once

#include <memory>

#include "host/pipeline/analysis.hpp"

namespace ps {

std::unique_ptr<PreparedAnalysis> prepare_ordinal_longitudinal(const AnalysisConfig& config, const CsvTable& table,
                                                               MissingPolicy missing);

}  // namespace ps

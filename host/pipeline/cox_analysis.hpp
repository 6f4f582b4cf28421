// The Cox model as a PreparedAnalysis (host/pipeline/analysis.hpp).
#pragma once

#include <memory>

#include "host/pipeline/analysis.hpp"

namespace ps {

std::unique_ptr<PreparedAnalysis> prepare_cox(const AnalysisConfig& config, const CsvTable& table,
                                              MissingPolicy missing);

}  // namespace ps

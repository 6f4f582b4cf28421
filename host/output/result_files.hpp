// The contents of the result files (DESIGN.md "Outputs"): summary.csv and
// frequentist.csv per analysis, summary.json and run.json per run. Numbers are
// written as the shortest text that reads back to the same double, so the
// same seed gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/pipeline/analysis_result.hpp"

namespace ps {

std::string summary_csv(const AnalysisResult& result, const std::vector<double>& levels);
std::string frequentist_csv(const AnalysisResult& result);
nlohmann::json analysis_json(const AnalysisResult& result, const std::vector<double>& levels);

}  // namespace ps

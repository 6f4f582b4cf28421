#include "host/pipeline/analysis.hpp"

#include <stdexcept>

#include "host/pipeline/cox_analysis.hpp"
#include "host/pipeline/ordinal_analysis.hpp"
#include "host/pipeline/ordinal_longitudinal_analysis.hpp"

namespace ps {

nlohmann::json arm_counts(const std::vector<int>& treatment) {
  int treated = 0;
  for (int t : treatment) treated += t;
  const int n = static_cast<int>(treatment.size());
  return {{"patients", n}, {"treatment", treated}, {"control", n - treated}};
}

std::unique_ptr<PreparedAnalysis> prepare_analysis(const AnalysisConfig& config, const CsvTable& table,
                                                   MissingPolicy missing) {
  if (config.model == "cox") return prepare_cox(config, table, missing);
  if (config.model == "ordinal") return prepare_ordinal(config, table, missing);
  if (config.model == "ordinal_longitudinal") return prepare_ordinal_longitudinal(config, table, missing);
  throw std::logic_error("prepare_analysis: model '" + config.model + "' passed the config check");
}

}  // namespace ps

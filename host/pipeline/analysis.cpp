#include "host/pipeline/analysis.hpp"

#include <stdexcept>

#include "host/pipeline/beta_binomial_analysis.hpp"
#include "host/pipeline/count_tests_analysis.hpp"
#include "host/pipeline/cox_analysis.hpp"
#include "host/pipeline/meta_binary_analysis.hpp"
#include "host/pipeline/normal_summary_analysis.hpp"
#include "host/pipeline/survival_companion_analysis.hpp"
#include "host/pipeline/ordinal_analysis.hpp"
#include "host/pipeline/ordinal_longitudinal_analysis.hpp"

namespace ps {

nlohmann::json arm_counts(const std::vector<int>& treatment) {
  int treated = 0;
  for (int t : treatment) treated += t;
  const int n = static_cast<int>(treatment.size());
  return {{"patients", n}, {"treatment", treated}, {"control", n - treated}};
}

std::unique_ptr<PreparedAnalysis> prepare_analysis(const AnalysisConfig& config, const CsvTable* table,
                                                   MissingPolicy missing) {
  if (config.needs_data() && table == nullptr) throw std::logic_error("prepare_analysis: no table for '" + config.name + "'");
  if (config.model == "cox") return prepare_cox(config, *table, missing);
  if (config.model == "ordinal") return prepare_ordinal(config, *table, missing);
  if (config.model == "logistic") return prepare_logistic(config, *table, missing);
  if (config.model == "ordinal_longitudinal") return prepare_ordinal_longitudinal(config, *table, missing);
  if (config.model == "beta_binomial") return prepare_beta_binomial(config, table, missing);
  if (config.model == "normal_summary") return prepare_normal_summary(config);
  if (config.model == "fisher" || config.model == "poisson_rate") return prepare_count_test(config, table, missing);
  if (config.model == "meta_binary") return prepare_meta_binary(config, *table, missing);
  if (config.model == "kaplan_meier" || config.model == "logrank") return prepare_survival_companion(config, *table, missing);
  throw std::logic_error("prepare_analysis: model '" + config.model + "' passed the config check");
}

}  // namespace ps

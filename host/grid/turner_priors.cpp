#include "host/grid/turner_priors.hpp"

#include <algorithm>
#include <stdexcept>

namespace ps {

namespace {

// Rows in the order of turner_outcome_types() (without `any`), columns in the
// order of turner_comparison_types(): Turner et al. (2015), Table IV.
constexpr int kOutcomes = 16;
constexpr int kComparisons = 5;
constexpr double kMeanlog[kOutcomes][kComparisons] = {
    {-3.95, -4.18, -4.17, -2.92, -3.50},  // all-cause mortality
    {-3.52, -3.75, -3.74, -2.49, -3.08},  // obstetric outcomes
    {-3.71, -3.95, -3.93, -2.68, -3.27},  // cause-specific mortality / major morbidity / composite
    {-2.34, -2.58, -2.56, -1.31, -1.90},  // resource use / hospital stay / process
    {-2.14, -2.37, -2.36, -1.11, -1.69},  // surgical / device related success / failure
    {-2.99, -3.23, -3.21, -1.96, -2.55},  // withdrawals / drop-outs
    {-2.71, -2.94, -2.93, -1.67, -2.26},  // internal / structure-related outcomes
    {-2.29, -2.53, -2.51, -1.26, -1.85},  // general physical health indicators
    {-1.87, -2.10, -2.10, -0.84, -1.43},  // adverse events
    {-2.49, -2.73, -2.71, -1.46, -2.05},  // infection / onset of new disease
    {-2.06, -2.29, -2.28, -1.03, -1.61},  // signs / symptoms reflecting continuation / end of condition
    {-1.83, -2.06, -2.05, -0.80, -1.38},  // pain
    {-2.54, -2.78, -2.77, -1.51, -2.10},  // quality of life / functioning (dichotomized)
    {-2.12, -2.35, -2.34, -1.09, -1.67},  // mental health indicators
    {-1.77, -2.00, -1.99, -0.74, -1.33},  // biological markers (dichotomized)
    {-2.70, -2.93, -2.92, -1.67, -2.26},  // subjective outcomes (various)
};
constexpr double kSdlog[kOutcomes][kComparisons] = {
    {1.34, 1.41, 1.55, 1.02, 1.26}, {1.74, 1.79, 1.91, 1.50, 1.68}, {1.74, 1.79, 1.91, 1.51, 1.68},
    {1.74, 1.79, 1.91, 1.50, 1.68}, {1.74, 1.79, 1.91, 1.50, 1.68}, {1.74, 1.79, 1.91, 1.51, 1.68},
    {1.74, 1.79, 1.92, 1.51, 1.68}, {1.53, 1.58, 1.72, 1.25, 1.46}, {1.52, 1.58, 1.71, 1.24, 1.45},
    {1.52, 1.58, 1.71, 1.24, 1.45}, {1.51, 1.58, 1.71, 1.24, 1.45}, {1.52, 1.58, 1.71, 1.25, 1.45},
    {1.54, 1.60, 1.73, 1.27, 1.47}, {1.53, 1.60, 1.72, 1.27, 1.47}, {1.52, 1.58, 1.71, 1.24, 1.45},
    {1.52, 1.58, 1.71, 1.25, 1.45},
};
// The marginal predictive distribution over all settings (p. 993).
constexpr TurnerPrior kAny{-2.56, 1.74};

int index_of(const std::vector<std::string>& names, const std::string& name, const char* what) {
  const auto at = std::find(names.begin(), names.end(), name);
  if (at == names.end()) throw std::invalid_argument(std::string("unknown Turner et al. ") + what + " '" + name + "'");
  return static_cast<int>(at - names.begin());
}

}  // namespace

const std::vector<std::string>& turner_outcome_types() {
  static const std::vector<std::string> names = {
      "all_cause_mortality", "obstetric",        "cause_specific_mortality", "resource_use",
      "surgical_device",     "withdrawals",      "internal_structure",       "general_physical_health",
      "adverse_events",      "infection",        "signs_symptoms",           "pain",
      "quality_of_life",     "mental_health",    "biological_markers",       "subjective",
      "any"};
  return names;
}

const std::vector<std::string>& turner_comparison_types() {
  static const std::vector<std::string> names = {
      "pharmacological_vs_placebo", "pharmacological_vs_pharmacological", "non_pharmacological_vs_placebo",
      "non_pharmacological_vs_pharmacological", "non_pharmacological_vs_non_pharmacological"};
  return names;
}

TurnerPrior turner_prior(const std::string& outcome, const std::string& comparison) {
  const int o = index_of(turner_outcome_types(), outcome, "outcome type");
  if (o == kOutcomes) return kAny;
  const int c = index_of(turner_comparison_types(), comparison, "comparison type");
  return {kMeanlog[o][c], kSdlog[o][c]};
}

}  // namespace ps

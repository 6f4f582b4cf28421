#include "host/fit/separation.hpp"

#include <cmath>
#include <fmt/format.h>
#include <map>

namespace ps {

std::vector<std::string> divergent_coefficient_warnings(const Eigen::VectorXd& coef, const Eigen::VectorXd& se,
                                                        const std::vector<std::string>& term_names) {
  std::vector<std::string> warnings;
  for (int k = 0; k < coef.size(); ++k) {
    const double b = coef[k];
    const double s = k < se.size() ? se[k] : NAN;
    if (std::abs(b) > 10.0 && (!std::isfinite(s) || s > 5.0 * std::abs(b))) {
      warnings.push_back(fmt::format(
          "coefficient '{}' may be infinite (estimate {:.4g}, SE {:.4g}): monotone likelihood, e.g. no events "
          "in a factor level or an arm",
          k < static_cast<int>(term_names.size()) ? term_names[k] : std::to_string(k), b, s));
    }
  }
  return warnings;
}

namespace {

// Events and patients per group.
struct Tally {
  long long events = 0, patients = 0;
  bool constant() const { return events == 0 || events == patients; }
};

std::string outcome_word(const Tally& t) { return t.events == 0 ? "no events" : "only events"; }

}  // namespace

std::vector<std::string> binary_separation_warnings(const std::vector<int>& outcome, const std::vector<double>& treatment,
                                                    const std::vector<int>& factor_param, int n_factors,
                                                    const std::vector<std::string>& term_names) {
  std::vector<std::string> warnings;
  const size_t n = outcome.size();
  Tally arm[2];
  for (size_t i = 0; i < n; ++i) {
    Tally& t = arm[treatment[i] != 0.0];
    t.events += outcome[i];
    ++t.patients;
  }
  for (int a = 1; a >= 0; --a)
    if (arm[a].patients > 0 && arm[a].constant())
      warnings.push_back(fmt::format("the {} arm has {} ({} of {} patients): the treatment's odds ratio has an "
                                     "infinite maximum-likelihood estimate (separation)",
                                     a == 1 ? "treatment" : "control", outcome_word(arm[a]), arm[a].events,
                                     arm[a].patients));
  for (int f = 0; f < n_factors; ++f) {
    std::map<int, Tally> level;  // by coefficient index; -1 is the reference level
    for (size_t i = 0; i < n; ++i) {
      Tally& t = level[factor_param[f * n + i]];
      t.events += outcome[i];
      ++t.patients;
    }
    for (const auto& [k, t] : level) {
      if (!t.constant()) continue;
      const std::string name = k >= 0 && k < static_cast<int>(term_names.size())
                                   ? "'" + term_names[k] + "'"
                                   : fmt::format("the reference level of factor {}", f + 1);
      warnings.push_back(fmt::format("factor level {} has {} ({} of {} patients): its coefficient (or, for the "
                                     "reference level, every other level's) has an infinite maximum-likelihood "
                                     "estimate (quasi-complete separation)",
                                     name, outcome_word(t), t.events, t.patients));
    }
  }
  return warnings;
}

}  // namespace ps

// The predictors every model shares -- treatment, centred numeric covariates,
// factors as indices into the coefficient vector -- coded once in a given
// patient order (the Cox model's risk-set order, or file order).
#pragma once

#include <string>
#include <vector>

namespace ps {

struct CodedPredictors {
  int n_numeric = 0;
  int n_factors = 0;
  int n_coefficients = 0;               // 1 + numeric + non-reference factor levels
  std::vector<double> treatment;        // [i]
  std::vector<double> numeric;          // centred, [j * n + i]
  std::vector<double> numeric_center;
  std::vector<int> factor_param;        // [f * n + i], coefficient index or -1 (reference)
  std::vector<std::string> term_names;  // "treatment", covariates, "factor[level]"
};

// order[i] is the input row of patient i.
CodedPredictors code_predictors(const std::vector<int>& treatment, const std::vector<std::string>& numeric_names,
                                const std::vector<std::vector<double>>& numeric,
                                const std::vector<std::string>& factor_names,
                                const std::vector<std::vector<std::string>>& factor_levels,
                                const std::vector<std::vector<int>>& factor_codes, const std::vector<int>& order);

}  // namespace ps

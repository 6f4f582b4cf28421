#include "host/design/predictors.hpp"

#include <numeric>

namespace ps {

CodedPredictors code_predictors(const std::vector<int>& treatment, const std::vector<std::string>& numeric_names,
                                const std::vector<std::vector<double>>& numeric,
                                const std::vector<std::string>& factor_names,
                                const std::vector<std::vector<std::string>>& factor_levels,
                                const std::vector<std::vector<int>>& factor_codes, const std::vector<int>& order) {
  CodedPredictors p;
  const int n = static_cast<int>(order.size());
  p.n_numeric = static_cast<int>(numeric.size());
  p.n_factors = static_cast<int>(factor_codes.size());

  p.term_names.push_back("treatment");
  for (const auto& name : numeric_names) p.term_names.push_back(name);
  std::vector<int> factor_base(p.n_factors);
  int dim = 1 + p.n_numeric;
  for (int f = 0; f < p.n_factors; ++f) {
    factor_base[f] = dim - 1;  // level L >= 1 maps to coefficient dim - 1 + L
    const auto& levels = factor_levels[f];
    for (size_t l = 1; l < levels.size(); ++l) p.term_names.push_back(factor_names[f] + "[" + levels[l] + "]");
    dim += static_cast<int>(levels.size()) - 1;
  }
  p.n_coefficients = dim;

  p.treatment.resize(n);
  for (int i = 0; i < n; ++i) p.treatment[i] = treatment[order[i]];

  // Centring keeps exp(eta) tame and makes the cutpoints (ordinal) those of
  // an average patient; it changes no coefficient.
  p.numeric.resize(static_cast<size_t>(p.n_numeric) * n);
  p.numeric_center.resize(p.n_numeric);
  for (int j = 0; j < p.n_numeric; ++j) {
    const auto& col = numeric[j];
    const double center = n > 0 ? std::accumulate(col.begin(), col.end(), 0.0) / n : 0.0;
    p.numeric_center[j] = center;
    for (int i = 0; i < n; ++i) p.numeric[static_cast<size_t>(j) * n + i] = col[order[i]] - center;
  }

  p.factor_param.resize(static_cast<size_t>(p.n_factors) * n);
  for (int f = 0; f < p.n_factors; ++f) {
    for (int i = 0; i < n; ++i) {
      const int level = factor_codes[f][order[i]];
      p.factor_param[static_cast<size_t>(f) * n + i] = level == 0 ? -1 : factor_base[f] + level;
    }
  }
  return p;
}

}  // namespace ps

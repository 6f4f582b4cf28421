// eta_i = x_i . theta for the shared predictor layout of every model view:
// theta[0] treatment, theta[1 ..] numeric covariates (numeric[j * n + i]),
// then factor levels as indices into theta (factor_param, -1 = reference).
#pragma once

#include "models/hd.hpp"

namespace ps {

template <class View>
PS_HD inline double linear_predictor(const View& m, const double* theta, int i) {
  double eta = m.treatment[i] * theta[0];
  for (int j = 0; j < m.n_numeric; ++j) eta += m.numeric[j * m.n + i] * theta[1 + j];
  for (int f = 0; f < m.n_factors; ++f) {
    const int k = m.factor_param[f * m.n + i];
    if (k >= 0) eta += theta[k];
  }
  return eta;
}

}  // namespace ps

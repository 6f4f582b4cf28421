// Gauss-Hermite quadrature rules for integrals against exp(-x^2):
//   integral f(x) exp(-x^2) dx ~= sum_k w_k f(x_k),
// exact for polynomials of degree < 2n. Used by the random-intercept models
// (models/ordinal_longitudinal.hpp) in their adaptive form.
#pragma once

#include <vector>

namespace ps {

struct GaussHermiteRule {
  std::vector<double> node;        // increasing
  std::vector<double> weight;      // w_k
  std::vector<double> log_weight;  // log w_k + x_k^2, what the adaptive rule multiplies by
};

// The n-point rule (n >= 1; accurate to a few ulps for n <= 100): nodes by
// Newton on the orthonormal Hermite recurrence started from the asymptotic
// approximations, weights as Christoffel numbers 1 / sum_j p_j(x_k)^2. Throws
// std::invalid_argument for n < 1 or n > 100.
GaussHermiteRule gauss_hermite_rule(int n);

}  // namespace ps

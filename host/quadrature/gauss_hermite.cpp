#include "host/quadrature/gauss_hermite.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ps {
namespace {

// Orthonormal Hermite functions for weight exp(-x^2):
//   p_0 = pi^(-1/4),  p_{j+1} = x sqrt(2/(j+1)) p_j - sqrt(j/(j+1)) p_{j-1}.
// Returns p_n(x), p_{n-1}(x) and sum_{j<n} p_j(x)^2.
struct HermiteValues {
  double p_n = 0.0;
  double p_n_minus_1 = 0.0;
  double sum_squares = 0.0;
};

HermiteValues hermite_values(int n, double x) {
  HermiteValues v;
  double previous = 0.0;
  double current = std::pow(M_PI, -0.25);
  for (int j = 0; j < n; ++j) {
    v.sum_squares += current * current;
    const double next = x * std::sqrt(2.0 / (j + 1)) * current - std::sqrt(static_cast<double>(j) / (j + 1)) * previous;
    previous = current;
    current = next;
  }
  v.p_n = current;
  v.p_n_minus_1 = previous;
  return v;
}

}  // namespace

GaussHermiteRule gauss_hermite_rule(int n) {
  if (n < 1 || n > 100)
    throw std::invalid_argument("gauss_hermite_rule: " + std::to_string(n) + " nodes; expected 1..100");
  GaussHermiteRule rule;
  rule.node.assign(n, 0.0);
  rule.weight.assign(n, 0.0);
  // The largest roots first, each started from the usual asymptotic guesses
  // (Numerical Recipes' gauher starting values); roots are symmetric.
  double x = 0.0;
  for (int i = 0; i < (n + 1) / 2; ++i) {
    if (i == 0) {
      x = std::sqrt(2.0 * n + 1.0) - 1.85575 * std::pow(2.0 * n + 1.0, -1.0 / 6.0);
    } else if (i == 1) {
      x -= 1.14 * std::pow(static_cast<double>(n), 0.426) / x;
    } else if (i == 2) {
      x = 1.86 * x - 0.86 * rule.node[n - 1];
    } else if (i == 3) {
      x = 1.91 * x - 0.91 * rule.node[n - 2];
    } else {
      x = 2.0 * x - rule.node[n - i + 1];
    }
    if (n % 2 == 1 && i == (n - 1) / 2) x = 0.0;  // the middle root of an odd rule
    HermiteValues v{};
    for (int iteration = 0; iteration < 100; ++iteration) {
      v = hermite_values(n, x);
      const double derivative = std::sqrt(2.0 * n) * v.p_n_minus_1;
      const double step = v.p_n / derivative;
      x -= step;
      if (std::abs(step) <= 1e-15 * (1.0 + std::abs(x))) break;
    }
    v = hermite_values(n, x);
    rule.node[n - 1 - i] = x;
    rule.node[i] = -x;
    rule.weight[n - 1 - i] = rule.weight[i] = 1.0 / v.sum_squares;
  }
  rule.log_weight.resize(n);
  for (int k = 0; k < n; ++k) rule.log_weight[k] = std::log(rule.weight[k]) + rule.node[k] * rule.node[k];
  return rule;
}

}  // namespace ps

// Adaptive Gauss-Hermite quadrature of a one-dimensional random effect, the
// way R's ordinal::clmm (nAGQ) and lme4::glmer integrate a random intercept
// out of a likelihood. Shared by every model that integrates a normal random
// effect per cluster: the longitudinal ordinal model (a patient's random
// intercept) and the binomial-normal meta-analysis (a study's effect).
//
// The integral is L = integral g(u) phi(u) du with phi the standard normal
// density. With h(u) = -log g(u) + u^2/2 (convex for the models here), its
// mode u^ and curvature D = h''(u^), s = sqrt(2/D),
//
//   log L ~= -h(u^) + log s - log(2 pi)/2
//            + log sum_k w_k exp(x_k^2) exp(-(h(u^ + s x_k) - h(u^))),
//
// (x_k, w_k) the Gauss-Hermite rule for weight exp(-x^2) (host/quadrature/
// gauss_hermite.hpp tabulates log w_k + x_k^2). One node (x = 0, w = sqrt(pi))
// is exactly the Laplace approximation (nAGQ = 1); the rule with K nodes is
// exact when g is a polynomial of degree < 2K times a normal density in u, so
// the error falls quickly as the integrand approaches its normal shape.
//
// Terms is any callable `QuadratureTerms operator()(double u, bool derivatives)`
// giving h(u) and, when asked, h'(u) and h''(u).
#pragma once

#include "models/hd.hpp"

namespace ps {

struct QuadratureTerms {
  double h = 0.0;
  double dh = 0.0;
  double d2h = 1.0;
};

struct GaussHermiteView {
  int n_nodes = 1;
  const double* node = nullptr;        // [n_nodes] abscissae x_k
  const double* log_weight = nullptr;  // [n_nodes] log w_k + x_k^2
};

// The mode of a strictly convex h by Newton from u = 0, halving a step that
// does not decrease h. Returns the terms at the mode (dh ~ 0, d2h = D) and
// the mode in *mode.
template <class Terms>
PS_HD inline QuadratureTerms quadrature_mode(const Terms& terms, double* mode) {
  double u = 0.0;
  QuadratureTerms at = terms(u, true);
  for (int iteration = 0; iteration < 60 && at.h == at.h && at.h < HUGE_VAL; ++iteration) {
    double step = at.dh / at.d2h;
    if (!(fabs(step) > 1e-12 * (1.0 + fabs(u)))) break;
    QuadratureTerms next = terms(u - step, true);
    for (int halving = 0; halving < 40 && !(next.h <= at.h + 1e-13 * fabs(at.h)); ++halving) {
      step *= 0.5;
      next = terms(u - step, true);
    }
    u -= step;
    at = next;
    // Newton converges quadratically: a step this small leaves an error far
    // below it, so the last evaluation already sits at the mode.
    if (fabs(step) < 1e-9 * (1.0 + fabs(u))) break;
  }
  *mode = u;
  return at;
}

// log L by adaptive Gauss-Hermite quadrature with `rule`; -inf when h has no
// finite minimum.
template <class Terms>
PS_HD inline double adaptive_gauss_hermite_log_integral(const Terms& terms, const GaussHermiteView& rule) {
  double mode = 0.0;
  const QuadratureTerms at = quadrature_mode(terms, &mode);
  if (!(at.h < HUGE_VAL) || !(at.d2h > 0.0)) return neg_infinity();
  const double s = sqrt(2.0 / at.d2h);
  // Running log-sum-exp over nodes, relative to h(u^) so the terms are O(1).
  double largest = neg_infinity(), sum = 0.0;
  for (int k = 0; k < rule.n_nodes; ++k) {
    const double z = mode + s * load_readonly(rule.node + k);
    const double hz = terms(z, false).h;
    const double term = load_readonly(rule.log_weight + k) - (hz - at.h);
    if (!(term > neg_infinity())) continue;
    if (term > largest) {
      sum = sum * exp(largest - term) + 1.0;
      largest = term;
    } else {
      sum += exp(term - largest);
    }
  }
  return -at.h + log(s) - 0.91893853320467274178 + largest + log(sum);
}

}  // namespace ps

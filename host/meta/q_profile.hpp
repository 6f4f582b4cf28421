// Q-profile confidence interval for tau^2 (Viechtbauer 2007), and the implied
// intervals for tau, I^2 and H^2, as metafor 3.8's confint(res) on an
// rma.uni random-effects fit (type = "QP", the default), computed to full
// precision (confint's uniroot stops at tol = 1.2e-4 by default;
// confint(res, control = list(tol = 1e-13)) is what this matches).
//
// Maths. Q(tau2) = sum w_i (y_i - mu(tau2))^2 with w_i = 1/(v_i + tau2)
// follows chi^2 with k - 1 df at the true tau2 and decreases in tau2, so the
// interval is {tau2 >= 0 : chi2_{lo} <= Q(tau2) <= chi2_{hi}} with
// chi2_{hi} = qchisq(1 - a/2, k - 1), chi2_{lo} = qchisq(a/2, k - 1),
// a = 1 - conf_level:
//   lower: 0 if Q(0) < chi2_{hi}, else the root of Q(tau2) = chi2_{hi};
//   upper: 0 if Q(0) < chi2_{lo} (then the whole interval is {0}: metafor's
//          "ci.null"), else the root of Q(tau2) = chi2_{lo}.
// Search range [0, tau2_max], tau2_max = max(100, 10 tau2_hat) as metafor;
// a limit that would lie beyond it is reported as tau2_max and flagged
// (metafor prints "> tau2_max"), and if even Q(tau2_max) > chi2_{hi} both
// limits are tau2_max. Roots by Boost's TOMS 748 to full double precision.
// tau = sqrt(tau2); I^2 = 100 tau2 / (s^2 + tau2), H^2 = tau2 / s^2 + 1 with
// metafor's typical within-study variance s^2 (inverse_variance.hpp).
// The interval does not depend on the tau^2 estimator, except through
// tau2_max; the estimate only sets that search range.
#pragma once

#include <vector>

namespace ps {

struct Tau2Interval {
  double conf_level = 0.95;
  double tau2_lower = 0.0, tau2_upper = 0.0;
  double tau_lower = 0.0, tau_upper = 0.0;
  double i2_lower = 0.0, i2_upper = 0.0;  // percent
  double h2_lower = 1.0, h2_upper = 1.0;
  double search_max = 100.0;              // tau2_max
  bool lower_at_search_max = false;       // true limit above search_max
  bool upper_at_search_max = false;       // true limit above search_max
  bool null_interval = false;             // Q(0) < chi2_lo: the interval is {0}
};

// Throws std::invalid_argument for invalid yi/vi, k < 2 (metafor stops with
// "k = 1"), tau2_estimate < 0 or not finite, or conf_level outside (0, 1).
Tau2Interval q_profile_tau2_ci(const std::vector<double>& yi, const std::vector<double>& vi, double tau2_estimate,
                               double conf_level = 0.95);

}  // namespace ps

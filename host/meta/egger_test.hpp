// Egger's regression test for funnel-plot asymmetry, as metafor 3.8's
//   regtest(res, model = "lm", predictor = "sei")
// on a fit res of rma(yi, vi, ...) (with model = "lm" the result depends only
// on yi and vi, not on whether res is a fixed- or random-effects fit), and
// the funnel plot's pseudo-confidence limits (metafor's funnel(res)).
//
// Maths (Egger et al. 1997, in the weighted-regression form of Sterne &
// Egger 2005): weighted least squares of y_i on (1, se_i), se_i = v_i^(1/2),
// with weights 1/v_i and a multiplicative dispersion, as
// lm(yi ~ sei, weights = 1/vi):
//   b = (X' W X)^(-1) X' W y,  sigma^2 = sum w_i r_i^2 / (k - 2),
//   Cov(b) = sigma^2 (X' W X)^(-1),
//   t = b_sei / se(b_sei) on k - 2 df, p = 2 P(T_{k-2} > |t|)  (the asymmetry test),
//   limit estimate = b_intercept (the effect as se -> 0), with
//   CI = b_intercept -/+ qt(1 - a/2, k - 2) se(b_intercept).
// (This is algebraically Egger's original regression of y/se on 1/se.)
// Funnel limits: estimate -/+ qnorm(1 - a/2) se over se in [0, max_se].
// Why: the paper checks small-study effects with Egger's test; the limits are
// for the funnel plot drawn later.
#pragma once

#include <cstddef>
#include <vector>

namespace ps {

struct EggerTestResult {
  std::size_t k = 0;
  double df = 0.0;  // k - 2
  double slope = 0.0, slope_se = 0.0;  // coefficient of se_i (the asymmetry)
  double t = 0.0, p_value = 1.0;
  double limit_estimate = 0.0, limit_se = 0.0, limit_ci_lower = 0.0, limit_ci_upper = 0.0;
  double dispersion = 0.0;  // sigma^2
};

// Throws std::invalid_argument for invalid yi/vi (validate_effect_sizes),
// k < 3 or conf_level outside (0, 1). When the se_i are all (numerically)
// equal the slope is not identified (metafor stops: "Model matrix no longer
// of full rank"); every statistic is then NaN.
EggerTestResult egger_test(const std::vector<double>& yi, const std::vector<double>& vi, double conf_level = 0.95);

struct FunnelLimitPoint {
  double se = 0.0, lower = 0.0, upper = 0.0;
};

// `points` (>= 2) equally spaced se values from 0 to max_se (> 0) with
// estimate -/+ qnorm(1 - a/2) se; throws std::invalid_argument otherwise.
std::vector<FunnelLimitPoint> funnel_limits(double estimate, double max_se, std::size_t points = 100,
                                            double conf_level = 0.95);

}  // namespace ps

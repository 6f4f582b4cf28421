// Host-side maximum-likelihood fit of the random-intercept cumulative-link
// model (models/ordinal_longitudinal.hpp), the frequentist companion of the
// longitudinal Bayesian sweep and the counterpart of R's
//   ordinal::clmm(y ~ x + (1 | id), nAGQ = n_nodes).
// The objective is the model's adaptive Gauss-Hermite (1 node: Laplace)
// approximation of the marginal log-likelihood, maximised exactly: its
// analytic gradient includes the dependence on the conditional modes and
// their curvature, so the optimum is that of the approximation to ~1e-10
// (clmm's own optimiser stops ~1e-5 .. 1e-4 away) and the SEs, from a
// Hessian by differences of that gradient, are good to ~1e-7.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "host/fit/cox_fit.hpp"      // NewtonOptions
#include "host/fit/ordinal_fit.hpp"  // OrdinalGradient, Cutpoints
#include "models/ordinal_longitudinal.hpp"

namespace ps {

// The approximate marginal log-likelihood and its exact gradient at phi =
// [beta (n_coefficients), c_1 .. c_{K-1} (the cutpoints themselves, not the
// unconstrained u), log sigma] -- this order whatever the model's theta
// order (view.cutpoint_offset(), view.log_sd_index()) -- with the view's
// quadrature rule. The value is ordinal_longitudinal_log_likelihood at the
// corresponding theta. Cutpoints out of order give -inf (and a zero gradient).
OrdinalGradient ordinal_longitudinal_gradient(const OrdinalLongitudinalView& view, const Eigen::VectorXd& phi);

// Hessian by central differences of the analytic gradient (symmetrised), as
// ordinal_hessian: accurate to ~1e-8 relative.
Eigen::MatrixXd ordinal_longitudinal_hessian(const OrdinalLongitudinalView& view, const Eigen::VectorXd& phi);

struct OrdinalLongitudinalFit {
  Eigen::VectorXd coef;  // beta [n_coefficients] (covariates centred as in the view)
  Eigen::VectorXd coef_se;
  Eigen::VectorXd cutpoints;  // [K_observed - 1]
  Eigen::VectorXd cutpoint_se;
  double log_sd = 0.0;  // log sigma, the SD of the patient random intercept
  double log_sd_se = 0.0;
  double sd = 0.0;
  double sd_se = 0.0;          // delta method, sd * log_sd_se (clmm reports none)
  Eigen::MatrixXd covariance;  // of [beta, cutpoints, log sd]
  double loglik = 0.0;
  double max_abs_gradient = 0.0;  // at the estimate
  int iterations = 0;
  bool converged = false;
  std::vector<int> observed;  // as OrdinalFit::observed: declared index of each observed category
  std::vector<std::string> warnings;
};

// Damped Newton-Raphson (step halving, ridge on an indefinite Hessian) on the
// observed categories only, from `start` (phi of the collapsed model) or, if
// empty, from the single-day fit of all observations pooled; converged when
// the largest |gradient| is below 1e-8 (more for a huge log-likelihood, whose
// gradient carries more rounding). An estimate near sigma = 0 is re-checked
// from sigma = 1, and flagged in the warnings.
OrdinalLongitudinalFit fit_ordinal_longitudinal_mle(const OrdinalLongitudinalView& view,
                                                    const NewtonOptions& options = {},
                                                    const Eigen::VectorXd& start = {});

// The cutpoints for uncentred covariates (c_k + sum_j beta_j center_j) with
// delta-method SEs, as uncentred_cutpoints(OrdinalFit, ...).
Cutpoints uncentred_cutpoints(const OrdinalLongitudinalFit& fit, const std::vector<double>& numeric_center);

}  // namespace ps

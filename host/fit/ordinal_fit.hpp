// Host-side fitting of the cumulative-link model (models/ordinal.hpp): the
// analytic gradient of the log-likelihood in the (beta, cutpoint)
// parameterisation R's ordinal::clm reports, and the maximum-likelihood fit
// that is the frequentist companion of the Bayesian sweep.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "host/fit/cox_fit.hpp"  // NewtonOptions
#include "models/ordinal.hpp"

namespace ps {

// Log-likelihood and its gradient at phi = [beta (n_coefficients), c_1 ..
// c_{K-1}] (cutpoints themselves, not the unconstrained u). Cutpoints out of
// order give -inf.
struct OrdinalGradient {
  double loglik = 0.0;
  Eigen::VectorXd gradient;
};
OrdinalGradient ordinal_gradient(const OrdinalView& view, const Eigen::VectorXd& phi);

// Hessian by central differences of the analytic gradient (symmetrised):
// accurate to ~1e-9 relative, ample for standard errors and Newton steps.
Eigen::MatrixXd ordinal_hessian(const OrdinalView& view, const Eigen::VectorXd& phi);

struct OrdinalFit {
  Eigen::VectorXd coef;        // beta [n_coefficients]
  Eigen::VectorXd cutpoints;   // [K_observed - 1]
  Eigen::VectorXd coef_se;
  Eigen::VectorXd cutpoint_se;
  Eigen::MatrixXd covariance;  // of [beta, cutpoints]
  double loglik = 0.0;
  int iterations = 0;
  bool converged = false;
  // Declared categories with no patient are collapsed: the MLE of a cutpoint
  // bounding an empty category does not exist. observed[j] is the declared
  // category index of the j-th observed category; cutpoint j separates
  // observed[j] from observed[j + 1].
  std::vector<int> observed;
  std::vector<std::string> warnings;
};

// Maximum-likelihood fit by Newton-Raphson from the empirical cumulative
// proportions, on the observed categories only.
OrdinalFit fit_ordinal_mle(const OrdinalView& view, const NewtonOptions& options = {});

// The fit's cutpoints for uncentred covariates, as R's clm reports them: with
// eta = x . beta on covariates centred at `numeric_center` (coefficients
// 1 .. n_numeric), c_k + sum_j beta_j center_j; SEs by the delta method.
struct Cutpoints {
  Eigen::VectorXd estimate;
  Eigen::VectorXd se;
};
Cutpoints uncentred_cutpoints(const OrdinalFit& fit, const std::vector<double>& numeric_center);

}  // namespace ps

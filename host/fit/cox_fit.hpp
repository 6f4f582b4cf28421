// Host-side Cox fitting: exact gradient and Hessian of the partial
// log-likelihood, Newton-Raphson MLE, and the Laplace approximation that
// shapes each prior's Metropolis proposal.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "models/cox.hpp"
#include "models/priors.hpp"

namespace ps {

struct CoxDerivatives {
  double loglik = 0.0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;  // of the log-likelihood (negative definite at the MLE)
};

CoxDerivatives cox_derivatives(const CoxView& view, const Eigen::VectorXd& theta);

struct CoxFit {
  Eigen::VectorXd coef;
  Eigen::VectorXd se;
  Eigen::MatrixXd covariance;
  double loglik = 0.0;       // at the MLE
  double loglik_null = 0.0;  // at theta = 0
  int iterations = 0;
  bool converged = false;
  std::vector<std::string> warnings;  // e.g. possible separation (infinite coefficient)
};

struct NewtonOptions {
  int max_iterations = 100;
  double tolerance = 1e-10;  // on the Newton decrement and relative log-likelihood change
};

// Maximum partial-likelihood estimate by Newton-Raphson with step halving.
// term_names (optional, [dim]) name coefficients in warnings.
CoxFit fit_cox_mle(const CoxView& view, const NewtonOptions& options = {},
                   const std::vector<std::string>& term_names = {});

// Laplace approximation of log L(theta) + sum_k>=1 log nuisance(theta_k), the
// part of the posterior shared by every prior of the grid.
struct LaplaceBase {
  Eigen::VectorXd mode;
  Eigen::MatrixXd precision;  // minus the Hessian at the mode
};

LaplaceBase laplace_base(const CoxView& view, const ScalarPrior& nuisance_prior, const NewtonOptions& options = {});

// The proposal shape and starting centre for one treatment-effect prior: one
// Newton step from the base mode with that prior's curvature added.
struct PriorLaplace {
  std::vector<double> mode;      // [dim]
  std::vector<double> cholesky;  // [dim * dim] row-major lower factor of the covariance
};

PriorLaplace laplace_for_prior(const LaplaceBase& base, const ScalarPrior& effect_prior);

}  // namespace ps

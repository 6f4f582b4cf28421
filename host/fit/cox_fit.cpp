// Maximum partial-likelihood fit (the frequentist companion) and the Laplace
// approximation that shapes each prior's Metropolis proposal.
#include "host/fit/cox_fit.hpp"

#include <cmath>
#include <fmt/format.h>

#include "host/fit/newton.hpp"
#include "host/fit/separation.hpp"

namespace ps {

namespace {

ObjectiveValue cox_objective(const CoxView& view, const Eigen::VectorXd& theta) {
  CoxDerivatives d = cox_derivatives(view, theta);
  return {d.loglik, std::move(d.gradient), std::move(d.hessian)};
}

// Adds log p(theta_k) with its derivatives to an objective.
void add_prior(ObjectiveValue& v, const Eigen::VectorXd& theta, int k, const ScalarPrior& prior) {
  v.value += prior_log_density(prior, theta[k]);
  v.gradient[k] += prior_log_density_gradient(prior, theta[k]);
  v.hessian(k, k) -= prior_precision_at(prior, theta[k]);
}


}  // namespace

CoxFit fit_cox_mle(const CoxView& view, const NewtonOptions& options, const std::vector<std::string>& term_names) {
  const Eigen::VectorXd start = Eigen::VectorXd::Zero(view.dim);
  const NewtonResult r = newton_maximize([&](const Eigen::VectorXd& t) { return cox_objective(view, t); }, start,
                                         options.max_iterations, options.tolerance);
  CoxFit fit;
  fit.coef = r.argmax;
  fit.loglik = r.at_argmax.value;
  fit.loglik_null = cox_objective(view, start).value;
  fit.iterations = r.iterations;
  fit.converged = r.converged;
  fit.covariance = covariance_from_hessian(r.at_argmax.hessian, fit.warnings);
  fit.se = fit.covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
  if (!fit.converged) fit.warnings.push_back(fmt::format("Newton-Raphson did not converge in {} iterations", r.iterations));
  for (auto& w : divergent_coefficient_warnings(fit.coef, fit.se, term_names)) fit.warnings.push_back(std::move(w));
  return fit;
}

LaplaceBase laplace_base(const CoxView& view, const ScalarPrior& nuisance_prior, const NewtonOptions& options) {
  // A very weak N(0, 100^2) guard on the treatment coefficient keeps the mode
  // finite even when its MLE is not (all events in one arm); its precision
  // (1e-4) is negligible next to the information of any real trial.
  const ScalarPrior guard{PriorFamily::normal, 0.0, 100.0, 0.0};
  auto objective = [&](const Eigen::VectorXd& t) {
    ObjectiveValue v = cox_objective(view, t);
    add_prior(v, t, 0, guard);
    for (int k = 1; k < view.dim; ++k) add_prior(v, t, k, nuisance_prior);
    return v;
  };
  const NewtonResult r =
      newton_maximize(objective, Eigen::VectorXd::Zero(view.dim), options.max_iterations, options.tolerance);
  return {r.argmax, -r.at_argmax.hessian};
}

PriorLaplace laplace_for_prior(const LaplaceBase& base, const ScalarPrior& effect_prior) {
  const int p = static_cast<int>(base.mode.size());
  Eigen::MatrixXd precision = base.precision;
  const double m0 = base.mode[0];
  precision(0, 0) += prior_precision_at(effect_prior, m0);
  Eigen::LDLT<Eigen::MatrixXd> ldlt(precision);
  Eigen::VectorXd prior_gradient = Eigen::VectorXd::Zero(p);
  prior_gradient[0] = prior_log_density_gradient(effect_prior, m0);
  const Eigen::VectorXd mode = base.mode + ldlt.solve(prior_gradient);
  const Eigen::MatrixXd covariance = ldlt.solve(Eigen::MatrixXd::Identity(p, p));
  Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (covariance + covariance.transpose()));
  const Eigen::MatrixXd lower = llt.matrixL();

  PriorLaplace out;
  out.mode.assign(mode.data(), mode.data() + p);
  out.cholesky.resize(static_cast<size_t>(p) * p);
  for (int r = 0; r < p; ++r)
    for (int c = 0; c < p; ++c) out.cholesky[static_cast<size_t>(r) * p + c] = c <= r ? lower(r, c) : 0.0;
  return out;
}

}  // namespace ps

#include "host/fit/ordinal_fit.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "host/fit/newton.hpp"

namespace ps {

namespace {

// d log(F(b) - F(a)) / d(a, b) = (-f(a), f(b)) / P, each ratio formed in log
// space so that it stays finite deep in the tails.
void interval_score(OrdinalLink link, double a, double b, double log_p, double& d_a, double& d_b) {
  d_a = a == -HUGE_VAL ? 0.0 : -std::exp(link_log_pdf(link, a) - log_p);
  d_b = b == HUGE_VAL ? 0.0 : std::exp(link_log_pdf(link, b) - log_p);
}

}  // namespace

OrdinalGradient ordinal_gradient(const OrdinalView& m, const Eigen::VectorXd& phi) {
  const int p = m.n_coefficients;
  const int K = m.n_categories;
  OrdinalGradient g;
  g.gradient = Eigen::VectorXd::Zero(phi.size());
  const double* c = phi.data() + p;
  for (int k = 1; k + 1 < K; ++k) {
    if (!(c[k] > c[k - 1])) {
      g.loglik = -HUGE_VAL;
      return g;
    }
  }
  std::vector<double> theta(phi.data(), phi.data() + p);
  for (int i = 0; i < m.n; ++i) {
    const double eta = ordinal_linear_predictor(m, theta.data(), i);
    const int y = m.category[i];
    const double a = category_lower(c, y) - eta;
    const double b = category_upper(c, K, y) - eta;
    const double log_p = log_interval_probability(m.link, a, b);
    g.loglik += log_p;
    double d_a = 0.0, d_b = 0.0;
    interval_score(m.link, a, b, log_p, d_a, d_b);
    const double d_eta = -(d_a + d_b);
    g.gradient[0] += d_eta * m.treatment[i];
    for (int j = 0; j < m.n_numeric; ++j) g.gradient[1 + j] += d_eta * m.numeric[j * m.n + i];
    for (int f = 0; f < m.n_factors; ++f) {
      const int k = m.factor_param[f * m.n + i];
      if (k >= 0) g.gradient[k] += d_eta;
    }
    if (y > 0) g.gradient[p + y - 1] += d_a;
    if (y < K - 1) g.gradient[p + y] += d_b;
  }
  return g;
}

Eigen::MatrixXd ordinal_hessian(const OrdinalView& m, const Eigen::VectorXd& phi) {
  const int d = static_cast<int>(phi.size());
  Eigen::MatrixXd h(d, d);
  for (int j = 0; j < d; ++j) {
    const double step = 1e-5 * std::max(1.0, std::abs(phi[j]));
    Eigen::VectorXd up = phi, down = phi;
    up[j] += step;
    down[j] -= step;
    h.col(j) = (ordinal_gradient(m, up).gradient - ordinal_gradient(m, down).gradient) / (2.0 * step);
  }
  return 0.5 * (h + h.transpose());
}

OrdinalFit fit_ordinal_mle(const OrdinalView& view, const NewtonOptions& options) {
  OrdinalFit fit;
  const int K = view.n_categories;
  std::vector<int> counts(K, 0);
  for (int i = 0; i < view.n; ++i) counts[view.category[i]]++;
  std::vector<int> rank(K, -1);
  for (int k = 0; k < K; ++k)
    if (counts[k] > 0) {
      rank[k] = static_cast<int>(fit.observed.size());
      fit.observed.push_back(k);
    }
  const int k_obs = static_cast<int>(fit.observed.size());
  if (k_obs < 2) {
    fit.warnings.push_back("fewer than two observed categories: nothing to fit");
    return fit;
  }
  if (k_obs < K)
    fit.warnings.push_back(fmt::format("{} declared categor{} with no patient collapsed for the MLE", K - k_obs,
                                       K - k_obs == 1 ? "y" : "ies"));

  // The collapsed model: categories renumbered 0 .. k_obs - 1.
  std::vector<int> category(view.n);
  for (int i = 0; i < view.n; ++i) category[i] = rank[view.category[i]];
  OrdinalView m = view;
  m.category = category.data();
  m.n_categories = k_obs;
  m.dim = m.n_coefficients + k_obs - 1;

  // Start: beta = 0 and the cutpoints at the empirical cumulative proportions.
  Eigen::VectorXd start = Eigen::VectorXd::Zero(m.dim);
  double cumulative = 0.0;
  for (int j = 0; j + 1 < k_obs; ++j) {
    cumulative += static_cast<double>(counts[fit.observed[j]]) / view.n;
    const double logit = std::log(cumulative / (1.0 - cumulative));
    start[m.n_coefficients + j] = m.link == OrdinalLink::logit ? logit : logit / 1.7;
  }

  const auto objective = [&m](const Eigen::VectorXd& phi) {
    ObjectiveValue v;
    OrdinalGradient g = ordinal_gradient(m, phi);
    v.value = g.loglik;
    v.gradient = std::move(g.gradient);
    v.hessian = std::isfinite(v.value) ? ordinal_hessian(m, phi) : Eigen::MatrixXd::Zero(m.dim, m.dim);
    return v;
  };
  const NewtonResult r = newton_maximize(objective, start, options.max_iterations, options.tolerance);
  fit.iterations = r.iterations;
  fit.converged = r.converged;
  fit.loglik = r.at_argmax.value;
  fit.coef = r.argmax.head(m.n_coefficients);
  fit.cutpoints = r.argmax.tail(k_obs - 1);
  Eigen::FullPivLU<Eigen::MatrixXd> lu(-r.at_argmax.hessian);
  if (lu.isInvertible()) {
    fit.covariance = lu.inverse();
  } else {
    fit.covariance = Eigen::MatrixXd::Constant(m.dim, m.dim, std::nan(""));
    fit.warnings.push_back("the information matrix is singular at the estimate; standard errors are undefined");
  }
  const Eigen::VectorXd se = fit.covariance.diagonal().cwiseSqrt();
  fit.coef_se = se.head(m.n_coefficients);
  fit.cutpoint_se = se.tail(k_obs - 1);
  if (!fit.converged) fit.warnings.push_back("Newton-Raphson did not converge");
  return fit;
}

Cutpoints uncentred_cutpoints(const OrdinalFit& fit, const std::vector<double>& numeric_center) {
  const int p = static_cast<int>(fit.coef.size());
  const int m = static_cast<int>(fit.cutpoints.size());
  double shift = 0.0;
  Eigen::VectorXd gradient = Eigen::VectorXd::Zero(p + m);
  for (size_t j = 0; j < numeric_center.size(); ++j) {
    shift += fit.coef[1 + j] * numeric_center[j];
    gradient[1 + j] = numeric_center[j];
  }
  Cutpoints c;
  c.estimate = fit.cutpoints.array() + shift;
  c.se.resize(m);
  for (int k = 0; k < m; ++k) {
    Eigen::VectorXd g = gradient;
    g[p + k] = 1.0;
    c.se[k] = std::sqrt(g.dot(fit.covariance * g));
  }
  return c;
}

}  // namespace ps

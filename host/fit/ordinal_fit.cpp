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
    add_linear_predictor_gradient(m, i, -(d_a + d_b), g.gradient.data());
    if (y > 0) g.gradient[p + y - 1] += d_a;
    if (y < K - 1) g.gradient[p + y] += d_b;
  }
  return g;
}

Eigen::MatrixXd ordinal_hessian(const OrdinalView& m, const Eigen::VectorXd& phi) {
  return gradient_difference_hessian([&m](const Eigen::VectorXd& x) { return ordinal_gradient(m, x).gradient; }, phi);
}

ObservedCategories collapse_empty_categories(const int* category, int n, int n_categories,
                                             std::vector<std::string>& warnings) {
  std::vector<int> counts(n_categories, 0);
  for (int i = 0; i < n; ++i) counts[category[i]]++;
  ObservedCategories c;
  std::vector<int> rank(n_categories, -1);
  for (int k = 0; k < n_categories; ++k)
    if (counts[k] > 0) {
      rank[k] = static_cast<int>(c.observed.size());
      c.observed.push_back(k);
      c.count.push_back(counts[k]);
    }
  const int k_obs = static_cast<int>(c.observed.size());
  if (k_obs < 2) {
    warnings.push_back("fewer than two observed categories: nothing to fit");
  } else if (k_obs < n_categories) {
    warnings.push_back(fmt::format("{} declared categor{} with no patient collapsed for the MLE", n_categories - k_obs,
                                   n_categories - k_obs == 1 ? "y" : "ies"));
  }
  c.category.resize(n);
  for (int i = 0; i < n; ++i) c.category[i] = rank[category[i]];
  return c;
}

OrdinalFit fit_ordinal_mle(const OrdinalView& view, const NewtonOptions& options) {
  OrdinalFit fit;
  const ObservedCategories collapsed =
      collapse_empty_categories(view.category, view.n, view.n_categories, fit.warnings);
  fit.observed = collapsed.observed;
  const int k_obs = static_cast<int>(fit.observed.size());
  if (k_obs < 2) return fit;

  // The collapsed model: categories renumbered 0 .. k_obs - 1.
  OrdinalView m = view;
  m.category = collapsed.category.data();
  m.n_categories = k_obs;
  m.dim = m.n_coefficients + k_obs - 1;

  // Start: beta = 0 and the cutpoints at the empirical cumulative proportions.
  Eigen::VectorXd start = Eigen::VectorXd::Zero(m.dim);
  double cumulative = 0.0;
  for (int j = 0; j + 1 < k_obs; ++j) {
    cumulative += static_cast<double>(collapsed.count[j]) / view.n;
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
  fit.covariance = covariance_from_hessian(r.at_argmax.hessian, fit.warnings);
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

#include "host/fit/longitudinal_posterior_gradient.hpp"

#include <cmath>
#include <vector>

#include "host/fit/ordinal_longitudinal_fit.hpp"

namespace ps {

DensityGradient longitudinal_posterior_gradient(const OrdinalLongitudinalPosterior& posterior,
                                                const Eigen::VectorXd& theta) {
  const OrdinalLongitudinalView& m = posterior.likelihood;
  const int p = m.n_coefficients, cuts = m.n_categories - 1;
  const int log_sd = m.log_sd_index(), u0 = m.cutpoint_offset();
  DensityGradient out;
  out.gradient = Eigen::VectorXd::Zero(theta.size());
  out.value = posterior.log_density(theta.data());
  if (!std::isfinite(out.value)) return out;

  // Likelihood: phi = [beta, c, log sd].
  const double* z = theta.data() + u0;
  std::vector<double> c(cuts);
  ordinal_cutpoints(m.link, m.n_categories, m.reference_category, z, c.data());
  Eigen::VectorXd phi(p + cuts + 1);
  phi.head(p) = theta.head(p);
  for (int k = 0; k < cuts; ++k) phi[p + k] = c[k];
  phi[p + cuts] = theta[log_sd];
  const Eigen::VectorXd g = ordinal_longitudinal_gradient(m, phi).gradient;
  out.gradient.head(p) = g.head(p);
  out.gradient[log_sd] = g[p + cuts];
  // F(c_j) = S_j = sum_{y <= j} pi_y with pi the softmax of the weights w, so
  // dS_j/dw_y = pi_y (1[y <= j] - S_j) and dc_j/dw_y = that / f(c_j), taken
  // in log space: log pi_y = w_y - log total, log S_j and log(1 - S_j) from
  // log-sum-exps below and above.
  const int K = m.n_categories, r = m.reference_category;
  std::vector<double> w(K);
  for (int y = 0; y < K; ++y) w[y] = category_log_weight(r, z, y);
  auto log_sum_exp = [&](int from, int to) {  // over w[from .. to)
    double max = neg_infinity(), scaled = 0.0;
    for (int y = from; y < to; ++y) log_sum_exp_add(w[y], max, scaled);
    return max + std::log(scaled);
  };
  const double log_total = log_sum_exp(0, K);
  for (int j = 0; j < cuts; ++j) {
    const double log_below = log_sum_exp(0, j + 1) - log_total, log_above = log_sum_exp(j + 1, K) - log_total;
    const double log_density = link_log_pdf(m.link, c[j]);
    for (int y = 0; y < K; ++y) {
      if (y == r) continue;
      const double dc = y <= j ? std::exp(w[y] - log_total + log_above - log_density)
                               : -std::exp(w[y] - log_total + log_below - log_density);
      out.gradient[u0 + (y < r ? y : y - 1)] += g[p + j] * dc;
    }
  }

  // Priors: the coefficients', the SD's (with the Jacobian of log sd), and the
  // cutpoint prior's.
  out.gradient[0] += prior_log_density_gradient(posterior.effect_prior, theta[0]);
  for (int k = 1; k < p; ++k) out.gradient[k] += prior_log_density_gradient(posterior.nuisance_prior, theta[k]);
  const double sd = std::exp(theta[log_sd]);
  out.gradient[log_sd] += sd * prior_log_density_gradient(posterior.sd_prior, sd) + 1.0;
  // The cutpoint prior alpha (sum_y w_y - K log total): d/dw_y = alpha (1 - K pi_y).
  for (int y = 0; y < K; ++y)
    if (y != r)
      out.gradient[u0 + (y < r ? y : y - 1)] += posterior.cutpoint_concentration * (1.0 - K * std::exp(w[y] - log_total));
  return out;
}

}  // namespace ps

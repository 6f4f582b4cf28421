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
  std::vector<double> c(cuts);
  ordinal_cutpoints(m.n_categories, theta.data() + u0, c.data());
  Eigen::VectorXd phi(p + cuts + 1);
  phi.head(p) = theta.head(p);
  for (int k = 0; k < cuts; ++k) phi[p + k] = c[k];
  phi[p + cuts] = theta[log_sd];
  const Eigen::VectorXd g = ordinal_longitudinal_gradient(m, phi).gradient;
  out.gradient.head(p) = g.head(p);
  out.gradient[log_sd] = g[p + cuts];
  // c_k = u_1 + sum_{2 <= i <= k} exp(u_i): dc_k/du_1 = 1, dc_k/du_j = exp(u_j) for k >= j.
  double tail = 0.0;
  for (int j = cuts - 1; j >= 0; --j) {
    tail += g[p + j];
    out.gradient[u0 + j] = j == 0 ? tail : std::exp(theta[u0 + j]) * tail;
  }

  // Priors: the coefficients', the SD's (with the Jacobian of log sd), and the
  // cutpoint prior's by central differences (it reads no data: cheap).
  out.gradient[0] += prior_log_density_gradient(posterior.effect_prior, theta[0]);
  for (int k = 1; k < p; ++k) out.gradient[k] += prior_log_density_gradient(posterior.nuisance_prior, theta[k]);
  const double sd = std::exp(theta[log_sd]);
  out.gradient[log_sd] += sd * prior_log_density_gradient(posterior.sd_prior, sd) + 1.0;
  std::vector<double> u(theta.data() + u0, theta.data() + u0 + cuts);
  for (int j = 0; j < cuts; ++j) {
    const double h = 1e-6 * std::max(1.0, std::abs(u[j]));
    const double keep = u[j];
    u[j] = keep + h;
    const double up = ordinal_cutpoint_log_prior(m.link, m.n_categories, u.data(), posterior.cutpoint_concentration);
    u[j] = keep - h;
    const double down = ordinal_cutpoint_log_prior(m.link, m.n_categories, u.data(), posterior.cutpoint_concentration);
    u[j] = keep;
    out.gradient[u0 + j] += (up - down) / (2 * h);
  }
  return out;
}

}  // namespace ps

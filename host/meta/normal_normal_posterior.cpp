#include "host/meta/normal_normal_posterior.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <stdexcept>

namespace ps {

namespace {

constexpr double kStep = 0.01;        // in log tau
constexpr double kBelow = 32.0;       // grid from tau_ref e^-32 ...
constexpr double kAbove = 26.0;       // ... to tau_ref e^26: the tails beyond hold < 1e-11 of the mass
constexpr double kNegligible = 1e-17; // relative weight below which a node is dropped

double normal_cdf(double z) { return 0.5 * boost::math::erfc(-z / std::sqrt(2.0)); }

// Root of f(x) = target, f increasing, from a bracket grown until it holds.
template <class F>
double increasing_root(F f, double target, double lo, double hi) {
  double width = hi - lo;
  while (f(lo) > target) lo -= (width *= 2.0);
  width = hi - lo;
  while (f(hi) < target) hi += (width *= 2.0);
  boost::uintmax_t iterations = 200;
  const auto r = boost::math::tools::toms748_solve([&](double x) { return f(x) - target; }, lo, hi,
                                                   boost::math::tools::eps_tolerance<double>(50), iterations);
  return 0.5 * (r.first + r.second);
}

}  // namespace

double tau_prior_log_density(const TauPrior& p, double tau) {
  switch (p.family) {
    case TauPriorFamily::half_normal: return -0.5 * (tau / p.a) * (tau / p.a);
    case TauPriorFamily::half_cauchy: return -std::log1p((tau / p.a) * (tau / p.a));
    case TauPriorFamily::lognormal_tau2: {
      // log tau^2 ~ N(a, b^2); the density of tau picks up d(tau^2)/dtau / tau^2 = 2 / tau.
      const double z = (2.0 * std::log(tau) - p.a) / p.b;
      return -0.5 * z * z - std::log(tau);
    }
  }
  return 0.0;
}

NormalNormalPosterior normal_normal_posterior(const std::vector<double>& yi, const std::vector<double>& vi,
                                              double m0, double s0, const TauPrior& tau_prior) {
  if (yi.empty() || yi.size() != vi.size()) throw std::invalid_argument("normal_normal_posterior: yi and vi must match and be non-empty");
  double mean_v = 0.0;
  for (double v : vi) {
    if (!(v > 0.0)) throw std::invalid_argument("normal_normal_posterior: variances must be positive");
    mean_v += v / vi.size();
  }
  // The grid is centred on a scale that both the data and the prior share.
  // A log-normal prior on tau^2 can be far narrower than the default step:
  // then the grid spans +-60 prior SDs of log tau (where the prior density
  // has fallen by e^-1800) at 20 nodes per prior SD.
  double from, to, step = kStep;
  if (tau_prior.family == TauPriorFamily::lognormal_tau2 && tau_prior.b / 2.0 < 20.0 * kStep) {
    const double centre = tau_prior.a / 2.0, sd = tau_prior.b / 2.0;
    from = centre - 60.0 * sd;
    to = centre + 60.0 * sd;
    step = sd / 20.0;
  } else {
    const double prior_scale = tau_prior.family == TauPriorFamily::lognormal_tau2 ? std::exp(tau_prior.a / 2.0) : tau_prior.a;
    const double centre = 0.5 * (std::log(std::sqrt(mean_v)) + std::log(prior_scale));
    from = centre - kBelow;
    to = centre + kAbove;
  }
  const int n = static_cast<int>((to - from) / step) + 1;
  std::vector<double> log_g(n), mean(n), precision(n), log_tau(n);
  const double prior_precision = 1.0 / (s0 * s0);
  for (int j = 0; j < n; ++j) {
    const double u = from + j * step;
    const double tau2 = std::exp(2.0 * u);
    double w_sum = prior_precision, wy = m0 * prior_precision, wyy = m0 * m0 * prior_precision, log_det = 0.0;
    for (size_t i = 0; i < yi.size(); ++i) {
      const double w = 1.0 / (vi[i] + tau2);
      w_sum += w;
      wy += w * yi[i];
      wyy += w * yi[i] * yi[i];
      log_det += std::log(vi[i] + tau2);
    }
    const double m = wy / w_sum;
    // log p(y | tau) + log p(tau) + log |d tau / d u| (= u)
    log_g[j] = -0.5 * log_det - 0.5 * std::log(s0 * s0 * w_sum) - 0.5 * (wyy - w_sum * m * m) +
               tau_prior_log_density(tau_prior, std::exp(u)) + u;
    log_tau[j] = u;
    mean[j] = m;
    precision[j] = w_sum;
  }
  const double top = *std::max_element(log_g.begin(), log_g.end());
  double total = 0.0;
  std::vector<double> g(n);
  for (int j = 0; j < n; ++j) total += (g[j] = std::exp(log_g[j] - top));
  NormalNormalPosterior post;
  post.step = step;
  // Only the nodes between the first and the last that carry weight.
  int first = 0, last = n - 1;
  while (first < last && g[first] / total < kNegligible) ++first;
  while (last > first && g[last] / total < kNegligible) --last;
  for (int j = first; j <= last; ++j) {
    post.log_tau.push_back(log_tau[j]);
    post.weight.push_back(g[j] / total);
    post.mean.push_back(mean[j]);
    post.precision.push_back(precision[j]);
  }
  return post;
}

double pooled_effect_cdf(const NormalNormalPosterior& post, double x) {
  double c = 0.0;
  for (size_t j = 0; j < post.weight.size(); ++j) c += post.weight[j] * normal_cdf((x - post.mean[j]) * std::sqrt(post.precision[j]));
  return c;
}

double predictive_effect_cdf(const NormalNormalPosterior& post, double x) {
  double c = 0.0;
  for (size_t j = 0; j < post.weight.size(); ++j) {
    const double var = 1.0 / post.precision[j] + std::exp(2.0 * post.log_tau[j]);
    c += post.weight[j] * normal_cdf((x - post.mean[j]) / std::sqrt(var));
  }
  return c;
}

// The cumulative trapezoid: node j carries its weight over [u_j - h/2,
// u_j + h/2], spread evenly; linear in u in between.
double tau_cdf(const NormalNormalPosterior& post, double tau) {
  if (!(tau > 0.0)) return 0.0;
  const double u = std::log(tau);
  double c = 0.0;
  for (size_t j = 0; j < post.weight.size(); ++j) {
    const double lo = post.log_tau[j] - post.step / 2.0;
    if (u <= lo) break;
    c += post.weight[j] * std::min(1.0, (u - lo) / post.step);
  }
  return std::min(c, 1.0);
}

double pooled_effect_quantile(const NormalNormalPosterior& post, double p) {
  const double sd = 1.0 / std::sqrt(post.precision.front());
  return increasing_root([&](double x) { return pooled_effect_cdf(post, x); }, p, post.mean.front() - 10 * sd,
                         post.mean.front() + 10 * sd);
}

double predictive_effect_quantile(const NormalNormalPosterior& post, double p) {
  const double sd = 1.0 / std::sqrt(post.precision.front());
  return increasing_root([&](double x) { return predictive_effect_cdf(post, x); }, p, post.mean.front() - 10 * sd,
                         post.mean.front() + 10 * sd);
}

double tau_quantile(const NormalNormalPosterior& post, double p) {
  double c = 0.0;
  for (size_t j = 0; j < post.weight.size(); ++j) {
    if (c + post.weight[j] >= p) return std::exp(post.log_tau[j] - post.step / 2.0 + post.step * (p - c) / post.weight[j]);
    c += post.weight[j];
  }
  return std::exp(post.log_tau.back() + post.step / 2.0);
}

MixtureMoments pooled_effect_moments(const NormalNormalPosterior& post) {
  double m = 0.0, m2 = 0.0;
  for (size_t j = 0; j < post.weight.size(); ++j) {
    m += post.weight[j] * post.mean[j];
    m2 += post.weight[j] * (post.mean[j] * post.mean[j] + 1.0 / post.precision[j]);
  }
  return {m, std::sqrt(std::max(0.0, m2 - m * m))};
}

MixtureMoments tau_moments(const NormalNormalPosterior& post) {
  double m = 0.0, m2 = 0.0;
  for (size_t j = 0; j < post.weight.size(); ++j) {
    const double t = std::exp(post.log_tau[j]);
    m += post.weight[j] * t;
    m2 += post.weight[j] * t * t;
  }
  return {m, std::sqrt(std::max(0.0, m2 - m * m))};
}

}  // namespace ps

// The exact posterior of the Bayesian normal-normal random-effects
// meta-analysis: y_i ~ N(theta_i, v_i), theta_i ~ N(mu, tau^2), with a
// normal prior on mu and a prior on tau (half-normal, half-Cauchy, or
// log-normal on tau^2 as the empirical priors of Turner et al., Stat Med
// 2015;34:984-998, are stated).
//
// Maths (as in Roever's bayesmeta, J Stat Softw 2020;93(6)). Integrating the
// study effects out, y_i ~ N(mu, v_i + tau^2). Given tau, mu's prior is
// conjugate: with w_i = 1 / (v_i + tau^2) and the prior N(m0, s0^2),
//   mu | tau, y ~ N(M(tau), 1 / W(tau)),  W = sum w_i + 1/s0^2,
//   M = (sum w_i y_i + m0/s0^2) / W,
// and the marginal likelihood of tau is closed-form:
//   log p(y | tau) = -1/2 sum log(v_i + tau^2) - 1/2 log(s0^2 W)
//                    - 1/2 (sum w_i y_i^2 + m0^2/s0^2 - W M^2) + const.
// So p(tau | y) is one-dimensional: it is tabulated on a fine grid in
// u = log tau (trapezoidal rule, which converges geometrically for smooth
// integrands decaying at both ends), and every posterior quantity is a
// mixture over that grid: P(mu < x) = sum_j p_j Phi((x - M_j) sqrt(W_j)),
// the predictive effect of a new study theta_new ~ N(M_j, 1/W_j + tau_j^2)
// likewise, and P(tau < t) by the cumulative trapezoidal sum, interpolated
// in u. No sampling: the only approximation is the tau grid (tests compare
// with 2-D adaptive quadrature of the joint posterior).
#pragma once

#include <vector>

namespace ps {

enum class TauPriorFamily { half_normal, half_cauchy, lognormal_tau2 };

struct TauPrior {
  TauPriorFamily family = TauPriorFamily::half_normal;
  double a = 0.5;  // half_normal, half_cauchy: scale; lognormal_tau2: meanlog of tau^2
  double b = 0.0;  // lognormal_tau2: sdlog of tau^2
};

// log density of tau (up to a constant), tau > 0.
double tau_prior_log_density(const TauPrior& prior, double tau);

struct NormalNormalPosterior {
  // Grid in log tau with normalised trapezoid weights: p_j = P(tau near tau_j).
  std::vector<double> log_tau, weight, mean, precision;  // mean, precision: mu | tau_j
  double step = 0.0;  // in log tau
};

// yi, vi: study log odds ratios and their variances (at least one study).
NormalNormalPosterior normal_normal_posterior(const std::vector<double>& yi, const std::vector<double>& vi,
                                              double mu_prior_mean, double mu_prior_sd, const TauPrior& tau_prior);

double pooled_effect_cdf(const NormalNormalPosterior& post, double x);
double predictive_effect_cdf(const NormalNormalPosterior& post, double x);
double tau_cdf(const NormalNormalPosterior& post, double tau);

// Quantiles of the three by bracketing and root finding on the CDFs.
double pooled_effect_quantile(const NormalNormalPosterior& post, double p);
double predictive_effect_quantile(const NormalNormalPosterior& post, double p);
double tau_quantile(const NormalNormalPosterior& post, double p);

struct MixtureMoments {
  double mean, sd;
};
MixtureMoments pooled_effect_moments(const NormalNormalPosterior& post);
MixtureMoments tau_moments(const NormalNormalPosterior& post);

}  // namespace ps

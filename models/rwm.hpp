// Random-walk Metropolis with a fixed multivariate-normal proposal shape.
//
// The proposal is theta' = theta + s * L z, z ~ N(0, I), where L L^T is the
// Laplace covariance of the posterior (host/fit) and s starts at 2.38/sqrt(d)
// (Roberts, Gelman & Gilks 1997). During warmup s is tuned per chain by a
// Robbins-Monro recursion on log s towards a target acceptance rate
// (Andrieu & Thoms 2008, alg. 4); it is frozen for the kept draws, so the
// kept draws come from a time-homogeneous Metropolis kernel.
//
// rwm_step is a pure function of (state, z, u, model) -> (state, accept prob),
// usable from a CPU loop and from a CUDA thread alike; run_rwm_chain is the
// whole chain, templated on the random stream so each backend brings its own
// (Philox4x32 on the CPU, cuRAND Philox on the GPU).
#pragma once

#include "models/hd.hpp"

namespace ps {

struct ChainPlan {
  int warmup = 1000;
  int draws = 1000;  // iterations after warmup
  // Keep every thin-th draw (as Stan's thin): a random-walk chain in d
  // dimensions moves slowly, so neighbouring draws carry little new
  // information while every kept draw costs memory, transfer and summary time.
  int thin = 1;
  // Coefficients 0 .. saved_coefficients-1 of each kept draw are written
  // (0: all). A sweep that reports only the treatment effect keeps 1.
  int saved_coefficients = 0;
  double target_accept = 0.234;
  double init_spread = 2.0;  // starts at mode + init_spread * L z: over-dispersed
};

PS_HD inline int saved_draws(const ChainPlan& plan) { return plan.draws / plan.thin; }
// Values written per kept draw of a chain in dimension d.
PS_HD inline int saved_width(const ChainPlan& plan, int d) {
  return plan.saved_coefficients > 0 && plan.saved_coefficients < d ? plan.saved_coefficients : d;
}
// Values one chain writes: saved_draws x saved_width.
PS_HD inline long long saved_values_per_chain(const ChainPlan& plan, int d) {
  return static_cast<long long>(saved_draws(plan)) * saved_width(plan, d);
}

struct ChainStats {
  double accept_rate = 0.0;  // over the kept draws
  double step_scale = 0.0;   // s after warmup
};

// Acceptance target for a random-walk Metropolis sampler in d dimensions:
// 0.44 in one dimension falling to the asymptotic 0.234 (Gelman et al. 1996).
PS_HD inline double default_target_accept(int d) {
  const double t = 0.44 - 0.05 * (d - 1);
  return t > 0.234 ? t : 0.234;
}

// One Metropolis step. Returns the acceptance probability of the proposal.
template <class Model>
PS_HD inline double rwm_step(const Model& model, int d, const double* chol, double scale, const double* z,
                             double u, double* theta, double* proposal, double& logp) {
  for (int i = 0; i < d; ++i) {
    double s = 0.0;
    for (int j = 0; j <= i; ++j) s += chol[i * d + j] * z[j];
    proposal[i] = theta[i] + scale * s;
  }
  const double lp = model.log_density(proposal);
  const double log_ratio = lp - logp;
  const double accept_prob = log_ratio >= 0.0 ? 1.0 : (log_ratio > -745.0 ? exp(log_ratio) : 0.0);
  if (u < accept_prob) {
    for (int i = 0; i < d; ++i) theta[i] = proposal[i];
    logp = lp;
  }
  return accept_prob;
}

// A whole chain: dispersed start, warmup with scale adaptation, every
// plan.thin-th draw written to draws[s * w + k], s < saved_draws(plan),
// k < w = saved_width(plan, d)
// (unless draws is null: the GPU's group layouts
// run one chain redundantly in every member of a group, with the same random
// stream, and only the leader writes).
template <class Model, class Rng>
PS_HD inline void run_rwm_chain(const Model& model, const ChainPlan& plan, const double* mode, const double* chol,
                                Rng& rng, double* draws, ChainStats& stats) {
  const int d = model.dim();
  double theta[kMaxDim];
  double proposal[kMaxDim];
  double z[kMaxDim];

  // Dispersed start; shrink towards the mode if the start has zero density.
  double logp = neg_infinity();
  double spread = plan.init_spread;
  for (int attempt = 0; attempt < 50 && !(logp > neg_infinity()); ++attempt, spread *= 0.5) {
    for (int i = 0; i < d; ++i) z[i] = rng.normal();
    for (int i = 0; i < d; ++i) {
      double s = 0.0;
      for (int j = 0; j <= i; ++j) s += chol[i * d + j] * z[j];
      theta[i] = mode[i] + spread * s;
    }
    logp = model.log_density(theta);
  }

  double log_scale = log(2.38 / sqrt(static_cast<double>(d)));
  for (int t = 0; t < plan.warmup; ++t) {
    for (int i = 0; i < d; ++i) z[i] = rng.normal();
    const double a = rwm_step(model, d, chol, exp(log_scale), z, rng.uniform(), theta, proposal, logp);
    log_scale += (a - plan.target_accept) / pow(t + 10.0, 0.6);
  }

  const double scale = exp(log_scale);
  double accepted = 0.0;
  for (int t = 0; t < plan.draws; ++t) {
    for (int i = 0; i < d; ++i) z[i] = rng.normal();
    accepted += rwm_step(model, d, chol, scale, z, rng.uniform(), theta, proposal, logp);
    if (draws != nullptr && (t + 1) % plan.thin == 0) {
      const long long s = (t + 1) / plan.thin - 1;
      const int w = saved_width(plan, d);
      for (int i = 0; i < w; ++i) draws[s * w + i] = theta[i];
    }
  }
  stats.accept_rate = plan.draws > 0 ? accepted / plan.draws : 0.0;
  stats.step_scale = scale;
}

}  // namespace ps

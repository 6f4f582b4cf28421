// The Metropolis chains every backend runs: random-walk Metropolis, alone or
// mixed with an independence Metropolis-Hastings kernel built from the same
// Laplace approximation.
//
// Each prior of a sweep comes with its Laplace approximation N(m, L L^T)
// (host/fit: the mode m and the Cholesky factor L of the covariance). A chain
// moves in the whitened offset u = L^-1 (theta - m), theta = m + L u, with one
// of two proposals:
//  random walk   u' = u + s z, z ~ N(0, I); s starts at 2.38/sqrt(d) (Roberts,
//                Gelman & Gilks 1997) and is tuned in warmup by a Robbins-Monro
//                recursion on log s towards a target acceptance rate (Andrieu &
//                Thoms 2008, alg. 4);
//  independence  v = c z / sqrt(w), w ~ chi2_nu / nu: a multivariate t with
//                nu = 6 degrees of freedom and scale c = 1.1, moved to a centre
//                b and stretched into a split t (Geweke 1989): u'_j = b_j + v_j
//                times sigma+_j where v_j > 0, sigma-_j where v_j < 0, whatever
//                the current state; accepted with min(1, pi(theta') q(u) /
//                (pi(theta) q(u'))) (Tierney 1994). q is an equal mixture of
//                two such split t's, both measured by each chain at its start
//                along each whitened axis j:
//                 at the mode  b = 0; the log density at 2 and 3.5 whitened
//                   units either side of the mode gives the widths of the
//                   normals that would drop as much, never narrower than the
//                   Laplace approximation (1) and at most 4 times wider;
//                 at the slices  the slice pi(m + t L e_j) at t = -8 .. 8 in
//                   unit steps gives its mean b_j and standard deviation s_j
//                   (b_j = 0 and s_j = 1 for a slice narrower than 1/2,
//                   which unit steps cannot place); around the centre b, the
//                   drops at 2 and 3.5 s_j either side give the widths,
//                   between 1/2 and 4 times s_j.
//                Both let the proposal follow a posterior that is skewed
//                along an axis (a centre with one event, a heterogeneity SD,
//                the log ratio of an ordinal category nobody reached), whose
//                long side the Laplace approximation under-covers: an
//                independence chain sits for hundreds of steps in every state
//                it reaches there. The first keeps the mode's centre, the
//                second moves to where the mass of each axis lies. Neither is
//                best everywhere: measured with long chains, the mean time an
//                independence chain stays in a state (E_pi of 1 / its
//                acceptance probability) is 2.9 steps at the mode, 5.5 at the
//                slices and 3.1 for the mixture on S1's Cox posterior
//                (d = 17, every centre skewed the same way, so moving each
//                axis to its own slice mean overshoots jointly), but 12.2, 4.6
//                and 5.5 on the day-4 ordinal posterior of the same trial
//                (d = 27, four declared levels nobody reached), whose mass
//                lies 0.75 whitened units off the mode along those levels; the
//                mixture's density is at least half the better one's, so it
//                never stays more than about twice as long. The shapes cost
//                24 d density evaluations, once per chain; they depend on the
//                prior's mode and L only, so every chain of a prior proposes
//                from the same q.
// The t's polynomial tails are heavier than those of any log-concave
// posterior (Cox, ordinal, logistic with normal or t priors), so pi/q stays
// bounded and the independence kernel alone would be uniformly ergodic
// (Mengersen & Tweedie 1996); where the Laplace approximation is good it
// accepts most proposals, and a draw is nearly independent of the last one,
// while a random walk in d dimensions needs about d / 0.3 steps per
// independent draw. Where the approximation is poor (a prior far from the
// data, a skewed heterogeneity posterior) the random walk does the work.
//
// The mixture picks the independence kernel with probability p at each step,
// by a uniform that does not depend on the state, so each step leaves the
// posterior invariant (Tierney 1994, mixtures of kernels). Warmup runs with
// p = 1/2; over its second half it measures two predictions of how many
// effective draws one independence step gives:
//  acceptance    a chain of independence proposals accepted with mean
//                probability a is, to first order, an AR(1) chain with
//                coefficient 1 - a: a / (2 - a) effective draws per step;
//  weights       with w = pi / q, the effective fraction of importance
//                sampling from q is 1 / E_q[(w / E_q w)^2] = E_q[w] / E_pi[w]
//                (Kong, Liu & Wong 1994). E_q[w] is averaged over the
//                independence proposals, E_pi[w] over the chain's own states.
//                Where q under-covers part of the posterior (a skewed
//                coordinate, the neck of a hierarchical funnel) pi/q is large
//                there and the chain, once in, rarely leaves: the AR(1)
//                picture misses exactly this, but the states' average weight
//                sees it, because the chain spends its time there.
// The prediction is the acceptance one, or, where the weights predict less,
// the geometric mean of the two. A well-tuned random walk gives about 0.3 / d
// (Roberts, Gelman & Gilks 1997; Gelman, Roberts & Gilks 1996); with r =
// prediction / (0.3 / d), p = 0 for r <= 1 (the independence kernel promises
// no more than the walk), p = 0.9 for r >= 2, linear in between. (The weight
// prediction is itself pessimistic and noisy -- one visit of a warmup to a
// state the proposal under-covers lowers it by a factor of 10 or more. Taken
// alone, as the smaller of the two, it turned 8 of the 4,096 chains of the
// ordinal sweep O1 at 8,000 draws into random walks on such flukes, and
// those chains set the ESS of 5 of its 6 worst priors (minimum 882); with the
// geometric mean no chain of that sweep fell back (minimum 1,130), while a
// proposal that under-covers for good, as in a funnel's neck, still predicts
// less than the walk. Before, asking the weights for twice the walk's
// efficiency before the kernel got any share did the same to 11 of S1's
// 16,384 chains.) p never exceeds 0.9, so the walk still makes the local
// moves that free a chain from a spot the independence proposal rarely
// leaves. p and s are then frozen: the kept draws come from a
// time-homogeneous Metropolis-Hastings kernel.
//
// metropolis_step is a pure function of (state, proposal, u, model) -> (state,
// accept prob), usable from a CPU loop and from a CUDA thread alike;
// run_chain is the whole chain, templated on the random stream so each backend
// brings its own (Philox4x32 on the CPU, cuRAND Philox on the GPU).
#pragma once

#include <cstddef>

#include "models/hd.hpp"
#include "models/sampler_kind.hpp"

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
  double target_accept = 0.234;  // of the random-walk steps
  double init_spread = 2.0;      // starts at mode + init_spread * L z: over-dispersed
  SamplerKind sampler = SamplerKind::mixture;
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
// Where a sweep's draws hold kept draw t of coefficient k of chain c of
// prior p (SweepChunk's layout, on the host and on the device alike).
PS_HD inline size_t saved_draw_index(size_t p, size_t c, size_t t, int k, int chains, long long values_per_chain,
                                     int width) {
  return (p * static_cast<size_t>(chains) + c) * static_cast<size_t>(values_per_chain) + t * static_cast<size_t>(width) +
         static_cast<size_t>(k);
}

struct ChainStats {
  double accept_rate = 0.0;               // over the kept draws, both kernels together
  double step_scale = 0.0;                // random-walk s after warmup
  double independence_probability = 0.0;  // p of the kept draws' kernel (0 for rwm)
};

// Acceptance target for a random-walk Metropolis sampler in d dimensions:
// 0.44 in one dimension falling to the asymptotic 0.234 (Gelman et al. 1996).
PS_HD inline double default_target_accept(int d) {
  const double t = 0.44 - 0.05 * (d - 1);
  return t > 0.234 ? t : 0.234;
}

// The independence proposal's shape. nu = 6 makes chi2_nu the sum of three
// exponentials: one log per proposal (nu = 8 under-covered the tails of the
// hierarchical posteriors in tests/sampler/*_quadrature.cpp; nu = 4 cost a
// fifth of the Cox sweep's median ESS). The scale is a little wider than the
// Laplace covariance, as the posterior usually is.
inline constexpr int kIndependenceDf = 6;
inline constexpr double kIndependenceScale = 1.1;
inline constexpr double kMaxIndependenceProbability = 0.9;
inline constexpr double kRandomWalkEfficiency = 0.3;  // effective draws per step, times d

// One split t of the independence proposal: its centre and widths along each
// whitened axis (0 and 1: the Laplace approximation's). float: they only
// shape a proposal, and a chain carries 6 kMaxDim of them.
struct SplitT {
  float centre[kMaxDim];
  float plus[kMaxDim];
  float minus[kMaxDim];
};
// The independence proposal: the equal mixture of two split t's (see the
// opening comment).
struct SplitScales {
  SplitT at_mode;
  SplitT at_slices;
};
inline constexpr double kMaxSplitScale = 4.0;
inline constexpr double kMinSliceSplitScale = 0.5;  // of a slice's sd
inline constexpr int kSliceHalfWidth = 8;           // slice points t = -8 .. 8

PS_HD inline void laplace_split_t(int d, SplitT& t) {
  for (int j = 0; j < d; ++j) {
    t.centre[j] = 0.0f;
    t.plus[j] = t.minus[j] = 1.0f;
  }
}

// Both components the Laplace approximation's symmetric t.
PS_HD inline void symmetric_split_scales(int d, SplitScales& shape) {
  laplace_split_t(d, shape.at_mode);
  laplace_split_t(d, shape.at_slices);
}

// log of one split t's density at u up to the constant both components
// share. The Jacobian is the log of the widths' product, one log instead of
// d: each width lies in [1/4, 16], so the product of kMaxDim of them stays
// within 2^+-192.
PS_HD inline double split_t_log_density(const double* u, int d, const SplitT& t) {
  double r2 = 0.0;
  double jacobian = 1.0;
  for (int i = 0; i < d; ++i) {
    const double offset = u[i] - t.centre[i];
    const double scale = offset >= 0.0 ? t.plus[i] : t.minus[i];
    const double v = offset / scale;
    r2 += v * v;
    jacobian *= scale;
  }
  constexpr double nu = kIndependenceDf;
  return -0.5 * (nu + d) * log1p(r2 / (kIndependenceScale * kIndependenceScale * nu)) - log(jacobian);
}

// log q(u) of the independence proposal up to its constant: the log of the
// sum of the components' densities, without overflow.
PS_HD inline double independence_log_density(const double* u, int d, const SplitScales& shape) {
  const double a = split_t_log_density(u, d, shape.at_mode);
  const double b = split_t_log_density(u, d, shape.at_slices);
  const double high = a > b ? a : b;
  if (!(high > neg_infinity())) return high;
  return high + log1p(exp((a > b ? b : a) - high));
}

// theta = mode + L u, L lower triangular (row-major d x d).
PS_HD inline void from_whitened(int d, const double* mode, const double* chol, const double* u, double* theta) {
  for (int i = 0; i < d; ++i) {
    double s = 0.0;
    for (int j = 0; j <= i; ++j) s += chol[i * d + j] * u[j];
    theta[i] = mode[i] + s;
  }
}

// What one Metropolis-Hastings step did.
struct StepOutcome {
  double accept_prob;
  bool accepted;
};

// One Metropolis-Hastings step to the whitened proposal u_prop, whose
// proposal densities give log q(u | u') - log q(u' | u) = log_q_ratio (0 for
// the symmetric random walk). On acceptance (uniform < accept prob) theta, u
// and logp take the proposal's values; proposal is scratch for theta' and
// proposal_logp receives its log density.
template <class Model>
PS_HD inline StepOutcome metropolis_step(const Model& model, int d, const double* mode, const double* chol,
                                         const double* u_prop, double log_q_ratio, double uniform, double* theta,
                                         double* u, double* proposal, double& logp, double& proposal_logp) {
  from_whitened(d, mode, chol, u_prop, proposal);
  const double lp = model.log_density(proposal);
  proposal_logp = lp;
  const double log_ratio = lp - logp + log_q_ratio;
  // NaN (an undefined density) is rejected like -inf.
  const double accept_prob = log_ratio >= 0.0 ? 1.0 : (log_ratio > -745.0 ? exp(log_ratio) : 0.0);
  const bool accepted = uniform < accept_prob;
  if (accepted) {
    for (int i = 0; i < d; ++i) {
      theta[i] = proposal[i];
      u[i] = u_prop[i];
    }
    logp = lp;
  }
  return {accept_prob, accepted};
}

// A uniform on (0, 1]: the CPU stream's uniform is on (0, 1), the GPU's on [0, 1).
template <class Rng>
PS_HD inline double positive_uniform(Rng& rng) {
  return 1.0 - rng.uniform();
}

// u_prop for the random walk.
template <class Rng>
PS_HD inline void random_walk_proposal(Rng& rng, int d, double scale, const double* u, double* u_prop) {
  for (int i = 0; i < d; ++i) u_prop[i] = u[i] + scale * rng.normal();
}

// Mean and standard deviation of the slice t -> pi(mode + t L e_j) (theta
// and direction are scratch, direction zero on entry and on return), from
// its values at t = -8 .. 8, log_mode that at t = 0; the sd at most 4. A
// slice narrower than 1/2, whose mean the unit steps cannot place, or with
// no finite value reports the Laplace approximation's 0 and 1.
template <class Model>
PS_HD inline void slice_moments(const Model& model, int d, const double* mode, const double* chol, int j,
                                double log_mode, double* theta, double* direction, double& mean, double& sd) {
  double log_values[2 * kSliceHalfWidth + 1];
  double max = neg_infinity();
  for (int k = -kSliceHalfWidth; k <= kSliceHalfWidth; ++k) {
    direction[j] = k;
    from_whitened(d, mode, chol, direction, theta);
    const double lp = k == 0 ? log_mode : model.log_density(theta);
    log_values[k + kSliceHalfWidth] = lp;
    if (lp > max) max = lp;
  }
  direction[j] = 0.0;
  mean = 0.0;
  sd = 1.0;
  if (!(max > neg_infinity()) || !(max < HUGE_VAL)) return;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0;
  for (int k = -kSliceHalfWidth; k <= kSliceHalfWidth; ++k) {
    const double lp = log_values[k + kSliceHalfWidth];
    const double w = lp > neg_infinity() ? exp(lp - max) : 0.0;  // NaN and -inf weigh nothing
    s0 += w;
    s1 += w * k;
    s2 += w * k * k;
  }
  const double m = s1 / s0;
  const double variance = s2 / s0 - m * m;
  // Below 1/2 the unit steps cannot place the slice's mean; keep the mode's.
  if (!(variance >= kMinSliceSplitScale * kMinSliceSplitScale)) return;
  mean = m;
  sd = variance < kMaxSplitScale * kMaxSplitScale ? sqrt(variance) : kMaxSplitScale;
}

// The widths of t around its centre (set, direction scratch): along axis
// j, sd[j] times the largest of min_scale and delta / sqrt(2 drop), drop =
// log pi(centre) - log pi(centre + delta sd[j] e_j) in whitened units, over
// delta = 2 and 3.5, at most 4; a drop that is not positive (a flat or
// undefined direction) asks for the widest. log_centre is log pi(centre).
template <class Model>
PS_HD inline void fit_split_t_widths(const Model& model, int d, const double* mode, const double* chol,
                                     double log_centre, const double* sd, double min_scale, double* theta,
                                     double* direction, SplitT& t) {
  for (int i = 0; i < d; ++i) direction[i] = t.centre[i];
  constexpr double kDeltas[2] = {2.0, 3.5};
  for (int j = 0; j < d; ++j) {
    for (int side = 0; side < 2; ++side) {
      double scale = min_scale;
      for (double delta : kDeltas) {
        direction[j] = t.centre[j] + (side == 0 ? delta : -delta) * sd[j];
        from_whitened(d, mode, chol, direction, theta);
        const double drop = log_centre - model.log_density(theta);
        const double implied = drop > 0.0 ? delta / sqrt(2.0 * drop) : kMaxSplitScale;
        if (implied > scale) scale = implied;
      }
      if (scale > kMaxSplitScale) scale = kMaxSplitScale;
      (side == 0 ? t.plus : t.minus)[j] = static_cast<float>(scale * sd[j]);
    }
    direction[j] = t.centre[j];
  }
  for (int i = 0; i < d; ++i) direction[i] = 0.0;
}

// The independence proposal's two split t's for the posterior model around
// mode (see the opening comment); theta and direction are scratch, direction
// left zero. Where the slices' centre has no finite density, the second
// component falls back to the mode's centre.
template <class Model>
PS_HD inline void fit_split_scales(const Model& model, int d, const double* mode, const double* chol, double* theta,
                                   double* direction, SplitScales& shape) {
  for (int i = 0; i < d; ++i) direction[i] = 0.0;
  from_whitened(d, mode, chol, direction, theta);
  const double log_mode = model.log_density(theta);
  double sd[kMaxDim] = {};  // zeroed beyond d only so that compilers see no read before the first write
  for (int j = 0; j < d; ++j) sd[j] = 1.0;
  laplace_split_t(d, shape.at_mode);
  fit_split_t_widths(model, d, mode, chol, log_mode, sd, 1.0, theta, direction, shape.at_mode);

  SplitT& slices = shape.at_slices;
  for (int j = 0; j < d; ++j) {
    double mean;
    slice_moments(model, d, mode, chol, j, log_mode, theta, direction, mean, sd[j]);
    slices.centre[j] = static_cast<float>(mean);
  }
  for (int i = 0; i < d; ++i) direction[i] = slices.centre[i];
  from_whitened(d, mode, chol, direction, theta);
  double log_centre = model.log_density(theta);
  if (!(log_centre > neg_infinity()) || !(log_centre < HUGE_VAL)) {
    for (int i = 0; i < d; ++i) slices.centre[i] = 0.0f;
    log_centre = log_mode;
  }
  fit_split_t_widths(model, d, mode, chol, log_centre, sd, kMinSliceSplitScale, theta, direction, slices);
}

// u_prop for the independence kernel (a component picked by a uniform, then
// its split t); returns log q(u_prop).
template <class Rng>
PS_HD inline double independence_proposal(Rng& rng, int d, const SplitScales& shape, double* u_prop) {
  const SplitT& t = rng.uniform() < 0.5 ? shape.at_mode : shape.at_slices;
  for (int i = 0; i < d; ++i) u_prop[i] = rng.normal();
  // chi2_6 = -2 log of a product of three uniforms; the product is >= 2^-72
  // on the GPU (24-bit uniforms), never 0.
  double product = 1.0;
  for (int k = 0; k < kIndependenceDf / 2; ++k) product *= positive_uniform(rng);
  const double chi2 = -2.0 * log(product);
  const double w = chi2 > 1e-300 ? chi2 / kIndependenceDf : 1e-300 / kIndependenceDf;
  const double factor = kIndependenceScale / sqrt(w);
  for (int i = 0; i < d; ++i) u_prop[i] = t.centre[i] + u_prop[i] * factor * (u_prop[i] >= 0.0 ? t.plus[i] : t.minus[i]);
  return independence_log_density(u_prop, d, shape);
}

// log of the mean of exp(x) over the values added, without overflow: the
// log importance weights of a chain span hundreds of units.
struct LogMeanExp {
  double max = neg_infinity();
  double scaled_sum = 0.0;  // sum of exp(x - max)
  int count = 0;
  PS_HD void add(double x) {
    ++count;
    if (!(x > neg_infinity())) return;  // a zero weight (or NaN density)
    if (x > max) {
      scaled_sum = scaled_sum * exp(max - x) + 1.0;
      max = x;
    } else {
      scaled_sum += exp(x - max);
    }
  }
  PS_HD double log_mean() const {
    return scaled_sum > 0.0 ? max + log(scaled_sum / count) : neg_infinity();
  }
};

// What warmup measures of the independence kernel (see the opening comment).
struct IndependenceMeasurement {
  double acceptance_sum = 0.0;  // of the independence steps' acceptance probabilities
  LogMeanExp proposal_weight;   // log pi/q at the independence proposals (one per step)
  LogMeanExp state_weight;      // log pi/q at the chain's states
};

// Predicted effective draws per independence step: the acceptance
// prediction, or its geometric mean with the weight prediction where that is
// smaller; 0 when nothing was measured.
PS_HD inline double independence_efficiency(const IndependenceMeasurement& m) {
  if (m.proposal_weight.count == 0) return 0.0;
  const double a = m.acceptance_sum / m.proposal_weight.count;
  const double by_acceptance = a / (2.0 - a);
  const double log_fraction = m.proposal_weight.log_mean() - m.state_weight.log_mean();
  // NaN (no finite state weight) counts as nothing predicted.
  const double by_weights = log_fraction < 0.0 ? exp(log_fraction) : (log_fraction >= 0.0 ? 1.0 : 0.0);
  return by_acceptance < by_weights ? by_acceptance : sqrt(by_acceptance * by_weights);
}

// The mixture probability after warmup from the predicted effective draws per
// independence step in dimension d (see the opening comment).
PS_HD inline double independence_probability(double efficiency, int d) {
  const double r = efficiency / (kRandomWalkEfficiency / d);
  const double p = kMaxIndependenceProbability * (r - 1.0);
  return p < 0.0 ? 0.0 : (p > kMaxIndependenceProbability ? kMaxIndependenceProbability : p);
}

// A whole chain: dispersed start, warmup with adaptation, every plan.thin-th
// draw written to draws[s * w + k], s < saved_draws(plan), k < w =
// saved_width(plan, d) (unless draws is null: the GPU's group layouts run one
// chain redundantly in every member of a group, with the same random stream,
// and only the leader writes). Every member draws the same numbers in the same
// order and sees the same log densities, so all take the same decisions.
template <class Model, class Rng>
PS_HD inline void run_chain(const Model& model, const ChainPlan& plan, const double* mode, const double* chol,
                            Rng& rng, double* draws, ChainStats& stats) {
  const int d = model.dim();
  double theta[kMaxDim];
  double u[kMaxDim];
  // Zeroed only so that compilers see no read before the first write.
  double u_prop[kMaxDim] = {};
  double proposal[kMaxDim] = {};

  // Dispersed start; shrink towards the mode if the start has zero density.
  double logp = neg_infinity();
  double spread = plan.init_spread;
  for (int attempt = 0; attempt < 50 && !(logp > neg_infinity()); ++attempt, spread *= 0.5) {
    for (int i = 0; i < d; ++i) u[i] = spread * rng.normal();
    from_whitened(d, mode, chol, u, theta);
    logp = model.log_density(theta);
  }

  const bool mixture = plan.sampler == SamplerKind::mixture;
  SplitScales shape;
  if (mixture)
    fit_split_scales(model, d, mode, chol, proposal, u_prop, shape);
  else
    symmetric_split_scales(d, shape);
  double p_independence = mixture ? 0.5 : 0.0;
  double log_scale = log(2.38 / sqrt(static_cast<double>(d)));
  int walk_steps = 0;  // random-walk steps of the warmup so far, for the adaptation's gain
  IndependenceMeasurement measured;
  double log_q_prop = 0.0;     // log q(u_prop) of the last independence proposal
  double proposal_logp = 0.0;  // log pi of the last proposal
  // log q(u) of the current state, kept while u stays: an accepted
  // independence move brings its own, an accepted walk move leaves it to be
  // recomputed when next asked for (after warmup, often never).
  double log_q_state = 0.0;
  bool log_q_state_known = false;
  auto state_log_q = [&]() {
    if (!log_q_state_known) {
      log_q_state = independence_log_density(u, d, shape);
      log_q_state_known = true;
    }
    return log_q_state;
  };

  // One step of the chain; returns the acceptance probability.
  auto step = [&](bool independence, double scale) {
    double log_q_ratio = 0.0;
    if (independence) {
      log_q_prop = independence_proposal(rng, d, shape, u_prop);
      log_q_ratio = state_log_q() - log_q_prop;
    } else {
      random_walk_proposal(rng, d, scale, u, u_prop);
    }
    const StepOutcome outcome = metropolis_step(model, d, mode, chol, u_prop, log_q_ratio, rng.uniform(), theta, u,
                                                proposal, logp, proposal_logp);
    if (outcome.accepted) {
      log_q_state = log_q_prop;
      log_q_state_known = independence;
    }
    return outcome.accept_prob;
  };

  for (int t = 0; t < plan.warmup; ++t) {
    const bool independence = mixture && rng.uniform() < p_independence;
    const double a = step(independence, exp(log_scale));
    if (!independence) log_scale += (a - plan.target_accept) / pow(walk_steps++ + 10.0, 0.6);
    if (mixture && 2 * t >= plan.warmup) {
      if (independence) {
        measured.acceptance_sum += a;
        measured.proposal_weight.add(proposal_logp - log_q_prop);
      }
      measured.state_weight.add(logp - state_log_q());
    }
  }
  if (mixture) p_independence = independence_probability(independence_efficiency(measured), d);

  const double scale = exp(log_scale);
  double accepted = 0.0;
  for (int t = 0; t < plan.draws; ++t) {
    const bool independence = mixture && rng.uniform() < p_independence;
    accepted += step(independence, scale);
    if (draws != nullptr && (t + 1) % plan.thin == 0) {
      const long long s = (t + 1) / plan.thin - 1;
      const int w = saved_width(plan, d);
      for (int i = 0; i < w; ++i) draws[s * w + i] = theta[i];
    }
  }
  stats.accept_rate = plan.draws > 0 ? accepted / plan.draws : 0.0;
  stats.step_scale = scale;
  stats.independence_probability = p_independence;
}

}  // namespace ps

// The Metropolis chains (models/metropolis.hpp) on targets with a closed-form
// answer: a correlated bivariate normal (the conjugate normal-normal
// posterior) sampled from a deliberately wrong Laplace base, so that warmup
// adaptation has to work; a skewed target the independence proposal does not
// match; and a 12-dimensional normal whose Laplace base is exact, where the
// mixture must find and use the independence kernel.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/summary/summary.hpp"
#include "models/metropolis.hpp"
#include "models/philox.hpp"

namespace {

// Posterior of a normal mean with known variance under a normal prior:
// N(mu_n, 1/(1/s0^2 + n/s^2)); two such coordinates with correlation rho.
struct CorrelatedGaussian {
  double mean[2];
  double sd[2];
  double rho;
  int dim() const { return 2; }
  double log_density(const double* x) const {
    const double z0 = (x[0] - mean[0]) / sd[0];
    const double z1 = (x[1] - mean[1]) / sd[1];
    return -0.5 * (z0 * z0 - 2 * rho * z0 * z1 + z1 * z1) / (1 - rho * rho);
  }
};

// Chains of coordinate 0 (chain-major) and each chain's statistics.
template <class Target>
std::vector<double> first_coordinate_draws(const Target& target, const ps::ChainPlan& plan,
                                           const std::vector<double>& mode, const std::vector<double>& chol,
                                           int chains, std::vector<ps::ChainStats>& stats) {
  const int d = target.dim();
  std::vector<double> draws(static_cast<size_t>(plan.draws) * d);
  std::vector<double> x0(static_cast<size_t>(chains) * plan.draws);
  stats.assign(chains, {});
  for (int c = 0; c < chains; ++c) {
    ps::Philox4x32 rng(123, ps::chain_stream_id(0, c, chains));
    ps::run_chain(target, plan, mode.data(), chol.data(), rng, draws.data(), stats[c]);
    for (int t = 0; t < plan.draws; ++t) x0[static_cast<size_t>(c) * plan.draws + t] = draws[static_cast<size_t>(t) * d];
  }
  return x0;
}

class MetropolisGaussian : public ::testing::TestWithParam<ps::SamplerKind> {};

TEST_P(MetropolisGaussian, MatchesConjugatePosterior) {
  // Prior N(0, 2^2), 25 observations with sigma 1 and sample mean 0.7:
  // posterior precision 1/4 + 25 = 25.25, mean 25 * 0.7 / 25.25.
  const double post_sd = 1.0 / std::sqrt(25.25);
  const double post_mean = 25 * 0.7 / 25.25;
  const CorrelatedGaussian target{{post_mean, -1.0}, {post_sd, 3.0}, 0.6};
  // Laplace base: identity at the origin (wrong scales and centre), so the
  // independence proposal is poor and the random walk must adapt.
  const std::vector<double> chol{1.0, 0.0, 0.0, 1.0};
  const std::vector<double> mode{0.0, 0.0};
  ps::ChainPlan plan;
  plan.sampler = GetParam();
  plan.warmup = 3000;
  // Both samplers end up as random walks here (the mixture measures its
  // independence kernel worse than the walk); 4 x 60,000 steps give a bulk
  // ESS of about 1,700 (rwm) and 1,300 (mixture, whose warmup tunes the walk
  // on fewer steps).
  plan.draws = 60000;
  plan.target_accept = ps::default_target_accept(2);
  const int chains = 4;
  std::vector<ps::ChainStats> stats;
  const std::vector<double> x0 = first_coordinate_draws(target, plan, mode, chol, chains, stats);
  for (const ps::ChainStats& s : stats) {
    if (plan.sampler == ps::SamplerKind::rwm) {
      EXPECT_NEAR(s.accept_rate, plan.target_accept, 0.05);
      EXPECT_EQ(s.independence_probability, 0.0);
    } else {
      EXPECT_GE(s.independence_probability, 0.0);
      EXPECT_LE(s.independence_probability, ps::kMaxIndependenceProbability);
    }
  }
  const ps::ChainDraws cd{x0.data(), chains, plan.draws};
  const ps::TermSummary s = ps::summarize_term(cd, [](double v) { return v; }, {0.95}, {post_mean});
  const double ess = s.ess_bulk;
  ASSERT_GT(ess, 1000);
  EXPECT_LT(s.rhat, 1.01);
  // Monte-Carlo standard errors from the chains' own ESS; 4.5 SE bounds.
  EXPECT_NEAR(s.mean, post_mean, 4.5 * post_sd / std::sqrt(ess));
  EXPECT_NEAR(s.sd, post_sd, 4.5 * post_sd / std::sqrt(2 * ess));
  EXPECT_NEAR(s.p_below[0], 0.5, 4.5 * 0.5 / std::sqrt(ess));
  const double z975 = 1.959963984540054;
  const double q_se = std::sqrt(0.025 * 0.975 / ess) / (std::exp(-0.5 * z975 * z975) / std::sqrt(2 * M_PI) / post_sd);
  EXPECT_NEAR(s.interval_bounds[0], post_mean - z975 * post_sd, 4.5 * q_se);
  EXPECT_NEAR(s.interval_bounds[1], post_mean + z975 * post_sd, 4.5 * q_se);
}

INSTANTIATE_TEST_SUITE_P(BothSamplers, MetropolisGaussian,
                         ::testing::Values(ps::SamplerKind::rwm, ps::SamplerKind::mixture),
                         [](const auto& info) { return info.param == ps::SamplerKind::rwm ? "Rwm" : "Mixture"; });

// log Gamma(shape 3, rate 1) density of exp(x) with its Jacobian: x = log of a
// Gamma(3) variable, a left-skewed target. E[x] = digamma(3) = 1.5 - gamma,
// Var[x] = trigamma(3) = pi^2/6 - 1.25.
struct LogGamma3 {
  int dim() const { return 1; }
  double log_density(const double* x) const { return 3.0 * x[0] - std::exp(x[0]); }
};

TEST(MetropolisMixture, IndependenceKernelKeepsASkewedTargetExact) {
  // Laplace base at the mode log 3 with curvature 3: close, but the target is
  // skewed, so the independence proposal's ratio q(u)/q(u') matters. A sign
  // error or a missing ratio would shift the mean by several standard errors.
  const LogGamma3 target;
  const std::vector<double> mode{std::log(3.0)};
  const std::vector<double> chol{1.0 / std::sqrt(3.0)};
  ps::ChainPlan plan;
  plan.sampler = ps::SamplerKind::mixture;
  plan.warmup = 2000;
  plan.draws = 40000;
  plan.target_accept = ps::default_target_accept(1);
  const int chains = 4;
  std::vector<ps::ChainStats> stats;
  const std::vector<double> x = first_coordinate_draws(target, plan, mode, chol, chains, stats);
  // In one dimension the walk is good, so the independence kernel gets a
  // small share; enough of the 160,000 steps to expose a wrong ratio.
  for (const ps::ChainStats& s : stats) EXPECT_GT(s.independence_probability, 0.05);
  const ps::ChainDraws cd{x.data(), chains, plan.draws};
  const ps::TermSummary s = ps::summarize_term(cd, [](double v) { return v; }, {0.9}, {1.0});
  const double mean = 1.5 - 0.5772156649015329;
  const double sd = std::sqrt(M_PI * M_PI / 6 - 1.25);
  ASSERT_GT(s.ess_bulk, 20000);  // nearly independent draws
  EXPECT_NEAR(s.mean, mean, 4.5 * sd / std::sqrt(s.ess_bulk));
  EXPECT_NEAR(s.sd, sd, 4.5 * sd / std::sqrt(2 * s.ess_bulk));
  // P(x < 1) = P(Gamma(3) < e) = 1 - e^-e (1 + e + e^2 / 2).
  const double p1 = 1.0 - std::exp(-std::exp(1.0)) * (1 + std::exp(1.0) + std::exp(2.0) / 2);
  EXPECT_NEAR(s.p_below[0], p1, 4.5 * std::sqrt(p1 * (1 - p1) / s.ess_bulk));
}

// Independent normals with standard deviations 0.5 .. 2 behind a rotation:
// the Laplace base is the exact covariance.
struct RotatedGaussian {
  static constexpr int kDim = 12;
  std::vector<double> precision;  // kDim x kDim
  int dim() const { return kDim; }
  double log_density(const double* x) const {
    double q = 0.0;
    for (int i = 0; i < kDim; ++i)
      for (int j = 0; j < kDim; ++j) q += x[i] * precision[i * kDim + j] * x[j];
    return -0.5 * q;
  }
};

TEST(MetropolisMixture, UsesTheIndependenceKernelWhenTheLaplaceBaseIsExact) {
  constexpr int d = RotatedGaussian::kDim;
  // Covariance Sigma = A A^T with A lower triangular (its own Cholesky factor).
  std::vector<double> chol(d * d, 0.0);
  for (int i = 0; i < d; ++i) {
    chol[i * d + i] = 0.5 + 1.5 * i / (d - 1);
    for (int j = 0; j < i; ++j) chol[i * d + j] = 0.3 * std::sin(1.0 + i * 7 + j * 3);
  }
  // Precision = A^-T A^-1 from the inverse of the triangular factor.
  std::vector<double> inv(d * d, 0.0);
  for (int j = 0; j < d; ++j) {
    inv[j * d + j] = 1.0 / chol[j * d + j];
    for (int i = j + 1; i < d; ++i) {
      double s = 0.0;
      for (int k = j; k < i; ++k) s += chol[i * d + k] * inv[k * d + j];
      inv[i * d + j] = -s / chol[i * d + i];
    }
  }
  RotatedGaussian target;
  target.precision.assign(d * d, 0.0);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < d; ++j)
      for (int k = 0; k < d; ++k) target.precision[i * d + j] += inv[k * d + i] * inv[k * d + j];
  const std::vector<double> mode(d, 0.0);
  ps::ChainPlan plan;
  plan.warmup = 1000;
  plan.draws = 4000;
  plan.target_accept = ps::default_target_accept(d);
  const int chains = 4;
  double ess_per_draw[2];
  for (ps::SamplerKind kind : {ps::SamplerKind::rwm, ps::SamplerKind::mixture}) {
    plan.sampler = kind;
    std::vector<ps::ChainStats> stats;
    const std::vector<double> x = first_coordinate_draws(target, plan, mode, chol, chains, stats);
    const ps::ChainDraws cd{x.data(), chains, plan.draws};
    const ps::TermSummary s = ps::summarize_term(cd, [](double v) { return v; }, {0.9}, {0.0});
    ess_per_draw[kind == ps::SamplerKind::rwm ? 0 : 1] = s.ess_bulk / (chains * plan.draws);
    if (kind == ps::SamplerKind::mixture) {
      for (const ps::ChainStats& st : stats) EXPECT_EQ(st.independence_probability, ps::kMaxIndependenceProbability);
      const double sd = chol[0];
      EXPECT_NEAR(s.mean, 0.0, 4.5 * sd / std::sqrt(s.ess_bulk));
      EXPECT_NEAR(s.sd, sd, 4.5 * sd / std::sqrt(2 * s.ess_bulk));
      EXPECT_LT(s.rhat, 1.01);
    }
  }
  // A random walk in 12 dimensions gives about 0.3 / 12 of an independent draw
  // per step; the mixture, mostly independence proposals, several times more.
  EXPECT_LT(ess_per_draw[0], 0.05);
  EXPECT_GT(ess_per_draw[1], 0.25);
}

TEST(MetropolisStep, IsAPureFunctionOfItsInputs) {
  const CorrelatedGaussian target{{0.0, 0.0}, {1.0, 1.0}, 0.0};
  const double chol[4] = {1, 0, 0.5, 1};
  const double mode[2] = {0.1, 0.2};
  const double u_prop[2] = {0.24, -0.96};
  double theta_a[2] = {0.1, 0.2}, theta_b[2] = {0.1, 0.2}, u_a[2] = {0, 0}, u_b[2] = {0, 0}, prop[2];
  double lp_a = target.log_density(theta_a), lp_b = lp_a, lp_prop = 0.0;
  const auto a = ps::metropolis_step(target, 2, mode, chol, u_prop, 0.0, 0.5, theta_a, u_a, prop, lp_a, lp_prop);
  const auto b = ps::metropolis_step(target, 2, mode, chol, u_prop, 0.0, 0.5, theta_b, u_b, prop, lp_b, lp_prop);
  EXPECT_EQ(a.accept_prob, b.accept_prob);
  EXPECT_EQ(a.accepted, b.accepted);
  EXPECT_EQ(theta_a[0], theta_b[0]);
  EXPECT_EQ(theta_a[1], theta_b[1]);
  // The proposal is mode + L u': (0.1 + 0.24, 0.2 + 0.5 * 0.24 - 0.96).
  double theta[2] = {0.1, 0.2}, u[2] = {0, 0};
  double lp = -1e300;  // current density tiny: any finite proposal is accepted
  EXPECT_TRUE(ps::metropolis_step(target, 2, mode, chol, u_prop, 0.0, 0.999, theta, u, prop, lp, lp_prop).accepted);
  EXPECT_DOUBLE_EQ(theta[0], 0.1 + 0.24);
  EXPECT_DOUBLE_EQ(theta[1], 0.2 + 0.5 * 0.24 - 0.96);
  EXPECT_EQ(u[0], u_prop[0]);
  EXPECT_EQ(u[1], u_prop[1]);
  EXPECT_EQ(lp_prop, target.log_density(theta));  // the proposal's density comes back
  // The proposal-density ratio enters the acceptance: log ratio -1 more.
  double theta2[2] = {0.1, 0.2}, u2[2] = {0, 0};
  double lp2 = target.log_density(theta2);
  const auto plain = ps::metropolis_step(target, 2, mode, chol, u_prop, 0.0, 1.0, theta2, u2, prop, lp2, lp_prop);
  const auto tilted = ps::metropolis_step(target, 2, mode, chol, u_prop, -1.0, 1.0, theta2, u2, prop, lp2, lp_prop);
  EXPECT_NEAR(tilted.accept_prob, plain.accept_prob * std::exp(-1.0), 1e-15);
  // A uniform of 1 accepts nothing: the state stays.
  EXPECT_FALSE(plain.accepted);
  EXPECT_EQ(u2[0], 0.0);
}

TEST(IndependenceProposal, IsTheScaledMultivariateT) {
  // |u'|^2 / (c^2 d) of a t_nu proposal in d dimensions is F(d, nu): mean
  // nu / (nu - 2) whatever d.
  constexpr int d = 5;
  ps::SplitScales symmetric;
  ps::symmetric_split_scales(d, symmetric);
  ps::Philox4x32 rng(7, 0);
  double u_prop[d];
  const int n = 200000;
  double sum = 0.0;
  for (int k = 0; k < n; ++k) {
    const double log_q_prop = ps::independence_proposal(rng, d, symmetric, u_prop);
    double r2 = 0.0;
    for (double v : u_prop) r2 += v * v;
    sum += r2 / (ps::kIndependenceScale * ps::kIndependenceScale * d);
    EXPECT_DOUBLE_EQ(log_q_prop, ps::independence_log_density(u_prop, d, symmetric));
  }
  const double nu = ps::kIndependenceDf;
  const double mean = nu / (nu - 2);
  // Var F(d, nu) = 2 nu^2 (d + nu - 2) / (d (nu - 2)^2 (nu - 4)).
  const double sd = std::sqrt(2 * nu * nu * (d + nu - 2) / (d * (nu - 2) * (nu - 2) * (nu - 4)));
  EXPECT_NEAR(sum / n, mean, 4.5 * sd / std::sqrt(n));
}

TEST(IndependenceProposal, SplitScalesStretchEachSideAndKeepTheDensityNormalised) {
  constexpr int d = 2;
  // Both components the same split t, moved off the origin.
  ps::SplitT split;
  split.centre[0] = 0.5f;
  split.centre[1] = -1.0f;
  split.plus[0] = 2.0f;
  split.minus[0] = 1.0f;
  split.plus[1] = 1.0f;
  split.minus[1] = 3.0f;
  const ps::SplitScales shape{split, split};
  ps::SplitScales symmetric;
  ps::symmetric_split_scales(d, symmetric);
  // Each half-axis is the symmetric t's, stretched: the mean of u_j - b_j
  // over its positive side over that of its negative side is sigma+_j /
  // sigma-_j, and each side keeps half the draws.
  ps::Philox4x32 rng(11, 0);
  double u_prop[d];
  double side_sum[d][2] = {}, side_count[d][2] = {};
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    const double log_q = ps::independence_proposal(rng, d, shape, u_prop);
    // The density is the symmetric one at (u - b) / sigma with the Jacobian.
    double v[d], log_jacobian = 0.0;
    for (int j = 0; j < d; ++j) {
      const double offset = u_prop[j] - split.centre[j];
      const double scale = offset >= 0 ? split.plus[j] : split.minus[j];
      v[j] = offset / scale;
      log_jacobian += std::log(scale);
    }
    EXPECT_NEAR(log_q, ps::independence_log_density(v, d, symmetric) - log_jacobian, 1e-12);
    for (int j = 0; j < d; ++j) {
      const double offset = u_prop[j] - split.centre[j];
      side_sum[j][offset >= 0] += std::fabs(offset);
      side_count[j][offset >= 0] += 1;
    }
  }
  for (int j = 0; j < d; ++j) {
    EXPECT_NEAR(side_count[j][1] / n, 0.5, 4.5 * 0.5 / std::sqrt(n));
    const double ratio = (side_sum[j][1] / side_count[j][1]) / (side_sum[j][0] / side_count[j][0]);
    EXPECT_NEAR(ratio, split.plus[j] / split.minus[j], 0.03 * split.plus[j] / split.minus[j]);
  }
  // In one dimension the split density integrates to what the symmetric one
  // does (its constant is left out of both): the Jacobian is right.
  auto integral = [](const ps::SplitScales& sh) {
    double sum = 0.0;
    const double h = 1e-3;
    for (double x = -200.0; x < 200.0; x += h) sum += std::exp(ps::independence_log_density(&x, 1, sh)) * h;
    return sum;
  };
  EXPECT_NEAR(integral(shape), integral(symmetric), 1e-4 * integral(symmetric));
}

TEST(IndependenceProposal, IsTheEqualMixtureOfItsTwoSplitTs) {
  // One dimension: at the mode N-like t on the origin, at the slices one
  // moved to 3 and twice as wide. Half the draws come from each, and the
  // density is the mean of the components' (each a normalised t up to the
  // constant they share).
  ps::SplitScales shape;
  ps::symmetric_split_scales(1, shape);
  shape.at_slices.centre[0] = 3.0f;
  shape.at_slices.plus[0] = shape.at_slices.minus[0] = 2.0f;
  ps::Philox4x32 rng(5, 0);
  const int n = 200000;
  double sum = 0.0;
  for (int k = 0; k < n; ++k) {
    double u;
    const double log_q = ps::independence_proposal(rng, 1, shape, &u);
    EXPECT_DOUBLE_EQ(log_q, ps::independence_log_density(&u, 1, shape));
    sum += u;
  }
  // Mean 0.5 * 0 + 0.5 * 3; sd of the mixture sqrt(0.5 v + 0.5 4 v + 2.25),
  // v = c^2 nu / (nu - 2) the t's variance.
  const double nu = ps::kIndependenceDf, c = ps::kIndependenceScale;
  const double v = c * c * nu / (nu - 2);
  EXPECT_NEAR(sum / n, 1.5, 4.5 * std::sqrt(2.5 * v + 2.25) / std::sqrt(n));
  for (double x : {-2.0, 0.0, 1.0, 3.0, 7.5}) {
    const double a = ps::split_t_log_density(&x, 1, shape.at_mode);
    const double b = ps::split_t_log_density(&x, 1, shape.at_slices);
    EXPECT_NEAR(ps::independence_log_density(&x, 1, shape), std::log(std::exp(a) + std::exp(b)), 1e-13);
  }
  // Far in a tail (log densities near -960) exp underflows; the mixture's
  // log does not.
  const double far = 1e60;
  const double a = ps::split_t_log_density(&far, 1, shape.at_mode);
  const double b = ps::split_t_log_density(&far, 1, shape.at_slices);
  ASSERT_LT(std::max(a, b), -745.0);
  EXPECT_NEAR(ps::independence_log_density(&far, 1, shape), b + std::log1p(std::exp(a - b)), 1e-9);
}

TEST(SplitScales, AreOneForAnExactLaplaceBaseAndWidenTheLongSide) {
  // A normal whose Laplace base is exact drops by delta^2 / 2 at delta: width
  // 1; its slices have mean 0 and sd 1 (sums over unit steps of a normal are
  // its moments to ~1e-8), so both components are the Laplace t.
  const CorrelatedGaussian gaussian{{0.3, -1.0}, {0.5, 2.0}, 0.0};
  const double mode[2] = {0.3, -1.0}, chol[4] = {0.5, 0.0, 0.0, 2.0};
  double scratch[2], direction[2];
  ps::SplitScales shape;
  ps::fit_split_scales(gaussian, 2, mode, chol, scratch, direction, shape);
  for (const ps::SplitT* t : {&shape.at_mode, &shape.at_slices}) {
    for (int j = 0; j < 2; ++j) {
      EXPECT_NEAR(t->centre[j], 0.0, 1e-6);
      EXPECT_NEAR(t->plus[j], 1.0, 1e-6);
      EXPECT_NEAR(t->minus[j], 1.0, 1e-6);
    }
  }
  // log Gamma(3) (density e^{3x - e^x}, mode log 3, curvature 3) has a long
  // left tail: at t = x - log 3 it drops 3 (e^t - 1 - t), less on the left.
  // At the mode: left width the larger of delta / sqrt(2 drop) at t =
  // -delta / sqrt 3, delta = 2 and 3.5 (that of 3.5, 1.33); right width 1
  // (both below 1).
  const LogGamma3 skewed;
  const double m[1] = {std::log(3.0)}, l[1] = {1.0 / std::sqrt(3.0)};
  ps::fit_split_scales(skewed, 1, m, l, scratch, direction, shape);
  auto drop = [](double t) { return 3.0 * (std::exp(t) - 1.0 - t); };  // t = x - log 3
  auto implied = [&](double delta) { return delta / std::sqrt(2.0 * drop(-delta / std::sqrt(3.0))); };
  EXPECT_EQ(shape.at_mode.centre[0], 0.0f);
  EXPECT_NEAR(shape.at_mode.minus[0], std::max(implied(2.0), implied(3.5)), 1e-6);
  EXPECT_GT(shape.at_mode.minus[0], 1.3);
  EXPECT_EQ(shape.at_mode.plus[0], 1.0f);
  // The slice: weights e^-drop at whitened k = -8 .. 8 (x = log 3 + k / sqrt 3).
  double s0 = 0.0, s1 = 0.0, s2 = 0.0;
  for (int k = -8; k <= 8; ++k) {
    const double w = std::exp(-drop(k / std::sqrt(3.0)));
    s0 += w;
    s1 += w * k;
    s2 += w * k * k;
  }
  const double mean = s1 / s0, sd = std::sqrt(s2 / s0 - mean * mean);
  EXPECT_NEAR(shape.at_slices.centre[0], mean, 1e-6);
  // It is where the mass is: E[x] = psi(3) = 1.5 - gamma, in whitened units
  // (x - log 3) sqrt 3, and Var[x] = trigamma(3), to the unit grid's accuracy.
  EXPECT_NEAR(mean, (1.5 - 0.5772156649015329 - std::log(3.0)) * std::sqrt(3.0), 0.01);
  EXPECT_NEAR(sd, std::sqrt(3.0 * (M_PI * M_PI / 6 - 1.25)), 0.01);
  EXPECT_LT(shape.at_slices.centre[0], -0.2);
  // Around that centre the widths follow the drops at 2 and 3.5 sd.
  const double c = mean / std::sqrt(3.0);  // the centre as t
  for (int side = 0; side < 2; ++side) {
    double scale = ps::kMinSliceSplitScale;
    for (double delta : {2.0, 3.5}) {
      const double t = c + (side == 0 ? delta : -delta) * sd / std::sqrt(3.0);
      scale = std::max(scale, delta / std::sqrt(2.0 * (drop(t) - drop(c))));
    }
    scale = std::min(scale, ps::kMaxSplitScale);
    EXPECT_NEAR(side == 0 ? shape.at_slices.plus[0] : shape.at_slices.minus[0], scale * sd, 1e-5);
  }
}

// The proposal shape of a 2-D model whose Laplace base is N(0, I); the
// scratch direction comes back zero, as fit_split_scales promises.
template <class Model>
ps::SplitScales shape_at_identity(const Model& model) {
  const double mode[2] = {0.0, 0.0}, chol[4] = {1.0, 0.0, 0.0, 1.0};
  double scratch[2], direction[2];
  ps::SplitScales shape;
  ps::fit_split_scales(model, 2, mode, chol, scratch, direction, shape);
  for (double x : direction) EXPECT_EQ(x, 0.0);
  return shape;
}

TEST(SplitScales, StayAtTheModeWhenNoSliceHasMassOffIt) {
  // A density that is -inf everywhere but at the mode: every slice is
  // narrower than the unit steps can resolve, so the slice component keeps
  // the mode's centre and the Laplace sd (1); every drop is infinite, so
  // every width is its component's smallest (1 and 1/2).
  struct Spike {
    int dim() const { return 2; }
    double log_density(const double* x) const { return x[0] == 0.0 && x[1] == 0.0 ? 0.0 : -HUGE_VAL; }
  };
  const ps::SplitScales shape = shape_at_identity(Spike{});
  for (int j = 0; j < 2; ++j) {
    EXPECT_EQ(shape.at_mode.plus[j], 1.0f);
    EXPECT_EQ(shape.at_mode.minus[j], 1.0f);
    EXPECT_EQ(shape.at_slices.centre[j], 0.0f);
    EXPECT_EQ(shape.at_slices.plus[j], 0.5f);
    EXPECT_EQ(shape.at_slices.minus[j], 0.5f);
  }
}

TEST(SplitScales, KeepTheModeAsCentreWhereTheSlicesCentreHasNoDensity) {
  // Finite only on the two axes, each slice a unit normal around 2: the
  // slices' centre (2, 2) lies off both axes, so the slice component stays at
  // the mode and measures its widths there. Along each axis, towards the
  // slice's mean the density rises (the widest, 4); away from it, it drops
  // by 6 at 2 units and 13.125 at 3.5 (widths 0.577 and 0.683: the larger).
  struct Cross {
    int dim() const { return 2; }
    double log_density(const double* x) const {
      if (x[1] == 0.0) return -0.5 * (x[0] - 2.0) * (x[0] - 2.0);
      if (x[0] == 0.0) return -0.5 * (x[1] - 2.0) * (x[1] - 2.0);
      return -HUGE_VAL;
    }
  };
  const ps::SplitScales shape = shape_at_identity(Cross{});
  for (int j = 0; j < 2; ++j) {
    EXPECT_EQ(shape.at_slices.centre[j], 0.0f);
    EXPECT_NEAR(shape.at_slices.plus[j], ps::kMaxSplitScale, 1e-6);
    EXPECT_NEAR(shape.at_slices.minus[j], 3.5 / std::sqrt(2.0 * 13.125), 1e-6);
  }
}

TEST(IndependenceProbability, FollowsThePredictedEfficiency) {
  constexpr double p_max = ps::kMaxIndependenceProbability;
  // d = 17 (S1's Cox model): the walk gives ~0.3 / 17 = 0.018 draws per step,
  // so an independence step must promise more than that to get any share and
  // 0.036 for the whole 0.9.
  EXPECT_EQ(ps::independence_probability(0.5, 17), p_max);
  EXPECT_EQ(ps::independence_probability(0.036, 17), p_max);
  EXPECT_EQ(ps::independence_probability(0.0176, 17), 0.0);
  EXPECT_EQ(ps::independence_probability(0.0, 17), 0.0);
  const double e = 0.025, r = e / (0.3 / 17);
  EXPECT_DOUBLE_EQ(ps::independence_probability(e, 17), p_max * (r - 1));
  // The same efficiency is worth less in one dimension, where the walk is good.
  EXPECT_LT(ps::independence_probability(0.5, 1), ps::independence_probability(0.5, 17));
  EXPECT_DOUBLE_EQ(ps::independence_probability(0.45, 1), p_max * (0.45 / 0.3 - 1));
}

TEST(LogMeanExp, IsTheLogOfTheMeanWithoutOverflow) {
  ps::LogMeanExp m;
  EXPECT_EQ(m.log_mean(), ps::neg_infinity());  // nothing added
  for (double x : {1000.0, 1001.0, -HUGE_VAL, 999.0}) m.add(x);
  // log((e^1000 + e^1001 + 0 + e^999) / 4), computed around 1000.
  EXPECT_NEAR(m.log_mean(), 1000.0 + std::log((1.0 + std::exp(1.0) + std::exp(-1.0)) / 4.0), 1e-12);
}

TEST(IndependenceEfficiency, IsTheAcceptancePredictionTemperedBySmallerWeights) {
  ps::IndependenceMeasurement m;
  EXPECT_EQ(ps::independence_efficiency(m), 0.0);  // nothing measured
  // Two independence steps, accepted with probabilities 0.5 and 0.7.
  m.acceptance_sum = 0.5 + 0.7;
  m.proposal_weight.add(0.0);
  m.proposal_weight.add(0.0);
  // E_q w = 1 and E_pi w = 2: importance fraction 1/2 > a / (2 - a) = 0.43,
  // so the acceptance prediction stands.
  m.state_weight.add(std::log(2.0));
  EXPECT_DOUBLE_EQ(ps::independence_efficiency(m), 0.6 / 1.4);
  // The chain spends time where the proposal under-covers the posterior:
  // 99 states of weight 1 and one of weight 1000 make E_pi w = 1099 / 100,
  // and the prediction falls to the geometric mean of the two.
  ps::IndependenceMeasurement tail = m;
  tail.state_weight = ps::LogMeanExp{};
  for (int k = 0; k < 99; ++k) tail.state_weight.add(0.0);
  tail.state_weight.add(std::log(1000.0));
  EXPECT_NEAR(ps::independence_efficiency(tail), std::sqrt(0.6 / 1.4 * 100.0 / 1099.0), 1e-12);
  // No finite weight at all (every density undefined): nothing predicted.
  ps::IndependenceMeasurement none;
  none.acceptance_sum = 0.5;
  none.proposal_weight.add(-HUGE_VAL);
  none.state_weight.add(-HUGE_VAL);
  EXPECT_EQ(ps::independence_efficiency(none), 0.0);
}

}  // namespace

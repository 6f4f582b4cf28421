// The Metropolis chain on a target with a closed-form answer: a correlated
// bivariate normal (the conjugate normal-normal posterior), sampled with a
// deliberately wrong proposal scale so that warmup adaptation has to work.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/summary/summary.hpp"
#include "models/philox.hpp"
#include "models/rwm.hpp"

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

TEST(RwmGaussian, MatchesConjugatePosterior) {
  // Prior N(0, 2^2), 25 observations with sigma 1 and sample mean 0.7:
  // posterior precision 1/4 + 25 = 25.25, mean 25 * 0.7 / 25.25.
  const double post_sd = 1.0 / std::sqrt(25.25);
  const double post_mean = 25 * 0.7 / 25.25;
  const CorrelatedGaussian target{{post_mean, -1.0}, {post_sd, 3.0}, 0.6};
  // Proposal shape: identity (wrong scales), adaptation must still reach the target rate.
  const std::vector<double> chol{1.0, 0.0, 0.0, 1.0};
  const std::vector<double> mode{0.0, 0.0};
  ps::ChainPlan plan;
  plan.warmup = 3000;
  plan.draws = 40000;
  plan.target_accept = ps::default_target_accept(2);
  const int chains = 4;
  std::vector<double> draws(static_cast<size_t>(chains) * plan.draws * 2);
  std::vector<double> x0(static_cast<size_t>(chains) * plan.draws);
  for (int c = 0; c < chains; ++c) {
    ps::Philox4x32 rng(123, ps::chain_stream_id(0, c, chains));
    ps::ChainStats stats;
    ps::run_rwm_chain(target, plan, mode.data(), chol.data(), rng, &draws[static_cast<size_t>(c) * plan.draws * 2], stats);
    EXPECT_NEAR(stats.accept_rate, plan.target_accept, 0.05);
    for (int t = 0; t < plan.draws; ++t) x0[static_cast<size_t>(c) * plan.draws + t] = draws[(static_cast<size_t>(c) * plan.draws + t) * 2];
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

TEST(RwmGaussian, StepIsPureFunctionOfInputs) {
  const CorrelatedGaussian target{{0.0, 0.0}, {1.0, 1.0}, 0.0};
  const double chol[4] = {1, 0, 0.5, 1};
  const double z[2] = {0.3, -1.2};
  double theta_a[2] = {0.1, 0.2}, theta_b[2] = {0.1, 0.2}, prop[2];
  double lp_a = target.log_density(theta_a), lp_b = lp_a;
  const double pa = ps::rwm_step(target, 2, chol, 0.8, z, 0.5, theta_a, prop, lp_a);
  const double pb = ps::rwm_step(target, 2, chol, 0.8, z, 0.5, theta_b, prop, lp_b);
  EXPECT_EQ(pa, pb);
  EXPECT_EQ(theta_a[0], theta_b[0]);
  EXPECT_EQ(theta_a[1], theta_b[1]);
  // The proposal is theta + s L z: (0.1 + 0.8*0.3, 0.2 + 0.8*(0.5*0.3 - 1.2)).
  double theta[2] = {0.1, 0.2};
  double lp = -1e300;  // current density tiny: any finite proposal is accepted
  ps::rwm_step(target, 2, chol, 0.8, z, 0.999, theta, prop, lp);
  EXPECT_DOUBLE_EQ(theta[0], 0.1 + 0.8 * 0.3);
  EXPECT_DOUBLE_EQ(theta[1], 0.2 + 0.8 * (0.5 * 0.3 - 1.2));
}

}  // namespace

// Simulation-based calibration (Talts et al. 2018) of the Bayesian
// binomial-normal meta-analysis: draw the pooled log OR mu ~ N(0, 0.7^2), the
// between-study SD tau ~ half-normal(0.4) and each study's baseline log odds
// alpha_i ~ N(-1, 0.5^2) from the priors the model uses, then each study's
// effect theta_i ~ N(mu, tau^2) and its two binomial arms (4 studies of 30 to
// 80 patients per arm), sample the posterior with the study effects
// integrated out (numeric Laplace start and proposal, the CPU backend), and
// record the ranks of the true mu and tau among thinned draws. Uniform ranks
// (support/sbc.hpp) mean the binomial likelihood, the quadrature, the log-tau
// Jacobian and the sampler agree.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/fit/numeric_laplace.hpp"
#include "host/meta/binomial_normal_design.hpp"
#include "models/philox.hpp"
#include "support/sbc.hpp"
#include "support/simulated_trial.hpp"

namespace ps {
namespace {

int binomial_draw(Philox4x32& rng, int n, double p) {
  int r = 0;
  for (int i = 0; i < n; ++i) r += rng.uniform() < p;
  return r;
}

double expit(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(SimulationBasedCalibration, MetaBinomialNormalPooledEffectAndTauRanksAreUniform) {
  const int replications = 200;
  const int kept = 99;
  const int k = 4;
  const ScalarPrior effect{PriorFamily::normal, 0.0, 0.7, 0.0};
  const ScalarPrior tau_prior{PriorFamily::normal, 0.0, 0.4, 0.0};  // folded: half-normal(0.4)
  const ScalarPrior baseline{PriorFamily::normal, -1.0, 0.5, 0.0};
  Philox4x32 rng(2718, 0);
  auto backend = make_cpu_backend(2);
  test_support::SbcRanks mu_ranks(kept), tau_ranks(kept);
  for (int r = 0; r < replications; ++r) {
    const double mu = effect.a + effect.b * rng.normal();
    const double tau = std::abs(tau_prior.b * rng.normal());
    std::vector<StudyTable> studies;
    for (int i = 0; i < k; ++i) {
      const double alpha = baseline.a + baseline.b * rng.normal();
      const double theta = mu + tau * rng.normal();
      const int n_t = 30 + static_cast<int>(50 * rng.uniform()), n_c = 30 + static_cast<int>(50 * rng.uniform());
      studies.push_back({"s" + std::to_string(i), static_cast<double>(binomial_draw(rng, n_t, expit(alpha + theta))),
                         static_cast<double>(n_t), static_cast<double>(binomial_draw(rng, n_c, expit(alpha))),
                         static_cast<double>(n_c)});
    }
    const BinomialNormalDesign design = build_binomial_normal_design(studies, 20);
    const MetaBinomialNormalPosterior shared{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0},
                                             tau_prior, baseline};
    Eigen::VectorXd start = Eigen::VectorXd::Constant(k + 2, -1.0);
    start[0] = 0.0;
    const LaplaceBase base =
        numeric_laplace_base([&shared](const Eigen::VectorXd& t) { return shared.log_density(t.data()); }, start);
    const PriorLaplace laplace = laplace_for_prior(base, effect);
    SweepJob job;
    job.model = MetaBinomialNormalPosterior{design.view(), {}, {}, baseline};
    job.chains = 4;
    job.seed = 8100 + r;
    job.plan.warmup = 400;
    job.plan.draws = 1980;
    job.plan.target_accept = default_target_accept(k + 2);
    job.priors = {SweptPrior{effect, tau_prior}};
    job.global_ids = {0};
    job.modes = laplace.mode;
    job.cholesky = laplace.cholesky;
    const SweepChunk all = test_support::run_all(*backend, job);
    mu_ranks.add(test_support::sbc_rank(test_support::coefficient_draws(all, job, 0, 0), kept, mu));
    tau_ranks.add(test_support::sbc_rank(test_support::coefficient_draws(all, job, 0, 1), kept, std::log(tau)));
  }
  EXPECT_GT(mu_ranks.p_value(), test_support::kSbcMinPValue) << "mu: " << mu_ranks.describe();
  EXPECT_GT(tau_ranks.p_value(), test_support::kSbcMinPValue) << "tau: " << tau_ranks.describe();
}

}  // namespace
}  // namespace ps

// Simulation-based calibration (Talts et al. 2018) of the Bayesian
// proportional-odds model through the sweep machinery (numeric Laplace start
// and proposal, the CPU backend): draw every parameter from its prior -- the
// log OR from the swept normal prior, the cutpoints from the induced
// Dirichlet(1, 1, 1, 1) on the control arm's category probabilities --
// simulate 60 patients, sample, and record the rank of the true log OR among
// thinned draws. Uniform ranks (chi-square on 10 bins, support/sbc.hpp) mean
// the likelihood, the cutpoint prior with its Jacobians and the sampler agree.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/fit/numeric_laplace.hpp"
#include "models/philox.hpp"
#include "support/sbc.hpp"
#include "support/simulated_trial.hpp"

namespace ps {
namespace {

TEST(SimulationBasedCalibration, OrdinalTreatmentRanksAreUniform) {
  const int replications = 200;
  const int kept = 99;
  const int K = 4;
  const ScalarPrior prior{PriorFamily::normal, 0.0, 0.7, 0.0};
  const ScalarPrior nuisance{PriorFamily::normal, 0.0, 10.0, 0.0};
  Philox4x32 rng(91, 0);
  auto backend = make_cpu_backend(2);
  test_support::SbcRanks ranks(kept);
  for (int r = 0; r < replications; ++r) {
    const double beta = prior.a + prior.b * rng.normal();
    double gamma[K], total = 0.0;
    for (double& g : gamma) total += g = -std::log(rng.uniform());  // Dirichlet(1, ..., 1) via Exp(1)
    double c[K - 1], cumulative = 0.0;
    for (int k = 0; k + 1 < K; ++k) {
      cumulative += gamma[k] / total;
      c[k] = std::log(cumulative / (1.0 - cumulative));
    }
    std::vector<double> treatment;
    std::vector<int> category;
    for (int i = 0; i < 60; ++i) {
      const int arm = i % 2;
      const double u = rng.uniform();
      int y = 0;
      while (y + 1 < K && u > 1.0 / (1.0 + std::exp(-(c[y] - beta * arm)))) ++y;
      treatment.push_back(arm);
      category.push_back(y);
    }
    OrdinalView v;
    v.n = 60;
    v.n_categories = K;
    v.n_coefficients = 1;
    v.dim = K;
    v.treatment = treatment.data();
    v.category = category.data();

    const OrdinalPosterior shared{v, ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0}, nuisance, 1.0};
    Eigen::VectorXd start = Eigen::VectorXd::Zero(K);
    start << 0.0, -1.0, 0.0, 0.0;
    const LaplaceBase base =
        numeric_laplace_base([&shared](const Eigen::VectorXd& t) { return shared.log_density(t.data()); }, start);
    const PriorLaplace laplace = laplace_for_prior(base, prior);
    SweepJob job;
    job.model = OrdinalPosterior{v, ScalarPrior{}, nuisance, 1.0};
    job.chains = 4;
    job.seed = 6000 + r;
    job.plan.warmup = 300;
    job.plan.draws = 990;
    job.plan.target_accept = default_target_accept(K);
    job.priors = {prior};
    job.global_ids = {0};
    job.modes = laplace.mode;
    job.cholesky = laplace.cholesky;
    const SweepChunk all = test_support::run_all(*backend, job);
    const std::vector<double> x = test_support::coefficient_draws(all, job, 0, 0);
    ranks.add(test_support::sbc_rank(x, kept, beta));
  }
  EXPECT_GT(ranks.p_value(), test_support::kSbcMinPValue) << ranks.describe();
}

}  // namespace
}  // namespace ps

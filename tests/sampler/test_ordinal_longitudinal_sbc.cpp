// Simulation-based calibration (Talts et al. 2018, support/sbc.hpp) of the
// longitudinal random-intercept proportional-odds posterior (models/
// ordinal_longitudinal_posterior.hpp) through the sweep machinery the
// pipeline uses: Laplace start and proposal from the analytic gradient
// (gradient_laplace_base + laplace_for_prior), the CPU backend.
//
// Each replication draws every parameter from exactly the prior the posterior
// then uses -- the log OR beta ~ N(0, 1) (the swept prior), the
// random-intercept SD sd ~ half-normal(1), the cutpoints from the induced
// Dirichlet(2, 2, 2, 2) on the reference patient's category probabilities
// (probabilities from the Dirichlet, via Gamma(2) = Exp(1) + Exp(1), mapped
// to cutpoints through the logistic: that map is exactly the prior's density
// in u) -- simulates 16 patients (alternating arms) scored on 3 days in 4
// categories, samples, and records the ranks of the true beta and the true
// log sd among thinned draws. Uniform ranks (chi-square on 10 bins, p > 0.001)
// mean that the marginal likelihood, the priors on beta and sd with the
// Jacobian of sampling log sd, and the sampler agree.
//
// Able to fail (checked by breaking the model and rebuilding): dropping the
// Jacobian +log sd from log_prior piles the log sd ranks at the top (p ~ 1e-84),
// flipping the sign of the linear predictor in the likelihood piles the beta
// ranks at both ends (p ~ 1e-45); 50 replications would already catch either.
// Dropping the cutpoint prior's Jacobian leaves these two ranks uniform: the
// single-day and Cox tests do not look at cutpoints either.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/design/ordinal_longitudinal_design.hpp"
#include "host/fit/longitudinal_posterior_gradient.hpp"
#include "host/fit/numeric_laplace.hpp"
#include "host/fit/ordinal_start.hpp"
#include "models/philox.hpp"
#include "support/sbc.hpp"
#include "support/simulated_trial.hpp"

namespace ps {
namespace {

TEST(SimulationBasedCalibration, OrdinalLongitudinalTreatmentAndSdRanksAreUniform) {
  const int replications = 150;
  const int kept = 99;  // thinned draws per replication: ranks 0..99
  const int patients = 16, days = 3, K = 4;
  const ScalarPrior prior{PriorFamily::normal, 0.0, 1.0, 0.0};
  const ScalarPrior sd_prior{PriorFamily::normal, 0.0, 1.0, 0.0};  // folded: half-normal(1)
  const ScalarPrior nuisance{PriorFamily::normal, 0.0, 10.0, 0.0};  // no other coefficients
  const double alpha = 2.0;
  Philox4x32 rng(123, 0);
  auto backend = make_cpu_backend(2);
  test_support::SbcRanks beta_ranks(kept), log_sd_ranks(kept);
  for (int r = 0; r < replications; ++r) {
    const double beta = prior.a + prior.b * rng.normal();
    const double sd = std::abs(sd_prior.b * rng.normal());
    double gamma[K], total = 0.0;
    for (double& g : gamma) total += g = -std::log(rng.uniform()) - std::log(rng.uniform());
    double c[K - 1], cumulative = 0.0;
    for (int k = 0; k + 1 < K; ++k) {
      cumulative += gamma[k] / total;
      c[k] = std::log(cumulative / (1.0 - cumulative));
    }
    OrdinalInput in;
    in.levels = {0, 1, 2, 3};
    std::vector<int> first{0};
    for (int i = 0; i < patients; ++i) {
      const int arm = i % 2;
      const double b = sd * rng.normal();
      for (int t = 0; t < days; ++t) {
        const double u = rng.uniform();
        int y = 0;
        while (y + 1 < K && u > 1.0 / (1.0 + std::exp(-(c[y] - beta * arm - b)))) ++y;
        in.category.push_back(y);
        in.treatment.push_back(arm);
      }
      first.push_back(static_cast<int>(in.category.size()));
    }
    const OrdinalLongitudinalDesign design = build_ordinal_longitudinal_design(in, first, OrdinalLink::logit, 3);
    const OrdinalLongitudinalView view = design.view();

    // As the pipeline: the base Laplace approximation under an N(0, 100^2)
    // guard on beta, moved to the swept prior by laplace_for_prior.
    const OrdinalLongitudinalPosterior shared{view, ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0}, nuisance,
                                              alpha, sd_prior};
    Eigen::VectorXd start = Eigen::VectorXd::Zero(view.dim);
    const std::vector<double> u = ordinal_cutpoint_start(design.rows.category, K, view.reference_category);
    for (int k = 0; k + 1 < K; ++k) start[view.cutpoint_offset() + k] = u[k];
    const LaplaceBase base = gradient_laplace_base(
        [&shared](const Eigen::VectorXd& theta) { return longitudinal_posterior_gradient(shared, theta); }, start);
    const PriorLaplace laplace = laplace_for_prior(base, prior);

    SweepJob job;
    job.model = OrdinalLongitudinalPosterior{view, ScalarPrior{}, nuisance, alpha, sd_prior};
    job.chains = 4;
    job.seed = 7000 + r;
    job.plan.warmup = 300;
    job.plan.draws = 990;
    job.plan.target_accept = default_target_accept(view.dim);
    job.priors = {prior};
    job.global_ids = {0};
    job.modes = laplace.mode;
    job.cholesky = laplace.cholesky;
    const SweepChunk all = test_support::run_all(*backend, job);
    // Every 40th draw: beyond the autocorrelation time of either parameter.
    beta_ranks.add(test_support::sbc_rank(test_support::coefficient_draws(all, job, 0, 0), kept, beta));
    log_sd_ranks.add(
        test_support::sbc_rank(test_support::coefficient_draws(all, job, 0, view.log_sd_index()), kept, std::log(sd)));
  }
  EXPECT_GT(beta_ranks.p_value(), test_support::kSbcMinPValue) << "beta: " << beta_ranks.describe();
  EXPECT_GT(log_sd_ranks.p_value(), test_support::kSbcMinPValue) << "log sd: " << log_sd_ranks.describe();
}

}  // namespace
}  // namespace ps

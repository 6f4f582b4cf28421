// With a flat prior and n >= 500 the posterior of the log HR is close to
// normal around the MLE (Bernstein-von Mises): the posterior median HR must be
// within 0.02 of exp(MLE) and the 95% CrI within 0.03 of the Wald CI on the
// log scale, for the adjusted model (age + 16-level centre factor).
#include <gtest/gtest.h>

#include <cmath>

#include "host/summary/summary.hpp"
#include "support/simulated_trial.hpp"

namespace {

TEST(FlatPriorLargeTrial, PosteriorMatchesMleAndWald) {
  ps::TrialSimulation sim;
  sim.n_treatment = 300;
  sim.n_control = 300;
  sim.hazard_ratio = 0.8;
  sim.centres = 16;
  sim.seed = 42;
  const ps::CoxDesign design = ps::build_cox_design(ps::test_support::simulated_cox_input(sim, true, true));
  const ps::CoxView view = design.view();
  const ps::CoxFit fit = ps::fit_cox_mle(view);
  ASSERT_TRUE(fit.converged);
  ASSERT_TRUE(fit.warnings.empty());

  const ps::ScalarPrior flat{ps::PriorFamily::normal, 0.0, 1000.0, 0.0};
  const ps::SweepJob job = ps::test_support::laplace_job(view, {flat}, 8, 1500, 10000, 7);
  auto backend = ps::make_cpu_backend(2);
  const ps::SweepChunk all = ps::test_support::run_all(*backend, job);
  const std::vector<double> x = ps::test_support::coefficient_draws(all, job, 0, 0);
  const ps::ChainDraws cd{x.data(), job.chains, job.plan.draws};
  const ps::TermSummary s = ps::summarize_term(cd, [](double v) { return v; }, {0.95}, {});
  EXPECT_LT(s.rhat, 1.01);
  EXPECT_GT(s.ess_bulk, 1000);

  const double b = fit.coef[0], se = fit.se[0], z = 1.959963984540054;
  EXPECT_NEAR(std::exp(s.median), std::exp(b), 0.02);
  EXPECT_NEAR(s.interval_bounds[0], b - z * se, 0.03);
  EXPECT_NEAR(s.interval_bounds[1], b + z * se, 0.03);
}

}  // namespace

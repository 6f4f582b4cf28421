// Simulation-based calibration (Talts et al. 2018): draw the log HR from its
// prior, simulate a trial with it, sample the posterior, and record the rank
// of the true value among thinned posterior draws. A calibrated sampler gives
// uniform ranks; a chi-square test on 10 bins checks it (support/sbc.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "models/philox.hpp"
#include "support/sbc.hpp"
#include "support/simulated_trial.hpp"

namespace {

TEST(SimulationBasedCalibration, CoxTreatmentRanksAreUniform) {
  const int replications = 300;
  const int kept = 99;  // thinned draws per replication: ranks 0..99
  const ps::ScalarPrior prior{ps::PriorFamily::normal, 0.0, 0.5, 0.0};
  ps::Philox4x32 truth_rng(77, 0);
  auto backend = ps::make_cpu_backend(2);
  ps::test_support::SbcRanks ranks(kept);
  for (int r = 0; r < replications; ++r) {
    const double true_log_hr = prior.a + prior.b * truth_rng.normal();
    ps::TrialSimulation sim;
    sim.n_treatment = 40;
    sim.n_control = 40;
    sim.hazard_ratio = std::exp(true_log_hr);
    sim.centres = 1;
    sim.centre_sd = 0.0;
    sim.age_hr_per_10y = 1.0;
    sim.seed = 1000 + r;
    const ps::CoxDesign design = ps::build_cox_design(ps::test_support::simulated_cox_input(sim, false, false));
    const ps::SweepJob job = ps::test_support::laplace_job(design.view(), {prior}, 4, 300, 990, 5000 + r);
    const ps::SweepChunk all = ps::test_support::run_all(*backend, job);
    const std::vector<double> x = ps::test_support::coefficient_draws(all, job, 0, 0);
    // Every 40th draw: well beyond the autocorrelation time.
    ranks.add(ps::test_support::sbc_rank(x, kept, true_log_hr));
  }
  EXPECT_GT(ranks.p_value(), ps::test_support::kSbcMinPValue) << ranks.describe();
}

}  // namespace

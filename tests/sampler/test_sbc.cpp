// Simulation-based calibration (Talts et al. 2018): draw the log HR from its
// prior, simulate a trial with it, sample the posterior, and record the rank
// of the true value among thinned posterior draws. A calibrated sampler gives
// uniform ranks; a chi-square test on 10 bins checks it.
#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>

#include "models/philox.hpp"
#include "support/simulated_trial.hpp"

namespace {

TEST(SimulationBasedCalibration, CoxTreatmentRanksAreUniform) {
  const int replications = 300;
  const int kept = 99;  // thinned draws per replication: ranks 0..99
  const ps::ScalarPrior prior{ps::PriorFamily::normal, 0.0, 0.5, 0.0};
  ps::Philox4x32 truth_rng(77, 0);
  auto backend = ps::make_cpu_backend(2);
  std::vector<int> bins(10, 0);
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
    int rank = 0;
    const size_t stride = x.size() / kept;  // 40: well beyond the autocorrelation time
    for (int k = 0; k < kept; ++k) rank += x[k * stride] < true_log_hr;
    ++bins[rank * 10 / (kept + 1)];
  }
  double chi2 = 0.0;
  const double expected = replications / 10.0;
  for (int b : bins) chi2 += (b - expected) * (b - expected) / expected;
  const double p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(9), chi2));
  std::string hist;
  for (int b : bins) hist += std::to_string(b) + " ";
  EXPECT_GT(p_value, 0.001) << "rank histogram: " << hist << " chi2 " << chi2;
}

}  // namespace

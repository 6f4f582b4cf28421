// Streams are keyed by (seed, global prior, chain): a prior's draws must not
// depend on the other priors in the run, on the thread count or on chunking.
#include <gtest/gtest.h>

#include "support/simulated_trial.hpp"

namespace {

class Reproducibility : public ::testing::Test {
 protected:
  void SetUp() override {
    ps::TrialSimulation sim;
    sim.n_treatment = 30;
    sim.n_control = 30;
    sim.centres = 3;
    sim.seed = 5;
    design_ = ps::build_cox_design(ps::test_support::simulated_cox_input(sim, true, true));
  }
  ps::CoxDesign design_;
};

TEST_F(Reproducibility, PriorAloneEqualsPriorInsideGrid) {
  std::vector<ps::ScalarPrior> grid;
  for (double sd : {0.1, 0.5, 1.0, 2.0}) grid.push_back({ps::PriorFamily::normal, 0.0, sd, 0.0});
  const ps::SweepJob whole = ps::test_support::laplace_job(design_.view(), grid, 3, 100, 200, 9);
  // Prior 2 alone, with its global index kept.
  const ps::SweepJob alone = ps::test_support::laplace_job(design_.view(), {grid[2]}, 3, 100, 200, 9, 2);
  auto backend = ps::make_cpu_backend(2);
  const ps::SweepChunk a = ps::test_support::run_all(*backend, whole);
  const ps::SweepChunk b = ps::test_support::run_all(*backend, alone);
  const size_t per_prior = b.draws.size();
  ASSERT_EQ(a.draws.size(), 4 * per_prior);
  EXPECT_TRUE(std::equal(b.draws.begin(), b.draws.end(), a.draws.begin() + 2 * per_prior));
}

TEST_F(Reproducibility, ThreadCountDoesNotChangeDraws) {
  const std::vector<ps::ScalarPrior> grid = {{ps::PriorFamily::normal, 0.0, 1.0, 0.0},
                                             {ps::PriorFamily::student_t, 3.0, 0.0, 0.5}};
  const ps::SweepJob job = ps::test_support::laplace_job(design_.view(), grid, 4, 100, 200, 10);
  auto one = ps::make_cpu_backend(1);
  auto three = ps::make_cpu_backend(3);
  const ps::SweepChunk a = ps::test_support::run_all(*one, job);
  const ps::SweepChunk b = ps::test_support::run_all(*three, job);
  EXPECT_EQ(a.draws, b.draws);
  const ps::SweepJob other_seed = ps::test_support::laplace_job(design_.view(), grid, 4, 100, 200, 11);
  EXPECT_NE(a.draws, ps::test_support::run_all(*one, other_seed).draws);
}

TEST_F(Reproducibility, ThinKeepsEveryKthDrawOfTheSameChain) {
  const std::vector<ps::ScalarPrior> grid = {{ps::PriorFamily::normal, 0.0, 1.0, 0.0}};
  ps::SweepJob job = ps::test_support::laplace_job(design_.view(), grid, 2, 50, 300, 12);
  auto backend = ps::make_cpu_backend(2);
  const ps::SweepChunk all = ps::test_support::run_all(*backend, job);
  job.plan.thin = 7;  // 300 / 7 = 42 kept: draws 7, 14, ..., 294 (1-based)
  const ps::SweepChunk thinned = ps::test_support::run_all(*backend, job);
  const size_t d = job.dim();
  ASSERT_EQ(thinned.draws.size(), 2 * 42 * d);
  for (size_t c = 0; c < 2; ++c)
    for (size_t s = 0; s < 42; ++s)
      for (size_t k = 0; k < d; ++k)
        ASSERT_EQ(thinned.draws[(c * 42 + s) * d + k], all.draws[(c * 300 + 7 * s + 6) * d + k]) << c << " " << s;
  // The acceptance rate is over every iteration, kept or not.
  EXPECT_EQ(thinned.stats[0].accept_rate, all.stats[0].accept_rate);

  // Keeping only the treatment coefficient keeps exactly those values.
  job.plan.saved_coefficients = 1;
  const ps::SweepChunk treatment_only = ps::test_support::run_all(*backend, job);
  ASSERT_EQ(treatment_only.draws.size(), 2 * 42u);
  for (size_t c = 0; c < 2; ++c)
    for (size_t s = 0; s < 42; ++s)
      ASSERT_EQ(treatment_only.draws[c * 42 + s], thinned.draws[(c * 42 + s) * d]) << c << " " << s;
}

}  // namespace

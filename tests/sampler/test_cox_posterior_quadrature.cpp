// The CPU sweep on a one-parameter Cox model against numerical quadrature of
// the exact posterior (partial likelihood x prior on a fine grid, Simpson's
// rule), for a flat, a sceptical and a heavy-tailed prior.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "host/summary/summary.hpp"
#include "support/simulated_trial.hpp"

namespace {

struct ExactPosterior {
  std::vector<double> grid;
  std::vector<double> cdf;
  double cdf_at(double b) const {
    if (b <= grid.front()) return 0.0;
    if (b >= grid.back()) return 1.0;
    const size_t j = std::upper_bound(grid.begin(), grid.end(), b) - grid.begin();
    const double w = (b - grid[j - 1]) / (grid[j] - grid[j - 1]);
    return cdf[j - 1] + w * (cdf[j] - cdf[j - 1]);
  }
  double quantile(double p) const {
    const size_t j = std::lower_bound(cdf.begin(), cdf.end(), p) - cdf.begin();
    if (j == 0) return grid.front();
    const double w = (p - cdf[j - 1]) / (cdf[j] - cdf[j - 1]);
    return grid[j - 1] + w * (grid[j] - grid[j - 1]);
  }
};

// Posterior of the log HR on [-4, 4] (the likelihood is negligible outside).
ExactPosterior exact_posterior(const ps::CoxView& view, const ps::ScalarPrior& prior) {
  const int m = 40001;  // odd: Simpson panels
  ExactPosterior e;
  std::vector<double> logf(m);
  for (int j = 0; j < m; ++j) {
    const double b = -4.0 + 8.0 * j / (m - 1);
    e.grid.push_back(b);
    logf[j] = ps::cox_log_partial_likelihood(view, &b) + ps::prior_log_density(prior, b);
  }
  const double top = *std::max_element(logf.begin(), logf.end());
  const double h = e.grid[1] - e.grid[0];
  e.cdf.assign(m, 0.0);
  // Cumulative Simpson over pairs of panels, trapezoid inside for the odd points.
  for (int j = 2; j < m; j += 2) {
    const double f0 = std::exp(logf[j - 2] - top), f1 = std::exp(logf[j - 1] - top), f2 = std::exp(logf[j] - top);
    e.cdf[j - 1] = e.cdf[j - 2] + h * (f0 + f1) / 2;
    e.cdf[j] = e.cdf[j - 2] + h / 3 * (f0 + 4 * f1 + f2);
  }
  for (double& c : e.cdf) c /= e.cdf.back();
  return e;
}

TEST(CoxPosteriorQuadrature, SweepMatchesExactPosterior) {
  ps::TrialSimulation sim;
  sim.n_treatment = 60;
  sim.n_control = 60;
  sim.hazard_ratio = 0.7;
  sim.centres = 1;
  sim.centre_sd = 0.0;
  sim.seed = 11;
  const ps::CoxDesign design = ps::build_cox_design(ps::test_support::simulated_cox_input(sim, false, false));
  const ps::CoxView view = design.view();
  ASSERT_EQ(view.dim, 1);

  const std::vector<ps::ScalarPrior> priors = {
      {ps::PriorFamily::normal, 0.0, 1000.0, 0.0},      // the paper's flat N(0, 1e6)
      {ps::PriorFamily::normal, 0.0, 0.2, 0.0},         // sceptical
      {ps::PriorFamily::student_t, 3.0, -0.5, 0.3},     // heavy-tailed, optimistic
  };
  const ps::SweepJob job = ps::test_support::laplace_job(view, priors, 4, 1000, 20000, 2024);
  auto backend = ps::make_cpu_backend(2);
  const ps::SweepChunk all = ps::test_support::run_all(*backend, job);

  for (size_t p = 0; p < priors.size(); ++p) {
    SCOPED_TRACE("prior " + std::to_string(p));
    const ExactPosterior exact = exact_posterior(view, priors[p]);
    const std::vector<double> x = ps::test_support::coefficient_draws(all, job, p, 0);
    const ps::ChainDraws cd{x.data(), job.chains, job.plan.draws};
    const ps::TermSummary s = ps::summarize_term(cd, [](double v) { return std::exp(v); }, {0.95}, {1.0});
    ASSERT_GT(s.ess_bulk, 2000);
    EXPECT_LT(s.rhat, 1.01);
    // Compare on the probability scale: the exact CDF at the MCMC quantile
    // must be within 4.5 Monte-Carlo SEs (from the chains' ESS) of its level.
    for (auto [level, estimate] : {std::pair{0.5, s.median}, std::pair{0.025, s.interval_bounds[0]},
                                   std::pair{0.975, s.interval_bounds[1]}}) {
      const double tol = 4.5 * std::sqrt(level * (1 - level) / s.ess_tail);
      EXPECT_NEAR(exact.cdf_at(std::log(estimate)), level, tol) << "level " << level;
    }
    const double p_exact = exact.cdf_at(0.0);
    EXPECT_NEAR(s.p_below[0], p_exact, 4.5 * std::sqrt(p_exact * (1 - p_exact) / s.ess_bulk) + 1e-3);
  }
}

}  // namespace

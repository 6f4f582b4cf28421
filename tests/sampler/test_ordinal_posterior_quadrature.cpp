// The shared Metropolis sampler (models/metropolis.hpp) on the Bayesian
// cumulative-link model (models/ordinal_posterior.hpp) against the exact
// posterior by two-dimensional quadrature: a 3-category outcome with a
// treatment arm only, where the third (top) category is declared but empty,
// so the parameters are (beta, z1, z2) (log ratios of the category
// probabilities to category 0's) and only the cutpoint prior keeps the
// upper cutpoint from running to infinity. The treatment log odds ratio's posterior mean, SD and
// P(OR < 1) must match the quadrature within Monte-Carlo error.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/fit/ordinal_fit.hpp"
#include "host/summary/summary.hpp"
#include "models/ordinal_posterior.hpp"
#include "models/philox.hpp"
#include "models/metropolis.hpp"

namespace ps {
namespace {

struct Trial {
  std::vector<double> treatment;
  std::vector<int> category;
};

Trial small_trial() {
  // Control: 9 in category 0, 11 in 1; treatment: 14 in 0, 6 in 1; none in 2.
  Trial t;
  auto add = [&](int arm, int category, int count) {
    for (int k = 0; k < count; ++k) {
      t.treatment.push_back(arm);
      t.category.push_back(category);
    }
  };
  add(0, 0, 9);
  add(0, 1, 11);
  add(1, 0, 14);
  add(1, 1, 6);
  return t;
}

TEST(OrdinalPosteriorQuadrature, SamplerMatchesExactMarginalOfTheTreatmentEffect) {
  const Trial t = small_trial();
  OrdinalView v;
  v.n = static_cast<int>(t.category.size());
  v.n_categories = 3;
  v.n_coefficients = 1;
  v.dim = 3;
  v.link = OrdinalLink::logit;
  v.treatment = t.treatment.data();
  v.category = t.category.data();
  OrdinalPosterior posterior{v, ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                             ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0};

  // Exact: trapezoid rule over (beta, z1, z2) on a box holding all the mass
// (z2, the empty category's, has a long exponential left tail).
  // With a treatment arm only, the likelihood is a sum over (arm, category)
  // cells, so each grid point costs four log-probabilities.
  int cells[2][3] = {};
  for (size_t i = 0; i < t.category.size(); ++i) cells[static_cast<int>(t.treatment[i])][t.category[i]]++;
  const int m = 241;
  const double lo[3] = {-4.0, -3.5, -18.0}, hi[3] = {3.0, 3.0, 3.0};
  double h[3];
  for (int k = 0; k < 3; ++k) h[k] = (hi[k] - lo[k]) / (m - 1);
  const auto weight = [m](int j) { return (j == 0 || j == m - 1) ? 0.5 : 1.0; };
  double mass = 0.0, mean = 0.0, second = 0.0, below_zero = 0.0;
  for (int i = 0; i < m; ++i) {
    const double b = lo[0] + h[0] * i;
    double s = 0.0;
    for (int j = 0; j < m; ++j)
      for (int k = 0; k < m; ++k) {
        const double theta[3] = {b, lo[1] + h[1] * j, lo[2] + h[2] * k};
        double c[2];
        ordinal_cutpoints(v.link, 3, v.reference_category, theta + 1, c);
        double log_f = posterior.log_prior(theta);
        for (int arm = 0; arm < 2; ++arm)
          for (int y = 0; y < 3; ++y)
            if (cells[arm][y] > 0)
              log_f += cells[arm][y] * log_interval_probability(v.link, category_lower(c, y) - b * arm,
                                                                category_upper(c, 3, y) - b * arm);
        s += weight(j) * weight(k) * std::exp(log_f);
      }
    s *= weight(i);
    mass += s;
    mean += s * b;
    second += s * b * b;
    if (b < 0) below_zero += s;
  }
  mean /= mass;
  const double sd = std::sqrt(second / mass - mean * mean);
  below_zero /= mass;
  // Sampler: three parameters need no Laplace proposal; a diagonal scale,
  // tuned in warmup, does.
  ChainPlan plan;
  plan.warmup = 3000;
  plan.draws = 60000;
  plan.target_accept = default_target_accept(3);
  const double mode[3] = {-0.8, -0.3, -3.5};
  const double chol[9] = {0.6, 0, 0, 0, 0.4, 0, 0, 0, 1.3};
  const int chains = 4;
  std::vector<double> beta(static_cast<size_t>(chains) * plan.draws);
  std::vector<double> draws(static_cast<size_t>(plan.draws) * 3);
  for (int c = 0; c < chains; ++c) {
    Philox4x32 rng(77, c);
    ChainStats stats;
    run_chain(posterior, plan, mode, chol, rng, draws.data(), stats);
    for (int s = 0; s < plan.draws; ++s) beta[static_cast<size_t>(c) * plan.draws + s] = draws[s * 3];
  }
  const ChainDraws cd{beta.data(), chains, plan.draws};
  const TermSummary summary = summarize_term(cd, [](double x) { return x; }, {0.9}, {0.0});
  const double mcse = sd / std::sqrt(summary.ess_bulk);
  EXPECT_GT(summary.ess_bulk, 2000);
  EXPECT_LT(summary.rhat, 1.01);
  EXPECT_NEAR(summary.mean, mean, 5 * mcse);
  EXPECT_NEAR(summary.sd, sd, 0.05 * sd);
  EXPECT_NEAR(summary.p_below[0], below_zero, 0.02);
}

}  // namespace
}  // namespace ps

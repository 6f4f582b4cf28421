// With a nearly flat prior on a large simulated trial the posterior of the
// treatment log odds ratio is close to normal around the MLE: its median
// must match the maximum-likelihood estimate (host/fit/ordinal_fit.hpp)
// within Monte-Carlo error plus a small prior/asymptotic allowance, and its
// SD the MLE's standard error within a few percent. Declared scores 0..6 with
// one never reached, so the cutpoint prior is exercised too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/fit/numeric_laplace.hpp"
#include "host/fit/ordinal_fit.hpp"
#include "host/summary/summary.hpp"
#include "models/philox.hpp"
#include "support/single_prior_run.hpp"

namespace ps {
namespace {

TEST(OrdinalFlatPrior, PosteriorMedianMatchesTheMleOnALargeTrial) {
  const int n = 2000, K = 7;
  const double true_beta = -0.35, true_age = 0.02;
  const double cut[5] = {-2.0, -0.8, 0.3, 1.2, 2.4};  // six observed scores: 0, 1, 2, 3, 5, 6
  Philox4x32 rng(2024, 0);
  std::vector<double> treatment, age;
  std::vector<int> category;
  for (int i = 0; i < n; ++i) {
    const int arm = i % 2;
    const double a = 10.0 * rng.normal();  // centred age
    const double eta = true_beta * arm + true_age * a;
    const double u = rng.uniform();
    int y = 0;
    while (y < 5 && u > 1.0 / (1.0 + std::exp(-(cut[y] - eta)))) ++y;
    if (y >= 4) ++y;  // declared score 4 is never reached
    treatment.push_back(arm);
    age.push_back(a);
    category.push_back(y);
  }
  OrdinalView v;
  v.n = n;
  v.n_numeric = 1;
  v.n_categories = K;
  v.n_coefficients = 2;
  v.dim = 2 + K - 1;
  v.treatment = treatment.data();
  v.numeric = age.data();
  v.category = category.data();

  const OrdinalFit mle = fit_ordinal_mle(v);
  ASSERT_TRUE(mle.converged);
  ASSERT_EQ(mle.observed.size(), 6u);

  const ScalarPrior flat{PriorFamily::normal, 0.0, 1000.0, 0.0};
  const ScalarPrior nuisance{PriorFamily::normal, 0.0, 10.0, 0.0};
  const OrdinalPosterior shared{v, ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0}, nuisance, 1.0};
  Eigen::VectorXd start = Eigen::VectorXd::Zero(v.dim);
  start << mle.coef[0], mle.coef[1], -2.0, 0.0, 0.0, 0.0, 0.0, 0.0;
  const LaplaceBase base =
      numeric_laplace_base([&shared](const Eigen::VectorXd& t) { return shared.log_density(t.data()); }, start);
  const TermSummary s =
      test_support::treatment_summary_of_one_prior(OrdinalPosterior{v, ScalarPrior{}, nuisance, 1.0}, base, flat, 2000, 8000, 11);
  ASSERT_GT(s.ess_bulk, 1000);
  EXPECT_LT(s.rhat, 1.01);
  const double mcse = s.sd / std::sqrt(s.ess_bulk);
  EXPECT_NEAR(s.median, mle.coef[0], 4 * mcse + 0.02 * mle.coef_se[0]);
  EXPECT_NEAR(s.sd, mle.coef_se[0], 0.05 * mle.coef_se[0]);
}

}  // namespace
}  // namespace ps

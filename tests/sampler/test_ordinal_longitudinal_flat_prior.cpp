// With nearly flat priors on a large simulated longitudinal trial the
// posterior of the treatment log odds ratio is close to normal around the
// MLE: its median must match the maximum-likelihood estimate of the same
// quadrature approximation (host/fit/ordinal_longitudinal_fit.hpp) within
// Monte-Carlo error plus a small prior/asymptotic allowance, and its SD the
// MLE's standard error within a few percent. 600 patients x 4 days, 4 scores,
// a random intercept of SD 1.2 and day effects.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/fit/longitudinal_posterior_gradient.hpp"
#include "host/fit/numeric_laplace.hpp"
#include "host/fit/ordinal_longitudinal_fit.hpp"
#include "host/quadrature/gauss_hermite.hpp"
#include "host/summary/summary.hpp"
#include "models/philox.hpp"
#include "support/single_prior_run.hpp"

namespace ps {
namespace {

TEST(OrdinalLongitudinalFlatPrior, PosteriorMedianMatchesTheMleOnALargeTrial) {
  const int patients = 600, days = 4, K = 4;
  const double true_beta = -0.4, sd = 1.2;
  const double day_effect[days] = {0.0, -0.3, -0.6, -0.9};
  const double cut[K - 1] = {-1.0, 0.4, 1.8};
  Philox4x32 rng(77, 0);
  std::vector<double> treatment, numeric;
  std::vector<int> factor_param, category, first{0};
  // theta: [treatment, day 2, day 3, day 4, log sd, u1, u2, u3]
  for (int i = 0; i < patients; ++i) {
    const int arm = i % 2;
    const double b = sd * rng.normal();
    for (int t = 0; t < days; ++t) {
      const double eta = true_beta * arm + day_effect[t] + b;
      const double u = rng.uniform();
      int y = 0;
      while (y < K - 1 && u > 1.0 / (1.0 + std::exp(-(cut[y] - eta)))) ++y;
      treatment.push_back(arm);
      factor_param.push_back(t == 0 ? -1 : t);
      category.push_back(y);
    }
    first.push_back(static_cast<int>(category.size()));
  }
  const GaussHermiteRule rule = gauss_hermite_rule(7);
  OrdinalLongitudinalView v;
  v.n_patients = patients;
  v.predictors = PredictorColumns{static_cast<int>(category.size()), 0, 1, treatment.data(), numeric.data(),
                                  factor_param.data()};
  v.n_categories = K;
  v.n_coefficients = days;
  v.dim = days + 1 + K - 1;
  v.n_nodes = 7;
  v.first_observation = first.data();
  v.category = category.data();
  v.node = rule.node.data();
  v.log_weight = rule.log_weight.data();

  const OrdinalLongitudinalFit mle = fit_ordinal_longitudinal_mle(v);
  ASSERT_TRUE(mle.converged) << "iterations " << mle.iterations << ", max |gradient| " << mle.max_abs_gradient
                             << ", loglik " << mle.loglik << (mle.warnings.empty() ? "" : ", " + mle.warnings[0]);
  EXPECT_NEAR(mle.sd, sd, 0.25);

  const ScalarPrior flat{PriorFamily::normal, 0.0, 1000.0, 0.0};
  const ScalarPrior nuisance{PriorFamily::normal, 0.0, 100.0, 0.0};
  const ScalarPrior wide_sd{PriorFamily::normal, 0.0, 100.0, 0.0};  // half-normal(100): nearly flat
  const OrdinalLongitudinalPosterior shared{v, ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0}, nuisance, 1.0,
                                            wide_sd};
  Eigen::VectorXd start = Eigen::VectorXd::Zero(v.dim);
  for (int k = 0; k < days; ++k) start[k] = mle.coef[k];
  start[v.log_sd_index()] = mle.log_sd;
  start[v.cutpoint_offset()] = mle.cutpoints[0];
  for (int k = 1; k < K - 1; ++k) start[v.cutpoint_offset() + k] = std::log(mle.cutpoints[k] - mle.cutpoints[k - 1]);
  const LaplaceBase base = gradient_laplace_base(
      [&shared](const Eigen::VectorXd& t) { return longitudinal_posterior_gradient(shared, t); }, start);
  const TermSummary s =
      test_support::treatment_summary_of_one_prior(OrdinalLongitudinalPosterior{v, ScalarPrior{}, nuisance, 1.0, wide_sd}, base, flat, 1000, 4000, 12);
  ASSERT_GT(s.ess_bulk, 400);
  EXPECT_LT(s.rhat, 1.01);
  const double mcse = s.sd / std::sqrt(s.ess_bulk);
  EXPECT_NEAR(s.median, mle.coef[0], 4 * mcse + 0.03 * mle.coef_se[0]);
  EXPECT_NEAR(s.sd, mle.coef_se[0], 0.08 * mle.coef_se[0]);
}

}  // namespace
}  // namespace ps

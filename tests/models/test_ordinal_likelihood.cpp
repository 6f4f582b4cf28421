// The cumulative-link model (models/ordinal.hpp, host/fit/ordinal_fit.hpp)
// against independent computations:
//   - probabilities of 2- and 3-category tables written out by hand with
//     plain F(b) - F(a),
//   - deep tails against long-double closed forms (no cancellation),
//   - the gradient against central differences of the likelihood,
//   - the MLE of a 2-category model with one binary covariate against its
//     closed form (the 2x2 table's log odds ratio and the control logit),
//   - the induced-Dirichlet cutpoint prior: exp(log prior) over u integrates
//     to 1 / Gamma-constant of the Dirichlet (both Jacobians right).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/fit/ordinal_fit.hpp"
#include "models/ordinal.hpp"

namespace ps {
namespace {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// A table with a treatment column, one numeric covariate and no factor.
struct Table {
  std::vector<double> treatment, x;
  std::vector<int> category;
  OrdinalView view(int categories, OrdinalLink link) const {
    OrdinalView v;
    v.n = static_cast<int>(category.size());
    v.n_numeric = 1;
    v.n_categories = categories;
    v.n_coefficients = 2;
    v.dim = 2 + categories - 1;
    v.link = link;
    v.treatment = treatment.data();
    v.numeric = x.data();
    v.category = category.data();
    return v;
  }
};

const Table kSmall{{0, 1, 0, 1, 1, 0, 1, 0}, {0.5, -1.0, 0.2, 1.3, -0.4, 0.0, 0.9, -0.7}, {0, 2, 1, 1, 0, 2, 2, 1}};

TEST(OrdinalLikelihood, ThreeCategoriesByHand) {
  // theta = [beta_t, beta_x, u1, u2]: c1 = u1, c2 = u1 + exp(u2).
  const std::vector<double> theta = {0.7, -0.3, -0.5, std::log(1.2)};
  const double c1 = -0.5, c2 = -0.5 + 1.2;
  for (OrdinalLink link : {OrdinalLink::logit, OrdinalLink::probit}) {
    const auto F = [link](double z) { return link == OrdinalLink::logit ? logistic(z) : normal_cdf(z); };
    double expected = 0.0;
    for (size_t i = 0; i < kSmall.category.size(); ++i) {
      const double eta = 0.7 * kSmall.treatment[i] - 0.3 * kSmall.x[i];
      const int y = kSmall.category[i];
      const double p = y == 0 ? F(c1 - eta) : y == 1 ? F(c2 - eta) - F(c1 - eta) : 1.0 - F(c2 - eta);
      expected += std::log(p);
    }
    EXPECT_NEAR(ordinal_log_likelihood(kSmall.view(3, link), theta.data()), expected, 1e-12);
  }
}

TEST(OrdinalLikelihood, TwoCategoriesIsBinaryRegression) {
  const Table t{{0, 1, 1, 0}, {0.1, 0.2, -0.3, 0.4}, {0, 1, 0, 1}};
  const std::vector<double> theta = {0.4, 1.1, 0.25};
  double expected = 0.0;
  for (size_t i = 0; i < 4; ++i) {
    const double eta = 0.4 * t.treatment[i] + 1.1 * t.x[i];
    expected += std::log(t.category[i] == 0 ? logistic(0.25 - eta) : 1.0 - logistic(0.25 - eta));
  }
  EXPECT_NEAR(ordinal_log_likelihood(t.view(2, OrdinalLink::logit), theta.data()), expected, 1e-12);
}

TEST(OrdinalLikelihood, DeepTailsKeepTheirPrecision) {
  // Logit: F(b) - F(a) = S(a) - S(b) with S(z) = 1 / (1 + e^z), in long double.
  const auto logit_reference = [](long double a, long double b) {
    return std::log(1.0L / (1.0L + std::exp(a)) - 1.0L / (1.0L + std::exp(b)));
  };
  for (double a : {20.0, 30.0, 35.0}) {
    const double b = a + 0.5;
    EXPECT_NEAR(log_interval_probability(OrdinalLink::logit, a, b), static_cast<double>(logit_reference(a, b)),
                1e-12 * std::abs(static_cast<double>(logit_reference(a, b))));
    // The lower tail mirrors the upper one.
    EXPECT_NEAR(log_interval_probability(OrdinalLink::logit, -b, -a), log_interval_probability(OrdinalLink::logit, a, b),
                1e-12 * std::abs(log_interval_probability(OrdinalLink::logit, a, b)));
  }
  // Probit: Phi(-a) - Phi(-b) = (erfc(a/sqrt2) - erfc(b/sqrt2)) / 2 in long double.
  for (double a : {6.0, 8.0, 9.0}) {
    const double b = a + 0.25;
    const long double r = 1.0L / std::sqrt(2.0L);
    const double ref = static_cast<double>(std::log(0.5L * (std::erfc(a * r) - std::erfc(b * r))));
    EXPECT_NEAR(log_interval_probability(OrdinalLink::probit, a, b), ref, 1e-10 * std::abs(ref)) << a;
  }
  // Open ends and an empty interval.
  EXPECT_NEAR(log_interval_probability(OrdinalLink::logit, -HUGE_VAL, -40.0), -40.0, 1e-12);
  EXPECT_EQ(log_interval_probability(OrdinalLink::logit, 1.0, 1.0), neg_infinity());
  EXPECT_EQ(log_interval_probability(OrdinalLink::probit, -HUGE_VAL, HUGE_VAL), 0.0);
}

TEST(OrdinalGradient, MatchesCentralDifferences) {
  for (OrdinalLink link : {OrdinalLink::logit, OrdinalLink::probit}) {
    const OrdinalView v = kSmall.view(3, link);
    Eigen::VectorXd phi(4);
    phi << 0.7, -0.3, -0.5, 0.8;  // beta_t, beta_x, c1, c2
    const OrdinalGradient g = ordinal_gradient(v, phi);
    for (int j = 0; j < 4; ++j) {
      const double h = 1e-6;
      Eigen::VectorXd up = phi, down = phi;
      up[j] += h;
      down[j] -= h;
      const double fd = (ordinal_gradient(v, up).loglik - ordinal_gradient(v, down).loglik) / (2 * h);
      EXPECT_NEAR(g.gradient[j], fd, 1e-7) << "component " << j;
    }
    // The log-likelihood in cutpoint form equals the model's in u form.
    const std::vector<double> theta = {0.7, -0.3, -0.5, std::log(0.8 + 0.5)};
    EXPECT_NEAR(g.loglik, ordinal_log_likelihood(v, theta.data()), 1e-12);
  }
}

TEST(OrdinalFit, TwoCategoriesMatchTheTwoByTwoClosedForm) {
  // Control: 12 of 30 in category 0; treatment: 20 of 28. P(Y <= 0 | t) =
  // F(c - beta t), so c = logit(12/30) and beta = c - logit(20/28).
  Table t;
  auto add = [&](int arm, int category, int count) {
    for (int k = 0; k < count; ++k) {
      t.treatment.push_back(arm);
      t.category.push_back(category);
    }
  };
  add(0, 0, 12);
  add(0, 1, 18);
  add(1, 0, 20);
  add(1, 1, 8);
  OrdinalView v;
  v.n = static_cast<int>(t.category.size());
  v.n_categories = 2;
  v.n_coefficients = 1;
  v.dim = 2;
  v.treatment = t.treatment.data();
  v.category = t.category.data();
  const auto logit = [](double p) { return std::log(p / (1 - p)); };
  const OrdinalFit fit = fit_ordinal_mle(v);
  ASSERT_TRUE(fit.converged);
  EXPECT_NEAR(fit.cutpoints[0], logit(12.0 / 30.0), 1e-9);
  EXPECT_NEAR(fit.coef[0], logit(12.0 / 30.0) - logit(20.0 / 28.0), 1e-9);
  // Woolf: SE(log OR) = sqrt(1/12 + 1/18 + 1/20 + 1/8).
  EXPECT_NEAR(fit.coef_se[0], std::sqrt(1.0 / 12 + 1.0 / 18 + 1.0 / 20 + 1.0 / 8), 1e-6);
}

TEST(OrdinalFit, EmptyDeclaredCategoryIsCollapsed) {
  Table t = kSmall;
  for (int& y : t.category) y = y == 2 ? 3 : y;  // declared 0..3, category 2 empty
  const OrdinalFit collapsed = fit_ordinal_mle(t.view(4, OrdinalLink::logit));
  const OrdinalFit direct = fit_ordinal_mle(kSmall.view(3, OrdinalLink::logit));
  EXPECT_EQ(collapsed.observed, (std::vector<int>{0, 1, 3}));
  ASSERT_EQ(collapsed.cutpoints.size(), 2);
  EXPECT_NEAR(collapsed.loglik, direct.loglik, 1e-9);
  EXPECT_NEAR(collapsed.coef[0], direct.coef[0], 1e-8);
  EXPECT_EQ(collapsed.warnings.size(), 1u);
}

// Integral of exp(log prior) over u on a grid (trapezoid, wide box).
double integrated_cutpoint_prior(OrdinalLink link, double alpha) {
  const double lo1 = -12, hi1 = 12, lo2 = -14, hi2 = 4;
  const int n1 = 600, n2 = 600;
  const double h1 = (hi1 - lo1) / n1, h2 = (hi2 - lo2) / n2;
  double total = 0.0;
  for (int i = 0; i <= n1; ++i)
    for (int j = 0; j <= n2; ++j) {
      const double u[2] = {lo1 + i * h1, lo2 + j * h2};
      const double w = (i == 0 || i == n1 ? 0.5 : 1.0) * (j == 0 || j == n2 ? 0.5 : 1.0);
      total += w * std::exp(ordinal_cutpoint_log_prior(link, 3, u, alpha));
    }
  return total * h1 * h2;
}

TEST(OrdinalCutpointPrior, InducedDirichletIntegratesToItsConstant) {
  // Dirichlet(alpha x 3) has density Gamma(3 alpha) / Gamma(alpha)^3 times
  // prod pi^(alpha-1); the prior drops that constant.
  EXPECT_NEAR(integrated_cutpoint_prior(OrdinalLink::logit, 1.0), 1.0 / 2.0, 2e-3);
  EXPECT_NEAR(integrated_cutpoint_prior(OrdinalLink::probit, 1.0), 1.0 / 2.0, 2e-3);
  EXPECT_NEAR(integrated_cutpoint_prior(OrdinalLink::logit, 2.0), 1.0 / 120.0, 1e-4);
}

}  // namespace
}  // namespace ps

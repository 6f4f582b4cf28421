// The cumulative-link model (models/ordinal.hpp, host/fit/ordinal_fit.hpp)
// against independent computations:
//   - probabilities of 2- and 3-category tables written out by hand with
//     plain F(b) - F(a),
//   - deep tails against long-double closed forms (no cancellation),
//   - the gradient against central differences of the likelihood,
//   - the MLE of a 2-category model with one binary covariate against its
//     closed form (the 2x2 table's log odds ratio and the control logit),
//   - the cutpoint parameters z (log ratios of the reference patient's
//     category probabilities): cutpoints equal to F^-1 of the cumulative
//     softmax, in deep tails too, and the normal quantile from a log
//     probability against erfc,
//   - the induced-Dirichlet cutpoint prior: exp(log prior) over z integrates
//     to 1 / Gamma-constant of the Dirichlet (the Jacobian right), whichever
//     category is the reference.
#include <gtest/gtest.h>

#include <boost/math/special_functions/erf.hpp>
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
  // theta = [beta_t, beta_x, z1, z2] with z_y = log(pi_y / pi_0) of the
  // reference patient's category probabilities pi = (F(c1), F(c2) - F(c1),
  // 1 - F(c2)).
  const double c1 = -0.5, c2 = -0.5 + 1.2;
  for (OrdinalLink link : {OrdinalLink::logit, OrdinalLink::probit}) {
    const auto F = [link](double z) { return link == OrdinalLink::logit ? logistic(z) : normal_cdf(z); };
    const std::vector<double> theta = {0.7, -0.3, std::log((F(c2) - F(c1)) / F(c1)), std::log((1.0 - F(c2)) / F(c1))};
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
  // One cutpoint c = 0.25: z = log((1 - F(c)) / F(c)) = -c.
  const std::vector<double> theta = {0.4, 1.1, -0.25};
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
    // The log-likelihood in cutpoint form equals the model's in z form:
    // category probabilities F(c1), F(c2) - F(c1), 1 - F(c2), log ratios to
    // category 0's.
    const auto cdf = [link](double x) { return link == OrdinalLink::logit ? logistic(x) : normal_cdf(x); };
    const double pi[3] = {cdf(-0.5), cdf(0.8) - cdf(-0.5), 1.0 - cdf(0.8)};
    const std::vector<double> theta = {0.7, -0.3, std::log(pi[1] / pi[0]), std::log(pi[2] / pi[0])};
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

// The cutpoints of z for K = 4 with the reference category 2: F(c_k) is the
// cumulative softmax of w = (z0, z1, 0, z3), computed here in long double.
TEST(OrdinalCutpoints, AreTheQuantilesOfTheCumulativeSoftmax) {
  const double z[3] = {-1.2, 0.4, -2.5};
  const long double w[4] = {z[0], z[1], 0.0L, z[2]};
  long double total = 0.0L;
  for (long double x : w) total += std::exp(x);
  for (OrdinalLink link : {OrdinalLink::logit, OrdinalLink::probit}) {
    double c[3];
    ordinal_cutpoints(link, 4, 2, z, c);
    long double below = 0.0L;
    for (int k = 0; k < 3; ++k) {
      below += std::exp(w[k]);
      const long double s = below / total;
      const double expected = link == OrdinalLink::logit
                                  ? static_cast<double>(std::log(s / (1.0L - s)))
                                  : -std::sqrt(2.0) * boost::math::erfc_inv(static_cast<double>(2.0L * s));
      EXPECT_NEAR(c[k], expected, 1e-12) << "cutpoint " << k;
      if (k > 0) EXPECT_LT(c[k - 1], c[k]);
    }
  }
}

TEST(OrdinalCutpoints, KeepTheirDigitsInDeepTails) {
  // Category 0 at e^-300 of the reference (1), category 2 at e^-200: logit
  // c1 = -300 - log(1 + e^-200 + e^-300) = -300, c2 = log(1 + e^-300) + 200
  // = 200 (to double precision); probit: Phi(c1) = e^-300 / total.
  const double z[2] = {-300.0, -200.0};
  double c[2];
  ordinal_cutpoints(OrdinalLink::logit, 3, 1, z, c);
  EXPECT_NEAR(c[0], -300.0, 1e-12);
  EXPECT_NEAR(c[1], 200.0, 1e-12);
  ordinal_cutpoints(OrdinalLink::probit, 3, 1, z, c);
  EXPECT_NEAR(link_log_cdf(OrdinalLink::probit, c[0]), -300.0, 1e-10);
  EXPECT_NEAR(link_log_cdf(OrdinalLink::probit, -c[1]), -200.0, 1e-10);
}

TEST(OrdinalCutpoints, ParametersOfCutpointsRoundTrip) {
  const double c[4] = {-3.0, -0.2, 0.1, 2.5};
  for (OrdinalLink link : {OrdinalLink::logit, OrdinalLink::probit})
    for (int reference : {0, 2, 4}) {
      double z[4], back[4];
      ordinal_cutpoint_parameters(link, 5, reference, c, z);
      ordinal_cutpoints(link, 5, reference, z, back);
      for (int k = 0; k < 4; ++k) EXPECT_NEAR(back[k], c[k], 1e-13) << reference << " " << k;
    }
}

TEST(NormalQuantileOfLog, InvertsTheUpperTail) {
  // log Phi(-x) = l for l from log(1/2) down to far below the smallest
  // double; at 1/2 the quantile is 0.
  EXPECT_NEAR(normal_upper_quantile_of_log(std::log(0.5)), 0.0, 1e-15);
  for (double l : {-0.7, -1.0, -2.5, -10.0, -50.0, -300.0, -700.0, -800.0, -1e4, -1e6}) {
    const double x = normal_upper_quantile_of_log(l);
    EXPECT_NEAR(link_log_cdf(OrdinalLink::probit, -x), l, 1e-13 * std::abs(l)) << l;
  }
  // Against erfc directly where it does not underflow: Phi(-1.96) = 0.0249979.
  EXPECT_NEAR(normal_upper_quantile_of_log(std::log(0.5 * std::erfc(1.96 / std::sqrt(2.0)))), 1.96, 1e-13);
  EXPECT_EQ(normal_upper_quantile_of_log(neg_infinity()), HUGE_VAL);
}

TEST(NormalLogCdf, FarTailIsTheAsymptoticSeries) {
  // Below -30 the log cdf switches from erfc to the series; both sides of the
  // switch agree, and far below it stays finite (erfc would underflow).
  const double r = 1.0 / std::sqrt(2.0);
  EXPECT_NEAR(link_log_cdf(OrdinalLink::probit, -30.0), std::log(0.5 * std::erfc(30.0 * r)), 1e-12);
  EXPECT_NEAR(link_log_cdf(OrdinalLink::probit, -30.0 - 1e-9), std::log(0.5 * std::erfc((30.0 + 1e-9) * r)), 1e-7);
  // log Phi(-x) = -x^2/2 - log(x sqrt(2 pi)) + log(1 - 1/x^2 + ...) at x = 100.
  EXPECT_NEAR(link_log_cdf(OrdinalLink::probit, -100.0),
              -5000.0 - std::log(100.0 * std::sqrt(2.0 * M_PI)) + std::log1p(-1e-4 + 3e-8), 1e-10);
}

// Integral of exp(log prior) over z on a grid (trapezoid, wide box).
double integrated_cutpoint_prior(int reference, double alpha) {
  const double lo = -25, hi = 25;
  const int n = 1000;
  const double h = (hi - lo) / n;
  double total = 0.0;
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) {
      const double z[2] = {lo + i * h, lo + j * h};
      const double w = (i == 0 || i == n ? 0.5 : 1.0) * (j == 0 || j == n ? 0.5 : 1.0);
      total += w * std::exp(ordinal_cutpoint_log_prior(3, reference, z, alpha));
    }
  return total * h * h;
}

TEST(OrdinalCutpointPrior, InducedDirichletIntegratesToItsConstant) {
  // Dirichlet(alpha x 3) has density Gamma(3 alpha) / Gamma(alpha)^3 times
  // prod pi^(alpha-1); the prior drops that constant.
  EXPECT_NEAR(integrated_cutpoint_prior(0, 1.0), 1.0 / 2.0, 1e-4);
  EXPECT_NEAR(integrated_cutpoint_prior(1, 1.0), 1.0 / 2.0, 1e-4);
  EXPECT_NEAR(integrated_cutpoint_prior(2, 2.0), 1.0 / 120.0, 1e-6);
}

}  // namespace
}  // namespace ps

// The random-intercept ordinal likelihood (models/ordinal_longitudinal.hpp)
// against R's ordinal::clmm objective at a fixed parameter vector -- the
// model without any optimiser -- and against the exact marginal likelihood.
// Values from scripts/r_reference/ordinal_reference.R (ordinal_reference.out;
// R 4.2.2, ordinal 2022.11.16): `loglik_at_fixed` of
//   clmm(factor(rating) ~ warm + contact + (1 | judge), data = wine,
//        link = "logit", nAGQ = 1 | 5 | 10, control = clmm_ctl)
//   clmm(factor(who) ~ treatment + age_c + factor(day) + (1 | id),
//        data = who_long, link = "logit", nAGQ = 1 | 10, control = clmm_ctl)
// (the script checks its formula against ordinal's own objective to 1e-8
// for AGQ and 1e-6 for Laplace), and `loglik_exact_integral_at_fixed`
// (integrate(), rel.tol 1e-13).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/quadrature/gauss_hermite.hpp"
#include "models/ordinal_longitudinal.hpp"
#include "support/longitudinal_fixtures.hpp"

namespace ps {
namespace {

using testing::load_longitudinal;
using testing::who_long_columns;
using testing::wine_columns;

// R's parameter vector (thresholds for uncentred covariates, beta, log sd)
// as the model's theta (beta, log sd, z): cutpoints shifted to the design's centring and
// mapped to the log ratios z (models/ordinal.hpp).
std::vector<double> theta_from_r(const OrdinalLongitudinalDesign& d, const std::vector<double>& thresholds,
                                 const std::vector<double>& beta, double log_sd,
                                 const std::vector<double>& r_center) {
  double shift = 0.0;
  for (int j = 0; j < d.rows.n_numeric; ++j) shift += beta[1 + j] * (d.rows.numeric_center[j] - r_center[j]);
  std::vector<double> theta(beta);
  theta.push_back(log_sd);
  std::vector<double> c;
  for (double t : thresholds) c.push_back(t - shift);
  const OrdinalLongitudinalView v = d.view();
  theta.resize(beta.size() + 1 + c.size());
  ordinal_cutpoint_parameters(v.link, v.n_categories, v.reference_category, c.data(), theta.data() + beta.size() + 1);
  return theta;
}

double wine_loglik(int nodes, double log_sd) {
  const OrdinalLongitudinalDesign d = load_longitudinal("wine.csv", wine_columns(), nodes);
  // R's wine fit has uncentred contact (0/1); its thresholds are for contact = 0.
  const std::vector<double> theta = theta_from_r(d, {-1.6, 1.5, 4.2, 6.1}, {3.1, 1.8}, log_sd, {0.0});
  return ordinal_longitudinal_log_likelihood(d.view(), theta.data());
}

TEST(OrdinalLongitudinalLikelihood, WineMatchesClmmLaplaceAndAdaptiveQuadrature) {
  EXPECT_NEAR(wine_loglik(1, 0.12), -81.578201666756939, 1e-9);
  EXPECT_NEAR(wine_loglik(5, 0.13), -81.545411833751757, 1e-9);
  EXPECT_NEAR(wine_loglik(10, 0.13), -81.545392960279457, 1e-9);
}

TEST(OrdinalLongitudinalLikelihood, ManyNodesReachTheExactIntegral) {
  EXPECT_NEAR(wine_loglik(40, 0.13), -81.545392959735821, 1e-9);
  EXPECT_NEAR(wine_loglik(40, 0.12), -81.54533036986652, 1e-9);
}

double who_long_loglik(int nodes, double day7) {
  const OrdinalLongitudinalDesign d = load_longitudinal("who_long.csv", who_long_columns(), nodes);
  EXPECT_EQ(d.n_patients, 60);
  EXPECT_EQ(d.rows.n, 300);
  // R: treatment, age_c (age centred at 60.716666666666669), days 4, 7, 10, 14.
  const std::vector<double> theta =
      theta_from_r(d, {-7, -5.6, -3.3, -1.3, 0.48, 1.6, 2.2, 2.4, 2.8}, {-1, 0.079, -0.59, day7, -1.5, -2.2}, 1.1,
                   {60.716666666666669});
  return ordinal_longitudinal_log_likelihood(d.view(), theta.data());
}

TEST(OrdinalLongitudinalLikelihood, WhoLongMatchesClmm) {
  EXPECT_NEAR(who_long_loglik(1, -0.92), -482.70043787295606, 1e-8);
  EXPECT_NEAR(who_long_loglik(10, -0.93), -481.76520780228844, 1e-8);
  EXPECT_NEAR(who_long_loglik(60, -0.92), -481.76214454670259, 1e-8);
}

// Hand-computed: one patient, one observation, two levels. The integral of
// F(c - sigma u) phi(u) du for the probit link is Phi(c / sqrt(1 + sigma^2))
// in closed form.
TEST(OrdinalLongitudinalLikelihood, ProbitSingleObservationClosedForm) {
  const std::vector<double> treatment{0.0}, numeric{};
  const std::vector<int> factor_param{}, first{0, 1}, category{0};
  // Adaptive quadrature converges fast but not instantly here: for sigma = 3
  // the integrand is a normal density cut by a steep probit edge.
  for (int nodes : {5, 20, 60}) {
    const GaussHermiteRule rule = gauss_hermite_rule(nodes);
    OrdinalLongitudinalView v;
    v.n_patients = 1;
    v.predictors = PredictorColumns{1, 0, 0, treatment.data(), numeric.data(), factor_param.data()};
    v.n_categories = 2;
    v.n_coefficients = 1;
    v.dim = 3;
    v.n_nodes = nodes;
    v.link = OrdinalLink::probit;
    v.first_observation = first.data();
    v.category = category.data();
    v.node = rule.node.data();
    v.log_weight = rule.log_weight.data();
    for (double sigma : {0.1, 1.0, 3.0}) {
      const double c = 0.7;
      // z = log(P(Y = 1) / P(Y = 0)) of the reference patient = log(Phi(-c) / Phi(c)).
      const double z = std::log(0.5 * std::erfc(c / std::sqrt(2.0))) - std::log(0.5 * std::erfc(-c / std::sqrt(2.0)));
      const double theta[3] = {0.0, std::log(sigma), z};
      const double exact = std::log(0.5 * std::erfc(-c / std::sqrt(1.0 + sigma * sigma) / std::sqrt(2.0)));
      const double tolerance = nodes == 5 ? 2e-2 : nodes == 20 ? 2e-6 : 1e-11;
      EXPECT_NEAR(ordinal_longitudinal_log_likelihood(v, theta), exact, tolerance)
          << "nodes " << nodes << " sigma " << sigma;
    }
  }
}

TEST(GaussHermite, IntegratesPolynomialsExactly) {
  for (int n : {1, 2, 5, 10, 30}) {
    const GaussHermiteRule r = gauss_hermite_rule(n);
    // integral x^(2m) exp(-x^2) dx = Gamma(m + 1/2)
    for (int m = 0; 2 * m < 2 * n; ++m) {
      double sum = 0.0;
      for (int k = 0; k < n; ++k) sum += r.weight[k] * std::pow(r.node[k], 2 * m);
      EXPECT_NEAR(sum / std::tgamma(m + 0.5), 1.0, 1e-12) << "n " << n << " m " << m;
    }
    for (int k = 1; k < n; ++k) EXPECT_LT(r.node[k - 1], r.node[k]);
  }
  // Known 3-point rule: +-sqrt(3/2), 0 with weights sqrt(pi)/6, 2 sqrt(pi)/3.
  const GaussHermiteRule r3 = gauss_hermite_rule(3);
  EXPECT_NEAR(r3.node[2], std::sqrt(1.5), 1e-15);
  EXPECT_NEAR(r3.weight[1], 2.0 * std::sqrt(M_PI) / 3.0, 1e-15);
  EXPECT_THROW(gauss_hermite_rule(0), std::invalid_argument);
}

}  // namespace
}  // namespace ps

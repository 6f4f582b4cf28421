// The random-intercept ordinal MLE (host/fit/ordinal_longitudinal_fit.hpp):
// its analytic gradient against central differences of the model's
// log-likelihood, and the fit against R's ordinal::clmm. Values from
// scripts/r_reference/ordinal_reference.R (output in ordinal_reference.out;
// R 4.2.2, ordinal 2022.11.16, numDeriv 2016.8-1.1), with
//   clmm_ctl = clmm.control(method = "nlminb", gradTol = 1e-10, maxIter = 200, innerCtrl = "noWarn")
// - wine (Randall 1989, shipped with ordinal; tests/fixtures/wine.csv), contact uncentred:
//   clmm(factor(rating) ~ warm + contact + (1 | judge), data = wine, link = "logit",
//        nAGQ = 1 | 5 | 10, control = clmm_ctl)
// - who_long (simulated by make_ordinal_data.R; tests/fixtures/who_long.csv),
//   age_c = age - 60.716666666666669 (the mean):
//   clmm(factor(who) ~ treatment + age_c + factor(day) + (1 | id), data = who_long,
//        link = "logit", nAGQ = 1 | 10, control = clmm_ctl)
// Each fit is checked against `<name>.polished.*`, the optimum of the same
// Laplace / adaptive Gauss-Hermite objective refined by the script to a
// gradient of ~5e-11 (SEs from a Richardson-extrapolated Hessian, good to
// ~1e-6), and, more loosely, against `<name>.ordinal.*`, what clmm itself
// returns (nlminb stops ~3e-6 .. 2e-4 from the optimum). clmm's own SEs are
// not used: its central-difference Hessian of a slightly noisy Laplace
// objective is off by up to 1% (wine) or not positive definite (who_long).
// Tolerances (relative): estimates 1e-8, SEs 1e-6, loglik 1e-9 absolute;
// clmm's own estimates 1e-3. A fit with the wrong number of nodes misses the
// estimates by >= 5e-5, so the tests tell nAGQ = 5 from 10.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "host/fit/ordinal_longitudinal_fit.hpp"
#include "host/quadrature/gauss_hermite.hpp"
#include "models/ordinal_longitudinal.hpp"
#include "support/longitudinal_fixtures.hpp"

namespace ps {
namespace {

using testing::load_longitudinal;
using testing::who_long_columns;
using testing::wine_columns;

// ---- the gradient -------------------------------------------------------------------

// phi = [beta, cutpoints, log sigma] as the model's theta: beta, the
// unconstrained u and log sigma where the view puts them.
std::vector<double> theta_of(const OrdinalLongitudinalView& v, const Eigen::VectorXd& phi) {
  const int p = v.n_coefficients;
  std::vector<double> theta(phi.data(), phi.data() + p);
  theta.resize(v.dim);
  theta[v.log_sd_index()] = phi[v.dim - 1];
  ordinal_cutpoint_parameters(v.link, v.n_categories, v.reference_category, phi.data() + p,
                              theta.data() + v.cutpoint_offset());
  return theta;
}

// Several parameter vectors per design: beta, cutpoints and log sigma
// around and away from the estimates, probit ones on the probit scale.
std::vector<Eigen::VectorXd> probe_points(const OrdinalLongitudinalDesign& d, OrdinalLink link) {
  const bool wine = d.rows.n_categories == 5;
  const std::vector<double> beta =
      wine ? std::vector<double>{3.0, 1.8} : std::vector<double>{-1, 0.08, -0.6, -0.9, -1.5, -2.2};
  const std::vector<double> cuts = wine ? std::vector<double>{-2.5, 0.6, 3.3, 5.2}
                                        : std::vector<double>{-7, -5.6, -3.3, -1.3, 0.5, 1.6, 2.2, 2.4, 2.8};
  const double scale = link == OrdinalLink::probit ? 1.0 / 1.7 : 1.0;
  std::vector<Eigen::VectorXd> points;
  for (double log_sd : {-1.5, 0.1, 1.2}) {
    for (double tilt : {0.0, 0.3}) {
      Eigen::VectorXd phi(d.dim);
      int j = 0;
      for (double b : beta) phi[j++] = scale * b * (1.0 - tilt);
      for (size_t k = 0; k < cuts.size(); ++k) phi[j++] = scale * (cuts[k] + tilt * (0.5 - 0.2 * k));
      phi[j] = log_sd;
      points.push_back(phi);
    }
  }
  return points;
}

// Richardson-extrapolated central difference: truncation O(step^4), about
// 1e-9 relative here (larger steps lose to the fifth derivative in age).
double numeric_derivative(const OrdinalLongitudinalView& v, Eigen::VectorXd phi, int j) {
  const double step = 2e-4 * std::max(1.0, std::abs(phi[j])), x = phi[j];
  auto at = [&](double dx) {
    phi[j] = x + dx;
    return ordinal_longitudinal_log_likelihood(v, theta_of(v, phi).data());
  };
  return (8.0 * (at(step) - at(-step)) - (at(2 * step) - at(-2 * step))) / (12.0 * step);
}

TEST(OrdinalLongitudinalGradient, MatchesFiniteDifferencesOfTheModelLikelihood) {
  int checked = 0;
  for (const bool wine : {true, false}) {
    for (const OrdinalLink link : {OrdinalLink::logit, OrdinalLink::probit}) {
      for (const int nodes : {1, 5, 10}) {
        const OrdinalLongitudinalDesign d = wine ? load_longitudinal("wine.csv", wine_columns(), nodes, link)
                                                 : load_longitudinal("who_long.csv", who_long_columns(), nodes, link);
        const OrdinalLongitudinalView v = d.view();
        for (const Eigen::VectorXd& phi : probe_points(d, link)) {
          const OrdinalGradient g = ordinal_longitudinal_gradient(v, phi);
          const double model = ordinal_longitudinal_log_likelihood(v, theta_of(v, phi).data());
          ASSERT_TRUE(std::isfinite(model));
          EXPECT_NEAR(g.loglik, model, 1e-12 * std::abs(model));
          for (int j = 0; j < d.dim; ++j) {
            const double fd = numeric_derivative(v, phi, j);
            EXPECT_NEAR(g.gradient[j], fd, 1e-7 * std::max(1.0, std::abs(fd)))
                << (wine ? "wine" : "who_long") << " link " << static_cast<int>(link) << " nodes " << nodes
                << " parameter " << j << " log sd " << phi[d.dim - 1];
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 2 * 3 * 6 * (7 + 16));
}

TEST(OrdinalLongitudinalGradient, UnorderedCutpointsAreImpossible) {
  const OrdinalLongitudinalDesign d = load_longitudinal("wine.csv", wine_columns(), 5);
  Eigen::VectorXd phi(7);
  phi << 3.0, 1.8, -1.0, 2.0, 1.5, 5.0, 0.1;
  EXPECT_EQ(ordinal_longitudinal_gradient(d.view(), phi).loglik, -HUGE_VAL);
}

// Every patient's two scores average the middle category, so the patients
// do not differ at all: the SD estimate is on the boundary sigma = 0, where
// the log-likelihood is that of the pooled single-day model. The fit must
// still converge (log sigma drifts off with a vanishing gradient), say so,
// and collapse the declared category nobody reached.
TEST(OrdinalLongitudinalFit, StandardDeviationOnTheBoundaryIsFlagged) {
  const int patients = 30;
  const int pairs[3][2] = {{0, 2}, {2, 0}, {1, 1}};
  std::vector<double> treatment;
  std::vector<int> first{0}, category;
  for (int i = 0; i < patients; ++i) {
    for (int t = 0; t < 2; ++t) {
      treatment.push_back(i % 2);
      category.push_back(pairs[i % 3][t]);
    }
    first.push_back(2 * (i + 1));
  }
  const GaussHermiteRule rule = gauss_hermite_rule(5);
  OrdinalLongitudinalView v;
  v.n_patients = patients;
  v.predictors = PredictorColumns{2 * patients, 0, 0, treatment.data(), nullptr, nullptr};
  v.n_categories = 4;  // the last declared category is empty
  v.n_coefficients = 1;
  v.dim = 1 + 3 + 1;
  v.n_nodes = 5;
  v.first_observation = first.data();
  v.category = category.data();
  v.node = rule.node.data();
  v.log_weight = rule.log_weight.data();
  const OrdinalLongitudinalFit fit = fit_ordinal_longitudinal_mle(v);
  EXPECT_TRUE(fit.converged);
  EXPECT_LT(fit.sd, 1e-3);
  EXPECT_EQ(fit.observed, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(fit.cutpoints.size(), 2);
  ASSERT_EQ(fit.warnings.size(), 2u);
  EXPECT_NE(fit.warnings[0].find("collapsed"), std::string::npos);
  EXPECT_NE(fit.warnings[1].find("random-intercept SD"), std::string::npos);

  OrdinalView pooled;
  pooled.n = 2 * patients;
  pooled.n_categories = 4;
  pooled.n_coefficients = 1;
  pooled.dim = 4;
  pooled.treatment = treatment.data();
  pooled.category = category.data();
  const OrdinalFit single_day = fit_ordinal_mle(pooled);
  EXPECT_NEAR(fit.loglik, single_day.loglik, 1e-8);
  EXPECT_NEAR(fit.coef[0], single_day.coef[0], 1e-4);
}

// ---- the fit against clmm ---------------------------------------------------------------

struct ClmmReference {
  // .polished: the optimum of clmm's objective
  std::vector<double> theta, theta_se, beta, beta_se;
  double sd, log_sd, log_sd_se, sd_se_delta, loglik;
  // .ordinal: clmm's own estimates
  std::vector<double> ordinal_theta, ordinal_beta;
  double ordinal_sd;
};

void expect_rel(double got, double want, double tol, const std::string& what) {
  EXPECT_NEAR(got, want, tol * std::abs(want)) << what;
}

// r_center: R's centring of the numeric covariates (0: uncentred).
OrdinalLongitudinalFit expect_matches_clmm(const OrdinalLongitudinalDesign& d, const std::vector<double>& r_center,
                                           const ClmmReference& r) {
  const OrdinalLongitudinalFit fit = fit_ordinal_longitudinal_mle(d.view());
  EXPECT_TRUE(fit.converged);
  EXPECT_LT(fit.max_abs_gradient, 1e-8);
  EXPECT_TRUE(fit.warnings.empty()) << fit.warnings.front();
  EXPECT_EQ(fit.coef.size(), static_cast<int>(r.beta.size()));
  EXPECT_EQ(fit.cutpoints.size(), static_cast<int>(r.theta.size()));
  if (fit.coef.size() != static_cast<int>(r.beta.size()) || fit.cutpoints.size() != static_cast<int>(r.theta.size()))
    return fit;
  std::vector<double> center(d.rows.numeric_center);
  for (size_t j = 0; j < center.size(); ++j) center[j] -= r_center[j];
  const Cutpoints c = uncentred_cutpoints(fit, center);

  // Against the optimum of the same objective: estimates to 1e-8 (they agree
  // to ~1e-10), SEs to 1e-6 (the reference Hessian is good to ~1e-6; they
  // agree to ~2e-7), loglik to 1e-9 (~2e-13); against clmm's own optimum 1e-3.
  for (size_t k = 0; k < r.beta.size(); ++k) {
    expect_rel(fit.coef[k], r.beta[k], 1e-8, "beta " + std::to_string(k));
    expect_rel(fit.coef_se[k], r.beta_se[k], 1e-6, "se beta " + std::to_string(k));
    expect_rel(fit.coef[k], r.ordinal_beta[k], 1e-3, "clmm beta " + std::to_string(k));
  }
  for (size_t k = 0; k < r.theta.size(); ++k) {
    expect_rel(c.estimate[k], r.theta[k], 1e-8, "theta " + std::to_string(k));
    expect_rel(c.se[k], r.theta_se[k], 1e-6, "se theta " + std::to_string(k));
    expect_rel(c.estimate[k], r.ordinal_theta[k], 1e-3, "clmm theta " + std::to_string(k));
  }
  expect_rel(fit.sd, r.sd, 1e-8, "sd");
  expect_rel(fit.log_sd, r.log_sd, 1e-8, "log sd");
  expect_rel(fit.log_sd_se, r.log_sd_se, 1e-6, "se log sd");
  expect_rel(fit.sd_se, r.sd_se_delta, 1e-6, "se sd (delta method)");
  expect_rel(fit.sd, r.ordinal_sd, 1e-3, "clmm sd");
  EXPECT_NEAR(fit.loglik, r.loglik, 1e-9);
  return fit;
}

const ClmmReference kWineAgq1{{-1.6236694821940463, 1.513356900796349, 4.2285204130762866, 6.0887693892298094},
                              {0.68243655944034209, 0.60373509668248315, 0.80895539976872344, 0.97245585153127412},
                              {3.0630003925066824, 1.8349006205739176},
                              {0.59539097497911198, 0.51255825192950699},
                              1.131139557834923,
                              0.12322558283281596,
                              0.35261053793991837,
                              0.3988517279732936,
                              -81.565412776492664,
                              {-1.6236717114570398, 1.5133541809989388, 4.2285188820040327, 6.0887668255957665},
                              {3.0629993141030161, 1.8348996878156185},
                              1.1311391416274585};

const ClmmReference kWineAgq5{{-1.6234938737147011, 1.5127912806806354, 4.2270493636077759, 6.0861470545411498},
                              {0.68338719447566576, 0.60443662244474883, 0.80897735927304792, 0.97193785666437893},
                              {3.0618944214939003, 1.8334268010738493},
                              {0.59507713091860215, 0.51216914856155216},
                              1.1347801364911219,
                              0.12643891982608294,
                              0.35186884244437322,
                              0.39929377305599889,
                              -81.532479589335637,
                              {-1.6234878511528568, 1.5127931632833289, 4.2270482843239776, 6.0861446867554818},
                              {3.0618882132307772, 1.8334289256226441},
                              1.1347760919493783};

const ClmmReference kWineAgq10{{-1.6234934689979807, 1.5127941579008344, 4.227054526779062, 6.0861546381495097},
                               {0.68338756422144598, 0.60443864951165105, 0.80897986778950892, 0.97194160342243408},
                               {3.0618971901459364, 1.8334312438467582},
                               {0.59507726080415968, 0.51217163921597031},
                               1.1347873377689583,
                               0.12644526577342155,
                               0.35187113087118732,
                               0.39929890383906741,
                               -81.532460711544175,
                               {-1.6234874519721643, 1.5127960390505626, 4.2270534541998614, 6.0861522784000259},
                               {3.0618909923846043, 1.8334333654155011},
                               1.1347832978256818};

const ClmmReference kWhoLongAgq1{
    {-6.9846323887006418, -5.5607862656787503, -3.2531219576520769, -1.3259286594759492, 0.48114800488730647,
     1.5911694852341647, 2.1926758762122049, 2.3978800111269121, 2.7640366177076916},
    {0.77943081279283022, 0.72924505601699852, 0.68080135066916203, 0.65902617910290673, 0.64846949812990207,
     0.65394944741828454, 0.66375826015312489, 0.66870839367758472, 0.68023639662712221},
    {-1.0393843175292836, 0.079303296706611057, -0.59136778938160039, -0.92457603321399195, -1.5326605642670874,
     -2.2427111312442674},
    {0.82859171057819403, 0.037351082808010055, 0.35230966700520217, 0.36088299948007335, 0.36749456035517059,
     0.38871258032124156},
    3.059007272060708,
    1.118090442433253,
    0.12262806143874998,
    0.37512013169984348,
    -482.56166646161716,
    {-6.9844799990347015, -5.5606373964164719, -3.2529979006031122, -1.3258176408798716, 0.48125142297846013,
     1.5912579395135986, 2.1927554577311104, 2.3979546658231237, 2.7641056464784155},
    {-1.0393054090848872, 0.079304847637306011, -0.59134925449324538, -0.92455358253448072, -1.5326353433739346,
     -2.2426857321621059},
    3.0589860335710397};

const ClmmReference kWhoLongAgq10{
    {-6.988939045708638, -5.5650107774678634, -3.2585968112513575, -1.3317259515801867, 0.47547261096866522,
     1.586635309083122, 2.1883859263909375, 2.3936931673240416, 2.7600699359707788},
    {0.7828057672088905, 0.73273979102275621, 0.68444824414697991, 0.662695203563336, 0.6520599539013473,
     0.65741716566898256, 0.6670157358617318, 0.67188959317557073, 0.68328337557811447},
    {-1.0424848447782855, 0.079403334024784764, -0.59348576581514245, -0.9257719166922429, -1.5313525266411059,
     -2.238715802623902},
    {0.83404584772356472, 0.03760062613112887, 0.35229883068778617, 0.36083176495984243, 0.36727332515404787,
     0.38843214781235247},
    3.0812331465180054,
    1.1253298891040076,
    0.12310579348788311,
    0.37931765142326584,
    -481.60936868338445,
    {-6.9889419568421873, -5.5650166252642546, -3.2586088902719208, -1.3317318522968473, 0.47547548650517002,
     1.5866408348699443, 2.1883925638044661, 2.3936971956368303, 2.7600791773686724},
    {-1.0425006823710472, 0.079403725160989647, -0.5934885544345545, -0.92577543802086937, -1.5313583583518573,
     -2.2387225642110646},
    3.0812389214042719};

const std::vector<double> kWineCenter{0.0};                    // contact uncentred in R
const std::vector<double> kWhoLongCenter{60.716666666666669};  // age_c

TEST(OrdinalLongitudinalFitVsR, WineLaplace) {
  expect_matches_clmm(load_longitudinal("wine.csv", wine_columns(), 1), kWineCenter, kWineAgq1);
}

TEST(OrdinalLongitudinalFitVsR, WineAdaptiveQuadrature5) {
  expect_matches_clmm(load_longitudinal("wine.csv", wine_columns(), 5), kWineCenter, kWineAgq5);
}

TEST(OrdinalLongitudinalFitVsR, WineAdaptiveQuadrature10) {
  expect_matches_clmm(load_longitudinal("wine.csv", wine_columns(), 10), kWineCenter, kWineAgq10);
}

TEST(OrdinalLongitudinalFitVsR, WhoLongLaplace) {
  const OrdinalLongitudinalFit fit =
      expect_matches_clmm(load_longitudinal("who_long.csv", who_long_columns(), 1), kWhoLongCenter, kWhoLongAgq1);
  EXPECT_EQ(fit.observed, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(OrdinalLongitudinalFitVsR, WhoLongAdaptiveQuadrature10) {
  expect_matches_clmm(load_longitudinal("who_long.csv", who_long_columns(), 10), kWhoLongCenter, kWhoLongAgq10);
}

// From a poor start (beta = 0, narrow cutpoints, sigma = 12) Newton wanders
// to sigma ~ 0, where the gradient in log sigma vanishes although the
// likelihood is 5 log units below the maximum; the restart at sigma = 1
// must still find clmm's optimum.
TEST(OrdinalLongitudinalFitVsR, WinePoorStartStillFindsTheOptimum) {
  const OrdinalLongitudinalDesign d = load_longitudinal("wine.csv", wine_columns(), 10);
  Eigen::VectorXd start(7);
  start << 0.0, 0.0, -0.45, -0.15, 0.15, 0.45, 2.5;
  const OrdinalLongitudinalFit fit = fit_ordinal_longitudinal_mle(d.view(), {}, start);
  EXPECT_TRUE(fit.converged);
  EXPECT_TRUE(fit.warnings.empty());
  EXPECT_NEAR(fit.loglik, kWineAgq10.loglik, 1e-9);
  expect_rel(fit.sd, kWineAgq10.sd, 1e-8, "sd");
  expect_rel(fit.coef[0], kWineAgq10.beta[0], 1e-8, "beta warm");
}

// The references are sharp enough to tell the quadratures apart: a fit with
// the wrong number of nodes misses them by far more than the tolerances.
TEST(OrdinalLongitudinalFitVsR, WrongQuadratureMissesTheReference) {
  const OrdinalLongitudinalFit five =
      fit_ordinal_longitudinal_mle(load_longitudinal("wine.csv", wine_columns(), 5).view());
  EXPECT_GT(std::abs(five.loglik - kWineAgq10.loglik), 1e-6);
  EXPECT_GT(std::abs(five.sd - kWineAgq10.sd) / kWineAgq10.sd, 1e-6);
  const OrdinalLongitudinalFit laplace =
      fit_ordinal_longitudinal_mle(load_longitudinal("who_long.csv", who_long_columns(), 1).view());
  EXPECT_GT(std::abs(laplace.loglik - kWhoLongAgq10.loglik), 0.5);
  EXPECT_GT(std::abs(laplace.coef[0] - kWhoLongAgq10.beta[0]) / std::abs(kWhoLongAgq10.beta[0]), 1e-3);
}

}  // namespace
}  // namespace ps

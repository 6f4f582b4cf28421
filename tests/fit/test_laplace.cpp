// laplace_base / laplace_for_prior (host/fit) against a direct 1-D
// maximisation, for a treatment-only Cox model with normal priors.
//
// For one parameter, h(x) = log L(x) + log N(x; mean, sd) is strictly concave.
// The reference mode x* comes from a golden-section search on h (to 1e-10 in
// x), using only cox_log_partial_likelihood, and the reference curvature
// -h''(x*) from a central second difference of h (step 1e-4: rounding
// ~eps |h| / 1e-8 ~ 1e-6, relative ~1e-7 of a curvature ~ 10).
//
// laplace_for_prior takes ONE Newton step from the likelihood mode x0 (the MLE,
// up to laplace_base's N(0, 100^2) guard, precision 1e-4), and uses the
// curvature there. Its errors are therefore second order in the shift:
//   |x1 - x*| <= max|h'''| / (2 min|h''|) * (x0 - x*)^2
//   var: 1/(-h''(x0)) vs 1/(-h''(x*)), relative error ~ |l'''| |x0 - x*| / |h''|
// For this data |l'''| / |h''| is below ~0.5 (checked below from finite
// differences), so with shifts |x0 - x*| <= ~0.4 the bounds are
//   mode: |x1 - x*| <= 0.25 * (x0 - x*)^2 + 1e-4      (1e-4: the guard prior)
//   sd^2: relative error <= 0.5 * |x0 - x*| + 1e-3
// and a weak prior (sd = 10) must reproduce the MLE and 1/information to 1e-3.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>
#include <vector>

#include "host/design/cox_design.hpp"
#include "host/fit/cox_fit.hpp"
#include "models/cox.hpp"
#include "models/priors.hpp"

namespace ps {
namespace {

// 120 patients, true HR 0.6, integer-day times (ties), ~25% censored.
CoxInput trial_input(std::vector<std::string> covariates = {}) {
  std::mt19937 rng(2024);
  std::exponential_distribution<double> unit_exp(1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  CoxInput in;
  in.ties = Ties::efron;
  const int n = 120;
  in.numeric_names = covariates;
  in.numeric.assign(covariates.size(), std::vector<double>(n));
  for (int i = 0; i < n; ++i) {
    const int trt = i % 2;
    double lp = trt * std::log(0.6);
    for (size_t j = 0; j < covariates.size(); ++j) {
      in.numeric[j][i] = normal(rng);
      lp += 0.3 * in.numeric[j][i];
    }
    const double t_event = std::ceil(30.0 * unit_exp(rng) / std::exp(lp));
    const double t_censor = std::ceil(90.0 * unit_exp(rng));
    in.time.push_back(std::min(t_event, t_censor));
    in.event.push_back(t_event <= t_censor ? 1 : 0);
    in.treatment.push_back(trt);
  }
  in.stratum.assign(n, 0);
  in.n_strata = 1;
  in.stratum_labels = {"all"};
  return in;
}

double loglik1(const CoxView& view, double x) { return cox_log_partial_likelihood(view, &x); }

double log_posterior(const CoxView& view, const ScalarPrior& prior, double x) {
  return loglik1(view, x) + prior_log_density(prior, x);
}

// Golden-section maximisation of a unimodal f on [lo, hi].
template <class F>
double golden_section_max(F f, double lo, double hi, double tol) {
  const double r = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = lo, b = hi;
  double c = b - r * (b - a), d = a + r * (b - a);
  double fc = f(c), fd = f(d);
  while (b - a > tol) {
    if (fc > fd) {
      b = d, d = c, fd = fc;
      c = b - r * (b - a), fc = f(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + r * (b - a), fd = f(d);
    }
  }
  return 0.5 * (a + b);
}

double second_difference(const CoxView& view, const ScalarPrior& prior, double x) {
  const double h = 1e-4;
  return (log_posterior(view, prior, x + h) - 2 * log_posterior(view, prior, x) + log_posterior(view, prior, x - h)) /
         (h * h);
}

TEST(CoxLaplace, OneParameterNormalPriorMatchesDirectMaximisation) {
  const CoxInput in = trial_input();
  const CoxDesign design = build_cox_design(in);
  const CoxView view = design.view();
  ASSERT_EQ(view.dim, 1);

  const ScalarPrior nuisance{PriorFamily::normal, 0.0, 1.0, 1.0};  // no nuisance coefficient here
  const LaplaceBase base = laplace_base(view, nuisance);
  ASSERT_EQ(base.mode.size(), 1);
  ASSERT_EQ(base.precision.rows(), 1);

  // The base mode is the MLE (golden section on log L alone), up to the guard.
  const auto loglik_only = [&](double x) { return loglik1(view, x); };
  const double mle = golden_section_max(loglik_only, -5.0, 5.0, 1e-10);
  const double x0 = base.mode[0];
  EXPECT_NEAR(x0, mle, 1e-4);
  const ScalarPrior flat{PriorFamily::normal, 0.0, 1e8, 1.0};
  const double information = -second_difference(view, flat, mle);
  EXPECT_NEAR(base.precision(0, 0), information, 1e-3 * information);
  ASSERT_GT(information, 1.0);

  // The data's third-derivative ratio used by the bounds in the file comment.
  for (double x = mle - 1.0; x <= mle + 1.0; x += 0.25) {
    const double h = 1e-3;
    const double l3 = (loglik1(view, x + 2 * h) - 2 * loglik1(view, x + h) + 2 * loglik1(view, x - h) -
                       loglik1(view, x - 2 * h)) /
                      (2 * h * h * h);
    EXPECT_LT(std::fabs(l3), 0.5 * information) << "x = " << x;
  }

  struct Case {
    double mean, sd;
  };
  for (const Case c : {Case{0.0, 10.0}, Case{0.0, 1.0}, Case{0.0, 0.35}, Case{-0.5, 0.2}, Case{0.3, 0.3}}) {
    SCOPED_TRACE(::testing::Message() << "normal(" << c.mean << ", " << c.sd << ")");
    const ScalarPrior prior{PriorFamily::normal, c.mean, c.sd, 1.0};
    const PriorLaplace lap = laplace_for_prior(base, prior);
    ASSERT_EQ(lap.mode.size(), 1u);
    ASSERT_EQ(lap.cholesky.size(), 1u);

    const double x_star =
        golden_section_max([&](double x) { return log_posterior(view, prior, x); }, -5.0, 5.0, 1e-10);
    const double curvature = -second_difference(view, prior, x_star);
    const double shift = std::fabs(x0 - x_star);
    const double var = lap.cholesky[0] * lap.cholesky[0];

    EXPECT_NEAR(lap.mode[0], x_star, 0.25 * shift * shift + 1e-4) << "shift " << shift;
    EXPECT_NEAR(var, 1.0 / curvature, (0.5 * shift + 1e-3) / curvature) << "shift " << shift;
    EXPECT_GT(lap.cholesky[0], 0.0);
    // the step must move towards the prior, never past x*'s side of x0
    if (shift > 1e-3) EXPECT_GT((lap.mode[0] - x0) * (x_star - x0), 0.0);
    // the weak prior reproduces the MLE and its variance
    if (c.sd >= 10.0) {
      EXPECT_NEAR(lap.mode[0], mle, 1e-3);
      EXPECT_NEAR(var, 1.0 / information, 1e-3 / information);
    }
  }
}

// With nuisance coefficients, the base mode maximises log L + sum_k>=1 log p(theta_k)
// (+ the N(0, 100^2) guard on theta_0) and the precision is minus the Hessian there.
TEST(CoxLaplace, BaseModeIsStationaryWithNuisancePrior) {
  const CoxInput in = trial_input({"x1", "x2"});
  const CoxDesign design = build_cox_design(in);
  const CoxView view = design.view();
  ASSERT_EQ(view.dim, 3);
  const ScalarPrior nuisance{PriorFamily::normal, 0.0, 0.5, 1.0};
  const LaplaceBase base = laplace_base(view, nuisance);
  const CoxDerivatives der = cox_derivatives(view, base.mode);
  Eigen::VectorXd gradient = der.gradient;
  Eigen::MatrixXd precision = -der.hessian;
  for (int k = 1; k < 3; ++k) {
    gradient[k] += prior_log_density_gradient(nuisance, base.mode[k]);
    precision(k, k) += prior_precision_at(nuisance, base.mode[k]);
  }
  // an N(0, 100^2) guard on theta_0, if present, adds theta_0 / 100^2 to this gradient
  EXPECT_NEAR(gradient[0], 0.0, 1e-6 + 1e-4 * std::fabs(base.mode[0]));
  EXPECT_NEAR(gradient[1], 0.0, 1e-6);
  EXPECT_NEAR(gradient[2], 0.0, 1e-6);
  EXPECT_LE((base.precision - precision).cwiseAbs().maxCoeff(), 1e-3 * precision.cwiseAbs().maxCoeff());
}

}  // namespace
}  // namespace ps

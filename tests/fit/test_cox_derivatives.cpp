// cox_derivatives (host/fit) against central finite differences of
// cox_log_partial_likelihood (models/cox.hpp), for Breslow and Efron ties,
// strata, numeric covariates and a 3-level factor, at random theta.
//
// Step sizes and tolerances (f = log L, |f| <= ~300 here, machine eps 2.2e-16):
//  * gradient, central difference of f with h = 1e-5:
//      truncation h^2/6 |f'''| and rounding ~eps |f| / h = 2.2e-16 * 300 / 1e-5 ~ 7e-9;
//      checked to 1e-6 * (1 + |g_k|).
//  * Hessian, central difference of the analytic gradient with h = 1e-5:
//      rounding ~eps |g| / h ~ 1e-9 (|g| <~ 50); checked to 1e-6 * (1 + |H_jk|).
//  * Hessian, second differences of f alone (independent of the analytic
//    gradient) with h = 1e-4: rounding ~4 eps |f| / (4 h^2) ~ 7e-6 absolute,
//    truncation h^2/6 |f''''| ~ 1e-8 * scale; checked to 1e-4 * (1 + |H_jk|).
// The numeric covariate "age" has sd 10, so its derivatives are ~10x (gradient)
// and ~100x (Hessian) those of the others; the relative form covers that, as
// its truncation errors scale the same way ((10 h)^2 relative).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>
#include <vector>

#include "host/design/cox_design.hpp"
#include "host/fit/cox_fit.hpp"
#include "models/cox.hpp"
#include "support/tied_cox_input.hpp"

namespace ps {
namespace {

using test_support::tied_cox_input;

Eigen::VectorXd random_theta(unsigned seed, int dim) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 0.4);
  Eigen::VectorXd theta(dim);
  for (int k = 0; k < dim; ++k) theta[k] = normal(rng);
  theta[1] *= 0.1;  // age: sd 10, keep its contribution to eta O(1)
  return theta;
}

double loglik(const CoxView& view, const Eigen::VectorXd& theta) {
  return cox_log_partial_likelihood(view, theta.data());
}

void check_derivatives(const CoxInput& in, unsigned theta_seed) {
  const CoxDesign design = build_cox_design(in);
  const CoxView view = design.view();
  const int dim = view.dim;
  const Eigen::VectorXd theta = random_theta(theta_seed, dim);
  const CoxDerivatives der = cox_derivatives(view, theta);
  ASSERT_EQ(der.gradient.size(), dim);
  ASSERT_EQ(der.hessian.rows(), dim);
  ASSERT_EQ(der.hessian.cols(), dim);
  const double f0 = loglik(view, theta);
  EXPECT_NEAR(der.loglik, f0, 1e-12 * std::fabs(f0));

  const double h1 = 1e-5;
  for (int k = 0; k < dim; ++k) {
    Eigen::VectorXd tp = theta, tm = theta;
    tp[k] += h1;
    tm[k] -= h1;
    const double fd = (loglik(view, tp) - loglik(view, tm)) / (2 * h1);
    EXPECT_NEAR(der.gradient[k], fd, 1e-6 * (1 + std::fabs(fd))) << "gradient k=" << k;
    // column k of the Hessian from the analytic gradient
    const Eigen::VectorXd gp = cox_derivatives(view, tp).gradient;
    const Eigen::VectorXd gm = cox_derivatives(view, tm).gradient;
    for (int j = 0; j < dim; ++j) {
      const double fdh = (gp[j] - gm[j]) / (2 * h1);
      EXPECT_NEAR(der.hessian(j, k), fdh, 1e-6 * (1 + std::fabs(fdh))) << "hessian (" << j << "," << k << ")";
    }
  }

  const double h2 = 1e-4;
  for (int j = 0; j < dim; ++j) {
    for (int k = 0; k < dim; ++k) {
      double fd;
      if (j == k) {
        Eigen::VectorXd tp = theta, tm = theta;
        tp[j] += h2;
        tm[j] -= h2;
        fd = (loglik(view, tp) - 2 * f0 + loglik(view, tm)) / (h2 * h2);
      } else {
        Eigen::VectorXd tpp = theta, tpm = theta, tmp = theta, tmm = theta;
        tpp[j] += h2, tpp[k] += h2;
        tpm[j] += h2, tpm[k] -= h2;
        tmp[j] -= h2, tmp[k] += h2;
        tmm[j] -= h2, tmm[k] -= h2;
        fd = (loglik(view, tpp) - loglik(view, tpm) - loglik(view, tmp) + loglik(view, tmm)) / (4 * h2 * h2);
      }
      EXPECT_NEAR(der.hessian(j, k), fd, 1e-4 * (1 + std::fabs(fd))) << "hessian from f (" << j << "," << k << ")";
      EXPECT_NEAR(der.hessian(j, k), der.hessian(k, j), 1e-12 * (1 + std::fabs(der.hessian(j, k))));
    }
  }
  // The Cox log partial likelihood is concave: -H is positive semi-definite.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(-der.hessian);
  EXPECT_GE(eig.eigenvalues().minCoeff(), -1e-10 * (1 + eig.eigenvalues().maxCoeff()));
}

TEST(CoxDerivatives, BreslowNoStrata) {
  for (unsigned seed : {1u, 2u, 3u}) check_derivatives(tied_cox_input(seed, 80, 10, 1, Ties::breslow), 100 + seed);
}

TEST(CoxDerivatives, EfronNoStrata) {
  for (unsigned seed : {1u, 2u, 3u}) check_derivatives(tied_cox_input(seed, 80, 10, 1, Ties::efron), 200 + seed);
}

TEST(CoxDerivatives, EfronHeavyTies) {
  // 3 distinct times: tie groups of ~25 with ~19 events each.
  check_derivatives(tied_cox_input(7, 80, 3, 1, Ties::efron), 300);
  check_derivatives(tied_cox_input(8, 80, 3, 1, Ties::breslow), 301);
}

TEST(CoxDerivatives, StrataBreslowAndEfron) {
  for (Ties ties : {Ties::breslow, Ties::efron})
    for (unsigned seed : {11u, 12u}) check_derivatives(tied_cox_input(seed, 90, 8, 3, ties), 400 + seed);
}

TEST(CoxDerivatives, NoTiesBreslowEqualsEfron) {
  CoxInput in = tied_cox_input(21, 50, 1, 2, Ties::breslow);
  for (size_t i = 0; i < in.time.size(); ++i) in.time[i] = 1.0 + static_cast<double>((i * 7) % 50);  // distinct
  check_derivatives(in, 500);
  const Eigen::VectorXd theta = random_theta(501, 5);
  const CoxDesign breslow = build_cox_design(in);
  in.ties = Ties::efron;
  const CoxDesign efron = build_cox_design(in);
  const CoxDerivatives b = cox_derivatives(breslow.view(), theta);
  const CoxDerivatives e = cox_derivatives(efron.view(), theta);
  EXPECT_NEAR(b.loglik, e.loglik, 1e-12 * std::fabs(b.loglik));
  EXPECT_LE((b.gradient - e.gradient).norm(), 1e-10 * (1 + b.gradient.norm()));
  EXPECT_LE((b.hessian - e.hessian).norm(), 1e-10 * (1 + b.hessian.norm()));
}

TEST(CoxDerivatives, TreatmentOnly) {
  CoxInput in = tied_cox_input(31, 60, 12, 1, Ties::efron);
  in.numeric.clear();
  in.numeric_names.clear();
  in.factor_codes.clear();
  in.factor_levels.clear();
  in.factor_names.clear();
  const CoxDesign design = build_cox_design(in);
  ASSERT_EQ(design.view().dim, 1);
  for (double t : {-1.0, -0.2, 0.0, 0.7}) {
    Eigen::VectorXd theta(1);
    theta[0] = t;
    const CoxDerivatives der = cox_derivatives(design.view(), theta);
    const double h = 1e-5;
    Eigen::VectorXd tp = theta, tm = theta;
    tp[0] += h;
    tm[0] -= h;
    const double fp = loglik(design.view(), tp), fm = loglik(design.view(), tm);
    const double f0 = loglik(design.view(), theta);
    EXPECT_NEAR(der.gradient[0], (fp - fm) / (2 * h), 1e-6 * (1 + std::fabs(der.gradient[0])));
    const double h2 = 1e-4;
    tp[0] = t + h2;
    tm[0] = t - h2;
    const double d2 = (loglik(design.view(), tp) - 2 * f0 + loglik(design.view(), tm)) / (h2 * h2);
    EXPECT_NEAR(der.hessian(0, 0), d2, 1e-4 * (1 + std::fabs(d2)));
  }
}

}  // namespace
}  // namespace ps

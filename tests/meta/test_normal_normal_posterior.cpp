// The exact normal-normal random-effects posterior (host/meta/
// normal_normal_posterior.hpp) against an independent computation: nested
// adaptive Gauss-Kronrod quadrature of the joint posterior p(mu, tau | y)
// (both integrals numerical, nothing conjugate), for three tau priors; and
// against the closed form when the tau prior pins tau down.
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <limits>

#include "host/meta/normal_normal_posterior.hpp"

namespace {

const std::vector<double> kY{-0.9, -0.2, -1.4, 0.1};
const std::vector<double> kV{0.36, 0.05, 0.2, 0.12};

// log of the joint posterior density p(mu, tau | y), unnormalised, with the
// study effects integrated out (y_i ~ N(mu, v_i + tau^2)): a direct product
// of densities, no conjugacy used.
double log_joint(double mu, double tau, double m0, double s0, const ps::TauPrior& prior) {
  double lp = -0.5 * ((mu - m0) / s0) * ((mu - m0) / s0) + ps::tau_prior_log_density(prior, tau);
  for (size_t i = 0; i < kY.size(); ++i) {
    const double s2 = kV[i] + tau * tau;
    lp += -0.5 * std::log(s2) - 0.5 * (kY[i] - mu) * (kY[i] - mu) / s2;
  }
  return lp;
}

using Rule = boost::math::quadrature::gauss_kronrod<double, 31>;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Integral over tau in (0, inf) and mu in (-inf, upper_mu) of the joint
// density times `weight(mu, tau)`.
template <class W>
double joint_integral(double m0, double s0, const ps::TauPrior& prior, double upper_mu, double upper_tau, W weight) {
  const double shift = log_joint(-0.5, 0.3, m0, s0, prior);
  return Rule::integrate(
      [&](double tau) {
        return Rule::integrate([&](double mu) { return std::exp(log_joint(mu, tau, m0, s0, prior) - shift) * weight(mu, tau); },
                               -kInf, upper_mu, 12, 1e-12);
      },
      0.0, upper_tau, 12, 1e-11);
}

void compare_with_quadrature(const ps::TauPrior& prior, const char* what) {
  const double m0 = 0.0, s0 = 2.0;
  const ps::NormalNormalPosterior post = ps::normal_normal_posterior(kY, kV, m0, s0, prior);
  const auto one = [](double, double) { return 1.0; };
  const double z = joint_integral(m0, s0, prior, kInf, kInf, one);
  for (double x : {-1.2, -0.6, -0.3, 0.2}) {
    const double reference = joint_integral(m0, s0, prior, x, kInf, one) / z;
    EXPECT_NEAR(ps::pooled_effect_cdf(post, x), reference, 2e-7) << what << " P(mu < " << x << ")";
  }
  for (double t : {0.1, 0.3, 0.7}) {
    const double reference = joint_integral(m0, s0, prior, kInf, t, one) / z;
    EXPECT_NEAR(ps::tau_cdf(post, t), reference, 2e-5) << what << " P(tau < " << t << ")";  // the grid's trapezoid in log tau
  }
  // A new study's effect: theta_new | mu, tau ~ N(mu, tau^2).
  for (double x : {-1.5, -0.4, 0.5}) {
    const double reference =
        joint_integral(m0, s0, prior, kInf, kInf, [&](double mu, double tau) {
          return boost::math::cdf(boost::math::normal(mu, std::max(tau, 1e-300)), x);
        }) / z;
    EXPECT_NEAR(ps::predictive_effect_cdf(post, x), reference, 2e-7) << what << " P(theta_new < " << x << ")";
  }
  const double mean = joint_integral(m0, s0, prior, kInf, kInf, [](double mu, double) { return mu; }) / z;
  EXPECT_NEAR(ps::pooled_effect_moments(post).mean, mean, 1e-7) << what;
  // Quantiles invert the CDFs.
  for (double p : {0.025, 0.5, 0.975}) {
    EXPECT_NEAR(ps::pooled_effect_cdf(post, ps::pooled_effect_quantile(post, p)), p, 1e-10) << what;
    EXPECT_NEAR(ps::predictive_effect_cdf(post, ps::predictive_effect_quantile(post, p)), p, 1e-10) << what;
    EXPECT_NEAR(ps::tau_cdf(post, ps::tau_quantile(post, p)), p, 1e-10) << what;
  }
}

TEST(MetaNormalNormalPosterior, HalfNormalTauPriorMatchesTwoDimensionalQuadrature) {
  compare_with_quadrature({ps::TauPriorFamily::half_normal, 0.5, 0.0}, "half-normal(0.5)");
}

TEST(MetaNormalNormalPosterior, HalfCauchyTauPriorMatchesTwoDimensionalQuadrature) {
  compare_with_quadrature({ps::TauPriorFamily::half_cauchy, 0.3, 0.0}, "half-Cauchy(0.3)");
}

TEST(MetaNormalNormalPosterior, LogNormalTau2PriorMatchesTwoDimensionalQuadrature) {
  compare_with_quadrature({ps::TauPriorFamily::lognormal_tau2, -2.56, 1.74}, "log-normal(-2.56, 1.74) on tau^2");
}

TEST(MetaNormalNormalPosterior, PinnedTauGivesTheConjugateNormal) {
  // log tau^2 ~ N(log 0.09, 0.001^2): tau = 0.3 to within 0.05%; then mu | y is
  // the conjugate normal with variances v_i + 0.09.
  const ps::TauPrior pinned{ps::TauPriorFamily::lognormal_tau2, std::log(0.09), 0.001};
  const double m0 = 0.3, s0 = 1.5;
  const ps::NormalNormalPosterior post = ps::normal_normal_posterior(kY, kV, m0, s0, pinned);
  double w = 1.0 / (s0 * s0), wy = m0 / (s0 * s0);
  for (size_t i = 0; i < kY.size(); ++i) {
    w += 1.0 / (kV[i] + 0.09);
    wy += kY[i] / (kV[i] + 0.09);
  }
  const ps::MixtureMoments m = ps::pooled_effect_moments(post);
  EXPECT_NEAR(m.mean, wy / w, 1e-4);
  EXPECT_NEAR(m.sd, std::sqrt(1.0 / w), 1e-4);
  EXPECT_NEAR(ps::tau_quantile(post, 0.5), 0.3, 1e-4);
}

TEST(MetaNormalNormalPosterior, SingleStudyFollowsThePrior) {
  // One study cannot inform tau beyond the prior much; the posterior must
  // still be proper and its median between the prior mean and the estimate.
  const ps::NormalNormalPosterior post =
      ps::normal_normal_posterior({-1.0}, {0.1}, 0.0, 1.0, {ps::TauPriorFamily::half_normal, 0.5, 0.0});
  const double median = ps::pooled_effect_quantile(post, 0.5);
  EXPECT_LT(median, 0.0);
  EXPECT_GT(median, -1.0);
  EXPECT_THROW(ps::normal_normal_posterior({}, {}, 0.0, 1.0, {}), std::invalid_argument);
}

}  // namespace

// The conjugate normal update of model = "normal_summary" against numerical
// quadrature of prior x likelihood (Boost's adaptive Gauss-Kronrod over the
// real line): normalising constant, mean and variance; for several priors
// from nearly flat to stronger than the data, and with the prior far from
// the estimate.
#include <gtest/gtest.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>

#include "host/pipeline/normal_summary_analysis.hpp"

namespace {

struct Moments {
  double mean, variance;
};

Moments quadrature_moments(double estimate, double se, double prior_mean, double prior_sd) {
  const auto unnormalised = [&](double x) {
    const double zl = (x - estimate) / se, zp = (x - prior_mean) / prior_sd;
    return std::exp(-0.5 * zl * zl - 0.5 * zp * zp);
  };
  using Rule = boost::math::quadrature::gauss_kronrod<double, 61>;
  const double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
  const double z = Rule::integrate(unnormalised, lo, hi, 15, 1e-13);
  const double m = Rule::integrate([&](double x) { return x * unnormalised(x); }, lo, hi, 15, 1e-13) / z;
  const double v = Rule::integrate([&](double x) { return (x - m) * (x - m) * unnormalised(x); }, lo, hi, 15, 1e-13) / z;
  return {m, v};
}

TEST(NormalSummaryPosterior, ConjugateUpdateMatchesQuadrature) {
  const double estimate = std::log(0.97), se = 0.2726;
  for (const auto& [prior_mean, prior_sd] : std::vector<std::pair<double, double>>{
           {0.0, 1000.0}, {0.0, 2.0}, {0.0, 0.3}, {std::log(0.5), 0.2}, {0.5, 0.05}}) {
    const ps::NormalPosterior post = ps::conjugate_normal_posterior(estimate, se, prior_mean, prior_sd);
    const Moments q = quadrature_moments(estimate, se, prior_mean, prior_sd);
    EXPECT_NEAR(post.mean, q.mean, 1e-9) << "prior N(" << prior_mean << ", " << prior_sd << ")";
    EXPECT_NEAR(post.sd * post.sd, q.variance, 1e-9) << "prior N(" << prior_mean << ", " << prior_sd << ")";
  }
}

TEST(NormalSummaryPosterior, FlatPriorLeavesTheLikelihood) {
  const ps::NormalPosterior post = ps::conjugate_normal_posterior(-0.03, 0.27, 0.0, 1e6);
  EXPECT_NEAR(post.mean, -0.03, 1e-12);
  EXPECT_NEAR(post.sd, 0.27, 1e-12);
}

}  // namespace

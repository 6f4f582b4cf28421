// The longitudinal posterior's gradient in the sampler's coordinates (chain
// rule from the likelihood's analytic gradient, plus every prior) against
// central differences of the posterior density itself.
#include <gtest/gtest.h>

#include <cmath>

#include "host/fit/longitudinal_posterior_gradient.hpp"
#include "support/longitudinal_fixtures.hpp"

namespace ps {
namespace {

TEST(LongitudinalPosteriorGradient, MatchesFiniteDifferences) {
  LongitudinalColumns columns = testing::who_long_columns();
  columns.levels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // level 0 empty: only the cutpoint prior holds it
  for (OrdinalLink link : {OrdinalLink::logit, OrdinalLink::probit}) {
    const OrdinalLongitudinalDesign d = testing::load_longitudinal("who_long.csv", columns, 5, link);
    const ScalarPrior half_t{PriorFamily::student_t, 3.0, 0.0, 2.5}, half_normal{PriorFamily::normal, 0.0, 1.5, 0.0};
    for (const ScalarPrior& sd_prior : {half_t, half_normal}) {
      const OrdinalLongitudinalPosterior post{d.view(), ScalarPrior{PriorFamily::normal, -0.3, 0.7, 0.0},
                                              ScalarPrior{PriorFamily::student_t, 3.0, 0.0, 5.0}, 1.5, sd_prior};
      Eigen::VectorXd theta(d.dim);
      for (int k = 0; k < d.dim; ++k) theta[k] = 0.1 * std::sin(1.0 + k);  // a generic point
      theta[d.view().log_sd_index()] = 0.8;
      theta[d.view().cutpoint_offset()] = -4.0;
      const DensityGradient g = longitudinal_posterior_gradient(post, theta);
      EXPECT_DOUBLE_EQ(g.value, post.log_density(theta.data()));
      for (int k = 0; k < d.dim; ++k) {
        const double h = 1e-5;
        Eigen::VectorXd up = theta, down = theta;
        up[k] += h;
        down[k] -= h;
        const double fd = (post.log_density(up.data()) - post.log_density(down.data())) / (2 * h);
        EXPECT_NEAR(g.gradient[k], fd, 1e-5 * (1.0 + std::abs(fd))) << "parameter " << k;
      }
    }
  }
}

}  // namespace
}  // namespace ps

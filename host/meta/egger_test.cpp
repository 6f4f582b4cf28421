// Egger's regression test as metafor's regtest(model = "lm"), funnel limits; see egger_test.hpp.
#include "host/meta/egger_test.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Dense>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "host/meta/inverse_variance.hpp"

namespace ps {

EggerTestResult egger_test(const std::vector<double>& yi, const std::vector<double>& vi, double conf_level) {
  validate_effect_sizes(yi, vi);
  if (yi.size() < 3) throw std::invalid_argument("egger_test: needs at least 3 studies");
  if (!(conf_level > 0.0 && conf_level < 1.0)) throw std::invalid_argument("egger_test: conf_level must be in (0, 1)");
  const std::size_t k = yi.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();

  EggerTestResult r;
  r.k = k;
  r.df = static_cast<double>(k) - 2.0;

  // Weighted sums for the 2 x 2 normal equations.
  double sw = 0.0, sws = 0.0, swss = 0.0, swy = 0.0, swsy = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const double w = 1.0 / vi[i], s = std::sqrt(vi[i]);
    sw += w;
    sws += w * s;
    swss += w * s * s;
    swy += w * yi[i];
    swsy += w * s * yi[i];
  }
  // Weighted spread of se around its weighted mean: 0 when all se are equal.
  const double s_bar = sws / sw;
  double spread = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const double d = std::sqrt(vi[i]) - s_bar;
    spread += d * d / vi[i];
  }
  if (!(spread > 1e-12 * swss)) {
    r.slope = r.slope_se = r.t = r.p_value = nan;
    r.limit_estimate = r.limit_se = r.limit_ci_lower = r.limit_ci_upper = r.dispersion = nan;
    return r;
  }
  Eigen::Matrix2d xtwx;
  xtwx << sw, sws, sws, swss;
  const Eigen::Vector2d b = xtwx.ldlt().solve(Eigen::Vector2d(swy, swsy));
  const Eigen::Matrix2d xtwx_inv = xtwx.inverse();
  double rss = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const double res = yi[i] - b(0) - b(1) * std::sqrt(vi[i]);
    rss += res * res / vi[i];
  }
  r.dispersion = rss / r.df;
  r.limit_estimate = b(0);
  r.slope = b(1);
  r.limit_se = std::sqrt(r.dispersion * xtwx_inv(0, 0));
  r.slope_se = std::sqrt(r.dispersion * xtwx_inv(1, 1));
  r.t = r.slope / r.slope_se;
  const boost::math::students_t t_dist(r.df);
  r.p_value = 2.0 * boost::math::cdf(boost::math::complement(t_dist, std::fabs(r.t)));
  const double crit = boost::math::quantile(boost::math::complement(t_dist, (1.0 - conf_level) / 2.0));
  r.limit_ci_lower = r.limit_estimate - crit * r.limit_se;
  r.limit_ci_upper = r.limit_estimate + crit * r.limit_se;
  return r;
}

std::vector<FunnelLimitPoint> funnel_limits(double estimate, double max_se, std::size_t points, double conf_level) {
  if (!std::isfinite(estimate)) throw std::invalid_argument("funnel_limits: estimate must be finite");
  if (!(std::isfinite(max_se) && max_se > 0.0)) throw std::invalid_argument("funnel_limits: max_se must be positive");
  if (points < 2) throw std::invalid_argument("funnel_limits: needs at least 2 points");
  if (!(conf_level > 0.0 && conf_level < 1.0)) throw std::invalid_argument("funnel_limits: conf_level must be in (0, 1)");
  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), (1.0 - conf_level) / 2.0));
  std::vector<FunnelLimitPoint> out(points);
  for (std::size_t j = 0; j < points; ++j) {
    const double se = max_se * static_cast<double>(j) / static_cast<double>(points - 1);
    out[j] = {se, estimate - z * se, estimate + z * se};
  }
  return out;
}

}  // namespace ps

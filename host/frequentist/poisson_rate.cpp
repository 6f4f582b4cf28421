// Poisson rate ratio with a log-exposure offset; see poisson_rate.hpp for the
// maths and the R reference (glm(..., family = poisson)).
#include "host/frequentist/poisson_rate.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace ps {
namespace {

void check_arm(double events, double exposure, const char* arm) {
  if (!(std::isfinite(events) && events >= 0.0 && std::floor(events) == events)) {
    throw std::invalid_argument(std::string("poisson_rate_ratio: ") + arm + " events must be a non-negative whole number");
  }
  if (!(std::isfinite(exposure) && exposure > 0.0)) {
    throw std::invalid_argument(std::string("poisson_rate_ratio: ") + arm + " exposure must be positive and finite");
  }
}

// dpois(y, mu = y, log = TRUE): the saturated fit's contribution of one row.
double log_dpois_at_itself(double y) {
  if (y == 0.0) return 0.0;  // P(Y = 0 | mu = 0) = 1
  return y * std::log(y) - y - boost::math::lgamma(y + 1.0);
}

}  // namespace

PoissonRateResult poisson_rate_ratio(double events_treatment, double exposure_treatment, double events_control,
                                     double exposure_control) {
  check_arm(events_treatment, exposure_treatment, "treatment");
  check_arm(events_control, exposure_control, "control");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PoissonRateResult r;
  r.loglik = log_dpois_at_itself(events_treatment) + log_dpois_at_itself(events_control);
  // log(0) = -inf gives the infinite MLE directly; -inf - (-inf) = NaN when
  // both arms have no events (the rate ratio is then not identified).
  r.log_rate_ratio = (std::log(events_treatment) - std::log(exposure_treatment)) -
                     (std::log(events_control) - std::log(exposure_control));
  r.rate_ratio = std::exp(r.log_rate_ratio);
  if (events_treatment == 0.0 || events_control == 0.0) {
    // Infinite (or unidentified) MLE: the Wald quantities are undefined.
    r.se = r.z = r.p_value = r.lower95 = r.upper95 = nan;
    return r;
  }
  r.se = std::sqrt(1.0 / events_treatment + 1.0 / events_control);
  r.z = r.log_rate_ratio / r.se;
  const boost::math::normal standard_normal;
  // 2 * Phi(-|z|) via the upper tail: no cancellation for large |z|.
  r.p_value = 2.0 * boost::math::cdf(boost::math::complement(standard_normal, std::fabs(r.z)));
  const double q = boost::math::quantile(boost::math::complement(standard_normal, 0.025));  // qnorm(0.975)
  r.lower95 = std::exp(r.log_rate_ratio - q * r.se);
  r.upper95 = std::exp(r.log_rate_ratio + q * r.se);
  return r;
}

}  // namespace ps

// Q-profile CI for tau^2 as metafor's confint(rma.uni); see q_profile.hpp.
#include "host/meta/q_profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/tools/roots.hpp>
#include <boost/math/tools/toms748_solve.hpp>

#include "host/meta/inverse_variance.hpp"

namespace ps {
namespace {

// The tau2 in [0, hi] with Q(tau2) = target, given Q(0) >= target >= Q(hi).
double solve_q(const std::vector<double>& yi, const std::vector<double>& vi, double target, double q0, double q_hi,
               double hi) {
  if (q0 == target) return 0.0;
  if (q_hi == target) return hi;
  const auto f = [&](double tau2) { return generalised_q(yi, vi, tau2) - target; };
  std::uintmax_t max_iter = 1000;
  const auto bracket = boost::math::tools::toms748_solve(f, 0.0, hi, q0 - target, q_hi - target,
                                                         boost::math::tools::eps_tolerance<double>(52), max_iter);
  return 0.5 * (bracket.first + bracket.second);
}

}  // namespace

Tau2Interval q_profile_tau2_ci(const std::vector<double>& yi, const std::vector<double>& vi, double tau2_estimate,
                               double conf_level) {
  validate_effect_sizes(yi, vi);
  if (yi.size() < 2) throw std::invalid_argument("q_profile_tau2_ci: needs at least 2 studies");
  if (!(std::isfinite(tau2_estimate) && tau2_estimate >= 0.0)) {
    throw std::invalid_argument("q_profile_tau2_ci: tau2_estimate must be finite and >= 0");
  }
  if (!(conf_level > 0.0 && conf_level < 1.0)) throw std::invalid_argument("q_profile_tau2_ci: conf_level must be in (0, 1)");

  const double alpha = 1.0 - conf_level;
  const boost::math::chi_squared chi2(static_cast<double>(yi.size() - 1));
  const double crit_hi = boost::math::quantile(boost::math::complement(chi2, alpha / 2.0));
  const double crit_lo = boost::math::quantile(chi2, alpha / 2.0);

  Tau2Interval ci;
  ci.conf_level = conf_level;
  ci.search_max = std::max(100.0, 10.0 * tau2_estimate);
  const double hi = ci.search_max;
  const double q0 = generalised_q(yi, vi, 0.0);
  const double q_hi = generalised_q(yi, vi, hi);

  // Upper limit (metafor computes it first; the lower block may overwrite both).
  if (q0 < crit_lo) {
    ci.tau2_lower = ci.tau2_upper = 0.0;
    ci.null_interval = true;
  } else if (q_hi > crit_lo) {
    ci.tau2_upper = hi;
    ci.upper_at_search_max = true;
  } else {
    ci.tau2_upper = solve_q(yi, vi, crit_lo, q0, q_hi, hi);
  }
  // Lower limit.
  if (q_hi > crit_hi) {
    ci.tau2_lower = ci.tau2_upper = hi;
    ci.lower_at_search_max = ci.upper_at_search_max = true;
    ci.null_interval = false;
  } else if (q0 < crit_hi) {
    ci.tau2_lower = 0.0;
  } else {
    ci.tau2_lower = solve_q(yi, vi, crit_hi, q0, q_hi, hi);
  }

  const double s2 = typical_within_variance(vi);
  ci.tau_lower = std::sqrt(ci.tau2_lower);
  ci.tau_upper = std::sqrt(ci.tau2_upper);
  ci.i2_lower = 100.0 * ci.tau2_lower / (s2 + ci.tau2_lower);
  ci.i2_upper = 100.0 * ci.tau2_upper / (s2 + ci.tau2_upper);
  ci.h2_lower = ci.tau2_lower / s2 + 1.0;
  ci.h2_upper = ci.tau2_upper / s2 + 1.0;
  return ci;
}

}  // namespace ps

// Kaplan-Meier curve, S(t) and the median; see kaplan_meier.hpp for the maths
// and the R reference (survival::survfit, summary.survfit, print.survfit).
#include "host/frequentist/kaplan_meier.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

namespace ps {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// survmean's minmin(y, x): see median_survival in the header.
double first_time_at_or_below_half(const std::vector<double>& y, const std::vector<double>& x) {
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());  // R: .Machine$double.eps^0.5
  const auto kept = [&](std::size_t i) { return !std::isnan(y[i]) && y[i] < 0.5 + tolerance; };
  std::size_t first = 0;
  while (first < y.size() && !kept(first)) ++first;
  if (first == y.size()) return kNaN;
  if (std::fabs(y[first] - 0.5) < tolerance) {
    // The curve sits at 0.5 over an interval: the median is any time in it;
    // R takes the midpoint of its ends (the next drop among the kept points).
    for (std::size_t j = first + 1; j < y.size(); ++j) {
      if (kept(j) && y[j] < y[first]) return (x[first] + x[j]) / 2.0;
    }
  }
  return x[first];
}

}  // namespace

KaplanMeierCurve kaplan_meier(const std::vector<double>& time, const std::vector<int>& event, double conf_level) {
  if (time.empty()) throw std::invalid_argument("kaplan_meier: no observations");
  if (time.size() != event.size()) throw std::invalid_argument("kaplan_meier: time and event differ in length");
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i])) throw std::invalid_argument("kaplan_meier: times must be finite");
    if (event[i] != 0 && event[i] != 1) throw std::invalid_argument("kaplan_meier: event must be 0 or 1");
  }
  if (!(conf_level > 0.0 && conf_level < 1.0)) throw std::invalid_argument("kaplan_meier: conf_level must be in (0, 1)");

  std::vector<std::size_t> order(time.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return time[a] < time[b]; });

  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), (1.0 - conf_level) / 2.0));
  KaplanMeierCurve c;
  c.conf_level = conf_level;
  double surv = 1.0;
  double greenwood = 0.0;  // sum d / (n (n - d))
  std::size_t i = 0;
  while (i < order.size()) {
    const double t = time[order[i]];
    const long long n = static_cast<long long>(order.size() - i);  // time >= t
    long long d = 0, censored = 0;
    for (; i < order.size() && time[order[i]] == t; ++i) (event[order[i]] == 1 ? d : censored) += 1;
    if (d > 0) {
      surv *= 1.0 - static_cast<double>(d) / static_cast<double>(n);
      // n == d: log S = -inf and R reports se(log S) = Inf from here on.
      greenwood += d < n ? static_cast<double>(d) / (static_cast<double>(n) * static_cast<double>(n - d))
                         : std::numeric_limits<double>::infinity();
    }
    const double se_log = std::sqrt(greenwood);
    c.time.push_back(t);
    c.n_risk.push_back(n);
    c.n_event.push_back(d);
    c.n_censor.push_back(censored);
    c.surv.push_back(surv);
    c.se_log_surv.push_back(se_log);
    c.std_err.push_back(surv * se_log);  // 0 * inf = NaN once S = 0, as R's summary
    if (surv == 0.0) {
      // R: log(0) is avoided and the limits are NA.
      c.lower.push_back(kNaN);
      c.upper.push_back(kNaN);
    } else {
      // exp(log S -/+ z se) written as R's survfit_confint does.
      c.lower.push_back(std::exp(std::log(surv) - z * se_log));
      c.upper.push_back(std::min(std::exp(std::log(surv) + z * se_log), 1.0));
    }
  }
  return c;
}

SurvivalAt survival_at(const KaplanMeierCurve& curve, double t) {
  if (std::isnan(t)) throw std::invalid_argument("survival_at: t is NaN");
  if (curve.time.empty()) throw std::invalid_argument("survival_at: empty curve");
  SurvivalAt s;
  s.time = t;
  // Right-continuous step function: the last curve time <= t.
  const auto after = std::upper_bound(curve.time.begin(), curve.time.end(), t);
  // At risk at t: those with time >= t, i.e. the n_risk of the first curve time >= t.
  const auto at_or_after = std::lower_bound(curve.time.begin(), curve.time.end(), t);
  s.n_risk = at_or_after == curve.time.end() ? 0 : curve.n_risk[static_cast<std::size_t>(at_or_after - curve.time.begin())];
  if (after == curve.time.begin()) {
    s.surv = 1.0;
    s.std_err = 0.0;
    s.lower = s.upper = 1.0;
  } else {
    const std::size_t j = static_cast<std::size_t>(after - curve.time.begin()) - 1;
    s.surv = curve.surv[j];
    s.std_err = curve.std_err[j];
    s.lower = curve.lower[j];
    s.upper = curve.upper[j];
  }
  s.cum_incidence = 1.0 - s.surv;
  s.cum_incidence_lower = 1.0 - s.upper;
  s.cum_incidence_upper = 1.0 - s.lower;
  return s;
}

MedianSurvival median_survival(const KaplanMeierCurve& curve) {
  MedianSurvival m;
  m.median = first_time_at_or_below_half(curve.surv, curve.time);
  m.lower = first_time_at_or_below_half(curve.lower, curve.time);
  m.upper = first_time_at_or_below_half(curve.upper, curve.time);
  return m;
}

}  // namespace ps

// Mantel-Haenszel odds ratio as metafor's rma.mh(measure = "OR"); see mantel_haenszel.hpp.
#include "host/meta/mantel_haenszel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include "host/meta/study_effects.hpp"

namespace ps {

MantelHaenszelResult mantel_haenszel(const std::vector<StudyTable>& studies, const MantelHaenszelOptions& options) {
  // study_effects validates the tables, the correction and conf_level.
  const std::vector<StudyEffect> effects =
      study_effects(studies, {options.continuity_correction, /*drop_double_zero=*/true, options.conf_level});
  const double nan = std::numeric_limits<double>::quiet_NaN();

  MantelHaenszelResult r;
  r.k = studies.size();

  double sum_r = 0.0, sum_s = 0.0, sum_pr = 0.0, sum_ps_qr = 0.0, sum_qs = 0.0;
  std::vector<double> s_i(studies.size());
  for (std::size_t i = 0; i < studies.size(); ++i) {
    const TableCells t = table_cells(studies[i]);
    const double n = t.total();
    const double ri = t.a / n * t.d, si = t.b / n * t.c;
    const double pi = t.a / n + t.d / n, qi = t.b / n + t.c / n;
    sum_r += ri;
    sum_s += si;
    sum_pr += pi * ri;
    sum_ps_qr += pi * si + qi * ri;
    sum_qs += qi * si;
    s_i[i] = si;
  }
  r.weight_percent.resize(studies.size());
  for (std::size_t i = 0; i < studies.size(); ++i) r.weight_percent[i] = s_i[i] / sum_s * 100.0;

  if (sum_r == 0.0 || sum_s == 0.0) {
    r.log_odds_ratio = r.se = r.z = r.p_value = r.ci_lower = r.ci_upper = nan;
  } else {
    r.log_odds_ratio = std::log(sum_r / sum_s);
    r.se = std::sqrt(0.5 * (sum_pr / (sum_r * sum_r) + sum_ps_qr / (sum_r * sum_s) + sum_qs / (sum_s * sum_s)));
    r.z = r.log_odds_ratio / r.se;
    const boost::math::normal normal;
    r.p_value = 2.0 * boost::math::cdf(boost::math::complement(normal, std::fabs(r.z)));
    const double crit = boost::math::quantile(boost::math::complement(normal, (1.0 - options.conf_level) / 2.0));
    r.ci_lower = r.log_odds_ratio - crit * r.se;
    r.ci_upper = r.log_odds_ratio + crit * r.se;
  }
  r.odds_ratio = std::exp(r.log_odds_ratio);
  r.or_ci_lower = std::exp(r.ci_lower);
  r.or_ci_upper = std::exp(r.ci_upper);

  // Cochran's Q on the corrected log odds ratios, around the MH estimate.
  double q = 0.0;
  for (const StudyEffect& e : effects) {
    if (!e.included) continue;
    ++r.k_effects;
    const double d = e.log_odds_ratio - r.log_odds_ratio;
    q += d * d / e.variance;
  }
  r.q_df = r.k_effects > 0 ? static_cast<double>(r.k_effects) - 1.0 : 0.0;
  if (r.k_effects <= 1) {
    r.q = 0.0;
    r.q_p_value = 1.0;
    r.i2 = 0.0;
    r.h2 = 1.0;
  } else if (std::isnan(r.log_odds_ratio)) {
    r.q = r.q_p_value = r.i2 = r.h2 = nan;  // metafor: NA
  } else {
    r.q = std::max(0.0, q);
    r.q_p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(r.q_df), r.q));
    r.i2 = r.q > 0.0 ? std::max(0.0, 100.0 * (r.q - r.q_df) / r.q) : 0.0;
    r.h2 = r.q / r.q_df;
  }
  return r;
}

}  // namespace ps

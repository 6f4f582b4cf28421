// Per-study log odds ratios, as escalc(measure = "OR", to = "only0"); see study_effects.hpp.
#include "host/meta/study_effects.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

namespace ps {

std::vector<StudyEffect> study_effects(const std::vector<StudyTable>& studies, const StudyEffectsOptions& options) {
  validate_study_tables(studies);
  const double cc = options.continuity_correction;
  if (!(std::isfinite(cc) && cc > 0.0)) {
    throw std::invalid_argument("study_effects: the continuity correction must be positive and finite");
  }
  if (!(options.conf_level > 0.0 && options.conf_level < 1.0)) {
    throw std::invalid_argument("study_effects: conf_level must be in (0, 1)");
  }
  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), (1.0 - options.conf_level) / 2.0));
  const double nan = std::numeric_limits<double>::quiet_NaN();

  std::vector<StudyEffect> out;
  out.reserve(studies.size());
  for (const StudyTable& s : studies) {
    StudyEffect e;
    e.name = s.name;
    e.double_zero = is_double_zero(s);
    e.included = !(e.double_zero && options.drop_double_zero);
    if (!e.included) {
      e.log_odds_ratio = e.variance = e.se = e.odds_ratio = e.ci_lower = e.ci_upper = nan;
      out.push_back(e);
      continue;
    }
    TableCells t = table_cells(s);
    e.corrected = has_zero_cell(s);
    if (e.corrected) {
      t.a += cc;
      t.b += cc;
      t.c += cc;
      t.d += cc;
    }
    e.log_odds_ratio = std::log(t.a) + std::log(t.d) - std::log(t.b) - std::log(t.c);
    e.variance = 1.0 / t.a + 1.0 / t.b + 1.0 / t.c + 1.0 / t.d;
    e.se = std::sqrt(e.variance);
    e.odds_ratio = std::exp(e.log_odds_ratio);
    e.ci_lower = std::exp(e.log_odds_ratio - z * e.se);
    e.ci_upper = std::exp(e.log_odds_ratio + z * e.se);
    out.push_back(e);
  }
  return out;
}

EffectSizes pooled_effect_sizes(const std::vector<StudyEffect>& effects) {
  EffectSizes es;
  for (std::size_t i = 0; i < effects.size(); ++i) {
    if (!effects[i].included) continue;
    es.yi.push_back(effects[i].log_odds_ratio);
    es.vi.push_back(effects[i].variance);
    es.study_index.push_back(i);
  }
  return es;
}

}  // namespace ps

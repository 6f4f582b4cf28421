// Per-study log odds ratio and its sampling variance, as metafor's
//   escalc(measure = "OR", ai = events_treatment, n1i = total_treatment,
//          ci = events_control, n2i = total_control,
//          add = continuity_correction, to = "only0", drop00 = drop_double_zero)
// and the study's odds ratio with its Wald CI (summary(escalc(...)): exp(ci.lb), exp(ci.ub)).
//
// Maths. With cells a, b, c, d (study_table.hpp) and cc added to all four
// cells only of studies with a zero cell (to = "only0": adding to every study
// would shrink well-estimated odds ratios towards 1 for no reason):
//   yi = log(a d / (b c)),   vi = 1/a + 1/b + 1/c + 1/d   (Woolf),
//   OR = exp(yi),  CI = exp(yi -/+ z vi^(1/2)),  z = qnorm(1 - (1 - conf_level)/2).
// Double-zero studies (no events or only events in both arms) are excluded
// from pooling by default (drop00 = TRUE, rma.mh's default and the usual
// practice): their table is compatible with any common odds ratio, and the
// corrected log OR of 0 with a huge variance would only add noise. They are
// still reported (included = false, the numbers NaN, as metafor's NA).
// With drop_double_zero = false they get the correction like any study with a
// zero cell (log OR 0 if the arms are balanced) and are pooled.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "host/meta/study_table.hpp"

namespace ps {

struct StudyEffectsOptions {
  double continuity_correction = 0.5;  // metafor's add; must be > 0 and finite
  bool drop_double_zero = true;        // metafor's drop00
  double conf_level = 0.95;            // for the per-study Wald CI
};

struct StudyEffect {
  std::string name;
  bool double_zero = false;  // no events or only events in both arms
  bool corrected = false;    // the continuity correction was added to its four cells
  bool included = true;      // enters the pooling (false: double zero, dropped)
  // NaN when not included.
  double log_odds_ratio = 0.0, variance = 0.0, se = 0.0;
  double odds_ratio = 1.0, ci_lower = 0.0, ci_upper = 0.0;  // odds-ratio scale
};

// One entry per input study, in input order. Throws std::invalid_argument for
// bad tables (validate_study_tables), a continuity correction that is not
// positive and finite, or conf_level outside (0, 1).
std::vector<StudyEffect> study_effects(const std::vector<StudyTable>& studies, const StudyEffectsOptions& options = {});

// The included studies' log odds ratios and variances, ready for pooling
// (rma(yi, vi) drops the NA rows the same way); study_index[j] is the input
// position of yi[j].
struct EffectSizes {
  std::vector<double> yi, vi;
  std::vector<std::size_t> study_index;
};

EffectSizes pooled_effect_sizes(const std::vector<StudyEffect>& effects);

}  // namespace ps

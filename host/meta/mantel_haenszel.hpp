// Mantel-Haenszel pooled odds ratio with the Robins-Breslow-Greenland
// variance, and Cochran's Q / I^2 / H^2 around it, as metafor 3.8's
//   rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment,
//          ci = events_control, n2i = total_control,
//          add = continuity_correction, to = "only0", drop00 = TRUE)
// with weights(res) for the per-study weights.
//
// Maths. Per table, on the UNCORRECTED cells a, b, c, d, N = a + b + c + d
// (rma.mh expands add = cc to c(cc, 0), to to c("only0", "none") and drop00
// to c(TRUE, FALSE): the second element, for the MH computation, adds
// nothing and drops nothing, so zero-cell and double-zero tables enter as
// they are; a double zero contributes 0 to every sum below):
//   R_i = a d / N,  S_i = b c / N,  P_i = (a + d) / N,  Q_i = (b + c) / N,
//   OR_MH = sum R / sum S,  log OR_MH = log(sum R / sum S),
//   Var(log OR_MH) = sum P R / (2 (sum R)^2) + sum (P S + Q R) / (2 sum R sum S)
//                    + sum Q S / (2 (sum S)^2)          (Robins, Breslow, Greenland 1986),
//   z = log OR / se, p = 2 (1 - Phi(|z|)), CI = log OR -/+ qnorm(1 - a/2) se;
//   weights (percent) = 100 S_i / sum S.
// No MH estimate when sum R = 0 or sum S = 0 (all tables without events in
// one direction): metafor's NA, NaN here (and the weights then NaN).
// Heterogeneity uses the escalc log odds ratios WITH the correction (the
// first elements: add = cc, to = "only0", drop00 = TRUE; study_effects.hpp),
// over the k_effects studies that have one (double zeros dropped):
//   Q = sum (y_i - log OR_MH)^2 / v_i   (around the MH estimate, not the IV one),
//   p = P(chi^2_{k_effects - 1} > Q),  I^2 = max(0, 100 (Q - (k_effects - 1)) / Q),
//   H^2 = Q / (k_effects - 1);  with k_effects <= 1: Q = 0, p = 1, I^2 = 0, H^2 = 1.
// Why MH: it needs no correction for zero cells, stays unbiased with many
// sparse tables, and is the paper's fixed-effect method for binary outcomes.
#pragma once

#include <cstddef>
#include <vector>

#include "host/meta/study_table.hpp"

namespace ps {

struct MantelHaenszelOptions {
  double continuity_correction = 0.5;  // for the Q statistic's log odds ratios only
  double conf_level = 0.95;
};

struct MantelHaenszelResult {
  std::size_t k = 0;          // tables (metafor's k)
  std::size_t k_effects = 0;  // studies with a log odds ratio (k.yi): Q's k
  // Log odds ratio scale; NaN when sum R or sum S is 0.
  double log_odds_ratio = 0.0, se = 0.0, z = 0.0, p_value = 1.0, ci_lower = 0.0, ci_upper = 0.0;
  // Odds-ratio scale: exp of the above.
  double odds_ratio = 1.0, or_ci_lower = 0.0, or_ci_upper = 0.0;
  // Heterogeneity.
  double q = 0.0, q_df = 0.0, q_p_value = 1.0, i2 = 0.0, h2 = 1.0;
  std::vector<double> weight_percent;  // per input table
};

// Throws std::invalid_argument for bad tables (validate_study_tables), a
// continuity correction that is not positive and finite, or conf_level
// outside (0, 1).
MantelHaenszelResult mantel_haenszel(const std::vector<StudyTable>& studies, const MantelHaenszelOptions& options = {});

}  // namespace ps

// Fisher's exact test for a 2x2 table of events by arm, with the conditional
// maximum-likelihood odds ratio and its exact confidence interval, as R's
// stats::fisher.test(matrix(c(et, nt - et, ec, nc - ec), 2, byrow = TRUE)).
//
// Maths. Conditioning on all margins, the number of treatment events X
// follows Fisher's noncentral hypergeometric distribution on
// lo = max(0, nt - non-events) .. hi = min(nt, events):
//   P(X = x; psi) ∝ choose(events, x) choose(non-events, nt - x) exp(psi x),
// with psi = log odds ratio (psi = 0 under H0).
//  - Two-sided p: the sum of the null (psi = 0) probabilities of every x whose
//    probability is <= that of the observed x, times 1 + 1e-7 (R's relErr,
//    so tables with equal probabilities up to rounding count as "as extreme").
//  - Odds ratio: the conditional MLE, the psi with E[X; psi] = x observed;
//    0 when x = lo and Inf when x = hi (R checks x == lo first, so a table
//    whose margins allow a single value, e.g. no events at all, gives 0).
//  - CI: inverts the two one-sided tests at alpha = (1 - conf_level) / 2:
//    lower solves P(X >= x; psi) = alpha (0 when x = lo), upper solves
//    P(X <= x; psi) = alpha (Inf when x = hi).
// Differences from R: R solves for the MLE and the CI limits with uniroot's
// default tolerance (~1.2e-4 on the odds-ratio scale, or on 1 / odds ratio
// above 1); this code solves on the log odds ratio to full double precision.
#pragma once

namespace ps {

// One row per arm; the odds ratio is odds(event | treatment) / odds(event | control).
struct TwoByTwo {
  long long events_treatment = 0, total_treatment = 0, events_control = 0, total_control = 0;
};

struct FisherExactResult {
  double p_value = 1.0;     // two-sided
  double odds_ratio = 1.0;  // conditional MLE (0 or +inf at the edges of the support)
  double lower = 0.0;       // exact CI at conf_level (lower 0 and/or upper +inf at the edges)
  double upper = 0.0;
};

// Throws std::invalid_argument for negative counts, events above the total or
// conf_level outside (0, 1). Arms with zero patients are allowed (as in R the
// table then has a single possible value: p = 1, odds ratio 0, CI (0, Inf)).
// Works in log space: totals in the thousands (and beyond) are fine.
FisherExactResult fisher_exact_test(const TwoByTwo& table, double conf_level = 0.95);

}  // namespace ps

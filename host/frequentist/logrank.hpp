// Log-rank test of two groups (0/1) on right-censored data, optionally
// stratified, as R's survival::survdiff(Surv(time, event) ~ group) (rho = 0)
// or survdiff(Surv(time, event) ~ group + strata(stratum)); plus the one-step
// (Peto) log hazard ratio of group 1 vs group 0.
//
// Maths. Within each stratum, at each distinct event time with n at risk
// (n1 of them in group 1) and d events:
//   E1 += d n1 / n,   E0 += d (n - n1) / n,
//   V  += d (n1 / n) (1 - n1 / n) (n - d) / (n - 1)   (hypergeometric; 0 when n = 1).
// O, E and V are summed over strata; chi-square = (O1 - E1)^2 / V on 1 df.
// Peto: log HR = (O1 - E1) / V, SE = 1 / sqrt(V) (the score test's one Newton
// step from log HR = 0 in the Cox model; good near HR = 1).
// V = 0 (no events, or no event time with both groups at risk): the test has
// no information; chi_square, p_value, log_hazard_ratio and its SE are NaN.
// (R gives chisq 0 there, with df <= 0 and a p of 0 or NaN; with only one
// group present at all it stops with an error.)
// Times are compared exactly (R's timefix merges times within ~1.5e-8 relative).
#pragma once

#include <array>
#include <vector>

namespace ps {

struct LogRankResult {
  std::array<double, 2> observed{};  // events in group 0, group 1
  std::array<double, 2> expected{};  // expected events under H0
  double variance = 0.0;             // Var(O1 - E1), summed over strata
  double chi_square = 0.0;           // 1 df
  double p_value = 1.0;
  double log_hazard_ratio = 0.0;     // Peto one-step, group 1 vs group 0
  double se_log_hazard_ratio = 0.0;  // 1 / sqrt(variance)
};

// group: 0 or 1 per patient; event: 0 or 1; stratum: empty (unstratified) or
// one code per patient (any integers; equal codes = same stratum). Throws
// std::invalid_argument for different lengths, codes other than 0/1, or
// non-finite times.
LogRankResult log_rank_test(const std::vector<double>& time, const std::vector<int>& event,
                            const std::vector<int>& group, const std::vector<int>& stratum = {});

}  // namespace ps

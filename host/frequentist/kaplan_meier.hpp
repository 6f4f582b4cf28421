// Kaplan-Meier estimate of the survival curve of one group from right-censored
// (time, event) data, as R's survival::survfit(Surv(time, event) ~ 1) with its
// defaults (conf.type = "log", conf.int = 0.95); S(t) as summary(fit, times = t,
// extend = TRUE); the median and its CI as print(fit) (survival:::survmean).
//
// Maths. At each distinct time t_j (event or censoring), with n_j at risk
// (time >= t_j), d_j events and c_j censorings (censored at t_j counts as still
// at risk at t_j: "censored after the event"):
//   S(t_j) = prod_{i <= j} (1 - d_i / n_i),
//   se(log S(t_j)) = sqrt(sum_{i <= j} d_i / (n_i (n_i - d_i)))   (Greenwood),
//   SE of S = S * se(log S)   (summary(fit)$std.err; fit$std.err is se(log S)),
//   CI = exp(log S -/+ z se(log S)) with z = qnorm(1 - (1 - conf)/2), upper
//   clipped at 1.
// When n_j == d_j everybody left dies: S = 0, se(log S) = +inf as in R, the SE
// of S is 0 * inf = NaN (R's summary prints NaN) and the CI is NaN (R: NA).
// Times are compared exactly (R's timefix merges times within ~1.5e-8
// relative of each other; compute times that differ by rounding alike).
#pragma once

#include <vector>

namespace ps {

// Structure of arrays: entry j describes the distinct time time[j].
struct KaplanMeierCurve {
  double conf_level = 0.95;
  std::vector<double> time;  // distinct event or censoring times, increasing
  std::vector<long long> n_risk, n_event, n_censor;
  std::vector<double> surv;         // S(time[j]), right-continuous
  std::vector<double> se_log_surv;  // Greenwood SE of log S (R's fit$std.err)
  std::vector<double> std_err;      // Greenwood SE of S (R's summary(fit)$std.err)
  std::vector<double> lower, upper; // log-transformed CI for S
};

// event: 0 = censored, 1 = event; time finite. Throws std::invalid_argument for
// empty input, different lengths, other event codes, non-finite times or
// conf_level outside (0, 1).
KaplanMeierCurve kaplan_meier(const std::vector<double>& time, const std::vector<int>& event,
                              double conf_level = 0.95);

struct SurvivalAt {
  double time = 0.0;
  long long n_risk = 0;  // at risk at time (time >= t), as summary's n.risk
  double surv = 1.0, std_err = 0.0, lower = 1.0, upper = 1.0;
  // Cumulative incidence 1 - S with CI (1 - upper, 1 - lower).
  double cum_incidence = 0.0, cum_incidence_lower = 0.0, cum_incidence_upper = 0.0;
};

// The step function at t (right-continuous: an event at t is included).
// Before the first time S = 1 with SE 0 and CI (1, 1). After the last time the
// last values are carried forward (as summary(..., extend = TRUE); without
// extend R drops such times) with n_risk 0. Throws std::invalid_argument for
// NaN t or an empty curve.
SurvivalAt survival_at(const KaplanMeierCurve& curve, double t);

struct MedianSurvival {
  double median = 0.0, lower = 0.0, upper = 0.0;  // NaN when not reached
};

// R's print(survfit) rule (survmean's minmin) applied to S, to the lower and to
// the upper CI curve: the first time at which the curve is < 0.5 + sqrt(eps)
// (NaN values skipped); if the curve is 0.5 there (within sqrt(eps)) and drops
// lower later, the midpoint of that time and the time of the next drop. So
// median = first time S <= 0.5, lower = first time the lower CI curve <= 0.5,
// upper = first time the upper CI curve <= 0.5; NaN when the curve never gets
// there (e.g. everyone censored, or the upper limit when the upper CI curve
// stays above 0.5 until S reaches 0, where the CI is NaN).
// Note: quantile(fit, 0.5) can differ: when S ends at exactly 0.5 it takes the
// midpoint with the last follow-up time, and as it sorts the (non-monotone)
// upper CI curve, its upper limit can be a later time (aml: 48, print: 45).
MedianSurvival median_survival(const KaplanMeierCurve& curve);

}  // namespace ps

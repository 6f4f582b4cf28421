// Cox proportional-hazards partial log-likelihood with Breslow or Efron ties
// and strata, shared by the CPU backend, the CUDA kernels and host fitting.
//
// Data layout (prepared once on the host by host/design, see RiskSets):
// patients are ordered by stratum, then by time *descending*, and within a
// tied time the events come before the censored observations. A "tie group"
// is a maximal run of patients with the same stratum and time. Walking the
// groups in order, the risk set of group g is every patient up to the end of
// g within the stratum, so one running sum gives every risk-set total:
//
//   log L = sum_events eta_i
//           - sum_groups sum_{k=0}^{d-1} log(S_g - (k/d) * D_g)     (Efron)
//           - sum_groups d * log(S_g)                               (Breslow)
//
// with S_g = sum_{risk set} exp(eta), D_g = sum_{events of g} exp(eta), and
// d the number of events in g (Therneau & Grambsch 2000, ch. 3). A patient
// censored at a tied event time is at risk at that time, as in survival::coxph.
//
// Parameters theta: [0] treatment log HR, [1 .. 1+n_numeric) numeric
// covariates (centred; centring does not change the partial likelihood),
// then one coefficient per non-reference factor level. Factors are indices
// into theta (-1 for the reference level) rather than dense dummy columns.
#pragma once

#include "models/hd.hpp"
#include "models/linear_predictor.hpp"

namespace ps {

enum class Ties : int { breslow = 0, efron = 1 };

struct CoxView {
  int n = 0;
  int n_numeric = 0;
  int n_factors = 0;
  int dim = 0;                            // length of theta
  const double* treatment = nullptr;      // [n], 0/1
  const double* numeric = nullptr;        // [n_numeric * n], covariate j at numeric[j * n + i]
  const int* factor_param = nullptr;      // [n_factors * n], theta index or -1 (reference)
  int n_groups = 0;
  const int* group_end = nullptr;         // [n_groups], one past the group's last patient
  const int* group_events = nullptr;      // [n_groups], events in the group (listed first)
  int n_strata = 0;
  const int* stratum_group_end = nullptr; // [n_strata], one past the stratum's last group
  Ties ties = Ties::efron;
};

PS_HD inline double cox_linear_predictor(const CoxView& m, const double* theta, int i) {
  return linear_predictor(m, theta, i);
}

// Dense design row x_i (length m.dim), so that eta_i = x_i . theta.
PS_HD inline void cox_design_row(const CoxView& m, int i, double* x) {
  for (int k = 0; k < m.dim; ++k) x[k] = 0.0;
  x[0] = m.treatment[i];
  for (int j = 0; j < m.n_numeric; ++j) x[1 + j] = m.numeric[j * m.n + i];
  for (int f = 0; f < m.n_factors; ++f) {
    const int k = m.factor_param[f * m.n + i];
    if (k >= 0) x[k] = 1.0;
  }
}

// Sum of log-denominators for one tie group with d events, risk total S and
// tied-event total D.
PS_HD inline double cox_tie_group_log_denominator(Ties ties, int d, double S, double D) {
  if (ties == Ties::breslow) return d * log(S);
  double acc = 0.0;
  for (int k = 0; k < d; ++k) acc += log(S - (static_cast<double>(k) / d) * D);
  return acc;
}

PS_HD inline double cox_log_partial_likelihood(const CoxView& m, const double* theta) {
  double loglik = 0.0;
  int i = 0;
  int g = 0;
  for (int s = 0; s < m.n_strata; ++s) {
    double risk_total = 0.0;  // S: running sum over the stratum's risk set
    for (; g < m.stratum_group_end[s]; ++g) {
      const int end = m.group_end[g];
      const int d = m.group_events[g];
      double event_total = 0.0;  // D
      for (int k = 0; i < end; ++i, ++k) {
        const double eta = cox_linear_predictor(m, theta, i);
        const double w = exp(eta);
        risk_total += w;
        if (k < d) {
          event_total += w;
          loglik += eta;
        }
      }
      if (d > 0) loglik -= cox_tie_group_log_denominator(m.ties, d, risk_total, event_total);
    }
  }
  // exp overflow far out in the tails gives inf - inf; treat as zero density.
  return (loglik == loglik && loglik < HUGE_VAL) ? loglik : neg_infinity();
}

}  // namespace ps

// The Cox partial log-likelihood in the form the samplers evaluate, on the CPU
// and on the GPU alike: the same quantity as cox_log_partial_likelihood
// (models/cox.hpp, the double-precision reference that host fitting uses),
// arranged for speed and for evaluation by several workers at once.
//
// What changes, and why it stays accurate (DESIGN.md, Performance):
// - One flat pass over patients in RiskSets order. Each patient carries a code
//   word: event, first patient of a tie group, first patient of a stratum, and
//   (for the last patient of a tie group with events) the group's event count
//   d. The risk total S and the tied-event total D are then *segmented prefix
//   sums* of w_i = exp(eta_i) -- S restarting at each stratum, D at each tie
//   group -- which a warp or a block computes with a parallel scan just as one
//   thread computes them with a running sum.
// - eta_i and exp(eta_i) in single precision (one special-function call per
//   patient, the GPU's fast path); eta is built from the coefficients rounded
//   to float, and everything below uses those same rounded coefficients, so
//   the result is the double-precision likelihood at float(theta) up to the
//   rounding of each w_i (a few 1e-8 relative, unbiased).
// - S and D accumulated in double: at n = 100,000 a float running sum would
//   lose ~1e-3 relative precision in late risk sets.
// - sum_events eta_i = theta . (sum over events of the design row) is linear
//   in theta: the host precomputes the event design sum in double, so events
//   cost nothing per patient.
// - The log-denominators sum_g sum_k log(S_g - k/d D_g) become the log of one
//   product (models/log_product.hpp): a double multiply per event instead of
//   a log per event.
// - Factor effects are lookups into a coefficient table (theta as float plus
//   a zero at index dim for reference levels), so there is no branch and no
//   dense dummy column.
#pragma once

#include "models/cox.hpp"
#include "models/log_product.hpp"
#include "models/serial_group.hpp"

namespace ps {

// Bits of CoxSamplingView::patient_code; the tie group's event count d is
// stored above them (code >> kCoxCodeEventsShift), non-zero only on the last
// patient of a tie group that has events.
constexpr int kCoxCodeEvent = 1;
constexpr int kCoxCodeGroupHead = 2;    // first patient of a tie group
constexpr int kCoxCodeStratumHead = 4;  // first patient of a stratum (also a group head)
constexpr int kCoxCodeEventsShift = 3;

struct CoxSamplingView {
  int n = 0;
  int dim = 0;                              // length of theta
  int n_columns = 0;                        // 1 + numeric covariates; column c multiplies theta[c]
  int n_factors = 0;
  Ties ties = Ties::efron;
  const float* columns = nullptr;           // [c * n + i]; column 0 is treatment, then centred covariates
  const int* factor_slot = nullptr;         // [f * n + i]; theta index, or dim (the table's zero) for the reference
  const int* patient_code = nullptr;        // [i]; see kCoxCode*
  const double* event_design_sum = nullptr; // [dim]; sum over events of the design row
};

// Fills the coefficient table a likelihood evaluation reads: table[k * stride]
// = float(theta[k]) for k < dim and table[dim * stride] = 0.
PS_HD inline void fill_coefficient_table(const CoxSamplingView& m, const double* theta, float* table, int stride) {
  for (int k = 0; k < m.dim; ++k) table[k * stride] = static_cast<float>(theta[k]);
  table[m.dim * stride] = 0.0f;
}

PS_HD inline float cox_sampling_eta(const CoxSamplingView& m, const float* table, int stride, int i) {
  float eta = 0.0f;
  for (int c = 0; c < m.n_columns; ++c) eta += load_readonly(m.columns + c * m.n + i) * table[c * stride];
  for (int f = 0; f < m.n_factors; ++f) eta += table[load_readonly(m.factor_slot + f * m.n + i) * stride];
  return eta;
}

// Log partial likelihood from a filled coefficient table, evaluated by the
// members of `group` together: tiles of size() * kStretch consecutive
// patients, each member taking a stretch of kStretch of them. A member first
// sums its stretch (the exps stay in registers), the group scans the
// stretch sums, then each member walks its stretch again from the running
// totals it was handed. Every member returns the same value: -inf where exp
// over/underflows far in the tails (|eta| > ~87).
template <int kStretch, class Group>
PS_HD double cox_sampling_log_likelihood(const CoxSamplingView& m, const float* table, int stride, const Group& group) {
  double risk_carry = 0.0;   // S entering the next tile
  double event_carry = 0.0;  // D entering the next tile
  LogProduct denominators;
  const int tile = group.size() * kStretch;
  for (int base = 0; base < m.n; base += tile) {
    const int first = base + group.rank() * kStretch;
    double w[kStretch];
    int code[kStretch];
    double risk_part = 0.0, event_part = 0.0;
    bool risk_head = false, event_head = false;
PS_UNROLL
    for (int j = 0; j < kStretch; ++j) {
      const int i = first + j;
      // Past the end: an empty segment of its own that closes nothing.
      code[j] = kCoxCodeStratumHead | kCoxCodeGroupHead;
      w[j] = 0.0;
      if (i < m.n) {
        code[j] = load_readonly(m.patient_code + i);
        w[j] = static_cast<double>(expf(cox_sampling_eta(m, table, stride, i)));
      }
      if (code[j] & kCoxCodeStratumHead) {
        risk_part = 0.0;
        risk_head = true;
      }
      risk_part += w[j];
      if (code[j] & kCoxCodeGroupHead) {
        event_part = 0.0;
        event_head = true;
      }
      if (code[j] & kCoxCodeEvent) event_part += w[j];
    }
    double risk_total = group.segmented_prefix(risk_part, risk_head, risk_carry);
    double event_total = group.segmented_prefix(event_part, event_head, event_carry);
PS_UNROLL
    for (int j = 0; j < kStretch; ++j) {
      risk_total = (code[j] & kCoxCodeStratumHead) ? w[j] : risk_total + w[j];
      const double event_w = (code[j] & kCoxCodeEvent) ? w[j] : 0.0;
      event_total = (code[j] & kCoxCodeGroupHead) ? event_w : event_total + event_w;
      const int d = code[j] >> kCoxCodeEventsShift;
      if (m.ties == Ties::breslow) {
        for (int k = 0; k < d; ++k) denominators.multiply(risk_total);
      } else {
        for (int k = 0; k < d; ++k) denominators.multiply(risk_total - (static_cast<double>(k) / d) * event_total);
      }
    }
  }
  double linear = 0.0;
  for (int k = 0; k < m.dim; ++k) linear += static_cast<double>(table[k * stride]) * m.event_design_sum[k];
  const double loglik = linear - group.log_of_product(denominators);
  return (loglik == loglik && loglik < HUGE_VAL && loglik > -HUGE_VAL) ? loglik : neg_infinity();
}

// One thread, its own table: the form the CPU backend and the one-thread-per-
// chain kernel use.
PS_HD inline double cox_sampling_log_likelihood(const CoxSamplingView& m, const double* theta) {
  float table[kMaxDim + 1];
  fill_coefficient_table(m, theta, table, 1);
  return cox_sampling_log_likelihood<1>(m, table, 1, SerialGroup{});
}

}  // namespace ps

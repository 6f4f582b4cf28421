// Longitudinal cumulative-link model: repeated ordinal scores per patient
// (e.g. the WHO scale on days 2 .. 14) with day effects and a patient random
// intercept, shared by host fitting and the samplers.
//
//   P(Y_it <= k | x_i, b_i) = F(c_k - eta_it - b_i),   b_i ~ N(0, sigma^2),
//   eta_it = x_it . beta   (treatment, covariates, factors, the day among them),
//
// the single-day model of models/ordinal.hpp (same links, cutpoints, signs)
// plus one effect per non-reference day and the random intercept, which is
// integrated out per patient so the sampler never sees it:
//
//   L_i = integral prod_t P(y_it | u) phi(u) du,   b_i = sigma u,
//
// by adaptive Gauss-Hermite quadrature as R's ordinal::clmm (nAGQ), with
// h(u) = -sum_t log P(y_it | u) + u^2/2 (models/adaptive_gauss_hermite.hpp).
// One node is exactly the Laplace approximation, clmm's nAGQ = 1.
//
// Parameters theta (length dim): [0] treatment, numeric covariates (centred),
// factor levels -- the day is a factor, its first level the reference --,
// then log sigma, then the K-1 unconstrained cutpoint parameters z
// (models/ordinal.hpp). log sigma sits right after the coefficients so that
// the sampler's "first k parameters" draws (ChainPlan::saved_coefficients)
// can carry it to the summaries.
#pragma once

#include "models/adaptive_gauss_hermite.hpp"
#include "models/hd.hpp"
#include "models/linear_predictor.hpp"
#include "models/log_product.hpp"
#include "models/ordinal.hpp"
#include "models/serial_group.hpp"

namespace ps {

// Predictors of every observation in the layout of linear_predictor(). The
// day is one of the factors; baseline covariates repeat on each of a
// patient's rows (and covariates that change over time are allowed).
struct PredictorColumns {
  int n = 0;
  int n_numeric = 0;
  int n_factors = 0;
  const double* treatment = nullptr;  // [n], 0/1
  const double* numeric = nullptr;    // [n_numeric * n], centred
  const int* factor_param = nullptr;  // [n_factors * n], theta index or -1
};

struct OrdinalLongitudinalView {
  int n_patients = 0;                   // clusters sharing one random intercept
  PredictorColumns predictors;          // n = the number of observations
  int n_categories = 0;                 // K, the declared levels
  int reference_category = 0;           // r of the cutpoint parameters (models/ordinal.hpp)
  int n_coefficients = 0;               // 1 + n_numeric + factor levels (day effects included)
  int dim = 0;                          // n_coefficients + 1 + K - 1
  int n_nodes = 1;                      // quadrature nodes per patient (1 = Laplace)
  OrdinalLink link = OrdinalLink::logit;
  const int* first_observation = nullptr;  // [n_patients + 1]: patient i owns [first[i], first[i+1])
  const int* category = nullptr;           // [observations], 0 .. K-1
  const double* node = nullptr;            // [n_nodes] Gauss-Hermite abscissae
  const double* log_weight = nullptr;      // [n_nodes] log w_k + x_k^2

  PS_HD int log_sd_index() const { return n_coefficients; }
  PS_HD int cutpoint_offset() const { return n_coefficients + 1; }
};

// ---- one observation as a function of the shift s = eta + sigma u ------------

// log q(s) and its first two derivatives in s, where q(s) = F(b - s) - F(a - s)
// is the probability of the observed category with cutpoints a < b. The
// derivatives use the ratios f(.)/q, formed in log space so that neither
// tail loses them: q'/q = (f(a-s) - f(b-s))/q, q''/q = (f'(b-s) - f'(a-s))/q.
struct CellTerms {
  double log_q = 0.0;
  double d1 = 0.0;  // (log q)'
  double d2 = 0.0;  // (log q)''
};

// f'(x) / f(x): -tanh(x/2) (logistic), -x (normal).
PS_HD inline double link_pdf_slope(OrdinalLink link, double x) {
  return link == OrdinalLink::logit ? -tanh(0.5 * x) : -x;
}

PS_HD inline CellTerms cell_terms(OrdinalLink link, double a, double b, double s) {
  CellTerms t;
  const double lo = a - s, hi = b - s;
  t.log_q = log_interval_probability(link, lo, hi);
  if (!(t.log_q > neg_infinity())) return t;
  const double r_hi = hi == HUGE_VAL ? 0.0 : exp(link_log_pdf(link, hi) - t.log_q);
  const double r_lo = lo == -HUGE_VAL ? 0.0 : exp(link_log_pdf(link, lo) - t.log_q);
  t.d1 = r_lo - r_hi;
  const double second = (hi == HUGE_VAL ? 0.0 : r_hi * link_pdf_slope(link, hi)) -
                        (lo == -HUGE_VAL ? 0.0 : r_lo * link_pdf_slope(link, lo));
  t.d2 = second - t.d1 * t.d1;
  return t;
}

// The logistic link without logs: F(x) and 1 - F(x) from one exp, and the
// cell probability q = F(hi) - F(lo) = F(hi) (1 - F(lo)) (1 - exp(lo - hi)),
// a product with no cancellation in either tail. Every ratio Newton needs
// follows by division: f(hi)/q = (1 - F(hi)) / ((1 - F(lo)) gap) and
// f(lo)/q = F(lo) / (F(hi) gap), with f'/f = 1 - 2F. Three exps per
// observation instead of the dozen a log-space evaluation costs; the caller
// takes one log per patient (LogProduct). Returns false when q underflows
// (eta hundreds of logits from a cutpoint), where the log-space cell_terms
// takes over.
PS_HD inline void logistic_pair(double x, double* F, double* G) {
  const double e = exp(x >= 0.0 ? -x : x);
  const double inv = 1.0 / (1.0 + e);
  *F = x >= 0.0 ? inv : e * inv;
  *G = x >= 0.0 ? e * inv : inv;
}

PS_HD inline bool logit_cell(double lo, double hi, bool derivatives, double* q, double* d1, double* d2) {
  double F_lo, G_lo, F_hi, G_hi;
  logistic_pair(lo, &F_lo, &G_lo);
  logistic_pair(hi, &F_hi, &G_hi);
  const double gap = (lo == -HUGE_VAL || hi == HUGE_VAL) ? 1.0 : -expm1(lo - hi);
  *q = F_hi * G_lo * gap;
  if (!(*q > 1e-300)) return false;
  if (derivatives) {
    const double r_hi = G_hi / (G_lo * gap);
    const double r_lo = F_lo / (F_hi * gap);
    *d1 = r_lo - r_hi;
    *d2 = r_hi * (G_hi - F_hi) - r_lo * (G_lo - F_lo) - *d1 * *d1;
  }
  return true;
}

// ---- one patient ------------------------------------------------------------------

// h(u) = -sum_t log P(y_it | u) + u^2/2 and its first two derivatives in u
// (models/adaptive_gauss_hermite.hpp).
PS_HD inline QuadratureTerms patient_terms(const OrdinalLongitudinalView& m, const double* theta, const double* c,
                                           double sigma, int begin, int end, double u, bool derivatives) {
  QuadratureTerms p;
  p.dh = u;
  p.d2h = 1.0;
  LogProduct product;      // the cell probabilities of the fast logit path
  double log_rest = 0.0;   // log-space cells (probit, underflow)
  const double shift = sigma * u;
  for (int t = begin; t < end; ++t) {
    const double s = linear_predictor(m.predictors, theta, t) + shift;
    const int y = load_readonly(m.category + t);
    const double a = category_lower(c, y), b = category_upper(c, m.n_categories, y);
    const double lo = a - s, hi = b - s;
    double q = 0.0, d1 = 0.0, d2 = 0.0;
    if (m.link == OrdinalLink::logit && logit_cell(lo, hi, derivatives, &q, &d1, &d2)) {
      product.multiply(q);
    } else if (derivatives) {
      const CellTerms cell = cell_terms(m.link, a, b, s);
      log_rest += cell.log_q;
      d1 = cell.d1;
      d2 = cell.d2;
    } else {
      log_rest += log_interval_probability(m.link, lo, hi);
    }
    p.dh -= sigma * d1;
    p.d2h -= sigma * sigma * d2;
  }
  p.h = 0.5 * u * u - product.log_value() - log_rest;
  return p;
}

// patient_terms of one patient as the callable the quadrature takes.
struct PatientIntegrand {
  const OrdinalLongitudinalView& m;
  const double* theta;
  const double* c;
  double sigma;
  int begin, end;
  PS_HD QuadratureTerms operator()(double u, bool derivatives) const {
    return patient_terms(m, theta, c, sigma, begin, end, u, derivatives);
  }
};

// The conditional mode of the standardised random intercept (h is strictly
// convex: h'' >= 1 for both links, whose cell probabilities are log-concave
// in the shift). Returns the terms at the mode and the mode in *mode.
PS_HD inline QuadratureTerms patient_mode(const OrdinalLongitudinalView& m, const double* theta, const double* c,
                                          double sigma, int begin, int end, double* mode) {
  return quadrature_mode(PatientIntegrand{m, theta, c, sigma, begin, end}, mode);
}

// log L_i by adaptive Gauss-Hermite quadrature with the view's rule.
PS_HD inline double patient_log_marginal(const OrdinalLongitudinalView& m, const double* theta, const double* c,
                                         double sigma, int i) {
  const int begin = load_readonly(m.first_observation + i);
  const int end = load_readonly(m.first_observation + i + 1);
  return adaptive_gauss_hermite_log_integral(PatientIntegrand{m, theta, c, sigma, begin, end},
                                             GaussHermiteView{m.n_nodes, m.node, m.log_weight});
}

// The marginal log-likelihood, summed over patients by the members of
// `group` (SerialGroup: one thread); every member returns the sum.
template <class Group>
PS_HD double ordinal_longitudinal_log_likelihood(const OrdinalLongitudinalView& m, const double* theta,
                                                 const Group& group) {
  double c[kMaxDim];
  ordinal_cutpoints(m.link, m.n_categories, m.reference_category, theta + m.cutpoint_offset(), c);
  const double sigma = exp(theta[m.log_sd_index()]);
  double part = 0.0;
  for (int i = group.rank(); i < m.n_patients; i += group.size()) part += patient_log_marginal(m, theta, c, sigma, i);
  const double loglik = group.sum(part);
  return loglik == loglik ? loglik : neg_infinity();
}

PS_HD inline double ordinal_longitudinal_log_likelihood(const OrdinalLongitudinalView& m, const double* theta) {
  return ordinal_longitudinal_log_likelihood(m, theta, SerialGroup{});
}

}  // namespace ps

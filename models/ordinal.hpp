// Cumulative-link (proportional-odds) model for an ordinal outcome such as
// the WHO clinical progression scale, shared by host fitting and the samplers.
//
//   P(Y <= k | x) = F(c_k - eta),   eta = x . beta,   k = 1 .. K-1,
//
// F the logistic (link "logit", the proportional-odds model) or standard
// normal (link "probit") distribution function, c_1 < ... < c_{K-1} the
// cutpoints, Y in categories 0 .. K-1 (the levels declared in the config, in
// order). beta > 0 moves patients towards higher categories, so with "higher
// is worse" an odds ratio exp(beta) < 1 favours treatment; this is also the
// sign convention of R's ordinal::clm (theta_j - x'beta).
//
// Parameters theta (length dim): [0] treatment, [1 .. 1+n_numeric) numeric
// covariates (centred), then one coefficient per non-reference factor level
// (as the Cox model), then K-1 unconstrained cutpoint parameters u:
//   c_1 = u_1,  c_k = c_{k-1} + exp(u_k)  (k >= 2),
// so every u is a valid, strictly ordered set of cutpoints.
//
// Category probabilities are differences of distribution functions; they are
// computed so that neither tail loses precision (see log_category_probability).
#pragma once

#include "models/hd.hpp"
#include "models/linear_predictor.hpp"
#include "models/serial_group.hpp"

namespace ps {

enum class OrdinalLink : int { logit = 0, probit = 1 };

struct OrdinalView {
  int n = 0;
  int n_numeric = 0;
  int n_factors = 0;
  int n_categories = 0;              // K, the declared levels
  int n_coefficients = 0;            // 1 + n_numeric + factor levels
  int dim = 0;                       // n_coefficients + K - 1
  OrdinalLink link = OrdinalLink::logit;
  const double* treatment = nullptr; // [n], 0/1
  const double* numeric = nullptr;   // [n_numeric * n], centred
  const int* factor_param = nullptr; // [n_factors * n], theta index or -1 (reference)
  const int* category = nullptr;     // [n], 0 .. K-1
};

// ---- the link ---------------------------------------------------------------

// log(1 + exp(x)) without overflow or loss for large |x|.
PS_HD inline double softplus(double x) { return x > 0.0 ? x + log1p(exp(-x)) : log1p(exp(x)); }

// log F(x) and log(1 - F(x)) = log F(-x) (both links are symmetric).
PS_HD inline double link_log_cdf(OrdinalLink link, double x) {
  if (link == OrdinalLink::logit) return -softplus(-x);
  return log(0.5 * erfc(-x * 0.70710678118654752440));
}

// log f(x), the density of the latent variable.
PS_HD inline double link_log_pdf(OrdinalLink link, double x) {
  if (link == OrdinalLink::logit) return -softplus(-x) - softplus(x);
  return -0.5 * x * x - 0.91893853320467274178;  // log(1/sqrt(2 pi))
}

// log P(a < latent <= b) = log(F(b) - F(a)) for a < b (a = -inf or b = +inf
// allowed). Logit: F(b) - F(a) = F(b) (1 - F(a)) (1 - exp(a - b)) exactly, so
// each factor is taken in log space and neither tail cancels. Probit: the
// difference is taken in whichever tail the interval lies, via erfc.
PS_HD inline double log_interval_probability(OrdinalLink link, double a, double b) {
  const bool lower_open = a == -HUGE_VAL;
  const bool upper_open = b == HUGE_VAL;
  if (lower_open && upper_open) return 0.0;
  if (lower_open) return link_log_cdf(link, b);
  if (upper_open) return link_log_cdf(link, -a);
  if (!(a < b)) return neg_infinity();
  if (link == OrdinalLink::logit) return link_log_cdf(link, b) + link_log_cdf(link, -a) + log1p(-exp(a - b));
  const double r = 0.70710678118654752440;
  const double p = a > 0.0 ? 0.5 * (erfc(a * r) - erfc(b * r)) : 0.5 * (erfc(-b * r) - erfc(-a * r));
  return p > 0.0 ? log(p) : neg_infinity();
}

// ---- cutpoints ----------------------------------------------------------------

// c[k-1] = c_k (k = 1 .. K-1) from u = theta + n_coefficients.
PS_HD inline void ordinal_cutpoints(int n_categories, const double* u, double* c) {
  if (n_categories < 2) return;
  c[0] = u[0];
  for (int k = 1; k < n_categories - 1; ++k) c[k] = c[k - 1] + exp(u[k]);
}

// Lower and upper cutpoint of category y (0-based): (c_y, c_{y+1}) with c_0 =
// -inf and c_K = +inf.
PS_HD inline double category_lower(const double* c, int y) { return y == 0 ? -HUGE_VAL : c[y - 1]; }
PS_HD inline double category_upper(const double* c, int K, int y) { return y == K - 1 ? HUGE_VAL : c[y]; }

// ---- likelihood -----------------------------------------------------------

PS_HD inline double ordinal_linear_predictor(const OrdinalView& m, const double* theta, int i) {
  return linear_predictor(m, theta, i);
}

// Evaluated by the members of `group` together (SerialGroup: one thread);
// member r takes patients r, r + size, ...; every member returns the sum.
template <class Group>
PS_HD double ordinal_log_likelihood(const OrdinalView& m, const double* theta, const Group& group) {
  double c[kMaxDim];
  ordinal_cutpoints(m.n_categories, theta + m.n_coefficients, c);
  double part = 0.0;
  for (int i = group.rank(); i < m.n; i += group.size()) {
    const double eta = ordinal_linear_predictor(m, theta, i);
    const int y = load_readonly(m.category + i);
    part += log_interval_probability(m.link, category_lower(c, y) - eta, category_upper(c, m.n_categories, y) - eta);
  }
  const double loglik = group.sum(part);
  return loglik == loglik ? loglik : neg_infinity();
}

PS_HD inline double ordinal_log_likelihood(const OrdinalView& m, const double* theta) {
  return ordinal_log_likelihood(m, theta, SerialGroup{});
}



// ---- the cutpoint prior ------------------------------------------------------

// Dirichlet(alpha, ..., alpha) on the category probabilities of a reference
// patient (eta = 0: control arm, covariates at their means, reference levels),
// pi_k = F(c_{k+1}) - F(c_k), as rstanarm's stan_polr and brms's induced
// Dirichlet do. It is proper, so a declared level that no patient reached
// still has a proper posterior. As a density of u it carries two Jacobians:
// from c to the cumulative probabilities (prod_k f(c_k); the map from
// cumulative to category probabilities has unit determinant) and from u to c
// (prod_{k>=2} exp(u_k)). Normalising constants are dropped.
PS_HD inline double ordinal_cutpoint_log_prior(OrdinalLink link, int n_categories, const double* u, double alpha) {
  double c[kMaxDim];
  ordinal_cutpoints(n_categories, u, c);
  double lp = 0.0;
  for (int k = 0; k < n_categories - 1; ++k) lp += link_log_pdf(link, c[k]);
  for (int k = 1; k < n_categories - 1; ++k) lp += u[k];
  if (alpha != 1.0) {
    for (int y = 0; y < n_categories; ++y)
      lp += (alpha - 1.0) * log_interval_probability(link, category_lower(c, y), category_upper(c, n_categories, y));
  }
  return lp == lp ? lp : neg_infinity();
}

}  // namespace ps

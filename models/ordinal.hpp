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
// (as the Cox model), then K-1 unconstrained cutpoint parameters z: the log
// ratios w_y = log(pi_y / pi_r) of the category probabilities pi_y of a
// reference patient (eta = 0) to that of a reference category r (w_r = 0,
// not a parameter; z lists the other categories in order), so that
//   F(c_k) = sum_{y < k} pi_y = sum_{y < k} e^{w_y} / sum_y e^{w_y}:
// every z is a valid, strictly ordered set of cutpoints. r is the most
// frequent category of the data (host/design/ordinal_design.cpp), so the
// ratios are those best determined. These coordinates are the ones in which
// the posterior is closest to normal: with no covariates the posterior of pi
// is the Dirichlet of the cutpoint prior updated by the counts, whose log
// ratios are nearly independent even for declared levels nobody reached,
// while in cumulative coordinates (c_1, log(c_k - c_{k-1})) a run of empty
// levels makes curved, strongly dependent ridges that the sampler's Laplace
// independence proposal (models/metropolis.hpp) cannot follow.
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
  int reference_category = 0;        // r of the cutpoint parameters (see the opening comment)
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
// The probit's far lower tail (x < -30, where erfc(-x / sqrt 2) is below
// 1e-197 and underflows a little further on) is the asymptotic series
// log Phi(x) = log phi(x) - log|x| + log(1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8),
// whose next term is below 2e-12 there.
PS_HD inline double link_log_cdf(OrdinalLink link, double x) {
  if (link == OrdinalLink::logit) return -softplus(-x);
  if (x < -30.0) {
    const double y = 1.0 / (x * x);
    return -0.5 * x * x - 0.91893853320467274178 - log(-x) + log1p(y * (-1.0 + y * (3.0 + y * (-15.0 + y * 105.0))));
  }
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

// w_y of the reference patient's category y (see the opening comment).
PS_HD inline double category_log_weight(int reference, const double* z, int y) {
  return y == reference ? 0.0 : z[y < reference ? y : y - 1];
}

// Adds e^x to a log-sum-exp kept as (max, scaled sum), without overflow.
PS_HD inline void log_sum_exp_add(double x, double& max, double& scaled_sum) {
  if (x > max) {
    scaled_sum = scaled_sum * exp(max - x) + 1.0;
    max = x;
  } else {
    scaled_sum += exp(x - max);
  }
}

// x >= 0 with log Phi(-x) = log_tail, log_tail <= log(1/2): the standard
// normal upper-tail quantile from the log of its probability, so that tails
// far below the smallest double keep their digits. Start from Abramowitz &
// Stegun 26.2.23 (absolute error < 4.5e-4), then Newton steps on
// log Phi(-x), which is concave: each step squares the relative error.
PS_HD inline double normal_upper_quantile_of_log(double log_tail) {
  if (!(log_tail > neg_infinity())) return HUGE_VAL;
  const double t = sqrt(-2.0 * log_tail);
  double x = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  if (x < 0.0) x = 0.0;
  for (int step = 0; step < 4; ++step) {
    const double log_upper = link_log_cdf(OrdinalLink::probit, -x);
    x += (log_upper - log_tail) * exp(log_upper - link_log_pdf(OrdinalLink::probit, x));
  }
  return x;
}

// F^-1(p) from log p and log(1 - p), both given: the logit is their
// difference, the probit is taken in the nearer tail.
PS_HD inline double link_quantile_of_logs(OrdinalLink link, double log_p, double log_q) {
  if (link == OrdinalLink::logit) return log_p - log_q;
  return log_p < log_q ? -normal_upper_quantile_of_log(log_p) : normal_upper_quantile_of_log(log_q);
}

// c[k-1] = c_k (k = 1 .. K-1) from z = theta + n_coefficients and the
// reference category: F(c_k) = P(Y < k) of the reference patient, from the
// log-sum-exps of the weights below and above k, so neither tail cancels.
PS_HD inline void ordinal_cutpoints(OrdinalLink link, int n_categories, int reference, const double* z, double* c) {
  if (n_categories < 2) return;
  // Backward: c[k-1] = log sum_{y >= k} e^{w_y} for now.
  double max = neg_infinity(), scaled = 0.0;
  for (int k = n_categories - 1; k >= 1; --k) {
    log_sum_exp_add(category_log_weight(reference, z, k), max, scaled);
    c[k - 1] = max + log(scaled);
  }
  log_sum_exp_add(category_log_weight(reference, z, 0), max, scaled);
  const double log_total = max + log(scaled);
  // Forward: the weights below k, then the quantile.
  max = neg_infinity();
  scaled = 0.0;
  for (int k = 1; k < n_categories; ++k) {
    log_sum_exp_add(category_log_weight(reference, z, k - 1), max, scaled);
    const double below = max + log(scaled);
    c[k - 1] = link_quantile_of_logs(link, below - log_total, c[k - 1] - log_total);
  }
}

// Lower and upper cutpoint of category y (0-based): (c_y, c_{y+1}) with c_0 =
// -inf and c_K = +inf.
PS_HD inline double category_lower(const double* c, int y) { return y == 0 ? -HUGE_VAL : c[y - 1]; }
PS_HD inline double category_upper(const double* c, int K, int y) { return y == K - 1 ? HUGE_VAL : c[y]; }

// The inverse of ordinal_cutpoints: z from strictly increasing cutpoints c
// (for fits and tests that hold cutpoints).
PS_HD inline void ordinal_cutpoint_parameters(OrdinalLink link, int n_categories, int reference, const double* c,
                                              double* z) {
  auto log_probability = [&](int y) {
    return log_interval_probability(link, category_lower(c, y), category_upper(c, n_categories, y));
  };
  const double log_reference = log_probability(reference);
  for (int y = 0; y < n_categories; ++y)
    if (y != reference) z[y < reference ? y : y - 1] = log_probability(y) - log_reference;
}

// ---- likelihood -----------------------------------------------------------

PS_HD inline double ordinal_linear_predictor(const OrdinalView& m, const double* theta, int i) {
  return linear_predictor(m, theta, i);
}

// Evaluated by the members of `group` together (SerialGroup: one thread);
// member r takes patients r, r + size, ...; every member returns the sum.
template <class Group>
PS_HD double ordinal_log_likelihood(const OrdinalView& m, const double* theta, const Group& group) {
  double c[kMaxDim];
  ordinal_cutpoints(m.link, m.n_categories, m.reference_category, theta + m.n_coefficients, c);
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
// pi_y = F(c_{y+1}) - F(c_y), as rstanarm's stan_polr and brms's induced
// Dirichlet do. It is proper, so a declared level that no patient reached
// still has a proper posterior. As a density of z (additive log ratios) it is
// prod_y pi_y^alpha: the Dirichlet's prod_y pi_y^(alpha - 1) times the
// Jacobian of the softmax, prod_y pi_y over all K categories. The link does
// not enter: z parameterises the probabilities themselves. Normalising
// constants are dropped.
PS_HD inline double ordinal_cutpoint_log_prior(int n_categories, int reference, const double* z, double alpha) {
  double sum = 0.0, max = neg_infinity(), scaled = 0.0;
  for (int y = 0; y < n_categories; ++y) {
    const double w = category_log_weight(reference, z, y);
    sum += w;
    log_sum_exp_add(w, max, scaled);
  }
  const double lp = alpha * (sum - n_categories * (max + log(scaled)));
  return lp == lp ? lp : neg_infinity();
}

}  // namespace ps

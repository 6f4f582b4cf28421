// Exact posterior of a contrast of two independent Beta variables: the
// beta-binomial analysis of a two-arm trial, p_t ~ Beta(a_t, b_t) (treatment)
// and p_c ~ Beta(a_c, b_c) (control) independent, contrasts
//   absolute risk difference  ARD = p_t - p_c                        on (-1, 1),
//   relative risk             RR  = p_t / p_c                        on (0, inf),
//   odds ratio                OR  = [p_t/(1-p_t)] / [p_c/(1-p_c)]    on (0, inf).
//
// Maths. Each contrast g(p_t, p_c) increases in p_t and decreases in p_c, so
// for fixed p_c = y the event {g < t} is {p_t < h(y, t)} with
//   ARD: h = y + t,   RR: h = t y,   OR: logit h = logit y + log t,
// and, conditioning on p_c,
//   P(g < t) = integral_0^1 f_c(y) F_t(clamp(h(y, t), 0, 1)) dy,
// where f_c is the Beta density and F_t the regularised incomplete beta
// function I_x(a_t, b_t). Where h leaves (0, 1) the integrand is f_c(y) or 0,
// whose integral is a Beta tail probability (one ibeta call); what is left is
// one integral over the y-interval (lo, hi) on which 0 < h < 1, of a product
// of smooth functions. The swap identities P(g(p_t,p_c) < t) = P(g(p_c,p_t) >
// -t) (ARD) or > 1/t (RR, OR) let the integral run over whichever arm is the
// narrower on the contrast's natural scale (sd of p, of log p, of logit p),
// so that the other arm's F is at least as wide as the weight it is averaged
// against. The density of the contrast is the same integral with f_t(h) dh/dt
// in place of F_t(h).
//
// Why it is exact. Nothing is sampled: F_t is Boost's ibeta/ibetac (the
// complement form I_{1-h}(b, a) is used when h > 1/2, so the upper tail keeps
// its relative accuracy), the Beta density is evaluated in log space relative
// to Boost's ibeta_derivative at the arm's mean (no lgamma cancellation for
// parameters in the thousands), and the one remaining 1-D integral is done by
// the trapezoidal rule after the substitution
//   y = lo + (hi - lo) logistic(z),   z = c + s L sinh(w / L),
// with c the mode of the weight in z, s its curvature scale and
// L = clamp(1/s, 1, 4). The first map turns the endpoint singularities
// y^(a-1), (1-y)^(b-1) (parameters below 1) and the h^a, (1-h)^b behaviour of
// F at lo and hi into exponential decay in z; the second centres the (possibly
// very peaked: sd 0.003 at a, b ~ 10,000) mass, is linear over its Gaussian
// core and turns the exponential tails into double-exponential decay in w,
// where the trapezoidal rule on an analytic integrand converges
// geometrically. The range is cut where the weight falls below 1e-20 and the
// step halved from 1/2 until two successive sums agree to 1e-13 absolute or
// 1e-11 relative (each halving roughly squares the error, so the last sum is
// far more accurate than that). Checked against long-double tanh-sinh
// quadrature: within ~1e-12 of the true CDF (typically 1e-15; 1e-13 for
// parameters in the thousands, the accuracy of ibeta there) for parameters
// from 0.3 to 10,000 (tests/exact/test_beta_contrast.cpp).
//
// Quantiles: bracketed, safeguarded Newton (rtsafe: bisection whenever a step
// leaves the bracket or converges too slowly) on the log of the tail
// probability nearer to p, in u = atanh t (ARD) or log t (RR, OR), from a
// Cornish-Fisher start; the density comes from the same pass as the CDF, and
// passes far from the root are done at reduced accuracy. To 1e-10 in t
// (1e-10 relative for RR and OR above 1); probabilities 1e-4..1 - 1e-4 and
// beyond. About 2.5-3 passes (~100-250 us) per quantile.
#pragma once

namespace ps {

struct BetaParameters {
  double a, b;  // both > 0 and finite
};

enum class BetaContrastKind { difference, ratio, odds_ratio };

// P(contrast < t), within 1e-10 (see above). t outside the support gives 0
// or 1; NaN t, or a or b not finite and > 0, throws std::invalid_argument.
double beta_contrast_cdf(BetaContrastKind kind, BetaParameters treatment, BetaParameters control,
                         double t);

// The t with beta_contrast_cdf(...) = probability, to 1e-10 in t (relative
// for RR and OR above 1). probability must lie in (0, 1), and the parameters
// be finite and > 0; throws std::invalid_argument otherwise.
double beta_contrast_quantile(BetaContrastKind kind, BetaParameters treatment,
                              BetaParameters control, double probability);

// Closed forms from Beta moments (independent arms):
//   ARD: mean = E p_t - E p_c, var = var p_t + var p_c;
//   RR:  E[1/p_c] = (a+b-1)/(a-1) needs a_c > 1, var(1/p_c) = b(a+b-1)/((a-1)^2 (a-2))
//        needs a_c > 2;
//   OR:  E[p_t/(1-p_t)] = a/(b-1) needs b_t > 1, var = a(a+b-1)/((b-1)^2 (b-2)) needs b_t > 2,
//        and (1-p_c)/p_c as 1/p_c - 1 (a_c > 1, a_c > 2);
// var(XY) = var X var Y + var X (E Y)^2 + var Y (E X)^2 for independent X, Y.
// NaN where the moment does not exist (sd NaN also when the mean is NaN).
struct BetaContrastMoments {
  double mean, sd;
};
BetaContrastMoments beta_contrast_moments(BetaContrastKind kind, BetaParameters treatment,
                                          BetaParameters control);

}  // namespace ps

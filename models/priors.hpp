// Prior densities on one scalar coefficient, shared by host and device.
//
// The swept treatment-effect prior and the nuisance prior on covariate
// coefficients use the same representation. Densities are normalised so that
// they can also be used for quadrature references and prior plots.
//   normal(mean, sd):             a = mean, b = sd
//   student_t(df, location, scale): a = df, b = location, c = scale
//   lognormal(meanlog, sdlog):    a = meanlog, b = sdlog (a positive quantity)
// Priors on a scale parameter (a between-study or random-intercept SD) use
// the same representation on the SD: half-normal(s) is normal(0, s) and
// half-Cauchy(s) student_t(1, 0, s), folded at zero (the fold only doubles
// the normalising constant, which the sampler drops).
#pragma once

#include "models/hd.hpp"

namespace ps {

enum class PriorFamily : int { normal = 0, student_t = 1, lognormal = 2 };

struct ScalarPrior {
  PriorFamily family = PriorFamily::normal;
  double a = 0.0;
  double b = 1.0;
  double c = 1.0;
};

PS_HD inline double prior_log_density(const ScalarPrior& p, double x) {
  constexpr double kLogSqrt2Pi = 0.91893853320467274178;
  if (p.family == PriorFamily::normal) {
    const double z = (x - p.a) / p.b;
    return -0.5 * z * z - log(p.b) - kLogSqrt2Pi;
  }
  if (p.family == PriorFamily::lognormal) {
    if (!(x > 0.0)) return neg_infinity();
    const double z = (log(x) - p.a) / p.b;
    return -0.5 * z * z - log(p.b) - log(x) - kLogSqrt2Pi;
  }
  const double df = p.a;
  const double z = (x - p.b) / p.c;
  return lgamma(0.5 * (df + 1.0)) - lgamma(0.5 * df) - 0.5 * log(df * 3.14159265358979323846) - log(p.c) -
         0.5 * (df + 1.0) * log1p(z * z / df);
}

// The log density up to an additive constant: all a Metropolis ratio needs,
// and no log/lgamma per coefficient per step.
PS_HD inline double prior_log_kernel(const ScalarPrior& p, double x) {
  if (p.family == PriorFamily::normal) {
    const double z = (x - p.a) / p.b;
    return -0.5 * z * z;
  }
  if (p.family == PriorFamily::lognormal) {
    if (!(x > 0.0)) return neg_infinity();
    const double z = (log(x) - p.a) / p.b;
    return -0.5 * z * z - log(x);
  }
  const double z = (x - p.b) / p.c;
  return -0.5 * (p.a + 1.0) * log1p(z * z / p.a);
}

// First and (minus) second derivative of the log density at x. The host uses
// them to move the Laplace approximation from the likelihood mode to each
// prior's approximate posterior mode.
PS_HD inline double prior_log_density_gradient(const ScalarPrior& p, double x) {
  if (p.family == PriorFamily::normal) return -(x - p.a) / (p.b * p.b);
  if (p.family == PriorFamily::lognormal) return -((log(x) - p.a) / (p.b * p.b) + 1.0) / x;
  const double r = x - p.b;
  return -(p.a + 1.0) * r / (p.a * p.c * p.c + r * r);
}

PS_HD inline double prior_precision_at(const ScalarPrior& p, double x) {
  if (p.family == PriorFamily::normal) return 1.0 / (p.b * p.b);
  if (p.family == PriorFamily::lognormal) {
    const double h = ((1.0 - (log(x) - p.a)) / (p.b * p.b) - 1.0) / (x * x);
    return h > 0.0 ? h : 0.0;
  }
  const double r = x - p.b;
  const double s = p.a * p.c * p.c;
  const double h = (p.a + 1.0) * (s - r * r) / ((s + r * r) * (s + r * r));
  return h > 0.0 ? h : 0.0;  // the t density is log-convex in its tails
}

// The prior of a positive scale x = exp(l) as a density of l = log x (what
// the samplers move), up to a constant: the density of x times the Jacobian
// dx/dl = x. For a log-normal prior this is the normal density of l.
PS_HD inline double log_scale_prior_kernel(const ScalarPrior& p, double log_x) {
  if (p.family == PriorFamily::lognormal) {  // directly: exp(log_x) may underflow where the density does not
    const double z = (log_x - p.a) / p.b;
    return -0.5 * z * z;
  }
  return prior_log_kernel(p, exp(log_x)) + log_x;
}

// The priors a sweep varies from one grid point to the next: the treatment
// effect's and, for a model with a between-study SD (the binomial-normal
// meta-analysis), that SD's. Every posterior of models/sweep_model.hpp takes
// the ones it has from set_swept_prior. Converts from the effect prior alone.
struct SweptPrior {
  ScalarPrior effect;
  ScalarPrior scale{PriorFamily::normal, 0.0, 1.0, 0.0};

  SweptPrior() = default;
  PS_HD SweptPrior(const ScalarPrior& effect_prior) : effect(effect_prior) {}  // NOLINT: implicit on purpose
  PS_HD SweptPrior(const ScalarPrior& effect_prior, const ScalarPrior& scale_prior)
      : effect(effect_prior), scale(scale_prior) {}
};

}  // namespace ps

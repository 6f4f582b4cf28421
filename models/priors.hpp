// Prior densities on one scalar coefficient, shared by host and device.
//
// The swept treatment-effect prior and the nuisance prior on covariate
// coefficients use the same representation. Densities are normalised so that
// they can also be used for quadrature references and prior plots.
//   normal(mean, sd):             a = mean, b = sd
//   student_t(df, location, scale): a = df, b = location, c = scale
#pragma once

#include "models/hd.hpp"

namespace ps {

enum class PriorFamily : int { normal = 0, student_t = 1 };

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
  const double z = (x - p.b) / p.c;
  return -0.5 * (p.a + 1.0) * log1p(z * z / p.a);
}

// First and (minus) second derivative of the log density at x. The host uses
// them to move the Laplace approximation from the likelihood mode to each
// prior's approximate posterior mode.
PS_HD inline double prior_log_density_gradient(const ScalarPrior& p, double x) {
  if (p.family == PriorFamily::normal) return -(x - p.a) / (p.b * p.b);
  const double r = x - p.b;
  return -(p.a + 1.0) * r / (p.a * p.c * p.c + r * r);
}

PS_HD inline double prior_precision_at(const ScalarPrior& p, double x) {
  if (p.family == PriorFamily::normal) return 1.0 / (p.b * p.b);
  const double r = x - p.b;
  const double s = p.a * p.c * p.c;
  const double h = (p.a + 1.0) * (s - r * r) / ((s + r * r) * (s + r * r));
  return h > 0.0 ? h : 0.0;  // the t density is log-convex in its tails
}

}  // namespace ps

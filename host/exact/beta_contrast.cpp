// Exact CDF, quantiles and moments of a contrast of two independent Beta
// variables; the maths and why it is exact are in beta_contrast.hpp.
#include "host/exact/beta_contrast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/polygamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

namespace ps {
namespace {

// No promotion of double to long double inside Boost: 3-5x faster ibeta, still
// accurate to ~1e-12 relative for parameters in the tens of thousands.
using Pol = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void check_arm(BetaParameters p, const char* which) {
  if (!(std::isfinite(p.a) && std::isfinite(p.b) && p.a > 0.0 && p.b > 0.0))
    throw std::invalid_argument(std::string("beta contrast: ") + which +
                                " Beta parameters must be finite and > 0, got a = " +
                                std::to_string(p.a) + ", b = " + std::to_string(p.b));
}

// log(u / v) for u, v > 0, accurate also when u is close to v.
double log_ratio(double u, double v) {
  const double r = (u - v) / v;
  return std::fabs(r) < 0.5 ? std::log1p(r) : std::log(u / v);
}

// One Beta(a, b) arm. Arguments come as (x, 1 - x), each computed without
// cancellation by the caller.
struct BetaArm {
  double a, b;
  double x0, x0c;  // anchor (the mean) and 1 - anchor
  double log_f0;   // log density at the anchor

  explicit BetaArm(BetaParameters p)
      : a(p.a), b(p.b), x0(p.a / (p.a + p.b)), x0c(p.b / (p.a + p.b)) {
    double f0 = 0.0;
    try {
      f0 = boost::math::ibeta_derivative(a, b, x0, Pol());
    } catch (const std::exception&) {  // over- or underflow far outside 0.3..10,000
    }
    if (std::isfinite(f0) && f0 > 0.0) {
      log_f0 = std::log(f0);
    } else {  // outside the parameter range this file is meant for
      log_f0 = (a - 1.0) * std::log(x0) + (b - 1.0) * std::log(x0c) - std::lgamma(a) -
               std::lgamma(b) + std::lgamma(a + b);
    }
  }
  // Density in log space relative to the anchor: no lbeta cancellation.
  double log_density(double x, double xc) const {
    double r = log_f0;
    if (a != 1.0) r += (a - 1.0) * log_ratio(x, x0);
    if (b != 1.0) r += (b - 1.0) * log_ratio(xc, x0c);
    return r;
  }
  double cdf(double x, double xc) const {  // I_x(a, b)
    return x <= 0.5 ? boost::math::ibeta(a, b, x, Pol()) : boost::math::ibetac(b, a, xc, Pol());
  }
  double ccdf(double x, double xc) const {  // 1 - I_x(a, b)
    return x <= 0.5 ? boost::math::ibetac(a, b, x, Pol()) : boost::math::ibeta(b, a, xc, Pol());
  }
};

struct TailResult {
  double lower;    // P(contrast < t)
  double upper;    // P(contrast > t)
  double density;  // d lower / du: in integrate_over_outer u = t (ARD) or log t (RR, OR);
                   // from Contrast::evaluate u = atanh t (ARD) or log t
};

// The core: P(g(p_inner, p_outer) < t) as an integral over the outer arm,
// either lower = int f_O F_I(h) (+ exact tail) or upper = int f_O (1 - F_I(h))
// (+ exact tail); the other one is 1 minus it. t is inside the support.
// The trapezoidal sums stop when two successive ones differ by at most
// abs_tol or rel_tol times the sum.
constexpr double kAbsTol = 1e-13, kRelTol = 1e-11;
constexpr double kH0 = 0.5;         // first trapezoidal step in w
constexpr double kMaxLambda = 4.0;  // extent of the linear part of the w -> z map, in scales

TailResult integrate_over_outer(BetaContrastKind kind, const BetaArm& inner, const BetaArm& outer,
                                double t, bool compute_upper, bool want_density,
                                double abs_tol = kAbsTol, double rel_tol = kRelTol) {
  // The y-interval (lo, hi) on which 0 < h(y, t) < 1; one_minus_hi = 1 - hi
  // exactly; tails outside it are Beta tail probabilities of the outer arm.
  double lo = 0.0, hi = 1.0, one_minus_hi = 0.0;
  double extra_lower = 0.0, extra_upper = 0.0;
  switch (kind) {
    case BetaContrastKind::difference:
      if (t >= 0.0) {
        hi = 1.0 - t;
        one_minus_hi = t;
        extra_lower = outer.ccdf(hi, t);  // P(p_O > 1 - t): F_I(h) = 1 there
      } else {
        lo = -t;
        extra_upper = outer.cdf(-t, 1.0 + t);  // P(p_O < -t): F_I(h) = 0 there
      }
      break;
    case BetaContrastKind::ratio:
      if (t > 1.0) {
        hi = 1.0 / t;
        one_minus_hi = (t - 1.0) / t;
        extra_lower = outer.ccdf(hi, one_minus_hi);  // P(p_O > 1/t)
      }
      break;
    case BetaContrastKind::odds_ratio:
      break;
  }
  const double len = hi - lo;
  const double log_t = std::log(std::fabs(t));
  const double a = outer.a, b = outer.b;

  // Position of logit-scale z in (lo, hi): y = lo + d1, 1 - y = one_minus_hi + d2.
  struct Point {
    double z, sp, sm, d1, d2, y, ym;
  };
  auto point = [&](double z) {
    Point p;
    p.z = z;
    if (z >= 0.0) {
      const double e = std::exp(-z);
      p.sp = 1.0 / (1.0 + e);
      p.sm = e / (1.0 + e);
    } else {
      const double e = std::exp(z);
      p.sp = e / (1.0 + e);
      p.sm = 1.0 / (1.0 + e);
    }
    p.d1 = len * p.sp;
    p.d2 = len * p.sm;
    p.y = lo + p.d1;
    p.ym = one_minus_hi + p.d2;
    return p;
  };
  // Slope in z of the log weight log f_O(y) + log dy/dz, and its derivative.
  auto slope = [&](const Point& p, double* curvature) {
    const double jac = p.d1 * p.d2 / len;
    const double g = (a - 1.0) / p.y - (b - 1.0) / p.ym;
    if (curvature) {
      const double g1 = -(a - 1.0) / (p.y * p.y) - (b - 1.0) / (p.ym * p.ym);
      *curvature = g1 * jac * jac + g * jac * (p.sm - p.sp) - 2.0 * p.sp * p.sm;
    }
    return g * jac + (p.sm - p.sp);
  };

  // Centre c: the mode of the weight in z, by Newton on the slope (positive
  // as z -> -inf, negative as z -> +inf) inside a bracket that every step
  // shrinks, bisecting when a step leaves it; scale s from the curvature there.
  double zl = -60.0, zr = 60.0;
  double c = 0.0;
  {
    const double y0 = std::clamp(outer.x0, lo + 1e-3 * len, hi - 1e-3 * len);
    c = std::log((y0 - lo) / (hi - y0));
  }
  double curv = 0.0;
  for (int i = 0; i < 100; ++i) {
    const double d = slope(point(c), &curv);
    if (d > 0.0)
      zl = c;
    else
      zr = c;
    const double newton = c - d / curv;
    if (curv < 0.0 && newton > zl && newton < zr) {
      const bool done = std::fabs(newton - c) * std::sqrt(-curv) < 1e-3;  // 1e-3 of the scale
      c = newton;
      if (done) break;
    } else {
      c = 0.5 * (zl + zr);
      if (zr - zl < 1e-12) break;
    }
  }
  slope(point(c), &curv);
  double s = (curv < 0.0 && std::isfinite(curv)) ? 1.0 / std::sqrt(-curv) : 1.0;
  s = std::clamp(s, 1e-9, 3.0);
  // z = c + s lambda sinh(w / lambda): linear over the Gaussian core (which
  // on the logit scale extends ~1/s scale units, and where the trapezoidal
  // rule at step 1/2 is already exact to double precision), exponential
  // beyond it, so that exponential tails in z decay double-exponentially in w.
  const double lambda = std::clamp(1.0 / s, 1.0, kMaxLambda);

  // log of the outer weight in w: f_O(y) dy/dz dz/dw.
  auto log_weight_w = [&](double w, Point* out) {
    const double e = std::exp(w / lambda), ei = 1.0 / e;
    const Point p = point(c + s * lambda * 0.5 * (e - ei));
    if (out) *out = p;
    return outer.log_density(p.y, p.ym) + std::log(p.d1 * p.d2 * s * 0.5 * (e + ei) / len);
  };
  // The integrand at the point p with log weight lw; the density part in *dens.
  auto integrand_at = [&](const Point& p, double lw, double* dens) {
    if (!(lw > -745.0)) {
      *dens = 0.0;
      return 0.0;
    }
    double h, hc, dh;
    switch (kind) {
      case BetaContrastKind::difference:
        if (t >= 0.0) {
          h = p.d1 + t;
          hc = p.d2;
        } else {
          h = p.d1;
          hc = p.d2 - t;
        }
        dh = 1.0;
        break;
      case BetaContrastKind::ratio:
        h = t * p.d1;
        hc = t > 1.0 ? t * p.d2 : p.d2 + (1.0 - t) * p.d1;
        dh = h;
        break;
      default: {  // odds ratio: logit h = logit y + log t
        const Point q = point(p.z + log_t);  // len = 1, lo = 0 here
        h = q.sp;
        hc = q.sm;
        dh = h * hc;
      }
    }
    const double weight = std::exp(lw);
    if (!(h > 0.0) || !(hc > 0.0)) {  // F_I is exactly 0 or 1 to double precision
      *dens = 0.0;
      const bool f_is_one = !(hc > 0.0);
      return (f_is_one != compute_upper) ? weight : 0.0;
    }
    *dens = want_density ? std::exp(lw + inner.log_density(h, hc)) * dh : 0.0;
    return weight * (compute_upper ? inner.ccdf(h, hc) : inner.cdf(h, hc));
  };
  auto integrand = [&](double w, double* dens) {
    Point p;
    const double lw = log_weight_w(w, &p);
    return integrand_at(p, lw, dens);
  };

  // Truncation: step out from the centre until the weight (an upper bound of
  // the integrand) is below 1e-20; beyond, it decays double-exponentially.
  // The points visited are the first level's nodes.
  constexpr double kLogNegligible = -46.0;  // log(1e-20)
  constexpr int kMaxSteps = 60;
  constexpr int kMaxLevel = 12;
  struct Node {
    Point p;
    double lw;
  };
  Node right[kMaxSteps + 2], left[kMaxSteps + 2];  // index k: w = +-k h0
  int k_left = 0, k_right = 0;
  double integral = 0.0, density = 0.0;
  right[0].lw = log_weight_w(0.0, &right[0].p);
  if (right[0].lw > kLogNegligible) {
    do {
      ++k_right;
      right[k_right].lw = log_weight_w(k_right * kH0, &right[k_right].p);
    } while (k_right <= kMaxSteps && right[k_right].lw > kLogNegligible);
    do {
      ++k_left;
      left[k_left].lw = log_weight_w(-k_left * kH0, &left[k_left].p);
    } while (k_left <= kMaxSteps && left[k_left].lw > kLogNegligible);
    const double w_lo = -k_left * kH0;

    // Trapezoidal rule, step halved until two successive sums agree.
    double sum = 0.0, dsum = 0.0, d;
    sum += integrand_at(right[0].p, right[0].lw, &d);
    dsum += d;
    for (int k = 1; k <= k_right; ++k) {
      sum += integrand_at(right[k].p, right[k].lw, &d);
      dsum += d;
    }
    for (int k = 1; k <= k_left; ++k) {
      sum += integrand_at(left[k].p, left[k].lw, &d);
      dsum += d;
    }
    const int panels = k_left + k_right;
    double h = kH0;
    double previous = sum * h;
    integral = previous;
    density = dsum * h;
    for (int level = 1; level <= kMaxLevel; ++level) {
      h *= 0.5;
      const int n = panels << level;  // intervals at this level; new nodes at odd indices
      for (int i = 1; i < n; i += 2) {
        sum += integrand(w_lo + i * h, &d);
        dsum += d;
      }
      integral = sum * h;
      density = dsum * h;
      const double change = std::fabs(integral - previous);
      if (change <= abs_tol || change <= rel_tol * std::fabs(integral)) break;
      previous = integral;
    }
  }

  TailResult r;
  if (compute_upper) {
    r.upper = std::clamp(integral + extra_upper, 0.0, 1.0);
    r.lower = 1.0 - r.upper;
  } else {
    r.lower = std::clamp(integral + extra_lower, 0.0, 1.0);
    r.upper = 1.0 - r.lower;
  }
  r.density = density;
  return r;
}

// Everything about one (kind, treatment, control) triple that does not depend
// on t: the arms, which one the integral runs over, and the first three
// cumulants on the natural scale (t for ARD, log t for RR and OR).
class Contrast {
 public:
  Contrast(BetaContrastKind kind, BetaParameters treatment, BetaParameters control)
      : kind_(kind), treatment_(treatment), control_(control) {
    using boost::math::digamma;
    using boost::math::polygamma;
    using boost::math::trigamma;
    // Mean, variance and third cumulant of each arm on the contrast's
    // natural scale: p (ARD), log p (RR), logit p (OR).
    struct Cumulants {
      double k1, k2, k3;
    };
    auto cumulants = [kind](double a, double b) -> Cumulants {
      const double n = a + b;
      switch (kind) {
        case BetaContrastKind::difference:
          return {a / n, a * b / (n * n * (n + 1.0)),
                  2.0 * a * b * (b - a) / (n * n * n * (n + 1.0) * (n + 2.0))};
        case BetaContrastKind::ratio:  // log p = log G_a - log(G_a + G_b)
          return {digamma(a, Pol()) - digamma(n, Pol()), trigamma(a, Pol()) - trigamma(n, Pol()),
                  polygamma(2, a, Pol()) - polygamma(2, n, Pol())};
        default:  // logit p = log G_a - log G_b
          return {digamma(a, Pol()) - digamma(b, Pol()), trigamma(a, Pol()) + trigamma(b, Pol()),
                  polygamma(2, a, Pol()) - polygamma(2, b, Pol())};
      }
    };
    const Cumulants t = cumulants(treatment.a, treatment.b);
    const Cumulants c = cumulants(control.a, control.b);
    swapped_ = t.k2 < c.k2;  // integrate over the narrower arm
    mean_ = t.k1 - c.k1;
    sd_ = std::sqrt(t.k2 + c.k2);
    skewness_ = std::clamp((t.k3 - c.k3) / (sd_ * sd_ * sd_), -1.0, 1.0);
    center_u_ = mean_;
    scale_u_ = sd_;
    if (kind == BetaContrastKind::difference) {  // to the atanh scale
      scale_u_ /= (1.0 - center_u_) * (1.0 + center_u_);
      center_u_ = std::atanh(center_u_);
    }
  }

  // Cornish-Fisher starting point for the quantile at normal deviate z,
  // on the solver's scale u.
  double start_u(double z) const {
    const double x = mean_ + sd_ * (z + (z * z - 1.0) * skewness_ / 6.0);
    if (log_scale()) return x;
    return std::atanh(std::clamp(x, -1.0 + 1e-9, 1.0 - 1e-9));
  }

  bool log_scale() const { return kind_ != BetaContrastKind::difference; }
  // The solver's scale: u = log t (RR, OR) or atanh t (ARD), on which the
  // power-law behaviour of the CDF at the ends of the support becomes
  // exponential, so that log CDF is close to linear in the tails.
  double t_of(double u) const { return log_scale() ? std::exp(u) : std::tanh(u); }

  // lower, upper and density in u at t, computing the requested tail directly.
  TailResult evaluate(double t, bool compute_upper, bool want_density, double abs_tol = kAbsTol,
                      double rel_tol = kRelTol) const {
    if (kind_ == BetaContrastKind::difference) {
      if (t <= -1.0) return {0.0, 1.0, 0.0};
      if (t >= 1.0) return {1.0, 0.0, 0.0};
    } else {
      if (t <= 0.0) return {0.0, 1.0, 0.0};
      if (t == kInf) return {1.0, 0.0, 0.0};
    }
    TailResult r;
    if (!swapped_) {
      r = integrate_over_outer(kind_, treatment_, control_, t, compute_upper, want_density,
                               abs_tol, rel_tol);
    } else {
      // P(g(p_t, p_c) < t) = P(g(p_c, p_t) > t'), t' = -t or 1/t; u' = -u.
      const double t_swapped = log_scale() ? 1.0 / t : -t;
      const TailResult q = integrate_over_outer(kind_, control_, treatment_, t_swapped,
                                                !compute_upper, want_density, abs_tol, rel_tol);
      r = {q.upper, q.lower, q.density};
    }
    if (!log_scale()) r.density *= (1.0 - t) * (1.0 + t);  // d/d atanh(t)
    return r;
  }

  double cdf(double t) const {
    return evaluate(t, t > t_of(center_u_), false).lower;
  }

  double quantile(double p) const;

 private:
  BetaContrastKind kind_;
  BetaArm treatment_, control_;
  bool swapped_ = false;
  double mean_ = 0.0, sd_ = 1.0, skewness_ = 0.0;  // natural scale: t, log t
  double center_u_ = 0.0, scale_u_ = 1.0;           // solver scale: atanh t, log t
};

// The root of G(u) = log(F(u) / target), F the tail probability nearer to p
// (F = lower, target = p for p < 1/2; F = upper, target = 1 - p otherwise,
// G then being log(target / upper)); G increases in u with slope
// density / F. Newton on log F rather than on F: in the tails F changes by
// orders of magnitude over one scale unit, where Newton on F overshoots
// wildly. The start is the Cornish-Fisher approximation. Until the root is
// bracketed, a Newton step that makes poor progress is replaced by a step of
// s_u 2^k outwards (k counting such steps); once it is, Newton steps are
// safeguarded as in rtsafe (Numerical Recipes): bisection when the step
// leaves the bracket or is not less than half the step before last.
// Far from the root the integrals need not be accurate: a pass is asked for
// 1e-3 times the square of the previous relative residual (Newton squares
// it), and for final accuracy once that residual is below 1e-3 -- final
// accuracy being what an error of 1e-11 in t (relative for t > 1) needs
// through the density, and never worse than 1e-9 relative; only a pass at
// final accuracy may end the iteration, and a residual within ten times its
// pass's tolerance is computed again at final accuracy before it may move the
// bracket.
double Contrast::quantile(double p) const {
  const bool use_upper = p >= 0.5;
  const double target = use_upper ? 1.0 - p : p;
  double u_lo = -kInf, u_hi = kInf;
  const double z = boost::math::quantile(boost::math::normal_distribution<double, Pol>(), p);
  double u = start_u(z);
  if (!std::isfinite(u)) u = center_u_;
  // Absolute tolerances on the tail probability: the CDF's own accuracy; what
  // the answer needs (an error of 1e-11 in t, or 1e-11 relative for t > 1,
  // through the density); and this pass's.
  const double floor_tol = std::max(kAbsTol, kRelTol * target);
  double final_tol = floor_tol;
  double tol = 1e-6 * target;
  int expansions = 0;
  double g_previous = kNaN;
  double dx = u_hi - u_lo, dx_old = dx;  // rtsafe's last two steps

  for (int iteration = 0; iteration < 400; ++iteration) {
    const bool final_accuracy = tol <= final_tol;
    const double t = t_of(u);
    const TailResult r = evaluate(t, use_upper, true, tol, 0.0);
    const double tail = use_upper ? r.upper : r.lower;
    const double diff = use_upper ? target - tail : tail - target;  // increasing in u
    // What the answer needs, from the density here (close to the root's by
    // the time it is used).
    const double dt_du = log_scale() ? t : (1.0 - t) * (1.0 + t);
    const double u_tol = std::min(1e-9, 1e-11 * std::max(1.0, std::fabs(t)) / dt_du);
    final_tol = std::max(floor_tol, std::min(1e-9 * target, 0.5 * r.density * u_tol));
    if (!final_accuracy && std::fabs(diff) <= 10.0 * tol) {
      tol = final_tol;  // the sign is in doubt: the same u again, at final accuracy
      continue;
    }
    if (diff == 0.0) return t;
    const bool was_two_sided = std::isfinite(u_lo) && std::isfinite(u_hi);
    if (diff < 0.0)
      u_lo = u;
    else
      u_hi = u;
    const double g = use_upper ? std::log(target / tail) : std::log(tail / target);
    const double slope = r.density / tail;
    const double step = (tail > 0.0 && slope > 0.0) ? -g / slope : kNaN;
    // Converged: a Newton step this small leaves an error of order
    // step^2 / scale (quadratic convergence), ~1e-14 scale, besides the
    // residual's error over the density, half u_tol.
    if (final_accuracy && std::fabs(step) <= 1e-7 * scale_u_)
      return t_of(std::clamp(u + step, u_lo, u_hi));
    // Newton squares the relative residual: below 1e-3 the next pass is
    // likely the last, so it is done at final accuracy.
    const double relative_residual = std::fabs(diff) / target;
    tol = relative_residual <= 1e-3
              ? final_tol
              : std::clamp(1e-3 * relative_residual * relative_residual * target, final_tol,
                           std::max(final_tol, 1e-6 * target));

    double u_next;
    if (!(std::isfinite(u_lo) && std::isfinite(u_hi))) {  // still bracketing
      const double cap = scale_u_ * std::ldexp(1.0, expansions);
      const bool poor = std::isfinite(g_previous) && std::fabs(g) > 0.5 * std::fabs(g_previous);
      if (std::isfinite(step) && std::fabs(step) <= cap && !poor) {
        u_next = u + step;
      } else {
        u_next = u + (diff < 0.0 ? cap : -cap);
        ++expansions;
        tol = std::max(final_tol, 1e-6 * target);
      }
    } else {
      if (!was_two_sided) dx = dx_old = u_hi - u_lo;
      const double newton = u + step;
      if (std::isfinite(newton) && newton > u_lo && newton < u_hi &&
          std::fabs(step) <= 0.5 * std::fabs(dx_old)) {
        dx_old = dx;
        dx = step;
        u_next = newton;
      } else {
        dx_old = dx;
        dx = 0.5 * (u_hi - u_lo);
        u_next = u_lo + dx;
        // bisection: this residual says little about the next one
        tol = std::max(final_tol, 1e-6 * target);
      }
      if (u_hi - u_lo <= 1e-14) return t_of(0.5 * (u_lo + u_hi));  // double-precision resolution
    }
    g_previous = g;
    u = u_next;
  }
  return t_of(u);
}

}  // namespace

double beta_contrast_cdf(BetaContrastKind kind, BetaParameters treatment, BetaParameters control,
                         double t) {
  check_arm(treatment, "treatment");
  check_arm(control, "control");
  if (std::isnan(t)) throw std::invalid_argument("beta_contrast_cdf: t is NaN");
  return Contrast(kind, treatment, control).cdf(t);
}

double beta_contrast_quantile(BetaContrastKind kind, BetaParameters treatment,
                              BetaParameters control, double probability) {
  check_arm(treatment, "treatment");
  check_arm(control, "control");
  if (!(probability > 0.0 && probability < 1.0))
    throw std::invalid_argument("beta_contrast_quantile: probability must lie in (0, 1), got " +
                                std::to_string(probability));
  return Contrast(kind, treatment, control).quantile(probability);
}

BetaContrastMoments beta_contrast_moments(BetaContrastKind kind, BetaParameters treatment,
                                          BetaParameters control) {
  check_arm(treatment, "treatment");
  check_arm(control, "control");
  const double at = treatment.a, bt = treatment.b, ac = control.a, bc = control.b;
  const double mean_t = at / (at + bt), mean_c = ac / (ac + bc);
  const double var_t = at * bt / ((at + bt) * (at + bt) * (at + bt + 1.0));
  const double var_c = ac * bc / ((ac + bc) * (ac + bc) * (ac + bc + 1.0));
  // E and var of 1/p for p ~ Beta(a, b).
  auto inverse_mean = [](double a, double b) { return a > 1.0 ? (a + b - 1.0) / (a - 1.0) : kNaN; };
  auto inverse_var = [](double a, double b) {
    return a > 2.0 ? b * (a + b - 1.0) / ((a - 1.0) * (a - 1.0) * (a - 2.0)) : kNaN;
  };
  // Independent X, Y: var(XY) = var X var Y + var X (E Y)^2 + var Y (E X)^2.
  auto product_sd = [](double ex, double vx, double ey, double vy) {
    return std::sqrt(vx * vy + vx * ey * ey + vy * ex * ex);
  };
  BetaContrastMoments m{kNaN, kNaN};
  switch (kind) {
    case BetaContrastKind::difference:
      m.mean = mean_t - mean_c;
      m.sd = std::sqrt(var_t + var_c);
      break;
    case BetaContrastKind::ratio: {  // p_t * (1 / p_c)
      const double ey = inverse_mean(ac, bc), vy = inverse_var(ac, bc);
      m.mean = mean_t * ey;
      m.sd = product_sd(mean_t, var_t, ey, vy);
      break;
    }
    case BetaContrastKind::odds_ratio: {
      // p_t/(1-p_t) = 1/q - 1 with q = 1 - p_t ~ Beta(b_t, a_t); (1-p_c)/p_c = 1/p_c - 1.
      const double ex = inverse_mean(bt, at) - 1.0, vx = inverse_var(bt, at);
      const double ey = inverse_mean(ac, bc) - 1.0, vy = inverse_var(ac, bc);
      m.mean = ex * ey;
      m.sd = product_sd(ex, vx, ey, vy);
      break;
    }
  }
  if (std::isnan(m.mean)) m.sd = kNaN;
  return m;
}

}  // namespace ps

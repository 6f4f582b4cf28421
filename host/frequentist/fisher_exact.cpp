// Fisher's exact test, conditional MLE odds ratio and exact CI; see
// fisher_exact.hpp for the maths and the R reference (stats::fisher.test).
#include "host/frequentist/fisher_exact.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/toms748_solve.hpp>

namespace ps {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double log_choose(double n, double k) {
  // boost::math::lgamma rather than std::lgamma: the latter writes the global
  // signgam and is not guaranteed thread-safe.
  return boost::math::lgamma(n + 1.0) - boost::math::lgamma(k + 1.0) - boost::math::lgamma(n - k + 1.0);
}

// The conditional distribution of the treatment events given all margins:
// support lo..hi and the log of the null (central hypergeometric) weights up
// to a constant, log choose(events, x) + log choose(non_events, nt - x).
struct Conditional {
  long long lo = 0, hi = 0, x = 0;  // x: the observed treatment events
  std::vector<double> log_null;     // [x - lo]
};

Conditional conditional_distribution(const TwoByTwo& t) {
  const long long events = t.events_treatment + t.events_control;
  const long long non_events = (t.total_treatment - t.events_treatment) + (t.total_control - t.events_control);
  Conditional c;
  c.lo = std::max(0LL, t.total_treatment - non_events);
  c.hi = std::min(t.total_treatment, events);
  c.x = t.events_treatment;
  c.log_null.resize(static_cast<std::size_t>(c.hi - c.lo + 1));
  for (long long v = c.lo; v <= c.hi; ++v) {
    c.log_null[static_cast<std::size_t>(v - c.lo)] =
        log_choose(static_cast<double>(events), static_cast<double>(v)) +
        log_choose(static_cast<double>(non_events), static_cast<double>(t.total_treatment - v));
  }
  return c;
}

// Normalised probabilities at log odds ratio psi. The weight exp(psi * x) is
// taken relative to lo (a constant factor) and the maximum log weight is
// subtracted before exponentiating, so nothing overflows for large tables or
// extreme psi (as R's dnhyper does).
std::vector<double> probabilities(const Conditional& c, double psi) {
  std::vector<double> p(c.log_null.size());
  double top = -kInf;
  for (std::size_t i = 0; i < p.size(); ++i) {
    p[i] = c.log_null[i] + psi * static_cast<double>(i);
    top = std::max(top, p[i]);
  }
  double sum = 0.0;
  for (double& v : p) {
    v = std::exp(v - top);
    sum += v;
  }
  for (double& v : p) v /= sum;
  return p;
}

double mean(const Conditional& c, double psi) {
  const std::vector<double> p = probabilities(c, psi);
  double m = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) m += p[i] * static_cast<double>(i);
  return static_cast<double>(c.lo) + m;
}

// P(X <= x; psi), decreasing in psi.
double lower_tail(const Conditional& c, double psi) {
  const std::vector<double> p = probabilities(c, psi);
  double s = 0.0;
  for (long long i = 0; i <= c.x - c.lo; ++i) s += p[static_cast<std::size_t>(i)];
  return s;
}

// P(X >= x; psi), increasing in psi.
double upper_tail(const Conditional& c, double psi) {
  const std::vector<double> p = probabilities(c, psi);
  double s = 0.0;
  for (std::size_t i = static_cast<std::size_t>(c.x - c.lo); i < p.size(); ++i) s += p[i];
  return s;
}

// The psi at which the increasing function f reaches target. The callers
// guarantee a finite root (x strictly inside the support), so the bracket is
// grown from psi = 0 by doubling until f crosses the target, then TOMS 748
// narrows it to an absolute width of a few ulps (an absolute criterion, since
// the root may be psi = 0 exactly, where a relative one never stops).
double solve_increasing(const std::function<double(double)>& f, double target) {
  const auto g = [&](double psi) { return f(psi) - target; };
  const double g0 = g(0.0);
  if (g0 == 0.0) return 0.0;
  // The root lies above 0 when f(0) is below the target, below 0 otherwise.
  double inner = 0.0, outer = g0 < 0.0 ? 1.0 : -1.0;
  double g_inner = g0, g_outer = g(outer);
  while (g_outer != 0.0 && (g_outer < 0.0) == (g0 < 0.0)) {
    if (std::fabs(outer) >= 4096.0) throw std::logic_error("fisher_exact_test: no root with |log odds ratio| <= 4096");
    inner = outer;
    g_inner = g_outer;
    outer *= 2.0;
    g_outer = g(outer);
  }
  if (g_outer == 0.0) return outer;
  double a = inner, b = outer, ga = g_inner, gb = g_outer;
  if (a > b) {
    std::swap(a, b);
    std::swap(ga, gb);
  }
  const auto tol = [](double lo, double hi) {
    return std::fabs(hi - lo) <= 4.0 * std::numeric_limits<double>::epsilon() * std::max({1.0, std::fabs(lo), std::fabs(hi)});
  };
  std::uintmax_t max_iter = 300;
  const auto root = boost::math::tools::toms748_solve(g, a, b, ga, gb, tol, max_iter);
  // On hitting max_iter the bracket is still valid (and already very narrow).
  return 0.5 * (root.first + root.second);
}

}  // namespace

FisherExactResult fisher_exact_test(const TwoByTwo& t, double conf_level) {
  if (t.events_treatment < 0 || t.events_control < 0 || t.total_treatment < t.events_treatment ||
      t.total_control < t.events_control) {
    throw std::invalid_argument("fisher_exact_test: counts must satisfy 0 <= events <= total in each arm");
  }
  if (!(conf_level > 0.0 && conf_level < 1.0)) {
    throw std::invalid_argument("fisher_exact_test: conf_level must be in (0, 1)");
  }
  const Conditional c = conditional_distribution(t);
  FisherExactResult r;

  // Two-sided p under H0 (psi = 0).
  {
    const std::vector<double> p0 = probabilities(c, 0.0);
    const double observed = p0[static_cast<std::size_t>(c.x - c.lo)] * (1.0 + 1e-7);
    double p = 0.0;
    for (double v : p0) {
      if (v <= observed) p += v;
    }
    r.p_value = std::clamp(p, 0.0, 1.0);  // R: max(0, min(1, PVAL)); rounding can push the sum past 1
  }

  // Conditional MLE: R's order of checks (x == lo before x == hi).
  if (c.x == c.lo) {
    r.odds_ratio = 0.0;
  } else if (c.x == c.hi) {
    r.odds_ratio = kInf;
  } else {
    r.odds_ratio = std::exp(solve_increasing([&](double psi) { return mean(c, psi); }, static_cast<double>(c.x)));
  }

  const double alpha = (1.0 - conf_level) / 2.0;
  r.lower = c.x == c.lo ? 0.0 : std::exp(solve_increasing([&](double psi) { return upper_tail(c, psi); }, alpha));
  // P(X <= x; psi) decreases in psi: solve -P(X <= x; psi) = -alpha.
  r.upper = c.x == c.hi ? kInf : std::exp(solve_increasing([&](double psi) { return -lower_tail(c, psi); }, -alpha));
  return r;
}

}  // namespace ps

// Posterior summaries of one term: median, mean, sd, equal-tailed intervals,
// P(value < t), plus the convergence diagnostics of diagnostics.cpp.
//
// Quantiles are R's default type 7 (Hyndman & Fan 1996): for n sorted values
// x_(1..n) and probability p, h = 1 + (n - 1) p, Q(p) = x_(floor h) +
// (h - floor h)(x_(ceil h) - x_(floor h)), with R's arithmetic
// (1 - g) x_lo + g x_hi so results match quantile() to the last bit. The median
// is Q(0.5); sd uses n - 1. An interval of level L is [Q((1-L)/2), Q(1-(1-L)/2)].
// P(value < t) counts draws strictly below t.
//
// The transformed draws are needed in order; a monotone transform (exp for a
// ratio, identity, negation) maps the already sorted raw draws to a sorted or
// reversed sequence, so only a non-monotone one pays for a second sort.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "host/summary/summary.hpp"

namespace ps {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string shortest_fixed(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

double parse_double(const std::string& s) {
  double v = 0.0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc()) throw std::logic_error("interval bound: cannot parse " + s);
  return v;
}

// "0." followed by `digits` decimals of `numerator`, trailing zeros removed.
std::string decimal_fraction(std::uint64_t numerator, int digits) {
  std::string d = std::to_string(numerator);
  d.insert(0, static_cast<std::size_t>(digits) - d.size(), '0');
  while (!d.empty() && d.back() == '0') d.pop_back();
  return "0." + d;
}

struct BoundProbabilities {
  double lower;
  double upper;
};

// (1 - level)/2 and its complement in decimal: in binary 0.90 gives
// 0.04999999999999999, which would neither label as "q0.05" nor match R's
// quantile(x, 0.05). The level's shortest round-trip digits D with s decimals
// give lower = 5 (10^s - D) / 10^(s+1) exactly.
BoundProbabilities bound_probabilities(double level) {
  if (!(level > 0.0 && level < 1.0))
    throw std::invalid_argument("credible level must be in (0, 1), got " + std::to_string(level));
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, level, std::chars_format::scientific);
  const std::string sci(buf, r.ptr);  // e.g. "9.5e-01"
  const std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::stoi(sci.substr(e + 1));
  const int decimals = static_cast<int>(digits.size()) - 1 - exponent;
  if (decimals > 17) {  // 10^(s+1) would overflow 64 bits; binary is as good as it gets
    const double lower = (1.0 - level) / 2.0;
    return {lower, 1.0 - lower};
  }
  std::uint64_t ten = 1;
  for (int i = 0; i < decimals; ++i) ten *= 10;
  const std::uint64_t lower = 5 * (ten - std::stoull(digits));
  return {parse_double(decimal_fraction(lower, decimals + 1)),
          parse_double(decimal_fraction(10 * ten - lower, decimals + 1))};
}

// Puts transform(sorted raw draws) in ascending order; false if any is NaN.
bool sorted_transformed(const std::vector<double>& sorted_raw, const std::function<double(double)>& transform,
                        std::vector<double>& y) {
  y.resize(sorted_raw.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = transform(sorted_raw[i]);
    if (std::isnan(y[i])) return false;
  }
  if (std::is_sorted(y.begin(), y.end())) return true;
  if (std::is_sorted(y.rbegin(), y.rend())) {
    std::reverse(y.begin(), y.end());
    return true;
  }
  std::sort(y.begin(), y.end());
  return true;
}

}  // namespace

double quantile_sorted(const std::vector<double>& sorted, double prob) {
  if (!(prob >= 0.0 && prob <= 1.0)) throw std::invalid_argument("quantile probability must be in [0, 1]");
  const std::size_t n = sorted.size();
  if (n == 0) return kNaN;
  const double index = 1.0 + static_cast<double>(n - 1) * prob;  // 1-based, as R
  const double lo = std::floor(index);
  const double hi = std::ceil(index);
  double q = sorted[static_cast<std::size_t>(lo) - 1];
  const double upper = sorted[static_cast<std::size_t>(hi) - 1];
  if (index > lo && upper != q) {  // R skips equal neighbours (keeps Inf finite-safe)
    const double h = index - lo;
    q = (1.0 - h) * q + h * upper;
  }
  return q;
}

std::vector<double> interval_bound_probabilities(const std::vector<double>& levels) {
  std::vector<double> p;
  p.reserve(2 * levels.size());
  for (double level : levels) {
    const BoundProbabilities b = bound_probabilities(level);
    p.push_back(b.lower);
    p.push_back(b.upper);
  }
  return p;
}

std::vector<std::string> interval_bound_labels(const std::vector<double>& levels) {
  std::vector<std::string> labels;
  labels.reserve(2 * levels.size());
  for (double p : interval_bound_probabilities(levels)) {
    std::string label = "q";
    label += shortest_fixed(p);
    labels.push_back(std::move(label));
  }
  return labels;
}

TermSummary summarize_term(const ChainDraws& x, const std::function<double(double)>& transform,
                           const std::vector<double>& levels, const std::vector<double>& thresholds) {
  if (x.chains < 0 || x.n_draws < 0) throw std::invalid_argument("summarize_term: negative size");
  const std::vector<double> probs = interval_bound_probabilities(levels);  // validates first
  const std::size_t total = static_cast<std::size_t>(x.chains) * x.n_draws;

  const summary_detail::SortedDraws sorted = summary_detail::sort_draws(x.draws, total);
  const summary_detail::Diagnostics d = summary_detail::diagnose(x, sorted);
  TermSummary s;
  s.rhat = d.rhat;
  s.ess_bulk = d.ess_bulk;
  s.ess_tail = d.ess_tail;

  std::vector<double> y;
  if (total == 0 || !sorted_transformed(sorted.value, transform, y)) {
    s.median = s.mean = s.sd = kNaN;
    s.interval_bounds.assign(probs.size(), kNaN);
    s.p_below.assign(thresholds.size(), kNaN);
    return s;
  }

  // long double sums, as R's mean() and var() accumulate.
  long double sum = 0.0L;
  for (double v : y) sum += v;
  s.mean = static_cast<double>(sum / static_cast<long double>(total));
  long double squares = 0.0L;
  for (double v : y) squares += (static_cast<long double>(v) - s.mean) * (static_cast<long double>(v) - s.mean);
  s.sd = total > 1 ? std::sqrt(static_cast<double>(squares / static_cast<long double>(total - 1))) : kNaN;

  s.median = quantile_sorted(y, 0.5);
  s.interval_bounds.reserve(probs.size());
  for (double p : probs) s.interval_bounds.push_back(quantile_sorted(y, p));
  s.p_below.reserve(thresholds.size());
  for (double t : thresholds) {
    const auto below = std::lower_bound(y.begin(), y.end(), t) - y.begin();  // first >= t
    s.p_below.push_back(std::isnan(t) ? kNaN : static_cast<double>(below) / static_cast<double>(total));
  }
  return s;
}

}  // namespace ps

// Posterior summaries of one term: median, mean, sd, equal-tailed intervals,
// P(value < t), plus the convergence diagnostics of diagnostics.cpp. The
// arithmetic (R's type-7 quantiles, mean and sd) is chain_summary's
// (models/chain_summary.hpp), shared with the GPU; what is here is the host's:
// interval labels, validation, and transforms that are not monotone.
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
  return chain_summary::quantile_type7(sorted.data(), sorted.size(), prob);
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

TermSummary term_summary_from_row(const double* row, int n_probabilities, int n_thresholds) {
  using namespace chain_summary;
  TermSummary s;
  s.median = row[kMedian];
  s.mean = row[kMean];
  s.sd = row[kSd];
  s.rhat = row[kRhat];
  s.ess_bulk = row[kEssBulk];
  s.ess_tail = row[kEssTail];
  const double* bounds = row + kFixedColumns;
  s.interval_bounds.assign(bounds, bounds + n_probabilities);
  s.p_below.assign(bounds + n_probabilities, bounds + n_probabilities + n_thresholds);
  return s;
}

TermSummary summarize_term(const ChainDraws& x, const std::function<double(double)>& transform,
                           const std::vector<double>& levels, const std::vector<double>& thresholds) {
  if (x.chains < 0 || x.n_draws < 0) throw std::invalid_argument("summarize_term: negative size");
  const std::vector<double> probs = interval_bound_probabilities(levels);  // validates first
  const std::size_t total = static_cast<std::size_t>(x.chains) * x.n_draws;

  const summary_detail::SortedDraws sorted = summary_detail::sort_draws(x.draws, total);
  const chain_summary::SummaryRequestView request{probs.data(), static_cast<int>(probs.size()), thresholds.data(),
                                                  static_cast<int>(thresholds.size())};
  std::vector<double> row(static_cast<std::size_t>(chain_summary::summary_row_width(request)));
  const summary_detail::Diagnostics d = summary_detail::diagnose(x, sorted);
  row[chain_summary::kRhat] = d.rhat;
  row[chain_summary::kEssBulk] = d.ess_bulk;
  row[chain_summary::kEssTail] = d.ess_tail;
  std::vector<double> y;
  if (!sorted_transformed(sorted.value, transform, y)) y.assign(1, kNaN);  // NaN throughout
  chain_summary::summarize_sorted(y.data(), y.size(), request, row.data());
  return term_summary_from_row(row.data(), request.n_probabilities, request.n_thresholds);
}

}  // namespace ps

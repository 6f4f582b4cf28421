// Log-rank test and Peto log hazard ratio; see logrank.hpp for the maths and
// the R reference (survival::survdiff).
#include "host/frequentist/logrank.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/chi_squared.hpp>

namespace ps {

LogRankResult log_rank_test(const std::vector<double>& time, const std::vector<int>& event,
                            const std::vector<int>& group, const std::vector<int>& stratum) {
  const std::size_t n_obs = time.size();
  if (event.size() != n_obs || group.size() != n_obs || (!stratum.empty() && stratum.size() != n_obs)) {
    throw std::invalid_argument("log_rank_test: time, event, group (and stratum) differ in length");
  }
  for (std::size_t i = 0; i < n_obs; ++i) {
    if (!std::isfinite(time[i])) throw std::invalid_argument("log_rank_test: times must be finite");
    if (event[i] != 0 && event[i] != 1) throw std::invalid_argument("log_rank_test: event must be 0 or 1");
    if (group[i] != 0 && group[i] != 1) throw std::invalid_argument("log_rank_test: group must be 0 or 1");
  }
  const auto stratum_of = [&](std::size_t i) { return stratum.empty() ? 0 : stratum[i]; };

  // Sorted by stratum, then time: each stratum is a contiguous block, and the
  // risk set at a time is the rest of its block.
  std::vector<std::size_t> order(n_obs);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (stratum_of(a) != stratum_of(b)) return stratum_of(a) < stratum_of(b);
    return time[a] < time[b];
  });

  LogRankResult r;
  double variance = 0.0;
  std::size_t block_begin = 0;
  while (block_begin < n_obs) {
    std::size_t block_end = block_begin;
    while (block_end < n_obs && stratum_of(order[block_end]) == stratum_of(order[block_begin])) ++block_end;
    long long at_risk_1 = 0;  // group-1 patients in the risk set at the current position
    for (std::size_t k = block_begin; k < block_end; ++k) at_risk_1 += group[order[k]];
    std::size_t i = block_begin;
    while (i < block_end) {
      const double t = time[order[i]];
      const double n = static_cast<double>(block_end - i);
      const double n1 = static_cast<double>(at_risk_1);
      double d = 0.0;
      for (; i < block_end && time[order[i]] == t; ++i) {
        const std::size_t p = order[i];
        if (event[p] == 1) {
          d += 1.0;
          r.observed[static_cast<std::size_t>(group[p])] += 1.0;
        }
        at_risk_1 -= group[p];  // leaves the risk set after t
      }
      if (d == 0.0) continue;
      r.expected[1] += d * n1 / n;
      r.expected[0] += d * (n - n1) / n;
      if (n > 1.0) variance += d * (n1 / n) * (1.0 - n1 / n) * (n - d) / (n - 1.0);
    }
    block_begin = block_end;
  }

  r.variance = variance;
  if (!(variance > 0.0)) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.chi_square = r.p_value = r.log_hazard_ratio = r.se_log_hazard_ratio = nan;
    return r;
  }
  const double o_minus_e = r.observed[1] - r.expected[1];
  r.chi_square = o_minus_e * o_minus_e / variance;
  r.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(1.0), r.chi_square));
  r.log_hazard_ratio = o_minus_e / variance;
  r.se_log_hazard_ratio = 1.0 / std::sqrt(variance);
  return r;
}

}  // namespace ps

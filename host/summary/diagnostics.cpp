// Rank-normalised split R-hat, bulk ESS and tail ESS.
//
// Vehtari, Gelman, Simpson, Carpenter & Buerkner (2021), "Rank-normalization,
// folding, and localization: an improved R-hat for assessing convergence of
// MCMC", Bayesian Analysis 16(2):667-718, doi:10.1214/20-BA1221; computed as
// the R package posterior (rhat(), ess_bulk(), ess_tail()) computes them.
//
// C chains of n draws, x[c, t].
//  split     each chain -> two chains of m = floor(n/2) draws (the middle draw is
//            dropped when n is odd): K = 2C chains, S = K m draws.
//  z-scale   r = rank among the S split draws, ties get their average rank;
//            z = Phi^-1((r - 3/8) / (S + 1/4))                      (Blom 1958).
//  R-hat     of chains y[k, t]: W = mean_k var(y_k), B = m var_k(mean(y_k)),
//            R = sqrt((B / W + m - 1) / m).
//            rhat = max(R(z(split x)), R(z(split |x - median(x)|))); the median
//            is over all C n draws.
//  ESS       of chains y[k, t]: acov_k(l) = (1/m) sum_t (y_kt - ybar_k)(y_k,t+l - ybar_k)
//            (the biased estimate, Geyer 1992); W' = mean_k acov_k(0) m/(m-1);
//            var+ = W' (m-1)/m + var_k(ybar_k); rho(l) = 1 - (W' - mean_k acov_k(l)) / var+.
//            Geyer's initial positive sequence: pairs rho(2j) + rho(2j+1) while
//            positive (and 2j < m - 5 as posterior), then the initial monotone
//            sequence; tau = -1 + 2 sum_{l < T} rho(l) + rho(T) (the last even
//            lag T kept when positive, the improved estimate for antithetic
//            chains); tau >= 1 / log10(S), i.e. ESS <= S log10(S); ESS = S / tau.
//  bulk ESS  ESS(z(split x)).
//  tail ESS  min over p in {0.05, 0.95} of ESS(split I(x <= Q_p(x))), Q_p is R's
//            type-7 quantile over all C n draws.
// Where posterior returns NA (non-finite draws, constant input, too few draws)
// these return NaN; NaN wins the max/min as NA does in R.
//
// Cost is dominated by one radix sort of the C n draws; both rank
// transforms then come from it in linear time (the folded order is a merge of
// the two sides of the median). Autocovariances are summed lag by lag, since
// Geyer's sequence usually stops after a few lags; a chain that is still
// correlated after kDirectAutocovarianceLags lags switches to one FFT for all.
#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include <boost/math/distributions/normal.hpp>
#include <unsupported/Eigen/FFT>

#include "host/summary/summary.hpp"

namespace ps {
namespace summary_detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// posterior's is_constant(): max - min below machine epsilon (absolute).
bool is_constant_range(double lo, double hi) { return std::abs(hi - lo) < DBL_EPSILON; }

bool all_finite(const double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(y[i])) return false;
  return true;
}

// One pass per chain: its mean and range (4 partial sums and branch-free
// min/max so the pass runs at memory speed).
struct ChainScan {
  std::vector<double> mean, lo, hi;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  bool finite = true;
};

ChainScan scan_chains(const double* draws, int chains, int n) {
  ChainScan s;
  s.mean.resize(chains);
  s.lo.resize(chains);
  s.hi.resize(chains);
  for (int c = 0; c < chains; ++c) {
    const double* y = draws + static_cast<std::size_t>(c) * n;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    double sum[4] = {0, 0, 0, 0}, lo4[4] = {kInf, kInf, kInf, kInf}, hi4[4] = {-kInf, -kInf, -kInf, -kInf};
    int t = 0;
    for (; t + 4 <= n; t += 4)
      for (int j = 0; j < 4; ++j) {
        sum[j] += y[t + j];
        lo4[j] = y[t + j] < lo4[j] ? y[t + j] : lo4[j];
        hi4[j] = y[t + j] > hi4[j] ? y[t + j] : hi4[j];
      }
    for (; t < n; ++t) {
      sum[0] += y[t];
      lo4[0] = y[t] < lo4[0] ? y[t] : lo4[0];
      hi4[0] = y[t] > hi4[0] ? y[t] : hi4[0];
    }
    const double lo = std::min(std::min(lo4[0], lo4[1]), std::min(lo4[2], lo4[3]));
    const double hi = std::max(std::max(hi4[0], hi4[1]), std::max(hi4[2], hi4[3]));
    const double total = (sum[0] + sum[1]) + (sum[2] + sum[3]);
    s.mean[c] = total / n;
    s.lo[c] = lo;
    s.hi[c] = hi;
    s.min = std::min(s.min, lo);
    s.max = std::max(s.max, hi);
    s.finite = s.finite && std::isfinite(lo) && std::isfinite(hi) && !std::isnan(total);  // NaN shows in the sum
  }
  return s;
}

// Sample variance (n - 1) of values.
double sample_variance(const std::vector<double>& v) {
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return ss / static_cast<double>(v.size() - 1);
}

// Double precision throughout: Boost's default promotes to long double, four
// times slower and no closer to R's qnorm than 1 ulp.
using FastNormal = boost::math::normal_distribution<
    double, boost::math::policies::policy<boost::math::policies::promote_double<false>>>;

double blom_score(double rank, std::size_t total) {
  return boost::math::quantile(FastNormal(), (rank - 0.375) / (static_cast<double>(total) + 0.25));
}

// Scores of the integer ranks 1..S. They depend on S only, and a sweep
// summarises thousands of terms with the same S, so each thread keeps the last
// table: without it the normal quantile would cost more than everything else.
const std::vector<double>& blom_table(std::size_t total) {
  thread_local std::vector<double> table;
  if (table.size() != total) {
    table.resize(total);
    for (std::size_t r = 0; r < total; ++r) table[r] = blom_score(static_cast<double>(r + 1), total);
  }
  return table;
}

// A per-thread buffer of n elements that keeps its capacity between calls
// (contents are stale: callers overwrite them). Releasing and re-faulting the
// few megabytes a 4 x 20,000 summary needs cost as much as the sort itself.
// Tag keeps buffers that are alive at the same time apart. All buffers together
// hold about 100 bytes per draw per thread.
template <class T, int Tag>
std::vector<T>& scratch(std::size_t n) {
  thread_local std::vector<T> buffer;
  buffer.resize(n);
  return buffer;
}

// Calls group(begin, end) for each run of equal values in ascending `value`.
template <class Group>
void for_each_tie_group(const double* value, std::size_t n, Group&& group) {
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i + 1;
    while (j < n && value[j] == value[i]) ++j;
    group(i, j);
    i = j;
  }
}

// z[position[i]] = Blom score of the average rank of value[i]; value ascending.
void rank_normalize_sorted(const double* value, const std::uint32_t* position, std::size_t n,
                           double* z) {
  const std::vector<double>& table = blom_table(n);
  for_each_tie_group(value, n, [&](std::size_t i, std::size_t j) {
    const std::size_t g = j - i;
    // Average rank i + (g + 1) / 2 is an integer (in the table) when g is odd.
    const double score = g % 2 == 1 ? table[i + (g - 1) / 2]
                                    : blom_score(static_cast<double>(i) + (g + 1) / 2.0, n);
    for (std::size_t k = i; k < j; ++k) z[position[k]] = score;
  });
}

// Order-preserving map of a double to an unsigned key (negatives reversed).
std::uint64_t sort_key(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return (u >> 63) ? ~u : (u | 0x8000000000000000ull);
}

struct KeyedPosition {
  std::uint64_t key;
  std::uint32_t position;
};

// LSD radix sort, 11-bit digits (stable): several times faster than std::sort
// at 80,000 draws, which matters when every prior of a sweep is summarised.
void radix_sort(std::vector<KeyedPosition>& a) {  // a and the returned order: same vector
  constexpr int kBits = 11, kBuckets = 1 << kBits, kPasses = 6;  // 66 >= 64 bits
  const std::size_t n = a.size();
  std::vector<std::uint32_t>& count = scratch<std::uint32_t, 0>(static_cast<std::size_t>(kPasses) * kBuckets);
  std::fill(count.begin(), count.end(), 0u);
  for (const auto& e : a)
    for (int p = 0; p < kPasses; ++p) ++count[p * kBuckets + ((e.key >> (p * kBits)) & (kBuckets - 1))];
  std::vector<KeyedPosition>& tmp = scratch<KeyedPosition, 1>(n);
  for (int p = 0; p < kPasses; ++p) {
    std::uint32_t* c = &count[static_cast<std::size_t>(p) * kBuckets];
    if (std::any_of(c, c + kBuckets, [n](std::uint32_t v) { return v == n; })) continue;  // one digit: no-op
    std::uint32_t start = 0;
    for (int b = 0; b < kBuckets; ++b) start += std::exchange(c[b], start);
    for (const auto& e : a) tmp[c[(e.key >> (p * kBits)) & (kBuckets - 1)]++] = e;
    a.swap(tmp);
  }
}

// 2,3,5-smooth size >= n (R's nextn, as posterior pads).
std::size_t next_good_size(std::size_t n) {
  if (n <= 2) return 2;
  for (;; ++n) {
    std::size_t r = n;
    for (std::size_t f : {2, 3, 5})
      while (r % f == 0) r /= f;
    if (r == 1) return n;
  }
}

// mean_k acov_k(l) for every lag by FFT: the chains' power spectra are summed
// first (acov is linear in them), so one inverse transform serves all chains.
std::vector<double> mean_autocovariance_fft(const std::vector<double>& centered, int chains, int m) {
  thread_local Eigen::FFT<double> fft;  // keeps its plans between calls
  fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
  const std::size_t len = 2 * next_good_size(static_cast<std::size_t>(m));
  std::vector<double> padded(len, 0.0);
  std::vector<std::complex<double>> spectrum, power(len / 2 + 1, 0.0);  // once per ESS at most
  for (int c = 0; c < chains; ++c) {
    std::copy_n(&centered[static_cast<std::size_t>(c) * m], m, padded.begin());
    fft.fwd(spectrum, padded);
    for (std::size_t j = 0; j < power.size(); ++j) power[j] += std::norm(spectrum[j]);
  }
  std::vector<double> sums;
  fft.inv(sums, power, static_cast<Eigen::Index>(len));  // scaled by 1/len: plain lag sums
  sums.resize(static_cast<std::size_t>(m));
  for (double& s : sums) s /= static_cast<double>(chains) * m;
  return sums;
}

// mean_k acov_k(l) for lags l and l + 1 by direct sums. Four independent
// partial sums per lag map onto SIMD lanes without reassociating anything.
std::array<double, 2> mean_autocovariance_pair(const std::vector<double>& centered, int chains, int m,
                                               int lag) {
  double even[4] = {0, 0, 0, 0}, odd[4] = {0, 0, 0, 0};
  for (int c = 0; c < chains; ++c) {
    const double* y = &centered[static_cast<std::size_t>(c) * m];
    const int both = m - lag - 1;  // t with both t + lag and t + lag + 1 in range
    int t = 0;
    for (; t + 4 <= both; t += 4)
      for (int j = 0; j < 4; ++j) {
        even[j] += y[t + j] * y[t + j + lag];
        odd[j] += y[t + j] * y[t + j + lag + 1];
      }
    for (; t < both; ++t) {
      even[0] += y[t] * y[t + lag];
      odd[0] += y[t] * y[t + lag + 1];
    }
    if (both >= 0) even[0] += y[both] * y[m - 1];
  }
  const double scale = static_cast<double>(chains) * m;
  return {((even[0] + even[1]) + (even[2] + even[3])) / scale, ((odd[0] + odd[1]) + (odd[2] + odd[3])) / scale};
}

}  // namespace

SortedDraws sort_draws(const double* draws, std::size_t count) {
  if (count > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("sort_draws: more than 2^32 draws");
  std::vector<KeyedPosition>& keyed = scratch<KeyedPosition, 2>(count);
  for (std::size_t i = 0; i < count; ++i) keyed[i] = {sort_key(draws[i]), static_cast<std::uint32_t>(i)};
  radix_sort(keyed);
  SortedDraws s;
  s.value.resize(count);
  s.position.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    s.position[i] = keyed[i].position;
    s.value[i] = draws[keyed[i].position];
  }
  return s;
}

std::vector<double> fractional_ranks(const std::vector<double>& values) {
  const SortedDraws s = sort_draws(values.data(), values.size());
  std::vector<double> rank(values.size());
  for_each_tie_group(s.value.data(), s.value.size(), [&](std::size_t i, std::size_t j) {
    for (std::size_t k = i; k < j; ++k) rank[s.position[k]] = static_cast<double>(i) + (j - i + 1) / 2.0;
  });
  return rank;
}

std::vector<double> rank_normalize(const std::vector<double>& values) {
  const SortedDraws s = sort_draws(values.data(), values.size());
  std::vector<double> z(values.size());
  rank_normalize_sorted(s.value.data(), s.position.data(), s.value.size(), z.data());
  return z;
}

double rhat_basic(const double* draws, int chains, int n) {
  // R: var() of one chain mean or of a one-draw chain is NA.
  if (chains < 2 || n < 2) return kNaN;
  const ChainScan scan = scan_chains(draws, chains, n);
  if (!scan.finite || is_constant_range(scan.min, scan.max)) return kNaN;
  double within = 0.0;
  for (int c = 0; c < chains; ++c) {
    const double* y = draws + static_cast<std::size_t>(c) * n;
    const double mu = scan.mean[c];
    double ss[4] = {0, 0, 0, 0};
    int t = 0;
    for (; t + 4 <= n; t += 4)
      for (int j = 0; j < 4; ++j) ss[j] += (y[t + j] - mu) * (y[t + j] - mu);
    for (; t < n; ++t) ss[0] += (y[t] - mu) * (y[t] - mu);
    within += ((ss[0] + ss[1]) + (ss[2] + ss[3])) / (n - 1);
  }
  within /= chains;
  const double between = n * sample_variance(scan.mean);
  return std::sqrt((between / within + n - 1) / n);
}

double ess_basic(const double* draws, int chains, int m, int direct_lags) {
  if (chains < 1 || m < 3) return kNaN;
  const ChainScan scan = scan_chains(draws, chains, m);
  if (!scan.finite || is_constant_range(scan.min, scan.max)) return kNaN;
  const std::vector<double>& mean = scan.mean;
  const std::size_t total = static_cast<std::size_t>(chains) * m;
  std::vector<double>& centered = scratch<double, 3>(total);
  for (int c = 0; c < chains; ++c) {
    // posterior: a chain with zero variance has all autocovariances 0 (a
    // rounded mean must not leave 1e-32 behind).
    const double centre = scan.lo[c] == scan.hi[c] ? scan.lo[c] : mean[c];
    const double* y = draws + static_cast<std::size_t>(c) * m;
    double* out = &centered[static_cast<std::size_t>(c) * m];
    for (int t = 0; t < m; ++t) out[t] = y[t] - centre;
  }

  // Lags on demand: direct sums first, one FFT for all lags past direct_lags.
  std::vector<double> by_fft;
  auto acov_pair = [&](int lag) -> std::array<double, 2> {
    if (by_fft.empty() && lag + 1 < direct_lags) return mean_autocovariance_pair(centered, chains, m, lag);
    if (by_fft.empty()) by_fft = mean_autocovariance_fft(centered, chains, m);
    return {by_fft[lag], by_fft[lag + 1]};
  };

  const std::array<double, 2> a01 = acov_pair(0);
  const double mean_var = a01[0] * m / (m - 1);
  double var_plus = mean_var * (m - 1) / m;
  if (chains > 1) var_plus += sample_variance(mean);
  auto rho = [&](double acov) { return 1.0 - (mean_var - acov) / var_plus; };

  // Geyer's initial positive sequence (0-based lags; posterior's loop bounds).
  std::vector<double>& rho_hat = scratch<double, 4>(static_cast<std::size_t>(m));
  std::fill(rho_hat.begin(), rho_hat.end(), 0.0);
  int t = 0;
  double rho_even = 1.0;
  double rho_odd = rho(a01[1]);
  rho_hat[0] = rho_even;
  rho_hat[1] = rho_odd;
  while (t < m - 5 && !std::isnan(rho_even + rho_odd) && rho_even + rho_odd > 0) {
    t += 2;
    const std::array<double, 2> a = acov_pair(t);
    rho_even = rho(a[0]);
    rho_odd = rho(a[1]);
    if (rho_even + rho_odd >= 0) {
      rho_hat[t] = rho_even;
      rho_hat[t + 1] = rho_odd;
    }
  }
  const int max_t = t;
  if (rho_even > 0) rho_hat[max_t] = rho_even;  // kept for the improved estimate

  // Geyer's initial monotone sequence.
  for (t = 2; t <= max_t - 2; t += 2) {
    if (rho_hat[t] + rho_hat[t + 1] > rho_hat[t - 2] + rho_hat[t - 1]) {
      rho_hat[t] = (rho_hat[t - 2] + rho_hat[t - 1]) / 2;
      rho_hat[t + 1] = rho_hat[t];
    }
  }

  // posterior sums rho_hat[1:max_t] in R; with max_t = 0 (chains of <= 5 draws)
  // 1:0 is c(1, 0), which still picks lag 0, so tau = 2 there.
  double sum = 0.0;
  for (int l = 0; l < std::max(max_t, 1); ++l) sum += rho_hat[l];
  double tau = -1.0 + 2.0 * sum + rho_hat[max_t];
  const double size = static_cast<double>(total);
  tau = std::max(tau, 1.0 / std::log10(size));
  return size / tau;
}

Diagnostics diagnose(const ChainDraws& x, const SortedDraws& sorted) {
  Diagnostics d{kNaN, kNaN, kNaN};
  const int chains = x.chains, n = x.n_draws;
  const std::size_t total = static_cast<std::size_t>(std::max(chains, 0)) * std::max(n, 0);
  if (sorted.value.size() != total) throw std::invalid_argument("diagnose: sorted draws of another size");
  if (total == 0 || !all_finite(x.draws, total)) return d;
  const int m = n / 2, split_chains = 2 * chains;
  const std::size_t split_total = static_cast<std::size_t>(split_chains) * m;
  if (m < 2) return d;  // one draw per split chain: R's var() is NA

  // Split draws in ascending order (middle draws dropped) and their positions
  // among the split chains: chain 2c holds t < m, chain 2c+1 holds t >= n - m.
  std::vector<double>& value = scratch<double, 10>(split_total);
  std::vector<std::uint32_t>& where = scratch<std::uint32_t, 11>(split_total);
  std::vector<double>& split_x = scratch<double, 12>(split_total);
  for (int c = 0; c < chains; ++c) {
    const double* chain = x.draws + static_cast<std::size_t>(c) * n;
    std::copy_n(chain, m, &split_x[static_cast<std::size_t>(2 * c) * m]);
    std::copy_n(chain + (n - m), m, &split_x[static_cast<std::size_t>(2 * c + 1) * m]);
  }
  const double inv_n = 1.0 / n;  // (pos + 1/2) / n is >= 1/(2n) from an integer: floor is exact
  std::size_t k = 0;
  for (std::size_t i = 0; i < total; ++i) {
    const std::size_t pos = sorted.position[i];
    const std::size_t c = static_cast<std::size_t>((static_cast<double>(pos) + 0.5) * inv_n);
    const std::size_t t = pos - c * n;
    if (n % 2 == 1 && t == static_cast<std::size_t>(m)) continue;  // the dropped middle draw
    // Which half is a coin flip in sorted order: arithmetic, not a branch.
    const std::size_t second = t >= static_cast<std::size_t>(m);
    value[k] = sorted.value[i];
    where[k] = static_cast<std::uint32_t>((2 * c + second) * m + t - second * (n - m));
    ++k;
  }

  std::vector<double>& z = scratch<double, 13>(split_total);
  rank_normalize_sorted(value.data(), where.data(), split_total, z.data());
  const double rhat_bulk = rhat_basic(z.data(), split_chains, m);
  d.ess_bulk = ess_basic(z.data(), split_chains, m);

  // Folded draws |x - median| in ascending order: below the median distances
  // fall as x rises, above they grow, so a merge of the two sides sorts them.
  const double median = quantile_sorted(sorted.value, 0.5);
  const std::size_t below = static_cast<std::size_t>(
      std::lower_bound(value.begin(), value.end(), median) - value.begin());
  std::vector<double>& folded = scratch<double, 14>(split_total);
  std::vector<std::uint32_t>& folded_where = scratch<std::uint32_t, 15>(split_total);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::size_t lo = below, hi = below;
  for (std::size_t out = 0; out < split_total; ++out) {
    // Branch-free: which side comes next is unpredictable.
    const std::size_t down_at = lo > 0 ? lo - 1 : 0, up_at = hi < split_total ? hi : split_total - 1;
    const double down = lo > 0 ? median - value[down_at] : kInf;
    const double up = hi < split_total ? value[up_at] - median : kInf;
    const bool take_down = down <= up;
    folded[out] = take_down ? down : up;
    folded_where[out] = where[take_down ? down_at : up_at];
    lo -= take_down;
    hi += !take_down;
  }
  rank_normalize_sorted(folded.data(), folded_where.data(), split_total, z.data());
  const double rhat_tail = rhat_basic(z.data(), split_chains, m);
  d.rhat = (std::isnan(rhat_bulk) || std::isnan(rhat_tail)) ? kNaN : std::max(rhat_bulk, rhat_tail);

  // Tail ESS: indicators of the 5% and 95% quantiles of all draws.
  if (!is_constant_range(sorted.value.front(), sorted.value.back())) {
    std::vector<double>& indicator = scratch<double, 16>(split_total);
    double tail = std::numeric_limits<double>::infinity();
    for (double prob : {0.05, 0.95}) {
      const double q = quantile_sorted(sorted.value, prob);
      for (std::size_t i = 0; i < split_total; ++i) indicator[i] = split_x[i] <= q ? 1.0 : 0.0;
      const double e = ess_basic(indicator.data(), split_chains, m);
      tail = std::isnan(e) ? kNaN : std::min(tail, e);
      if (std::isnan(tail)) break;
    }
    d.ess_tail = tail;
  }
  return d;
}

}  // namespace summary_detail

double split_rhat(const ChainDraws& x) {
  const std::size_t total = static_cast<std::size_t>(std::max(x.chains, 0)) * std::max(x.n_draws, 0);
  return summary_detail::diagnose(x, summary_detail::sort_draws(x.draws, total)).rhat;
}

double ess_bulk(const ChainDraws& x) {
  const std::size_t total = static_cast<std::size_t>(std::max(x.chains, 0)) * std::max(x.n_draws, 0);
  return summary_detail::diagnose(x, summary_detail::sort_draws(x.draws, total)).ess_bulk;
}

double ess_tail(const ChainDraws& x) {
  const std::size_t total = static_cast<std::size_t>(std::max(x.chains, 0)) * std::max(x.n_draws, 0);
  return summary_detail::diagnose(x, summary_detail::sort_draws(x.draws, total)).ess_tail;
}

}  // namespace ps

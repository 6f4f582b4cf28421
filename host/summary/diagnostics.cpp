// The host side of the diagnostics in models/chain_summary.hpp (the formulas
// and references are there): the sort of a term's draws, the Blom score
// table, per-thread scratch, and autocovariances that switch to one FFT for
// chains still correlated after many lags. The CUDA backend pairs the same
// shared code with CUB's sort and direct autocovariances
// (kernels/term_summaries.cu).
//
// Cost is dominated by one radix sort of the C n draws; both rank
// transforms then come from it in linear time (the folded order is a merge of
// the two sides of the median). Autocovariances are summed lag by lag, since
// Geyer's sequence usually stops after a few lags; a chain that is still
// correlated after kDirectAutocovarianceLags lags switches to one FFT for all.
#include <algorithm>
#include <complex>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <boost/math/distributions/normal.hpp>
#include <unsupported/Eigen/FFT>

#include "host/summary/summary.hpp"

namespace ps {
namespace summary_detail {
namespace {

// Double precision throughout: Boost's default promotes to long double, four
// times slower and no closer to R's qnorm than 1 ulp.
using FastNormal = boost::math::normal_distribution<
    double, boost::math::policies::policy<boost::math::policies::promote_double<false>>>;

// A per-thread buffer of n elements that keeps its capacity between calls
// (contents are stale: callers overwrite them). Releasing and re-faulting the
// few megabytes a 4 x 20,000 summary needs cost as much as the sort itself.
// Tag keeps buffers that are alive at the same time apart.
template <class T, int Tag>
std::vector<T>& scratch(std::size_t n) {
  thread_local std::vector<T> buffer;
  buffer.resize(n);
  return buffer;
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
std::vector<double> mean_autocovariance_fft(const double* centered, int chains, int m) {
  thread_local Eigen::FFT<double> fft;  // keeps its plans between calls
  fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
  const std::size_t len = 2 * next_good_size(static_cast<std::size_t>(m));
  std::vector<double> padded(len, 0.0);
  std::vector<std::complex<double>> spectrum, power(len / 2 + 1, 0.0);  // once per ESS at most
  for (int c = 0; c < chains; ++c) {
    std::copy_n(centered + static_cast<std::size_t>(c) * m, m, padded.begin());
    fft.fwd(spectrum, padded);
    for (std::size_t j = 0; j < power.size(); ++j) power[j] += std::norm(spectrum[j]);
  }
  std::vector<double> sums;
  fft.inv(sums, power, static_cast<Eigen::Index>(len));  // scaled by 1/len: plain lag sums
  sums.resize(static_cast<std::size_t>(m));
  for (double& s : sums) s /= static_cast<double>(chains) * m;
  return sums;
}

// The host's autocovariance policy for chain_summary::ess_basic: direct sums
// for the first direct_lags lags, then one FFT for all lags.
struct FftFallbackAutocovariance {
  int direct_lags = kDirectAutocovarianceLags;
  std::vector<double> by_fft;

  void reset() { by_fft.clear(); }
  void pair(const double* centered, int chains, int m, int lag, double out[2]) {
    if (by_fft.empty() && lag + 1 < direct_lags) {
      chain_summary::DirectAutocovariance{}.pair(centered, chains, m, lag, out);
      return;
    }
    if (by_fft.empty()) by_fft = mean_autocovariance_fft(centered, chains, m);
    out[0] = by_fft[static_cast<std::size_t>(lag)];
    out[1] = by_fft[static_cast<std::size_t>(lag) + 1];
  }
};

// This thread's working memory for a term of chains x n draws.
chain_summary::Scratch thread_scratch(int chains, int n) {
  const std::size_t bytes = chain_summary::scratch_bytes(chains, n);
  std::vector<double>& block = scratch<double, 2>((bytes + sizeof(double) - 1) / sizeof(double));
  return chain_summary::carve_scratch(block.data(), chains, n);
}

SortedDrawsView view_of(const SortedDraws& s) { return {s.value.data(), s.position.data(), s.value.size()}; }

}  // namespace

const double* blom_half_scores(std::size_t total) {
  // They depend on S only, and a sweep summarises thousands of terms with the
  // same S on threads that live for one chunk, so the process keeps the last
  // table and each thread a reference to it: without it the normal quantile
  // would cost more than everything else.
  using Table = std::shared_ptr<const std::vector<double>>;
  thread_local Table mine;
  thread_local std::size_t mine_total = 0;
  if (mine != nullptr && mine_total == total) return mine->data();
  static std::mutex mutex;
  static Table last;
  static std::size_t last_total = 0;
  std::lock_guard<std::mutex> lock(mutex);
  if (last == nullptr || last_total != total) {
    auto table = std::make_shared<std::vector<double>>(blom_half_rank_count(total));
    for (std::size_t k = 0; k < table->size(); ++k)
      (*table)[k] = boost::math::quantile(FastNormal(), blom_probability(k, total));
    last = std::move(table);
    last_total = total;
  }
  mine = last;
  mine_total = total;
  return mine->data();
}

SortedDraws sort_draws(const double* draws, std::size_t count) {
  if (count > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("sort_draws: more than 2^32 draws");
  std::vector<KeyedPosition>& keyed = scratch<KeyedPosition, 3>(count);
  for (std::size_t i = 0; i < count; ++i) keyed[i] = {sort_key(draws[i]), static_cast<std::uint32_t>(i)};
  // The radix sort's fixed cost (its 12,288 bucket counters) outweighs
  // n log n comparisons below about a thousand draws.
  if (count < 1024)
    std::sort(keyed.begin(), keyed.end(), [](const KeyedPosition& a, const KeyedPosition& b) { return a.key < b.key; });
  else
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
  std::size_t i = 0;
  while (i < s.value.size()) {
    std::size_t j = i + 1;
    while (j < s.value.size() && s.value[j] == s.value[i]) ++j;
    for (std::size_t k = i; k < j; ++k) rank[s.position[k]] = static_cast<double>(i) + (j - i + 1) / 2.0;
    i = j;
  }
  return rank;
}

std::vector<double> rank_normalize(const std::vector<double>& values) {
  const SortedDraws s = sort_draws(values.data(), values.size());
  std::vector<double> z(values.size());
  chain_summary::rank_normalize_sorted(s.value.data(), s.position.data(), s.value.size(),
                                       blom_half_scores(values.size()), z.data());
  return z;
}

double rhat_basic(const double* draws, int chains, int n) {
  return chain_summary::rhat_basic(draws, chains, n, thread_scratch(chains, n));
}

double ess_basic(const double* draws, int chains, int n, int direct_lags) {
  FftFallbackAutocovariance acov{direct_lags, {}};
  return chain_summary::ess_basic(draws, chains, n, thread_scratch(chains, n), acov);
}

Diagnostics diagnose(const ChainDraws& x, const SortedDraws& sorted) {
  const std::size_t total = static_cast<std::size_t>(std::max(x.chains, 0)) * std::max(x.n_draws, 0);
  if (sorted.value.size() != total) throw std::invalid_argument("diagnose: sorted draws of another size");
  FftFallbackAutocovariance acov;
  return chain_summary::diagnose(x, view_of(sorted), blom_half_scores(split_draw_count(x.chains, x.n_draws)),
                                 thread_scratch(x.chains, x.n_draws), acov);
}

}  // namespace summary_detail

void summarize_ratio_term(const ChainDraws& x, const chain_summary::SummaryRequestView& request, double* row) {
  using namespace summary_detail;
  const std::size_t total = static_cast<std::size_t>(x.chains) * x.n_draws;
  const SortedDraws sorted = sort_draws(x.draws, total);
  FftFallbackAutocovariance acov;
  chain_summary::summarize_ratio_term(x, view_of(sorted), blom_half_scores(split_draw_count(x.chains, x.n_draws)), request,
                                      thread_scratch(x.chains, x.n_draws), acov, row);
}

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

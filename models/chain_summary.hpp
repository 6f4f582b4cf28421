// Posterior summaries and convergence diagnostics of one scalar term from
// its chains, written once for the host and the GPU: the CPU backend and
// host/summary call these functions from C++ threads, the CUDA backend from
// one device thread per (prior, term) (kernels/term_summaries.cu), so a
// summary computed on either side follows the same arithmetic. They live in
// models/ because that is the code both compilers see.
//
// Diagnostics: Vehtari, Gelman, Simpson, Carpenter & Buerkner (2021),
// "Rank-normalization, folding, and localization: an improved R-hat for
// assessing convergence of MCMC", Bayesian Analysis 16(2):667-718,
// doi:10.1214/20-BA1221; computed as the R package posterior (rhat(),
// ess_bulk(), ess_tail()) computes them.
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
// Summaries: R's type-7 quantiles (Hyndman & Fan 1996): for n sorted values
// x_(1..n) and probability p, h = 1 + (n - 1) p, Q(p) = x_(floor h) +
// (h - floor h)(x_(ceil h) - x_(floor h)), with R's arithmetic
// (1 - g) x_lo + g x_hi. The median is Q(0.5); sd uses n - 1; the mean is
// refined by a second pass over the residuals, as R's mean() does.
// P(value < t) counts draws strictly below t.
//
// What stays outside, because each side does it its own best way:
//  - the sort of a term's draws (values ascending with their chain-major
//    positions): an LSD radix sort on the host, CUB's segmented radix sort on
//    the GPU; any correct sort gives the same result here, because tied draws
//    get the same score whichever order they come in;
//  - the normal quantiles of the Blom scores: a table per S made on the host
//    with Boost.Math (the GPU gets a copy), so both sides use the same values;
//  - the autocovariances, through an `Acov` policy: direct sums here
//    (DirectAutocovariance), and on the host a switch to one FFT for chains
//    still correlated after many lags.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "models/hd.hpp"

namespace ps {

// One term's draws, chain-major: draws[c * n_draws + t].
struct ChainDraws {
  const double* draws = nullptr;
  int chains = 0;
  int n_draws = 0;
};

struct Diagnostics {
  double rhat;
  double ess_bulk;
  double ess_tail;
};

// A term's draws in ascending order with their chain-major positions.
struct SortedDrawsView {
  const double* value = nullptr;
  const uint32_t* position = nullptr;
  size_t count = 0;
};

// S: the draws diagnosed after each of C chains of n is split in two halves
// of floor(n/2) (the middle draw of an odd chain is dropped).
PS_HD inline size_t split_draw_count(int chains, int n_draws) {
  return 2 * static_cast<size_t>(chains > 0 ? chains : 0) * static_cast<size_t>(n_draws > 0 ? n_draws / 2 : 0);
}

// Scores of average ranks 1, 1.5, 2, ..., S among S draws: score[k] =
// Phi^-1((1 + k/2 - 3/8) / (S + 1/4)) for k = 0 .. 2S - 2 (blom_half_rank_count).
// A tie group of g draws starting at 0-based sorted index i has average rank
// i + (g + 1)/2, entry 2i + g - 1.
PS_HD inline size_t blom_half_rank_count(size_t draws) { return draws == 0 ? 0 : 2 * draws - 1; }
PS_HD inline double blom_probability(size_t k, size_t draws) {
  return (1.0 + static_cast<double>(k) / 2.0 - 0.375) / (static_cast<double>(draws) + 0.25);
}

namespace chain_summary {

PS_HD inline double not_a_number() { return NAN; }
PS_HD inline bool is_nan(double x) { return x != x; }
PS_HD inline bool is_finite(double x) { return x - x == 0.0; }  // inf - inf and NaN are NaN
PS_HD inline double min_of(double a, double b) { return a < b ? a : b; }
PS_HD inline double max_of(double a, double b) { return a > b ? a : b; }
// posterior's is_constant(): max - min below machine epsilon (absolute).
PS_HD inline bool is_constant_range(double lo, double hi) { return fabs(hi - lo) < 2.220446049250313e-16; }

// Per-term working memory: arrays of `total` = C n elements (the split
// arrays use the first S of them) and per-split-chain arrays of 2C. The caller
// owns one block of chain_summary_scratch_bytes and lends it to one summary at
// a time (carve_scratch).
struct Scratch {
  double* value;           // split draws, ascending
  double* z;               // their scores
  double* folded;          // |split draw - median| ascending, then tail indicators
  double* work;            // centred chains inside ess_basic, then the summary scale
  double* rho_hat;         // autocorrelations (m of them)
  double* chain_mean;      // per split chain
  double* chain_lo;
  double* chain_hi;
  uint32_t* where;         // split-chain-major position of value[i]
  uint32_t* folded_where;  // of folded[i]
};

PS_HD inline size_t scratch_bytes(int chains, int n_draws) {
  const size_t total = static_cast<size_t>(chains) * static_cast<size_t>(n_draws);
  const size_t per_chain = 2 * static_cast<size_t>(chains);
  return (5 * total + 3 * per_chain) * sizeof(double) + 2 * total * sizeof(uint32_t);
}

// block: scratch_bytes(chains, n_draws) bytes, 8-byte aligned.
PS_HD inline Scratch carve_scratch(void* block, int chains, int n_draws) {
  const size_t total = static_cast<size_t>(chains) * static_cast<size_t>(n_draws);
  const size_t per_chain = 2 * static_cast<size_t>(chains);
  double* d = static_cast<double*>(block);
  Scratch s;
  s.value = d;
  s.z = d + total;
  s.folded = d + 2 * total;
  s.work = d + 3 * total;
  s.rho_hat = d + 4 * total;
  s.chain_mean = d + 5 * total;
  s.chain_lo = s.chain_mean + per_chain;
  s.chain_hi = s.chain_lo + per_chain;
  s.where = reinterpret_cast<uint32_t*>(s.chain_hi + per_chain);
  s.folded_where = s.where + total;
  return s;
}

// Quantile type 7 of sorted values (prob in [0, 1]); NaN for none.
PS_HD inline double quantile_type7(const double* sorted, size_t n, double prob) {
  if (n == 0) return not_a_number();
  const double index = 1.0 + static_cast<double>(n - 1) * prob;  // 1-based, as R
  const double lo = floor(index);
  const double hi = ceil(index);
  double q = sorted[static_cast<size_t>(lo) - 1];
  const double upper = sorted[static_cast<size_t>(hi) - 1];
  if (index > lo && upper != q) {  // R skips equal neighbours (keeps Inf finite-safe)
    const double h = index - lo;
    q = (1.0 - h) * q + h * upper;
  }
  return q;
}

// First index of sorted values with value >= t (n if none).
PS_HD inline size_t lower_bound(const double* sorted, size_t n, double t) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

struct ChainRange {
  double min;
  double max;
  bool finite;
};

// One pass per chain: its mean and range into mean/lo/hi[chains] (4 partial
// sums and branch-free min/max so the pass runs at memory speed).
PS_HD inline ChainRange scan_chains(const double* draws, int chains, int n, double* mean, double* lo_out,
                                    double* hi_out) {
  ChainRange r{HUGE_VAL, -HUGE_VAL, true};
  for (int c = 0; c < chains; ++c) {
    const double* y = draws + static_cast<size_t>(c) * n;
    double sum[4] = {0, 0, 0, 0}, lo4[4] = {HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL},
           hi4[4] = {-HUGE_VAL, -HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
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
    const double lo = min_of(min_of(lo4[0], lo4[1]), min_of(lo4[2], lo4[3]));
    const double hi = max_of(max_of(hi4[0], hi4[1]), max_of(hi4[2], hi4[3]));
    const double total = (sum[0] + sum[1]) + (sum[2] + sum[3]);
    mean[c] = total / n;
    lo_out[c] = lo;
    hi_out[c] = hi;
    r.min = min_of(r.min, lo);
    r.max = max_of(r.max, hi);
    r.finite = r.finite && is_finite(lo) && is_finite(hi) && !is_nan(total);  // NaN shows in the sum
  }
  return r;
}

// Sample variance (n - 1) of values.
PS_HD inline double sample_variance(const double* v, int count) {
  double sum = 0.0;
  for (int i = 0; i < count; ++i) sum += v[i];
  const double mean = sum / static_cast<double>(count);
  double ss = 0.0;
  for (int i = 0; i < count; ++i) ss += (v[i] - mean) * (v[i] - mean);
  return ss / static_cast<double>(count - 1);
}

// Classic R-hat of the given chains as they are (posterior's .rhat).
PS_HD inline double rhat_basic(const double* draws, int chains, int n, const Scratch& s) {
  // R: var() of one chain mean or of a one-draw chain is NA.
  if (chains < 2 || n < 2) return not_a_number();
  const ChainRange range = scan_chains(draws, chains, n, s.chain_mean, s.chain_lo, s.chain_hi);
  if (!range.finite || is_constant_range(range.min, range.max)) return not_a_number();
  double within = 0.0;
  for (int c = 0; c < chains; ++c) {
    const double* y = draws + static_cast<size_t>(c) * n;
    const double mu = s.chain_mean[c];
    double ss[4] = {0, 0, 0, 0};
    int t = 0;
    for (; t + 4 <= n; t += 4)
      for (int j = 0; j < 4; ++j) ss[j] += (y[t + j] - mu) * (y[t + j] - mu);
    for (; t < n; ++t) ss[0] += (y[t] - mu) * (y[t] - mu);
    within += ((ss[0] + ss[1]) + (ss[2] + ss[3])) / (n - 1);
  }
  within /= chains;
  const double between = n * sample_variance(s.chain_mean, chains);
  return sqrt((between / within + n - 1) / n);
}

// mean_k acov_k(l) and mean_k acov_k(l + 1) of centred chains by direct sums.
// Four independent partial sums per lag map onto SIMD lanes without
// reassociating anything.
struct DirectAutocovariance {
  PS_HD void reset() {}
  PS_HD void pair(const double* centered, int chains, int m, int lag, double out[2]) {
    double even[4] = {0, 0, 0, 0}, odd[4] = {0, 0, 0, 0};
    for (int c = 0; c < chains; ++c) {
      const double* y = centered + static_cast<size_t>(c) * m;
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
    out[0] = ((even[0] + even[1]) + (even[2] + even[3])) / scale;
    out[1] = ((odd[0] + odd[1]) + (odd[2] + odd[3])) / scale;
  }
};

// Geyer ESS of the given chains as they are (posterior's .ess). `draws` must
// not alias s.work or s.rho_hat.
template <class Acov>
PS_HD double ess_basic(const double* draws, int chains, int m, const Scratch& s, Acov& acov) {
  if (chains < 1 || m < 3) return not_a_number();
  const ChainRange range = scan_chains(draws, chains, m, s.chain_mean, s.chain_lo, s.chain_hi);
  if (!range.finite || is_constant_range(range.min, range.max)) return not_a_number();
  const size_t total = static_cast<size_t>(chains) * m;
  double* centered = s.work;
  for (int c = 0; c < chains; ++c) {
    // posterior: a chain with zero variance has all autocovariances 0 (a
    // rounded mean must not leave 1e-32 behind).
    const double centre = s.chain_lo[c] == s.chain_hi[c] ? s.chain_lo[c] : s.chain_mean[c];
    const double* y = draws + static_cast<size_t>(c) * m;
    double* out = centered + static_cast<size_t>(c) * m;
    for (int t = 0; t < m; ++t) out[t] = y[t] - centre;
  }
  acov.reset();
  double a[2];
  acov.pair(centered, chains, m, 0, a);
  const double mean_var = a[0] * m / (m - 1);
  double var_plus = mean_var * (m - 1) / m;
  if (chains > 1) var_plus += sample_variance(s.chain_mean, chains);
  const auto rho = [&](double autocovariance) { return 1.0 - (mean_var - autocovariance) / var_plus; };

  // Geyer's initial positive sequence (0-based lags; posterior's loop bounds).
  double* rho_hat = s.rho_hat;
  for (int l = 0; l < m; ++l) rho_hat[l] = 0.0;
  int t = 0;
  double rho_even = 1.0;
  double rho_odd = rho(a[1]);
  rho_hat[0] = rho_even;
  rho_hat[1] = rho_odd;
  while (t < m - 5 && !is_nan(rho_even + rho_odd) && rho_even + rho_odd > 0) {
    t += 2;
    acov.pair(centered, chains, m, t, a);
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
  for (int l = 0; l < (max_t > 1 ? max_t : 1); ++l) sum += rho_hat[l];
  double tau = -1.0 + 2.0 * sum + rho_hat[max_t];
  const double size = static_cast<double>(total);
  tau = max_of(tau, 1.0 / log10(size));
  return size / tau;
}

// z[position[i]] = score of the average rank of value[i]; value ascending,
// half_scores as blom_half_rank_count(n) describes.
PS_HD inline void rank_normalize_sorted(const double* value, const uint32_t* position, size_t n,
                                        const double* half_scores, double* z) {
  size_t i = 0;
  while (i < n) {
    size_t j = i + 1;
    while (j < n && value[j] == value[i]) ++j;
    const double score = half_scores[2 * i + (j - i) - 1];
    for (size_t k = i; k < j; ++k) z[position[k]] = score;
    i = j;
  }
}

// Rank-normalised split R-hat, bulk and tail ESS of x, given all its draws
// sorted (sorted.count == chains * n_draws) and the scores of
// S = 2 C floor(n/2) split draws.
template <class Acov>
PS_HD Diagnostics diagnose(const ChainDraws& x, const SortedDrawsView& sorted, const double* half_scores,
                           const Scratch& s, Acov& acov) {
  const double nan = not_a_number();
  Diagnostics d{nan, nan, nan};
  const int chains = x.chains, n = x.n_draws;
  const size_t total = sorted.count;
  if (total == 0) return d;
  for (size_t i = 0; i < total; ++i)
    if (!is_finite(x.draws[i])) return d;
  const int m = n / 2, split_chains = 2 * chains;
  const size_t split_total = split_draw_count(chains, n);
  if (m < 2) return d;  // one draw per split chain: R's var() is NA

  // Split draws in ascending order (middle draws dropped) and their positions
  // among the split chains: chain 2c holds t < m, chain 2c+1 holds t >= n - m.
  double* value = s.value;
  uint32_t* where = s.where;
  const double inv_n = 1.0 / n;  // (pos + 1/2) / n is >= 1/(2n) from an integer: floor is exact
  size_t k = 0;
  for (size_t i = 0; i < total; ++i) {
    const size_t pos = sorted.position[i];
    const size_t c = static_cast<size_t>((static_cast<double>(pos) + 0.5) * inv_n);
    const size_t t = pos - c * n;
    if (n % 2 == 1 && t == static_cast<size_t>(m)) continue;  // the dropped middle draw
    // Which half is a coin flip in sorted order: arithmetic, not a branch.
    const size_t second = t >= static_cast<size_t>(m);
    value[k] = sorted.value[i];
    where[k] = static_cast<uint32_t>((2 * c + second) * m + t - second * (n - m));
    ++k;
  }

  double* z = s.z;
  rank_normalize_sorted(value, where, split_total, half_scores, z);
  const double rhat_bulk = rhat_basic(z, split_chains, m, s);
  d.ess_bulk = ess_basic(z, split_chains, m, s, acov);

  // Folded draws |x - median| in ascending order: below the median distances
  // fall as x rises, above they grow, so a merge of the two sides sorts them.
  const double median = quantile_type7(sorted.value, total, 0.5);
  const size_t below = lower_bound(value, split_total, median);
  double* folded = s.folded;
  uint32_t* folded_where = s.folded_where;
  size_t lo = below, hi = below;
  for (size_t out = 0; out < split_total; ++out) {
    // Branch-free: which side comes next is unpredictable.
    const size_t down_at = lo > 0 ? lo - 1 : 0, up_at = hi < split_total ? hi : split_total - 1;
    const double down = lo > 0 ? median - value[down_at] : HUGE_VAL;
    const double up = hi < split_total ? value[up_at] - median : HUGE_VAL;
    const bool take_down = down <= up;
    folded[out] = take_down ? down : up;
    folded_where[out] = where[take_down ? down_at : up_at];
    lo -= take_down;
    hi += !take_down;
  }
  rank_normalize_sorted(folded, folded_where, split_total, half_scores, z);
  const double rhat_tail = rhat_basic(z, split_chains, m, s);
  d.rhat = (is_nan(rhat_bulk) || is_nan(rhat_tail)) ? nan : max_of(rhat_bulk, rhat_tail);

  // Tail ESS: indicators of the 5% and 95% quantiles of all draws, on the
  // split chains (they reuse `folded`, done with above).
  if (!is_constant_range(sorted.value[0], sorted.value[total - 1])) {
    double* indicator = folded;
    double tail = HUGE_VAL;
    const double probs[2] = {0.05, 0.95};
    for (double prob : probs) {
      const double q = quantile_type7(sorted.value, total, prob);
      for (int c = 0; c < chains; ++c) {
        const double* chain = x.draws + static_cast<size_t>(c) * n;
        double* first = indicator + static_cast<size_t>(2 * c) * m;
        double* second = first + m;
        for (int t = 0; t < m; ++t) {
          first[t] = chain[t] <= q ? 1.0 : 0.0;
          second[t] = chain[n - m + t] <= q ? 1.0 : 0.0;
        }
      }
      const double e = ess_basic(indicator, split_chains, m, s, acov);
      tail = is_nan(e) ? nan : min_of(tail, e);
      if (is_nan(tail)) break;
    }
    d.ess_tail = tail;
  }
  return d;
}

// What a summary row holds besides the diagnostics: the interval-bound
// probabilities and the thresholds t of P(value < t), on the summary scale.
struct SummaryRequestView {
  const double* probabilities = nullptr;
  int n_probabilities = 0;
  const double* thresholds = nullptr;
  int n_thresholds = 0;
};

// A summary row: median, mean, sd, rhat, ess_bulk, ess_tail, then one value
// per probability, then one per threshold.
enum SummaryColumn { kMedian = 0, kMean, kSd, kRhat, kEssBulk, kEssTail, kFixedColumns };
PS_HD inline int summary_row_width(const SummaryRequestView& r) {
  return kFixedColumns + r.n_probabilities + r.n_thresholds;
}

// Median, mean, sd, quantiles and P(y < t) of `total` sorted values y into
// the row (NaN throughout when any is NaN or there are none).
PS_HD inline void summarize_sorted(const double* y, size_t total, const SummaryRequestView& r, double* row) {
  bool any_nan = total == 0;
  for (size_t i = 0; i < total && !any_nan; ++i) any_nan = is_nan(y[i]);
  double* bounds = row + kFixedColumns;
  double* p_below = bounds + r.n_probabilities;
  if (any_nan) {
    row[kMedian] = row[kMean] = row[kSd] = not_a_number();
    for (int j = 0; j < r.n_probabilities; ++j) bounds[j] = not_a_number();
    for (int j = 0; j < r.n_thresholds; ++j) p_below[j] = not_a_number();
    return;
  }
  const double count = static_cast<double>(total);
  // R's mean(): the sum, then the mean residual added back.
  double sum = 0.0;
  for (size_t i = 0; i < total; ++i) sum += y[i];
  double mean = sum / count;
  if (is_finite(mean)) {
    double residual = 0.0;
    for (size_t i = 0; i < total; ++i) residual += y[i] - mean;
    mean += residual / count;
  }
  double squares = 0.0;
  for (size_t i = 0; i < total; ++i) squares += (y[i] - mean) * (y[i] - mean);
  row[kMean] = mean;
  row[kSd] = total > 1 ? sqrt(squares / (count - 1.0)) : not_a_number();
  row[kMedian] = quantile_type7(y, total, 0.5);
  for (int j = 0; j < r.n_probabilities; ++j) bounds[j] = quantile_type7(y, total, r.probabilities[j]);
  for (int j = 0; j < r.n_thresholds; ++j) {
    const double t = r.thresholds[j];
    p_below[j] = is_nan(t) ? not_a_number() : static_cast<double>(lower_bound(y, total, t)) / count;
  }
}

// The whole row of a coefficient reported on the ratio scale (exp of the
// sampled log ratio): diagnostics of the draws, summaries of their exp.
// The one summary both backends give for every saved coefficient.
template <class Acov>
PS_HD void summarize_ratio_term(const ChainDraws& x, const SortedDrawsView& sorted, const double* half_scores,
                                const SummaryRequestView& r, const Scratch& s, Acov& acov, double* row) {
  const Diagnostics d = diagnose(x, sorted, half_scores, s, acov);
  row[kRhat] = d.rhat;
  row[kEssBulk] = d.ess_bulk;
  row[kEssTail] = d.ess_tail;
  double* y = s.work;  // exp is increasing: exp of the sorted draws is sorted
  for (size_t i = 0; i < sorted.count; ++i) y[i] = exp(sorted.value[i]);
  summarize_sorted(y, sorted.count, r, row);
}

}  // namespace chain_summary
}  // namespace ps

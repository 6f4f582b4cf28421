// Tests of rank-normalised split R-hat, bulk ESS and tail ESS
// (host/summary/diagnostics.cpp).
//
// References are independent of the implementation: hand-computed cases,
// theory (iid and AR(1) chains, with tolerances set from the Monte Carlo spread
// of the estimators), and values from a hand-written R script (below) that
// follows Vehtari et al. (2021) as the R package posterior computes it; R is
// not needed to run these tests, only to regenerate the numbers.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "host/summary/summary.hpp"

namespace ps {
namespace {

using summary_detail::diagnose;
using summary_detail::ess_basic;
using summary_detail::fractional_ranks;
using summary_detail::rank_normalize;
using summary_detail::rhat_basic;
using summary_detail::sort_draws;

summary_detail::Diagnostics diagnostics_of(const std::vector<double>& x, int chains, int n) {
  return diagnose(ChainDraws{x.data(), chains, n}, sort_draws(x.data(), x.size()));
}

// Uniforms from the minstd generator, the same numbers as lcg() in the R script.
std::vector<double> lcg_uniforms(std::uint64_t seed, int count) {
  std::vector<double> u(count);
  for (double& v : u) {
    seed = (48271 * seed) % 2147483647;
    v = static_cast<double>(seed) / 2147483647.0;
  }
  return u;
}

// Chain-major AR(1) chains driven by lcg_uniforms, as ar_chains() in the R script.
std::vector<double> lcg_ar_chains(std::uint64_t seed, int chains, int n, double phi,
                                  const std::vector<double>& offsets) {
  const std::vector<double> u = lcg_uniforms(seed, chains * n);
  std::vector<double> x(u.size());
  std::size_t k = 0;
  for (int c = 0; c < chains; ++c) {
    double prev = 0.0;
    for (int t = 0; t < n; ++t, ++k) {
      prev = phi * prev + (u[k] - 0.5);
      x[k] = prev + offsets[c];
    }
  }
  return x;
}

// Stationary Gaussian AR(1) chains (unit innovations), chain-major.
std::vector<double> gaussian_ar_chains(std::uint64_t seed, int chains, int n, double phi) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> x(static_cast<std::size_t>(chains) * n);
  for (int c = 0; c < chains; ++c) {
    double v = normal(rng) / std::sqrt(1.0 - phi * phi);
    for (int t = 0; t < n; ++t) {
      if (t > 0) v = phi * v + normal(rng);
      x[static_cast<std::size_t>(c) * n + t] = v;
    }
  }
  return x;
}

// ---- (d) rank normalisation, by hand -------------------------------------

TEST(RankNormalization, TiesGetTheirAverageRank) {
  EXPECT_EQ(fractional_ranks({3, 1, 2, 2}), (std::vector<double>{4, 1, 2.5, 2.5}));
  EXPECT_EQ(fractional_ranks({5, 5, 5, 1}), (std::vector<double>{3, 3, 3, 1}));
  EXPECT_EQ(fractional_ranks({-0.0, 0.0, 1}), (std::vector<double>{1.5, 1.5, 3}));  // -0 == 0, as in R
}

TEST(RankNormalization, BlomScoresOfAverageRanks) {
  // S = 4: z = qnorm((r - 3/8) / 4.25). Ranks {4, 1, 2.5, 2.5}: the tied pair
  // sits at p = 2.125 / 4.25 = 1/2, so z = 0 exactly, and ranks 1 and 4 are
  // mirror images, p = 0.625/4.25 and 3.625/4.25 = 1 - 0.625/4.25.
  const std::vector<double> z = rank_normalize({3, 1, 2, 2});
  EXPECT_EQ(z[2], 0.0);
  EXPECT_EQ(z[3], 0.0);
  EXPECT_NEAR(z[0], -z[1], 1e-15);
  EXPECT_NEAR(z[0], 1.0491313979639711, 1e-14);  // R: qnorm(3.625 / 4.25)
  // Odd tie group (integer average rank 2) and even groups (ranks 1.5, 3.5).
  const std::vector<double> odd = rank_normalize({1, 1, 1, 2});
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(odd[i], -0.29930691046566704, 1e-14);
  EXPECT_NEAR(odd[3], 1.0491313979639711, 1e-14);
  const std::vector<double> even = rank_normalize({1, 1, 2, 2});
  EXPECT_NEAR(even[0], -0.62890421763219007, 1e-14);
  EXPECT_NEAR(even[1], -0.62890421763219007, 1e-14);
  EXPECT_NEAR(even[2], 0.62890421763219018, 1e-14);
  EXPECT_NEAR(even[3], 0.62890421763219018, 1e-14);
}

TEST(RhatBasic, TwoChainsByHand) {
  // Means 2 and 5, within-chain variances 1: W = 1, B = 3 * var(2, 5) = 13.5,
  // R = sqrt((B / W + n - 1) / n) = sqrt(15.5 / 3).
  const std::vector<double> x{1, 2, 3, 4, 5, 6};
  EXPECT_NEAR(rhat_basic(x.data(), 2, 3), std::sqrt(15.5 / 3.0), 1e-15);
  // Identical chains: B = 0, R = sqrt((n - 1) / n).
  const std::vector<double> same{1, 2, 3, 1, 2, 3};
  EXPECT_NEAR(rhat_basic(same.data(), 2, 3), std::sqrt(2.0 / 3.0), 1e-15);
}

// ---- (a) iid chains --------------------------------------------------------
// Spread over 200 seeds at 4 x 20,000 iid normal draws: bulk ESS / S has mean
// 0.995, sd 0.011; tail ESS / S mean 0.990, sd 0.009; |R-hat - 1| < 2e-4.
// Tolerances are about 5 sd.

TEST(Diagnostics, IidChainsHaveEssNearDrawCountAndRhatNearOne) {
  const int chains = 4, n = 20000;
  const std::vector<double> x = gaussian_ar_chains(11, chains, n, 0.0);
  const summary_detail::Diagnostics d = diagnostics_of(x, chains, n);
  const double draws = chains * n;
  EXPECT_NEAR(d.ess_bulk / draws, 1.0, 0.06);
  EXPECT_NEAR(d.ess_tail / draws, 1.0, 0.06);
  EXPECT_NEAR(d.rhat, 1.0, 0.002);
}

// ---- (b) AR(1) chains: ESS = S (1 - phi) / (1 + phi) ------------------------
// Over 200 seeds at 4 x 20,000 draws, bulk ESS / theory has mean 0.996-0.998
// and sd 0.021 (phi 0.5), 0.044 (phi 0.9), 0.018 (phi -0.3); tolerances ~5 sd.

struct Ar1Case {
  double phi;
  double tolerance;
  std::uint64_t seed;
};

class Ar1Ess : public ::testing::TestWithParam<Ar1Case> {};

TEST_P(Ar1Ess, BulkEssMatchesTheory) {
  const int chains = 4, n = 20000;
  const double phi = GetParam().phi;
  const std::vector<double> x = gaussian_ar_chains(GetParam().seed, chains, n, phi);
  const double theory = chains * n * (1 - phi) / (1 + phi);
  EXPECT_NEAR(diagnostics_of(x, chains, n).ess_bulk / theory, 1.0, GetParam().tolerance);
  // The plain (unranked, unsplit) estimator of the same chains agrees too.
  EXPECT_NEAR(ess_basic(x.data(), chains, n) / theory, 1.0, GetParam().tolerance);
}

INSTANTIATE_TEST_SUITE_P(Phi, Ar1Ess,
                         ::testing::Values(Ar1Case{0.5, 0.11, 21}, Ar1Case{0.9, 0.22, 22},
                                           Ar1Case{-0.3, 0.09, 23}),  // antithetic: ESS > S
                         [](const ::testing::TestParamInfo<Ar1Case>& info) {
                           return "seed" + std::to_string(info.param.seed);
                         });

// ---- (c) chains that have not mixed -----------------------------------------

TEST(SplitRhat, ShiftedChainIsFlagged) {
  // One of four chains is shifted by half a posterior sd; R-hat ~ 1.025.
  const int chains = 4, n = 1000;
  std::vector<double> x = gaussian_ar_chains(3, chains, n, 0.0);
  for (int t = 0; t < n; ++t) x[3 * n + t] += 0.5;
  EXPECT_GT(split_rhat(ChainDraws{x.data(), chains, n}), 1.01);
}

TEST(SplitRhat, WiderChainIsFlaggedByTheFoldedRhat) {
  // Same centre, one chain three times as wide: the bulk R-hat cannot see it,
  // the folded one (|x - median|) can.
  const int chains = 4, n = 1000;
  std::vector<double> x = gaussian_ar_chains(4, chains, n, 0.0);
  for (int t = 0; t < n; ++t) x[3 * n + t] *= 3.0;
  // Bulk part alone: with n even the split chains, chain-major, are x itself.
  const std::vector<double> z = rank_normalize(x);
  EXPECT_LT(rhat_basic(z.data(), 2 * chains, n / 2), 1.01);
  EXPECT_GT(split_rhat(ChainDraws{x.data(), chains, n}), 1.01);
}

TEST(SplitRhat, TrendWithinChainsIsFlaggedBySplitting) {
  // Every chain drifts the same way: unsplit chains agree, split halves don't.
  const int chains = 4, n = 1000;
  std::vector<double> x = gaussian_ar_chains(5, chains, n, 0.0);
  for (int c = 0; c < chains; ++c)
    for (int t = 0; t < n; ++t) x[c * n + t] += 1.5 * t / n;
  EXPECT_LT(rhat_basic(x.data(), chains, n), 1.01);
  EXPECT_GT(split_rhat(ChainDraws{x.data(), chains, n}), 1.01);
}

// ---- (e) values from R ----------------------------------------------------------
// Produced by this script (Rscript, R 4.2.2, base R only; the posterior package
// was not available, so its algorithm is written out):
//
//   # Base R only (posterior is not installed): Vehtari et al. (2021) written out
//   # from the paper, with posterior's conventions (Blom offset 3/8, biased FFT
//   # autocovariances, Geyer loop bounds, tau >= 1/log10(S)).
//   lcg <- function(seed, n) {  # minstd: s <- 48271 s mod (2^31 - 1); exact in doubles
//     u <- numeric(n); s <- seed
//     for (i in seq_len(n)) { s <- (48271 * s) %% 2147483647; u[i] <- s / 2147483647 }
//     u
//   }
//   ar_chains <- function(seed, chains, n, phi, offsets) {  # n x chains, column = chain
//     u <- lcg(seed, chains * n); x <- matrix(0, n, chains); k <- 0
//     for (c in seq_len(chains)) {
//       prev <- 0
//       for (t in seq_len(n)) { k <- k + 1; prev <- phi * prev + (u[k] - 0.5); x[t, c] <- prev + offsets[c] }
//     }
//     x
//   }
//   split_chains <- function(x) {
//     n <- nrow(x); half <- n / 2
//     cbind(x[1:floor(half), , drop = FALSE], x[ceiling(half + 1):n, , drop = FALSE])
//   }
//   z_scale <- function(x) {
//     r <- rank(x, ties.method = "average")
//     array(qnorm((r - 3/8) / (length(x) - 2 * 3/8 + 1)), dim = dim(x))
//   }
//   is_const <- function(x) abs(max(x) - min(x)) < .Machine$double.eps
//   rhat_basic <- function(x) {
//     if (is_const(x)) return(NA_real_)
//     m <- nrow(x)
//     sqrt((m * var(colMeans(x)) / mean(apply(x, 2, var)) + m - 1) / m)
//   }
//   autocov <- function(y) {
//     N <- length(y); if (var(y) == 0) return(rep(0, N))
//     yc <- c(y - mean(y), rep(0, 2 * nextn(N) - N))
//     ac <- Re(fft(abs(fft(yc))^2, inverse = TRUE)[1:N])
//     ac / ac[1] * var(y) * (N - 1) / N
//   }
//   ess_basic <- function(x) {
//     m <- nrow(x); K <- ncol(x)
//     if (m < 3 || is_const(x)) return(NA_real_)
//     acov <- rowMeans(apply(x, 2, autocov))
//     mean_var <- acov[1] * m / (m - 1); var_plus <- mean_var * (m - 1) / m
//     if (K > 1) var_plus <- var_plus + var(colMeans(x))
//     rho <- rep(0, m); t <- 0; even <- 1; rho[1] <- 1
//     odd <- 1 - (mean_var - acov[2]) / var_plus; rho[2] <- odd
//     while (t < m - 5 && !is.nan(even + odd) && even + odd > 0) {
//       t <- t + 2
//       even <- 1 - (mean_var - acov[t + 1]) / var_plus
//       odd <- 1 - (mean_var - acov[t + 2]) / var_plus
//       if (even + odd >= 0) { rho[t + 1] <- even; rho[t + 2] <- odd }
//     }
//     max_t <- t; if (even > 0) rho[max_t + 1] <- even
//     t <- 0
//     while (t <= max_t - 4) {
//       t <- t + 2
//       if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
//         rho[t + 1] <- (rho[t - 1] + rho[t]) / 2; rho[t + 2] <- rho[t + 1]
//       }
//     }
//     tau <- -1 + 2 * sum(rho[1:max_t]) + rho[max_t + 1]
//     K * m / max(tau, 1 / log10(K * m))
//   }
//   rhat <- function(x) max(rhat_basic(z_scale(split_chains(x))),
//                           rhat_basic(z_scale(split_chains(abs(x - median(x))))))
//   ess_bulk <- function(x) ess_basic(z_scale(split_chains(x)))
//   ess_tail <- function(x) min(sapply(c(0.05, 0.95), function(p)
//     ess_basic(split_chains((x <= quantile(x, p)) + 0))))
//   show <- function(name, x) cat(sprintf("%s: rhat %.17g ess_bulk %.17g ess_tail %.17g\n",
//                                         name, rhat(x), ess_bulk(x), ess_tail(x)))
//   a <- ar_chains(12345, 4, 101, 0.6, c(0, 0, 0.3, -0.2))
//   show("offset_ar", a)
//   cat(sprintf("offset_ar unsplit: rhat_basic %.17g ess_basic %.17g\n", rhat_basic(a), ess_basic(a)))
//   show("ties", matrix(floor(lcg(777, 3 * 60) * 6), 60, 3))
//   show("skewed_ties", matrix(floor(lcg(4242, 4 * 75)^2 * 15), 75, 4))
//   l <- ar_chains(2024, 4, 2000, 0.95, rep(0, 4))
//   show("long_ar", l)
//   cat(sprintf("long_ar unsplit: ess_basic %.17g\n", ess_basic(l)))
//   show("one_chain", ar_chains(5, 1, 300, 0.4, 0))
//   show("antithetic", ar_chains(31, 4, 500, -0.7, rep(0, 4)))
//   show("tiny", ar_chains(99, 2, 9, 0.3, c(0, 0.1)))
//   for (v in list(c(3, 1, 2, 2), c(1, 1, 1, 2), c(1, 1, 2, 2)))
//     cat(sprintf("%.17g", qnorm((rank(v) - 3/8) / (length(v) + 1/4))), "\n")
//
// Output:
//   offset_ar: rhat 1.123425688554397 ess_bulk 26.785290986339206 ess_tail 113.24905578153903
//   offset_ar unsplit: rhat_basic 1.1428212885069069 ess_basic 12.768782890234075
//   ties: rhat 1.002752432241296 ess_bulk 207.59003161853218 ess_tail NA
//   skewed_ties: rhat 1.0009862848144238 ess_bulk 380.11341624185673 ess_tail 348.64216665229145
//   long_ar: rhat 1.0251612279376916 ess_bulk 175.91345388427882 ess_tail 528.00810497861005
//   long_ar unsplit: ess_basic 172.45647218835776
//   one_chain: rhat 1.0169530085373837 ess_bulk 118.66305201289677 ess_tail 170.29967081736021
//   antithetic: rhat 1.0073804528024157 ess_bulk 6602.0599913279621 ess_tail 1523.2420522997045
//   tiny: rhat 1.4339226167200039 ess_bulk 8 ess_tail 8
//   (and the three rank_normalize lines used in BlomScoresOfAverageRanks)

struct RReference {
  const char* name;
  std::vector<double> draws;
  int chains;
  int n;
  double rhat, ess_bulk, ess_tail;  // NaN where R printed NA
};

std::vector<double> floor_scaled(std::vector<double> u, bool squared, double scale) {
  for (double& v : u) v = std::floor((squared ? v * v : v) * scale);
  return u;
}

std::vector<RReference> r_references() {
  const double na = std::numeric_limits<double>::quiet_NaN();
  return {
      {"offset_ar", lcg_ar_chains(12345, 4, 101, 0.6, {0, 0, 0.3, -0.2}), 4, 101,  // odd n
       1.123425688554397, 26.785290986339206, 113.24905578153903},
      {"ties", floor_scaled(lcg_uniforms(777, 3 * 60), false, 6), 3, 60,  // 6 values
       1.002752432241296, 207.59003161853218, na},                       // 95% indicator constant
      {"skewed_ties", floor_scaled(lcg_uniforms(4242, 4 * 75), true, 15), 4, 75,  // even tie groups
       1.0009862848144238, 380.11341624185673, 348.64216665229145},
      {"long_ar", lcg_ar_chains(2024, 4, 2000, 0.95, {0, 0, 0, 0}), 4, 2000,  // > 96 lags: FFT
       1.0251612279376916, 175.91345388427882, 528.00810497861005},
      {"one_chain", lcg_ar_chains(5, 1, 300, 0.4, {0}), 1, 300,
       1.0169530085373837, 118.66305201289677, 170.29967081736021},
      {"antithetic", lcg_ar_chains(31, 4, 500, -0.7, {0, 0, 0, 0}), 4, 500,
       1.0073804528024157, 6602.0599913279621, 1523.2420522997045},
      {"tiny", lcg_ar_chains(99, 2, 9, 0.3, {0, 0.1}), 2, 9,  // 4 draws per split chain: tau = 2
       1.4339226167200039, 8, 8},
  };
}

void expect_relative(double actual, double expected, const char* what, const char* name) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << name << " " << what << " = " << actual;
  } else {
    EXPECT_NEAR(actual, expected, 1e-9 * std::abs(expected)) << name << " " << what;
  }
}

TEST(Diagnostics, MatchValuesFromRReference) {
  for (const RReference& r : r_references()) {
    const summary_detail::Diagnostics d = diagnostics_of(r.draws, r.chains, r.n);
    expect_relative(d.rhat, r.rhat, "rhat", r.name);
    expect_relative(d.ess_bulk, r.ess_bulk, "ess_bulk", r.name);
    expect_relative(d.ess_tail, r.ess_tail, "ess_tail", r.name);
    // The public one-at-a-time functions give the same numbers.
    const ChainDraws x{r.draws.data(), r.chains, r.n};
    EXPECT_EQ(std::isnan(split_rhat(x)), std::isnan(d.rhat));
    EXPECT_EQ(std::isnan(ess_tail(x)), std::isnan(d.ess_tail));
    if (!std::isnan(d.rhat)) {
      EXPECT_EQ(split_rhat(x), d.rhat) << r.name;
    }
    if (!std::isnan(d.ess_bulk)) {
      EXPECT_EQ(ess_bulk(x), d.ess_bulk) << r.name;
    }
    if (!std::isnan(d.ess_tail)) {
      EXPECT_EQ(ess_tail(x), d.ess_tail) << r.name;
    }
  }
}

TEST(Diagnostics, UnsplitEstimatorsMatchR) {
  const std::vector<double> a = lcg_ar_chains(12345, 4, 101, 0.6, {0, 0, 0.3, -0.2});
  expect_relative(rhat_basic(a.data(), 4, 101), 1.1428212885069069, "rhat_basic", "offset_ar");
  expect_relative(ess_basic(a.data(), 4, 101), 12.768782890234075, "ess_basic", "offset_ar");
  // Geyer's sequence runs past 200 lags here: all-direct, all-FFT and the
  // default switch must agree with R and with each other.
  const std::vector<double> l = lcg_ar_chains(2024, 4, 2000, 0.95, {0, 0, 0, 0});
  for (int direct_lags : {0, summary_detail::kDirectAutocovarianceLags, 1 << 20})
    expect_relative(ess_basic(l.data(), 4, 2000, direct_lags), 172.45647218835776, "ess_basic", "long_ar");
}

// ---- edge cases -------------------------------------------------------------------

TEST(Diagnostics, ConstantDrawsGiveNaNLikePosteriorsNA) {
  const std::vector<double> x(4 * 100, 0.25);
  const summary_detail::Diagnostics d = diagnostics_of(x, 4, 100);
  EXPECT_TRUE(std::isnan(d.rhat));
  EXPECT_TRUE(std::isnan(d.ess_bulk));
  EXPECT_TRUE(std::isnan(d.ess_tail));
}

TEST(Diagnostics, NonFiniteDrawsGiveNaN) {
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    std::vector<double> x = gaussian_ar_chains(6, 4, 100, 0.0);
    x[17] = bad;
    const summary_detail::Diagnostics d = diagnostics_of(x, 4, 100);
    EXPECT_TRUE(std::isnan(d.rhat));
    EXPECT_TRUE(std::isnan(d.ess_bulk));
    EXPECT_TRUE(std::isnan(d.ess_tail));
  }
}

TEST(Diagnostics, TooFewDrawsGiveNaN) {
  // Split chains need 2 draws for a variance (R-hat) and 3 for an ESS.
  for (int n : {0, 1, 2, 3, 4, 5, 6}) {
    const std::vector<double> x = gaussian_ar_chains(7, 2, n, 0.0);
    const summary_detail::Diagnostics d = diagnostics_of(x, 2, n);
    EXPECT_EQ(std::isnan(d.rhat), n < 4) << n;
    EXPECT_EQ(std::isnan(d.ess_bulk), n < 6) << n;
  }
  EXPECT_TRUE(std::isnan(diagnostics_of({}, 0, 0).rhat));
}

TEST(Diagnostics, MiddleDrawOfOddChainsIsDropped) {
  // Bulk ESS ranks only the split draws, so the middle draw cannot matter.
  const int chains = 3, n = 201;
  std::vector<double> x = gaussian_ar_chains(8, chains, n, 0.3);
  const double before = diagnostics_of(x, chains, n).ess_bulk;
  for (int c = 0; c < chains; ++c) x[c * n + n / 2] = 1e6 * (c + 1);
  EXPECT_EQ(diagnostics_of(x, chains, n).ess_bulk, before);
}

TEST(Diagnostics, BulkAndTailEssAreInvariantUnderIncreasingTransforms) {
  const int chains = 4, n = 500;
  const std::vector<double> x = gaussian_ar_chains(9, chains, n, 0.5);
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::exp(x[i]);
  const summary_detail::Diagnostics dx = diagnostics_of(x, chains, n), dy = diagnostics_of(y, chains, n);
  EXPECT_EQ(dx.ess_bulk, dy.ess_bulk);
  EXPECT_EQ(dx.ess_tail, dy.ess_tail);
}

TEST(Diagnostics, EssIsCappedAtSLog10S) {
  // Strongly antithetic chains (phi = -0.7) would have ESS ~ 5.7 S; posterior
  // caps tau at 1 / log10(S), so ESS = S log10(S) (the R value above agrees).
  const std::vector<double> x = lcg_ar_chains(31, 4, 500, -0.7, {0, 0, 0, 0});
  const double draws = 2000;  // 8 split chains of 250
  EXPECT_NEAR(diagnostics_of(x, 4, 500).ess_bulk, draws * std::log10(draws), 1e-9 * draws);
}

}  // namespace
}  // namespace ps

// Tests of quantiles, interval labels and summarize_term (host/summary/summary.cpp).
// Expected values come from R (the call is next to each number) or by hand.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host/summary/summary.hpp"

namespace ps {
namespace {

const auto identity = [](double v) { return v; };

// ---- (f) R's type-7 quantile ------------------------------------------------------

TEST(QuantileSorted, MatchesRType7) {
  // R: x <- c(3.1, -2, 7.5, 0, 0, 4.25, 10, -1.5)
  //    sprintf("%.17g", quantile(x, c(0, 0.05, 0.1, 0.25, 0.5, 0.9, 0.975, 1), type = 7))
  std::vector<double> x{3.1, -2, 7.5, 0, 0, 4.25, 10, -1.5};
  std::sort(x.begin(), x.end());
  const std::vector<double> probs{0, 0.05, 0.1, 0.25, 0.5, 0.9, 0.975, 1};
  const std::vector<double> r{-2, -1.825, -1.6499999999999999, -0.375, 1.55, 8.25, 9.5625, 10};
  for (std::size_t i = 0; i < probs.size(); ++i) EXPECT_DOUBLE_EQ(quantile_sorted(x, probs[i]), r[i]) << probs[i];
}

TEST(QuantileSorted, UsesRsInterpolationArithmetic) {
  // R: sprintf("%.17g", quantile(c(2.5, -1), c(0, 1/3, 0.5, 1)))
  //    -1  0.16666666666666641  0.75  2.5
  // (1 - h) lo + h hi with h = (1 + 1/3) - 1; lo + h (hi - lo) would give
  // 0.16666666666666652, four units in the last place away.
  const std::vector<double> x{-1, 2.5};
  EXPECT_EQ(quantile_sorted(x, 0), -1);
  EXPECT_NEAR(quantile_sorted(x, 1.0 / 3.0), 0.16666666666666641, 3e-17);  // one ulp
  EXPECT_EQ(quantile_sorted(x, 0.5), 0.75);
  EXPECT_EQ(quantile_sorted(x, 1), 2.5);
}

TEST(QuantileSorted, OneValueEmptyAndInvalidProbabilities) {
  EXPECT_EQ(quantile_sorted({42}, 0.3), 42);
  EXPECT_TRUE(std::isnan(quantile_sorted({}, 0.5)));  // R: quantile(numeric(0), 0.5) is NA
  EXPECT_THROW(quantile_sorted({1, 2}, -0.1), std::invalid_argument);
  EXPECT_THROW(quantile_sorted({1, 2}, 1.5), std::invalid_argument);
  EXPECT_THROW(quantile_sorted({1, 2}, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  // Infinite neighbours: R interpolates only between different values.
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(quantile_sorted({1, inf, inf}, 0.75), inf);
}

// ---- interval labels -------------------------------------------------------------

TEST(IntervalBoundLabels, ShortestDecimalPerLevel) {
  EXPECT_EQ(interval_bound_labels({0.90, 0.95}),
            (std::vector<std::string>{"q0.05", "q0.95", "q0.025", "q0.975"}));
  EXPECT_EQ(interval_bound_labels({0.5}), (std::vector<std::string>{"q0.25", "q0.75"}));
  EXPECT_EQ(interval_bound_labels({0.8}), (std::vector<std::string>{"q0.1", "q0.9"}));
  EXPECT_EQ(interval_bound_labels({0.99}), (std::vector<std::string>{"q0.005", "q0.995"}));
  EXPECT_EQ(interval_bound_labels({0.999}), (std::vector<std::string>{"q0.0005", "q0.9995"}));
  EXPECT_EQ(interval_bound_labels({0.89}), (std::vector<std::string>{"q0.055", "q0.945"}));
  EXPECT_EQ(interval_bound_labels({0.123456789}),
            (std::vector<std::string>{"q0.4382716055", "q0.5617283945"}));
  EXPECT_TRUE(interval_bound_labels({}).empty());
}

TEST(IntervalBoundProbabilities, AreTheDoublesOfTheLabels) {
  // Binary (1 - 0.9) / 2 is 0.04999999999999999; the bound must be R's 0.05.
  EXPECT_EQ(interval_bound_probabilities({0.90, 0.95}), (std::vector<double>{0.05, 0.95, 0.025, 0.975}));
  for (double level : {0.5, 0.8, 0.89, 0.99, 0.999}) {
    const std::vector<std::string> labels = interval_bound_labels({level});
    const std::vector<double> probs = interval_bound_probabilities({level});
    EXPECT_EQ(probs[0], std::stod(labels[0].substr(1)));
    EXPECT_EQ(probs[1], std::stod(labels[1].substr(1)));
  }
}

TEST(IntervalBoundLabels, RejectLevelsOutsideTheOpenUnitInterval) {
  for (double level : {0.0, 1.0, -0.5, 1.5, std::numeric_limits<double>::quiet_NaN()})
    EXPECT_THROW(interval_bound_labels({level}), std::invalid_argument) << level;
}

// ---- (g) summarize_term on a transformed scale ---------------------------------------

// -50..49 spread over 4 chains of 25 in a scrambled order.
std::vector<double> integers_minus50_to_49() {
  std::vector<double> x;
  for (int i = 0; i < 100; ++i) x.push_back(((i * 37) % 100) - 50);  // 37 is coprime to 100
  return x;
}

TEST(SummarizeTerm, NonMonotoneTransformMatchesR) {
  // R: y <- (-50:49)^2
  //    median(y); mean(y); sd(y)                       625  833.5  749.4853789990392
  //    quantile(y, c(0.05, 0.95, 0.025, 0.975))        8.75  2213.7499999999995
  //                                                    2.4250000000000003  2354.9249999999993
  //    mean(y < 100); mean(y < 0); mean(y < 2500.5)    0.19  0  1
  const std::vector<double> x = integers_minus50_to_49();
  const TermSummary s = summarize_term(ChainDraws{x.data(), 4, 25}, [](double v) { return v * v; },
                                       {0.90, 0.95}, {100, 0, 2500.5});
  EXPECT_EQ(s.median, 625);
  EXPECT_DOUBLE_EQ(s.mean, 833.5);
  EXPECT_DOUBLE_EQ(s.sd, 749.4853789990392);
  ASSERT_EQ(s.interval_bounds.size(), 4u);
  EXPECT_DOUBLE_EQ(s.interval_bounds[0], 8.75);
  EXPECT_DOUBLE_EQ(s.interval_bounds[1], 2213.7499999999995);
  EXPECT_DOUBLE_EQ(s.interval_bounds[2], 2.4250000000000003);
  EXPECT_DOUBLE_EQ(s.interval_bounds[3], 2354.9249999999993);
  // Strictly below: 100 itself (x = +-10) is not counted, so 19 of 100, not 21.
  EXPECT_EQ(s.p_below, (std::vector<double>{0.19, 0.0, 1.0}));
}

// Independent type-7 quantile, 1-based as written in R's documentation.
double r_type7(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (v.size() - 1) * p + 1;
  const auto j = static_cast<std::size_t>(std::floor(h));
  if (j >= v.size()) return v.back();
  return v[j - 1] + (h - j) * (v[j] - v[j - 1]);
}

TEST(SummarizeTerm, HazardRatioScale) {
  // log HR draws, summarised as HR: bounds are quantiles of exp(draws); P(HR < 1)
  // is the fraction of negative log HR; the median of an odd count is one draw.
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal(-0.2, 0.15);
  const int chains = 3, n = 401;
  std::vector<double> x(chains * n), hr(chains * n);
  for (std::size_t i = 0; i < x.size(); ++i) hr[i] = std::exp(x[i] = normal(rng));
  const auto exp_transform = [](double v) { return std::exp(v); };
  const TermSummary s = summarize_term(ChainDraws{x.data(), chains, n}, exp_transform, {0.9}, {1.0, 0.8});

  std::vector<double> sorted_x = x;
  std::sort(sorted_x.begin(), sorted_x.end());
  EXPECT_EQ(s.median, std::exp(sorted_x[x.size() / 2]));
  EXPECT_NEAR(s.interval_bounds[0], r_type7(hr, 0.05), 1e-12);
  EXPECT_NEAR(s.interval_bounds[1], r_type7(hr, 0.95), 1e-12);
  const double negative = std::count_if(x.begin(), x.end(), [](double v) { return v < 0; });
  const double below_08 = std::count_if(hr.begin(), hr.end(), [](double v) { return v < 0.8; });
  EXPECT_EQ(s.p_below[0], negative / x.size());
  EXPECT_EQ(s.p_below[1], below_08 / x.size());
  double mean = 0;
  for (double v : hr) mean += v / hr.size();
  EXPECT_NEAR(s.mean, mean, 1e-12);
}

TEST(SummarizeTerm, DecreasingTransformReversesTheOrder) {
  // -x: Q_{-x}(p) = -Q_x(1 - p), P(-x < t) = P(x > -t).
  const std::vector<double> x = integers_minus50_to_49();
  const TermSummary s = summarize_term(ChainDraws{x.data(), 4, 25}, [](double v) { return -v; }, {0.9}, {-40.0});
  EXPECT_NEAR(s.interval_bounds[0], -r_type7(x, 0.95), 1e-12);
  EXPECT_NEAR(s.interval_bounds[1], -r_type7(x, 0.05), 1e-12);
  EXPECT_EQ(s.median, -r_type7(x, 0.5));
  EXPECT_EQ(s.p_below[0], 0.09);  // x in 41..49
}

TEST(SummarizeTerm, DiagnosticsUseTheUntransformedDraws) {
  std::mt19937_64 rng(2);
  std::normal_distribution<double> normal;
  std::vector<double> x(4 * 300);
  for (double& v : x) v = normal(rng);
  const ChainDraws draws{x.data(), 4, 300};
  const TermSummary s = summarize_term(draws, [](double v) { return std::exp(3 * v); }, {0.95}, {});
  EXPECT_EQ(s.rhat, split_rhat(draws));
  EXPECT_EQ(s.ess_bulk, ess_bulk(draws));
  EXPECT_EQ(s.ess_tail, ess_tail(draws));
  EXPECT_TRUE(s.p_below.empty());
}

TEST(SummarizeTerm, NaNTransformGivesNaNSummariesButKeepsDiagnostics) {
  const std::vector<double> x = integers_minus50_to_49();
  const TermSummary s = summarize_term(ChainDraws{x.data(), 4, 25}, [](double v) { return std::log(v); },
                                       {0.9}, {1.0});
  EXPECT_TRUE(std::isnan(s.median));
  EXPECT_TRUE(std::isnan(s.mean));
  EXPECT_TRUE(std::isnan(s.interval_bounds[1]));
  EXPECT_TRUE(std::isnan(s.p_below[0]));
  EXPECT_FALSE(std::isnan(s.rhat));
}

TEST(SummarizeTerm, ConstantAndEmptyDraws) {
  const std::vector<double> same(2 * 50, 0.3);
  const TermSummary c = summarize_term(ChainDraws{same.data(), 2, 50}, identity, {0.9}, {0.3, 0.31});
  EXPECT_EQ(c.median, 0.3);
  EXPECT_EQ(c.sd, 0.0);
  EXPECT_EQ(c.interval_bounds, (std::vector<double>{0.3, 0.3}));
  EXPECT_EQ(c.p_below, (std::vector<double>{0.0, 1.0}));
  EXPECT_TRUE(std::isnan(c.rhat));  // posterior: NA for constant draws
  EXPECT_TRUE(std::isnan(c.ess_bulk));

  const TermSummary e = summarize_term(ChainDraws{nullptr, 0, 0}, identity, {0.9}, {1.0});
  EXPECT_TRUE(std::isnan(e.median));
  EXPECT_EQ(e.interval_bounds.size(), 2u);
  EXPECT_TRUE(std::isnan(e.p_below[0]));
}

TEST(SummarizeTerm, SameResultsFromConcurrentThreadsAndAlternatingSizes) {
  // Each thread keeps scratch buffers and a table of rank scores for one size;
  // alternating sizes and running threads side by side must not change results.
  std::vector<std::vector<double>> data;
  for (int n : {101, 200, 333, 1000}) {
    std::mt19937_64 rng(n);
    std::normal_distribution<double> normal;
    std::vector<double> x(4 * n);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = normal(rng) + (i % n) * 1e-3;
    data.push_back(std::move(x));
  }
  auto summarize = [](const std::vector<double>& x) {
    return summarize_term(ChainDraws{x.data(), 4, static_cast<int>(x.size() / 4)}, identity, {0.9}, {0.0});
  };
  std::vector<TermSummary> expected;
  for (const auto& x : data) expected.push_back(summarize(x));
  std::vector<int> mismatches(data.size(), 0);
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < data.size(); ++k)
    threads.emplace_back([&, k] {
      for (int rep = 0; rep < 10; ++rep)
        for (std::size_t j : {k, (k + 1) % data.size()}) {
          const TermSummary s = summarize(data[j]);
          mismatches[k] += s.rhat != expected[j].rhat || s.ess_bulk != expected[j].ess_bulk ||
                           s.ess_tail != expected[j].ess_tail || s.median != expected[j].median;
        }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches, std::vector<int>(data.size(), 0));
}

TEST(SummarizeTerm, RejectsBadLevels) {
  const std::vector<double> x = integers_minus50_to_49();
  EXPECT_THROW(summarize_term(ChainDraws{x.data(), 4, 25}, identity, {0.95, 1.0}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace ps

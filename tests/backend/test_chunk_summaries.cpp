// The summary rows a backend delivers with each chunk (SweepChunk::summaries,
// models/chain_summary.hpp): on the host they are summarize_term's values on
// the ratio scale, computed from exactly the draws the chunk holds, whether
// or not the draws come back too. The GPU's rows are compared with these in
// tests/backend/test_gpu_backend.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/chunk_summaries.hpp"
#include "host/design/cox_design.hpp"
#include "host/summary/summary.hpp"
#include "support/simulated_trial.hpp"

namespace ps {
namespace {

using test_support::coefficient_draws;
using test_support::hazard_ratio_request;
using test_support::laplace_job;
using test_support::run_all;

// Equal as bits: NaN equals NaN, 0.0 differs from -0.0.
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_row_is_summary(const double* row, const TermSummary& s, const SummaryRequest& request) {
  using namespace chain_summary;
  EXPECT_TRUE(same_bits(row[kMedian], s.median)) << row[kMedian] << " vs " << s.median;
  EXPECT_TRUE(same_bits(row[kMean], s.mean)) << row[kMean] << " vs " << s.mean;
  EXPECT_TRUE(same_bits(row[kSd], s.sd)) << row[kSd] << " vs " << s.sd;
  EXPECT_TRUE(same_bits(row[kRhat], s.rhat)) << row[kRhat] << " vs " << s.rhat;
  EXPECT_TRUE(same_bits(row[kEssBulk], s.ess_bulk)) << row[kEssBulk] << " vs " << s.ess_bulk;
  EXPECT_TRUE(same_bits(row[kEssTail], s.ess_tail)) << row[kEssTail] << " vs " << s.ess_tail;
  const size_t n_prob = request.probabilities.size();
  ASSERT_EQ(s.interval_bounds.size(), n_prob);
  for (size_t j = 0; j < n_prob; ++j) EXPECT_TRUE(same_bits(row[kFixedColumns + j], s.interval_bounds[j])) << j;
  ASSERT_EQ(s.p_below.size(), request.thresholds.size());
  for (size_t j = 0; j < request.thresholds.size(); ++j)
    EXPECT_TRUE(same_bits(row[kFixedColumns + n_prob + j], s.p_below[j])) << j;
}

// Metropolis-like chains: an AR(1) walk whose proposals are rejected (the
// value repeats) a third of the time, so tie groups of every size occur.
std::vector<double> sticky_chains(uint64_t seed, int chains, int n, double offset) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  std::vector<double> x(static_cast<size_t>(chains) * n);
  for (int c = 0; c < chains; ++c) {
    double v = offset;
    for (int t = 0; t < n; ++t) {
      if (uniform(rng) > 1.0 / 3.0) v = offset + 0.7 * (v - offset) + 0.3 * normal(rng);
      x[static_cast<size_t>(c) * n + t] = v;
    }
  }
  return x;
}

TEST(SummarizeRatioTerm, RowIsSummarizeTermOnTheExpScale) {
  const SummaryRequest request = hazard_ratio_request(true);
  for (int n : {6, 101, 1000}) {
    SCOPED_TRACE(n);
    const std::vector<double> x = sticky_chains(7 + n, 4, n, -0.1);
    std::vector<double> row(static_cast<size_t>(request.row_width()));
    summarize_ratio_term(ChainDraws{x.data(), 4, n}, request.view(), row.data());
    const TermSummary s = summarize_term(ChainDraws{x.data(), 4, n}, [](double v) { return std::exp(v); },
                                         {0.90, 0.95}, request.thresholds);
    expect_row_is_summary(row.data(), s, request);
  }
}

TEST(SummarizeRatioTerm, DegenerateChainsGiveNaNDiagnostics) {
  const SummaryRequest request = hazard_ratio_request(true);
  std::vector<double> row(static_cast<size_t>(request.row_width()));
  const std::vector<double> constant(4 * 50, 0.25);
  summarize_ratio_term(ChainDraws{constant.data(), 4, 50}, request.view(), row.data());
  EXPECT_TRUE(std::isnan(row[chain_summary::kRhat]));
  EXPECT_TRUE(std::isnan(row[chain_summary::kEssBulk]));
  EXPECT_DOUBLE_EQ(row[chain_summary::kMedian], std::exp(0.25));
  EXPECT_EQ(row[chain_summary::kFixedColumns + 4], 0.0);  // P(HR < 1) with HR = e^0.25 everywhere
  std::vector<double> with_nan = sticky_chains(3, 4, 50, 0.0);
  with_nan[77] = NAN;
  summarize_ratio_term(ChainDraws{with_nan.data(), 4, 50}, request.view(), row.data());
  for (int j = 0; j < request.row_width(); ++j) EXPECT_TRUE(std::isnan(row[j])) << j;
}

class CpuChunkSummaries : public ::testing::Test {
 protected:
  SweepJob job(bool keep_draws) const {
    const std::vector<ScalarPrior> priors = {{PriorFamily::normal, 0.0, 0.3, 1.0},
                                             {PriorFamily::normal, -0.5, 1.0, 1.0},
                                             {PriorFamily::student_t, 3.0, 0.0, 0.5}};
    SweepJob j = laplace_job(design_.view(), priors, 4, 300, 401, 11);
    j.summary = hazard_ratio_request(keep_draws);
    return j;
  }
  const CoxDesign design_ = build_cox_design(test_support::random_cox_input(60, 5));
};

TEST_F(CpuChunkSummaries, RowsAreTheSummariesOfTheDeliveredDraws) {
  const SweepJob j = job(true);
  const SweepChunk all = run_all(*make_cpu_backend(2), j);
  const int w = saved_width(j.plan, j.dim());
  ASSERT_EQ(all.summaries.size(), j.n_priors() * w * static_cast<size_t>(j.summary.row_width()));
  for (size_t p = 0; p < j.n_priors(); ++p)
    for (int k = 0; k < w; ++k) {
      SCOPED_TRACE(testing::Message() << "prior " << p << ", coefficient " << k);
      const std::vector<double> x = coefficient_draws(all, j, p, k);
      const TermSummary s = summarize_term(ChainDraws{x.data(), j.chains, saved_draws(j.plan)},
                                           [](double v) { return std::exp(v); }, {0.90, 0.95}, j.summary.thresholds);
      expect_row_is_summary(&all.summaries[(p * w + k) * j.summary.row_width()], s, j.summary);
    }
}

TEST_F(CpuChunkSummaries, DrawsStayBehindUnlessAskedForAndRowsDoNotChange) {
  const SweepChunk with = run_all(*make_cpu_backend(2), job(true));
  const SweepChunk without = run_all(*make_cpu_backend(1), job(false));
  EXPECT_FALSE(with.draws.empty());
  EXPECT_TRUE(without.draws.empty());
  ASSERT_EQ(with.summaries.size(), without.summaries.size());
  EXPECT_EQ(std::memcmp(with.summaries.data(), without.summaries.data(), with.summaries.size() * sizeof(double)), 0);
}

}  // namespace
}  // namespace ps

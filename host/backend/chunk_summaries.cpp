#include "host/backend/chunk_summaries.hpp"

#include <chrono>
#include <vector>

#include "host/parallel_for.hpp"
#include "host/summary/summary.hpp"

namespace ps {

void gather_coefficient(const SweepChunk& chunk, size_t local, const SweepJob& job, int k, double* column) {
  const int w = saved_width(job.plan, job.dim());
  const int n = saved_draws(job.plan);
  const long long per_chain = saved_values_per_chain(job.plan, job.dim());
  for (int c = 0; c < job.chains; ++c)
    for (int t = 0; t < n; ++t)
      column[static_cast<size_t>(c) * n + t] = chunk.draws[saved_draw_index(local, c, t, k, job.chains, per_chain, w)];
}

void summarize_chunk_on_host(const SweepJob& job, SweepChunk& chunk, int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  const int w = saved_width(job.plan, job.dim());
  const int n = saved_draws(job.plan);
  const size_t row = static_cast<size_t>(job.summary.row_width());
  const chain_summary::SummaryRequestView request = job.summary.view();
  chunk.summaries.assign(chunk.count * w * row, 0.0);
  parallel_for(chunk.count * w, threads, [&](size_t segment) {
    thread_local std::vector<double> column;
    column.resize(static_cast<size_t>(job.chains) * n);
    gather_coefficient(chunk, segment / w, job, static_cast<int>(segment % w), column.data());
    summarize_ratio_term(ChainDraws{column.data(), job.chains, n}, request, &chunk.summaries[segment * row]);
  });
  chunk.summarize_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace ps

// Posterior summaries of a sweep's draws (models/chain_summary.hpp): what
// the CPU backend does on its threads against what the CUDA backend does on
// the device, for terms shaped like S1's quality-target run (4 chains x 4,000
// kept draws per prior). items_per_second = terms (prior x coefficient)
// summarised per second; draws_per_second counts their draws. The device
// figure excludes the copy of the draws to it (they are already there in a
// sweep) and includes the copy of the rows back. The peer is the host run of
// the same program on every CPU thread.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/gpu_backend.hpp"
#include "host/parallel_for.hpp"
#include "host/summary/summary.hpp"
#include "models/philox.hpp"

namespace ps::bench {
namespace {

constexpr int kChains = 4;
constexpr int kDraws = 4000;

// Chains of a Metropolis sampler on a log hazard ratio: an AR(1) walk whose
// proposals are rejected (the value repeats) a fifth of the time.
std::vector<double> sampler_like_draws(size_t terms) {
  const size_t per = static_cast<size_t>(kChains) * kDraws;
  std::vector<double> draws(terms * per);
  parallel_for(terms, 0, [&](size_t s) {
    Philox4x32 rng(2024, s);
    for (int c = 0; c < kChains; ++c) {
      double v = -0.05;
      for (int t = 0; t < kDraws; ++t) {
        if (rng.uniform() > 0.2) v = -0.05 + 0.3 * (v + 0.05) + 0.2 * rng.normal();
        draws[s * per + static_cast<size_t>(c) * kDraws + t] = v;
      }
    }
  });
  return draws;
}

SummaryRequest s1_request() {
  SummaryRequest r;
  r.probabilities = interval_bound_probabilities({0.90, 0.95});
  r.thresholds = {1.0, 0.95, 0.85, 0.8, 1.0, 0.85};
  return r;
}

void count(benchmark::State& state, size_t terms) {
  const double done = static_cast<double>(state.iterations()) * static_cast<double>(terms);
  state.SetItemsProcessed(static_cast<int64_t>(done));
  state.counters["draws_per_second"] = benchmark::Counter(done * kChains * kDraws, benchmark::Counter::kIsRate);
}

void BM_host_summaries(benchmark::State& state) {
  const size_t terms = static_cast<size_t>(state.range(0));
  const std::vector<double> draws = sampler_like_draws(terms);
  const SummaryRequest request = s1_request();
  std::vector<double> rows(terms * static_cast<size_t>(request.row_width()));
  const int threads = resolve_threads(0);
  for (auto _ : state) {
    parallel_for(terms, threads, [&](size_t s) {
      summarize_ratio_term(ChainDraws{&draws[s * kChains * kDraws], kChains, kDraws}, request.view(),
                           &rows[s * request.row_width()]);
    });
    benchmark::DoNotOptimize(rows.data());
  }
  count(state, terms);
  state.SetLabel(std::to_string(threads) + " CPU threads");
}
BENCHMARK(BM_host_summaries)->ArgName("terms")->Arg(64)->Arg(4096)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_gpu_summaries(benchmark::State& state) {
  std::string why_not;
  if (!gpu_backend_available(&why_not)) {
    state.SkipWithError(("no GPU: " + why_not).c_str());
    return;
  }
#ifdef PRIORSWEEP_HAVE_CUDA
  const size_t terms = static_cast<size_t>(state.range(0));
  const std::vector<double> draws = sampler_like_draws(terms);
  const SummaryRequest request = s1_request();
  gpu::DeviceSummaryPlan plan = device_summary_plan(request, kChains, kDraws);
  // As the backend sizes its passes.
  plan.batch_segments = gpu_summary_batch_segments(gpu::device_info(0).free_bytes,
                                                   gpu::summary_device_bytes_per_segment(kChains, kDraws), terms);
  gpu::DeviceTermSummaries device(terms, kChains, kDraws, plan);
  device.set_draws(draws.data());
  std::vector<double> rows(terms * static_cast<size_t>(request.row_width()));
  device.summarize(rows.data());  // untimed: the first launch loads the kernels
  for (auto _ : state) {
    device.summarize(rows.data());
    benchmark::DoNotOptimize(rows.data());
  }
  count(state, terms);
  state.SetLabel(gpu::device_info(0).name);
#endif
}
BENCHMARK(BM_gpu_summaries)
    ->ArgName("terms")
    ->Arg(64)
    ->Arg(4096)
    ->Arg(16384)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ps::bench

BENCHMARK_MAIN();

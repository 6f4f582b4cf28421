// Whole-sweep throughput through the SweepBackend interface, CPU and GPU:
// items_per_second = chain steps (warmup + kept draws) per second, including
// the copies of the draws back to the host and the chunk callback, i.e. what
// a run of `priorsweep` pays. Counters: patient_evals (= chain steps x n) per
// second and, on the GPU, ceiling_fraction against the measured exp/log rate.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include "bench/bench_cox_data.hpp"
#include "bench/gpu_ceiling.hpp"
#include "host/backend/backend.hpp"

namespace ps::bench {
namespace {

constexpr int kChainsPerPrior = 64;

ChainPlan bench_plan(int dim) {
  ChainPlan plan;
  plan.warmup = 100;
  plan.draws = 100;
  plan.target_accept = default_target_accept(dim);
  return plan;
}

void run_sweep(benchmark::State& state, SweepBackend& backend, bool gpu) {
  const BenchCox& data = bench_cox(static_cast<int>(state.range(0)));
  const int total_chains = static_cast<int>(state.range(1));
  const int per_prior = std::min(kChainsPerPrior, total_chains);
  const SweepJob job = bench_sweep_job(data, total_chains / per_prior, per_prior, bench_plan(data.design.dim));
  const auto consume = [](const SweepChunk& chunk) { benchmark::DoNotOptimize(chunk.draws.data()); };
  // One tiny untimed run: the GPU loads its kernels lazily at the first launch.
  backend.run(bench_sweep_job(data, 1, 1, job.plan), consume);
  for (auto _ : state) backend.run(job, consume);

  const double steps =
      static_cast<double>(state.iterations()) * job.n_priors() * job.chains * (job.plan.warmup + job.plan.draws);
  const double patient_evaluations = steps * data.design.n;
  state.SetItemsProcessed(static_cast<int64_t>(steps));
  state.counters["patient_evals"] = benchmark::Counter(patient_evaluations, benchmark::Counter::kIsRate);
#ifdef PRIORSWEEP_HAVE_CUDA
  if (gpu) report_ceilings(state, patient_evaluations, data.event_fraction());
#endif
  state.counters["priors"] = static_cast<double>(job.n_priors());
  state.SetLabel(backend.device() + ", " + backend.layout(job));
}

void BM_cpu_sweep(benchmark::State& state) {
  const auto backend = make_cpu_backend(0);
  run_sweep(state, *backend, false);
}
// Small: a CPU reference point, not a CPU benchmark suite.
BENCHMARK(BM_cpu_sweep)
    ->ArgNames({"n", "chains"})
    ->Args({114, 4096})
    ->Args({10000, 64})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_gpu_sweep(benchmark::State& state) {
  std::string why_not;
  if (!gpu_backend_available(&why_not)) {
    state.SkipWithError(("no GPU: " + why_not).c_str());
    return;
  }
  const auto backend = make_gpu_backend();
  run_sweep(state, *backend, true);
}
BENCHMARK(BM_gpu_sweep)
    ->ArgNames({"n", "chains"})
    ->Apply([](benchmark::internal::Benchmark* b) {
      for (int n : {114, 10000})
        for (int chains = 4096; chains <= 1048576; chains *= 4) b->Args({n, chains});
    })
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ps::bench

BENCHMARK_MAIN();

// Throughput of the sweep kernel itself (kernels/sweep.cu) for each
// layout, in patient-evaluations per second and as a fraction of the
// special-function ceiling probed in the same run (bench/gpu_ceiling.hpp).
// The chains run warmup steps only and keep one draw; what is timed is one
// SweepRunner launch and the wait for its chains, not the summaries and
// copies that follow (SweepRunner::collect, outside the timed region).
//
// Grid: n in {114, 10,000, 100,000} x chains in {4,096; 65,536; 1,048,576}
// x lanes per chain (0 = the backend's automatic choice, reported in the
// label). Without a GPU every case reports "no GPU".
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "bench/bench_cox_data.hpp"
#include "bench/gpu_ceiling.hpp"
#include "host/backend/backend.hpp"

#ifdef PRIORSWEEP_HAVE_CUDA
#include "kernels/sweep.hpp"
#endif

namespace ps::bench {
namespace {

constexpr int kChainsPerPrior = 4;

void BM_gpu_sweep_kernel(benchmark::State& state) {
  std::string why_not;
  if (!gpu_backend_available(&why_not)) {
    state.SkipWithError(("no GPU: " + why_not).c_str());
    return;
  }
#ifdef PRIORSWEEP_HAVE_CUDA
  const BenchCox& data = bench_cox(static_cast<int>(state.range(0)));
  const int64_t chains = state.range(1);
  const int lanes = static_cast<int>(state.range(2));
  const int n = data.design.n;
  // About 2e11 patient evaluations per launch (~0.1-1 s at the rates we aim for).
  ChainPlan plan;
  plan.warmup = static_cast<int>(std::clamp<int64_t>(200000000000LL / (n * chains), 2, 2000));
  plan.draws = 1;
  plan.target_accept = default_target_accept(data.design.dim);
  const SweepJob job = bench_sweep_job(data, static_cast<int>(chains / kChainsPerPrior), kChainsPerPrior, plan);

  const gpu::DeviceInfo info = gpu::device_info(0);
  const gpu::SweepLayout layout =
      lanes > 0 ? gpu::SweepLayout{lanes} : gpu::choose_sweep_layout(n, chains, info.multiprocessors);
  const gpu::DeviceSweepModel device_model(job.model);
  gpu::DeviceSummaryPlan summary;  // one draw per chain: empty rows, NaN, at once
  summary.half_scores.assign(blom_half_rank_count(split_draw_count(kChainsPerPrior, plan.draws)), 0.0);
  summary.keep_draws = false;
  gpu::SweepRunner runner(device_model.model(), plan, job.chains, job.seed, job.n_priors(), layout, summary);
  const gpu::SweepChunkInput input{job.priors.data(), job.global_ids.data(), job.modes.data(), job.cholesky.data(),
                                   job.n_priors()};
  std::vector<double> rows(job.n_priors() * saved_width(plan, job.dim()) * chain_summary::kFixedColumns);
  std::vector<ChainStats> stats(static_cast<size_t>(chains));
  runner.launch(input);  // untimed: loads the module
  runner.collect(rows.data(), stats.data(), nullptr);
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    runner.launch(input);
    runner.synchronize();
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    runner.collect(rows.data(), stats.data(), nullptr);
  }
  const double steps = static_cast<double>(state.iterations()) * chains * (plan.warmup + plan.draws);
  const double patient_evaluations = steps * n;
  state.SetItemsProcessed(static_cast<int64_t>(steps));
  state.counters["patient_evals"] = benchmark::Counter(patient_evaluations, benchmark::Counter::kIsRate);
  report_ceilings(state, patient_evaluations, data.event_fraction());
  state.SetLabel(layout.name());
#endif
}
BENCHMARK(BM_gpu_sweep_kernel)
    ->ArgNames({"n", "chains", "lanes"})
    ->Apply([](benchmark::internal::Benchmark* b) {
      for (int n : {114, 10000, 100000})
        for (int chains : {4096, 65536, 1048576})
          for (int lanes : {0, 1, 4, 16, 32, 256}) {
            if (lanes > 1 && static_cast<int64_t>(chains) * lanes > (int64_t{1} << 24)) continue;  // pointless
            b->Args({n, chains, lanes});
          }
    })
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ps::bench

BENCHMARK_MAIN();

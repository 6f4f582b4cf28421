// Patient-evaluations per second of the Cox log posterior
// (CoxPosterior::log_density): single-threaded on the CPU, and the CUDA batch
// kernel (in a given layout: lanes per vector) when a GPU is present.
// items_per_second = patient evaluations per second; on the GPU, fractions of
// the special-function ceiling probed in the same run (bench/gpu_ceiling.hpp).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/bench_cox_data.hpp"
#include "bench/gpu_ceiling.hpp"
#include "host/backend/backend.hpp"

#ifdef PRIORSWEEP_HAVE_CUDA
#include "kernels/sweep.hpp"
#endif

namespace ps::bench {
namespace {

// Parameter vectors scattered around the shared mode, like a chain's proposals.
std::vector<double> bench_thetas(const BenchCox& data, size_t count) {
  BenchRng rng(7);
  const int d = data.design.dim;
  std::vector<double> thetas(count * d);
  for (size_t i = 0; i < count; ++i)
    for (int k = 0; k < d; ++k) thetas[i * d + k] = data.base.mode[k] + 0.05 * rng.normal();
  return thetas;
}

void BM_cpu_log_density(benchmark::State& state) {
  const BenchCox& data = bench_cox(static_cast<int>(state.range(0)));
  const CoxPosterior model = data.posterior(ScalarPrior{PriorFamily::normal, 0.0, 1.0, 1.0});
  constexpr size_t kVectors = 64;
  const std::vector<double> thetas = bench_thetas(data, kVectors);
  for (auto _ : state) {
    double acc = 0.0;
    for (size_t i = 0; i < kVectors; ++i) acc += model.log_density(&thetas[i * data.design.dim]);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kVectors * data.design.n));
  state.counters["n"] = data.design.n;
}
BENCHMARK(BM_cpu_log_density)->ArgName("n")->Arg(114)->Arg(10000);

void BM_gpu_log_density_batch(benchmark::State& state) {
  std::string why_not;
  if (!gpu_backend_available(&why_not)) {
    state.SkipWithError(("no GPU: " + why_not).c_str());
    return;
  }
#ifdef PRIORSWEEP_HAVE_CUDA
  const BenchCox& data = bench_cox(static_cast<int>(state.range(0)));
  const size_t count = static_cast<size_t>(state.range(1));
  const CoxPosterior host_model = data.posterior(ScalarPrior{PriorFamily::normal, 0.0, 1.0, 1.0});
  const gpu::DeviceSweepModel device_model(host_model);
  const gpu::SweepLayout layout{static_cast<int>(state.range(2))};
  gpu::LogDensityBatch batch(device_model.model(), count, layout);
  const std::vector<double> thetas = bench_thetas(data, count);
  batch.set_thetas(thetas.data(), count);
  batch.evaluate();  // first launch loads the module; keep it out of the timing
  for (auto _ : state) batch.evaluate();
  const double patient_evaluations = static_cast<double>(state.iterations()) * count * data.design.n;
  state.SetItemsProcessed(static_cast<int64_t>(patient_evaluations));
  report_ceilings(state, patient_evaluations, data.event_fraction());
  state.counters["n"] = data.design.n;
  state.counters["vectors"] = static_cast<double>(count);
  state.SetLabel(gpu::device_info(0).name + ", " + layout.name());
#endif
}
BENCHMARK(BM_gpu_log_density_batch)
    ->ArgNames({"n", "vectors", "lanes"})
    ->Args({114, 1 << 20, 1})
    ->Args({10000, 1 << 16, 1})
    ->Args({10000, 1 << 18, 1})
    ->Args({10000, 1 << 12, 32})
    ->Args({100000, 1 << 12, 32})
    ->Args({100000, 1 << 8, 256})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ps::bench

BENCHMARK_MAIN();

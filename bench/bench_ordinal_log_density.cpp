// Score-evaluations per second of the two ordinal log posteriors on the
// example trial (examples/corimuno/trial.csv: 114 patients, age, 16 centres):
// the single-day model on day 7, and the longitudinal model on days 2, 4, 7,
// 10, 14 with the random intercept integrated by 1 (Laplace), 5 and 10-node
// adaptive quadrature. Single-threaded CPU, and the CUDA batch kernel when a
// GPU is present (lanes per vector as the third argument). items_per_second
// counts scores (a longitudinal evaluation touches each score once per
// Newton step and once per quadrature node, so its cost per item is higher).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/data/csv.hpp"
#include "host/data/longitudinal_input.hpp"
#include "host/design/ordinal_design.hpp"
#include "host/design/ordinal_longitudinal_design.hpp"
#include "bench/bench_cox_data.hpp"  // BenchRng

#ifdef PRIORSWEEP_HAVE_CUDA
#include "kernels/sweep.hpp"
#endif

namespace ps::bench {
namespace {

const CsvTable& example_table() {
  static const CsvTable table = read_csv(std::string(PRIORSWEEP_SOURCE_DIR) + "/examples/corimuno/trial.csv");
  return table;
}

const std::vector<long long> kWho = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

const OrdinalDesign& day7_design() {
  static const OrdinalDesign d = [] {
    const OrdinalColumns cols{"who_d7", kWho, "treatment", {"age"}, {"centre"}};
    return build_ordinal_design(extract_ordinal_input(example_table(), cols, MissingPolicy::drop).input,
                                OrdinalLink::logit);
  }();
  return d;
}

OrdinalLongitudinalDesign longitudinal_design(int nodes) {
  LongitudinalColumns c;
  c.outcomes = {"who_d2", "who_d4", "who_d7", "who_d10", "who_d14"};
  c.day_labels = {"2", "4", "7", "10", "14"};
  c.levels = kWho;
  c.treatment = "treatment";
  c.covariates = {"age"};
  c.factors = {"centre"};
  c.absorbing = 10;
  const ExtractedLongitudinal e = extract_longitudinal_input(example_table(), c, MissingPolicy::drop);
  return build_ordinal_longitudinal_design(e.observations, e.first_observation, OrdinalLink::logit, nodes);
}

// Parameter vectors near a plausible posterior: coefficients small, log sd
// 0.7, cutpoints spread over the scale.
std::vector<double> thetas_for(int dim, int cutpoint_offset, int cuts, int log_sd, size_t count) {
  BenchRng rng(11);
  std::vector<double> thetas(count * dim);
  for (size_t i = 0; i < count; ++i) {
    double* t = &thetas[i * dim];
    for (int k = 0; k < dim; ++k) t[k] = 0.05 * rng.normal();
    if (log_sd >= 0) t[log_sd] = 0.7 + 0.05 * rng.normal();
    for (int k = 0; k < cuts; ++k) t[cutpoint_offset + k] = k == 0 ? -6.0 : 0.1 * rng.normal();
  }
  return thetas;
}

template <class Posterior>
void time_cpu(benchmark::State& state, const Posterior& model, const std::vector<double>& thetas, int dim,
              double scores) {
  const size_t vectors = thetas.size() / dim;
  for (auto _ : state) {
    double acc = 0.0;
    for (size_t i = 0; i < vectors; ++i) acc += model.log_density(&thetas[i * dim]);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * vectors * scores));
  state.counters["scores"] = scores;
}

void BM_cpu_ordinal_day7(benchmark::State& state) {
  const OrdinalDesign& d = day7_design();
  const OrdinalPosterior model{d.view(), ScalarPrior{}, ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0};
  time_cpu(state, model, thetas_for(d.dim, d.n_coefficients, d.n_categories - 1, -1, 64), d.dim, d.n);
}
BENCHMARK(BM_cpu_ordinal_day7);

void BM_cpu_ordinal_longitudinal(benchmark::State& state) {
  const OrdinalLongitudinalDesign d = longitudinal_design(static_cast<int>(state.range(0)));
  const OrdinalLongitudinalView v = d.view();
  const OrdinalLongitudinalPosterior model{v, ScalarPrior{}, ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0};
  time_cpu(state, model, thetas_for(d.dim, v.cutpoint_offset(), v.n_categories - 1, v.log_sd_index(), 16), d.dim,
           d.rows.n);
}
BENCHMARK(BM_cpu_ordinal_longitudinal)->ArgName("nodes")->Arg(1)->Arg(5)->Arg(10);

void BM_gpu_ordinal_longitudinal_batch(benchmark::State& state) {
  std::string why_not;
  if (!gpu_backend_available(&why_not)) {
    state.SkipWithError(("no GPU: " + why_not).c_str());
    return;
  }
#ifdef PRIORSWEEP_HAVE_CUDA
  const OrdinalLongitudinalDesign d = longitudinal_design(static_cast<int>(state.range(0)));
  const OrdinalLongitudinalView v = d.view();
  const size_t count = static_cast<size_t>(state.range(1));
  const OrdinalLongitudinalPosterior host_model{v, ScalarPrior{}, ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0},
                                                1.0};
  const gpu::DeviceSweepModel device_model(host_model);
  const gpu::SweepLayout layout{static_cast<int>(state.range(2))};
  gpu::LogDensityBatch batch(device_model.model(), count, layout);
  const std::vector<double> thetas = thetas_for(d.dim, v.cutpoint_offset(), v.n_categories - 1, v.log_sd_index(), count);
  batch.set_thetas(thetas.data(), count);
  batch.evaluate();  // first launch loads the module; keep it out of the timing
  for (auto _ : state) batch.evaluate();
  state.SetItemsProcessed(static_cast<int64_t>(static_cast<double>(state.iterations()) * count * d.rows.n));
  state.counters["scores"] = d.rows.n;
  state.SetLabel(gpu::device_info(0).name + ", " + layout.name());
#endif
}
BENCHMARK(BM_gpu_ordinal_longitudinal_batch)
    ->ArgNames({"nodes", "vectors", "lanes"})
    ->Args({5, 1 << 16, 1})
    ->Args({10, 1 << 16, 1})
    ->Args({10, 1 << 14, 8})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ps::bench

BENCHMARK_MAIN();

// The Bayesian random-effects meta-analysis on the 13 BCG trials
// (examples/meta/bcg.csv):
//   - study-evaluations per second of the binomial-normal log posterior
//     (each study's effect integrated by 10- or 20-node adaptive quadrature),
//     one CPU thread, and the CUDA batch kernel when a GPU is present;
//   - the whole sweep of a grid of (effect x tau) priors, 4 chains x 25,000
//     draws each, on the CPU backend and, where present, the GPU backend:
//     priors per second and chain-steps per second, next to the exact
//     normal-normal sweep of the same grid (no chains: the cost of the
//     approximation it makes instead).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/bench_cox_data.hpp"  // BenchRng
#include "host/backend/backend.hpp"
#include "host/data/csv.hpp"
#include "host/data/study_tables.hpp"
#include "host/meta/binomial_normal_design.hpp"
#include "host/pipeline/analysis.hpp"

#ifdef PRIORSWEEP_HAVE_CUDA
#include "kernels/sweep.hpp"
#endif

namespace ps::bench {
namespace {

const CsvTable& bcg_table() {
  static const CsvTable table = read_csv(std::string(PRIORSWEEP_SOURCE_DIR) + "/examples/meta/bcg.csv");
  return table;
}

const std::vector<StudyTable>& bcg() {
  static const std::vector<StudyTable> studies =
      extract_study_tables(bcg_table(), AnalysisConfig::MetaColumns{}, MissingPolicy::error).studies;
  return studies;
}

// theta = [mu, log tau, alpha_1 .. alpha_k] near the posterior.
std::vector<double> thetas_for(const BinomialNormalDesign& d, size_t count) {
  BenchRng rng(5);
  const int dim = 2 + d.n_studies();
  std::vector<double> thetas(count * dim);
  for (size_t i = 0; i < count; ++i) {
    double* t = &thetas[i * dim];
    t[0] = -0.7 + 0.2 * rng.normal();
    t[1] = std::log(0.55) + 0.2 * rng.normal();
    for (int s = 0; s < d.n_studies(); ++s) {
      const double p = (d.events_control[s] + 0.5) / (d.total_control[s] + 1.0);
      t[2 + s] = std::log(p / (1 - p)) + 0.1 * rng.normal();
    }
  }
  return thetas;
}

MetaBinomialNormalPosterior posterior_of(const BinomialNormalDesign& d) {
  MetaBinomialNormalPosterior m{d.view(), {}, {}, ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}};
  m.set_swept_prior(SweptPrior{ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0}, ScalarPrior{PriorFamily::normal, 0.0, 0.5, 0.0}});
  return m;
}

void BM_cpu_meta_binomial_normal_log_density(benchmark::State& state) {
  const BinomialNormalDesign d = build_binomial_normal_design(bcg(), static_cast<int>(state.range(0)));
  const MetaBinomialNormalPosterior model = posterior_of(d);
  const std::vector<double> thetas = thetas_for(d, 64);
  const int dim = model.dim();
  for (auto _ : state) {
    double acc = 0.0;
    for (size_t i = 0; i < 64; ++i) acc += model.log_density(&thetas[i * dim]);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 64 * d.n_studies()));
  state.counters["studies"] = d.n_studies();
}
BENCHMARK(BM_cpu_meta_binomial_normal_log_density)->ArgName("nodes")->Arg(10)->Arg(20);

void BM_gpu_meta_binomial_normal_batch(benchmark::State& state) {
  std::string why_not;
  if (!gpu_backend_available(&why_not)) {
    state.SkipWithError(("no GPU: " + why_not).c_str());
    return;
  }
#ifdef PRIORSWEEP_HAVE_CUDA
  const BinomialNormalDesign d = build_binomial_normal_design(bcg(), static_cast<int>(state.range(0)));
  const size_t count = static_cast<size_t>(state.range(1));
  const gpu::DeviceSweepModel device_model(posterior_of(d));
  const gpu::SweepLayout layout{static_cast<int>(state.range(2))};
  gpu::LogDensityBatch batch(device_model.model(), count, layout);
  const std::vector<double> thetas = thetas_for(d, count);
  batch.set_thetas(thetas.data(), count);
  batch.evaluate();  // the first launch loads the module
  for (auto _ : state) batch.evaluate();
  state.SetItemsProcessed(static_cast<int64_t>(static_cast<double>(state.iterations()) * count * d.n_studies()));
  state.SetLabel(gpu::device_info(0).name + ", " + layout.name());
#endif
}
BENCHMARK(BM_gpu_meta_binomial_normal_batch)
    ->ArgNames({"nodes", "vectors", "lanes"})
    ->Args({20, 1 << 16, 1})
    ->Args({20, 1 << 14, 4})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A grid of `effect_priors` normal effect priors x 2 tau priors.
AnalysisConfig sweep_config(int effect_priors, const std::string& model) {
  AnalysisConfig c;
  c.name = "bcg";
  c.model = "meta_binary";
  c.meta_model = model;
  std::vector<double> sd;
  for (int i = 0; i < effect_priors; ++i) sd.push_back(0.25 + 0.25 * i);
  c.prior_blocks = {PriorBlock{"normal", {{"mean", {0.0}}, {"sd", sd}}}};
  c.tau_prior_blocks = {PriorBlock{"half_normal", {{"scale", {0.5}}}}, PriorBlock{"half_cauchy", {{"scale", {0.5}}}}};
  c.quadrature_nodes = 20;
  c.thresholds = {1.0};
  c.threshold_labels = {"1"};
  return c;
}

// The whole analysis (frequentist pooling, plots and the sweep), as a run
// does it.
void time_sweep(benchmark::State& state, SweepBackend& backend, const std::string& model) {
  const AnalysisConfig config = sweep_config(static_cast<int>(state.range(0)), model);
  const auto prepared = prepare_analysis(config, &bcg_table(), MissingPolicy::error);
  SamplingSettings settings;
  settings.chains = 4;
  settings.warmup = 2000;
  settings.draws = 25000;
  settings.levels = {0.95};
  double steps = 0.0;
  for (auto _ : state) {
    Progress quiet(true);
    steps += prepared->run(settings, backend, quiet).chain_steps;
  }
  const double priors = 2.0 * state.range(0) * state.iterations();
  state.counters["priors_per_s"] = benchmark::Counter(priors, benchmark::Counter::kIsRate);
  if (steps > 0) state.counters["chain_steps_per_s"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  state.SetLabel(model == "normal_normal" ? "exact" : backend.name() + ": " + backend.device());
}

void BM_meta_normal_normal_exact_sweep(benchmark::State& state) {
  const auto backend = make_cpu_backend(0);
  time_sweep(state, *backend, "normal_normal");
}
BENCHMARK(BM_meta_normal_normal_exact_sweep)->ArgName("effect_priors")->Arg(4)->UseRealTime()->Unit(benchmark::kSecond);

void BM_meta_binomial_normal_sweep_cpu(benchmark::State& state) {
  const auto backend = make_cpu_backend(0);
  time_sweep(state, *backend, "binomial_normal");
}
BENCHMARK(BM_meta_binomial_normal_sweep_cpu)->ArgName("effect_priors")->Arg(4)->UseRealTime()->Unit(benchmark::kSecond);

void BM_meta_binomial_normal_sweep_gpu(benchmark::State& state) {
  std::string why_not;
  if (!gpu_backend_available(&why_not)) {
    state.SkipWithError(("no GPU: " + why_not).c_str());
    return;
  }
  const auto backend = make_gpu_backend();
  time_sweep(state, *backend, "binomial_normal");
}
BENCHMARK(BM_meta_binomial_normal_sweep_gpu)
    ->ArgName("effect_priors")
    ->Arg(4)
    ->Arg(512)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace ps::bench

BENCHMARK_MAIN();

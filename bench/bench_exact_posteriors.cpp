// Throughput of the exact posteriors (no chains) and of the Monte Carlo a
// user would otherwise write, in the same run:
//  - BM_BetaContrastQuantile: one quantile of the ARD of Beta(22, 39) vs
//    Beta(22, 35) (the paper's coprimary posterior) by quadrature + root
//    finding;
//  - BM_BetaBinomialSweep: the whole beta_binomial analysis over a grid of
//    priors (per prior: ARD, RR, OR and both arms' risks; median, two
//    intervals, thresholds, decision), one thread -- priors/s;
//  - BM_MonteCarloPeer: the same ARD summaries from 100,000 Beta draws per
//    prior (std::gamma_distribution, sort, quantiles), one thread, with the
//    Monte Carlo error of its 5% quantile reported against the exact value.
// Run: ./build/bench/bench_exact_posteriors (PRIORSWEEP_BENCH=ON).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "host/backend/backend.hpp"
#include "host/exact/beta_contrast.hpp"
#include "host/pipeline/analysis.hpp"

namespace {

const ps::BetaParameters kTreatment{22, 39}, kControl{22, 35};

void BM_BetaContrastQuantile(benchmark::State& state) {
  double p = 0.05;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ps::beta_contrast_quantile(ps::BetaContrastKind::difference, kTreatment, kControl, p));
    p = p < 0.9 ? p + 0.1 : 0.05;  // vary the target so nothing is cached
  }
  state.counters["quantiles/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BetaContrastQuantile)->Unit(benchmark::kMicrosecond);

ps::AnalysisConfig beta_binomial_config(int grid_side) {
  ps::AnalysisConfig c;
  c.name = "ard";
  c.model = "beta_binomial";
  c.events = {21, 21};
  c.totals = {59, 55};
  c.thresholds = {0.0, -0.055};
  c.threshold_labels = {"0", "-0.055"};
  c.decision.moderate = -0.055;
  std::vector<double> values;
  for (int i = 0; i < grid_side; ++i) values.push_back(0.5 + i);
  c.prior_blocks.push_back({"beta", {{"a", values}, {"b", values}}});
  return c;
}

void BM_BetaBinomialSweep(benchmark::State& state) {
  const ps::AnalysisConfig config = beta_binomial_config(static_cast<int>(state.range(0)));
  const auto prepared = ps::prepare_analysis(config, nullptr, ps::MissingPolicy::error);
  auto backend = ps::make_backend("cpu", 1, 0);
  ps::Progress progress(true);
  ps::SamplingSettings settings;
  settings.threads = 1;
  size_t priors = 0;
  for (auto _ : state) {
    const ps::AnalysisResult r = prepared->run(settings, *backend, progress);
    priors += r.priors.size();
    benchmark::DoNotOptimize(r.priors.back().terms[0].median);
  }
  state.counters["priors/s"] = benchmark::Counter(static_cast<double>(priors), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BetaBinomialSweep)->Arg(8)->Unit(benchmark::kMillisecond);

double beta_draw(std::mt19937_64& rng, ps::BetaParameters p) {
  std::gamma_distribution<double> x(p.a, 1.0), y(p.b, 1.0);
  const double g = x(rng);
  return g / (g + y(rng));
}

void BM_MonteCarloPeer(benchmark::State& state) {
  const int draws = static_cast<int>(state.range(0));
  std::mt19937_64 rng(7);
  std::vector<double> ard(draws);
  double q05 = 0.0;
  size_t priors = 0;
  for (auto _ : state) {
    for (auto& d : ard) d = beta_draw(rng, kTreatment) - beta_draw(rng, kControl);
    std::sort(ard.begin(), ard.end());
    const auto quantile = [&](double p) { return ard[static_cast<size_t>(p * (draws - 1))]; };
    q05 = quantile(0.05);
    benchmark::DoNotOptimize(quantile(0.5) + quantile(0.95) + quantile(0.025) + quantile(0.975));
    benchmark::DoNotOptimize(std::lower_bound(ard.begin(), ard.end(), 0.0) - ard.begin());
    ++priors;
  }
  const double exact = ps::beta_contrast_quantile(ps::BetaContrastKind::difference, kTreatment, kControl, 0.05);
  state.counters["priors/s"] = benchmark::Counter(static_cast<double>(priors), benchmark::Counter::kIsRate);
  state.counters["q05_error"] = std::abs(q05 - exact);
}
BENCHMARK(BM_MonteCarloPeer)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

#include "host/pipeline/exact_sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "host/parallel_for.hpp"
#include "host/summary/decision.hpp"

namespace ps {

TermSummary summarize_exact(const ExactPosterior& posterior, const std::vector<double>& levels,
                            const std::vector<double>& thresholds) {
  TermSummary s;
  s.median = posterior.quantile(0.5);
  s.mean = posterior.mean;
  s.sd = posterior.sd;
  for (double p : interval_bound_probabilities(levels)) s.interval_bounds.push_back(posterior.quantile(p));
  for (double t : thresholds) s.p_below.push_back(std::isnan(t) ? NAN : posterior.cdf(t));
  s.rhat = s.ess_bulk = s.ess_tail = NAN;
  return s;
}

std::string decide_exact(const ExactPosterior& posterior, const AnalysisConfig& config) {
  return decide(posterior.cdf(no_effect(config.effect_scale())), posterior.cdf(config.decision.moderate),
                config.decision);
}

void run_exact_sweep(const SamplingSettings& settings, Progress& progress,
                     const std::function<PriorResult(const GridPoint&)>& summarize, AnalysisResult& result) {
  const auto t0 = std::chrono::steady_clock::now();
  const size_t n_grid = result.grid.points.size();
  const size_t first = settings.shard.begin(n_grid);
  const size_t count = settings.shard.end(n_grid) - first;
  progress.start(result.config->name, count);
  std::vector<PriorResult> priors(count);
  // In chunks, so that a grid of a million priors shows progress.
  constexpr size_t kChunk = 4096;
  for (size_t begin = 0; begin < count; begin += kChunk) {
    const size_t n = std::min(kChunk, count - begin);
    parallel_for(n, settings.threads, [&](size_t j) {
      const size_t k = begin + j;
      priors[k] = summarize(result.grid.points[first + k]);
      priors[k].prior_id = first + k;
      priors[k].accept_rate = NAN;
    });
    progress.update(begin + n, 0.0);
  }
  result.priors = std::move(priors);
  result.layout = "exact posterior (no chains)";
  result.seconds_summarize = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace ps

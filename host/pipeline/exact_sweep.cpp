#include "host/pipeline/exact_sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "host/parallel_for.hpp"
#include "host/pipeline/prior_store.hpp"
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
  const std::vector<size_t> ids = priors_to_run(settings, n_grid);
  const size_t in_shard = settings.shard.end(n_grid) - settings.shard.begin(n_grid);
  progress.start(result.config->name, in_shard, in_shard - ids.size());
  // In chunks, so that a grid of a million priors shows progress and an
  // interrupted run keeps what it finished.
  constexpr size_t kChunk = 4096;
  for (size_t begin = 0; begin < ids.size(); begin += kChunk) {
    std::vector<PriorResult> chunk(std::min(kChunk, ids.size() - begin));
    parallel_for(chunk.size(), settings.threads, [&](size_t j) {
      const size_t g = ids[begin + j];
      chunk[j] = summarize(result.grid.points[g]);
      chunk[j].prior_id = g;
      chunk[j].accept_rate = NAN;
    });
    finish_chunk(settings, chunk);
    for (auto& r : chunk) result.priors.push_back(std::move(r));
    progress.update(result.priors.size(), 0.0);
  }
  merge_finished_priors(settings, result);
  result.layout = "exact posterior (no chains)";
  result.seconds_summarize = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace ps

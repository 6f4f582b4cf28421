// Where an analysis's finished priors go while a run goes on, chunk by chunk,
// and where a resumed run finds the ones an interrupted run finished
// (host/output/checkpoint.hpp keeps them on disk). The sweeps (prior_sweep,
// exact_sweep) run only the shard's priors the store does not hold; since a
// prior's result depends on nothing but its own global index (DESIGN.md,
// Randomness), the merged list is what one uninterrupted run gives.
#pragma once

#include <cstddef>
#include <vector>

#include "host/pipeline/analysis.hpp"
#include "host/pipeline/analysis_result.hpp"

namespace ps {

// The kept draws of a chunk's priors (save_draws = true), term by term on the
// model scale (log HR, log tau, ...) in the order of the analysis's summary
// terms, with each chain's Metropolis statistics.
struct ChunkDraws {
  std::vector<size_t> prior_ids;
  int terms = 0;
  int chains = 0;
  int draws = 0;  // kept per chain
  std::vector<double> values;       // [((p * terms + k) * chains + c) * draws + t]
  std::vector<double> accept_rate;  // [p * chains + c]
  std::vector<double> step_scale;   // [p * chains + c]
  std::vector<double> independence_probability;  // [p * chains + c]
};

class PriorStore {
 public:
  virtual ~PriorStore() = default;
  // This analysis's priors an earlier run finished (any order).
  virtual const std::vector<PriorResult>& finished() const = 0;
  // Keeps a finished chunk before the run goes on.
  virtual void save(const std::vector<PriorResult>& chunk) = 0;
  // Keeps a chunk's draws; called before save() of the same chunk.
  virtual void save_draws(const ChunkDraws& draws) = 0;
};

// The global indices of the shard's priors still to compute, increasing.
std::vector<size_t> priors_to_run(const SamplingSettings& settings, size_t n_grid);

// After each chunk: into the store, then stop here if a signal asked to
// (host/pipeline/interruption.hpp), so the store always holds whole chunks.
// `draws` (may be null) go in first, so a chunk whose summaries are kept has
// its draws kept too.
void finish_chunk(const SamplingSettings& settings, const std::vector<PriorResult>& chunk,
                  const ChunkDraws* draws = nullptr);

// result.priors (this run's) with the store's finished priors, in prior order.
void merge_finished_priors(const SamplingSettings& settings, AnalysisResult& result);

}  // namespace ps

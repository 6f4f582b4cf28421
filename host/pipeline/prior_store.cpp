#include "host/pipeline/prior_store.hpp"

#include <algorithm>
#include <unordered_set>

#include "host/pipeline/interruption.hpp"

namespace ps {

std::vector<size_t> priors_to_run(const SamplingSettings& settings, size_t n_grid) {
  std::unordered_set<size_t> done;
  if (settings.store != nullptr)
    for (const PriorResult& r : settings.store->finished()) done.insert(r.prior_id);
  std::vector<size_t> ids;
  for (size_t g = settings.shard.begin(n_grid); g < settings.shard.end(n_grid); ++g)
    if (!done.count(g)) ids.push_back(g);
  return ids;
}

void finish_chunk(const SamplingSettings& settings, const std::vector<PriorResult>& chunk, const ChunkDraws* draws) {
  if (settings.store != nullptr && draws != nullptr) settings.store->save_draws(*draws);
  if (settings.store != nullptr) settings.store->save(chunk);
  stop_if_interrupted();
}

void merge_finished_priors(const SamplingSettings& settings, AnalysisResult& result) {
  if (settings.store == nullptr || settings.store->finished().empty()) return;
  const size_t n_grid = result.grid.points.size();
  for (const PriorResult& r : settings.store->finished())
    if (r.prior_id >= settings.shard.begin(n_grid) && r.prior_id < settings.shard.end(n_grid)) result.priors.push_back(r);
  std::sort(result.priors.begin(), result.priors.end(),
            [](const PriorResult& a, const PriorResult& b) { return a.prior_id < b.prior_id; });
}

}  // namespace ps

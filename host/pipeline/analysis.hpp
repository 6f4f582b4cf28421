// One analysis of a config, whatever its model: prepared (data validated and
// coded, grid expanded -- everything that can fail on bad input happens
// here), then run (frequentist fit, Laplace approximation, the backend's
// chains over the shard's priors, summaries chunk by chunk).
#pragma once

#include <memory>
#include <string>

#include "host/backend/backend.hpp"
#include "host/config/config.hpp"
#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"
#include "host/pipeline/analysis_result.hpp"
#include "host/pipeline/progress.hpp"

namespace ps {

struct Shard {
  int index = 1;  // K of --shard K/N, 1-based
  int count = 1;  // N
  // Contiguous, balanced slice [begin, end) of n priors.
  size_t begin(size_t n) const { return n * (index - 1) / count; }
  size_t end(size_t n) const { return n * index / count; }
};

class PriorStore;  // host/pipeline/prior_store.hpp

struct SamplingSettings {
  uint64_t seed = 1;
  int chains = 4;
  int warmup = 1000;
  int draws = 1000;
  int thin = 1;
  double target_accept = 0.0;  // 0: default_target_accept(dim)
  SamplerKind sampler = SamplerKind::mixture;
  std::vector<double> levels{0.90, 0.95};
  Shard shard;
  int threads = 0;  // CPU threads for summaries (and the CPU backend); 0 = all
  // Finished priors go here chunk by chunk, and an earlier run's come from
  // here (null: kept in memory only).
  PriorStore* store = nullptr;
};

class PreparedAnalysis {
 public:
  virtual ~PreparedAnalysis() = default;
  virtual const AnalysisConfig& config() const = 0;
  // One line for `priorsweep validate`, e.g. "114 patients, 55 events, 17 coefficients, 51 priors".
  virtual std::string describe() const = 0;
  virtual AnalysisResult run(const SamplingSettings& settings, SweepBackend& backend, Progress& progress) const = 0;
};

// run.json's counts every model shares: patients and the two arms.
nlohmann::json arm_counts(const std::vector<int>& treatment);

// By the config's model. `table` is the analysis's data (null when
// config.needs_data() is false). Throws InputError on bad data.
std::unique_ptr<PreparedAnalysis> prepare_analysis(const AnalysisConfig& config, const CsvTable* table,
                                                   MissingPolicy missing);

}  // namespace ps

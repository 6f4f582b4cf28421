// One Cox analysis from validated data to summaries: prepare (validate and
// code the data, expand the grid: everything that can fail on bad input), then
// sample (MLE, Laplace, the backend's chains, summaries chunk by chunk).
#pragma once

#include <cstdint>
#include <memory>

#include "host/backend/backend.hpp"
#include "host/config/config.hpp"
#include "host/data/csv.hpp"
#include "host/design/cox_design.hpp"
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

struct PreparedCox {
  const AnalysisConfig* config = nullptr;
  ExtractedCox data;
  CoxDesign design;
  PriorGrid grid;
};

PreparedCox prepare_cox(const AnalysisConfig& config, const CsvTable& table, MissingPolicy missing);

struct SamplingSettings {
  uint64_t seed = 1;
  int chains = 4;
  int warmup = 1000;
  int draws = 1000;
  int thin = 1;
  double target_accept = 0.0;  // 0: default_target_accept(dim)
  std::vector<double> levels{0.90, 0.95};
  Shard shard;
  int threads = 0;  // CPU threads for summaries (and the CPU backend); 0 = all
};

AnalysisResult run_cox(const PreparedCox& prepared, const SamplingSettings& settings, SweepBackend& backend,
                       Progress& progress);

}  // namespace ps

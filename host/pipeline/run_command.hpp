// `priorsweep run` and `priorsweep validate`: everything that can fail on bad
// input is checked before sampling starts, and result files are written only
// at the end, each atomically. While it samples, a run keeps every finished
// chunk in DIR/.checkpoint, so that SIGTERM/SIGINT (which stop it after the
// chunk in progress, exit 128 + signal) or a kill lose at most one chunk per
// analysis, and `--resume` finishes the rest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/pipeline/analysis.hpp"

namespace ps {

struct RunOptions {
  std::string config_path;
  std::string out_dir = "results";
  std::optional<std::string> backend;  // overrides the config's backend
  std::optional<uint64_t> seed;        // overrides the config's seed
  int threads = 0;                     // CPU threads; 0 = all
  int gpu_lanes_per_chain = 0;         // GPU layout; 0 = chosen by the sweep's shape
  std::vector<int> gpu_devices;        // CUDA devices sharing the chunks; empty = all visible
  Shard shard;
  bool quiet = false;
  // Continue the interrupted run of the same command in out_dir from its
  // checkpoint (host/output/checkpoint.hpp); a run that finished is left as it is.
  bool resume = false;
};

void run_command(const RunOptions& options);

// Parses the config and data and prints what a run would do.
void validate_command(const std::string& config_path);

Shard parse_shard(const std::string& text);  // "K/N", 1 <= K <= N

}  // namespace ps

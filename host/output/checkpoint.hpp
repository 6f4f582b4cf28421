// A run's checkpoint, DIR/.checkpoint/, what makes `run --resume` possible:
//   run.json          the run's fingerprint (version, resolved config, seed,
//                     shard, backend, digests of the input files);
//   <analysis>.jsonl  one line per finished prior of that analysis, appended
//                     a whole chunk at a time and flushed to disk (fsync)
//                     before the run goes on;
//   <analysis>.draws/ with save_draws, one binary file per chunk of draws
//                     (written before the chunk's lines), from which
//                     draws.nc is written at the end.
// Numbers are stored as JSON's shortest round-trip text, so a prior read back
// is bit for bit the prior that was computed, and a resumed run writes the
// bytes an uninterrupted one does. A line cut short by a kill (SIGKILL, a
// lost node) is the last one and is ignored; its chunk runs again. The
// checkpoint is removed once the result files are written.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "host/pipeline/prior_store.hpp"

namespace ps {

class Checkpoint {
 public:
  // Starts an empty checkpoint in out_dir (creating the folders, replacing an
  // older checkpoint), or with `resume` loads the one there. Throws
  // InputError when the checkpoint there comes from another run (its
  // fingerprint differs) or is damaged.
  Checkpoint(const std::string& out_dir, const nlohmann::json& fingerprint, bool resume);
  ~Checkpoint();
  Checkpoint(const Checkpoint&) = delete;
  Checkpoint& operator=(const Checkpoint&) = delete;

  // The store of one analysis (created on first use).
  PriorStore& analysis(const std::string& name);
  // Priors read back from an earlier run, over every analysis.
  size_t resumed_priors() const { return resumed_; }
  // Whether `--resume` found a checkpoint to continue.
  bool resumed() const { return found_; }

  // The files of draws kept for `analysis`, in no particular order.
  std::vector<std::string> draw_files(const std::string& analysis) const;

  // Deletes the checkpoint folder (after the results are in place).
  void remove();

  static std::string folder(const std::string& out_dir);

 private:
  class AnalysisFile;
  std::string dir_;
  bool found_ = false;
  size_t resumed_ = 0;
  std::map<std::string, std::unique_ptr<AnalysisFile>> analyses_;
};

// JSON of one prior's summaries and back (non-finite numbers as "nan",
// "inf", "-inf"); for the checkpoint and its tests.
nlohmann::json prior_result_json(const PriorResult& r);
PriorResult prior_result_from_json(const nlohmann::json& j);

// A chunk of draws as one binary file (native byte order: a checkpoint is
// read back on the machine that wrote it) and back.
void write_chunk_draws(const std::string& path, const ChunkDraws& draws);
ChunkDraws read_chunk_draws(const std::string& path);

}  // namespace ps

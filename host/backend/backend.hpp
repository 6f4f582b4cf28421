// The sampling backends behind one narrow interface (CPU threads or CUDA),
// chosen by --backend auto|cpu|gpu. A backend runs every chain of every prior
// of a SweepJob and hands back, chunk by chunk and in prior order, a summary
// row per prior and saved coefficient -- computed where the draws are, by the
// shared code of models/chain_summary.hpp -- and the draws themselves only
// when the job asks for them, so a GPU's draws need not cross PCIe and memory
// stays bounded.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "host/design/cox_sampling_data.hpp"
#include "models/chain_summary.hpp"
#include "models/metropolis.hpp"
#include "models/sweep_model.hpp"

namespace ps {

// The summary rows every backend computes: for each saved coefficient of
// each prior, chain_summary::summarize_ratio_term's row (diagnostics of the
// draws, median, mean, sd, the quantiles at `probabilities` and P(value < t)
// for `thresholds`, all of exp(draw)).
struct SummaryRequest {
  std::vector<double> probabilities;
  std::vector<double> thresholds;
  // Deliver the draws too (draws.nc, derived terms computed from draws).
  bool keep_draws = true;

  chain_summary::SummaryRequestView view() const {
    return {probabilities.data(), static_cast<int>(probabilities.size()), thresholds.data(),
            static_cast<int>(thresholds.size())};
  }
  int row_width() const { return chain_summary::summary_row_width(view()); }
};

struct SweepJob {
  SweepModel model;                        // its likelihood points into model_data; effect_prior unused
  std::shared_ptr<const void> model_data;  // owns the arrays the likelihood reads
  std::vector<SweptPrior> priors;     // the swept priors of each grid point
  std::vector<uint64_t> global_ids;   // global prior index (stream key), one per prior
  std::vector<double> modes;          // [prior][dim]   chain start centre
  std::vector<double> cholesky;       // [prior][dim][dim] proposal shape (row-major lower)
  ChainPlan plan;
  SummaryRequest summary;
  int chains = 4;
  uint64_t seed = 0;
  // The number of priors the GPU layout is chosen for (0: this job's): a
  // shard of a grid or a resumed run passes the whole grid's, so that every
  // prior runs in the layout of the full run (teams add in another order, so
  // layouts differ in the last bits).
  size_t layout_priors = 0;

  int dim() const { return sweep_model_dim(model); }
  // A Cox posterior over the sampling form of `reference`.
  void set_cox(const CoxView& reference, const ScalarPrior& nuisance_prior) {
    auto data = std::make_shared<const CoxSamplingData>(make_cox_sampling_data(reference));
    model = CoxPosterior{data->view(), ScalarPrior{}, nuisance_prior};
    model_data = std::move(data);
  }
  size_t n_priors() const { return priors.size(); }
};

// Results of priors [first, first + count), p counted from first:
//   summaries[(p * w + k) * job.summary.row_width() + column], w = saved_width(plan, dim);
//   draws[(p * chains + c) * saved_values_per_chain(plan, dim) + t * w + k], empty
//   unless job.summary.keep_draws.
struct SweepChunk {
  size_t first = 0;
  size_t count = 0;
  std::vector<double> summaries;
  std::vector<double> draws;
  std::vector<ChainStats> stats;  // [p * chains + c]
  double summarize_seconds = 0.0;  // of the backend's time on this chunk, spent on its summaries
};

using ChunkCallback = std::function<void(const SweepChunk&)>;

class SweepBackend {
 public:
  virtual ~SweepBackend() = default;
  virtual std::string name() const = 0;    // "cpu" or "gpu"
  virtual std::string device() const = 0;  // e.g. "2 CPU threads" or the GPU's name
  // How this backend maps the job's chains onto its workers (for run.json),
  // e.g. "thread-per-chain" or "16-lane-team-per-chain".
  virtual std::string layout(const SweepJob& job) const = 0;
  // Chunks are delivered in increasing prior order, each exactly once.
  virtual void run(const SweepJob& job, const ChunkCallback& on_chunk) = 0;
};

std::unique_ptr<SweepBackend> make_cpu_backend(int threads);  // threads <= 0: all hardware threads
bool gpu_backend_available(std::string* why_not);
// Throws std::runtime_error without a usable GPU. gpu_lanes_per_chain: 0
// chooses the layout by the job's shape (kernels/sweep_layout.hpp), else a
// power of two in 1..1024 forces it.
std::unique_ptr<SweepBackend> make_gpu_backend(int gpu_lanes_per_chain = 0);

// "auto" picks the GPU when one is usable, else the CPU.
// gpu_devices: the CUDA devices to share the chunks (empty: all visible).
std::unique_ptr<SweepBackend> make_backend(const std::string& choice, int threads, int gpu_lanes_per_chain = 0,
                                           const std::vector<int>& gpu_devices = {});

}  // namespace ps

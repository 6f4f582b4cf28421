// The sampling backends behind one narrow interface (CPU threads or CUDA),
// chosen by --backend auto|cpu|gpu. A backend runs every chain of every prior
// of a SweepJob and hands back the draws chunk by chunk, in prior order, so
// summaries are computed while the next chunk runs and memory stays bounded.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "host/design/cox_sampling_data.hpp"
#include "models/metropolis.hpp"
#include "models/sweep_model.hpp"

namespace ps {

struct SweepJob {
  SweepModel model;                        // its likelihood points into model_data; effect_prior unused
  std::shared_ptr<const void> model_data;  // owns the arrays the likelihood reads
  std::vector<SweptPrior> priors;     // the swept priors of each grid point
  std::vector<uint64_t> global_ids;   // global prior index (stream key), one per prior
  std::vector<double> modes;          // [prior][dim]   chain start centre
  std::vector<double> cholesky;       // [prior][dim][dim] proposal shape (row-major lower)
  ChainPlan plan;
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

// Draws of priors [first, first + count): draws[((p * chains + c) * n_draws + t) * dim + k].
struct SweepChunk {
  size_t first = 0;
  size_t count = 0;
  std::vector<double> draws;
  std::vector<ChainStats> stats;  // [p * chains + c]
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

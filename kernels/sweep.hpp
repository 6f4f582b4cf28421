// Device API of the CUDA backend, as plain C++: no CUDA types appear here, so
// host code compiled by g++ (host/backend/gpu_backend.cpp, tests, benches)
// can include it. Implemented in kernels/*.cu; linked only when the project
// is built with CUDA (PRIORSWEEP_HAVE_CUDA).
//
// Every function throws CudaError when a CUDA call fails. Pointers inside a
// device CoxSamplingView / CoxPosterior point to device memory and must not be
// dereferenced on the host.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/sweep_layout.hpp"
#include "models/sweep_model.hpp"
#include "models/metropolis.hpp"

namespace ps::gpu {

class CudaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- device query -------------------------------------------------------

struct DeviceInfo {
  int ordinal = 0;
  std::string name;
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  int multiprocessors = 0;
  int compute_major = 0;
  int compute_minor = 0;
};

// Number of CUDA devices. Never throws: with no driver or no device it
// returns 0 and, if why_not is given, stores the runtime's explanation.
int device_count(std::string* why_not);

// Makes `ordinal` the current device of the calling host thread.
void select_device(int ordinal);

// Name, memory (free right now) and shape of a device.
DeviceInfo device_info(int ordinal);

// Whether this binary holds code the device can run (it was compiled for
// CMAKE_CUDA_ARCHITECTURES; another architecture fails at launch with "no
// kernel image"). Never throws; false with the runtime's reason otherwise.
bool kernels_runnable_on(int ordinal, std::string* why_not);

// ---- the model on the device ---------------------------------------------

// Owns a device copy of the arrays a model's likelihood points to (one
// allocation). model() is the same model with every pointer replaced by its
// device copy; pass it to the kernels, never dereference it on the host.
class DeviceSweepModel {
 public:
  explicit DeviceSweepModel(const SweepModel& host_model);
  ~DeviceSweepModel();
  DeviceSweepModel(const DeviceSweepModel&) = delete;
  DeviceSweepModel& operator=(const DeviceSweepModel&) = delete;

  const SweepModel& model() const { return model_; }
  size_t bytes() const { return bytes_; }

 private:
  SweepModel model_;
  void* block_ = nullptr;
  size_t bytes_ = 0;
};

// ---- log density of many parameter vectors (the kernels' CPU twin is the
// posterior's log_density on the host) ----------------------------------------

// out[i] = model.log_density(thetas + i * dim) for i < count; thetas and out
// are host arrays, device_model a DeviceSweepModel's model(). `layout` says
// how many lanes evaluate each vector together (as a chain's team would).
void log_density_batch(const SweepModel& device_model, const double* thetas, size_t count, double* out,
                       const SweepLayout& layout = SweepLayout{});

// The same with the vectors kept on the device between calls, so benchmarks
// time the kernel and not the copies.
class LogDensityBatch {
 public:
  LogDensityBatch(const SweepModel& device_model, size_t capacity, const SweepLayout& layout = SweepLayout{});
  ~LogDensityBatch();
  LogDensityBatch(const LogDensityBatch&) = delete;
  LogDensityBatch& operator=(const LogDensityBatch&) = delete;

  void set_thetas(const double* thetas, size_t count);  // host -> device, count <= capacity
  void evaluate();                                      // launch and wait
  void get(double* out) const;                          // device -> host, `count` values

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- summaries of the draws on the device -----------------------------------

// What the device needs to summarise a sweep's draws (the GPU backend builds
// it from SweepJob::summary, host/backend/backend.hpp): one
// chain_summary::summarize_ratio_term row per (prior, saved coefficient).
struct DeviceSummaryPlan {
  std::vector<double> probabilities;  // interval bounds
  std::vector<double> thresholds;     // P(exp(draw) < t)
  // Blom scores of the average ranks of S = 2 C floor(n/2) split draws
  // (blom_half_rank_count(S) values, models/chain_summary.hpp), made on the
  // host with the same function the CPU backend uses.
  std::vector<double> half_scores;
  bool keep_draws = true;             // also copy the draws back to the host
  size_t batch_segments = 0;          // (prior, coefficient) pairs per pass; 0: a whole chunk's
};

// Device bytes one (prior, coefficient) pair of a summary pass occupies: its
// draws gathered, sorted with their positions, CUB's room and the shared
// code's scratch.
size_t summary_device_bytes_per_segment(int chains, int n_draws);

// The kernels' twin of summarize_ratio_term (host/summary/summary.hpp) for
// `segments` terms of chains x n_draws draws each, held on the device between
// calls (so benchmarks time the summaries, not the copy): the sweep's own
// summaries run the same passes of plan.batch_segments segments.
class DeviceTermSummaries {
 public:
  DeviceTermSummaries(size_t segments, int chains, int n_draws, const DeviceSummaryPlan& plan);
  ~DeviceTermSummaries();
  DeviceTermSummaries(const DeviceTermSummaries&) = delete;
  DeviceTermSummaries& operator=(const DeviceTermSummaries&) = delete;

  // Host -> device: draws[(s * chains + c) * n_draws + t].
  void set_draws(const double* draws);
  // rows[s * row width ...] (host), chain_summary's layout.
  void summarize(double* rows);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- the sweep -------------------------------------------------------------

// Device bytes one prior of a launch occupies: its kept draws (chains x
// values_per_chain doubles), chain stats, start centre, Cholesky factor,
// prior and stream key.
size_t sweep_device_bytes_per_prior(int dim, int chains, long long values_per_chain);

// One chunk of priors, host arrays: priors[count], global_ids[count],
// modes[count * dim], cholesky[count * dim * dim].
struct SweepChunkInput {
  const SweptPrior* priors = nullptr;
  const uint64_t* global_ids = nullptr;
  const double* modes = nullptr;
  const double* cholesky = nullptr;
  size_t count = 0;
};

// Runs chunks of a sweep: one kernel launch runs every chain of every prior of
// a chunk, in the given layout (lanes per chain). The chain (global prior g, chain c) draws
// from cuRAND Philox4_32_10 with key `seed` and subsequence
// chain_stream_id(g, c, chains), so its draws do not depend on the chunking
// or on the other priors of the grid. After the chains, the device
// summarises each prior's saved coefficients (summary) where the draws are.
// Device buffers are sized once for max_chunk_priors and reused.
class SweepRunner {
 public:
  SweepRunner(const SweepModel& device_model, const ChainPlan& plan, int chains, uint64_t seed,
              size_t max_chunk_priors, const SweepLayout& layout, const DeviceSummaryPlan& summary);
  ~SweepRunner();
  SweepRunner(const SweepRunner&) = delete;
  SweepRunner& operator=(const SweepRunner&) = delete;

  // Copies the chunk's prior parameters to the device and launches the
  // kernel; returns without waiting for it (chunk.count <= max_chunk_priors).
  void launch(const SweepChunkInput& chunk);

  // Waits for the launched chunk's chains (collect waits too): lets a
  // benchmark time the sweep kernel without the summaries.
  void synchronize();

  // Waits for the launched chunk, summarises it on the device and copies the
  // results to host arrays laid out as SweepChunk:
  // summaries[(p * w + k) * row width], with w = saved_width(plan, dim);
  // stats[p * chains + c]; and, when the summary plan keeps them,
  // draws[(p * chains + c) * saved_values_per_chain(plan, dim) + s * w + k]
  // (draws may be null otherwise). Returns the seconds spent on summaries.
  double collect(double* summaries, ChainStats* stats, double* draws);

  size_t max_chunk_priors() const;
  const SweepLayout& layout() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ps::gpu

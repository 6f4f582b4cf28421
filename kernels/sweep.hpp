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
// or on the other priors of the grid. Device buffers are sized once for
// max_chunk_priors and reused.
class SweepRunner {
 public:
  SweepRunner(const SweepModel& device_model, const ChainPlan& plan, int chains, uint64_t seed,
              size_t max_chunk_priors, const SweepLayout& layout);
  ~SweepRunner();
  SweepRunner(const SweepRunner&) = delete;
  SweepRunner& operator=(const SweepRunner&) = delete;

  // Copies the chunk's prior parameters to the device and launches the
  // kernel; returns without waiting for it (chunk.count <= max_chunk_priors).
  void launch(const SweepChunkInput& chunk);

  // Waits for the launched chunk and copies its results to host arrays laid
  // out as SweepChunk: draws[(p * chains + c) * saved_values_per_chain(plan, dim) + s * w + k]
  // with w = saved_width(plan, dim),
  // stats[p * chains + c].
  void collect(double* draws, ChainStats* stats);

  size_t max_chunk_priors() const;
  const SweepLayout& layout() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ps::gpu

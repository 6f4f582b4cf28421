// Options of the CUDA backend beyond backend.hpp's make_gpu_backend(), and
// the chunk-sizing rule it uses (a pure function, testable without a GPU).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"

#ifdef PRIORSWEEP_HAVE_CUDA
#include "kernels/sweep.hpp"
#endif

namespace ps {

struct GpuBackendOptions {
  // CUDA device ordinals to share the chunks (chunk i on devices[i % n]);
  // empty: every visible device. Results do not depend on the devices used.
  std::vector<int> devices;
  size_t max_chunk_priors = 0;  // 0: as many as memory allows; tests force small chunks with it
  // Cap on one chunk's draws in bytes: the chunk is copied into host memory
  // before on_chunk sees it, so this also bounds the host side.
  size_t max_chunk_bytes = size_t{16} << 30;
  int lanes_per_chain = 0;      // 0: choose_sweep_layout by the job's shape; else forced
};

// Throws std::runtime_error when built without CUDA or when no usable device.
std::unique_ptr<SweepBackend> make_gpu_backend(const GpuBackendOptions& options);

// (prior, coefficient) pairs the device summarises per pass
// (DeviceSummaryPlan::batch_segments): as many of `segments` as a quarter of
// free_device_bytes holds, at least one.
size_t gpu_summary_batch_segments(size_t free_device_bytes, size_t bytes_per_segment, size_t segments);

#ifdef PRIORSWEEP_HAVE_CUDA
// The device's form of a job's summary request for terms of chains x n_draws
// kept draws, with the host's Blom scores (batch_segments left at 0).
gpu::DeviceSummaryPlan device_summary_plan(const SummaryRequest& request, int chains, int n_draws);
#endif

// --devices: "all" (empty list) or ordinals separated by commas ("0,2").
// Throws std::invalid_argument for anything else.
std::vector<int> parse_device_list(const std::string& text);

// Priors per launch: what fits in free_device_bytes after a headroom for the
// CUDA context, per-thread stacks and fragmentation (max(1/8 of free,
// 768 MiB)), within max_chunk_bytes and max_chunk_priors, and at most
// n_priors. Throws std::runtime_error when not even one prior fits.
size_t gpu_chunk_priors(size_t free_device_bytes, size_t bytes_per_prior, size_t n_priors,
                        const GpuBackendOptions& options);

}  // namespace ps

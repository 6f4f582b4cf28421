// Options of the CUDA backend beyond backend.hpp's make_gpu_backend(), and
// the chunk-sizing rule it uses (a pure function, testable without a GPU).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"

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

// Grid shape for "one thread per item" kernels. The kernels also loop with a
// grid stride, so a count beyond the grid limit still runs every item.
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>

namespace ps::gpu {

// 128 threads: chains carry ~1.2 KB of local arrays each (theta, proposal, z
// in run_rwm_chain), so small blocks keep occupancy up without spilling more.
inline constexpr int kThreadsPerBlock = 128;

inline dim3 blocks_for(size_t items) {
  const size_t blocks = (items + kThreadsPerBlock - 1) / kThreadsPerBlock;
  return dim3(static_cast<unsigned>(std::min<size_t>(std::max<size_t>(blocks, 1), 0x7fffffffu)));
}

}  // namespace ps::gpu

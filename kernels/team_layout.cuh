// Where a thread stands in a SweepLayout (kernels/sweep_layout.hpp): which
// work items (chains, or parameter vectors) its team takes, the group it
// evaluates likelihoods with, and the team's coefficient table in shared
// memory. Shared by the sweep kernel and the log-density batch kernel, so the
// two run the same layout code.
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <type_traits>

#include "kernels/sweep_layout.hpp"
#include "kernels/worker_groups.cuh"
#include "models/cox_sampling.hpp"

namespace ps::gpu {

// Threads per block for thread-per-chain and lane-team layouts; a block team
// is a whole block of lanes_per_chain threads.
inline constexpr int kTeamBlockThreads = 128;

// kLanes: 1 (one thread per item), 2..32 (a team inside a warp) or 0 (the
// whole block is one team, blockDim.x lanes).
template <int kLanes>
struct TeamGroupOf {
  using type = WarpTeam<kLanes>;
};
template <>
struct TeamGroupOf<1> {
  using type = SerialGroup;
};
template <>
struct TeamGroupOf<0> {
  using type = BlockTeam;
};

template <int kLanes>
struct TeamContext {
  using Group = typename TeamGroupOf<kLanes>::type;
  Group group;
  size_t first_item = 0;  // this team's first work item
  size_t item_stride = 0; // teams in the grid
  float* table = nullptr; // the team's coefficient table: entry k at table[k * stride]
  int stride = 1;
  bool leader = true;     // rank 0 writes results
};

// Grid, block and dynamic shared memory for `items` work items of a model of
// dimension dim. The kernels loop with a grid stride, so the grid is capped.
struct TeamLaunch {
  unsigned blocks = 1;
  int threads = kTeamBlockThreads;
  size_t shared_bytes = 0;
};

template <int kLanes>
TeamLaunch team_launch(size_t items, int dim, const SweepLayout& layout) {
  TeamLaunch l;
  const size_t table = static_cast<size_t>(dim + 1) * sizeof(float);
  size_t items_per_block = 1;
  if constexpr (kLanes == 0) {
    l.threads = layout.lanes_per_chain;
    l.shared_bytes = 32 * sizeof(double) + 32 * sizeof(int) + table;
  } else {
    items_per_block = static_cast<size_t>(kTeamBlockThreads / kLanes);
    l.shared_bytes = static_cast<size_t>(kTeamBlockThreads) * table;  // a column per thread, or a table per team
  }
  l.blocks = static_cast<unsigned>(std::clamp<size_t>((items + items_per_block - 1) / items_per_block, 1, 0x7fffffffu));
  return l;
}

// Calls launch(std::integral_constant<int, kLanes>) for the layout's kLanes.
template <class Launch>
void with_team_lanes(const SweepLayout& layout, Launch&& launch) {
  switch (layout.lanes_per_chain) {
    case 1: return launch(std::integral_constant<int, 1>{});
    case 2: return launch(std::integral_constant<int, 2>{});
    case 4: return launch(std::integral_constant<int, 4>{});
    case 8: return launch(std::integral_constant<int, 8>{});
    case 16: return launch(std::integral_constant<int, 16>{});
    case 32: return launch(std::integral_constant<int, 32>{});
    default:
      if (!valid_lanes_per_chain(layout.lanes_per_chain))
        throw std::invalid_argument("GPU layout: " + std::to_string(layout.lanes_per_chain) +
                                    " lanes per chain is not a power of two in 1..1024");
      return launch(std::integral_constant<int, 0>{});
  }
}

template <int kLanes>
__device__ TeamContext<kLanes> enter_team(unsigned char* shared, int dim) {
  TeamContext<kLanes> ctx;
  if constexpr (kLanes == 0) {
    auto* scratch_value = reinterpret_cast<double*>(shared);
    auto* scratch_head = reinterpret_cast<int*>(shared + 32 * sizeof(double));
    ctx.group = BlockTeam{CudaBlock{scratch_value, scratch_head}};
    ctx.table = reinterpret_cast<float*>(shared + 32 * sizeof(double) + 32 * sizeof(int));
    ctx.first_item = blockIdx.x;
    ctx.item_stride = gridDim.x;
    ctx.leader = threadIdx.x == 0;
  } else if constexpr (kLanes == 1) {
    // Column-major: thread t's entry k at k * blockDim + t, so a warp reading
    // the same k (every chain looks at the same patient) hits 32 banks.
    ctx.table = reinterpret_cast<float*>(shared) + threadIdx.x;
    ctx.stride = static_cast<int>(blockDim.x);
    ctx.first_item = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
    ctx.item_stride = static_cast<size_t>(gridDim.x) * blockDim.x;
  } else {
    ctx.group = warp_team_of_this_thread<kLanes>();
    const int team_in_block = static_cast<int>(threadIdx.x) / kLanes;
    ctx.table = reinterpret_cast<float*>(shared) + team_in_block * (dim + 1);
    const size_t teams_per_block = blockDim.x / kLanes;
    ctx.first_item = blockIdx.x * teams_per_block + team_in_block;
    ctx.item_stride = gridDim.x * teams_per_block;
    ctx.leader = ctx.group.rank() == 0;
  }
  return ctx;
}

// A posterior evaluated by a team: the Model a chain (run_chain) sees.
template <int kLanes, class Posterior>
struct TeamModel {
  Posterior posterior;
  TeamContext<kLanes> ctx;
  __device__ int dim() const { return posterior.dim(); }
  __device__ double log_density(const double* theta) const {
    constexpr int kStretch = stretch_for(kLanes == 0 ? 64 : kLanes);
    return posterior.template log_density<kStretch>(theta, ctx.table, ctx.stride, ctx.group);
  }
};

}  // namespace ps::gpu

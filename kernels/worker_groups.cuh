// The lanes of a GPU team as models/lane_team.hpp's algorithms need them:
// warp shuffles inside a team of kLanes lanes of one warp (WarpTeam), and
// warp shuffles, shared scratch and __syncthreads for a whole block
// (BlockTeam). The algorithms themselves live in models/lane_team.hpp, where
// the tests also run them on CPU threads standing in for lanes.
#pragma once

#include <cuda_runtime.h>

#include "models/lane_team.hpp"

namespace ps::gpu {

// kLanes consecutive lanes of one warp: shuffles within the team's mask,
// with width kLanes so that ranks count from the team's first lane.
template <int kLanes>
struct CudaWarpLanes {
  unsigned mask;  // the team's lanes within the warp
  int lane;       // rank within the team

  __device__ int rank() const { return lane; }
  __device__ void sync() const { __syncwarp(mask); }
  template <class T>
  __device__ T up(T v, int offset) const { return __shfl_up_sync(mask, v, offset, kLanes); }
  template <class T>
  __device__ T down(T v, int offset) const { return __shfl_down_sync(mask, v, offset, kLanes); }
  template <class T>
  __device__ T from(T v, int source) const { return __shfl_sync(mask, v, source, kLanes); }
};

template <int kLanes>
using WarpTeam = WarpTeamOf<kLanes, CudaWarpLanes<kLanes>>;

// The team of the calling thread: its warp's lanes in groups of kLanes.
template <int kLanes>
__device__ WarpTeam<kLanes> warp_team_of_this_thread() {
  const int warp_lane = static_cast<int>(threadIdx.x % 32);
  const int first = warp_lane / kLanes * kLanes;
  const unsigned bits = kLanes == 32 ? 0xffffffffu : ((1u << kLanes) - 1u);
  return WarpTeam<kLanes>{CudaWarpLanes<kLanes>{bits << first, warp_lane - first}};
}

// The whole block (blockDim.x a multiple of 32, at most 1024), with shared
// scratch for the warps' partial results: 32 doubles and 32 ints.
struct CudaBlock {
  double* scratch_value;
  int* scratch_head;

  __device__ int size() const { return static_cast<int>(blockDim.x); }
  __device__ int rank() const { return static_cast<int>(threadIdx.x); }
  __device__ void sync() const { __syncthreads(); }
  template <class T>
  __device__ T warp_up(T v, int offset) const { return __shfl_up_sync(0xffffffffu, v, offset); }
  template <class T>
  __device__ T warp_down(T v, int offset) const { return __shfl_down_sync(0xffffffffu, v, offset); }
};

using BlockTeam = BlockTeamOf<CudaBlock>;

}  // namespace ps::gpu

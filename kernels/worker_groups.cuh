// Groups of GPU lanes that evaluate one likelihood together, with the
// operations cox_sampling_log_likelihood needs (models/cox_sampling.hpp; its
// one-thread twin is SerialGroup there):
//   size(), rank(), sync(),
//   segmented_prefix(part, has_head, carry)  -- exclusive segmented scan,
//   sum(value)                               -- sum over members,
//   log_of_product(LogProduct)               -- product over members, one log.
//
// Every member of a group must return bit-identical values from
// segmented_prefix's carry and from log_of_product, because every member runs
// the same Metropolis chain redundantly and must take the same accept/reject
// decision. Hence reductions go to rank 0 and are then broadcast, never
// butterfly all-reduces (whose rounding differs by lane).
#pragma once

#include <cuda_runtime.h>

#include "models/log_product.hpp"

namespace ps::gpu {

// kLanes consecutive lanes of one warp (kLanes a power of two, 2..32).
template <int kLanes>
struct WarpTeam {
  static_assert(kLanes >= 2 && kLanes <= 32 && (kLanes & (kLanes - 1)) == 0, "a power of two up to 32");
  unsigned mask;  // the team's lanes within the warp
  int lane;       // rank within the team

  __device__ static WarpTeam of_this_thread() {
    const int warp_lane = static_cast<int>(threadIdx.x % 32);
    const int first = warp_lane / kLanes * kLanes;
    const unsigned bits = kLanes == 32 ? 0xffffffffu : ((1u << kLanes) - 1u);
    return WarpTeam{bits << first, warp_lane - first};
  }

  __device__ int size() const { return kLanes; }
  __device__ int rank() const { return lane; }
  __device__ void sync() const { __syncwarp(mask); }

  __device__ double segmented_prefix(double part, bool has_head, double& carry) const {
    // Inclusive scan of (head, value) pairs: a later head discards what came before.
    double value = part;
    int head = has_head ? 1 : 0;
#pragma unroll
    for (int offset = 1; offset < kLanes; offset <<= 1) {
      const double up_value = __shfl_up_sync(mask, value, offset, kLanes);
      const int up_head = __shfl_up_sync(mask, head, offset, kLanes);
      if (lane >= offset) {
        if (!head) value += up_value;
        head |= up_head;
      }
    }
    // Exclusive: the inclusive result of the member before, on top of carry.
    const double prev_value = __shfl_up_sync(mask, value, 1, kLanes);
    const int prev_head = __shfl_up_sync(mask, head, 1, kLanes);
    const double before = lane == 0 ? carry : (prev_head ? prev_value : carry + prev_value);
    const double last_value = __shfl_sync(mask, value, kLanes - 1, kLanes);
    const int last_head = __shfl_sync(mask, head, kLanes - 1, kLanes);
    carry = last_head ? last_value : carry + last_value;
    return before;
  }

  __device__ double sum(double value) const {
#pragma unroll
    for (int offset = kLanes / 2; offset > 0; offset >>= 1) {
      const double other = __shfl_down_sync(mask, value, offset, kLanes);
      if (lane < offset) value += other;
    }
    return __shfl_sync(mask, value, 0, kLanes);
  }

  __device__ double log_of_product(const LogProduct& p) const {
    LogProduct acc = p;
    acc.renormalize();
#pragma unroll
    for (int offset = kLanes / 2; offset > 0; offset >>= 1) {
      LogProduct other;
      other.mantissa = __shfl_down_sync(mask, acc.mantissa, offset, kLanes);
      other.exponent2 = __shfl_down_sync(mask, acc.exponent2, offset, kLanes);
      if (lane < offset) acc.multiply(other);
    }
    const double result = lane == 0 ? acc.log_value() : 0.0;
    return __shfl_sync(mask, result, 0, kLanes);
  }
};

// A whole thread block (blockDim.x a multiple of 32, at most 1024), with
// shared scratch for the warps' partial results: 32 doubles and 32 ints.
struct BlockTeam {
  double* scratch_value;
  int* scratch_head;

  __device__ int size() const { return static_cast<int>(blockDim.x); }
  __device__ int rank() const { return static_cast<int>(threadIdx.x); }
  __device__ void sync() const { __syncthreads(); }

  __device__ double segmented_prefix(double part, bool has_head, double& carry) const {
    const int lane = static_cast<int>(threadIdx.x % 32);
    const int warp = static_cast<int>(threadIdx.x / 32);
    const int warps = static_cast<int>(blockDim.x / 32);
    double value = part;
    int head = has_head ? 1 : 0;
#pragma unroll
    for (int offset = 1; offset < 32; offset <<= 1) {
      const double up_value = __shfl_up_sync(0xffffffffu, value, offset);
      const int up_head = __shfl_up_sync(0xffffffffu, head, offset);
      if (lane >= offset) {
        if (!head) value += up_value;
        head |= up_head;
      }
    }
    if (lane == 31) {
      scratch_value[warp] = value;
      scratch_head[warp] = head;
    }
    __syncthreads();
    if (warp == 0) {  // scan the warps' totals, carry folded in as element -1
      double w_value = lane < warps ? scratch_value[lane] : 0.0;
      int w_head = lane < warps ? scratch_head[lane] : 0;
#pragma unroll
      for (int offset = 1; offset < 32; offset <<= 1) {
        const double up_value = __shfl_up_sync(0xffffffffu, w_value, offset);
        const int up_head = __shfl_up_sync(0xffffffffu, w_head, offset);
        if (lane >= offset) {
          if (!w_head) w_value += up_value;
          w_head |= up_head;
        }
      }
      // Running value after warp `lane`, carry included.
      if (lane < warps) {
        scratch_value[lane] = w_head ? w_value : carry + w_value;
        scratch_head[lane] = 1;
      }
    }
    __syncthreads();
    // Running value before this warp, then before this lane.
    const double before_warp = warp == 0 ? carry : scratch_value[warp - 1];
    const double prev_value = __shfl_up_sync(0xffffffffu, value, 1);
    const int prev_head = __shfl_up_sync(0xffffffffu, head, 1);
    const double before = lane == 0 ? before_warp : (prev_head ? prev_value : before_warp + prev_value);
    carry = scratch_value[warps - 1];
    __syncthreads();  // everyone has read the scratch before it is reused
    return before;
  }

  __device__ double sum(double value) const {
    const int lane = static_cast<int>(threadIdx.x % 32);
    const int warp = static_cast<int>(threadIdx.x / 32);
    const int warps = static_cast<int>(blockDim.x / 32);
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
      const double other = __shfl_down_sync(0xffffffffu, value, offset);
      if (lane < offset) value += other;
    }
    if (lane == 0) scratch_value[warp] = value;
    __syncthreads();
    if (threadIdx.x == 0) {
      double total = 0.0;
      for (int w = 0; w < warps; ++w) total += scratch_value[w];
      scratch_value[0] = total;
    }
    __syncthreads();
    const double result = scratch_value[0];
    __syncthreads();  // everyone has read it before the scratch is reused
    return result;
  }

  __device__ double log_of_product(const LogProduct& p) const {
    const int lane = static_cast<int>(threadIdx.x % 32);
    const int warp = static_cast<int>(threadIdx.x / 32);
    const int warps = static_cast<int>(blockDim.x / 32);
    LogProduct acc = p;
    acc.renormalize();
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
      LogProduct other;
      other.mantissa = __shfl_down_sync(0xffffffffu, acc.mantissa, offset);
      other.exponent2 = __shfl_down_sync(0xffffffffu, acc.exponent2, offset);
      if (lane < offset) acc.multiply(other);
    }
    if (lane == 0) {
      scratch_value[warp] = acc.mantissa;
      scratch_head[warp] = acc.exponent2;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
      LogProduct total;
      for (int w = 0; w < warps; ++w) {
        LogProduct part;
        part.mantissa = scratch_value[w];
        part.exponent2 = scratch_head[w];
        total.multiply(part);
      }
      scratch_value[0] = total.log_value();
    }
    __syncthreads();
    const double result = scratch_value[0];
    __syncthreads();  // everyone has read it before the scratch is reused
    return result;
  }
};

}  // namespace ps::gpu

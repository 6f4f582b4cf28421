// The random stream of one GPU chain: cuRAND's Philox4_32_10 keyed like the
// CPU backend's Philox4x32 (models/philox.hpp): key = seed, subsequence =
// chain_stream_id(global prior, chain, chains). A chain's stream is therefore
// fixed by (seed, global prior index, chain) alone. CPU and GPU streams are
// not the same numbers (different normal/uniform transforms); the backends
// agree statistically, not bitwise (DESIGN.md, Randomness).
//
// Single-precision variates: a Metropolis proposal needs a symmetric
// increment and an accept test needs a uniform with far finer resolution
// than any acceptance probability matters at (2^-24), not 53-bit numbers.
// Double-precision Box-Muller costs a double log, sqrt and sincos per pair,
// which at d = 17 and n = 114 would cost more than the likelihood itself.
#pragma once

#include <curand_kernel.h>

#include <cstdint>

namespace ps::gpu {

class CurandPhiloxRng {
 public:
  __device__ CurandPhiloxRng(uint64_t seed, uint64_t stream) { curand_init(seed, stream, 0, &state_); }

  __device__ double normal() { return static_cast<double>(curand_normal(&state_)); }
  // curand_uniform is on (0, 1]; metropolis_step accepts when u < alpha, which needs
  // u on [0, 1) (u = 1 would reject a certain move), hence 1 - u.
  __device__ double uniform() { return 1.0 - static_cast<double>(curand_uniform(&state_)); }

 private:
  curandStatePhilox4_32_10_t state_;
};

}  // namespace ps::gpu

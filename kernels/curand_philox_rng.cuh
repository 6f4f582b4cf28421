// The random stream of one GPU chain: cuRAND's Philox4_32_10 keyed like the
// CPU backend's Philox4x32 (models/philox.hpp): key = seed, subsequence =
// chain_stream_id(global prior, chain, chains). A chain's stream is therefore
// fixed by (seed, global prior index, chain) alone. CPU and GPU streams are
// not the same numbers (different normal/uniform transforms); the backends
// agree statistically, not bitwise (DESIGN.md, Randomness).
#pragma once

#include <curand_kernel.h>

#include <cstdint>

namespace ps::gpu {

class CurandPhiloxRng {
 public:
  __device__ CurandPhiloxRng(uint64_t seed, uint64_t stream) { curand_init(seed, stream, 0, &state_); }

  __device__ double normal() { return curand_normal_double(&state_); }
  // curand_uniform_double is on (0, 1]; rwm_step accepts when u < alpha, which
  // needs u on [0, 1) (u = 1 would reject a certain move), hence 1 - u.
  __device__ double uniform() { return 1.0 - curand_uniform_double(&state_); }

 private:
  curandStatePhilox4_32_10_t state_;
};

}  // namespace ps::gpu

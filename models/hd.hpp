// Marks functions compiled for both the host and, under nvcc, the device.
// Everything in models/ is written once with PS_HD so the CPU backend, the CUDA
// kernels and the host-side fitting code evaluate literally the same model.
#pragma once

#if defined(__CUDACC__)
#define PS_HD __host__ __device__
#define PS_UNROLL _Pragma("unroll")
#else
#define PS_HD
#define PS_UNROLL
#endif

#include <cmath>

namespace ps {

// Largest parameter vector a chain may carry. Chains keep theta, the proposal
// and scratch in fixed arrays of this size (no allocation in device code).
inline constexpr int kMaxDim = 48;

PS_HD inline double neg_infinity() { return -HUGE_VAL; }

// A load from data that no thread writes while a kernel runs (the model's
// arrays): on the GPU through the read-only data cache.
template <class T>
PS_HD inline T load_readonly(const T* p) {
#if defined(__CUDA_ARCH__)
  return __ldg(p);
#else
  return *p;
#endif
}

}  // namespace ps

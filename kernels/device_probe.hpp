// The hardware ceiling the GPU benchmarks report against (DESIGN.md,
// Performance): how many single-precision special-function calls per second
// this device sustains when nothing else limits it. Plain C++ API.
#pragma once

namespace ps::gpu {

struct SpecialFunctionRates {
  double expf_per_s = 0.0;        // expf as the likelihood calls it (full accuracy, ~2 ulp)
  double fast_expf_per_s = 0.0;   // __expf: the raw special-function unit
  double logf_per_s = 0.0;        // logf (full accuracy)
};

// Runs the probe kernels on the current device (about 0.1 s) and returns the
// best of a few timed launches. Throws CudaError on a CUDA failure.
SpecialFunctionRates probe_special_function_rates();

}  // namespace ps::gpu

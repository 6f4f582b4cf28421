// Every CUDA runtime call and kernel launch goes through CUDA_CHECK so that a
// failure surfaces as a ps::gpu::CudaError (exit code 1 in the CLI) naming the
// call, file and line, instead of a silently wrong result later on. Kernel
// launches report configuration errors only through cudaGetLastError, and
// faults inside a kernel only at the next synchronising call, so both are
// checked (CUDA_CHECK_LAUNCH after the launch, CUDA_CHECK on the copy back).
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "kernels/sweep.hpp"

namespace ps::gpu {

inline void cuda_check(cudaError_t status, const char* expression, const char* file, int line) {
  if (status == cudaSuccess) return;
  throw CudaError(std::string(file) + ":" + std::to_string(line) + ": " + expression +
                  " failed: " + cudaGetErrorName(status) + ": " + cudaGetErrorString(status));
}

}  // namespace ps::gpu

#define CUDA_CHECK(expression) ::ps::gpu::cuda_check((expression), #expression, __FILE__, __LINE__)
#define CUDA_CHECK_LAUNCH(kernel_name) \
  ::ps::gpu::cuda_check(cudaGetLastError(), "launch of " kernel_name, __FILE__, __LINE__)

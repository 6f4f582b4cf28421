// Which CUDA devices exist and how much memory they have free; the GPU
// backend sizes its chunks from the free memory reported here.
#include <cuda_runtime.h>

#include "kernels/sweep.hpp"
#include "kernels/cuda_check.cuh"

namespace ps::gpu {

int device_count(std::string* why_not) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    // No driver, a driver older than the runtime, or no device: the runtime's
    // own message is the most useful explanation for the user.
    if (why_not != nullptr) *why_not = std::string("CUDA: ") + cudaGetErrorString(status);
    cudaGetLastError();  // clear the (non-sticky) error for later calls
    return 0;
  }
  if (count == 0 && why_not != nullptr) *why_not = "CUDA: no CUDA-capable device is detected";
  return count;
}

void select_device(int ordinal) { CUDA_CHECK(cudaSetDevice(ordinal)); }

DeviceInfo device_info(int ordinal) {
  cudaDeviceProp prop{};
  CUDA_CHECK(cudaGetDeviceProperties(&prop, ordinal));
  DeviceInfo info;
  info.ordinal = ordinal;
  info.name = prop.name;
  info.multiprocessors = prop.multiProcessorCount;
  info.compute_major = prop.major;
  info.compute_minor = prop.minor;

  // cudaMemGetInfo reports the current device; restore the caller's choice.
  int previous = 0;
  CUDA_CHECK(cudaGetDevice(&previous));
  CUDA_CHECK(cudaSetDevice(ordinal));
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  const cudaError_t status = cudaMemGetInfo(&free_bytes, &total_bytes);
  CUDA_CHECK(cudaSetDevice(previous));
  CUDA_CHECK(status);
  info.free_bytes = free_bytes;
  info.total_bytes = total_bytes;
  return info;
}

}  // namespace ps::gpu

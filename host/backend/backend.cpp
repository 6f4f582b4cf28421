// Backend selection for --backend auto|cpu|gpu.
#include "host/backend/backend.hpp"

#include "host/backend/gpu_backend.hpp"

namespace ps {

std::unique_ptr<SweepBackend> make_backend(const std::string& choice, int threads, int gpu_lanes_per_chain,
                                           const std::vector<int>& gpu_devices) {
  GpuBackendOptions gpu;
  gpu.lanes_per_chain = gpu_lanes_per_chain;
  gpu.devices = gpu_devices;
  if (choice == "cpu") return make_cpu_backend(threads);
  if (choice == "gpu") return make_gpu_backend(gpu);
  std::string why_not;
  if (gpu_backend_available(&why_not)) return make_gpu_backend(gpu);
  return make_cpu_backend(threads);
}

}  // namespace ps

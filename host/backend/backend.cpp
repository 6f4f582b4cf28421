// Backend selection for --backend auto|cpu|gpu.
#include "host/backend/backend.hpp"

namespace ps {

std::unique_ptr<SweepBackend> make_backend(const std::string& choice, int threads, int gpu_lanes_per_chain) {
  if (choice == "cpu") return make_cpu_backend(threads);
  if (choice == "gpu") return make_gpu_backend(gpu_lanes_per_chain);
  std::string why_not;
  if (gpu_backend_available(&why_not)) return make_gpu_backend(gpu_lanes_per_chain);
  return make_cpu_backend(threads);
}

}  // namespace ps

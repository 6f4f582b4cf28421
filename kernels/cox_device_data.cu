// Upload of a CoxSamplingView's arrays into one device allocation. The model
// is read by every chain of every prior, so it is copied once per sweep and
// shared; the arrays are read-only for the kernels' lifetime, so loads go
// through the read-only data cache.
#include <cuda_runtime.h>

#include <utility>

#include "kernels/cox_sweep.hpp"
#include "kernels/cuda_check.cuh"

namespace ps::gpu {

namespace {

// Offsets of the arrays inside the block, each aligned to 256 bytes (the
// cudaMalloc alignment) so every array starts on its own cache lines.
constexpr size_t kAlign = 256;
size_t align_up(size_t x) { return (x + kAlign - 1) / kAlign * kAlign; }

struct Layout {
  size_t columns, factor_slot, patient_code, event_design_sum, total;
};

Layout layout_of(const CoxSamplingView& v) {
  const size_t n = static_cast<size_t>(v.n);
  Layout l{};
  size_t at = 0;
  auto place = [&at](size_t bytes) {
    const size_t here = at;
    at = align_up(at + bytes);
    return here;
  };
  l.columns = place(static_cast<size_t>(v.n_columns) * n * sizeof(float));
  l.factor_slot = place(static_cast<size_t>(v.n_factors) * n * sizeof(int));
  l.patient_code = place(n * sizeof(int));
  l.event_design_sum = place(static_cast<size_t>(v.dim) * sizeof(double));
  l.total = at;
  return l;
}

template <class T>
T* copy_into(char* block, size_t offset, const T* host, size_t count) {
  if (count == 0) return nullptr;
  T* device = reinterpret_cast<T*>(block + offset);
  CUDA_CHECK(cudaMemcpy(device, host, count * sizeof(T), cudaMemcpyHostToDevice));
  return device;
}

}  // namespace

DeviceCoxData::DeviceCoxData(const CoxSamplingView& host) : view_(host) {
  const Layout l = layout_of(host);
  bytes_ = l.total;
  CUDA_CHECK(cudaMalloc(&block_, bytes_));
  try {
    char* b = static_cast<char*>(block_);
    const size_t n = static_cast<size_t>(host.n);
    view_.columns = copy_into(b, l.columns, host.columns, static_cast<size_t>(host.n_columns) * n);
    view_.factor_slot = copy_into(b, l.factor_slot, host.factor_slot, static_cast<size_t>(host.n_factors) * n);
    view_.patient_code = copy_into(b, l.patient_code, host.patient_code, n);
    view_.event_design_sum = copy_into(b, l.event_design_sum, host.event_design_sum, static_cast<size_t>(host.dim));
  } catch (...) {
    cudaFree(block_);
    throw;
  }
}

DeviceCoxData::~DeviceCoxData() {
  if (block_ != nullptr) cudaFree(block_);
}

DeviceCoxData::DeviceCoxData(DeviceCoxData&& other) noexcept
    : block_(std::exchange(other.block_, nullptr)), bytes_(std::exchange(other.bytes_, 0)), view_(other.view_) {}

DeviceCoxData& DeviceCoxData::operator=(DeviceCoxData&& other) noexcept {
  if (this != &other) {
    if (block_ != nullptr) cudaFree(block_);
    block_ = std::exchange(other.block_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    view_ = other.view_;
  }
  return *this;
}

}  // namespace ps::gpu

// Upload of a CoxView's arrays into one device allocation. The model is read
// by every chain of every prior, so it is copied once per sweep and shared.
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
  size_t treatment, numeric, factor_param, group_end, group_events, stratum_group_end, total;
};

Layout layout_of(const CoxView& v) {
  const size_t n = static_cast<size_t>(v.n);
  Layout l{};
  size_t at = 0;
  auto place = [&at](size_t bytes) {
    const size_t here = at;
    at = align_up(at + bytes);
    return here;
  };
  l.treatment = place(n * sizeof(double));
  l.numeric = place(static_cast<size_t>(v.n_numeric) * n * sizeof(double));
  l.factor_param = place(static_cast<size_t>(v.n_factors) * n * sizeof(int));
  l.group_end = place(static_cast<size_t>(v.n_groups) * sizeof(int));
  l.group_events = place(static_cast<size_t>(v.n_groups) * sizeof(int));
  l.stratum_group_end = place(static_cast<size_t>(v.n_strata) * sizeof(int));
  l.total = at;
  return l;
}

template <class T>
T* copy_into(char* block, size_t offset, const T* host, size_t count) {
  T* device = reinterpret_cast<T*>(block + offset);
  if (count > 0) CUDA_CHECK(cudaMemcpy(device, host, count * sizeof(T), cudaMemcpyHostToDevice));
  return count > 0 ? device : nullptr;
}

}  // namespace

DeviceCoxData::DeviceCoxData(const CoxView& host) : view_(host) {
  const Layout l = layout_of(host);
  bytes_ = l.total;
  if (bytes_ == 0) {  // no patients and no groups: nothing to point at
    view_.treatment = nullptr;
    view_.numeric = nullptr;
    view_.factor_param = nullptr;
    view_.group_end = view_.group_events = view_.stratum_group_end = nullptr;
    return;
  }
  CUDA_CHECK(cudaMalloc(&block_, bytes_));
  try {
    char* b = static_cast<char*>(block_);
    const size_t n = static_cast<size_t>(host.n);
    view_.treatment = copy_into(b, l.treatment, host.treatment, n);
    view_.numeric = copy_into(b, l.numeric, host.numeric, static_cast<size_t>(host.n_numeric) * n);
    view_.factor_param = copy_into(b, l.factor_param, host.factor_param, static_cast<size_t>(host.n_factors) * n);
    view_.group_end = copy_into(b, l.group_end, host.group_end, static_cast<size_t>(host.n_groups));
    view_.group_events = copy_into(b, l.group_events, host.group_events, static_cast<size_t>(host.n_groups));
    view_.stratum_group_end =
        copy_into(b, l.stratum_group_end, host.stratum_group_end, static_cast<size_t>(host.n_strata));
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

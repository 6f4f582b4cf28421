// CoxPosterior::log_density for a batch of parameter vectors, one thread per
// vector. Its CPU twin is the very same function called on the host; the
// test compares the two on the same inputs (tests/backend).
#include <cuda_runtime.h>

#include "kernels/cox_sweep.hpp"
#include "kernels/cuda_check.cuh"
#include "kernels/device_buffer.cuh"
#include "kernels/launch_shape.cuh"

namespace ps::gpu {

namespace {

__global__ void cox_log_density_batch_kernel(CoxPosterior model, const double* __restrict__ thetas, size_t count,
                                             double* __restrict__ out) {
  const int d = model.dim();
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    // A private copy, as a chain holds its theta: the likelihood indexes theta
    // by factor level, and thread-local reads avoid re-reading global memory.
    double theta[kMaxDim];
    for (int k = 0; k < d; ++k) theta[k] = thetas[i * d + k];
    out[i] = model.log_density(theta);
  }
}

void check_dim(const CoxPosterior& model) {
  if (model.dim() < 1 || model.dim() > kMaxDim)
    throw std::invalid_argument("cox_log_density_batch: model dimension " + std::to_string(model.dim()) +
                                " outside 1.." + std::to_string(kMaxDim));
}

void launch(const CoxPosterior& model, const double* thetas, size_t count, double* out) {
  if (count == 0) return;
  cox_log_density_batch_kernel<<<blocks_for(count), kThreadsPerBlock>>>(model, thetas, count, out);
  CUDA_CHECK_LAUNCH("cox_log_density_batch_kernel");
}

}  // namespace

struct CoxLogDensityBatch::Impl {
  CoxPosterior model;
  size_t capacity = 0;
  size_t count = 0;
  DeviceBuffer<double> thetas;
  DeviceBuffer<double> out;
};

CoxLogDensityBatch::CoxLogDensityBatch(const CoxPosterior& device_model, size_t capacity) : impl_(new Impl) {
  check_dim(device_model);
  impl_->model = device_model;
  impl_->capacity = capacity;
  impl_->thetas = DeviceBuffer<double>(capacity * static_cast<size_t>(device_model.dim()));
  impl_->out = DeviceBuffer<double>(capacity);
}

CoxLogDensityBatch::~CoxLogDensityBatch() = default;

void CoxLogDensityBatch::set_thetas(const double* thetas, size_t count) {
  if (count > impl_->capacity)
    throw std::invalid_argument("CoxLogDensityBatch: " + std::to_string(count) + " vectors exceed capacity " +
                                std::to_string(impl_->capacity));
  impl_->thetas.upload(thetas, count * static_cast<size_t>(impl_->model.dim()));
  impl_->count = count;
}

void CoxLogDensityBatch::evaluate() {
  launch(impl_->model, impl_->thetas.data(), impl_->count, impl_->out.data());
  CUDA_CHECK(cudaDeviceSynchronize());
}

void CoxLogDensityBatch::get(double* out) const { impl_->out.download(out, impl_->count); }

void cox_log_density_batch(const CoxPosterior& device_model, const double* thetas, size_t count, double* out) {
  CoxLogDensityBatch batch(device_model, count);
  batch.set_thetas(thetas, count);
  batch.evaluate();
  batch.get(out);
}

}  // namespace ps::gpu

// A posterior's log_density for a batch of parameter vectors, for any
// SweepModel, in any sweep layout: one thread per vector, or a team of lanes per vector evaluating it
// together exactly as a chain's team does (kernels/team_layout.cuh). Its CPU
// twin is the same function called on the host; the tests compare the two on
// the same inputs (tests/backend), and bench/ times it.
#include <cuda_runtime.h>

#include "kernels/sweep.hpp"
#include "kernels/cuda_check.cuh"
#include "kernels/device_buffer.cuh"
#include "kernels/team_layout.cuh"

namespace ps::gpu {

namespace {

template <int kLanes, class Posterior>
__global__ void __launch_bounds__(kLanes == 0 ? 1024 : kTeamBlockThreads)
    log_density_batch_kernel(Posterior model, const double* __restrict__ thetas, size_t count,
                             double* __restrict__ out) {
  extern __shared__ __align__(16) unsigned char shared[];
  const int d = model.dim();
  const TeamContext<kLanes> ctx = enter_team<kLanes>(shared, d);
  const TeamModel<kLanes, Posterior> team_model{model, ctx};
  for (size_t i = ctx.first_item; i < count; i += ctx.item_stride) {
    // A private copy, as a chain holds its theta.
    double theta[kMaxDim];
    for (int k = 0; k < d; ++k) theta[k] = thetas[i * d + k];
    const double value = team_model.log_density(theta);
    if (ctx.leader) out[i] = value;
  }
}

void check_dim(const SweepModel& model) {
  const int dim = sweep_model_dim(model);
  if (dim < 1 || dim > kMaxDim)
    throw std::invalid_argument("log_density_batch: model dimension " + std::to_string(dim) + " outside 1.." +
                                std::to_string(kMaxDim));
}

void launch(const SweepModel& any_model, const SweepLayout& layout, const double* thetas, size_t count, double* out) {
  if (count == 0) return;
  std::visit(
      [&](const auto& model) {
        using Posterior = std::decay_t<decltype(model)>;
        with_team_lanes(layout, [&](auto lanes) {
          constexpr int kLanes = decltype(lanes)::value;
          const TeamLaunch l = team_launch<kLanes>(count, model.dim(), layout);
          log_density_batch_kernel<kLanes, Posterior><<<l.blocks, l.threads, l.shared_bytes>>>(model, thetas, count, out);
          CUDA_CHECK_LAUNCH("log_density_batch_kernel");
        });
      },
      any_model);
}

}  // namespace

struct LogDensityBatch::Impl {
  SweepModel model;
  SweepLayout layout;
  size_t capacity = 0;
  size_t count = 0;
  DeviceBuffer<double> thetas;
  DeviceBuffer<double> out;
};

LogDensityBatch::LogDensityBatch(const SweepModel& device_model, size_t capacity, const SweepLayout& layout)
    : impl_(new Impl) {
  check_dim(device_model);
  if (!valid_lanes_per_chain(layout.lanes_per_chain))
    throw std::invalid_argument("LogDensityBatch: unsupported layout " + layout.name());
  impl_->model = device_model;
  impl_->layout = layout;
  impl_->capacity = capacity;
  impl_->thetas = DeviceBuffer<double>(capacity * static_cast<size_t>(sweep_model_dim(device_model)));
  impl_->out = DeviceBuffer<double>(capacity);
}

LogDensityBatch::~LogDensityBatch() = default;

void LogDensityBatch::set_thetas(const double* thetas, size_t count) {
  if (count > impl_->capacity)
    throw std::invalid_argument("LogDensityBatch: " + std::to_string(count) + " vectors exceed capacity " +
                                std::to_string(impl_->capacity));
  impl_->thetas.upload(thetas, count * static_cast<size_t>(sweep_model_dim(impl_->model)));
  impl_->count = count;
}

void LogDensityBatch::evaluate() {
  launch(impl_->model, impl_->layout, impl_->thetas.data(), impl_->count, impl_->out.data());
  CUDA_CHECK(cudaDeviceSynchronize());
}

void LogDensityBatch::get(double* out) const { impl_->out.download(out, impl_->count); }

void log_density_batch(const SweepModel& device_model, const double* thetas, size_t count, double* out,
                       const SweepLayout& layout) {
  LogDensityBatch batch(device_model, count, layout);
  batch.set_thetas(thetas, count);
  batch.evaluate();
  batch.get(out);
}

}  // namespace ps::gpu

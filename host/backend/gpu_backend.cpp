// The CUDA backend behind SweepBackend: uploads the model once per run, sizes
// chunks of priors from the device's free memory, runs each chunk in one
// kernel launch (kernels/sweep.cu) and hands chunks back in prior order.
// While the host consumes chunk k (on_chunk), the GPU already runs chunk k+1.
//
// Built without CUDA this file still provides gpu_backend_available and
// make_gpu_backend, which then explain why there is no GPU backend.
#include "host/backend/gpu_backend.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#ifdef PRIORSWEEP_HAVE_CUDA
#include "kernels/sweep.hpp"
#endif

namespace ps {

namespace {

constexpr size_t kMiB = size_t{1} << 20;

std::string gib(size_t bytes) {
  const double g = static_cast<double>(bytes) / static_cast<double>(size_t{1} << 30);
  std::string s = std::to_string(g);
  return s.substr(0, s.find('.') + 3) + " GiB";
}

}  // namespace

size_t gpu_chunk_priors(size_t free_device_bytes, size_t bytes_per_prior, size_t n_priors,
                        const GpuBackendOptions& options) {
  if (n_priors == 0) return 0;
  // Headroom: the context, the local-memory stacks of resident threads
  // (~1.3 KB each, ~0.4 GB on an H100) and allocator fragmentation.
  const size_t headroom = std::max(free_device_bytes / 8, 768 * kMiB);
  const size_t usable = free_device_bytes > headroom ? free_device_bytes - headroom : 0;
  const size_t per_prior = std::max<size_t>(bytes_per_prior, 1);
  if (per_prior > usable)
    throw std::runtime_error("GPU backend: one prior's chains need " + gib(per_prior) +
                             " of device memory (chains x draws x parameters doubles) but only " + gib(usable) +
                             " is usable; reduce chains or draws, or use --backend cpu");
  size_t chunk = usable / per_prior;
  // The host cap is soft: a single prior larger than it still runs alone.
  chunk = std::min(chunk, std::max<size_t>(options.max_chunk_bytes / per_prior, 1));
  if (options.max_chunk_priors > 0) chunk = std::min(chunk, options.max_chunk_priors);
  return std::min(chunk, n_priors);
}

#ifndef PRIORSWEEP_HAVE_CUDA

namespace {
constexpr const char* kWithoutCuda = "built without CUDA (PRIORSWEEP_CUDA=OFF or no CUDA compiler)";
}

bool gpu_backend_available(std::string* why_not) {
  if (why_not != nullptr) *why_not = kWithoutCuda;
  return false;
}

std::unique_ptr<SweepBackend> make_gpu_backend(const GpuBackendOptions&) { throw std::runtime_error(kWithoutCuda); }

std::unique_ptr<SweepBackend> make_gpu_backend(int) { throw std::runtime_error(kWithoutCuda); }

#else  // PRIORSWEEP_HAVE_CUDA

namespace {

bool device_usable(int ordinal, std::string* why_not) {
  const int count = gpu::device_count(why_not);
  if (count == 0) return false;
  if (ordinal < 0 || ordinal >= count) {
    if (why_not != nullptr)
      *why_not = "CUDA device " + std::to_string(ordinal) + " requested but " + std::to_string(count) + " device" +
                 (count == 1 ? " is" : "s are") + " present";
    return false;
  }
  return gpu::kernels_runnable_on(ordinal, why_not);
}

void validate(const SweepJob& job) {
  const size_t n = job.n_priors();
  const size_t d = static_cast<size_t>(job.dim());
  auto fail = [](const std::string& what) { throw std::invalid_argument("GPU backend: invalid SweepJob: " + what); };
  if (job.dim() < 1 || job.dim() > kMaxDim)
    fail("dimension " + std::to_string(job.dim()) + " outside 1.." + std::to_string(kMaxDim));
  if (job.chains < 1) fail("chains = " + std::to_string(job.chains));
  if (job.plan.warmup < 0 || job.plan.draws < 0) fail("negative warmup or draws");
  if (job.plan.thin < 1) fail("thin = " + std::to_string(job.plan.thin));
  if (job.global_ids.size() != n)
    fail("global_ids has " + std::to_string(job.global_ids.size()) + " entries for " + std::to_string(n) + " priors");
  if (job.modes.size() != n * d)
    fail("modes has " + std::to_string(job.modes.size()) + " values, expected " + std::to_string(n * d));
  if (job.cholesky.size() != n * d * d)
    fail("cholesky has " + std::to_string(job.cholesky.size()) + " values, expected " + std::to_string(n * d * d));
}

class GpuBackend final : public SweepBackend {
 public:
  explicit GpuBackend(const GpuBackendOptions& options) : options_(options) {
    std::string why_not;
    if (!device_usable(options.device, &why_not)) throw std::runtime_error("GPU backend unavailable: " + why_not);
    const gpu::DeviceInfo info = gpu::device_info(options.device);
    device_name_ = info.name;
    multiprocessors_ = info.multiprocessors;
  }

  std::string name() const override { return "gpu"; }
  std::string device() const override { return device_name_; }
  std::string layout(const SweepJob& job) const override { return layout_for(job).name(); }

  void run(const SweepJob& job, const ChunkCallback& on_chunk) override {
    validate(job);
    const size_t n = job.n_priors();
    if (n == 0) return;
    const size_t d = static_cast<size_t>(job.dim());
    gpu::select_device(options_.device);  // run() may be called from another thread than the constructor

    const gpu::DeviceSweepModel device_model(job.model);

    const size_t per_prior = gpu::sweep_device_bytes_per_prior(job.dim(), job.chains, saved_values_per_chain(job.plan, job.dim()));
    const size_t chunk = gpu_chunk_priors(gpu::device_info(options_.device).free_bytes, per_prior, n, options_);
    gpu::SweepRunner runner(device_model.model(), job.plan, job.chains, job.seed, chunk, layout_for(job));

    auto input = [&](size_t first) {
      gpu::SweepChunkInput in;
      in.priors = job.priors.data() + first;
      in.global_ids = job.global_ids.data() + first;
      in.modes = job.modes.data() + first * d;
      in.cholesky = job.cholesky.data() + first * d * d;
      in.count = std::min(chunk, n - first);
      return in;
    };

    const size_t values_per_chain = static_cast<size_t>(saved_values_per_chain(job.plan, job.dim()));
    runner.launch(input(0));
    for (size_t first = 0; first < n; first += chunk) {
      SweepChunk out;
      out.first = first;
      out.count = std::min(chunk, n - first);
      const size_t chains = out.count * static_cast<size_t>(job.chains);
      out.draws.resize(chains * values_per_chain);
      out.stats.resize(chains);
      runner.collect(out.draws.data(), out.stats.data());
      if (first + chunk < n) runner.launch(input(first + chunk));  // overlaps with on_chunk below
      on_chunk(out);
    }
  }

 private:
  // The layout for the chains of a whole chunk: with the usual chunk sizes
  // that is every chain of the job.
  gpu::SweepLayout layout_for(const SweepJob& job) const {
    if (options_.lanes_per_chain > 0) return gpu::SweepLayout{options_.lanes_per_chain};
    const int64_t chains = static_cast<int64_t>(job.layout_priors > 0 ? job.layout_priors : job.n_priors()) * job.chains;
    return gpu::choose_sweep_layout(sweep_model_patients(job.model), chains, multiprocessors_);
  }

  GpuBackendOptions options_;
  std::string device_name_;
  int multiprocessors_ = 0;
};

}  // namespace

bool gpu_backend_available(std::string* why_not) { return device_usable(GpuBackendOptions{}.device, why_not); }

std::unique_ptr<SweepBackend> make_gpu_backend(const GpuBackendOptions& options) {
  return std::make_unique<GpuBackend>(options);
}

std::unique_ptr<SweepBackend> make_gpu_backend(int lanes_per_chain) {
  GpuBackendOptions options;
  options.lanes_per_chain = lanes_per_chain;
  return make_gpu_backend(options);
}

#endif  // PRIORSWEEP_HAVE_CUDA

}  // namespace ps

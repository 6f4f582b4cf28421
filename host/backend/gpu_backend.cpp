// The CUDA backend behind SweepBackend: uploads the model once per run and
// device, sizes chunks of priors from the smallest free device memory, runs
// each chunk in one kernel launch (kernels/sweep.cu) on one of the devices
// (chunk i on device i % n, host/backend/ordered_chunks.hpp) and hands the
// chunks back in prior order. While the host consumes chunk k (on_chunk),
// the devices already run the chunks after it.
//
// Built without CUDA this file still provides gpu_backend_available and
// make_gpu_backend, which then explain why there is no GPU backend.
#include "host/backend/gpu_backend.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#ifdef PRIORSWEEP_HAVE_CUDA
#include <cstdint>

#include "host/backend/ordered_chunks.hpp"
#include "host/summary/summary.hpp"
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

size_t gpu_summary_batch_segments(size_t free_device_bytes, size_t bytes_per_segment, size_t segments) {
  if (segments == 0) return 1;
  // A quarter of the free memory: enough for every segment of a large chunk
  // to have its own thread, and most of the memory stays with the draws.
  const size_t fit = free_device_bytes / 4 / std::max<size_t>(bytes_per_segment, 1);
  return std::max<size_t>(1, std::min(fit, segments));
}

std::vector<int> parse_device_list(const std::string& text) {
  if (text == "all") return {};
  std::vector<int> devices;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t comma = text.find(',', at);
    const std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 4)
      throw std::invalid_argument("--devices: found '" + text + "'; expected \"all\" or device ordinals such as 0,1");
    const int d = std::stoi(item);
    if (std::find(devices.begin(), devices.end(), d) != devices.end())
      throw std::invalid_argument("--devices: device " + item + " twice in '" + text + "'; expected each device once");
    devices.push_back(d);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return devices;
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

gpu::DeviceSummaryPlan device_summary_plan(const SummaryRequest& request, int chains, int n_draws) {
  gpu::DeviceSummaryPlan plan;
  plan.probabilities = request.probabilities;
  plan.thresholds = request.thresholds;
  const size_t split_draws = split_draw_count(chains, n_draws);
  const double* scores = summary_detail::blom_half_scores(split_draws);
  plan.half_scores.assign(scores, scores + blom_half_rank_count(split_draws));
  plan.keep_draws = request.keep_draws;
  return plan;
}

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

// Every visible device when the list is empty.
std::vector<int> resolve_devices(const std::vector<int>& requested) {
  if (!requested.empty()) return requested;
  std::string why_not;
  std::vector<int> all;
  for (int d = 0; d < gpu::device_count(&why_not); ++d) all.push_back(d);
  return all;
}

class GpuBackend final : public SweepBackend {
 public:
  explicit GpuBackend(const GpuBackendOptions& options) : options_(options), devices_(resolve_devices(options.devices)) {
    std::string why_not;
    if (devices_.empty()) {
      gpu::device_count(&why_not);
      throw std::runtime_error("GPU backend unavailable: " + (why_not.empty() ? std::string("no CUDA device") : why_not));
    }
    for (int d : devices_)
      if (!device_usable(d, &why_not)) throw std::runtime_error("GPU backend unavailable: " + why_not);
    const gpu::DeviceInfo info = gpu::device_info(devices_.front());
    device_name_ = info.name;
    for (size_t k = 1; k < devices_.size(); ++k) device_name_ += " + " + gpu::device_info(devices_[k]).name;
    multiprocessors_ = info.multiprocessors;
  }

  std::string name() const override { return "gpu"; }
  std::string device() const override { return device_name_; }
  std::string layout(const SweepJob& job) const override { return layout_for(job).name(); }

  // Chunk i runs on devices_[i % n]; each device has its own copy of the
  // model and its own buffers, owned by its worker thread. While the host
  // summarises chunk i, the devices already run the chunks after it.
  void run(const SweepJob& job, const ChunkCallback& on_chunk) override {
    validate(job);
    const size_t n = job.n_priors();
    if (n == 0) return;
    const size_t d = static_cast<size_t>(job.dim());
    const size_t per_prior = gpu::sweep_device_bytes_per_prior(job.dim(), job.chains, saved_values_per_chain(job.plan, job.dim()));
    size_t free_bytes = SIZE_MAX;
    for (int device : devices_) free_bytes = std::min(free_bytes, gpu::device_info(device).free_bytes);
    // The summaries' buffers first (a fixed number of segments per pass),
    // then as many priors per chunk as the rest holds.
    const int width = saved_width(job.plan, job.dim());
    gpu::DeviceSummaryPlan summary = device_summary_plan(job.summary, job.chains, saved_draws(job.plan));
    const size_t segment_bytes = gpu::summary_device_bytes_per_segment(job.chains, saved_draws(job.plan));
    summary.batch_segments = gpu_summary_batch_segments(free_bytes, segment_bytes, n * width);
    const size_t summary_bytes = summary.batch_segments * segment_bytes;
    free_bytes = free_bytes > summary_bytes ? free_bytes - summary_bytes : 0;
    const size_t chunk = gpu_chunk_priors(free_bytes, per_prior, n, options_);
    const size_t n_chunks = (n + chunk - 1) / chunk;
    const int workers = static_cast<int>(std::min(devices_.size(), n_chunks));
    const gpu::SweepLayout layout = layout_for(job);
    const size_t values_per_chain = static_cast<size_t>(saved_values_per_chain(job.plan, job.dim()));

    struct Worker {
      std::unique_ptr<gpu::DeviceSweepModel> model;
      std::unique_ptr<gpu::SweepRunner> runner;
    };
    std::vector<Worker> state(workers);
    run_chunks_in_order<SweepChunk>(
        n_chunks, workers, 2,
        [&](int w) {
          gpu::select_device(devices_[w]);
          state[w].model = std::make_unique<gpu::DeviceSweepModel>(job.model);
          state[w].runner = std::make_unique<gpu::SweepRunner>(state[w].model->model(), job.plan, job.chains, job.seed,
                                                               chunk, layout, summary);
        },
        [&](int w, size_t k) {
          SweepChunk out;
          out.first = k * chunk;
          out.count = std::min(chunk, n - out.first);
          gpu::SweepChunkInput in;
          in.priors = job.priors.data() + out.first;
          in.global_ids = job.global_ids.data() + out.first;
          in.modes = job.modes.data() + out.first * d;
          in.cholesky = job.cholesky.data() + out.first * d * d;
          in.count = out.count;
          const size_t chains = out.count * static_cast<size_t>(job.chains);
          if (job.summary.keep_draws) out.draws.resize(chains * values_per_chain);
          out.stats.resize(chains);
          out.summaries.resize(out.count * static_cast<size_t>(width) * job.summary.row_width());
          state[w].runner->launch(in);
          out.summarize_seconds = state[w].runner->collect(out.summaries.data(), out.stats.data(), out.draws.data());
          return out;
        },
        [&](SweepChunk&& c) { on_chunk(c); },
        [&](int w) {  // the device's buffers are freed on the thread that made it current
          state[w].runner.reset();
          state[w].model.reset();
        });
  }

 private:
  // The layout for the chains of the whole grid (SweepJob::layout_priors),
  // the same whatever the devices, the shard or the chunking.
  gpu::SweepLayout layout_for(const SweepJob& job) const {
    if (options_.lanes_per_chain > 0) return gpu::SweepLayout{options_.lanes_per_chain};
    const int64_t chains = static_cast<int64_t>(job.layout_priors > 0 ? job.layout_priors : job.n_priors()) * job.chains;
    return gpu::choose_sweep_layout(sweep_model_patients(job.model), chains, multiprocessors_);
  }

  GpuBackendOptions options_;
  std::vector<int> devices_;
  std::string device_name_;
  int multiprocessors_ = 0;
};

}  // namespace

bool gpu_backend_available(std::string* why_not) { return device_usable(0, why_not); }

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

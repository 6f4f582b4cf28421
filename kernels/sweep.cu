// The sweep kernel: every chain of every prior of a chunk in one launch, for
// any posterior of SweepModel (one kernel instance per model and layout). Each
// chain builds the posterior of its prior from the shared device model and
// runs the same run_chain as the CPU backend (models/metropolis.hpp), with a
// cuRAND Philox stream keyed by (seed, global prior index, chain).
//
// The layout (kernels/sweep_layout.hpp) decides how many lanes share a chain:
// one thread per chain when chains are many; otherwise a team of lanes runs
// the chain's Metropolis logic redundantly (same stream, same numbers, same
// decisions) and splits each likelihood evaluation between them. Only the
// team's leader writes draws and statistics.
#include <cuda_runtime.h>

#include <chrono>
#include <memory>
#include <utility>

#include "kernels/sweep.hpp"
#include "kernels/cuda_check.cuh"
#include "kernels/curand_philox_rng.cuh"
#include "kernels/device_buffer.cuh"
#include "kernels/team_layout.cuh"
#include "kernels/term_summaries.cuh"
#include "models/philox.hpp"

namespace ps::gpu {

namespace {

template <class Posterior>
struct SweepKernelArgs {
  Posterior model;
  ChainPlan plan;
  int chains;
  uint64_t seed;
  size_t count;
  const SweptPrior* priors;
  const uint64_t* global_ids;
  const double* modes;
  const double* cholesky;
  double* draws;
  ChainStats* stats;
};

template <int kLanes, class Posterior>
__global__ void __launch_bounds__(kLanes == 0 ? 1024 : kTeamBlockThreads) sweep_kernel(SweepKernelArgs<Posterior> a) {
  extern __shared__ __align__(16) unsigned char shared[];
  const size_t d = static_cast<size_t>(a.model.dim());
  const TeamContext<kLanes> ctx = enter_team<kLanes>(shared, a.model.dim());
  const size_t total = a.count * static_cast<size_t>(a.chains);
  for (size_t id = ctx.first_item; id < total; id += ctx.item_stride) {
    const size_t p = id / a.chains;
    const int c = static_cast<int>(id % a.chains);
    TeamModel<kLanes, Posterior> team_model{a.model, ctx};
    team_model.posterior.set_swept_prior(a.priors[p]);
    CurandPhiloxRng rng(a.seed, chain_stream_id(a.global_ids[p], c, a.chains));
    ChainStats chain_stats;
    // id == p * chains + c, so this is the SweepChunk layout.
    double* draws = ctx.leader ? a.draws + id * static_cast<size_t>(saved_values_per_chain(a.plan, a.model.dim())) : nullptr;
    run_chain(team_model, a.plan, a.modes + p * d, a.cholesky + p * d * d, rng, draws, chain_stats);
    if (ctx.leader) a.stats[id] = chain_stats;
  }
}

template <class Posterior>
void launch_sweep(const SweepKernelArgs<Posterior>& a, const SweepLayout& layout) {
  with_team_lanes(layout, [&](auto lanes) {
    constexpr int kLanes = decltype(lanes)::value;
    const TeamLaunch l = team_launch<kLanes>(a.count * static_cast<size_t>(a.chains), a.model.dim(), layout);
    sweep_kernel<kLanes, Posterior><<<l.blocks, l.threads, l.shared_bytes>>>(a);
    CUDA_CHECK_LAUNCH("sweep_kernel");
  });
}

}  // namespace

bool kernels_runnable_on(int ordinal, std::string* why_not) {
  int previous = 0;
  cudaError_t status = cudaGetDevice(&previous);
  if (status == cudaSuccess) status = cudaSetDevice(ordinal);
  if (status == cudaSuccess) {
    cudaFuncAttributes attributes{};
    status = cudaFuncGetAttributes(&attributes, sweep_kernel<1, CoxPosterior>);
    cudaSetDevice(previous);
  }
  if (status == cudaSuccess) return true;
  if (why_not != nullptr)
    *why_not = std::string("CUDA device ") + std::to_string(ordinal) + ": " + cudaGetErrorString(status);
  cudaGetLastError();  // clear the error so later calls start clean
  return false;
}

size_t sweep_device_bytes_per_prior(int dim, int chains, long long values_per_chain) {
  const size_t d = static_cast<size_t>(dim);
  const size_t c = static_cast<size_t>(chains);
  return c * static_cast<size_t>(values_per_chain) * sizeof(double) + c * sizeof(ChainStats) + d * sizeof(double) +
         d * d * sizeof(double) + sizeof(SweptPrior) + sizeof(uint64_t);
}

struct SweepRunner::Impl {
  SweepModel model;
  SweepLayout layout;
  ChainPlan plan;
  int chains = 0;
  uint64_t seed = 0;
  size_t max_priors = 0;
  size_t launched = 0;  // priors of the chunk in flight; 0 when none
  DeviceBuffer<SweptPrior> priors;
  DeviceBuffer<uint64_t> global_ids;
  DeviceBuffer<double> modes;
  DeviceBuffer<double> cholesky;
  DeviceBuffer<double> draws;
  DeviceBuffer<ChainStats> stats;
  bool keep_draws = true;
  std::unique_ptr<TermSummarizer> summarizer;
};

SweepRunner::SweepRunner(const SweepModel& device_model, const ChainPlan& plan, int chains, uint64_t seed,
                         size_t max_chunk_priors, const SweepLayout& layout, const DeviceSummaryPlan& summary)
    : impl_(new Impl) {
  const int dim = sweep_model_dim(device_model);
  if (dim < 1 || dim > kMaxDim)
    throw std::invalid_argument("SweepRunner: model dimension " + std::to_string(dim) + " outside 1.." +
                                std::to_string(kMaxDim));
  if (chains < 1) throw std::invalid_argument("SweepRunner: chains must be >= 1");
  if (plan.draws < 0 || plan.warmup < 0) throw std::invalid_argument("SweepRunner: negative warmup or draws");
  if (plan.thin < 1) throw std::invalid_argument("SweepRunner: thin must be >= 1");
  if (max_chunk_priors < 1) throw std::invalid_argument("SweepRunner: max_chunk_priors must be >= 1");
  if (!valid_lanes_per_chain(layout.lanes_per_chain))
    throw std::invalid_argument("SweepRunner: lanes per chain " + std::to_string(layout.lanes_per_chain) +
                                " is not a power of two in 1..1024");
  Impl& s = *impl_;
  s.model = device_model;
  s.layout = layout;
  s.plan = plan;
  s.chains = chains;
  s.seed = seed;
  s.max_priors = max_chunk_priors;
  const size_t d = static_cast<size_t>(dim);
  const size_t chain_count = max_chunk_priors * static_cast<size_t>(chains);
  s.priors = DeviceBuffer<SweptPrior>(max_chunk_priors);
  s.global_ids = DeviceBuffer<uint64_t>(max_chunk_priors);
  s.modes = DeviceBuffer<double>(max_chunk_priors * d);
  s.cholesky = DeviceBuffer<double>(max_chunk_priors * d * d);
  s.draws = DeviceBuffer<double>(chain_count * static_cast<size_t>(saved_values_per_chain(plan, dim)));
  s.stats = DeviceBuffer<ChainStats>(chain_count);
  s.keep_draws = summary.keep_draws;
  const int width = saved_width(plan, dim);
  s.summarizer = std::make_unique<TermSummarizer>(chains, saved_draws(plan), width, summary,
                                                  max_chunk_priors * static_cast<size_t>(width));
}

SweepRunner::~SweepRunner() = default;

size_t SweepRunner::max_chunk_priors() const { return impl_->max_priors; }

const SweepLayout& SweepRunner::layout() const { return impl_->layout; }

void SweepRunner::launch(const SweepChunkInput& chunk) {
  Impl& s = *impl_;
  if (s.launched != 0) throw std::logic_error("SweepRunner::launch: the previous chunk was not collected");
  if (chunk.count > s.max_priors)
    throw std::invalid_argument("SweepRunner::launch: chunk of " + std::to_string(chunk.count) +
                                " priors exceeds the buffers' " + std::to_string(s.max_priors));
  if (chunk.count == 0) return;
  const size_t d = static_cast<size_t>(sweep_model_dim(s.model));
  // Plain cudaMemcpy on the legacy default stream: ordered after the previous
  // kernel (already collected) and before this one.
  s.priors.upload(chunk.priors, chunk.count);
  s.global_ids.upload(chunk.global_ids, chunk.count);
  s.modes.upload(chunk.modes, chunk.count * d);
  s.cholesky.upload(chunk.cholesky, chunk.count * d * d);
  std::visit(
      [&](const auto& model) {
        using Posterior = std::decay_t<decltype(model)>;
        launch_sweep(SweepKernelArgs<Posterior>{model, s.plan, s.chains, s.seed, chunk.count, s.priors.data(),
                                                s.global_ids.data(), s.modes.data(), s.cholesky.data(),
                                                s.draws.data(), s.stats.data()},
                     s.layout);
      },
      s.model);
  s.launched = chunk.count;
}

void SweepRunner::synchronize() { CUDA_CHECK(cudaDeviceSynchronize()); }

double SweepRunner::collect(double* summaries, ChainStats* stats, double* draws) {
  Impl& s = *impl_;
  const size_t count = std::exchange(s.launched, 0);
  if (count == 0) return 0.0;
  const size_t chain_count = count * static_cast<size_t>(s.chains);
  const long long values_per_chain = saved_values_per_chain(s.plan, sweep_model_dim(s.model));
  // The first copy waits for the kernel; a fault inside it is reported here.
  s.stats.download(stats, chain_count);
  const auto t0 = std::chrono::steady_clock::now();
  s.summarizer->summarize(s.draws.data(), values_per_chain, count, summaries);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (s.keep_draws) s.draws.download(draws, chain_count * static_cast<size_t>(values_per_chain));
  return seconds;
}

}  // namespace ps::gpu

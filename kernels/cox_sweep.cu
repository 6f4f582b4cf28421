// The sweep kernel: every chain of every prior of a chunk in one launch, one
// thread per chain. Each thread builds the posterior of its prior from the
// shared device model and runs the same run_rwm_chain as the CPU backend
// (models/rwm.hpp), with a cuRAND Philox stream keyed by (seed, global prior
// index, chain). Threads of a warp walk the patients in the same order, so
// their reads of the model are broadcasts of one cache line.
//
// Chosen for many chains (the usual sweep: priors x chains in the 10^4..10^6
// range). With few chains and very large n a warp- or block-per-chain layout
// with a scan over the risk set would use the GPU better (DESIGN.md,
// Performance); that is a separate kernel, not this one.
#include <cuda_runtime.h>

#include "kernels/cox_sweep.hpp"
#include "kernels/cuda_check.cuh"
#include "kernels/curand_philox_rng.cuh"
#include "kernels/device_buffer.cuh"
#include "kernels/launch_shape.cuh"
#include "models/philox.hpp"

namespace ps::gpu {

namespace {

__global__ void __launch_bounds__(kThreadsPerBlock)
    cox_sweep_kernel(CoxPosterior model, ChainPlan plan, int chains, uint64_t seed, size_t count,
                     const ScalarPrior* __restrict__ priors, const uint64_t* __restrict__ global_ids,
                     const double* __restrict__ modes, const double* __restrict__ cholesky, double* __restrict__ draws,
                     ChainStats* __restrict__ stats) {
  const size_t d = static_cast<size_t>(model.dim());
  const size_t total = count * static_cast<size_t>(chains);
  for (size_t id = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; id < total;
       id += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const size_t p = id / chains;
    const int c = static_cast<int>(id % chains);
    CoxPosterior posterior = model;
    posterior.effect_prior = priors[p];
    CurandPhiloxRng rng(seed, chain_stream_id(global_ids[p], c, chains));
    ChainStats chain_stats;
    // id == p * chains + c, so this is the SweepChunk layout.
    run_rwm_chain(posterior, plan, modes + p * d, cholesky + p * d * d, rng,
                  draws + id * static_cast<size_t>(plan.draws) * d, chain_stats);
    stats[id] = chain_stats;
  }
}

}  // namespace

bool kernels_runnable_on(int ordinal, std::string* why_not) {
  int previous = 0;
  cudaError_t status = cudaGetDevice(&previous);
  if (status == cudaSuccess) status = cudaSetDevice(ordinal);
  if (status == cudaSuccess) {
    cudaFuncAttributes attributes{};
    status = cudaFuncGetAttributes(&attributes, cox_sweep_kernel);
    cudaSetDevice(previous);
  }
  if (status == cudaSuccess) return true;
  if (why_not != nullptr)
    *why_not = std::string("CUDA device ") + std::to_string(ordinal) + ": " + cudaGetErrorString(status);
  cudaGetLastError();  // clear the error so later calls start clean
  return false;
}

size_t sweep_device_bytes_per_prior(int dim, int chains, int draws) {
  const size_t d = static_cast<size_t>(dim);
  const size_t c = static_cast<size_t>(chains);
  return c * static_cast<size_t>(draws) * d * sizeof(double) + c * sizeof(ChainStats) + d * sizeof(double) +
         d * d * sizeof(double) + sizeof(ScalarPrior) + sizeof(uint64_t);
}

struct SweepRunner::Impl {
  CoxPosterior model;
  ChainPlan plan;
  int chains = 0;
  uint64_t seed = 0;
  size_t max_priors = 0;
  size_t launched = 0;  // priors of the chunk in flight; 0 when none
  DeviceBuffer<ScalarPrior> priors;
  DeviceBuffer<uint64_t> global_ids;
  DeviceBuffer<double> modes;
  DeviceBuffer<double> cholesky;
  DeviceBuffer<double> draws;
  DeviceBuffer<ChainStats> stats;
};

SweepRunner::SweepRunner(const CoxPosterior& device_model, const ChainPlan& plan, int chains, uint64_t seed,
                         size_t max_chunk_priors)
    : impl_(new Impl) {
  const int dim = device_model.dim();
  if (dim < 1 || dim > kMaxDim)
    throw std::invalid_argument("SweepRunner: model dimension " + std::to_string(dim) + " outside 1.." +
                                std::to_string(kMaxDim));
  if (chains < 1) throw std::invalid_argument("SweepRunner: chains must be >= 1");
  if (plan.draws < 0 || plan.warmup < 0) throw std::invalid_argument("SweepRunner: negative warmup or draws");
  if (max_chunk_priors < 1) throw std::invalid_argument("SweepRunner: max_chunk_priors must be >= 1");
  Impl& s = *impl_;
  s.model = device_model;
  s.plan = plan;
  s.chains = chains;
  s.seed = seed;
  s.max_priors = max_chunk_priors;
  const size_t d = static_cast<size_t>(dim);
  const size_t chain_count = max_chunk_priors * static_cast<size_t>(chains);
  s.priors = DeviceBuffer<ScalarPrior>(max_chunk_priors);
  s.global_ids = DeviceBuffer<uint64_t>(max_chunk_priors);
  s.modes = DeviceBuffer<double>(max_chunk_priors * d);
  s.cholesky = DeviceBuffer<double>(max_chunk_priors * d * d);
  s.draws = DeviceBuffer<double>(chain_count * static_cast<size_t>(plan.draws) * d);
  s.stats = DeviceBuffer<ChainStats>(chain_count);
}

SweepRunner::~SweepRunner() = default;

size_t SweepRunner::max_chunk_priors() const { return impl_->max_priors; }

void SweepRunner::launch(const SweepChunkInput& chunk) {
  Impl& s = *impl_;
  if (s.launched != 0) throw std::logic_error("SweepRunner::launch: the previous chunk was not collected");
  if (chunk.count > s.max_priors)
    throw std::invalid_argument("SweepRunner::launch: chunk of " + std::to_string(chunk.count) +
                                " priors exceeds the buffers' " + std::to_string(s.max_priors));
  if (chunk.count == 0) return;
  const size_t d = static_cast<size_t>(s.model.dim());
  // Plain cudaMemcpy on the legacy default stream: ordered after the previous
  // kernel (already collected) and before this one.
  s.priors.upload(chunk.priors, chunk.count);
  s.global_ids.upload(chunk.global_ids, chunk.count);
  s.modes.upload(chunk.modes, chunk.count * d);
  s.cholesky.upload(chunk.cholesky, chunk.count * d * d);
  const size_t threads = chunk.count * static_cast<size_t>(s.chains);
  cox_sweep_kernel<<<blocks_for(threads), kThreadsPerBlock>>>(s.model, s.plan, s.chains, s.seed, chunk.count,
                                                              s.priors.data(), s.global_ids.data(), s.modes.data(),
                                                              s.cholesky.data(), s.draws.data(), s.stats.data());
  CUDA_CHECK_LAUNCH("cox_sweep_kernel");
  s.launched = chunk.count;
}

void SweepRunner::collect(double* draws, ChainStats* stats) {
  Impl& s = *impl_;
  const size_t count = std::exchange(s.launched, 0);
  if (count == 0) return;
  const size_t chain_count = count * static_cast<size_t>(s.chains);
  // The first copy waits for the kernel; a fault inside it is reported here.
  s.draws.download(draws, chain_count * static_cast<size_t>(s.plan.draws) * static_cast<size_t>(s.model.dim()));
  s.stats.download(stats, chain_count);
}

}  // namespace ps::gpu

// CPU backend: std::threads pull (prior, chain) work items from a shared
// counter and run the same model and chain code the CUDA kernel runs. Each
// chain owns a Philox stream keyed by (seed, global prior, chain), so results
// are independent of the thread count and of how priors are chunked. The
// same threads then summarise each chunk (host/backend/chunk_summaries.hpp).
#include <algorithm>
#include <fmt/format.h>

#include "host/backend/backend.hpp"
#include "host/backend/chunk_summaries.hpp"
#include "host/parallel_for.hpp"
#include "models/philox.hpp"

namespace ps {

namespace {

// Draw buffers of a chunk are capped so that any grid size runs in bounded memory.
constexpr size_t kChunkBytes = size_t{128} << 20;

class CpuBackend final : public SweepBackend {
 public:
  explicit CpuBackend(int threads)
      : threads_(resolve_threads(threads)) {}

  std::string name() const override { return "cpu"; }
  std::string device() const override { return fmt::format("{} CPU thread{}", threads_, threads_ == 1 ? "" : "s"); }
  std::string layout(const SweepJob&) const override { return "thread-per-chain"; }

  void run(const SweepJob& job, const ChunkCallback& on_chunk) override {
    const size_t per_prior = static_cast<size_t>(job.chains) * saved_values_per_chain(job.plan, job.dim()) * sizeof(double);
    const size_t memory_cap = std::max<size_t>(1, kChunkBytes / std::max<size_t>(1, per_prior));
    // About 20 chunks per job (progress lines, and what an interrupted run
    // keeps), each still with several chains per thread so no thread idles.
    const size_t busy = (4 * static_cast<size_t>(threads_) + job.chains - 1) / job.chains;
    const size_t chunk_priors = std::min(memory_cap, std::max({size_t{1}, busy, (job.n_priors() + 19) / 20}));
    for (size_t first = 0; first < job.n_priors(); first += chunk_priors) {
      SweepChunk chunk;
      chunk.first = first;
      chunk.count = std::min(chunk_priors, job.n_priors() - first);
      run_chunk(job, chunk);
      summarize_chunk_on_host(job, chunk, threads_);
      if (!job.summary.keep_draws) std::vector<double>().swap(chunk.draws);
      on_chunk(chunk);
    }
  }

 private:
  void run_chunk(const SweepJob& job, SweepChunk& chunk) const {
    const int d = job.dim();
    const size_t chain_values = static_cast<size_t>(saved_values_per_chain(job.plan, d));
    const size_t items = chunk.count * job.chains;
    chunk.draws.assign(items * chain_values, 0.0);
    chunk.stats.assign(items, ChainStats{});
    std::visit(
        [&](const auto& shared_model) {
          parallel_for(items, threads_, [&](size_t item) {
            const size_t p = chunk.first + item / job.chains;
            const int c = static_cast<int>(item % job.chains);
            auto model = shared_model;
            model.set_swept_prior(job.priors[p]);
            Philox4x32 rng(job.seed, chain_stream_id(job.global_ids[p], c, job.chains));
            run_chain(model, job.plan, &job.modes[p * d], &job.cholesky[p * d * d], rng,
                      &chunk.draws[item * chain_values], chunk.stats[item]);
          });
        },
        job.model);
  }

  int threads_;
};

}  // namespace

std::unique_ptr<SweepBackend> make_cpu_backend(int threads) { return std::make_unique<CpuBackend>(threads); }

}  // namespace ps

// TermSummarizer (kernels/term_summaries.cuh) and DeviceTermSummaries, its
// form for the CPU-vs-GPU tests and the benchmarks.
#include <cuda_runtime.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>

#include <cub/device/device_segmented_radix_sort.cuh>

#include "kernels/cuda_check.cuh"
#include "kernels/term_summaries.cuh"
#include "models/chain_summary.hpp"
#include "models/metropolis.hpp"

namespace ps::gpu {

namespace {

constexpr size_t kScratchAlignment = 256;

size_t scratch_stride(int chains, int n_draws) {
  const size_t bytes = chain_summary::scratch_bytes(chains, n_draws);
  return (bytes + kScratchAlignment - 1) / kScratchAlignment * kScratchAlignment;
}

// gathered[(s * C + c) * n + t] = coefficient k of draw t of chain c of prior
// p, for segment first + s = p * width + k.
__global__ void gather_segments_kernel(const double* __restrict__ draws, long long values_per_chain, int width,
                                       int chains, int n_draws, size_t first, size_t count,
                                       double* __restrict__ gathered, uint32_t* __restrict__ positions) {
  const size_t per_segment = static_cast<size_t>(chains) * n_draws;
  const size_t total = count * per_segment;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < total;
       i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const size_t segment = first + i / per_segment;
    const size_t within = i % per_segment;
    const size_t p = segment / width;
    const int k = static_cast<int>(segment % width);
    const size_t c = within / n_draws;
    const size_t t = within % n_draws;
    gathered[i] = draws[saved_draw_index(p, c, t, k, chains, values_per_chain, width)];
    positions[i] = static_cast<uint32_t>(within);
  }
}

__global__ void segment_offsets_kernel(int* offsets, size_t count, int per_segment) {
  for (size_t s = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; s <= count;
       s += static_cast<size_t>(gridDim.x) * blockDim.x)
    offsets[s] = static_cast<int>(s) * per_segment;
}

struct SummarizeArgs {
  const double* gathered;
  const double* sorted;
  const uint32_t* sorted_positions;
  size_t count;
  int chains;
  int n_draws;
  const double* half_scores;
  chain_summary::SummaryRequestView request;
  unsigned char* scratch;
  size_t scratch_stride;
  double* rows;
  int row_width;
};

// One thread per segment: the CPU backend's summarize_ratio_term, with
// direct autocovariances.
__global__ void summarize_segments_kernel(SummarizeArgs a) {
  for (size_t s = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; s < a.count;
       s += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const size_t per_segment = static_cast<size_t>(a.chains) * a.n_draws;
    const ChainDraws x{a.gathered + s * per_segment, a.chains, a.n_draws};
    const SortedDrawsView sorted{a.sorted + s * per_segment, a.sorted_positions + s * per_segment, per_segment};
    const chain_summary::Scratch scratch =
        chain_summary::carve_scratch(a.scratch + s * a.scratch_stride, a.chains, a.n_draws);
    chain_summary::DirectAutocovariance acov;
    chain_summary::summarize_ratio_term(x, sorted, a.half_scores, a.request, scratch, acov,
                                        a.rows + s * static_cast<size_t>(a.row_width));
  }
}

unsigned int blocks_for(size_t items, int threads) {
  const size_t blocks = (items + threads - 1) / threads;
  return static_cast<unsigned int>(std::min<size_t>(std::max<size_t>(blocks, 1), 1u << 20));
}

}  // namespace

size_t summary_device_bytes_per_segment(int chains, int n_draws) {
  const size_t per_segment = static_cast<size_t>(chains) * static_cast<size_t>(n_draws);
  // gathered + sorted values (8 + 8), positions in and out (4 + 4), CUB's
  // alternate buffers (8 + 4), the scratch, and one int offset.
  return per_segment * 36 + scratch_stride(chains, n_draws) + sizeof(int);
}

TermSummarizer::TermSummarizer(int chains, int n_draws, int width, const DeviceSummaryPlan& plan,
                               size_t max_segments)
    : chains_(chains), n_draws_(n_draws), width_(width) {
  if (chains < 1 || n_draws < 0 || width < 1) throw std::invalid_argument("TermSummarizer: invalid shape");
  const size_t per_segment = static_cast<size_t>(chains) * static_cast<size_t>(n_draws);
  const size_t split_total = split_draw_count(chains, n_draws);
  if (plan.half_scores.size() != blom_half_rank_count(split_total))
    throw std::invalid_argument("TermSummarizer: " + std::to_string(plan.half_scores.size()) +
                                " Blom scores for " + std::to_string(split_total) + " split draws");
  if (per_segment > static_cast<size_t>(INT_MAX))
    throw std::invalid_argument("TermSummarizer: more than 2^31 draws of one coefficient of one prior");
  const chain_summary::SummaryRequestView request{nullptr, static_cast<int>(plan.probabilities.size()), nullptr,
                                                  static_cast<int>(plan.thresholds.size())};
  row_width_ = chain_summary::summary_row_width(request);
  batch_ = plan.batch_segments > 0 ? std::min(plan.batch_segments, max_segments) : max_segments;
  // CUB counts items in int.
  if (per_segment > 0) batch_ = std::min(batch_, static_cast<size_t>(INT_MAX) / per_segment);
  batch_ = std::max<size_t>(batch_, 1);
  scratch_stride_ = scratch_stride(chains, n_draws);

  probabilities_ = DeviceBuffer<double>(plan.probabilities.size());
  probabilities_.upload(plan.probabilities.data(), plan.probabilities.size());
  thresholds_ = DeviceBuffer<double>(plan.thresholds.size());
  thresholds_.upload(plan.thresholds.data(), plan.thresholds.size());
  half_scores_ = DeviceBuffer<double>(plan.half_scores.size());
  half_scores_.upload(plan.half_scores.data(), plan.half_scores.size());
  offsets_ = DeviceBuffer<int>(batch_ + 1);
  gathered_ = DeviceBuffer<double>(batch_ * per_segment);
  positions_ = DeviceBuffer<uint32_t>(batch_ * per_segment);
  sorted_ = DeviceBuffer<double>(batch_ * per_segment);
  sorted_positions_ = DeviceBuffer<uint32_t>(batch_ * per_segment);
  scratch_ = DeviceBuffer<unsigned char>(batch_ * scratch_stride_);
  rows_ = DeviceBuffer<double>(batch_ * static_cast<size_t>(row_width_));
  segment_offsets_kernel<<<blocks_for(batch_ + 1, 256), 256>>>(offsets_.data(), batch_, static_cast<int>(per_segment));
  CUDA_CHECK_LAUNCH("segment_offsets_kernel");
  if (per_segment > 0) {
    CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortPairs(
        nullptr, sort_temp_bytes_, gathered_.data(), sorted_.data(), positions_.data(), sorted_positions_.data(),
        static_cast<int>(batch_ * per_segment), static_cast<int>(batch_), offsets_.data(), offsets_.data() + 1));
    sort_temp_ = DeviceBuffer<unsigned char>(sort_temp_bytes_);
  }
}

void TermSummarizer::summarize(const double* draws, long long values_per_chain, size_t priors, double* rows) {
  const size_t per_segment = static_cast<size_t>(chains_) * static_cast<size_t>(n_draws_);
  const size_t segments = priors * static_cast<size_t>(width_);
  for (size_t first = 0; first < segments; first += batch_) {
    const size_t count = std::min(batch_, segments - first);
    if (per_segment > 0) {
      gather_segments_kernel<<<blocks_for(count * per_segment, 256), 256>>>(
          draws, values_per_chain, width_, chains_, n_draws_, first, count, gathered_.data(), positions_.data());
      CUDA_CHECK_LAUNCH("gather_segments_kernel");
      size_t temp_bytes = 0;
      CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortPairs(
          nullptr, temp_bytes, gathered_.data(), sorted_.data(), positions_.data(), sorted_positions_.data(),
          static_cast<int>(count * per_segment), static_cast<int>(count), offsets_.data(), offsets_.data() + 1));
      if (temp_bytes > sort_temp_bytes_)
        throw std::logic_error("TermSummarizer: CUB asks for more room for a smaller pass");
      CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortPairs(
          sort_temp_.data(), temp_bytes, gathered_.data(), sorted_.data(), positions_.data(),
          sorted_positions_.data(), static_cast<int>(count * per_segment), static_cast<int>(count), offsets_.data(),
          offsets_.data() + 1));
    }
    SummarizeArgs a;
    a.gathered = gathered_.data();
    a.sorted = sorted_.data();
    a.sorted_positions = sorted_positions_.data();
    a.count = count;
    a.chains = chains_;
    a.n_draws = n_draws_;
    a.half_scores = half_scores_.data();
    a.request = chain_summary::SummaryRequestView{probabilities_.data(), static_cast<int>(probabilities_.size()),
                                                  thresholds_.data(), static_cast<int>(thresholds_.size())};
    a.scratch = scratch_.data();
    a.scratch_stride = scratch_stride_;
    a.rows = rows_.data();
    a.row_width = row_width_;
    constexpr int kThreads = 64;
    summarize_segments_kernel<<<blocks_for(count, kThreads), kThreads>>>(a);
    CUDA_CHECK_LAUNCH("summarize_segments_kernel");
    rows_.download(rows + first * static_cast<size_t>(row_width_), count * static_cast<size_t>(row_width_));
  }
}

struct DeviceTermSummaries::Impl {
  size_t segments;
  int n_draws;
  DeviceBuffer<double> draws;
  TermSummarizer summarizer;
};

// One coefficient per "prior": the sweep's layout with width 1.
DeviceTermSummaries::DeviceTermSummaries(size_t segments, int chains, int n_draws, const DeviceSummaryPlan& plan)
    : impl_(new Impl{segments, n_draws,
                     DeviceBuffer<double>(segments * static_cast<size_t>(chains) * static_cast<size_t>(n_draws)),
                     TermSummarizer(chains, n_draws, 1, plan, std::max<size_t>(segments, 1))}) {}

DeviceTermSummaries::~DeviceTermSummaries() = default;

void DeviceTermSummaries::set_draws(const double* draws) { impl_->draws.upload(draws, impl_->draws.size()); }

void DeviceTermSummaries::summarize(double* rows) {
  // The rows' copy back waits for the kernels and reports their faults.
  impl_->summarizer.summarize(impl_->draws.data(), impl_->n_draws, impl_->segments, rows);
}

}  // namespace ps::gpu

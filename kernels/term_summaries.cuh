// Summaries of a sweep's draws where the sweep kernel left them, so that a
// chunk's draws need not cross PCIe (DeviceSummaryPlan::keep_draws asks for
// them when the host needs them). A pass takes up to batch_segments
// (prior, coefficient) pairs ("segments"):
//   1. gather    each segment's draws, chain-major, out of the sweep's
//                interleaved layout, with their positions 0 .. C n - 1;
//   2. sort      CUB's segmented radix sort of the values with the positions;
//   3. summarise one thread per segment runs the shared
//                chain_summary::summarize_ratio_term (models/chain_summary.hpp),
//                the code the CPU backend runs per segment, over scratch of
//                its own in device memory; the Blom scores come from the host.
// Only the rows come back. Many segments keep the device busy (a sweep has
// thousands of priors); a few run a few threads, still in milliseconds.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/device_buffer.cuh"
#include "kernels/sweep.hpp"

namespace ps::gpu {

class TermSummarizer {
 public:
  // Segments of `chains` chains of n_draws draws; each prior has `width`
  // segments (its saved coefficients). Buffers for min(plan.batch_segments,
  // max_segments) segments per pass (all max_segments when batch_segments is 0).
  TermSummarizer(int chains, int n_draws, int width, const DeviceSummaryPlan& plan, size_t max_segments);

  // draws: device memory in the SweepChunk layout, values_per_chain values per
  // chain; rows: host memory for priors * width rows. Runs on the legacy
  // default stream, after whatever was launched before.
  void summarize(const double* draws, long long values_per_chain, size_t priors, double* rows);

  int row_width() const { return row_width_; }

 private:
  int chains_;
  int n_draws_;
  int width_;
  int row_width_;
  size_t batch_;            // segments per pass
  size_t scratch_stride_;   // bytes of shared-code scratch per segment
  size_t sort_temp_bytes_ = 0;
  DeviceBuffer<double> probabilities_;
  DeviceBuffer<double> thresholds_;
  DeviceBuffer<double> half_scores_;
  DeviceBuffer<int> offsets_;        // segment s starts at s * C n
  DeviceBuffer<double> gathered_;    // a pass's draws, segment after segment, chain-major
  DeviceBuffer<uint32_t> positions_; // 0 .. C n - 1 per segment
  DeviceBuffer<double> sorted_;
  DeviceBuffer<uint32_t> sorted_positions_;
  DeviceBuffer<unsigned char> sort_temp_;
  DeviceBuffer<unsigned char> scratch_;
  DeviceBuffer<double> rows_;
};

}  // namespace ps::gpu

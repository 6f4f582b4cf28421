// The host's side of SweepChunk's summary rows: the CPU backend computes
// them here from the draws it holds (the CUDA backend computes the same rows
// on the device, kernels/term_summaries.cu), and the pipeline reads one
// coefficient's draws back out of a chunk for draws.nc.
#pragma once

#include <cstddef>

#include "host/backend/backend.hpp"

namespace ps {

// The kept values of coefficient k (< saved_width) of every chain of the
// chunk's prior `local`, chain-major, into column[chains * saved_draws].
void gather_coefficient(const SweepChunk& chunk, size_t local, const SweepJob& job, int k, double* column);

// Fills chunk.summaries from chunk.draws (every prior, every saved
// coefficient) on `threads` threads and adds the time to summarize_seconds.
void summarize_chunk_on_host(const SweepJob& job, SweepChunk& chunk, int threads);

}  // namespace ps

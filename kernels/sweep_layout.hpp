// How the GPU kernels map chains onto threads, and the rule that picks it.
// Plain C++ (no CUDA types) so the host and the CPU-only tests can use it.
//
// A chain's likelihood is a pass over n patients. With many chains, one
// thread per chain keeps every lane busy and needs no communication. With
// few chains (or a large n) that leaves most of the GPU idle, so a team of
// lanes shares each chain: each lane takes a stretch of consecutive patients
// and the team combines the stretches with a segmented scan (kernels/
// worker_groups.cuh). Teams of 2..32 lanes live inside one warp (shuffles);
// teams of 64..1024 are whole blocks (shared memory).
#pragma once

#include <cstdint>
#include <string>

#include "models/hd.hpp"

namespace ps::gpu {

struct SweepLayout {
  int lanes_per_chain = 1;  // 1, 2, 4, ..., 1024

  bool block_team() const { return lanes_per_chain > 32; }
  std::string name() const {
    if (lanes_per_chain == 1) return "thread-per-chain";
    return std::to_string(lanes_per_chain) + (block_team() ? "-thread-block-per-chain" : "-lane-team-per-chain");
  }
};

inline bool valid_lanes_per_chain(int lanes) { return lanes >= 1 && lanes <= 1024 && (lanes & (lanes - 1)) == 0; }

// Patients each lane of a team handles per tile (the team scans once per
// tile). One for a lone thread, which needs no scan.
PS_HD constexpr int stretch_for(int lanes_per_chain) { return lanes_per_chain == 1 ? 1 : 4; }

// The smallest team that, together with the other chains, gives the device
// about `threads_in_flight_per_sm` threads per multiprocessor -- enough warps
// to hide the latency of exp and of memory -- while every lane still gets at
// least one full stretch of patients. The constants are starting points to be
// tuned against bench/ on the hardware (DESIGN.md, Performance).
inline SweepLayout choose_sweep_layout(int64_t n_patients, int64_t chains, int multiprocessors,
                                       int threads_in_flight_per_sm = 1024) {
  const int64_t wanted = static_cast<int64_t>(multiprocessors) * threads_in_flight_per_sm;
  int lanes = 1;
  // Double the team while the doubled team still stays within the target
  // (so we stop at the first team that gets within a factor 2 of it).
  while (lanes < 1024 && chains * lanes * 2 <= wanted && int64_t{2} * lanes * stretch_for(2 * lanes) <= n_patients)
    lanes *= 2;
  return SweepLayout{lanes};
}

}  // namespace ps::gpu

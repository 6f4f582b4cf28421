// Philox4x32-10 counter-based generator (Salmon et al., "Parallel random
// numbers: as easy as 1, 2, 3", SC 2011) for the CPU backend. The CUDA
// backend uses cuRAND's Philox4_32_10 with the same keying: the stream of a
// chain is fixed by (seed, global prior index, chain) alone, so a prior's
// draws never depend on the rest of the grid, the chunking or thread count.
#pragma once

#include <cstdint>

#include "models/hd.hpp"

namespace ps {

class Philox4x32 {
 public:
  PS_HD Philox4x32(uint64_t seed, uint64_t stream)
      : key0_(static_cast<uint32_t>(seed)), key1_(static_cast<uint32_t>(seed >> 32)),
        stream_lo_(static_cast<uint32_t>(stream)), stream_hi_(static_cast<uint32_t>(stream >> 32)) {}

  // Uniform on the open interval (0, 1), 53 random bits.
  PS_HD double uniform() {
    const uint64_t hi = next_u32() >> 5;  // 27 bits
    const uint64_t lo = next_u32() >> 6;  // 26 bits
    return ((hi << 26 | lo) + 0.5) * (1.0 / 9007199254740992.0);
  }

  // Standard normal by Box-Muller; the second value of each pair is kept.
  PS_HD double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = uniform();
    const double u2 = uniform();
    const double r = sqrt(-2.0 * log(u1));
    const double a = 6.28318530717958647692 * u2;
    spare_ = r * sin(a);
    has_spare_ = true;
    return r * cos(a);
  }

 private:
  PS_HD uint32_t next_u32() {
    if (used_ == 4) refill();
    return block_[used_++];
  }

  PS_HD static void round(uint32_t* ctr, uint32_t k0, uint32_t k1) {
    const uint64_t p0 = static_cast<uint64_t>(0xD2511F53u) * ctr[0];
    const uint64_t p1 = static_cast<uint64_t>(0xCD9E8D57u) * ctr[2];
    const uint32_t c0 = static_cast<uint32_t>(p1 >> 32) ^ ctr[1] ^ k0;
    const uint32_t c1 = static_cast<uint32_t>(p1);
    const uint32_t c2 = static_cast<uint32_t>(p0 >> 32) ^ ctr[3] ^ k1;
    const uint32_t c3 = static_cast<uint32_t>(p0);
    ctr[0] = c0;
    ctr[1] = c1;
    ctr[2] = c2;
    ctr[3] = c3;
  }

  PS_HD void refill() {
    uint32_t ctr[4] = {static_cast<uint32_t>(counter_), static_cast<uint32_t>(counter_ >> 32), stream_lo_,
                       stream_hi_};
    uint32_t k0 = key0_, k1 = key1_;
    for (int r = 0; r < 10; ++r) {
      round(ctr, k0, k1);
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    for (int j = 0; j < 4; ++j) block_[j] = ctr[j];
    ++counter_;
    used_ = 0;
  }

  uint32_t key0_, key1_, stream_lo_, stream_hi_;
  uint64_t counter_ = 0;
  uint32_t block_[4] = {0, 0, 0, 0};
  int used_ = 4;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

// The stream index of (global prior, chain): one definition for both backends.
PS_HD inline uint64_t chain_stream_id(uint64_t global_prior, int chain, int chains_per_prior) {
  return global_prior * static_cast<uint64_t>(chains_per_prior) + static_cast<uint64_t>(chain);
}

// The stream of a chain's generated quantities (values drawn from its kept
// draws on the host, e.g. a new study's effect in a meta-analysis): the
// chain's index with the top bit set, so it never meets a sampler's stream
// and does not depend on the backend that ran the chain.
PS_HD inline uint64_t generated_quantities_stream_id(uint64_t global_prior, int chain, int chains_per_prior) {
  return chain_stream_id(global_prior, chain, chains_per_prior) | (uint64_t{1} << 63);
}

}  // namespace ps

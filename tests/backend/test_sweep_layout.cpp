// The rule that picks a GPU layout (kernels/sweep_layout.hpp): a pure
// function, so it is tested everywhere, GPU or not.
#include <gtest/gtest.h>

#include "kernels/sweep_layout.hpp"

namespace ps::gpu {
namespace {

constexpr int kH100Multiprocessors = 132;

TEST(SweepLayout, OneThreadPerChainWhenChainsFillTheDevice) {
  EXPECT_EQ(choose_sweep_layout(114, 1 << 20, kH100Multiprocessors).lanes_per_chain, 1);
  EXPECT_EQ(choose_sweep_layout(100000, 262144, kH100Multiprocessors).lanes_per_chain, 1);
  EXPECT_EQ(choose_sweep_layout(114, 1 << 20, kH100Multiprocessors).name(), "thread-per-chain");
}

TEST(SweepLayout, TeamsWhenChainsAreFew) {
  // S1: n = 114, 4,096 priors x 4 chains = 16,384 chains: 8 lanes give 131,072 threads.
  EXPECT_EQ(choose_sweep_layout(114, 16384, kH100Multiprocessors).lanes_per_chain, 8);
  // 4,096 chains at n = 114: capped by n (each lane keeps a stretch of 4).
  EXPECT_EQ(choose_sweep_layout(114, 4096, kH100Multiprocessors).lanes_per_chain, 16);
  // S2: n = 10,000, 256 chains: whole blocks.
  const SweepLayout s2 = choose_sweep_layout(10000, 256, kH100Multiprocessors);
  EXPECT_EQ(s2.lanes_per_chain, 512);
  EXPECT_TRUE(s2.block_team());
  EXPECT_EQ(s2.name(), "512-thread-block-per-chain");
  EXPECT_EQ(choose_sweep_layout(10000, 4096, kH100Multiprocessors).name(), "32-lane-team-per-chain");
}

TEST(SweepLayout, AlwaysAValidTeamThatTheDataCanFill) {
  for (int64_t n : {0, 1, 7, 114, 5000, 100000})
    for (int64_t chains : {1, 3, 64, 4096, 1 << 20})
      for (int sms : {1, 16, 132}) {
        const SweepLayout l = choose_sweep_layout(n, chains, sms);
        EXPECT_TRUE(valid_lanes_per_chain(l.lanes_per_chain)) << n << " " << chains << " " << sms;
        if (l.lanes_per_chain > 1) EXPECT_LE(l.lanes_per_chain * stretch_for(l.lanes_per_chain), n);
        EXPECT_LE(chains * l.lanes_per_chain, std::max<int64_t>(chains, int64_t{sms} * 1024));
      }
  EXPECT_FALSE(valid_lanes_per_chain(0));
  EXPECT_FALSE(valid_lanes_per_chain(48));
  EXPECT_FALSE(valid_lanes_per_chain(2048));
}

}  // namespace
}  // namespace ps::gpu

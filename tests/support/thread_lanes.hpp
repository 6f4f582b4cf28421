// CPU threads standing in for the lanes of a GPU team, so that the team
// algorithms of models/lane_team.hpp -- the ones the kernels run over warp
// shuffles and shared memory -- run in the CPU test suite too, with the
// shuffle semantics of CUDA's __shfl_up_sync / __shfl_down_sync /
// __shfl_sync and barriers for __syncwarp / __syncthreads.
//
// Each lane is a std::thread; an exchange posts the lane's value, waits for
// the other lanes of its warp, reads the source lane's slot and waits again
// before the slots are reused. As on the GPU, every lane of a warp must make
// the same exchanges in the same order.
#pragma once

#include <barrier>
#include <memory>
#include <thread>
#include <vector>

#include "models/lane_team.hpp"

namespace ps::test_support {

// What the lanes of one emulated warp share.
struct WarpExchange {
  explicit WarpExchange(int lanes) : barrier(lanes), doubles(lanes), ints(lanes) {}
  std::barrier<> barrier;
  std::vector<double> doubles;
  std::vector<int> ints;

  template <class T>
  T exchange(int lane, T value, int source) {
    std::vector<T>& slots = slots_of(static_cast<T*>(nullptr));
    slots[lane] = value;
    barrier.arrive_and_wait();
    const T out = slots[source];
    barrier.arrive_and_wait();
    return out;
  }

 private:
  std::vector<double>& slots_of(double*) { return doubles; }
  std::vector<int>& slots_of(int*) { return ints; }
};

// kLanes lanes of one warp, as kernels/worker_groups.cuh's CudaWarpLanes.
template <int kLanes>
struct ThreadLanes {
  WarpExchange* warp;
  int lane;

  int rank() const { return lane; }
  void sync() const { warp->barrier.arrive_and_wait(); }
  template <class T>
  T up(T v, int offset) const { return warp->exchange(lane, v, lane >= offset ? lane - offset : lane); }
  template <class T>
  T down(T v, int offset) const { return warp->exchange(lane, v, lane + offset < kLanes ? lane + offset : lane); }
  template <class T>
  T from(T v, int source) const { return warp->exchange(lane, v, source); }
};

// What the threads of one emulated block share: a barrier for the block,
// one exchange per warp of 32, and the team's scratch.
struct BlockExchange {
  explicit BlockExchange(int threads) : barrier(threads) {
    for (int w = 0; w < threads / 32; ++w) warps.push_back(std::make_unique<WarpExchange>(32));
  }
  std::barrier<> barrier;
  std::vector<std::unique_ptr<WarpExchange>> warps;
  double scratch_value[32] = {};
  int scratch_head[32] = {};
};

// One thread of a block, as kernels/worker_groups.cuh's CudaBlock.
struct ThreadBlock {
  BlockExchange* shared;
  int thread;
  int threads;
  double* scratch_value;
  int* scratch_head;

  int size() const { return threads; }
  int rank() const { return thread; }
  void sync() const { shared->barrier.arrive_and_wait(); }
  template <class T>
  T warp_up(T v, int offset) const {
    const int lane = thread % 32;
    return shared->warps[thread / 32]->exchange(lane, v, lane >= offset ? lane - offset : lane);
  }
  template <class T>
  T warp_down(T v, int offset) const {
    const int lane = thread % 32;
    return shared->warps[thread / 32]->exchange(lane, v, lane + offset < 32 ? lane + offset : lane);
  }
};

// Runs body(team) on every member of an emulated team -- kLanes lanes of a
// warp, or a block of `block_threads` threads when kLanes is 0 -- each on
// its own thread, and returns what each member returned, by rank.
template <int kLanes, class Body>
std::vector<double> run_team(Body body, int block_threads = 64) {
  const int members = kLanes > 0 ? kLanes : block_threads;
  std::vector<double> out(static_cast<size_t>(members));
  std::vector<std::thread> threads;
  if constexpr (kLanes > 0) {
    WarpExchange warp(kLanes);
    for (int r = 0; r < kLanes; ++r)
      threads.emplace_back([&, r] { out[r] = body(WarpTeamOf<kLanes, ThreadLanes<kLanes>>{ThreadLanes<kLanes>{&warp, r}}); });
    for (auto& t : threads) t.join();
  } else {
    BlockExchange block(block_threads);
    for (int r = 0; r < block_threads; ++r)
      threads.emplace_back([&, r] {
        out[r] = body(BlockTeamOf<ThreadBlock>{
            ThreadBlock{&block, r, block_threads, block.scratch_value, block.scratch_head}});
      });
    for (auto& t : threads) t.join();
  }
  return out;
}

}  // namespace ps::test_support

// run_chunks_in_order (host/backend/ordered_chunks.hpp), the part of the
// multi-GPU backend that needs no GPU: chunks come back in order whatever the
// number of workers and however unevenly they take, a worker never runs more
// than `ahead` rounds in front of delivery, and a failure in a worker or in
// the consumer stops everything and reaches the caller.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "host/backend/ordered_chunks.hpp"

namespace ps {
namespace {

TEST(OrderedChunks, DeliversInOrderWithAnyNumberOfWorkers) {
  for (int workers : {1, 2, 3, 8}) {
    std::vector<size_t> delivered;
    std::vector<int> worker_of(23, -1);
    run_chunks_in_order<size_t>(
        23, workers, 2, [](int) {},
        [&](int w, size_t chunk) {
          worker_of[chunk] = w;
          // Uneven: later chunks of worker 0 are slow.
          if (w == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
          return chunk;
        },
        [&](size_t&& c) { delivered.push_back(c); });
    ASSERT_EQ(delivered.size(), 23u) << workers;
    for (size_t i = 0; i < delivered.size(); ++i) {
      EXPECT_EQ(delivered[i], i) << workers;
      EXPECT_EQ(worker_of[i], static_cast<int>(i % workers)) << workers;
    }
  }
}

TEST(OrderedChunks, WorkersStayWithinTheirLeadOfDelivery) {
  std::atomic<size_t> delivered{0};
  std::atomic<size_t> worst{0};
  run_chunks_in_order<size_t>(
      40, 3, 2, [](int) {},
      [&](int, size_t chunk) {
        const size_t lead = chunk - delivered.load();
        worst = std::max(worst.load(), lead);
        return chunk;
      },
      [&](size_t&&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++delivered;
      });
  EXPECT_LT(worst.load(), 3u * 2u);
}

TEST(OrderedChunks, AWorkerFailureReachesTheCaller) {
  size_t delivered = 0;
  EXPECT_THROW(run_chunks_in_order<size_t>(
                   10, 2, 2, [](int) {},
                   [](int, size_t chunk) -> size_t {
                     if (chunk == 5) throw std::runtime_error("device lost");
                     return chunk;
                   },
                   [&](size_t&&) { ++delivered; }),
               std::runtime_error);
  EXPECT_LE(delivered, 5u);
}

TEST(OrderedChunks, AConsumerFailureStopsTheWorkers) {
  std::atomic<size_t> produced{0};
  EXPECT_THROW(run_chunks_in_order<size_t>(
                   1000, 2, 1, [](int) {}, [&](int, size_t chunk) { ++produced; return chunk; },
                   [](size_t&& c) {
                     if (c == 3) throw std::runtime_error("interrupted");
                   }),
               std::runtime_error);
  EXPECT_LT(produced.load(), 20u);
}

TEST(OrderedChunks, SetupFailureAndNoChunks) {
  EXPECT_THROW(run_chunks_in_order<int>(
                   4, 2, 1, [](int w) { if (w == 1) throw std::runtime_error("no such device"); },
                   [](int, size_t) { return 0; }, [](int&&) {}),
               std::runtime_error);
  bool called = false;
  run_chunks_in_order<int>(0, 2, 1, [&](int) { called = true; }, [](int, size_t) { return 0; }, [](int&&) {});
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace ps

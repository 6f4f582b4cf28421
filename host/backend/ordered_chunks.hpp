// Chunks of a sweep produced by several workers (one per GPU) and delivered
// in chunk order on the calling thread, as SweepBackend::run promises. Chunk
// i goes to worker i % workers; a worker that gets `ahead` chunks in front of
// delivery waits, so at most about workers x ahead results are held at once.
// An exception in a worker or in deliver() stops every worker (each finishes
// the chunk it is on) and is rethrown here once all have joined -- so an
// interrupted run (host/pipeline/interruption.hpp) ends cleanly.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace ps {

// setup(w) and teardown(w) run on worker w's own thread (a GPU worker selects
// its device and owns its buffers there); teardown also after a failure.
template <class Result>
void run_chunks_in_order(size_t n_chunks, int workers, size_t ahead,
                         const std::function<void(int worker)>& setup,
                         const std::function<Result(int worker, size_t chunk)>& produce,
                         const std::function<void(Result&&)>& deliver,
                         const std::function<void(int worker)>& teardown = [](int) {}) {
  if (n_chunks == 0) return;
  if (workers < 1) workers = 1;
  if (ahead < 1) ahead = 1;
  std::mutex mutex;
  std::condition_variable changed;
  std::map<size_t, Result> ready;
  size_t next = 0;  // the next chunk to deliver
  bool stop = false;
  std::exception_ptr failure;
  // Keeps the first exception and stops everyone; from inside a catch block.
  const auto fail = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    if (!failure) failure = std::current_exception();
    stop = true;
    changed.notify_all();
  };

  const auto work = [&](int w) {
    struct Teardown {
      const std::function<void(int)>& f;
      int w;
      ~Teardown() {
        try {
          f(w);
        } catch (...) {
        }
      }
    } at_exit{teardown, w};
    try {
      setup(w);
      for (size_t chunk = static_cast<size_t>(w); chunk < n_chunks; chunk += static_cast<size_t>(workers)) {
        {
          std::unique_lock<std::mutex> lock(mutex);
          changed.wait(lock, [&] { return stop || chunk < next + ahead * static_cast<size_t>(workers); });
          if (stop) return;
        }
        Result r = produce(w, chunk);
        std::lock_guard<std::mutex> lock(mutex);
        ready.emplace(chunk, std::move(r));
        changed.notify_all();
      }
    } catch (...) {
      fail();
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) threads.emplace_back(work, w);

  try {
    while (next < n_chunks) {
      std::optional<Result> r;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return stop || ready.count(next); });
        if (stop) break;
        r.emplace(std::move(ready.at(next)));
        ready.erase(next);
      }
      deliver(std::move(*r));
      std::lock_guard<std::mutex> lock(mutex);
      ++next;
      changed.notify_all();
    }
  } catch (...) {
    fail();
  }
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace ps

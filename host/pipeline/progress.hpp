// Progress lines on stderr for long runs (never in result files), one per
// finished chunk once an analysis has taken more than a couple of seconds:
// priors done of the shard's, chain-steps per second, time left. Silent with
// --quiet.
#pragma once

#include <chrono>
#include <string>

namespace ps {

class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet) {}
  // total_priors of the shard, `already_done` of them by an earlier
  // (interrupted) run, which the rate and the time left leave out.
  void start(const std::string& label, size_t total_priors, size_t already_done = 0);
  // priors_done and chain_steps_done by this run.
  void update(size_t priors_done, double chain_steps_done);

 private:
  using Clock = std::chrono::steady_clock;
  bool quiet_;
  std::string label_;
  size_t total_ = 0;
  size_t already_done_ = 0;
  Clock::time_point started_;
  bool shown_ = false;
};

}  // namespace ps

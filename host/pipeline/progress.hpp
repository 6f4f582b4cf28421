// Progress lines on stderr for long runs (never in result files): shown once
// a run has taken more than a couple of seconds, silent with --quiet.
#pragma once

#include <chrono>
#include <string>

namespace ps {

class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet) {}
  void start(const std::string& label, size_t total_priors);
  void update(size_t priors_done, double chain_steps_done);

 private:
  using Clock = std::chrono::steady_clock;
  bool quiet_;
  std::string label_;
  size_t total_ = 0;
  Clock::time_point started_;
  bool shown_ = false;
};

}  // namespace ps

// Stopping a run cleanly on SIGTERM (a Slurm preemption or time limit) or
// SIGINT (a person's Ctrl-C): the handler only raises a flag; the sweeps look
// at it after each chunk, once that chunk's results are in the checkpoint
// (host/pipeline/checkpoint.hpp), and stop by throwing Interrupted. No result
// file is written by an interrupted run; `run --resume` finishes it.
#pragma once

#include <stdexcept>

namespace ps {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number);
  int signal_number() const { return signal_; }

 private:
  int signal_;
};

// Installs the handlers for SIGTERM and SIGINT (once per process).
void install_interruption_handlers();

// Throws Interrupted when a signal has arrived since the handlers went in.
void stop_if_interrupted();

// For tests: as if the signal had arrived.
void request_interruption(int signal_number);
void clear_interruption();

}  // namespace ps

#include "host/pipeline/interruption.hpp"

#include <atomic>
#include <csignal>
#include <string>

namespace ps {

namespace {

std::atomic<int> pending_signal{0};

extern "C" void on_signal(int signal_number) { pending_signal.store(signal_number); }

}  // namespace

Interrupted::Interrupted(int signal_number)
    : std::runtime_error(std::string("interrupted by ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
                         " after the last finished chunk"),
      signal_(signal_number) {}

void install_interruption_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

void stop_if_interrupted() {
  const int s = pending_signal.load();
  if (s != 0) throw Interrupted(s);
}

void request_interruption(int signal_number) { pending_signal.store(signal_number); }

void clear_interruption() { pending_signal.store(0); }

}  // namespace ps

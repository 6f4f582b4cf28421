#include "host/pipeline/progress.hpp"

#include <fmt/format.h>

namespace ps {

void Progress::start(const std::string& label, size_t total_priors) {
  label_ = label;
  total_ = total_priors;
  started_ = Clock::now();
  shown_ = false;
}

void Progress::update(size_t priors_done, double chain_steps_done) {
  if (quiet_) return;
  const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  if (elapsed < 2.0 && !shown_) return;
  shown_ = true;
  const double rate = elapsed > 0 ? chain_steps_done / elapsed : 0.0;
  const double eta = priors_done > 0 ? elapsed * (static_cast<double>(total_) - priors_done) / priors_done : 0.0;
  // Exact posteriors have no chains: no chain-step rate to show.
  const std::string speed = chain_steps_done > 0 ? fmt::format("  {:.3g} chain-steps/s", rate) : "";
  fmt::print(stderr, "[{}] priors {}/{}{}  elapsed {:.1f} s  ETA {:.1f} s\n", label_, priors_done, total_, speed,
             elapsed, eta);
}

}  // namespace ps

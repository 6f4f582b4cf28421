#include "host/pipeline/progress.hpp"

#include <fmt/format.h>

namespace ps {

void Progress::start(const std::string& label, size_t total_priors, size_t already_done) {
  label_ = label;
  total_ = total_priors;
  already_done_ = already_done;
  started_ = Clock::now();
  shown_ = false;
}

void Progress::update(size_t priors_done, double chain_steps_done) {
  if (quiet_) return;
  const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  if (elapsed < 2.0 && !shown_) return;
  shown_ = true;
  const double rate = elapsed > 0 ? chain_steps_done / elapsed : 0.0;
  const double left = static_cast<double>(total_) - already_done_ - priors_done;
  const double eta = priors_done > 0 ? elapsed * left / priors_done : 0.0;
  // Exact posteriors have no chains: no chain-step rate to show.
  const std::string speed = chain_steps_done > 0 ? fmt::format("  {:.3g} chain-steps/s", rate) : "";
  const std::string resumed = already_done_ > 0 ? fmt::format(" ({} from the checkpoint)", already_done_) : "";
  fmt::print(stderr, "[{}] priors {}/{}{}{}  elapsed {:.1f} s  ETA {:.1f} s\n", label_, already_done_ + priors_done,
             total_, resumed, speed, elapsed, eta);
}

}  // namespace ps

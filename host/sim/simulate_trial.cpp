#include "host/sim/simulate_trial.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "host/config/config.hpp"
#include "models/philox.hpp"

namespace ps {

std::string simulate_trial_csv(const TrialSimulation& sim) {
  if (sim.extra_covariates < 0) throw std::invalid_argument("simulate: extra_covariates must be >= 0");
  if (!(sim.extra_covariate_hr > 0.0)) throw std::invalid_argument("simulate: extra_covariate_hr must be > 0");
  Philox4x32 rng(sim.seed, 0);
  // The extra covariates have a stream of their own: the main stream is
  // consumed exactly as without them (see the header).
  Philox4x32 covariate_rng(sim.seed, 1);
  const int n = sim.n_treatment + sim.n_control;

  // Exact arm sizes in a random order (1:1 allocation as randomised).
  std::vector<int> arm(n, 0);
  std::fill(arm.begin(), arm.begin() + sim.n_treatment, 1);
  for (int i = n - 1; i > 0; --i) std::swap(arm[i], arm[static_cast<int>(rng.uniform() * (i + 1))]);

  // Centre sizes vary as in multicentre trials: weights ~ 1/sqrt(rank).
  std::vector<double> centre_cum(sim.centres);
  double total = 0.0;
  for (int c = 0; c < sim.centres; ++c) centre_cum[c] = total += 1.0 / std::sqrt(c + 1.0);
  std::vector<double> frailty(sim.centres);
  for (auto& f : frailty) f = sim.centre_sd * rng.normal();

  const double base_rate = -std::log1p(-sim.control_risk) / sim.follow_up;
  const double age_coef = std::log(sim.age_hr_per_10y) / 10.0;
  const double extra_coef = std::log(sim.extra_covariate_hr);
  std::ostringstream out;
  out << "id,treatment,age";
  for (int j = 1; j <= sim.extra_covariates; ++j) out << ",x" << j;
  out << ",centre,time,event\n";
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform() * total;
    const int centre = static_cast<int>(std::lower_bound(centre_cum.begin(), centre_cum.end(), u) - centre_cum.begin());
    const double age = std::clamp(std::round(sim.age_mean + sim.age_sd * rng.normal()), 18.0, 99.0);
    double eta = arm[i] * std::log(sim.hazard_ratio) + age_coef * (age - sim.age_mean) + frailty[centre];
    std::string extra_cells;
    for (int j = 0; j < sim.extra_covariates; ++j) {
      const double x = std::round(covariate_rng.normal() * 1e4) / 1e4 + 0.0;  // as written (+ 0.0: no "-0.0000")
      eta += extra_coef * x;
      extra_cells += fmt::format(",{:.4f}", x);
    }
    const double event_time = -std::log(rng.uniform()) / (base_rate * std::exp(eta));
    const double dropout_time = sim.dropout_rate > 0.0 ? -std::log(rng.uniform()) / sim.dropout_rate : HUGE_VAL;
    double time = std::min({event_time, dropout_time, sim.follow_up});
    const int event = event_time <= std::min(dropout_time, sim.follow_up) ? 1 : 0;
    if (sim.whole_days) time = std::max(1.0, std::ceil(time));
    out << fmt::format("{},{},{}{},C{:02d},{},{}\n", i + 1, arm[i], format_number(age), extra_cells, centre + 1,
                       sim.whole_days ? format_number(time) : fmt::format("{:.4f}", time), event);
  }
  return out.str();
}

}  // namespace ps

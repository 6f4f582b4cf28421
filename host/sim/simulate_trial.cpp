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
namespace {

// WHO Clinical Progression Scale trajectories (see the header for the rules).
// All hazards are per day; "x exp(eta)" scales death and worsening, "x
// exp(-eta)" recovery, eta being the patient's log-hazard linear predictor.
//
// Tuned by hand, with the defaults (HR 1, 16 centres, frailty SD 0.3, age
// 66 +- 13, 50% control risk by day 14, dropout 0.005/day), towards what
// CORIMUNO-ANA-1 reports: per-arm median (IQR) WHO-CPS 5 (5-6) at day 4,
// 5 (5-7) at day 7, 5 (2-8) / 5 (3-8) at day 14; deaths by day 14 9/59 and
// 13/55 (15-24%, 19% overall); mechanical ventilation or death in ~70% of the
// day-14 events (39 of 56). Tuned: the event-day state distribution and the
// post-event death hazards (for the deaths and the share ventilated), the
// 5 -> 4 ramp and the discharge hazard (for the median and lower quartile at
// day 14). What large
// simulated trials give (40 seeds x 2,000 patients, pooled): median (IQR)
// 5 (5-5) at day 4, 5 (5-6) at day 7, 5 (3-8) at day 14 (P(score <= 4) 0.43,
// P(<= 5) 0.58, P(>= 8) 0.27, P(>= 9) 0.22), 19.4% dead by day 14 (15-25%
// from seed to seed: 16 centre frailties move a whole trial), score >= 7 or
// death in 72% of the events. tests/sim/test_simulate_who.cpp checks one
// trial of 20,000 with 400 centres (frailty averaged out).
// The event times are exponential (they are not ours to change), so only
// ~18% of the patients have had their event by day 4 and ~28% by day 7,
// against 37% with a score > 5 on day 4 in the trial: the upper quartile at
// days 4 and 7 stays at 5 and 6 instead of 6 and 7.
constexpr double kEventState[5] = {0.58, 0.20, 0.08, 0.02, 0.12};  // P(6, 7, 8, 9, 10) on the event day
struct PostEventHazards {
  double death, worsen, improve;
};
constexpr PostEventHazards kPostEvent[4] = {
    {0.025, 0.15, 0.12},  // 6: NIV / high flow
    {0.05, 0.12, 0.08},   // 7: ventilated
    {0.10, 0.10, 0.06},   // 8
    {0.18, 0.00, 0.04},   // 9: worst ventilated state, no worsening but death
};
constexpr double kImproveRamp = 0.019;  // 5 -> 4 hazard on the k-th day at 5: kImproveRamp * (k - 1)
constexpr double kDischarge = 0.35;     // 4 -> home (3 or 2, equal chances)
constexpr double kHomeImprove = 0.10;   // 3 -> 2 and 2 -> 1

// Scores for days 1..days, -1 where missing (after a dropout). event_day is
// ceil(time) >= 1; without an event, days after event_day are missing.
std::vector<int> who_trajectory(Philox4x32& rng, double eta, int event_day, bool event, int days) {
  std::vector<int> scores(days, -1);
  const double up = std::exp(eta), down = std::exp(-eta);
  int s = 5;
  int days_at_5 = 1;  // day 0
  for (int d = 1; d <= days; ++d) {
    if (!event && d > event_day) break;  // dropped out: missing from here on
    if (event && d < event_day) {
      s = 5;
    } else if (event && d == event_day) {
      const double u = rng.uniform();
      double cum = 0.0;
      s = 10;
      for (int k = 0; k < 4; ++k) {
        if (u < (cum += kEventState[k])) {
          s = 6 + k;
          break;
        }
      }
    } else if (s == 10) {
      // absorbing
    } else if (s >= 6) {
      const PostEventHazards& h = kPostEvent[s - 6];
      const double death = h.death * up, worsen = h.worsen * up, improve = h.improve * down;
      const double total = death + worsen + improve;
      const double p_move = -std::expm1(-total);
      const double u = rng.uniform();
      if (u < p_move) {
        const double v = u / p_move * total;  // uniform on (0, total): which move
        s = v < death ? 10 : v < death + worsen ? s + 1 : s - 1;
      }
    } else {
      const double u = rng.uniform();
      if (s == 5) {
        if (u < -std::expm1(-kImproveRamp * (days_at_5 - 1) * down)) s = 4;
      } else if (s == 4) {
        if (u < -std::expm1(-kDischarge * down)) s = rng.uniform() < 0.5 ? 3 : 2;
      } else if (s > 1) {
        if (u < -std::expm1(-kHomeImprove * down)) s -= 1;
      }
    }
    days_at_5 = s == 5 ? days_at_5 + 1 : 0;
    scores[d - 1] = s;
  }
  return scores;
}

}  // namespace

std::string simulate_trial_csv(const TrialSimulation& sim) {
  if (sim.extra_covariates < 0) throw std::invalid_argument("simulate: extra_covariates must be >= 0");
  if (!(sim.extra_covariate_hr > 0.0)) throw std::invalid_argument("simulate: extra_covariate_hr must be > 0");
  if (sim.who_scores && !(sim.follow_up < 1001.0)) {
    throw std::invalid_argument("simulate: who_scores writes a column a day: follow_up must be < 1001 days");
  }
  Philox4x32 rng(sim.seed, 0);
  // The extra covariates have a stream of their own: the main stream is
  // consumed exactly as without them (see the header).
  Philox4x32 covariate_rng(sim.seed, 1);
  // And the WHO-CPS trajectories one more (see the header).
  Philox4x32 who_rng(sim.seed, 2);
  const int who_days = sim.who_scores ? static_cast<int>(std::floor(sim.follow_up)) : 0;
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
  out << ",centre,time,event";
  for (int d = 1; d <= who_days; ++d) out << ",who_d" << d;
  out << '\n';
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
    const std::string time_cell = sim.whole_days ? format_number(time) : fmt::format("{:.4f}", time);
    out << fmt::format("{},{},{}{},C{:02d},{},{}", i + 1, arm[i], format_number(age), extra_cells, centre + 1,
                       time_cell, event);
    if (sim.who_scores) {
      // The day of the event (or of the dropout) as the written time gives it.
      const double day = std::max(1.0, std::ceil(std::stod(time_cell)));
      const int event_day = static_cast<int>(std::min(day, who_days + 1.0));
      for (const int score : who_trajectory(who_rng, eta, event_day, event == 1, who_days)) {
        out << ',';
        if (score >= 0) out << score;
      }
    }
    out << '\n';
  }
  return out.str();
}

}  // namespace ps

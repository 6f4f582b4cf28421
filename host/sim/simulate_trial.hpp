// Synthetic two-arm trials with a time-to-event outcome, for the example and
// for calibration tests: exponential event times under proportional hazards
// (treatment, age, a log-normal centre frailty), exponential dropout and
// administrative censoring at the end of follow-up, times in whole days
// (giving the tied event times of real trial data) or continuous.
#pragma once

#include <cstdint>
#include <string>

namespace ps {

struct TrialSimulation {
  int n_treatment = 59;
  int n_control = 55;
  double hazard_ratio = 1.0;
  int centres = 16;
  double centre_sd = 0.3;          // SD of the centre log-hazard frailty
  double age_mean = 66.0;
  double age_sd = 13.0;
  double age_hr_per_10y = 1.3;
  double control_risk = 0.5;       // P(event by end of follow-up) in control at mean age, no frailty
  double follow_up = 14.0;         // days
  double dropout_rate = 0.005;     // per day
  bool whole_days = true;
  uint64_t seed = 1;
};

// CSV text with columns id,treatment,age,centre,time,event.
std::string simulate_trial_csv(const TrialSimulation& sim);

}  // namespace ps

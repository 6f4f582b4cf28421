// Synthetic two-arm trials with a time-to-event outcome, for the example and
// for calibration tests: exponential event times under proportional hazards
// (treatment, age, optional extra standard-normal covariates, a log-normal
// centre frailty), exponential dropout and administrative censoring at the end
// of follow-up, times in whole days (giving the tied event times of real trial
// data) or continuous.
//
// Random numbers: one Philox stream (seed, 0) for everything the simulation
// has always drawn, in the same order, and a second stream (seed, 1) for the
// extra covariates only, so extra_covariates = 0 gives byte-identical output
// to earlier versions (examples/corimuno/trial.csv depends on it), and adding
// covariates keeps every patient's arm, centre and age.
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
  int extra_covariates = 0;        // numeric columns x1..xK ~ N(0, 1), after age
  double extra_covariate_hr = 1.2; // hazard ratio per unit (= per SD) of each x_j
  double control_risk = 0.5;       // P(event by end of follow-up) in control at mean age, no frailty
  double follow_up = 14.0;         // days
  double dropout_rate = 0.005;     // per day
  bool whole_days = true;
  uint64_t seed = 1;
};

// CSV text with columns id,treatment,age[,x1..xK],centre,time,event. The x_j
// are written with 4 decimals, and the hazard uses the written values.
// Throws std::invalid_argument for extra_covariates < 0 or
// extra_covariate_hr <= 0.
std::string simulate_trial_csv(const TrialSimulation& sim);

}  // namespace ps

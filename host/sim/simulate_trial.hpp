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
//
// WHO Clinical Progression Scale trajectories (who_scores = true): columns
// who_d1..who_dD after all the others, D = floor(follow_up), one score a day,
// drawn from a third Philox stream (seed, 2) only, so every other column is
// byte-identical with or without them. The scale: 1-3 at home (1 asymptomatic,
// 2 symptomatic and independent, 3 needing assistance), 4 in hospital without
// oxygen, 5 oxygen by mask or nasal prongs, 6 non-invasive ventilation or high
// flow, 7-9 mechanical ventilation of increasing severity, 10 dead; 0
// (uninfected) is never used. A small discrete-time process, conditional on
// the patient's simulated (time, event) and linear predictor eta (treatment,
// age, centre frailty, extra covariates: the same eta as the event hazard):
//   - everyone is at 5 on day 0. The event day is ceil(time) (time as written);
//   - event = 1: score 5 on every day before the event day; on the event day a
//     draw of 6 / 7 / 8 / 9 / 10 (kEventState in the .cpp). Afterwards, each day
//     one uniform decides among death, worsening by one (6 -> 7 -> 8 -> 9) and
//     improving by one (6 -> 5, 7 -> 6, ...), with per-day hazards that depend
//     on the state, death and worsening multiplied by exp(eta) and improving by
//     exp(-eta). Death (10) is absorbing. A patient back at 5 follows the
//     recovery rule below and never worsens again;
//   - event = 0 and recovery: a patient at 5 moves to 4 with a daily hazard
//     that grows linearly with the days spent at 5 (none on the first day), a
//     patient at 4 is discharged with a constant daily hazard, to 3 or 2 (equal
//     chances), and at home improves by one (3 -> 2 -> 1) with a small constant
//     daily hazard; all these hazards are multiplied by exp(-eta), so a
//     protective treatment (HR < 1) also speeds recovery. Scores never rise
//     above 5 without an event;
//   - dropout (event = 0, time < follow_up): scored up to day ceil(time), empty
//     cells (missing) afterwards. Patients with an event are scored on every
//     day, also after the event; days after death are 10.
// The constants are tuned to the shape CORIMUNO-ANA-1 reports with the
// default settings; see the comment at kEventState in the .cpp.
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
  bool who_scores = false;         // append who_d1..who_dD (see above)
  uint64_t seed = 1;
};

// CSV text with columns id,treatment,age[,x1..xK],centre,time,event
// [,who_d1..who_dD]. The x_j are written with 4 decimals, and the hazard uses
// the written values.
// Throws std::invalid_argument for extra_covariates < 0,
// extra_covariate_hr <= 0, or who_scores with follow_up >= 1001 days.
std::string simulate_trial_csv(const TrialSimulation& sim);

}  // namespace ps

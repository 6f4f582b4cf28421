// host/sim's WHO Clinical Progression Scale trajectories (simulate
// --who-scores): columns who_d1..who_dD after all the others, drawn from a
// stream of their own so every other column is byte-identical with or without
// them; each patient's scores coherent with the simulated (time, event); death
// absorbing; deterministic by seed; a large trial with the defaults shaped
// like CORIMUNO-ANA-1 (medians 5 at days 4, 7 and 14, 15-25% dead by day 14);
// a protective treatment lowers the scores.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include "host/sim/simulate_trial.hpp"

namespace ps {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Keeps empty cells, also a trailing one ("a,b," is three cells).
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return cells;
    start = comma + 1;
  }
}

Rows split_csv(const std::string& text) {
  Rows rows;
  for (const auto& line : lines_of(text)) rows.push_back(split(line));
  return rows;
}

TrialSimulation with_scores(TrialSimulation sim) {
  sim.who_scores = true;
  return sim;
}

// One patient of a simulation with scores; score[d - 1] is day d, -1 if empty.
struct Patient {
  int arm = 0;
  double time = 0;
  int event = 0;
  std::vector<int> score;
};

// Parses the output of a simulation without extra covariates.
std::vector<Patient> patients_of(const std::string& csv, int days) {
  const Rows rows = split_csv(csv);
  std::vector<Patient> patients;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    EXPECT_EQ(cells.size(), 6u + days) << "row " << r;
    if (cells.size() != 6u + static_cast<std::size_t>(days)) continue;
    Patient p;
    p.arm = std::stoi(cells[1]);
    p.time = std::stod(cells[4]);
    p.event = std::stoi(cells[5]);
    for (int d = 1; d <= days; ++d) p.score.push_back(cells[5 + d].empty() ? -1 : std::stoi(cells[5 + d]));
    patients.push_back(p);
  }
  return patients;
}

// Quantile of the observed (non-empty) scores of one arm on day d, the
// linear interpolation of R's type 7.
double quantile(const std::vector<Patient>& patients, int arm, int d, double p) {
  std::vector<int> v;
  for (const auto& pt : patients) {
    if (pt.arm == arm && pt.score[d - 1] >= 0) v.push_back(pt.score[d - 1]);
  }
  std::sort(v.begin(), v.end());
  const double h = (v.size() - 1) * p;
  const std::size_t lo = static_cast<std::size_t>(h);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

double mean_score(const std::vector<Patient>& patients, int arm, int d) {
  double sum = 0;
  int n = 0;
  for (const auto& pt : patients) {
    if (pt.arm == arm && pt.score[d - 1] >= 0) {
      sum += pt.score[d - 1];
      ++n;
    }
  }
  return sum / n;
}

TrialSimulation large_trial(double hazard_ratio, uint64_t seed) {
  TrialSimulation sim;
  sim.n_treatment = 10000;
  sim.n_control = 10000;
  sim.hazard_ratio = hazard_ratio;
  sim.seed = seed;
  sim.who_scores = true;
  return sim;
}

TEST(SimulateWho, ExistingColumnsAreByteIdenticalWithAndWithoutScores) {
  std::vector<TrialSimulation> sims(5);
  sims[1].seed = 5;
  sims[1].whole_days = false;
  sims[1].n_treatment = 300;
  sims[1].n_control = 280;
  sims[2].seed = 9;
  sims[2].extra_covariates = 2;
  sims[3].seed = 13;
  sims[3].follow_up = 10.5;
  sims[3].dropout_rate = 0.05;
  sims[4].seed = 78;
  sims[4].hazard_ratio = 0.95;  // examples/corimuno/trial.csv
  for (const auto& sim : sims) {
    const auto plain = lines_of(simulate_trial_csv(sim));
    const auto scored = lines_of(simulate_trial_csv(with_scores(sim)));
    const int days = static_cast<int>(std::floor(sim.follow_up));
    ASSERT_EQ(plain.size(), scored.size()) << "seed " << sim.seed;
    for (std::size_t i = 0; i < plain.size(); ++i) {
      // The line without scores, then a comma and exactly `days` more cells.
      ASSERT_GT(scored[i].size(), plain[i].size()) << "seed " << sim.seed << " line " << i;
      EXPECT_EQ(scored[i].substr(0, plain[i].size()), plain[i]) << "seed " << sim.seed << " line " << i;
      EXPECT_EQ(scored[i][plain[i].size()], ',') << "seed " << sim.seed << " line " << i;
      EXPECT_EQ(split(scored[i]).size(), split(plain[i]).size() + days) << "seed " << sim.seed << " line " << i;
    }
  }
}

TEST(SimulateWho, ColumnNamesFollowTheFollowUp) {
  TrialSimulation sim = with_scores({});
  std::string expected = "id,treatment,age,centre,time,event";
  for (int d = 1; d <= 14; ++d) expected += ",who_d" + std::to_string(d);
  EXPECT_EQ(lines_of(simulate_trial_csv(sim))[0], expected);

  sim.follow_up = 10.7;  // rounded down: who_d1..who_d10
  sim.extra_covariates = 1;
  expected = "id,treatment,age,x1,centre,time,event";
  for (int d = 1; d <= 10; ++d) expected += ",who_d" + std::to_string(d);
  EXPECT_EQ(lines_of(simulate_trial_csv(sim))[0], expected);

  sim.follow_up = 0.5;  // no whole day: no score column, the output without scores
  TrialSimulation plain = sim;
  plain.who_scores = false;
  EXPECT_EQ(simulate_trial_csv(sim), simulate_trial_csv(plain));

  sim.follow_up = 1000.9;  // 1000 columns at most
  EXPECT_EQ(split(lines_of(simulate_trial_csv(sim))[0]).size(), 7u + 1000u);
  sim.follow_up = 1001.0;
  EXPECT_THROW(simulate_trial_csv(sim), std::invalid_argument);
  plain.follow_up = 1001.0;  // without scores, no limit
  EXPECT_NO_THROW(simulate_trial_csv(plain));
}

TEST(SimulateWho, EveryScoreIsAnIntegerFrom0To10OrEmpty) {
  TrialSimulation sim = large_trial(0.6, 3);
  sim.n_treatment = sim.n_control = 2000;
  sim.dropout_rate = 0.03;  // plenty of empty cells
  const Rows rows = split_csv(simulate_trial_csv(sim));
  int empty = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 20u) << "row " << r;
    for (std::size_t j = 6; j < 20; ++j) {
      const std::string& cell = rows[r][j];
      empty += cell.empty();
      const bool ok = cell.empty() || (cell.size() == 1 && cell[0] >= '0' && cell[0] <= '9') || cell == "10";
      EXPECT_TRUE(ok) << "row " << r << " column " << rows[0][j] << ": '" << cell << "'";
    }
  }
  EXPECT_GT(empty, 0);
}

// Every patient's trajectory against its (time, event): the first score > 5
// is on day `time` when event = 1, never above 5 when event = 0, empty cells
// exactly on the days after a dropout, 5 on day 1 unless the event is on day
// 1, death absorbing, and without an event the scores never go up.
void expect_coherent(const TrialSimulation& sim) {
  const int days = static_cast<int>(std::floor(sim.follow_up));
  const auto patients = patients_of(simulate_trial_csv(sim), days);
  ASSERT_EQ(patients.size(), static_cast<std::size_t>(sim.n_treatment + sim.n_control));
  int events = 0, dropouts = 0, deaths = 0, recovered_after_event = 0;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    const Patient& p = patients[i];
    const std::string who = "seed " + std::to_string(sim.seed) + " patient " + std::to_string(i + 1);
    const int t = static_cast<int>(p.time);
    ASSERT_EQ(t, p.time) << who << ": whole days expected";
    ASSERT_GE(t, 1) << who;
    if (p.event == 1) {
      ++events;
      for (int d = 1; d <= days; ++d) {
        ASSERT_GE(p.score[d - 1], 0) << who << " day " << d << ": empty cell for a patient with an event";
        if (d < t) EXPECT_LE(p.score[d - 1], 5) << who << " day " << d << " before the event on day " << t;
        if (d == t) EXPECT_GE(p.score[d - 1], 6) << who << ": no score > 5 on the event day " << t;
      }
      if (t < days && p.score[t - 1] > 5 && p.score[days - 1] <= 5) ++recovered_after_event;
    } else {
      dropouts += t < days;
      for (int d = 1; d <= days; ++d) {
        if (d <= t) {
          ASSERT_GE(p.score[d - 1], 0) << who << " day " << d << ": empty cell before the end of follow-up " << t;
          EXPECT_LE(p.score[d - 1], 5) << who << " day " << d << ": score > 5 without an event";
          if (d > 1) EXPECT_LE(p.score[d - 1], p.score[d - 2]) << who << " day " << d << ": worse without an event";
        } else {
          EXPECT_EQ(p.score[d - 1], -1) << who << " day " << d << ": a score after the dropout on day " << t;
        }
      }
    }
    if (days >= 1 && !(p.event == 1 && t == 1)) EXPECT_EQ(p.score[0], 5) << who << ": not 5 on day 1";
    bool dead = false;
    for (int d = 1; d <= days; ++d) {
      if (dead) EXPECT_EQ(p.score[d - 1], 10) << who << " day " << d << ": alive again after death";
      dead = dead || p.score[d - 1] == 10;
    }
    deaths += dead;
  }
  // The cases above all occur.
  EXPECT_GT(events, 0);
  EXPECT_GT(dropouts, 0);
  EXPECT_GT(deaths, 0);
  EXPECT_GT(recovered_after_event, 0);
}

TEST(SimulateWho, TrajectoriesAreCoherentWithTimeAndEvent) {
  TrialSimulation sim = large_trial(1.0, 17);
  sim.n_treatment = sim.n_control = 3000;
  expect_coherent(sim);
  sim.hazard_ratio = 0.4;
  sim.dropout_rate = 0.04;
  sim.seed = 18;
  expect_coherent(sim);
  sim.follow_up = 20.5;  // events on day 21 have no score column: all <= 5
  sim.control_risk = 0.8;
  sim.seed = 19;
  expect_coherent(sim);
}

TEST(SimulateWho, ContinuousTimesGiveTheSameScoresAsWholeDays) {
  // The event day is the written time rounded up, so both views of a trial
  // get the same trajectories (the rows are the same patients).
  TrialSimulation sim = large_trial(0.8, 23);
  sim.n_treatment = sim.n_control = 1000;
  sim.dropout_rate = 0.02;
  const Rows days = split_csv(simulate_trial_csv(sim));
  sim.whole_days = false;
  const Rows continuous = split_csv(simulate_trial_csv(sim));
  ASSERT_EQ(days.size(), continuous.size());
  for (std::size_t r = 1; r < days.size(); ++r) {
    ASSERT_EQ(continuous[r].size(), 20u);
    EXPECT_EQ(std::max(1.0, std::ceil(std::stod(continuous[r][4]))), std::stod(days[r][4])) << "row " << r;
    EXPECT_EQ(std::vector<std::string>(continuous[r].begin() + 6, continuous[r].end()),
              std::vector<std::string>(days[r].begin() + 6, days[r].end()))
        << "row " << r;
  }
}

TEST(SimulateWho, SameSeedSameBytesDifferentSeedDifferentScores) {
  TrialSimulation sim = with_scores({});
  sim.seed = 41;
  const std::string a = simulate_trial_csv(sim);
  EXPECT_EQ(simulate_trial_csv(sim), a);
  sim.seed = 42;
  const std::string b = simulate_trial_csv(sim);
  EXPECT_NE(a, b);
  // Not only through the other columns: with every patient alike (linear
  // predictor 0, no event, no dropout) only the score stream depends on the
  // seed, and the scores still differ.
  TrialSimulation alike = with_scores({});
  alike.age_sd = 0.0;
  alike.centre_sd = 0.0;
  alike.control_risk = 0.001;
  alike.dropout_rate = 0.0;
  std::vector<std::vector<int>> scores[2];
  for (int k = 0; k < 2; ++k) {
    alike.seed = 41 + k;
    for (const auto& p : patients_of(simulate_trial_csv(alike), 14)) {
      if (p.event == 0 && p.time == 14) scores[k].push_back(p.score);
    }
  }
  ASSERT_GT(scores[0].size(), 100u);
  ASSERT_GT(scores[1].size(), 100u);
  scores[0].resize(100);
  scores[1].resize(100);
  EXPECT_NE(scores[0], scores[1]);
}

TEST(SimulateWho, LargeTrialHasThePublishedShape) {
  // CORIMUNO-ANA-1: median (IQR) 5 (5-6) at day 4, 5 (5-7) at day 7, 5 (2-8)
  // and 5 (3-8) at day 14; 9/59 and 13/55 dead by day 14 (15-24%);
  // ventilation or death in 39 of the 56 day-14 events. The defaults but 400
  // centres: with 16, the centre frailties move a whole trial's risk (deaths
  // 15-25% from seed to seed), with 400 they average out. This trial gives
  // 5 (5-5), 5 (5-6), 5 (3-8) in both arms, 18.6% and 18.0% dead by day 14,
  // ventilation or death in 71% and 72% of the events (its exponential event
  // times are later than the trial's, hence the narrower upper quartiles at
  // days 4 and 7). The bands below hold the medians, the quartiles of day 14
  // and the deaths.
  TrialSimulation sim = large_trial(1.0, 1);
  sim.centres = 400;
  const auto patients = patients_of(simulate_trial_csv(sim), 14);
  ASSERT_EQ(patients.size(), 20000u);
  for (int arm = 0; arm <= 1; ++arm) {
    for (int d : {4, 7, 14}) EXPECT_EQ(quantile(patients, arm, d, 0.5), 5.0) << "arm " << arm << " day " << d;
    EXPECT_EQ(quantile(patients, arm, 4, 0.25), 5.0) << "arm " << arm;
    EXPECT_EQ(quantile(patients, arm, 7, 0.25), 5.0) << "arm " << arm;
    EXPECT_GE(quantile(patients, arm, 14, 0.25), 2.0) << "arm " << arm;
    EXPECT_LE(quantile(patients, arm, 14, 0.25), 3.0) << "arm " << arm;
    EXPECT_GE(quantile(patients, arm, 14, 0.75), 7.0) << "arm " << arm;
    EXPECT_LE(quantile(patients, arm, 14, 0.75), 9.0) << "arm " << arm;
    int n = 0, dead = 0, events = 0, ventilated_or_dead = 0;
    for (const auto& p : patients) {
      if (p.arm != arm) continue;
      ++n;
      dead += p.score[13] == 10;
      if (p.event == 1) {
        ++events;
        ventilated_or_dead += *std::max_element(p.score.begin(), p.score.end()) >= 7;
      }
    }
    const double dead_fraction = static_cast<double>(dead) / n;
    EXPECT_GE(dead_fraction, 0.15) << "arm " << arm;
    EXPECT_LE(dead_fraction, 0.25) << "arm " << arm;
    // The trial: mechanical ventilation or death in 39 of its 56 day-14 events.
    const double ventilated_fraction = static_cast<double>(ventilated_or_dead) / events;
    EXPECT_GE(ventilated_fraction, 0.6) << "arm " << arm;
    EXPECT_LE(ventilated_fraction, 0.8) << "arm " << arm;
  }
  // HR 1: the arms alike (SE of the difference of means ~0.04).
  EXPECT_NEAR(mean_score(patients, 1, 14), mean_score(patients, 0, 14), 0.15);
}

TEST(SimulateWho, ProtectiveTreatmentLowersTheScores) {
  const auto patients = patients_of(simulate_trial_csv(large_trial(0.3, 2)), 14);
  for (int d : {7, 14}) EXPECT_LT(mean_score(patients, 1, d) + 0.5, mean_score(patients, 0, d)) << "day " << d;
  // Also among the patients with an event (through the linear predictor in
  // the post-event hazards, not only through fewer events): fewer deaths.
  int dead[2] = {0, 0}, events[2] = {0, 0};
  for (const auto& p : patients) {
    if (p.event == 1 && p.time <= 7) {
      ++events[p.arm];
      dead[p.arm] += p.score[13] == 10;
    }
  }
  EXPECT_LT(static_cast<double>(dead[1]) / events[1], static_cast<double>(dead[0]) / events[0]);
}

TEST(SimulateWho, CliFlagWritesTheScores) {
  const auto path = std::filesystem::temp_directory_path() / ("priorsweep_sim_who_" + std::to_string(getpid()) + ".csv");
  const std::string command = std::string("'") + PRIORSWEEP_BINARY + "' simulate --seed 78 --hr 0.95 --who-scores --out '" +
                              path.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  std::filesystem::remove(path);
  TrialSimulation sim;
  sim.seed = 78;
  sim.hazard_ratio = 0.95;
  sim.who_scores = true;
  EXPECT_EQ(text.str(), simulate_trial_csv(sim));
}

}  // namespace
}  // namespace ps

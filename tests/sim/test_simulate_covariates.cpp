// host/sim's extra covariates (simulate --extra-covariates K): K = 0 must give
// byte-identical output to the code before the option existed (the example
// data depends on it), K > 0 adds x1..xK ~ N(0, 1) after `age` without
// touching any other column's random numbers, and a Cox fit recovers the
// effect the simulation put on them.
//
// The reference texts and digests below were produced by the simulation as it
// was before --extra-covariates (commit 7376963), with
//   priorsweep simulate --seed 3 --n-treatment 4 --n-control 4 [--continuous]
//   priorsweep simulate --seed 1
//   priorsweep simulate --seed 5 --continuous --n-treatment 300 --n-control 280
// digests are 64-bit FNV-1a of the whole CSV text.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "host/data/trial_input.hpp"
#include "host/data/csv.hpp"
#include "host/design/cox_design.hpp"
#include "host/fit/cox_fit.hpp"
#include "host/sim/simulate_trial.hpp"

namespace ps {
namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::vector<std::vector<std::string>> split_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

TrialSimulation small_trial(bool whole_days) {
  TrialSimulation sim;
  sim.n_treatment = 4;
  sim.n_control = 4;
  sim.seed = 3;
  sim.whole_days = whole_days;
  return sim;
}

TEST(SimulateCovariates, NoExtraCovariatesKeepsTheOutputOfEarlierVersions) {
  EXPECT_EQ(simulate_trial_csv(small_trial(true)),
            "id,treatment,age,centre,time,event\n"
            "1,0,65,C02,4,1\n"
            "2,1,51,C01,14,0\n"
            "3,1,63,C05,1,1\n"
            "4,1,64,C01,14,0\n"
            "5,0,76,C10,14,0\n"
            "6,1,73,C06,1,1\n"
            "7,0,60,C10,8,1\n"
            "8,0,60,C01,5,1\n");
  EXPECT_EQ(simulate_trial_csv(small_trial(false)),
            "id,treatment,age,centre,time,event\n"
            "1,0,65,C02,3.7873,1\n"
            "2,1,51,C01,14.0000,0\n"
            "3,1,63,C05,0.0797,1\n"
            "4,1,64,C01,14.0000,0\n"
            "5,0,76,C10,14.0000,0\n"
            "6,1,73,C06,0.2694,1\n"
            "7,0,60,C10,7.8303,1\n"
            "8,0,60,C01,4.2336,1\n");

  TrialSimulation defaults;
  defaults.seed = 1;
  EXPECT_EQ(fnv1a(simulate_trial_csv(defaults)), 0x32e66dfde8b6d8bfull);

  TrialSimulation continuous;
  continuous.seed = 5;
  continuous.whole_days = false;
  continuous.n_treatment = 300;
  continuous.n_control = 280;
  EXPECT_EQ(fnv1a(simulate_trial_csv(continuous)), 0x91d3f4147ff3b8a6ull);
  continuous.extra_covariate_hr = 3.0;  // unused without extra covariates
  EXPECT_EQ(fnv1a(simulate_trial_csv(continuous)), 0x91d3f4147ff3b8a6ull);
}

TEST(SimulateCovariates, NoExtraCovariatesReproducesTheExampleTrial) {
  // examples/corimuno/README.md: priorsweep simulate --seed 78 --hr 0.95 --who-scores
  // (the WHO-CPS columns come from a stream of their own, see
  // test_simulate_who.cpp; the columns before them are as without the flag).
  std::ifstream file(std::filesystem::path(PRIORSWEEP_SOURCE_DIR) / "examples" / "corimuno" / "trial.csv",
                     std::ios::binary);
  ASSERT_TRUE(file) << "examples/corimuno/trial.csv not found";
  std::ostringstream expected;
  expected << file.rdbuf();
  TrialSimulation sim;
  sim.seed = 78;
  sim.hazard_ratio = 0.95;
  sim.who_scores = true;
  EXPECT_EQ(simulate_trial_csv(sim), expected.str());
}

TEST(SimulateCovariates, ExtraColumnsAreStandardNormalAndLeaveTheOtherColumnsAlone) {
  TrialSimulation sim;
  sim.n_treatment = 10000;
  sim.n_control = 10000;
  sim.seed = 11;
  const auto base = split_csv(simulate_trial_csv(sim));
  sim.extra_covariates = 2;
  const auto rows = split_csv(simulate_trial_csv(sim));

  ASSERT_EQ(rows.size(), 20001u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "treatment", "age", "x1", "x2", "centre", "time", "event"}));
  double sum[2] = {0, 0}, sum_sq[2] = {0, 0}, cross = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 8u) << "row " << r;
    // Same arm, age and centre as without the extra covariates.
    EXPECT_EQ(rows[r][0], base[r][0]);
    EXPECT_EQ(rows[r][1], base[r][1]);
    EXPECT_EQ(rows[r][2], base[r][2]);
    EXPECT_EQ(rows[r][5], base[r][3]);
    double x[2];
    for (int j = 0; j < 2; ++j) {
      const std::string& cell = rows[r][3 + j];
      ASSERT_EQ(cell.size() - cell.find('.'), 5u) << "4 decimals: " << cell;
      x[j] = std::stod(cell);
      sum[j] += x[j];
      sum_sq[j] += x[j] * x[j];
    }
    cross += x[0] * x[1];
  }
  const double n = 20000;
  for (int j = 0; j < 2; ++j) {
    const double mean = sum[j] / n;
    const double sd = std::sqrt((sum_sq[j] - n * mean * mean) / (n - 1));
    EXPECT_NEAR(mean, 0.0, 0.03) << "x" << j + 1;  // SE 0.007
    EXPECT_NEAR(sd, 1.0, 0.03) << "x" << j + 1;    // SE 0.005
  }
  EXPECT_NEAR(cross / n, 0.0, 0.03);  // independent columns
}

TEST(SimulateCovariates, CoxFitRecoversTheCovariateEffects) {
  TrialSimulation sim;
  sim.n_treatment = 2000;
  sim.n_control = 2000;
  sim.hazard_ratio = 0.7;
  sim.centre_sd = 0.0;  // no frailty: the fitted model is the true one
  sim.whole_days = false;
  sim.extra_covariates = 2;
  sim.extra_covariate_hr = 1.5;
  sim.seed = 21;

  const auto path = std::filesystem::temp_directory_path() /
                    ("priorsweep_sim_covariates_" + std::to_string(getpid()) + ".csv");
  std::ofstream(path) << simulate_trial_csv(sim);
  CoxColumns cols;
  cols.time = "time";
  cols.event = "event";
  cols.treatment = "treatment";
  cols.covariates = {"age", "x1", "x2"};
  cols.ties = Ties::efron;
  const CoxInput input = extract_cox_input(read_csv(path.string()), cols, MissingPolicy::error).input;
  std::filesystem::remove(path);

  const CoxDesign design = build_cox_design(input);
  ASSERT_EQ(design.dim, 4);
  EXPECT_EQ(design.term_names, (std::vector<std::string>{"treatment", "age", "x1", "x2"}));
  const CoxFit fit = fit_cox_mle(design.view(), {}, design.term_names);
  ASSERT_TRUE(fit.converged);
  const double truth[4] = {std::log(0.7), std::log(1.3) / 10.0, std::log(1.5), std::log(1.5)};
  for (int k = 0; k < 4; ++k) {
    // Within 4 standard errors, and the SE small enough for that to mean something.
    EXPECT_NEAR(fit.coef[k], truth[k], 4.0 * fit.se[k]) << design.term_names[k];
    EXPECT_LT(fit.se[k], 0.25 * std::abs(truth[k])) << design.term_names[k];
  }
}

}  // namespace
}  // namespace ps

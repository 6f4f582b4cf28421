// Shared by the tests in tests/frequentist/: reading the survival fixtures that
// scripts/r_reference/frequentist_reference.R wrote from R's survival package,
// and comparing with R's values to a relative tolerance.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "host/data/csv.hpp"

namespace ps::frequentist_test {

// time, event (0/1), group (0/1) and, where the file has it, stratum.
struct SurvivalFixture {
  std::vector<double> time;
  std::vector<int> event, group, stratum;
};

inline SurvivalFixture read_survival_fixture(const std::string& file) {
  const CsvTable table = read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/" + file);
  const int time = table.column_index("time");
  const int event = table.column_index("event");
  const int group = table.column_index("group");
  const int stratum = table.find_column("stratum");
  SurvivalFixture f;
  for (const auto& row : table.rows) {
    f.time.push_back(std::stod(row[time]));
    f.event.push_back(std::stoi(row[event]));
    f.group.push_back(std::stoi(row[group]));
    if (stratum >= 0) f.stratum.push_back(std::stoi(row[stratum]));
  }
  return f;
}

// Relative comparison; infinities must match exactly, R's NA is NaN here.
inline void expect_rel(double actual, double expected, double rel, const std::string& what = "") {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": expected NaN (R's NA/NaN), got " << actual;
  } else if (std::isinf(expected)) {
    EXPECT_EQ(actual, expected) << what;
  } else {
    EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << what;
  }
}

inline void expect_rel(const std::vector<double>& actual, const std::vector<double>& expected, double rel,
                       const std::string& what = "") {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < actual.size(); ++i) expect_rel(actual[i], expected[i], rel, what + "[" + std::to_string(i) + "]");
}

// Rounds to the number of decimals a publication prints.
inline double round_to(double x, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(x * scale) / scale;
}

}  // namespace ps::frequentist_test

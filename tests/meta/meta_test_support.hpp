// Shared by the tests in tests/meta/: reading the 2x2-table fixtures that
// scripts/r_reference/meta_reference.R wrote (columns study, events_treatment,
// total_treatment, events_control, total_control) and comparing with R's
// values to a relative tolerance.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "host/data/csv.hpp"
#include "host/meta/study_effects.hpp"
#include "host/meta/study_table.hpp"

namespace ps::meta_test {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kRel = 1e-6;  // the brief: match metafor to 1e-6 relative

inline std::vector<StudyTable> read_study_tables(const std::string& file) {
  const CsvTable table = read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/" + file);
  const int study = table.column_index("study");
  const int et = table.column_index("events_treatment");
  const int nt = table.column_index("total_treatment");
  const int ec = table.column_index("events_control");
  const int nc = table.column_index("total_control");
  std::vector<StudyTable> out;
  for (const auto& row : table.rows) {
    out.push_back({row[study], std::stod(row[et]), std::stod(row[nt]), std::stod(row[ec]), std::stod(row[nc])});
  }
  return out;
}

// The included studies' yi, vi of a fixture at continuity correction cc
// (drop00 = TRUE), i.e. escalc(...)'s non-NA rows.
inline EffectSizes effect_sizes(const std::string& file, double cc) {
  StudyEffectsOptions options;
  options.continuity_correction = cc;
  return pooled_effect_sizes(study_effects(read_study_tables(file), options));
}

// Relative comparison; R's NA is NaN here. Expected values below `tiny` in
// magnitude (e.g. metafor's REML tau^2 of 3e-14 where the maximum is on the
// boundary 0) are compared absolutely to `tiny`.
inline void expect_rel(double actual, double expected, const std::string& what, double rel = kRel,
                       double tiny = 0.0) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": expected NaN (R's NA), got " << actual;
  } else if (std::fabs(expected) < tiny) {
    EXPECT_NEAR(actual, expected, tiny) << what;
  } else {
    EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << what;
  }
}

inline void expect_rel(const std::vector<double>& actual, const std::vector<double>& expected,
                       const std::string& what, double rel = kRel) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    expect_rel(actual[i], expected[i], what + "[" + std::to_string(i) + "]", rel);
  }
}

// "meta_bcg.csv at cc 0.5" for failure messages.
inline std::string label(const std::string& file, double cc) { return file + " at cc " + std::to_string(cc); }

}  // namespace ps::meta_test

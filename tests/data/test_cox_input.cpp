// extract_cox_input: conversion, level sorting, strata coding, the drop
// policy, and one test per kind of bad input. Error tests read a real file so
// that the line numbers checked are the file's own; each checks the file
// name, "line:column" and the offending value in the message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <string_view>

#include "host/data/trial_input.hpp"
#include "host/errors.hpp"

namespace {

namespace fs = std::filesystem;

// Column positions (1-based) in kTrial: id 1, time 2, status 3, arm 4, age 5,
// site 6, region 7. Line 1 is the header, patient k is on line k + 1.
constexpr std::string_view kTrial =
    "id,time,status,arm,age,site,region\n"
    "1,5,1,0,50,B,north\n"
    "2,3,0,1,61,A,south\n"
    "3,7,1,1,45,B,north\n"
    "4,2,1,0,70,A,south\n";

ps::CoxColumns trial_columns() {
  ps::CoxColumns columns;
  columns.time = "time";
  columns.event = "status";
  columns.treatment = "arm";
  columns.covariates = {"age"};
  columns.factors = {"site"};
  columns.strata = {"region"};
  columns.ties = ps::Ties::breslow;
  return columns;
}

// kTrial with some cells replaced, each named by patient and column (both
// 1-based, as in the file).
struct CellEdit {
  int patient;
  int column;
  std::string_view value;
};

std::string trial_with(std::initializer_list<CellEdit> edits) {
  std::string text(kTrial);
  for (const CellEdit& edit : edits) {
    std::size_t cell_start = 0;
    for (int k = 0; k < edit.patient; ++k) cell_start = text.find('\n', cell_start) + 1;
    for (int c = 1; c < edit.column; ++c) cell_start = text.find(',', cell_start) + 1;
    const std::size_t cell_end = text.find_first_of(",\n", cell_start);
    text.replace(cell_start, cell_end - cell_start, edit.value);
  }
  return text;
}

std::string trial_with(int patient, int column, std::string_view value) {
  return trial_with({{patient, column, value}});
}

class CoxInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::random_device random;
    do {
      dir_ = fs::temp_directory_path() / ("priorsweep-cox-input-" + test + "-" + std::to_string(random()));
    } while (!fs::create_directory(dir_));
    path_ = (dir_ / "trial.csv").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  ps::CsvTable table(std::string_view contents) const {
    std::ofstream(path_, std::ios::binary) << contents;
    return ps::read_csv(path_);
  }

  ps::ExtractedCox extract(std::string_view contents, const ps::CoxColumns& columns = trial_columns(),
                           ps::MissingPolicy missing = ps::MissingPolicy::error) const {
    return ps::extract_cox_input(table(contents), columns, missing);
  }

  // The InputError message of extracting contents, or a test failure.
  std::string error_of(std::string_view contents, const ps::CoxColumns& columns = trial_columns(),
                       ps::MissingPolicy missing = ps::MissingPolicy::error) const {
    const ps::CsvTable parsed = table(contents);
    try {
      ps::extract_cox_input(parsed, columns, missing);
    } catch (const ps::InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected a ps::InputError";
    return "";
  }

  fs::path dir_;
  std::string path_;
};

void expect_contains(const std::string& message, std::initializer_list<std::string_view> parts) {
  for (std::string_view part : parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "message: " << message << "\nlacks: " << part;
  }
}

// ---- conversion ------------------------------------------------------------

TEST_F(CoxInputTest, ConvertsEveryRole) {
  const ps::ExtractedCox extracted = extract(kTrial);
  const ps::CoxInput& in = extracted.input;
  EXPECT_EQ(in.time, (std::vector<double>{5, 3, 7, 2}));
  EXPECT_EQ(in.event, (std::vector<int>{1, 0, 1, 1}));
  EXPECT_EQ(in.treatment, (std::vector<int>{0, 1, 1, 0}));
  EXPECT_EQ(in.numeric_names, (std::vector<std::string>{"age"}));
  EXPECT_EQ(in.numeric, (std::vector<std::vector<double>>{{50, 61, 45, 70}}));
  EXPECT_EQ(in.factor_names, (std::vector<std::string>{"site"}));
  EXPECT_EQ(in.factor_levels, (std::vector<std::vector<std::string>>{{"A", "B"}}));
  EXPECT_EQ(in.factor_codes, (std::vector<std::vector<int>>{{1, 0, 1, 0}}));
  EXPECT_EQ(in.n_strata, 2);
  EXPECT_EQ(in.stratum, (std::vector<int>{0, 1, 0, 1}));
  EXPECT_EQ(in.stratum_labels, (std::vector<std::string>{"region=north", "region=south"}));
  EXPECT_EQ(in.ties, ps::Ties::breslow);
  EXPECT_TRUE(extracted.dropped_lines.empty());
}

TEST_F(CoxInputTest, TiesAreCopiedFromTheColumns) {
  ps::CoxColumns columns = trial_columns();
  columns.ties = ps::Ties::efron;
  EXPECT_EQ(extract(kTrial, columns).input.ties, ps::Ties::efron);
}

TEST_F(CoxInputTest, AcceptsDecimalIndicatorsExponentsAndLeadingPlus) {
  const ps::CoxInput in = extract(trial_with({{1, 2, "+5e0"}, {2, 3, "0.0"}, {3, 4, "1.0"}, {2, 5, "6.1e1"}})).input;
  EXPECT_EQ(in.time[0], 5.0);
  EXPECT_EQ(in.event[1], 0);
  EXPECT_EQ(in.treatment[2], 1);
  EXPECT_EQ(in.numeric[0][1], 61.0);
}

TEST_F(CoxInputTest, UnusedColumnsMayHoldAnything) {
  const ps::ExtractedCox extracted = extract(trial_with(2, 1, "not a number"));
  EXPECT_EQ(extracted.input.time.size(), 4u);
}

TEST_F(CoxInputTest, NoStrataMeansOneStratumCalledAll) {
  ps::CoxColumns columns = trial_columns();
  columns.strata.clear();
  const ps::CoxInput in = extract(kTrial, columns).input;
  EXPECT_EQ(in.n_strata, 1);
  EXPECT_EQ(in.stratum, (std::vector<int>{0, 0, 0, 0}));
  EXPECT_EQ(in.stratum_labels, (std::vector<std::string>{"all"}));
}

// ---- level sorting ---------------------------------------------------------

TEST_F(CoxInputTest, NumericLevelsSortByValue) {
  const ps::CoxInput in = extract(
      "time,status,arm,dose\n"
      "1,1,0,10\n"
      "2,0,1,2\n"
      "3,1,1,1.5\n"
      "4,1,0,2\n",
      [] {
        ps::CoxColumns c = trial_columns();
        c.covariates = {};
        c.factors = {"dose"};
        c.strata = {};
        return c;
      }())
                                  .input;
  EXPECT_EQ(in.factor_levels[0], (std::vector<std::string>{"1.5", "2", "10"}));
  EXPECT_EQ(in.factor_codes[0], (std::vector<int>{2, 1, 0, 1}));
}

TEST_F(CoxInputTest, TextLevelsSortByBytes) {
  const ps::CoxInput in = extract(
      "time,status,arm,grade\n"
      "1,1,0,b\n"
      "2,0,1,B\n"
      "3,1,1,10\n"
      "4,1,0,a\n"
      "5,1,0,9\n",
      [] {
        ps::CoxColumns c = trial_columns();
        c.covariates = {};
        c.factors = {"grade"};
        c.strata = {};
        return c;
      }())
                                  .input;
  // One non-number makes the whole column text: "10" < "9" < "B" < "a" < "b".
  EXPECT_EQ(in.factor_levels[0], (std::vector<std::string>{"10", "9", "B", "a", "b"}));
  EXPECT_EQ(in.factor_codes[0], (std::vector<int>{4, 2, 0, 3, 1}));
}

// ---- strata ----------------------------------------------------------------

TEST_F(CoxInputTest, StrataAreSortedCombinationsThatOccur) {
  ps::CoxColumns columns = trial_columns();
  columns.covariates = {};
  columns.factors = {};
  columns.strata = {"region", "centre"};
  const ps::CoxInput in = extract(
                              "time,status,arm,region,centre\n"
                              "1,1,0,south,10\n"
                              "2,0,1,north,9\n"
                              "3,1,1,south,9\n"
                              "4,1,0,north,9\n"
                              "5,0,1,south,10\n",
                              columns)
                              .input;
  // (north, 10) never occurs, so it gets no code. Centre sorts numerically.
  EXPECT_EQ(in.n_strata, 3);
  EXPECT_EQ(in.stratum_labels,
            (std::vector<std::string>{"region=north, centre=9", "region=south, centre=9", "region=south, centre=10"}));
  EXPECT_EQ(in.stratum, (std::vector<int>{2, 0, 1, 0, 2}));
}

// ---- drop policy -----------------------------------------------------------

TEST_F(CoxInputTest, DropPolicyDropsIncompleteRowsAndRecordsTheirLines) {
  // Patient 5 (line 6) is missing age, patient 6 (line 7) has NA as its site;
  // patient 2's empty id is in an unused column and does not drop the row.
  const std::string text = trial_with(2, 1, "") +
                           "5,4,1,1,,A,north\n"
                           "6,6,0,0,55,NA,south\n";
  const ps::ExtractedCox extracted = extract(text, trial_columns(), ps::MissingPolicy::drop);
  EXPECT_EQ(extracted.dropped_lines, (std::vector<int>{6, 7}));
  EXPECT_EQ(extracted.input.time, (std::vector<double>{5, 3, 7, 2}));
  EXPECT_EQ(extracted.input.numeric[0], (std::vector<double>{50, 61, 45, 70}));
}

TEST_F(CoxInputTest, DropPolicyComputesLevelsOnKeptRows) {
  const std::string text = std::string(kTrial) + "5,4,1,1,,C,north\n";
  const ps::ExtractedCox extracted = extract(text, trial_columns(), ps::MissingPolicy::drop);
  EXPECT_EQ(extracted.input.factor_levels[0], (std::vector<std::string>{"A", "B"}));
}

// ---- bad input: configuration ---------------------------------------------

TEST_F(CoxInputTest, ConfiguredColumnNotInHeader) {
  ps::CoxColumns columns = trial_columns();
  columns.treatment = "armm";
  expect_contains(error_of(kTrial, columns),
                  {path_ + ":1: ", "found no column 'armm' (configured as treatment)",
                   "expected one of: id, time, status, arm, age, site, region"});
}

TEST_F(CoxInputTest, CovariateEqualToTime) {
  ps::CoxColumns columns = trial_columns();
  columns.covariates = {"age", "time"};
  expect_contains(error_of(kTrial, columns),
                  {path_ + ": ", "column 'time' configured as both time and covariate", "expected each column in one role"});
}

TEST_F(CoxInputTest, FactorRepeated) {
  ps::CoxColumns columns = trial_columns();
  columns.factors = {"site", "site"};
  expect_contains(error_of(kTrial, columns), {path_ + ": ", "column 'site' configured twice as factor"});
}

TEST_F(CoxInputTest, StratumEqualToTreatment) {
  ps::CoxColumns columns = trial_columns();
  columns.strata = {"arm"};
  expect_contains(error_of(kTrial, columns), {path_ + ": ", "column 'arm' configured as both treatment and stratum"});
}

TEST_F(CoxInputTest, NoDataRows) {
  expect_contains(error_of("id,time,status,arm,age,site,region\n"),
                  {path_ + ":1: ", "found no data rows", "expected at least one patient"});
}

// ---- bad input: missing values ---------------------------------------------

TEST_F(CoxInputTest, EmptyCellWithErrorPolicy) {
  expect_contains(error_of(trial_with(2, 5, "")),
                  {path_ + ":3:5: column 'age' is empty; expected a number "
                           "(set [data] missing = \"drop\" to drop incomplete rows)"});
}

TEST_F(CoxInputTest, NaCellWithErrorPolicy) {
  expect_contains(error_of(trial_with(3, 6, "NA")),
                  {path_ + ":4:6: column 'site' is 'NA' (missing); expected a level", "missing = \"drop\""});
}

TEST_F(CoxInputTest, FirstMissingCellIsTheLeftmost) {
  // The stratum comes last among the roles but first in the file: the message
  // points at the cell a reader meets first.
  ps::CoxColumns columns = trial_columns();
  columns.covariates = {};
  columns.factors = {};
  const std::string text =
      "region,time,status,arm\n"
      "north,1,1,0\n"
      ",2,,1\n";
  expect_contains(error_of(text, columns), {path_ + ":3:1: column 'region' is empty; expected a level"});
}

TEST_F(CoxInputTest, NoRowsLeftAfterDropping) {
  const std::string text =
      "time,status,arm\n"
      "1,NA,0\n"
      ",1,1\n";
  ps::CoxColumns columns = trial_columns();
  columns.covariates = {};
  columns.factors = {};
  columns.strata = {};
  expect_contains(error_of(text, columns, ps::MissingPolicy::drop),
                  {path_ + ": ", "no complete rows", "all 2 rows", "expected at least one complete row"});
}

// ---- bad input: cell values ------------------------------------------------

TEST_F(CoxInputTest, NonNumericCovariate) {
  expect_contains(error_of(trial_with(2, 5, "abc")),
                  {path_ + ":3:5: column 'age': found 'abc', which is not a number; expected a finite number"});
}

TEST_F(CoxInputTest, NumberWithTrailingText) {
  expect_contains(error_of(trial_with(4, 5, "70kg")), {path_ + ":5:5: ", "'70kg'", "not a number"});
}

TEST_F(CoxInputTest, NonFiniteNumbers) {
  for (std::string_view value : {"NaN", "nan", "inf", "-inf", "Infinity"}) {
    expect_contains(error_of(trial_with(1, 5, value)),
                    {path_ + ":2:5: column 'age': found '" + std::string(value) + "', which is not finite",
                     "expected a finite number"});
  }
}

TEST_F(CoxInputTest, NumberOutOfRange) {
  expect_contains(error_of(trial_with(1, 2, "1e999")), {path_ + ":2:2: ", "'1e999'", "out of the range"});
}

TEST_F(CoxInputTest, TimeNotPositive) {
  expect_contains(error_of(trial_with(3, 2, "0")),
                  {path_ + ":4:2: column 'time': found '0'; expected a time > 0"});
  expect_contains(error_of(trial_with(1, 2, "-2.5")), {path_ + ":2:2: ", "'-2.5'", "expected a time > 0"});
}

TEST_F(CoxInputTest, EventNotZeroOrOne) {
  expect_contains(error_of(trial_with(2, 3, "2")),
                  {path_ + ":3:3: column 'status': found '2'; expected 0 (censored) or 1 (event)"});
  expect_contains(error_of(trial_with(2, 3, "0.5")), {path_ + ":3:3: ", "'0.5'", "expected 0 (censored) or 1"});
  expect_contains(error_of(trial_with(2, 3, "yes")),
                  {path_ + ":3:3: ", "'yes', which is not a number", "expected 0 (censored) or 1"});
}

TEST_F(CoxInputTest, TreatmentNotZeroOrOne) {
  expect_contains(error_of(trial_with(4, 4, "2")),
                  {path_ + ":5:4: column 'arm': found '2'; expected 0 (control) or 1 (treatment)"});
}

// ---- bad input: whole columns ----------------------------------------------

TEST_F(CoxInputTest, TreatmentWithOneArm) {
  expect_contains(error_of(trial_with({{1, 4, "1"}, {4, 4, "1"}})),
                  {path_ + ": treatment column 'arm' (column 4) has only level 1", "all 4 rows",
                   "expected both 0 (control) and 1 (treatment)"});
}

TEST_F(CoxInputTest, NoEvents) {
  const std::string text =
      "time,status,arm\n"
      "1,0,0\n"
      "2,0,1\n";
  ps::CoxColumns columns = trial_columns();
  columns.covariates = {};
  columns.factors = {};
  columns.strata = {};
  expect_contains(error_of(text, columns),
                  {path_ + ": event column 'status' (column 2) has no events", "all 2 rows",
                   "expected at least one 1 (event)"});
}

TEST_F(CoxInputTest, ConstantCovariate) {
  const std::string text =
      "time,status,arm,age\n"
      "1,1,0,50\n"
      "2,0,1,50.0\n";
  ps::CoxColumns columns = trial_columns();
  columns.factors = {};
  columns.strata = {};
  expect_contains(error_of(text, columns),
                  {path_ + ": covariate column 'age' (column 4) has the same value '50'", "expected values that vary"});
}

TEST_F(CoxInputTest, FactorWithOneLevel) {
  expect_contains(error_of(trial_with({{2, 6, "B"}, {4, 6, "B"}})),
                  {path_ + ": factor column 'site' (column 6) has only one level 'B'", "expected at least two levels"});
}

TEST_F(CoxInputTest, FactorWithOneLevelLeftAfterDropping) {
  // Both 'A' patients lack an age, so only 'B' remains.
  const std::string message = error_of(trial_with({{2, 5, "NA"}, {4, 5, "NA"}}), trial_columns(), ps::MissingPolicy::drop);
  expect_contains(message, {path_ + ": factor column 'site' (column 6) has only one level 'B'",
                            "after dropping 2 incomplete rows"});
}

TEST_F(CoxInputTest, StratumWithOneLevel) {
  ps::CoxColumns columns = trial_columns();
  columns.strata = {"region", "id"};
  const std::string text =
      "id,time,status,arm,age,site,region\n"
      "1,5,1,0,50,B,north\n"
      "1,3,0,1,61,A,south\n";
  expect_contains(error_of(text, columns),
                  {path_ + ": stratum column 'id' (column 1) has only one level '1'", "expected at least two levels"});
}

}  // namespace

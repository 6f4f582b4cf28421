// model = "ordinal_longitudinal" end to end through the binary: the long and
// the wide layout of the same scores give the same fit, the random-intercept
// SD is reported (frequentist.csv without a test of sd = 1; summary.csv on
// the "sd" scale), death is carried forward, and bad input -- a score outside
// the declared levels or not a whole number, a patient without scores, the
// same patient and day twice, a recovery after death -- is exit 2 with the
// file position.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "support/cli_harness.hpp"

namespace {

using namespace cli_harness;
namespace fs = std::filesystem;

constexpr const char* kLongitudinalConfig = R"(seed = 5
backend = "cpu"
chains = 2
warmup = 150
draws = 200
[data]
path = "DATA"
[[analysis]]
name = "long"
model = "ordinal_longitudinal"
LAYOUT
categories = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
absorbing_level = 10
treatment = "treatment"
covariates = ["age"]
quadrature_nodes = 5
[[analysis.prior]]
family = "normal"
mean = 0.0
sd = [1.0, 10.0]
)";

constexpr const char* kLong = "outcome = \"who\"\nid = \"id\"\nday = \"day\"";
constexpr const char* kWide = "outcome = [\"who_d2\", \"who_d4\", \"who_d7\", \"who_d10\", \"who_d14\"]\ndays = [2, 4, 7, 10, 14]";
const std::vector<std::string> kDays = {"2", "4", "7", "10", "14"};

class LongitudinalCliTest : public CliTest {
 protected:
  Csv long_fixture() const { return Csv::parse(read_text(fs::path(PRIORSWEEP_TEST_DATA_DIR) / "who_long.csv")); }

  // who_long.csv pivoted to one row per patient: id,treatment,age,who_d2..who_d14.
  Csv wide_fixture() const {
    const Csv l = long_fixture();
    Csv w;
    w.header = {"id", "treatment", "age"};
    for (const auto& d : kDays) w.header.push_back("who_d" + d);
    std::map<std::string, size_t> row_of;
    for (size_t r = 0; r < l.rows.size(); ++r) {
      const std::string id = l.get(r, "id");
      if (!row_of.count(id)) {
        row_of[id] = w.rows.size();
        std::vector<std::string> row{id, l.get(r, "treatment"), l.get(r, "age")};
        row.resize(w.header.size());
        w.rows.push_back(row);
      }
      w.set(row_of[id], "who_d" + l.get(r, "day"), l.get(r, "who"));
    }
    return w;
  }

  fs::path write(const Csv& csv, const std::string& layout, const std::string& extra = "") {
    write_text(dir_ / "scores.csv", csv.text());
    std::string text = kLongitudinalConfig;
    text.replace(text.find("DATA"), 4, "scores.csv");
    text.replace(text.find("LAYOUT"), 6, layout + "\n" + extra);
    write_text(dir_ / "long.toml", text);
    return dir_ / "long.toml";
  }

  std::map<std::string, double> estimates(const fs::path& out) const {
    const Csv freq = Csv::parse(read_text(out / "long" / "frequentist.csv"));
    std::map<std::string, double> e;
    for (size_t r = 0; r < freq.rows.size(); ++r) e[freq.get(r, "term")] = std::stod(freq.get(r, "estimate"));
    return e;
  }
};

TEST_F(LongitudinalCliTest, LongAndWideLayoutsGiveTheSameFit) {
  const CliResult rl = run(write(long_fixture(), kLong), dir_ / "out_long");
  ASSERT_EQ(rl.code, 0) << rl;
  const CliResult rw = run(write(wide_fixture(), kWide), dir_ / "out_wide");
  ASSERT_EQ(rw.code, 0) << rw;
  const auto el = estimates(dir_ / "out_long"), ew = estimates(dir_ / "out_wide");
  ASSERT_EQ(el.size(), 16u);  // treatment, age, 4 days, sd, 9 cutpoints (level 0 is empty)
  for (const auto& [term, value] : el) {
    const std::string wide_term = term == "sd(id)" ? "sd(patient)" : term;
    ASSERT_TRUE(ew.count(wide_term)) << wide_term;
    EXPECT_NEAR(ew.at(wide_term), value, 1e-7 * (1.0 + std::abs(value))) << term;
  }
  const Csv freq = Csv::parse(read_text(dir_ / "out_long" / "long" / "frequentist.csv"));
  EXPECT_EQ(freq.get(6, "term"), "sd(id)");
  EXPECT_EQ(freq.get(6, "p"), "NA");  // no test of sd = 1
  EXPECT_NEAR(std::stod(freq.get(6, "ratio")), 3.0, 0.3);  // the random-intercept SD
  const Csv summary = Csv::parse(read_text(dir_ / "out_long" / "long" / "summary.csv"));
  ASSERT_EQ(summary.rows.size(), 14u);  // 2 priors x (6 coefficients + sd)
  EXPECT_EQ(summary.get(6, "term"), "sd(id)");
  EXPECT_EQ(summary.get(6, "scale"), "sd");
  EXPECT_EQ(summary.get(0, "scale"), "or");
  const auto run_json = nlohmann::json::parse(read_text(dir_ / "out_long" / "run.json"));
  const auto& counts = run_json["analyses"][0]["counts"];
  EXPECT_EQ(counts["patients"], 60);
  EXPECT_EQ(counts["scores"], 300);
  EXPECT_EQ(counts["scores_filled_after_death"], 0);  // the fixture already scores every day after death
}

TEST_F(LongitudinalCliTest, DeathIsCarriedForwardOverMissingDays) {
  Csv w = wide_fixture();
  // Patient 1 dies on day 7 (fixture: 6, 5, 10, 10, 10); blank the later days.
  ASSERT_EQ(w.get(0, "who_d7"), "10");
  w.set(0, "who_d10", "");
  w.set(0, "who_d14", "");
  const CliResult r = run(write(w, kWide), dir_ / "out");
  ASSERT_EQ(r.code, 0) << r;
  const auto run_json = nlohmann::json::parse(read_text(dir_ / "out" / "run.json"));
  EXPECT_EQ(run_json["analyses"][0]["counts"]["scores"], 300);
  EXPECT_EQ(run_json["analyses"][0]["counts"]["scores_filled_after_death"], 2);
  // The same data with the days written out gives the same fit.
  EXPECT_EQ(estimates(dir_ / "out"), [&] {
    const CliResult full = run(write(wide_fixture(), kWide), dir_ / "out_full");
    EXPECT_EQ(full.code, 0) << full;
    return estimates(dir_ / "out_full");
  }());
}

TEST_F(LongitudinalCliTest, AfterDeathDropKeepsOnlyTheFirstDeath) {
  const CliResult r = run(write(wide_fixture(), kWide, "after_death = \"drop\""), dir_ / "out");
  ASSERT_EQ(r.code, 0) << r;
  const auto counts = nlohmann::json::parse(read_text(dir_ / "out" / "run.json"))["analyses"][0]["counts"];
  EXPECT_GT(counts["scores_dropped_after_death"].get<int>(), 0);
  EXPECT_EQ(counts["scores"].get<int>() + counts["scores_dropped_after_death"].get<int>(), 300);
}

TEST_F(LongitudinalCliTest, ScoreOutsideTheDeclaredLevels) {
  Csv w = wide_fixture();
  w.set(3, "who_d4", "11");  // file line 5
  const CliResult r = run(write(w, kWide), dir_ / "out");
  expect_bad_input(r, dir_ / "out", {(dir_ / "scores.csv").string() + ":5:5:", "who_d4", "outside the declared levels"});
}

TEST_F(LongitudinalCliTest, ScoreThatIsNotAWholeNumber) {
  Csv l = long_fixture();
  l.set(10, "who", "4.5");  // file line 12
  const CliResult r = run(write(l, kLong), dir_ / "out");
  expect_bad_input(r, dir_ / "out", {(dir_ / "scores.csv").string() + ":12:", "not a whole number"});
}

TEST_F(LongitudinalCliTest, PatientWithoutScores) {
  Csv w = wide_fixture();
  for (const auto& d : kDays) w.set(7, "who_d" + d, "");  // file line 9
  const CliResult r = run(write(w, kWide), dir_ / "out");
  expect_bad_input(r, dir_ / "out", {(dir_ / "scores.csv").string() + ":9:", "no score", "at least one score"});
}

TEST_F(LongitudinalCliTest, SamePatientAndDayTwice) {
  Csv l = long_fixture();
  l.set(1, "day", "2");  // patient 1 has day 2 on file lines 2 and 3
  const CliResult r = run(write(l, kLong), dir_ / "out");
  expect_bad_input(r, dir_ / "out", {(dir_ / "scores.csv").string() + ":3:", "again (also on line 2)"});
}

TEST_F(LongitudinalCliTest, RecoveryAfterDeath) {
  Csv w = wide_fixture();
  w.set(0, "who_d14", "5");  // patient 1 died on day 7; file line 2
  const CliResult r = run(write(w, kWide), dir_ / "out");
  expect_bad_input(r, dir_ / "out", {(dir_ / "scores.csv").string() + ":2:", "after the absorbing level"});
}

}  // namespace

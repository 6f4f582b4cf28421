// End to end through the built `priorsweep` binary (DESIGN.md "Contracts"):
// --version/--help, `simulate` (header, row count, determinism by seed), a
// small `run` on simulated data (the output files and their columns,
// byte-identical reruns, thread count not changing results), `validate`, and
// bad input: exit code 2, one error line on stderr naming the file, and no
// output folder left behind. Every test works in its own temporary folder;
// runs use tiny chains so that the whole file takes a few seconds.
#include "support/cli_harness.hpp"

namespace {

using namespace cli_harness;
namespace fs = std::filesystem;

// ------------------------------------------------------------- basic flags

TEST_F(CliTest, VersionExitsZero) {
  const CliResult r = cli("--version");
  EXPECT_EQ(r.code, 0) << r;
  EXPECT_NE((r.out + r.err).find("priorsweep"), std::string::npos) << r;
  EXPECT_NE((r.out + r.err).find(PRIORSWEEP_VERSION), std::string::npos) << r;
}

TEST_F(CliTest, HelpExitsZeroAndListsSubcommands) {
  const CliResult r = cli("--help");
  EXPECT_EQ(r.code, 0) << r;
  for (const char* sub : {"run", "validate", "simulate"}) EXPECT_NE(r.out.find(sub), std::string::npos) << sub << r;
}

TEST_F(CliTest, NoSubcommandIsBadInput) {
  const CliResult r = cli("");
  EXPECT_EQ(r.code, 2) << r;
}

TEST_F(CliTest, UnknownOptionIsBadInput) {
  const CliResult r = cli("run x.toml --no-such-option");
  EXPECT_EQ(r.code, 2) << r;
}

// ---------------------------------------------------------------- simulate

TEST_F(CliTest, SimulateWritesTheDocumentedCsv) {
  const fs::path path = simulate("x.csv", 3);
  const auto lines = lines_of(read_text(path));
  ASSERT_EQ(lines.size(), 61u);
  EXPECT_EQ(lines[0], "id,treatment,age,centre,time,event");
  int treated = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto cells = split(lines[i], ',');
    ASSERT_EQ(cells.size(), 6u) << lines[i];
    EXPECT_EQ(cells[0], std::to_string(i));
    EXPECT_TRUE(cells[1] == "0" || cells[1] == "1") << lines[i];
    EXPECT_TRUE(cells[5] == "0" || cells[5] == "1") << lines[i];
    EXPECT_GT(std::stod(cells[4]), 0.0) << lines[i];
    treated += cells[1] == "1";
  }
  EXPECT_EQ(treated, 30);
}

TEST_F(CliTest, SimulateSameSeedSameBytesDifferentSeedDifferent) {
  const std::string a = read_text(simulate("a.csv", 3));
  const std::string b = read_text(simulate("b.csv", 3));
  const std::string c = read_text(simulate("c.csv", 4));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST_F(CliTest, SimulateToStdoutMatchesFile) {
  const std::string file = read_text(simulate("a.csv", 3));
  const CliResult r = cli("simulate --n-treatment 30 --n-control 30 --seed 3");
  EXPECT_EQ(r.code, 0) << r;
  EXPECT_EQ(r.out, file);
}

// --------------------------------------------------------------------- run

TEST_F(CliTest, RunWritesTheContractOutputs) {
  simulate();
  const fs::path config = write_config({});
  const fs::path out = dir_ / "out";
  const CliResult r = run(config, out);
  ASSERT_EQ(r.code, 0) << r;

  // summary.csv: the contract's columns, one row per (prior, term).
  const auto lines = lines_of(read_text(out / "main" / "summary.csv"));
  ASSERT_EQ(lines.size(), 1u + 2u * 2u);  // 2 priors x (treatment, age)
  EXPECT_EQ(split(lines[0], ','), kSummaryColumns);
  std::map<std::string, size_t> col;
  for (size_t j = 0; j < kSummaryColumns.size(); ++j) col[kSummaryColumns[j]] = j;
  const std::vector<std::pair<std::string, std::string>> id_term = {
      {"0", "treatment"}, {"0", "age"}, {"1", "treatment"}, {"1", "age"}};
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto cells = split(lines[i], ',');
    ASSERT_EQ(cells.size(), kSummaryColumns.size()) << lines[i];
    EXPECT_EQ(cells[col["prior_id"]], id_term[i - 1].first) << lines[i];
    EXPECT_EQ(cells[col["term"]], id_term[i - 1].second) << lines[i];
    EXPECT_EQ(cells[col["prior_family"]], "normal");
    EXPECT_EQ(cells[col["prior_mean"]], "0");
    EXPECT_EQ(cells[col["prior_sd"]], i <= 2 ? "0.5" : "2");
    EXPECT_EQ(cells[col["scale"]], "hr");
    const double median = std::stod(cells[col["median"]]);
    EXPECT_GT(median, 0.0) << "values are on the HR scale: " << lines[i];
    EXPECT_LE(std::stod(cells[col["q0.025"]]), std::stod(cells[col["q0.05"]]));
    EXPECT_LE(std::stod(cells[col["q0.05"]]), median);
    EXPECT_LE(median, std::stod(cells[col["q0.95"]]));
    EXPECT_LE(std::stod(cells[col["q0.95"]]), std::stod(cells[col["q0.975"]]));
    const double p1 = std::stod(cells[col["p_below_1"]]);
    const double p085 = std::stod(cells[col["p_below_0.85"]]);
    EXPECT_GE(p1, p085);
    EXPECT_GE(p085, 0.0);
    EXPECT_LE(p1, 1.0);
    const double accept = std::stod(cells[col["accept_rate"]]);
    EXPECT_GT(accept, 0.0);
    EXPECT_LT(accept, 1.0);
    if (cells[col["term"]] == "treatment") {
      const std::string& d = cells[col["decision"]];
      EXPECT_TRUE(d == "efficacy" || d == "futility" || d == "inconclusive") << lines[i];
    }
  }

  // frequentist.csv: one row per term.
  const auto freq = lines_of(read_text(out / "main" / "frequentist.csv"));
  ASSERT_EQ(freq.size(), 3u);
  EXPECT_EQ(freq[0], "term,estimate,se,z,p,ratio,lower95,upper95,loglik");
  EXPECT_EQ(split(freq[1], ',').at(0), "treatment");
  EXPECT_EQ(split(freq[2], ',').at(0), "age");

  // summary.json: parses and holds the same priors.
  const nlohmann::json summary = nlohmann::json::parse(read_text(out / "summary.json"));
  ASSERT_TRUE(summary.contains("analyses"));
  ASSERT_EQ(summary["analyses"].size(), 1u);
  EXPECT_EQ(summary["analyses"][0]["name"], "main");
  EXPECT_EQ(summary["analyses"][0]["priors"].size(), 2u);
  EXPECT_EQ(summary["seed"], 11);

  // run.json: version, resolved config, seed, backend, shard.
  const nlohmann::json run_json = nlohmann::json::parse(read_text(out / "run.json"));
  EXPECT_EQ(run_json["version"], PRIORSWEEP_VERSION);
  EXPECT_EQ(run_json["seed"], 11);
  EXPECT_EQ(run_json["backend"], "cpu");
  EXPECT_EQ(run_json["shard"], "1/1");
  EXPECT_EQ(run_json["config"]["chains"], 2);
  EXPECT_TRUE(run_json.contains("device"));
  EXPECT_TRUE(run_json.contains("timings_s"));

  // No temporary files (nor the checkpoint) left next to the results.
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "main" || name == "summary.csv" || name == "frequentist.csv" || name == "km.csv" ||
                name == "summary.json" || name == "run.json")
        << "unexpected file " << entry.path();
  }
}

TEST_F(CliTest, SameSeedGivesByteIdenticalResults) {
  simulate();
  const fs::path config = write_config({});
  const CliResult a = run(config, dir_ / "a", "--threads 1 --seed 5");
  const CliResult b = run(config, dir_ / "b", "--threads 1 --seed 5");
  ASSERT_EQ(a.code, 0) << a;
  ASSERT_EQ(b.code, 0) << b;
  for (const char* f : {"main/summary.csv", "main/frequentist.csv", "summary.json"})
    EXPECT_EQ(read_text(dir_ / "a" / f), read_text(dir_ / "b" / f)) << f;
  EXPECT_EQ(nlohmann::json::parse(read_text(dir_ / "a" / "run.json"))["seed"], 5);
}

TEST_F(CliTest, ThreadCountDoesNotChangeResults) {
  simulate();
  const fs::path config = write_config({});
  const CliResult a = run(config, dir_ / "t1", "--threads 1");
  const CliResult b = run(config, dir_ / "t2", "--threads 2");
  ASSERT_EQ(a.code, 0) << a;
  ASSERT_EQ(b.code, 0) << b;
  for (const char* f : {"main/summary.csv", "main/frequentist.csv", "summary.json"})
    EXPECT_EQ(read_text(dir_ / "t1" / f), read_text(dir_ / "t2" / f)) << f;
}

TEST_F(CliTest, DifferentSeedGivesDifferentDraws) {
  simulate();
  const fs::path config = write_config({});
  ASSERT_EQ(run(config, dir_ / "a", "--threads 1 --seed 5").code, 0);
  ASSERT_EQ(run(config, dir_ / "b", "--threads 1 --seed 6").code, 0);
  EXPECT_NE(read_text(dir_ / "a" / "main" / "summary.csv"), read_text(dir_ / "b" / "main" / "summary.csv"));
  // The MLE does not depend on the seed.
  EXPECT_EQ(read_text(dir_ / "a" / "main" / "frequentist.csv"), read_text(dir_ / "b" / "main" / "frequentist.csv"));
}

TEST_F(CliTest, ShardsSplitTheGrid) {
  simulate();
  const fs::path config = write_config({});
  ASSERT_EQ(run(config, dir_ / "all").code, 0);
  const CliResult r1 = run(config, dir_ / "s1", "--threads 1 --shard 1/2");
  const CliResult r2 = run(config, dir_ / "s2", "--threads 1 --shard 2/2");
  ASSERT_EQ(r1.code, 0) << r1;
  ASSERT_EQ(r2.code, 0) << r2;
  const auto all = lines_of(read_text(dir_ / "all" / "main" / "summary.csv"));
  const auto s1 = lines_of(read_text(dir_ / "s1" / "main" / "summary.csv"));
  const auto s2 = lines_of(read_text(dir_ / "s2" / "main" / "summary.csv"));
  ASSERT_EQ(all.size(), 5u);
  ASSERT_EQ(s1.size(), 3u);
  ASSERT_EQ(s2.size(), 3u);
  // A prior's result does not depend on the shard it runs in.
  EXPECT_EQ(s1[1], all[1]);
  EXPECT_EQ(s1[2], all[2]);
  EXPECT_EQ(s2[1], all[3]);
  EXPECT_EQ(s2[2], all[4]);
  EXPECT_EQ(nlohmann::json::parse(read_text(dir_ / "s2" / "run.json"))["shard"], "2/2");
}

TEST_F(CliTest, TreatmentOnlySummariesKeepTheTreatmentRowsExactly) {
  simulate();
  ConfigOptions o;
  const fs::path all_terms = write_config(o, "all.toml");
  o.extra_analysis = "summaries = \"treatment\"";
  const fs::path treatment_only = write_config(o, "treatment.toml");
  ASSERT_EQ(run(all_terms, dir_ / "all").code, 0);
  const CliResult r = run(treatment_only, dir_ / "treatment");
  ASSERT_EQ(r.code, 0) << r;
  const auto all = lines_of(read_text(dir_ / "all" / "main" / "summary.csv"));
  const auto only = lines_of(read_text(dir_ / "treatment" / "main" / "summary.csv"));
  // Two priors x (treatment, age) against two priors x treatment: the same
  // chains, so the treatment rows are identical.
  ASSERT_EQ(all.size(), 5u);
  ASSERT_EQ(only.size(), 3u);
  EXPECT_EQ(only[0], all[0]);
  EXPECT_EQ(only[1], all[1]);
  EXPECT_EQ(only[2], all[3]);
  // The frequentist fit still reports every coefficient.
  EXPECT_EQ(read_text(dir_ / "all" / "main" / "frequentist.csv"), read_text(dir_ / "treatment" / "main" / "frequentist.csv"));
}

TEST_F(CliTest, RunJsonReportsTheLayout) {
  simulate();
  ASSERT_EQ(run(write_config({}), dir_ / "out").code, 0);
  const auto run_json = nlohmann::json::parse(read_text(dir_ / "out" / "run.json"));
  EXPECT_EQ(run_json["analyses"][0]["layout"], "thread-per-chain");
}

TEST_F(CliTest, GpuLanesMustBeAPowerOfTwo) {
  simulate();
  const CliResult r = run(write_config({}), dir_ / "out", "--gpu-lanes 48");
  EXPECT_EQ(r.code, 2) << r;
  EXPECT_NE(r.err.find("--gpu-lanes"), std::string::npos) << r;
}

// ------------------------------------------------------------ ordinal model

// The wine data of R's ordinal package (tests/fixtures/wine.csv): rating 1..5,
// warm (the "treatment"), contact.
constexpr const char* kOrdinalConfig = R"(seed = 5
backend = "cpu"
chains = 2
warmup = 300
draws = 600

[data]
path = "DATA"

[[analysis]]
name = "wine"
model = "ordinal"
outcome = "rating"
categories = [1, 2, 3, 4, 5]
treatment = "warm"
covariates = ["contact"]
thresholds = [1.0, 0.5]

[analysis.prior]
family = "normal"
mean = 0.0
sd = [0.5, 10.0]
)";

class OrdinalCliTest : public CliTest {
 protected:
  // The fixture copied, with `edit` applied to its CSV text; returns the config.
  fs::path write_wine(const std::function<void(Csv&)>& edit = nullptr) {
    Csv csv = Csv::parse(read_text(fs::path(PRIORSWEEP_TEST_DATA_DIR) / "wine.csv"));
    if (edit) edit(csv);
    write_text(dir_ / "wine.csv", csv.text());
    std::string text = kOrdinalConfig;
    text.replace(text.find("DATA"), 4, "wine.csv");
    write_text(dir_ / "wine.toml", text);
    return dir_ / "wine.toml";
  }
};

TEST_F(OrdinalCliTest, RunWritesOddsRatiosAndTheMaximumLikelihoodFit) {
  const CliResult r = run(write_wine(), dir_ / "out");
  ASSERT_EQ(r.code, 0) << r;
  const Csv summary = Csv::parse(read_text(dir_ / "out" / "wine" / "summary.csv"));
  ASSERT_EQ(summary.rows.size(), 4u);  // 2 priors x (treatment, contact): cutpoints are not summarised
  EXPECT_EQ(summary.get(0, "term"), "treatment");
  EXPECT_EQ(summary.get(0, "scale"), "or");
  EXPECT_EQ(summary.get(1, "term"), "contact");
  const Csv freq = Csv::parse(read_text(dir_ / "out" / "wine" / "frequentist.csv"));
  ASSERT_EQ(freq.rows.size(), 6u);  // 2 coefficients, 4 cutpoints
  EXPECT_EQ(freq.get(2, "term"), "cutpoint[1|2]");
  EXPECT_EQ(freq.get(2, "ratio"), "NA");
  const auto run_json = nlohmann::json::parse(read_text(dir_ / "out" / "run.json"));
  EXPECT_EQ(run_json["analyses"][0]["model"], "ordinal");
  EXPECT_EQ(run_json["analyses"][0]["counts"]["patients_per_level"]["3"], 26);
}

TEST_F(OrdinalCliTest, ScoreOutsideTheDeclaredCategories) {
  const fs::path config = write_wine([](Csv& c) { c.set(6, "rating", "7"); });  // file line 8
  const CliResult r = run(config, dir_ / "out");
  expect_bad_input(r, dir_ / "out", {(dir_ / "wine.csv").string() + ":8:", "outside the declared levels", "1..5"});
}

TEST_F(OrdinalCliTest, ScoreThatIsNotAWholeNumber) {
  const fs::path config = write_wine([](Csv& c) { c.set(2, "rating", "2.5"); });  // file line 4
  const CliResult r = run(config, dir_ / "out");
  expect_bad_input(r, dir_ / "out", {(dir_ / "wine.csv").string() + ":4:", "not a whole number"});
}

TEST_F(OrdinalCliTest, OneScoreForEveryone) {
  const fs::path config = write_wine([](Csv& c) { c.set_all("rating", "3"); });
  const CliResult r = run(config, dir_ / "out");
  expect_bad_input(r, dir_ / "out", {"outcome column 'rating'", "at least two different levels"});
}

// ---------------------------------------------------------------- validate

TEST_F(CliTest, ValidateGoodConfig) {
  simulate();
  const fs::path config = write_config({});
  const CliResult r = cli("validate " + quote(config));
  EXPECT_EQ(r.code, 0) << r;
  EXPECT_NE(r.out.find("valid"), std::string::npos) << r;
  EXPECT_NE(r.out.find("main"), std::string::npos) << r;
  EXPECT_FALSE(fs::exists(dir_ / "results"));
}

// --------------------------------------------------------------- bad input

TEST_F(CliTest, NonNumericAgeCell) {
  // Patient 5 is on file line 6.
  expect_bad_data([](Csv& c) { c.set(4, "age", "sixty"); }, 6);
}

TEST_F(CliTest, MissingColumn) {
  expect_bad_data([](Csv& c) { c.drop_column("age"); }, 1);
}

TEST_F(CliTest, TimeNotPositive) {
  expect_bad_data([](Csv& c) { c.set(2, "time", "0"); }, 4);
}

TEST_F(CliTest, NegativeTime) {
  expect_bad_data([](Csv& c) { c.set(9, "time", "-3"); }, 11);
}

TEST_F(CliTest, EventTwo) {
  expect_bad_data([](Csv& c) { c.set(7, "event", "2"); }, 9);
}

TEST_F(CliTest, OnlyOneArm) {
  expect_bad_data([](Csv& c) { c.set_all("treatment", "1"); }, 0);
}

TEST_F(CliTest, ZeroEvents) {
  expect_bad_data([](Csv& c) { c.set_all("event", "0"); }, 0);
}

TEST_F(CliTest, FactorWithOneLevel) {
  ConfigOptions o;
  o.extra_analysis = "factors = [\"centre\"]";
  expect_bad_data([](Csv& c) { c.set_all("centre", "C01"); }, 0, o);
}

TEST_F(CliTest, EmptyCellWithoutMissingDrop) {
  expect_bad_data([](Csv& c) { c.set(10, "age", ""); }, 12);
}

TEST_F(CliTest, EmptyCellWithMissingDropRuns) {
  simulate();
  Csv csv = Csv::parse(read_text(dir_ / "trial.csv"));
  csv.set(10, "age", "");
  write_text(dir_ / "holes.csv", csv.text());
  ConfigOptions o;
  o.data = "holes.csv";
  o.extra_data = "missing = \"drop\"";
  const fs::path config = write_config(o);
  const CliResult r = run(config, dir_ / "out");
  ASSERT_EQ(r.code, 0) << r;
  const nlohmann::json j = nlohmann::json::parse(read_text(dir_ / "out" / "run.json"));
  EXPECT_EQ(j["analyses"][0]["counts"]["patients"], 59);
  EXPECT_EQ(j["analyses"][0]["counts"]["dropped_rows"], 1);
}

TEST_F(CliTest, UnknownConfigKey) {
  simulate();
  const fs::path config = dir_ / "config.toml";
  std::string text = config_text({});
  text.insert(0, "thinning = 2\n");
  write_text(config, text);
  const fs::path out = dir_ / "out";
  expect_bad_input(run(config, out), out, {config.string() + ":1:", "thinning"});
}

TEST_F(CliTest, MissingConfigFile) {
  const fs::path config = dir_ / "nope.toml";
  const fs::path out = dir_ / "out";
  expect_bad_input(run(config, out), out, {config.string()});
}

TEST_F(CliTest, MissingDataFile) {
  const fs::path config = write_config({});  // trial.csv was never written
  const fs::path out = dir_ / "out";
  expect_bad_input(run(config, out), out, {(dir_ / "trial.csv").string()});
}

TEST_F(CliTest, BadShardText) {
  simulate();
  const fs::path config = write_config({});
  for (const char* shard : {"abc", "3/2", "0/2", "1/0", "1/2x", "1/"}) {
    const fs::path out = dir_ / "out";
    expect_bad_input(run(config, out, std::string("--threads 1 --shard ") + shard), out, {"--shard", shard});
  }
}

TEST_F(CliTest, NegativeSeedIsBadInput) {
  // The config rejects seed = -3 (an integer from 0); the option must too,
  // not wrap it to 2^64 - 3.
  simulate();
  const fs::path config = write_config({});
  const fs::path out = dir_ / "out";
  const CliResult r = run(config, out, "--threads 1 --seed -3");
  EXPECT_EQ(r.code, 2) << r;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliTest, OutIsAFile) {
  simulate();
  const fs::path config = write_config({});
  const fs::path out = dir_ / "out";
  write_text(out, "not a folder");
  const CliResult r = run(config, out);
  EXPECT_EQ(r.code, 2) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_EQ(read_text(out), "not a folder");
}

// The shipped example end to end (issue "done means"): every prior of the
// grid reaches R-hat <= 1.01 and bulk ESS >= 1000 for the treatment effect,
// the vague Normal(0, 1e6) prior's posterior median sits next to exp(MLE),
// and the decision column holds only the three decisions.
// The example (examples/corimuno/config.toml) end to end: every analysis
// meets the quality target on the treatment effect for every prior of its
// grid (R-hat <= 1.01, bulk ESS >= 1000), and the Cox analysis's vague-prior
// median sits at the MLE.
TEST_F(CliTest, ExampleRunMeetsQualityTargets) {
  const fs::path config = fs::path(PRIORSWEEP_SOURCE_DIR) / "examples" / "corimuno" / "config.toml";
  const fs::path out = dir_ / "example";
  const CliResult r = run(config, out, "--quiet");
  ASSERT_EQ(r.code, 0) << r;
  const std::vector<std::pair<std::string, int>> analyses = {{"vent_or_death_d14", 51}, {"who_day4", 15},
                                                             {"who_day7", 15},          {"who_day14", 15},
                                                             {"who_longitudinal", 3}};
  for (const auto& [name, priors] : analyses) {
    for (const char* f : {"summary.csv", "frequentist.csv"}) EXPECT_TRUE(fs::exists(out / name / f)) << name << f;
    const Csv summary = Csv::parse(read_text(out / name / "summary.csv"));
    int treatment_rows = 0;
    for (const auto& row : summary.rows) {
      if (row[summary.column("term")] != "treatment") continue;
      ++treatment_rows;
      const std::string id = name + " prior " + row[summary.column("prior_id")];
      EXPECT_LE(std::stod(row[summary.column("rhat")]), 1.01) << id;
      EXPECT_GE(std::stod(row[summary.column("ess_bulk")]), 1000.0) << id;
      const std::string decision = row[summary.column("decision")];
      EXPECT_TRUE(decision == "efficacy" || decision == "futility" || decision == "inconclusive") << decision;
    }
    EXPECT_EQ(treatment_rows, priors) << name;
  }
  for (const char* f : {"summary.json", "run.json"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  // The frequentist companions: Kaplan-Meier rows per arm, the stratified log-rank test.
  EXPECT_EQ(Csv::parse(read_text(out / "vent_or_death_km" / "frequentist.csv")).rows.size(), 2u * (2u * 2u + 1u));
  EXPECT_EQ(Csv::parse(read_text(out / "vent_or_death_logrank" / "frequentist.csv")).rows.at(0).at(0), "logrank");

  const Csv summary = Csv::parse(read_text(out / "vent_or_death_d14" / "summary.csv"));
  const Csv freq = Csv::parse(read_text(out / "vent_or_death_d14" / "frequentist.csv"));
  const size_t terms = freq.rows.size();
  ASSERT_EQ(terms, 17u);  // treatment, age, 15 centre levels
  ASSERT_EQ(summary.rows.size(), 51 * terms);
  const double mle_hr = std::stod(freq.rows.at(0).at(freq.column("ratio")));
  for (const auto& row : summary.rows) {
    if (row[summary.column("term")] == "treatment" && row[summary.column("prior_sd")] == "1000")  // round-trip text of 1000.0
      EXPECT_NEAR(std::stod(row[summary.column("median")]), mle_hr, 0.03) << "vague prior vs exp(MLE)";
  }
  const nlohmann::json run_json = nlohmann::json::parse(read_text(out / "run.json"));
  EXPECT_EQ(run_json["analyses"][0]["counts"]["patients"], 114);
  EXPECT_EQ(run_json["analyses"][4]["counts"]["patients"], 114 - 1);  // one dropout before day 2
}

}  // namespace

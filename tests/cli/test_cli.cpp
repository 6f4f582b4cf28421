// End to end through the built `priorsweep` binary (DESIGN.md "Contracts"):
// --version/--help, `simulate` (header, row count, determinism by seed), a
// small `run` on simulated data (the output files and their columns,
// byte-identical reruns, thread count not changing results), `validate`, and
// bad input: exit code 2, one error line on stderr naming the file, and no
// output folder left behind. Every test works in its own temporary folder;
// runs use tiny chains so that the whole file takes a few seconds.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}
std::string quote(const fs::path& p) { return quote(p.string()); }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char ch : text) {
    if (ch == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  parts.push_back(cur);
  return parts;
}

// Lines of a text, without the empty piece after a final newline.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines = split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

std::ostream& operator<<(std::ostream& os, const CliResult& r) {
  return os << "exit " << r.code << "\n--- stdout:\n" << r.out << "--- stderr:\n" << r.err;
}

// A CSV as rows of cells, for making bad variants of good data.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  static Csv parse(const std::string& text) {
    Csv csv;
    const auto lines = lines_of(text);
    csv.header = split(lines.at(0), ',');
    for (size_t i = 1; i < lines.size(); ++i) csv.rows.push_back(split(lines[i], ','));
    return csv;
  }
  size_t column(const std::string& name) const {
    for (size_t j = 0; j < header.size(); ++j)
      if (header[j] == name) return j;
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
  void set(size_t row, const std::string& name, const std::string& value) { rows.at(row)[column(name)] = value; }
  const std::string& get(size_t row, const std::string& name) const { return rows.at(row)[column(name)]; }
  void set_all(const std::string& name, const std::string& value) {
    for (auto& r : rows) r[column(name)] = value;
  }
  void drop_column(const std::string& name) {
    const size_t j = column(name);
    header.erase(header.begin() + j);
    for (auto& r : rows) r.erase(r.begin() + j);
  }
  std::string text() const {
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
      for (size_t j = 0; j < cells.size(); ++j) out += (j ? "," : "") + cells[j];
      out += "\n";
    };
    line(header);
    for (const auto& r : rows) line(r);
    return out;
  }
};

constexpr const char* kConfigTemplate = R"(seed = 11
backend = "cpu"
chains = 2
warmup = 200
draws = 400

[data]
path = "DATA"
EXTRA_DATA
[[analysis]]
name = "main"
model = "cox"
time = "time"
event = "event"
treatment = "treatment"
covariates = ["age"]
EXTRA_ANALYSIS
thresholds = [1, 0.85]

[analysis.prior]
family = "normal"
mean = 0.0
sd = [0.5, 2.0]
)";

struct ConfigOptions {
  std::string data = "trial.csv";
  std::string extra_data;      // lines added to [data]
  std::string extra_analysis;  // lines added to [[analysis]]
};

std::string config_text(const ConfigOptions& o) {
  std::string text = kConfigTemplate;
  auto sub = [&](const std::string& from, const std::string& to) { text.replace(text.find(from), from.size(), to); };
  sub("DATA", o.data);
  sub("EXTRA_DATA", o.extra_data);
  sub("EXTRA_ANALYSIS", o.extra_analysis);
  return text;
}

const std::vector<std::string> kSummaryColumns = {
    "prior_id", "prior_family", "prior_mean", "prior_sd", "term",     "scale",    "median",
    "mean",     "sd",           "q0.05",      "q0.95",    "q0.025",   "q0.975",   "p_below_1",
    "p_below_0.85", "rhat",     "ess_bulk",   "ess_tail", "accept_rate", "decision"};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("priorsweep_cli_") + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::remove_all(dir_);
  }

  // Runs the binary with `args` (already quoted where needed), stdout and
  // stderr captured to files in the test's folder.
  CliResult cli(const std::string& args) {
    const fs::path out = dir_ / "cli_stdout.txt";
    const fs::path err = dir_ / "cli_stderr.txt";
    const std::string command = quote(std::string(PRIORSWEEP_BINARY)) + " " + args + " >" + quote(out) + " 2>" + quote(err);
    const int status = std::system(command.c_str());
    CliResult r;
    r.code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_text(out);
    r.err = read_text(err);
    fs::remove(out);
    fs::remove(err);
    return r;
  }

  // A simulated trial of 30 + 30 patients, written to dir_/name.
  fs::path simulate(const std::string& name = "trial.csv", int seed = 3) {
    const fs::path path = dir_ / name;
    const CliResult r =
        cli("simulate --n-treatment 30 --n-control 30 --seed " + std::to_string(seed) + " --out " + quote(path));
    EXPECT_EQ(r.code, 0) << r;
    return path;
  }

  fs::path write_config(const ConfigOptions& o, const std::string& name = "config.toml") {
    const fs::path path = dir_ / name;
    write_text(path, config_text(o));
    return path;
  }

  CliResult run(const fs::path& config, const fs::path& out, const std::string& extra = "--threads 1") {
    return cli("run " + quote(config) + " --out " + quote(out) + " --backend cpu " + extra);
  }

  // Bad input: exit 2, exactly one line on stderr, starting "error: " and
  // holding every one of `mentions`, and no output folder.
  void expect_bad_input(const CliResult& r, const fs::path& out, const std::vector<std::string>& mentions) {
    EXPECT_EQ(r.code, 2) << r;
    const auto lines = lines_of(r.err);
    ASSERT_EQ(lines.size(), 1u) << r;
    EXPECT_EQ(lines[0].rfind("error: ", 0), 0u) << r;
    for (const auto& m : mentions) EXPECT_NE(lines[0].find(m), std::string::npos) << "no '" << m << "' in: " << lines[0];
    EXPECT_FALSE(fs::exists(out)) << "output folder left behind: " << out;
  }

  // Writes the simulated trial edited by `edit` as bad.csv, runs on it, and
  // checks the bad-input contract; `line` > 0 also requires "bad.csv:<line>:".
  void expect_bad_data(const std::function<void(Csv&)>& edit, int line, ConfigOptions options = {}) {
    Csv csv = Csv::parse(read_text(simulate()));
    edit(csv);
    const fs::path bad = dir_ / "bad.csv";
    write_text(bad, csv.text());
    options.data = "bad.csv";
    const fs::path config = write_config(options);
    const fs::path out = dir_ / "out";
    std::vector<std::string> mentions{bad.string()};
    if (line > 0) mentions.push_back(bad.string() + ":" + std::to_string(line) + ":");
    expect_bad_input(run(config, out), out, mentions);
    // validate sees the same problem.
    const CliResult v = cli("validate " + quote(config));
    EXPECT_EQ(v.code, 2) << v;
    EXPECT_NE(v.err.find(bad.string()), std::string::npos) << v;
  }

  fs::path dir_;
};

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

  // No temporary files left next to the results.
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "main" || name == "summary.csv" || name == "frequentist.csv" || name == "summary.json" ||
                name == "run.json")
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
TEST_F(CliTest, ExampleRunMeetsQualityTargets) {
  const fs::path config = fs::path(PRIORSWEEP_SOURCE_DIR) / "examples" / "corimuno" / "config.toml";
  const fs::path out = dir_ / "example";
  const CliResult r = run(config, out, "--quiet");
  ASSERT_EQ(r.code, 0) << r;
  for (const char* f : {"vent_or_death_d14/summary.csv", "vent_or_death_d14/frequentist.csv", "summary.json", "run.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;

  const Csv summary = Csv::parse(read_text(out / "vent_or_death_d14" / "summary.csv"));
  const Csv freq = Csv::parse(read_text(out / "vent_or_death_d14" / "frequentist.csv"));
  const size_t terms = freq.rows.size();
  ASSERT_EQ(terms, 17u);  // treatment, age, 15 centre levels
  ASSERT_EQ(summary.rows.size(), 51 * terms);
  const double mle_hr = std::stod(freq.rows.at(0).at(freq.column("ratio")));
  int treatment_rows = 0;
  for (const auto& row : summary.rows) {
    if (row[summary.column("term")] != "treatment") continue;
    ++treatment_rows;
    const std::string id = row[summary.column("prior_id")];
    EXPECT_LE(std::stod(row[summary.column("rhat")]), 1.01) << "prior " << id;
    EXPECT_GE(std::stod(row[summary.column("ess_bulk")]), 1000.0) << "prior " << id;
    const std::string decision = row[summary.column("decision")];
    EXPECT_TRUE(decision == "efficacy" || decision == "futility" || decision == "inconclusive") << decision;
    if (row[summary.column("prior_sd")] == "1000") {  // shortest round-trip text of 1000.0
      EXPECT_NEAR(std::stod(row[summary.column("median")]), mle_hr, 0.03) << "vague prior vs exp(MLE)";
    }
  }
  EXPECT_EQ(treatment_rows, 51);
  const nlohmann::json run_json = nlohmann::json::parse(read_text(out / "run.json"));
  EXPECT_EQ(run_json["analyses"][0]["counts"]["patients"], 114);
}

}  // namespace

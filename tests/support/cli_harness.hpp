// The harness of the end-to-end CLI tests (tests/cli/): runs the built
// `priorsweep` binary in a per-test temporary folder, edits CSV fixtures,
// writes configs, and checks the bad-input contract (exit 2, one error line
// naming the file, no output folder).
#pragma once

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

namespace cli_harness {

namespace fs = std::filesystem;

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}
inline std::string quote(const fs::path& p) { return quote(p.string()); }

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

inline std::vector<std::string> split(const std::string& text, char sep) {
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
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines = split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::ostream& operator<<(std::ostream& os, const CliResult& r) {
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

inline constexpr const char* kConfigTemplate = R"(seed = 11
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

inline std::string config_text(const ConfigOptions& o) {
  std::string text = kConfigTemplate;
  auto sub = [&](const std::string& from, const std::string& to) { text.replace(text.find(from), from.size(), to); };
  sub("DATA", o.data);
  sub("EXTRA_DATA", o.extra_data);
  sub("EXTRA_ANALYSIS", o.extra_analysis);
  return text;
}

inline const std::vector<std::string> kSummaryColumns = {
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

}  // namespace cli_harness

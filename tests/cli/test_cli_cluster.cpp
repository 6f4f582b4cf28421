// The cluster contracts of the CLI end to end: `run --shard K/N` + `merge`
// give the single run's result files byte for byte (a Cox sweep, an exact
// beta-binomial sweep and a meta-analysis with its extra files), and merge
// refuses what does not belong together; a run stopped by SIGTERM or SIGINT
// (or killed outright) leaves no result file, only its checkpoint, and
// `--resume` finishes it to the uninterrupted run's bytes; save_draws writes
// an ArviZ netCDF file that xarray reads back to summary.csv's numbers
// (tests/output/check_draws_netcdf.py, Debian's python3-xarray), sharded,
// merged and resumed alike.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <thread>

#include "support/cli_harness.hpp"

extern char** environ;

namespace {

using namespace cli_harness;

constexpr const char* kSweep = R"(seed = 21
chains = 4
warmup = 300
draws = DRAWS
SAVE
[data]
path = "TRIAL"

[[analysis]]
name = "hr"
model = "cox"
time = "time"
event = "event"
treatment = "treatment"
covariates = ["age"]
factors = ["centre"]
thresholds = [1, 0.85]
[[analysis.prior]]
family = "normal"
mean = [-0.3, 0, 0.3]
sd = [0.3, 1, 3]
[[analysis.prior]]
family = "student_t"
df = 3
scale = [0.5, 1]

[[analysis]]
name = "ard"
model = "beta_binomial"
events = [21, 21]
totals = [59, 55]
[analysis.prior]
family = "beta"
a = [0.5, 1, 2]
b = [0.5, 1, 2]

[[analysis]]
name = "meta"
model = "meta_binary"
draws = 2000
[analysis.data]
path = "BCG"
[analysis.prior]
family = "normal"
sd = [1, 1000]
[[analysis.tau_prior]]
family = "half_normal"
scale = [0.5, 1]
)";

class CliCluster : public CliTest {
 protected:
  fs::path sweep(int draws = 1500, bool save_draws = false, const std::string& name = "sweep.toml") {
    std::string text = kSweep;
    const auto sub = [&](const std::string& from, const std::string& to) { text.replace(text.find(from), from.size(), to); };
    sub("DRAWS", std::to_string(draws));
    sub("SAVE", save_draws ? "save_draws = true" : "");
    sub("TRIAL", (fs::path(PRIORSWEEP_SOURCE_DIR) / "examples/corimuno/trial.csv").string());
    sub("BCG", (fs::path(PRIORSWEEP_SOURCE_DIR) / "examples/meta/bcg.csv").string());
    const fs::path path = dir_ / name;
    write_text(path, text);
    return path;
  }

  static void expect_same_results(const fs::path& a, const fs::path& b) {
    for (const char* f : {"summary.json", "hr/summary.csv", "hr/frequentist.csv", "ard/summary.csv", "ard/frequentist.csv",
                          "meta/summary.csv", "meta/frequentist.csv", "meta/studies.csv", "meta/forest.svg",
                          "meta/funnel.svg"}) {
      ASSERT_TRUE(fs::exists(a / f)) << a / f;
      ASSERT_TRUE(fs::exists(b / f)) << b / f;
      EXPECT_EQ(read_text(a / f), read_text(b / f)) << f << " differs between " << a << " and " << b;
    }
  }

  // `priorsweep run` in the background, stopped with `signal` once its
  // checkpoint holds at least one finished chunk of the Cox sweep.
  int run_and_stop(const fs::path& config, const fs::path& out, int signal) {
    const std::string binary = PRIORSWEEP_BINARY;
    const std::string config_arg = config.string(), out_arg = out.string();
    std::vector<const char*> argv = {binary.c_str(), "run", config_arg.c_str(), "--out", out_arg.c_str(),
                                     "--backend", "cpu", "--threads", "2", "--quiet", nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string err = (dir_ / "stopped_stderr.txt").string();
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    EXPECT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, const_cast<char**>(argv.data()), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    const fs::path lines = out / ".checkpoint" / "hr.jsonl";
    for (int i = 0; i < 600; ++i) {
      if (fs::exists(lines) && fs::file_size(lines) > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(fs::exists(lines) && fs::file_size(lines) > 0) << "no chunk finished in 30 s";
    kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
    stopped_stderr_ = read_text(err);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Runs tests/output/check_draws_netcdf.py on an analysis's draws.nc.
  int check_draws(const fs::path& dir, const std::string& analysis, int chains, int kept) {
    const std::string command = "/usr/bin/python3 " + quote(fs::path(PRIORSWEEP_SOURCE_DIR) / "tests/output/check_draws_netcdf.py") +
                                " " + quote(dir / analysis / "draws.nc") + " " + quote(dir / analysis / "summary.csv") +
                                " " + std::to_string(chains) + " " + std::to_string(kept) + " 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string stopped_stderr_;
};

TEST_F(CliCluster, MergedShardsEqualTheSingleRunByteForByte) {
  const fs::path config = sweep();
  ASSERT_EQ(run(config, dir_ / "single", "--threads 2 --quiet").code, 0);
  for (int k = 1; k <= 3; ++k)
    ASSERT_EQ(run(config, dir_ / ("shard" + std::to_string(k)), "--shard " + std::to_string(k) + "/3 --quiet").code, 0);
  // Shards in any order on the command line.
  const CliResult r = cli("merge " + quote(dir_ / "shard3") + " " + quote(dir_ / "shard1") + " " + quote(dir_ / "shard2") +
                          " --out " + quote(dir_ / "merged"));
  ASSERT_EQ(r.code, 0) << r;
  expect_same_results(dir_ / "single", dir_ / "merged");
  const nlohmann::json merged = nlohmann::json::parse(read_text(dir_ / "merged" / "run.json"));
  EXPECT_EQ(merged["shard"], "1/1");
  EXPECT_EQ(merged["merged_from"].size(), 3u);
  EXPECT_EQ(merged["analyses"][0]["counts"]["priors_run"], 11);
}

TEST_F(CliCluster, MergeRefusesShardsThatDoNotBelongTogether) {
  const fs::path config = sweep(600);
  for (int k = 1; k <= 3; ++k)
    ASSERT_EQ(run(config, dir_ / ("s" + std::to_string(k)), "--shard " + std::to_string(k) + "/3 --quiet").code, 0);
  ASSERT_EQ(run(config, dir_ / "seed", "--shard 3/3 --seed 5 --quiet").code, 0);
  ASSERT_EQ(run(config, dir_ / "half", "--shard 2/2 --quiet").code, 0);
  const auto merge = [&](const std::vector<std::string>& dirs) {
    std::string args = "merge";
    for (const auto& d : dirs) args += " " + quote(dir_ / d);
    return cli(args + " --out " + quote(dir_ / "out"));
  };
  expect_bad_input(merge({"s1", "s2", "seed"}), dir_ / "out", {"seed", "differs"});
  expect_bad_input(merge({"s1", "s2", "s2", "s3"}), dir_ / "out", {"shard 2/3 again"});
  expect_bad_input(merge({"s1", "s3"}), dir_ / "out", {"shard 2 of 3 missing"});
  expect_bad_input(merge({"s1", "s2", "half"}), dir_ / "out", {"2/2"});
  expect_bad_input(merge({"s1", "s2", "nowhere"}), dir_ / "out", {"nowhere", "no such folder"});
  const fs::path other = sweep(700, false, "other.toml");
  ASSERT_EQ(run(other, dir_ / "draws700", "--shard 3/3 --quiet").code, 0);
  expect_bad_input(merge({"s1", "s2", "draws700"}), dir_ / "out", {"'config' differs"});
}

TEST_F(CliCluster, SigtermLeavesOnlyTheCheckpointAndResumeFinishesToTheSameBytes) {
  const fs::path config = sweep(12000);
  ASSERT_EQ(run(config, dir_ / "whole", "--threads 2 --quiet").code, 0);
  const fs::path out = dir_ / "stopped";
  EXPECT_EQ(run_and_stop(config, out, SIGTERM), 128 + SIGTERM) << stopped_stderr_;
  EXPECT_NE(stopped_stderr_.find("--resume"), std::string::npos) << stopped_stderr_;
  for (const auto& entry : fs::directory_iterator(out)) EXPECT_EQ(entry.path().filename(), ".checkpoint");
  // Resuming under another seed is another run: refused, checkpoint kept.
  const CliResult other = run(config, out, "--resume --seed 99");
  EXPECT_EQ(other.code, 2) << other;
  EXPECT_NE(other.err.find("another run"), std::string::npos) << other;
  const CliResult resumed = run(config, out, "--resume --threads 2");
  ASSERT_EQ(resumed.code, 0) << resumed;
  EXPECT_NE(resumed.err.find("resuming with"), std::string::npos) << resumed;
  EXPECT_FALSE(fs::exists(out / ".checkpoint"));
  expect_same_results(dir_ / "whole", out);
  // Resuming a finished run does nothing.
  const CliResult again = run(config, out, "--resume");
  EXPECT_EQ(again.code, 0) << again;
  EXPECT_NE(again.err.find("nothing to resume"), std::string::npos) << again;
}

TEST_F(CliCluster, SigintAndSigkillAreResumedToo) {
  const fs::path config = sweep(12000);
  ASSERT_EQ(run(config, dir_ / "whole", "--threads 2 --quiet").code, 0);
  EXPECT_EQ(run_and_stop(config, dir_ / "int", SIGINT), 128 + SIGINT) << stopped_stderr_;
  ASSERT_EQ(run(config, dir_ / "int", "--resume --quiet").code, 0);
  expect_same_results(dir_ / "whole", dir_ / "int");
  // SIGKILL cannot be caught: what is on disk is whole chunks, perhaps with a
  // line cut short, which the resumed run drops and computes again.
  EXPECT_EQ(run_and_stop(config, dir_ / "killed", SIGKILL), 128 + SIGKILL);
  std::ofstream(dir_ / "killed" / ".checkpoint" / "hr.jsonl", std::ios::app) << "{\"prior_id\": 9, \"acc";
  ASSERT_EQ(run(config, dir_ / "killed", "--resume --quiet").code, 0);
  expect_same_results(dir_ / "whole", dir_ / "killed");
}

TEST_F(CliCluster, DrawsFileReadsBackWithXarrayWholeMergedAndResumed) {
  if (std::system("/usr/bin/python3 -c 'import xarray, netCDF4' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no /usr/bin/python3 with xarray and netCDF4 (Debian: python3-xarray python3-netcdf4)";
  const fs::path config = sweep(8000, true);
  const CliResult r = run(config, dir_ / "whole", "--threads 2 --quiet");
  if (r.code == 2 && r.err.find("libnetcdf") != std::string::npos) GTEST_SKIP() << r.err;
  ASSERT_EQ(r.code, 0) << r;
  EXPECT_FALSE(fs::exists(dir_ / "whole" / "ard" / "draws.nc"));  // exact: no draws
  EXPECT_EQ(check_draws(dir_ / "whole", "hr", 4, 8000), 0);
  EXPECT_EQ(check_draws(dir_ / "whole", "meta", 4, 2000), 0);
  for (int k = 1; k <= 2; ++k)
    ASSERT_EQ(run(config, dir_ / ("s" + std::to_string(k)), "--shard " + std::to_string(k) + "/2 --quiet").code, 0);
  ASSERT_EQ(cli("merge " + quote(dir_ / "s1") + " " + quote(dir_ / "s2") + " --out " + quote(dir_ / "merged")).code, 0);
  expect_same_results(dir_ / "whole", dir_ / "merged");
  EXPECT_EQ(check_draws(dir_ / "merged", "hr", 4, 8000), 0);
  EXPECT_EQ(check_draws(dir_ / "merged", "meta", 4, 2000), 0);
  EXPECT_EQ(run_and_stop(config, dir_ / "stopped", SIGTERM), 128 + SIGTERM) << stopped_stderr_;
  ASSERT_EQ(run(config, dir_ / "stopped", "--resume --quiet").code, 0);
  expect_same_results(dir_ / "whole", dir_ / "stopped");
  EXPECT_EQ(check_draws(dir_ / "stopped", "hr", 4, 8000), 0);
}

}  // namespace

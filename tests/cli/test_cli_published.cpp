// End to end through the binary: the published-numbers example, the models
// without a sampler reading per-patient data, and their bad input (exit 2,
// one error line naming the file and key, no output folder).
#include <gtest/gtest.h>

#include "support/cli_harness.hpp"

namespace {

using namespace cli_harness;

class CliPublished : public CliTest {
 protected:
  fs::path example() const { return fs::path(PRIORSWEEP_SOURCE_DIR) / "examples/corimuno_published/analysis.toml"; }

  // A config of one analysis (`body`, the lines after [[analysis]]).
  fs::path config(const std::string& body, const std::string& head = "") {
    const fs::path path = dir_ / "config.toml";
    write_text(path, "seed = 5\n" + head + "\n[[analysis]]\n" + body);
    return path;
  }
};

TEST_F(CliPublished, ExampleWritesEveryAnalysis) {
  const fs::path out = dir_ / "out";
  const CliResult r = run(example(), out);
  ASSERT_EQ(r.code, 0) << r;
  const auto ard = lines_of(read_text(out / "day4_ard" / "summary.csv"));
  ASSERT_FALSE(ard.empty());
  EXPECT_EQ(ard[0].rfind("prior_id,prior_family,prior_a,prior_b,term,scale,median,mean,sd,q0.05,q0.95,q0.025,q0.975,"
                         "p_below_0,p_below_-0.055,rhat,ess_bulk,ess_tail,accept_rate,decision", 0), 0u) << ard[0];
  EXPECT_EQ(ard.size(), 1u + 17u * 5u);  // 17 priors x (ARD, RR, OR, two risks)
  // Labelled priors get a prior_label column.
  const auto hr = lines_of(read_text(out / "day14_hr" / "summary.csv"));
  EXPECT_EQ(hr[0].rfind("prior_id,prior_family,prior_label,", 0), 0u) << hr[0];
  EXPECT_NE(read_text(out / "day14_hr" / "summary.csv").find(",optimistic-strong,"), std::string::npos);
  // Frequentist-only analyses: frequentist.csv and no summary.csv.
  EXPECT_FALSE(fs::exists(out / "any_adverse_event" / "summary.csv"));
  const auto fisher = lines_of(read_text(out / "any_adverse_event" / "frequentist.csv"));
  ASSERT_EQ(fisher.size(), 2u);
  EXPECT_EQ(fisher[1].rfind("odds_ratio,", 0), 0u);
  const nlohmann::json run_json = nlohmann::json::parse(read_text(out / "run.json"));
  EXPECT_EQ(run_json["analyses"][0]["layout"], "exact posterior (no chains)");
  // Exact: the same bytes on a second run, whatever the thread count.
  const fs::path again = dir_ / "again";
  ASSERT_EQ(run(example(), again, "--threads 2").code, 0);
  EXPECT_EQ(read_text(out / "day14_hr" / "summary.csv"), read_text(again / "day14_hr" / "summary.csv"));
  EXPECT_EQ(read_text(out / "day4_ard" / "summary.csv"), read_text(again / "day4_ard" / "summary.csv"));
}

TEST_F(CliPublished, BinaryOutcomeColumnGivesTheSameResultAsCounts) {
  std::string csv = "patient,arm,day4\n";
  for (int i = 0; i < 59; ++i) csv += "t" + std::to_string(i) + ",1," + (i < 21 ? "1" : "0") + "\n";
  for (int i = 0; i < 55; ++i) csv += "c" + std::to_string(i) + ",0," + (i < 21 ? "1" : "0") + "\n";
  write_text(dir_ / "patients.csv", csv);
  const std::string prior = "[analysis.prior]\nfamily = \"beta\"\na = [1, 2]\nb = 1\n";
  const fs::path from_rows = config("name = \"ard\"\nmodel = \"beta_binomial\"\noutcome = \"day4\"\ntreatment = \"arm\"\n" + prior,
                                    "[data]\npath = \"patients.csv\"");
  ASSERT_EQ(run(from_rows, dir_ / "rows").code, 0);
  const fs::path from_counts = config("name = \"ard\"\nmodel = \"beta_binomial\"\nevents = [21, 21]\ntotals = [59, 55]\n" + prior);
  ASSERT_EQ(run(from_counts, dir_ / "counts").code, 0);
  EXPECT_EQ(read_text(dir_ / "rows/ard/summary.csv"), read_text(dir_ / "counts/ard/summary.csv"));
  EXPECT_EQ(read_text(dir_ / "rows/ard/frequentist.csv"), read_text(dir_ / "counts/ard/frequentist.csv"));
}

TEST_F(CliPublished, NonBinaryOutcomeCellIsAnError) {
  write_text(dir_ / "patients.csv", "arm,day4\n1,1\n0,0\n1,2\n0,1\n");
  const fs::path cfg = config("name = \"ard\"\nmodel = \"fisher\"\noutcome = \"day4\"\ntreatment = \"arm\"\n",
                              "[data]\npath = \"patients.csv\"");
  const fs::path out = dir_ / "out";
  expect_bad_input(run(cfg, out), out, {(dir_ / "patients.csv").string() + ":4:2:", "day4"});
}

TEST_F(CliPublished, BadCountsAndIntervalsExitTwo) {
  const std::string beta = "[analysis.prior]\nfamily = \"beta\"\na = 1\nb = 1\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name = \"x\"\nmodel = \"beta_binomial\"\nevents = [60, 21]\ntotals = [59, 55]\n" + beta, "analysis[0].events"},
      {"name = \"x\"\nmodel = \"beta_binomial\"\nevents = [-2, 21]\ntotals = [59, 55]\n" + beta, "analysis[0].events"},
      {"name = \"x\"\nmodel = \"beta_binomial\"\nevents = [2, 21]\ntotals = [59, 55]\n[analysis.prior]\nfamily = \"beta\"\na = 0\nb = 1\n",
       "analysis[0].prior.a"},
      {"name = \"x\"\nmodel = \"normal_summary\"\nestimate = 0.97\nlower = 1.52\nupper = 0.62\n[analysis.prior]\nfamily = \"normal\"\nsd = 1\n",
       "analysis[0].upper"},
      {"name = \"x\"\nmodel = \"normal_summary\"\nestimate = 2\nlower = 0.62\nupper = 1.52\n[analysis.prior]\nfamily = \"normal\"\nsd = 1\n",
       "analysis[0].estimate"},
      {"name = \"x\"\nmodel = \"normal_summary\"\nestimate = 0.97\nlower = 0.62\nupper = 1.52\nlevel = 95\n[analysis.prior]\nfamily = \"normal\"\nsd = 1\n",
       "analysis[0].level"},
      {"name = \"x\"\nmodel = \"poisson_rate\"\ncounts = [3, 4]\nexposure = [0, 5]\n", "analysis[0].exposure"},
  };
  for (const auto& [body, key] : cases) {
    const fs::path cfg = config(body);
    const fs::path out = dir_ / "out";
    expect_bad_input(run(cfg, out), out, {cfg.string() + ":", "'" + key + "'"});
    const CliResult v = cli("validate " + quote(cfg));
    EXPECT_EQ(v.code, 2) << v;
  }
}

TEST_F(CliPublished, SurvivalCompanionsOnPatientData) {
  const fs::path trial = simulate();
  const fs::path cfg = config("name = \"km\"\nmodel = \"kaplan_meier\"\ntime = \"time\"\nevent = \"event\"\n"
                              "treatment = \"treatment\"\nat = [7, 14]\n\n[[analysis]]\nname = \"lr\"\nmodel = \"logrank\"\n"
                              "time = \"time\"\nevent = \"event\"\ntreatment = \"treatment\"\n",
                              "[data]\npath = \"" + trial.filename().string() + "\"");
  const fs::path out = dir_ / "out";
  const CliResult r = run(cfg, out);
  ASSERT_EQ(r.code, 0) << r;
  const auto km = lines_of(read_text(out / "km" / "frequentist.csv"));
  // Per arm: survival and cumulative incidence at two days, and the median.
  ASSERT_EQ(km.size(), 1u + 2u * (2u * 2u + 1u));
  EXPECT_EQ(km[1].rfind("survival_day7[treatment],", 0), 0u) << km[1];
  EXPECT_EQ(km[2].rfind("cumulative_incidence_day7[treatment],", 0), 0u) << km[2];
  const auto lr = lines_of(read_text(out / "lr" / "frequentist.csv"));
  ASSERT_EQ(lr.size(), 2u);
  EXPECT_EQ(lr[1].rfind("logrank,", 0), 0u);
  const CliResult v = cli("validate " + quote(cfg));
  EXPECT_EQ(v.code, 0) << v;
  EXPECT_NE(v.out.find("analysis 'lr' (model logrank)"), std::string::npos) << v;
}

}  // namespace

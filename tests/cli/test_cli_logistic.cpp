// model = "logistic" end to end: the maximum-likelihood companion against R's
// glm(family = binomial) on the colon cancer trial of R's survival package
// (tests/fixtures/colon_death.csv, values from scripts/r_reference/
// logistic_reference.out), the patient-level meta-analysis's crude odds ratio
// (PAPERS.md: 38/342 vs 137/553, OR 0.38 (0.26-0.56)) against Woolf's closed
// form, separation warnings, the Bayesian sweep next to the MLE, and bad input.
#include <gtest/gtest.h>

#include <cmath>

#include "support/cli_harness.hpp"

namespace {

using namespace cli_harness;

class CliLogistic : public CliTest {
 protected:
  fs::path config(const fs::path& data, const std::string& predictors, const std::string& prior = "sd = 1000") {
    const fs::path path = dir_ / "logistic.toml";
    write_text(path, "seed = 5\nchains = 4\nwarmup = 1000\ndraws = 6000\n[data]\npath = \"" + data.string() +
                         "\"\n[[analysis]]\nname = \"death\"\nmodel = \"logistic\"\n" + predictors +
                         "\nthresholds = [1, 0.5]\n[analysis.prior]\nfamily = \"normal\"\n" + prior + "\n");
    return path;
  }
  static fs::path colon() { return fs::path(PRIORSWEEP_SOURCE_DIR) / "tests/fixtures/colon_death.csv"; }

  // 895 patients: deaths 38 of 342 on anakinra, 137 of 553 on comparators.
  fs::path ipd_counts(int events_t = 38, int total_t = 342, int events_c = 137, int total_c = 553) {
    std::string text = "died,anakinra\n";
    for (int arm = 0; arm < 2; ++arm) {
      const int events = arm ? events_t : events_c, total = arm ? total_t : total_c;
      for (int i = 0; i < total; ++i) text += std::to_string(i < events) + "," + std::to_string(arm) + "\n";
    }
    const fs::path path = dir_ / "ipd.csv";
    write_text(path, text);
    return path;
  }

  static double cell(const Csv& csv, const std::string& term, const std::string& column) {
    for (size_t i = 0; i < csv.rows.size(); ++i)
      if (csv.get(i, "term") == term) return std::stod(csv.get(i, column));
    ADD_FAILURE() << "no row " << term;
    return NAN;
  }
};

void expect_relative(double value, double reference, double tolerance, const std::string& what) {
  EXPECT_NEAR(value, reference, tolerance * std::abs(reference)) << what;
}

TEST_F(CliLogistic, AdjustedFitMatchesGlm) {
  const fs::path out = dir_ / "out";
  const CliResult r = run(config(colon(), "outcome = \"status\"\ntreatment = \"lev5fu\"\ncovariates = [\"age\", \"nodes\", "
                                          "\"sex\"]\nfactors = [\"extent\"]"),
                          out);
  ASSERT_EQ(r.code, 0) << r;
  const Csv f = Csv::parse(read_text(out / "death" / "frequentist.csv"));
  // glm(status ~ lev5fu + age + nodes + sex + factor(extent), family = binomial,
  //     control = glm.control(epsilon = 1e-14, maxit = 100))
  const std::vector<std::tuple<std::string, double, double>> expected = {
      {"(intercept)", -2.3576764312693, 0.882049239984479},
      {"treatment", -0.552068498580492, 0.175056515053741},
      {"age", 0.00491729586496585, 0.00743021126833122},
      {"nodes", 0.20091131957489, 0.0326859169578196},
      {"sex", -0.178866890112038, 0.174213005149506},
      {"extent[2]", 1.13315337643028, 0.803102329989567},
      {"extent[3]", 1.6681828788354, 0.764765211254699},
      {"extent[4]", 2.21322904010746, 0.854402120039297}};
  for (const auto& [term, estimate, se] : expected) {
    expect_relative(cell(f, term, "estimate"), estimate, 1e-6, term + " estimate");
    expect_relative(cell(f, term, "se"), se, 1e-6, term + " se");
  }
  expect_relative(cell(f, "treatment", "loglik"), -379.420103502901, 1e-9, "loglik");
  expect_relative(cell(f, "treatment", "ratio"), std::exp(-0.552068498580492), 1e-6, "odds ratio");
}

TEST_F(CliLogistic, CrudeOddsRatioOfThePatientLevelMetaAnalysis) {
  const fs::path out = dir_ / "out";
  const CliResult r = run(config(ipd_counts(), "outcome = \"died\"\ntreatment = \"anakinra\""), out);
  ASSERT_EQ(r.code, 0) << r;
  const Csv f = Csv::parse(read_text(out / "death" / "frequentist.csv"));
  // The MLE of a 2x2 table is the cross-product ratio, its SE Woolf's.
  const double a = 38, b = 342 - 38, c = 137, d = 553 - 137;
  const double log_or = std::log(a * d / (b * c));
  const double se = std::sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  expect_relative(cell(f, "treatment", "estimate"), log_or, 1e-9, "log OR");
  expect_relative(cell(f, "treatment", "se"), se, 1e-7, "Woolf SE");
  expect_relative(cell(f, "(intercept)", "estimate"), std::log(c / d), 1e-9, "control log odds");
  // As the paper prints it: 0.38 (0.26-0.56).
  EXPECT_EQ(std::round(100 * cell(f, "treatment", "ratio")), 38);
  EXPECT_EQ(std::round(100 * cell(f, "treatment", "lower95")), 26);
  EXPECT_EQ(std::round(100 * cell(f, "treatment", "upper95")), 56);

  // The vague-prior posterior sits on the MLE: median within Monte-Carlo
  // error, 95% interval close to Wald's.
  const Csv s = Csv::parse(read_text(out / "death" / "summary.csv"));
  ASSERT_EQ(s.get(0, "term"), "treatment");
  EXPECT_EQ(s.get(0, "scale"), "or");
  EXPECT_NEAR(std::log(std::stod(s.get(0, "median"))), log_or, 0.02);
  EXPECT_NEAR(std::log(std::stod(s.get(0, "q0.025"))), log_or - 1.959964 * se, 0.04);
  EXPECT_NEAR(std::log(std::stod(s.get(0, "q0.975"))), log_or + 1.959964 * se, 0.04);
  EXPECT_LE(std::stod(s.get(0, "rhat")), 1.01);
  EXPECT_EQ(s.get(0, "decision"), "efficacy");
  const nlohmann::json run_json = nlohmann::json::parse(read_text(out / "run.json"));
  EXPECT_EQ(run_json["analyses"][0]["counts"]["events_treatment"], 38);
  EXPECT_EQ(run_json["analyses"][0]["counts"]["events_control"], 137);
}

TEST_F(CliLogistic, ZeroCellIsReportedAsSeparation) {
  const fs::path out = dir_ / "out";
  const CliResult r = run(config(ipd_counts(0, 40, 12, 40), "outcome = \"died\"\ntreatment = \"anakinra\""), out);
  ASSERT_EQ(r.code, 0) << r;
  const std::string run_json = read_text(out / "run.json");
  EXPECT_NE(run_json.find("the treatment arm has no events (0 of 40 patients)"), std::string::npos) << run_json;
  EXPECT_NE(run_json.find("coefficient 'treatment' may be infinite"), std::string::npos) << run_json;
}

TEST_F(CliLogistic, FactorLevelWithoutEventsIsReported) {
  Csv csv = Csv::parse(read_text(colon()));
  for (size_t i = 0; i < csv.rows.size(); ++i)
    if (csv.get(i, "extent") == "1") csv.set(i, "status", "0");
  const fs::path data = dir_ / "colon.csv";
  write_text(data, csv.text());
  const fs::path out = dir_ / "out";
  const CliResult r = run(config(data, "outcome = \"status\"\ntreatment = \"lev5fu\"\nfactors = [\"extent\"]"), out);
  ASSERT_EQ(r.code, 0) << r;
  const std::string run_json = read_text(out / "run.json");
  EXPECT_NE(run_json.find("the reference level of factor 1 has no events"), std::string::npos) << run_json;
}

TEST_F(CliLogistic, OutcomeMustBeZeroOrOne) {
  Csv csv = Csv::parse(read_text(colon()));
  csv.set(4, "status", "2");
  const fs::path data = dir_ / "bad.csv";
  write_text(data, csv.text());
  const fs::path out = dir_ / "out";
  expect_bad_input(run(config(data, "outcome = \"status\"\ntreatment = \"lev5fu\""), out), out,
                   {data.string() + ":6:1", "status", "0 or 1"});
}

TEST_F(CliLogistic, OutcomeMustVary) {
  Csv csv = Csv::parse(read_text(colon()));
  csv.set_all("status", "1");
  const fs::path data = dir_ / "bad.csv";
  write_text(data, csv.text());
  const fs::path out = dir_ / "out";
  expect_bad_input(run(config(data, "outcome = \"status\"\ntreatment = \"lev5fu\""), out), out,
                   {data.string(), "status", "at least two different levels"});
}

TEST_F(CliLogistic, OrdinalKeysAreNotLogisticKeys) {
  const fs::path out = dir_ / "out";
  expect_bad_input(run(config(colon(), "outcome = \"status\"\ntreatment = \"lev5fu\"\ncategories = [0, 1]"), out), out,
                   {"categories"});
}

}  // namespace

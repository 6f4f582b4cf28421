// load_config on real temporary files: defaults, a full configuration read
// back field by field (and in the resolved JSON that run.json records),
// parameter values as numbers, lists and linear/log ranges, [[analysis.prior]]
// blocks, the nuisance prior and the decision table; then one test per class
// of bad configuration, each checking that the InputError names the file, the
// line of the offending text and the (qualified) key.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "host/config/config.hpp"
#include "host/errors.hpp"

#include "support/config_harness.hpp"

namespace {

using namespace config_harness;

namespace fs = std::filesystem;

// The smallest valid configuration; tests add to or edit it.
constexpr const char* kMinimal = R"(seed = 7

[data]
path = "trial.csv"

[[analysis]]
name = "a1"
model = "cox"
time = "time"
event = "event"
treatment = "treatment"

[analysis.prior]
family = "normal"
mean = 0.0
sd = 1.0
)";

// ---------------------------------------------------------------- valid input

TEST_F(ConfigTest, MinimalConfigGetsTheDocumentedDefaults) {
  const ps::Config c = load(kMinimal);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.backend, "auto");
  EXPECT_EQ(c.chains, 4);
  EXPECT_EQ(c.warmup, 2000);
  EXPECT_EQ(c.draws, 5000);
  EXPECT_EQ(c.levels, (std::vector<double>{0.90, 0.95}));
  EXPECT_EQ(c.target_accept, 0.0);
  EXPECT_EQ(c.sampler, ps::SamplerKind::mixture);
  EXPECT_EQ(c.resolved["sampler"], "mixture");
  EXPECT_EQ(c.missing, ps::MissingPolicy::error);
  EXPECT_EQ(fs::path(c.data_path), (dir_ / "trial.csv").lexically_normal());

  ASSERT_EQ(c.analyses.size(), 1u);
  const ps::AnalysisConfig& a = c.analyses[0];
  EXPECT_EQ(a.name, "a1");
  EXPECT_EQ(a.model, "cox");
  EXPECT_EQ(a.columns.time, "time");
  EXPECT_EQ(a.columns.event, "event");
  EXPECT_EQ(a.columns.treatment, "treatment");
  EXPECT_TRUE(a.columns.covariates.empty());
  EXPECT_TRUE(a.columns.factors.empty());
  EXPECT_TRUE(a.columns.strata.empty());
  EXPECT_EQ(a.columns.ties, ps::Ties::efron);
  EXPECT_EQ(a.thresholds, (std::vector<double>{1.0}));
  EXPECT_EQ(a.threshold_labels, (std::vector<std::string>{"1"}));
  EXPECT_EQ(a.decision.efficacy, 0.95);
  EXPECT_EQ(a.decision.futility, 0.20);
  EXPECT_EQ(a.decision.moderate, 0.85);
  EXPECT_EQ(a.nuisance_prior.family, ps::PriorFamily::normal);
  EXPECT_EQ(a.nuisance_prior.a, 0.0);
  EXPECT_EQ(a.nuisance_prior.b, 10.0);
  EXPECT_FALSE(a.data_path.has_value());

  ASSERT_EQ(a.prior_blocks.size(), 1u);
  EXPECT_EQ(a.prior_blocks[0].family, "normal");
  ASSERT_EQ(a.prior_blocks[0].params.size(), 2u);
  EXPECT_EQ(a.prior_blocks[0].params[0].first, "mean");
  EXPECT_EQ(a.prior_blocks[0].params[0].second, (std::vector<double>{0.0}));
  EXPECT_EQ(a.prior_blocks[0].params[1].first, "sd");
  EXPECT_EQ(a.prior_blocks[0].params[1].second, (std::vector<double>{1.0}));

  // The resolved configuration spells the defaults out.
  EXPECT_EQ(c.resolved["chains"], 4);
  EXPECT_EQ(c.resolved["backend"], "auto");
  EXPECT_EQ(c.resolved["data"]["missing"], "error");
  EXPECT_EQ(c.resolved["analysis"][0]["ties"], "efron");
  EXPECT_EQ(c.resolved["analysis"][0]["nuisance_prior"]["sd"], 10.0);
}

TEST_F(ConfigTest, SeedDefaultsToOneAndNormalMeanDefaultsToZero) {
  std::string text = replaced(kMinimal, "seed = 7\n", "");
  text = replaced(text, "mean = 0.0\n", "");
  const ps::Config c = load(text);
  EXPECT_EQ(c.seed, 1u);
  EXPECT_EQ(c.analyses[0].prior_blocks[0].params[0].first, "mean");
  EXPECT_EQ(c.analyses[0].prior_blocks[0].params[0].second, (std::vector<double>{0.0}));
}

TEST_F(ConfigTest, FullConfigIsReadBackFieldByField) {
  const std::string text = R"(seed = 20210401
backend = "cpu"
chains = 3
warmup = 150
draws = 250
levels = [0.8, 0.5, 0.99]
target_accept = 0.3

[data]
path = "data/../trial.csv"
missing = "drop"

[[analysis]]
name = "primary"
model = "cox"
time = "t"
event = "status"
treatment = "arm"
covariates = ["age", "bmi"]
factors = ["site"]
strata = ["region", "sex"]
ties = "breslow"
thresholds = [1.0, 0.95, 0.8]

[analysis.decision]
efficacy = 0.9
futility = 0.1
moderate = 0.75

[analysis.prior]
family = "student_t"
df = [3, 30]
location = -0.1
scale = 0.5

[analysis.nuisance_prior]
family = "student_t"
df = 4
location = 0.5
scale = 2.5

[analysis.data]
path = "other/trial2.csv"

[[analysis]]
name = "secondary"
model = "cox"
time = "t2"
event = "e2"
treatment = "arm"
covariates = "age"

[analysis.prior]
family = "normal"
sd = 2
)";
  const ps::Config c = load(text);
  EXPECT_EQ(c.path, (dir_ / "config.toml").string());
  EXPECT_EQ(c.seed, 20210401u);
  EXPECT_EQ(c.backend, "cpu");
  EXPECT_EQ(c.chains, 3);
  EXPECT_EQ(c.warmup, 150);
  EXPECT_EQ(c.draws, 250);
  EXPECT_EQ(c.levels, (std::vector<double>{0.8, 0.5, 0.99}));
  EXPECT_EQ(c.target_accept, 0.3);
  EXPECT_EQ(c.missing, ps::MissingPolicy::drop);
  EXPECT_EQ(c.data_path, (dir_ / "trial.csv").lexically_normal().string());

  ASSERT_EQ(c.analyses.size(), 2u);
  const ps::AnalysisConfig& a = c.analyses[0];
  EXPECT_EQ(a.name, "primary");
  EXPECT_EQ(a.columns.time, "t");
  EXPECT_EQ(a.columns.event, "status");
  EXPECT_EQ(a.columns.treatment, "arm");
  EXPECT_EQ(a.columns.covariates, (std::vector<std::string>{"age", "bmi"}));
  EXPECT_EQ(a.columns.factors, (std::vector<std::string>{"site"}));
  EXPECT_EQ(a.columns.strata, (std::vector<std::string>{"region", "sex"}));
  EXPECT_EQ(a.columns.ties, ps::Ties::breslow);
  EXPECT_EQ(a.thresholds, (std::vector<double>{1.0, 0.95, 0.8}));
  EXPECT_EQ(a.threshold_labels, (std::vector<std::string>{"1.0", "0.95", "0.8"}));
  EXPECT_EQ(a.decision.efficacy, 0.9);
  EXPECT_EQ(a.decision.futility, 0.1);
  EXPECT_EQ(a.decision.moderate, 0.75);
  ASSERT_EQ(a.prior_blocks.size(), 1u);
  const ps::PriorBlock& b = a.prior_blocks[0];
  EXPECT_EQ(b.family, "student_t");
  ASSERT_EQ(b.params.size(), 3u);
  EXPECT_EQ(b.params[0], (std::pair<std::string, std::vector<double>>{"df", {3.0, 30.0}}));
  EXPECT_EQ(b.params[1], (std::pair<std::string, std::vector<double>>{"location", {-0.1}}));
  EXPECT_EQ(b.params[2], (std::pair<std::string, std::vector<double>>{"scale", {0.5}}));
  EXPECT_EQ(a.nuisance_prior.family, ps::PriorFamily::student_t);
  EXPECT_EQ(a.nuisance_prior.a, 4.0);
  EXPECT_EQ(a.nuisance_prior.b, 0.5);
  EXPECT_EQ(a.nuisance_prior.c, 2.5);
  ASSERT_TRUE(a.data_path.has_value());
  EXPECT_EQ(*a.data_path, (dir_ / "other" / "trial2.csv").lexically_normal().string());

  const ps::AnalysisConfig& s = c.analyses[1];
  EXPECT_EQ(s.name, "secondary");
  EXPECT_EQ(s.columns.covariates, (std::vector<std::string>{"age"}));  // a string is a one-element list
  EXPECT_EQ(s.columns.ties, ps::Ties::efron);
  EXPECT_FALSE(s.data_path.has_value());
  EXPECT_EQ(s.prior_blocks[0].params[1].second, (std::vector<double>{2.0}));  // an integer is a number

  // The resolved JSON (recorded in run.json) holds the same values.
  const nlohmann::json& r = c.resolved;
  EXPECT_EQ(r["seed"], 20210401u);
  EXPECT_EQ(r["backend"], "cpu");
  EXPECT_EQ(r["chains"], 3);
  EXPECT_EQ(r["warmup"], 150);
  EXPECT_EQ(r["draws"], 250);
  EXPECT_EQ(r["levels"], nlohmann::json({0.8, 0.5, 0.99}));
  EXPECT_EQ(r["target_accept"], 0.3);
  EXPECT_EQ(r["data"]["path"], c.data_path);
  EXPECT_EQ(r["data"]["missing"], "drop");
  ASSERT_EQ(r["analysis"].size(), 2u);
  const nlohmann::json& ra = r["analysis"][0];
  EXPECT_EQ(ra["name"], "primary");
  EXPECT_EQ(ra["model"], "cox");
  EXPECT_EQ(ra["time"], "t");
  EXPECT_EQ(ra["event"], "status");
  EXPECT_EQ(ra["treatment"], "arm");
  EXPECT_EQ(ra["covariates"], nlohmann::json({"age", "bmi"}));
  EXPECT_EQ(ra["factors"], nlohmann::json({"site"}));
  EXPECT_EQ(ra["strata"], nlohmann::json({"region", "sex"}));
  EXPECT_EQ(ra["ties"], "breslow");
  EXPECT_EQ(ra["thresholds"], nlohmann::json({1.0, 0.95, 0.8}));
  EXPECT_EQ(ra["decision"]["efficacy"], 0.9);
  EXPECT_EQ(ra["decision"]["futility"], 0.1);
  EXPECT_EQ(ra["decision"]["moderate"], 0.75);
  ASSERT_EQ(ra["prior"].size(), 1u);
  EXPECT_EQ(ra["prior"][0]["family"], "student_t");
  EXPECT_EQ(ra["prior"][0]["df"], nlohmann::json({3.0, 30.0}));
  EXPECT_EQ(ra["prior"][0]["location"], nlohmann::json({-0.1}));
  EXPECT_EQ(ra["prior"][0]["scale"], nlohmann::json({0.5}));
  EXPECT_EQ(ra["nuisance_prior"]["family"], "student_t");
  EXPECT_EQ(ra["nuisance_prior"]["df"], 4.0);
  EXPECT_EQ(ra["nuisance_prior"]["location"], 0.5);
  EXPECT_EQ(ra["nuisance_prior"]["scale"], 2.5);
  EXPECT_EQ(ra["data"]["path"], *a.data_path);
  EXPECT_FALSE(r["analysis"][1].contains("data"));
}

TEST_F(ConfigTest, LinearRangeHasEvenStepsAndExactEndPoints) {
  const ps::Config c = load(replaced(kMinimal, "mean = 0.0", "mean = { from = 0.1, to = 0.7, count = 4 }"));
  const std::vector<double>& v = c.analyses[0].prior_blocks[0].params[0].second;
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v.front(), 0.1);
  EXPECT_EQ(v.back(), 0.7);
  EXPECT_NEAR(v[1], 0.3, 1e-15);
  EXPECT_NEAR(v[2], 0.5, 1e-15);
}

TEST_F(ConfigTest, LinearRangeMayDescend) {
  const ps::Config c = load(replaced(kMinimal, "mean = 0.0", "mean = { from = 1, to = -1, count = 5, spacing = \"linear\" }"));
  EXPECT_EQ(c.analyses[0].prior_blocks[0].params[0].second, (std::vector<double>{1.0, 0.5, 0.0, -0.5, -1.0}));
}

TEST_F(ConfigTest, LogRangeHasEvenRatiosAndExactEndPoints) {
  // The example's SD grid: 0.1 to 2 in 6 log-spaced steps.
  const ps::Config c = load(replaced(kMinimal, "sd = 1.0", "sd = { from = 0.1, to = 2.0, count = 6, spacing = \"log\" }"));
  const std::vector<double>& v = c.analyses[0].prior_blocks[0].params[1].second;
  ASSERT_EQ(v.size(), 6u);
  // Both end points exactly as written (summary.csv would otherwise show
  // prior_sd 0.10000000000000002).
  EXPECT_EQ(v.front(), 0.1) << "first log-spaced value is exp(log(from)), not from";
  EXPECT_EQ(v.back(), 2.0);
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(v[i], 0.1 * std::pow(20.0, i / 5.0), 1e-14) << i;
  for (int i = 1; i < 6; ++i) EXPECT_NEAR(v[i] / v[i - 1], std::pow(20.0, 0.2), 1e-13) << i;
}

TEST_F(ConfigTest, RangeOfCountOneIsItsStart) {
  const ps::Config c = load(replaced(kMinimal, "sd = 1.0", "sd = { from = 0.4, to = 9.0, count = 1, spacing = \"log\" }"));
  EXPECT_EQ(c.analyses[0].prior_blocks[0].params[1].second, (std::vector<double>{0.4}));
}

TEST_F(ConfigTest, ListAndScalarParameters) {
  std::string text = replaced(kMinimal, "mean = 0.0", "mean = [-0.5, 0, 0.25]");
  text = replaced(text, "sd = 1.0", "sd = 3");
  const ps::Config c = load(text);
  const ps::PriorBlock& b = c.analyses[0].prior_blocks[0];
  EXPECT_EQ(b.params[0].second, (std::vector<double>{-0.5, 0.0, 0.25}));
  EXPECT_EQ(b.params[1].second, (std::vector<double>{3.0}));
}

TEST_F(ConfigTest, PriorBlocksAreKeptInOrder) {
  const std::string blocks = R"([[analysis.prior]]
family = "normal"
mean = [0.0, 0.1]
sd = 1.0

[[analysis.prior]]
family = "student_t"
df = 3
scale = [0.35, 1.0]

[[analysis.prior]]
family = "normal"
mean = 0.0
sd = 1000.0
)";
  const std::string text = replaced(kMinimal, "[analysis.prior]\nfamily = \"normal\"\nmean = 0.0\nsd = 1.0\n", blocks);
  const ps::Config c = load(text);
  const auto& bs = c.analyses[0].prior_blocks;
  ASSERT_EQ(bs.size(), 3u);
  EXPECT_EQ(bs[0].family, "normal");
  EXPECT_EQ(bs[0].params[0].second, (std::vector<double>{0.0, 0.1}));
  EXPECT_EQ(bs[1].family, "student_t");
  ASSERT_EQ(bs[1].params.size(), 3u);
  EXPECT_EQ(bs[1].params[0], (std::pair<std::string, std::vector<double>>{"df", {3.0}}));
  EXPECT_EQ(bs[1].params[1], (std::pair<std::string, std::vector<double>>{"location", {0.0}}));  // default
  EXPECT_EQ(bs[1].params[2], (std::pair<std::string, std::vector<double>>{"scale", {0.35, 1.0}}));
  EXPECT_EQ(bs[2].params[1].second, (std::vector<double>{1000.0}));
  EXPECT_EQ(c.resolved["analysis"][0]["prior"].size(), 3u);
}

TEST_F(ConfigTest, NormalNuisancePrior) {
  const ps::Config c = load(std::string(kMinimal) + "\n[analysis.nuisance_prior]\nfamily = \"normal\"\nmean = 0.2\nsd = 5\n");
  const ps::ScalarPrior& p = c.analyses[0].nuisance_prior;
  EXPECT_EQ(p.family, ps::PriorFamily::normal);
  EXPECT_EQ(p.a, 0.2);
  EXPECT_EQ(p.b, 5.0);
}

TEST_F(ConfigTest, NuisancePriorIsNotSwept) {
  const std::string text = std::string(kMinimal) + "\n[analysis.nuisance_prior]\nfamily = \"normal\"\nsd = [1, 2]\n";
  expect_error(text, line_of(text, "sd = [1, 2]"), "analysis[0].nuisance_prior.sd");
}

TEST_F(ConfigTest, DecisionTable) {
  const ps::Config c =
      load(std::string(kMinimal) + "\n[analysis.decision]\nefficacy = 0.975\nfutility = 0.05\nmoderate = 0.9\n");
  const ps::DecisionRule& d = c.analyses[0].decision;
  EXPECT_EQ(d.efficacy, 0.975);
  EXPECT_EQ(d.futility, 0.05);
  EXPECT_EQ(d.moderate, 0.9);
}

TEST_F(ConfigTest, DecisionTablePartialKeepsDefaults) {
  const ps::Config c = load(std::string(kMinimal) + "\n[analysis.decision]\nfutility = 0.3\n");
  const ps::DecisionRule& d = c.analyses[0].decision;
  EXPECT_EQ(d.efficacy, 0.95);
  EXPECT_EQ(d.futility, 0.3);
  EXPECT_EQ(d.moderate, 0.85);
}

TEST_F(ConfigTest, ExampleConfigLoads) {
  const ps::Config c = ps::load_config(std::string(PRIORSWEEP_SOURCE_DIR) + "/examples/corimuno/config.toml");
  ASSERT_EQ(c.analyses.size(), 7u);  // Cox; ordinal days 4, 7, 14; longitudinal; Kaplan-Meier; log-rank
  EXPECT_EQ(c.analyses[0].prior_blocks.size(), 3u);
  EXPECT_EQ(c.analyses[0].threshold_labels, (std::vector<std::string>{"1.0", "0.95", "0.85", "0.80"}));
  EXPECT_EQ(c.analyses[1].model, "ordinal");
  EXPECT_EQ(c.analyses[0].draws, 8000);   // the global draws
  EXPECT_EQ(c.analyses[1].draws, 12000);  // the analysis's own
  EXPECT_EQ(c.analyses[4].model, "ordinal_longitudinal");
  EXPECT_EQ(c.analyses[4].outcomes.size(), 5u);
  EXPECT_EQ(c.missing, ps::MissingPolicy::drop);
  EXPECT_EQ(c.analyses[5].model, "kaplan_meier");
  EXPECT_EQ(c.analyses[6].columns.strata, std::vector<std::string>{"centre"});
}

// ------------------------------------------------------------ invalid input

TEST_F(ConfigTest, SamplerIsMixtureOrRwm) {
  const ps::Config c = load("sampler = \"rwm\"\n" + std::string(kMinimal));
  EXPECT_EQ(c.sampler, ps::SamplerKind::rwm);
  EXPECT_EQ(c.resolved["sampler"], "rwm");
  const std::string text = "sampler = \"nuts\"\n" + std::string(kMinimal);
  expect_error(text, 1, "sampler");
}

TEST_F(ConfigTest, UnknownTopLevelKey) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nthinning = 2\n");
  expect_error(text, line_of(text, "thinning"), "thinning");
}

TEST_F(ConfigTest, UnknownDataKey) {
  const std::string text = replaced(kMinimal, "path = \"trial.csv\"\n", "path = \"trial.csv\"\nsep = \";\"\n");
  expect_error(text, line_of(text, "sep ="), "data.sep");
}

TEST_F(ConfigTest, UnknownAnalysisKey) {
  const std::string text = replaced(kMinimal, "treatment = \"treatment\"\n", "treatment = \"treatment\"\ncovariate = \"age\"\n");
  expect_error(text, line_of(text, "covariate ="), "analysis[0].covariate");
}

TEST_F(ConfigTest, UnknownPriorKey) {
  const std::string text = replaced(kMinimal, "sd = 1.0\n", "sd = 1.0\nvariance = 1.0\n");
  expect_error(text, line_of(text, "variance"), "analysis[0].prior.variance");
}

TEST_F(ConfigTest, UnknownRangeKey) {
  const std::string text = replaced(kMinimal, "sd = 1.0", "sd = { from = 0.1, to = 1, count = 3, step = 2 }");
  expect_error(text, line_of(text, "sd = {"), "analysis[0].prior.sd.step");
}

TEST_F(ConfigTest, UnknownKeyInSecondPriorBlock) {
  const std::string text = replaced(kMinimal, "[analysis.prior]\nfamily = \"normal\"\nmean = 0.0\nsd = 1.0\n",
                                    "[[analysis.prior]]\nfamily = \"normal\"\nsd = 1.0\n\n"
                                    "[[analysis.prior]]\nfamily = \"normal\"\nsd = 2.0\nsigma = 2.0\n");
  expect_error(text, line_of(text, "sigma"), "analysis[0].prior[1].sigma");
}

TEST_F(ConfigTest, WrongTypeStringForChains) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nchains = \"four\"\n");
  expect_error(text, line_of(text, "chains"), "chains");
}

TEST_F(ConfigTest, WrongTypeFloatForDraws) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\ndraws = 100.5\n");
  expect_error(text, line_of(text, "draws"), "draws");
}

TEST_F(ConfigTest, ThinKeepsEveryKthDraw) {
  EXPECT_EQ(load(kMinimal).thin, 1);
  const ps::Config c = load(replaced(kMinimal, "seed = 7\n", "seed = 7\ndraws = 1000\nthin = 10\n"));
  EXPECT_EQ(c.thin, 10);
  EXPECT_EQ(c.resolved["thin"], 10);
}

TEST_F(ConfigTest, SummariesAllOrTreatment) {
  EXPECT_FALSE(load(kMinimal).analyses[0].summarize_treatment_only);
  const ps::Config c = load(replaced(kMinimal, "model = \"cox\"\n", "model = \"cox\"\nsummaries = \"treatment\"\n"));
  EXPECT_TRUE(c.analyses[0].summarize_treatment_only);
  const std::string bad = replaced(kMinimal, "model = \"cox\"\n", "model = \"cox\"\nsummaries = \"some\"\n");
  expect_error(bad, line_of(bad, "summaries"), "analysis[0].summaries");
}

constexpr const char* kOrdinal = R"(seed = 7

[data]
path = "trial.csv"

[[analysis]]
name = "who"
model = "ordinal"
outcome = "who"
categories = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
treatment = "treatment"

[analysis.prior]
family = "normal"
sd = 1.0
)";

TEST_F(ConfigTest, OrdinalAnalysisWithDefaults) {
  const ps::AnalysisConfig a = load(kOrdinal).analyses[0];
  EXPECT_EQ(a.model, "ordinal");
  EXPECT_EQ(a.outcome, "who");
  EXPECT_EQ(a.levels.size(), 11u);
  EXPECT_EQ(a.levels.back(), 10);
  EXPECT_EQ(a.link, ps::OrdinalLink::logit);
  EXPECT_EQ(a.cutpoint_concentration, 1.0);
  const ps::Config probit = load(replaced(kOrdinal, "treatment = \"treatment\"\n",
                                          "treatment = \"treatment\"\nlink = \"probit\"\n"
                                          "[analysis.cutpoint_prior]\nconcentration = 2.0\n"));
  EXPECT_EQ(probit.analyses[0].link, ps::OrdinalLink::probit);
  EXPECT_EQ(probit.analyses[0].cutpoint_concentration, 2.0);
  EXPECT_EQ(probit.resolved["analysis"][0]["link"], "probit");
}

TEST_F(ConfigTest, OrdinalRejectsCoxKeys) {
  const std::string text = replaced(kOrdinal, "outcome = \"who\"\n", "outcome = \"who\"\ntime = \"t\"\n");
  expect_error(text, line_of(text, "time ="), "analysis[0].time");
}

TEST_F(ConfigTest, OrdinalCategoriesMustIncrease) {
  const std::string text = replaced(kOrdinal, "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "[0, 2, 1]");
  expect_error(text, line_of(text, "categories"), "analysis[0].categories");
}

TEST_F(ConfigTest, OrdinalCategoriesMustBeWholeNumbers) {
  const std::string text = replaced(kOrdinal, "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "[0, 0.5, 1]");
  expect_error(text, line_of(text, "categories"), "analysis[0].categories");
}

TEST_F(ConfigTest, OrdinalUnknownLink) {
  const std::string text =
      replaced(kOrdinal, "treatment = \"treatment\"\n", "treatment = \"treatment\"\nlink = \"cloglog\"\n");
  expect_error(text, line_of(text, "link"), "analysis[0].link");
}

TEST_F(ConfigTest, ThinLeavingFewerThanFourDraws) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\ndraws = 100\nthin = 30\n");
  expect_error(text, line_of(text, "thin"), "thin");
}

TEST_F(ConfigTest, ThinZero) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nthin = 0\n");
  expect_error(text, line_of(text, "thin"), "thin");
}

TEST_F(ConfigTest, ChainsBelowTwo) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nchains = 1\n");
  expect_error(text, line_of(text, "chains"), "chains");
}

TEST_F(ConfigTest, NegativeSd) {
  const std::string text = replaced(kMinimal, "sd = 1.0", "sd = -0.5");
  expect_error(text, line_of(text, "sd = -0.5"), "analysis[0].prior.sd");
}

TEST_F(ConfigTest, NegativeSdInList) {
  const std::string text = replaced(kMinimal, "sd = 1.0", "sd = [1.0, -0.5]");
  expect_error(text, line_of(text, "sd = ["), "analysis[0].prior.sd");
}

TEST_F(ConfigTest, ZeroStudentTScale) {
  const std::string text = replaced(kMinimal, "family = \"normal\"\nmean = 0.0\nsd = 1.0",
                                    "family = \"student_t\"\ndf = 3\nscale = 0");
  expect_error(text, line_of(text, "scale = 0"), "analysis[0].prior.scale");
}

TEST_F(ConfigTest, LogRangeWithNonPositiveBound) {
  const std::string text = replaced(kMinimal, "mean = 0.0", "mean = { from = -1.0, to = 1.0, count = 3, spacing = \"log\" }");
  expect_error(text, line_of(text, "mean = {"), "analysis[0].prior.mean.from");
}

TEST_F(ConfigTest, LogRangeWithZeroUpperBound) {
  const std::string text = replaced(kMinimal, "mean = 0.0", "mean = { from = 0.5, to = 0, count = 3, spacing = \"log\" }");
  const std::string path = write(text);
  try {
    ps::load_config(path);
    FAIL() << "expected an InputError";
  } catch (const ps::InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path + ":" + std::to_string(line_of(text, "mean = {")) + ":"), std::string::npos) << msg;
    // The message names the range (it currently blames 'from' for a bad 'to').
    EXPECT_NE(msg.find("'analysis[0].prior.mean"), std::string::npos) << msg;
    EXPECT_NE(msg.find("to = 0"), std::string::npos) << msg;
  }
}

TEST_F(ConfigTest, RangeWithoutCount) {
  const std::string text = replaced(kMinimal, "sd = 1.0", "sd = { from = 0.1, to = 1.0 }");
  expect_error(text, line_of(text, "sd = {"), "analysis[0].prior.sd.count");
}

TEST_F(ConfigTest, UnknownSpacing) {
  const std::string text = replaced(kMinimal, "sd = 1.0", "sd = { from = 0.1, to = 1.0, count = 3, spacing = \"sqrt\" }");
  expect_error(text, line_of(text, "sd = {"), "analysis[0].prior.sd.spacing");
}

TEST_F(ConfigTest, EmptyParameterList) {
  const std::string text = replaced(kMinimal, "mean = 0.0", "mean = []");
  expect_error(text, line_of(text, "mean = []"), "analysis[0].prior.mean");
}

TEST_F(ConfigTest, UnknownFamily) {
  const std::string text = replaced(kMinimal, "family = \"normal\"", "family = \"cauchy\"");
  expect_error(text, line_of(text, "family"), "analysis[0].prior.family");
}

TEST_F(ConfigTest, UnknownModel) {
  const std::string text = replaced(kMinimal, "model = \"cox\"", "model = \"weibull\"");
  expect_error(text, line_of(text, "model"), "analysis[0].model");
}

TEST_F(ConfigTest, MissingPrior) {
  const std::string text = replaced(kMinimal, "[analysis.prior]\nfamily = \"normal\"\nmean = 0.0\nsd = 1.0\n", "");
  // The message points at the [[analysis]] table that lacks the prior.
  expect_error(text, line_of(text, "[[analysis]]"), "analysis[0].prior");
}

TEST_F(ConfigTest, MissingRequiredPriorParameter) {
  const std::string text = replaced(kMinimal, "sd = 1.0\n", "");
  expect_error(text, line_of(text, "[analysis.prior]"), "analysis[0].prior.sd");
}

TEST_F(ConfigTest, MissingColumnKey) {
  const std::string text = replaced(kMinimal, "event = \"event\"\n", "");
  expect_error(text, line_of(text, "[[analysis]]"), "analysis[0].event");
}

TEST_F(ConfigTest, DuplicateAnalysisNames) {
  const std::string second = R"(
[[analysis]]
name = "a1"
model = "cox"
time = "time"
event = "event"
treatment = "treatment"

[analysis.prior]
family = "normal"
sd = 2.0
)";
  const std::string text = std::string(kMinimal) + second;
  // The second analysis's name line.
  const size_t second_start = text.find("[[analysis]]", text.find("[[analysis]]") + 1);
  const int line = static_cast<int>(std::count(text.begin(), text.begin() + second_start, '\n')) +
                   line_of(text.substr(second_start), "name = \"a1\"");
  expect_error(text, line, "analysis[1].name");
}

TEST_F(ConfigTest, LevelOutsideZeroOne) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nlevels = [0.9, 1.5]\n");
  expect_error(text, line_of(text, "levels"), "levels");
}

TEST_F(ConfigTest, LevelZero) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nlevels = 0\n");
  expect_error(text, line_of(text, "levels"), "levels");
}

TEST_F(ConfigTest, DecisionProbabilityOutsideZeroOne) {
  const std::string text = std::string(kMinimal) + "\n[analysis.decision]\nefficacy = 1.5\n";
  expect_error(text, line_of(text, "efficacy"), "analysis[0].decision.efficacy");
}

TEST_F(ConfigTest, UnknownBackend) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nbackend = \"tpu\"\n");
  expect_error(text, line_of(text, "backend"), "backend");
}

TEST_F(ConfigTest, UnknownTies) {
  const std::string text = replaced(kMinimal, "treatment = \"treatment\"\n", "treatment = \"treatment\"\nties = \"exact\"\n");
  expect_error(text, line_of(text, "ties"), "analysis[0].ties");
}

TEST_F(ConfigTest, NonPositiveThreshold) {
  const std::string text = replaced(kMinimal, "treatment = \"treatment\"\n", "treatment = \"treatment\"\nthresholds = [1, -0.2]\n");
  expect_error(text, line_of(text, "thresholds"), "analysis[0].thresholds");
}

TEST_F(ConfigTest, InvalidTomlSyntax) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nchains = = 2\n");
  const std::string path = write(text);
  const int line = line_of(text, "chains = = 2");
  try {
    ps::load_config(path);
    FAIL() << "expected an InputError";
  } catch (const ps::InputError& e) {
    const std::string msg = e.what();
    // A syntax error has no key; the message names the file and the line.
    EXPECT_NE(msg.find(path + ":" + std::to_string(line) + ":"), std::string::npos) << msg;
    EXPECT_NE(msg.find("invalid TOML"), std::string::npos) << msg;
  }
}

TEST_F(ConfigTest, DuplicateTomlKeyIsASyntaxError) {
  const std::string text = replaced(kMinimal, "seed = 7\n", "seed = 7\nseed = 8\n");
  const std::string path = write(text);
  try {
    ps::load_config(path);
    FAIL() << "expected an InputError";
  } catch (const ps::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":2:"), std::string::npos) << e.what();
  }
}

TEST_F(ConfigTest, NonexistentConfigFile) {
  const std::string path = (dir_ / "no_such_config.toml").string();
  try {
    ps::load_config(path);
    FAIL() << "expected an InputError";
  } catch (const ps::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST_F(ConfigTest, NoAnalysis) {
  const std::string text = "seed = 1\n[data]\npath = \"x.csv\"\n";
  const std::string path = write(text);
  EXPECT_THROW(ps::load_config(path), ps::InputError);
}

TEST_F(ConfigTest, AnalysisWithoutData) {
  const std::string text = replaced(kMinimal, "[data]\npath = \"trial.csv\"\n", "");
  const std::string path = write(text);
  try {
    ps::load_config(path);
    FAIL() << "expected an InputError";
  } catch (const ps::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("a1"), std::string::npos) << e.what();
  }
}

}  // namespace

// The config of the models without a sampler (beta_binomial, normal_summary,
// fisher, poisson_rate, kaplan_meier, logrank), the stated prior families and
// the decision stage: what parses, what it resolves to, and every bad input
// the contract names (counts above totals, negative counts, an interval in
// the wrong order or not holding its estimate, a level outside (0, 1), a Beta
// parameter <= 0) failing at its file:line with its key.
#include <gtest/gtest.h>

#include <cmath>

#include "support/config_harness.hpp"

namespace {

using config_harness::ConfigTest;
using config_harness::line_of;
using config_harness::replaced;

constexpr const char* kBetaBinomial = R"(seed = 3

[[analysis]]
name = "ard"
model = "beta_binomial"
events = [21, 21]
totals = [59, 55]
thresholds = [0, -0.055]

[analysis.prior]
family = "beta"
a = 1
b = [1, 2]
)";

constexpr const char* kNormalSummary = R"(
[[analysis]]
name = "hr"
model = "normal_summary"
estimate = 0.97
lower = 0.62
upper = 1.52
level = 0.90
thresholds = [1, 0.85]

[[analysis.prior]]
family = "normal"
sd = 1000
)";

class SummaryModelConfig : public ConfigTest {};

TEST_F(SummaryModelConfig, BetaBinomialCountsNeedNoDataFile) {
  const ps::Config c = load(kBetaBinomial);
  const ps::AnalysisConfig& a = c.analyses.at(0);
  EXPECT_EQ(a.events, (std::vector<long long>{21, 21}));
  EXPECT_EQ(a.totals, (std::vector<long long>{59, 55}));
  EXPECT_FALSE(a.needs_data());
  EXPECT_EQ(a.effect_scale(), ps::EffectScale::difference);
  EXPECT_EQ(a.threshold_labels, (std::vector<std::string>{"0", "-0.055"}));
  EXPECT_DOUBLE_EQ(a.decision.moderate, -0.055);  // the protocol's ARD default
  ASSERT_EQ(a.prior_blocks.size(), 1u);
  EXPECT_EQ(a.prior_blocks[0].family, "beta");
  EXPECT_TRUE(a.control_prior_blocks.empty());
  EXPECT_FALSE(c.resolved["analysis"][0].contains("warmup"));  // nothing is sampled
}

TEST_F(SummaryModelConfig, BetaBinomialFromAnOutcomeColumnNeedsData) {
  const std::string text = replaced(replaced(kBetaBinomial, "events = [21, 21]", "outcome = \"day4\"\ntreatment = \"arm\""),
                                    "totals = [59, 55]\n", "");
  // No [data]: the outcome column has nowhere to come from.
  try {
    load(text);
    FAIL() << "expected an error: no data for an outcome column";
  } catch (const ps::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("has no data"), std::string::npos) << e.what();
  }
  const ps::Config c = load(replaced(text, "seed = 3\n", "seed = 3\n[data]\npath = \"trial.csv\"\n"));
  EXPECT_TRUE(c.analyses[0].needs_data());
  EXPECT_EQ(c.analyses[0].outcome, "day4");
  EXPECT_EQ(c.analyses[0].columns.treatment, "arm");
}

TEST_F(SummaryModelConfig, PerArmPriors) {
  const ps::Config c = load(std::string(kBetaBinomial) + "\n[analysis.prior_control]\nfamily = \"beta\"\na = [10, 20]\nb = 30\n");
  ASSERT_EQ(c.analyses[0].control_prior_blocks.size(), 1u);
  EXPECT_EQ(c.analyses[0].control_prior_blocks[0].params[0].second, (std::vector<double>{10, 20}));
}

TEST_F(SummaryModelConfig, CountsLargerThanTotals) {
  const std::string text = replaced(kBetaBinomial, "events = [21, 21]", "events = [21, 56]");
  expect_error(text, line_of(text, "events ="), "analysis[0].events");
}

TEST_F(SummaryModelConfig, NegativeOrFractionalCounts) {
  std::string text = replaced(kBetaBinomial, "events = [21, 21]", "events = [-1, 21]");
  expect_error(text, line_of(text, "events ="), "analysis[0].events");
  text = replaced(kBetaBinomial, "totals = [59, 55]", "totals = [59, 55.5]");
  expect_error(text, line_of(text, "totals ="), "analysis[0].totals");
  text = replaced(kBetaBinomial, "totals = [59, 55]", "totals = [59, 55, 3]");
  expect_error(text, line_of(text, "totals ="), "analysis[0].totals");
}

TEST_F(SummaryModelConfig, BetaParametersMustBePositive) {
  std::string text = replaced(kBetaBinomial, "a = 1", "a = 0");
  expect_error(text, line_of(text, "a = 0"), "analysis[0].prior.a");
  text = replaced(kBetaBinomial, "b = [1, 2]", "b = [1, -2]");
  expect_error(text, line_of(text, "b = [1, -2]"), "analysis[0].prior.b");
}

TEST_F(SummaryModelConfig, BetaBinomialTakesOnlyBetaPriors) {
  const std::string text = replaced(kBetaBinomial, "family = \"beta\"", "family = \"normal\"");
  expect_error(text, line_of(text, "family = \"normal\""), "analysis[0].prior.family");
}

TEST_F(SummaryModelConfig, RiskDifferenceThresholdsLieInsideMinusOneToOne) {
  const std::string text = replaced(kBetaBinomial, "thresholds = [0, -0.055]", "thresholds = [0, -1.5]");
  expect_error(text, line_of(text, "thresholds"), "analysis[0].thresholds");
}

TEST_F(SummaryModelConfig, NormalSummaryStandardErrorFromTheInterval) {
  const ps::Config c = load(kNormalSummary);
  const ps::PublishedEstimate& e = c.analyses.at(0).published;
  EXPECT_EQ(e.estimate, 0.97);
  EXPECT_EQ(e.level, 0.90);
  // (log 1.52 - log 0.62) / (2 * qnorm(0.95)), qnorm(0.95) = 1.6448536269514722
  EXPECT_NEAR(e.se, (std::log(1.52) - std::log(0.62)) / (2 * 1.6448536269514722), 1e-15);
  EXPECT_FALSE(c.analyses[0].needs_data());
  EXPECT_EQ(c.analyses[0].effect_scale(), ps::EffectScale::ratio);
}

TEST_F(SummaryModelConfig, NormalSummaryWithAStandardError) {
  const std::string text = replaced(replaced(replaced(kNormalSummary, "lower = 0.62\n", ""), "upper = 1.52\n", ""),
                                    "level = 0.90", "se = 0.25");
  EXPECT_EQ(load(text).analyses[0].published.se, 0.25);
}

TEST_F(SummaryModelConfig, IntervalBoundsInTheWrongOrder) {
  const std::string text = replaced(replaced(kNormalSummary, "lower = 0.62", "lower = 1.52"), "upper = 1.52", "upper = 0.62");
  expect_error(text, line_of(text, "upper ="), "analysis[0].upper");
}

TEST_F(SummaryModelConfig, IntervalNotHoldingItsEstimate) {
  const std::string text = replaced(kNormalSummary, "estimate = 0.97", "estimate = 1.7");
  expect_error(text, line_of(text, "estimate ="), "analysis[0].estimate");
}

TEST_F(SummaryModelConfig, LevelOutsideZeroToOne) {
  for (const char* level : {"level = 1.0", "level = 0", "level = 90"}) {
    const std::string text = replaced(kNormalSummary, "level = 0.90", level);
    expect_error(text, line_of(text, "level ="), "analysis[0].level");
  }
}

TEST_F(SummaryModelConfig, RatioEstimatesArePositive) {
  const std::string text = replaced(kNormalSummary, "lower = 0.62", "lower = -0.5");
  expect_error(text, line_of(text, "lower ="), "analysis[0].lower");
}

TEST_F(SummaryModelConfig, DifferenceScaleNeedsItsModerateBenefit) {
  const std::string difference = replaced(kNormalSummary, "estimate = 0.97", "scale = \"difference\"\nestimate = 0.97");
  expect_error(difference, line_of(difference, "[[analysis]]"), "analysis[0].decision");
  const ps::Config c = load(difference + "\n[analysis.decision]\nmoderate = -0.2\n");
  EXPECT_EQ(c.analyses[0].effect_scale(), ps::EffectScale::difference);
  EXPECT_EQ(c.analyses[0].decision.moderate, -0.2);
}

TEST_F(SummaryModelConfig, StudentTIsNotConjugate) {
  const std::string text = replaced(kNormalSummary, "family = \"normal\"\nsd = 1000", "family = \"student_t\"\ndf = 3\nscale = 1");
  expect_error(text, line_of(text, "student_t"), "analysis[0].prior[0].family");
}

TEST_F(SummaryModelConfig, StatedPriorFamilies) {
  const ps::Config c = load(std::string(kNormalSummary) +
                            "\n[[analysis.prior]]\nfamily = \"normal_from_tail\"\nthreshold = 0.5\nprobability = 0.05\n"
                            "\n[[analysis.prior]]\nfamily = \"belief_grid\"\nbeliefs = [\"neutral\", \"pessimistic\"]\n");
  const auto& blocks = c.analyses[0].prior_blocks;
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].params[0].second, std::vector<double>{1.0});  // median defaults to no effect
  EXPECT_EQ(blocks[2].params[0].second, std::vector<double>{0.85});  // effect defaults to the moderate benefit
  EXPECT_EQ(blocks[2].beliefs, (std::vector<std::string>{"neutral", "pessimistic"}));
  EXPECT_EQ(blocks[2].strengths, (std::vector<std::string>{"weak", "moderate", "strong"}));
}

TEST_F(SummaryModelConfig, TailStatementOnTheWrongSide) {
  // P(HR < 0.5) = 95% with median 1 is impossible for a normal prior.
  const std::string text = std::string(kNormalSummary) +
                           "\n[[analysis.prior]]\nfamily = \"normal_from_tail\"\nthreshold = 0.5\nprobability = 0.95\n";
  expect_error(text, line_of(text, "threshold = 0.5"), "analysis[0].prior[1].threshold");
}

TEST_F(SummaryModelConfig, BeliefWordsAreChecked) {
  const std::string text = std::string(kNormalSummary) + "\n[[analysis.prior]]\nfamily = \"belief_grid\"\nstrengths = [\"huge\"]\n";
  expect_error(text, line_of(text, "strengths"), "analysis[0].prior[1].strengths");
  const std::string harm = std::string(kNormalSummary) + "\n[[analysis.prior]]\nfamily = \"belief_grid\"\neffect = 1.2\n";
  expect_error(harm, line_of(harm, "effect = 1.2"), "analysis[0].prior[1].effect");
}

TEST_F(SummaryModelConfig, InterimStageDefaults) {
  const ps::Config c = load(std::string(kNormalSummary) + "\n[analysis.decision]\nstage = \"interim\"\n");
  EXPECT_EQ(c.analyses[0].decision.stage, ps::DecisionStage::interim);
  EXPECT_EQ(c.analyses[0].decision.efficacy, 0.99);
  EXPECT_EQ(c.analyses[0].decision.futility, 0.20);
  const std::string bad = std::string(kNormalSummary) + "\n[analysis.decision]\nstage = \"halfway\"\n";
  expect_error(bad, line_of(bad, "stage"), "analysis[0].decision.stage");
}

TEST_F(SummaryModelConfig, FrequentistModelsHaveNoPrior) {
  const std::string fisher = "[[analysis]]\nname = \"ae\"\nmodel = \"fisher\"\nevents = [29, 23]\ntotals = [59, 55]\n";
  const ps::Config c = load(fisher);
  EXPECT_FALSE(c.analyses[0].bayesian());
  const std::string with_prior = fisher + "[analysis.prior]\nfamily = \"beta\"\na = 1\nb = 1\n";
  expect_error(with_prior, line_of(with_prior, "[analysis.prior]"), "analysis[0].prior");
}

TEST_F(SummaryModelConfig, PoissonRateCountsAndExposures) {
  const std::string text = "[[analysis]]\nname = \"ae\"\nmodel = \"poisson_rate\"\ncounts = [113, 60]\nexposure = [59, 55]\n";
  const ps::Config c = load(text);
  EXPECT_EQ(c.analyses[0].counts, (std::vector<double>{113, 60}));
  EXPECT_EQ(c.analyses[0].exposure, (std::vector<double>{59, 55}));
  const std::string zero = replaced(text, "exposure = [59, 55]", "exposure = [59, 0]");
  expect_error(zero, line_of(zero, "exposure"), "analysis[0].exposure");
  const std::string negative = replaced(text, "counts = [113, 60]", "counts = [113, -60]");
  expect_error(negative, line_of(negative, "counts"), "analysis[0].counts");
}

TEST_F(SummaryModelConfig, KaplanMeierDays) {
  const std::string text = "[data]\npath = \"t.csv\"\n[[analysis]]\nname = \"km\"\nmodel = \"kaplan_meier\"\n"
                           "time = \"time\"\nevent = \"event\"\ntreatment = \"treatment\"\nat = [14, 28.0]\n";
  const ps::Config c = load(text);
  EXPECT_EQ(c.analyses[0].at, (std::vector<double>{14, 28}));
  EXPECT_EQ(c.analyses[0].at_labels, (std::vector<std::string>{"14", "28.0"}));
  const std::string bad = replaced(text, "at = [14, 28.0]", "at = [28, 14]");
  expect_error(bad, line_of(bad, "at = "), "analysis[0].at");
}

TEST_F(SummaryModelConfig, SampledModelsTakeStatedPriorsButNotBeta) {
  const std::string cox = "[data]\npath = \"t.csv\"\n[[analysis]]\nname = \"c\"\nmodel = \"cox\"\ntime = \"time\"\n"
                          "event = \"event\"\ntreatment = \"treatment\"\n[[analysis.prior]]\nfamily = \"belief_grid\"\n"
                          "strengths = [\"strong\"]\n";
  const ps::Config c = load(cox);
  EXPECT_EQ(c.analyses[0].prior_blocks[0].family, "belief_grid");
  const std::string beta = cox + "[[analysis.prior]]\nfamily = \"beta\"\na = 1\nb = 1\n";
  expect_error(beta, line_of(beta, "\"beta\""), "analysis[0].prior[1].family");
}

TEST_F(SummaryModelConfig, UnknownKeysAreErrors) {
  const std::string text = replaced(kNormalSummary, "level = 0.90", "level = 0.90\nevents = [1, 2]");
  expect_error(text, line_of(text, "events"), "analysis[0].events");
}

}  // namespace

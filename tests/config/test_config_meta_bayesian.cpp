// The Bayesian keys of model = "meta_binary": the model choice
// (binomial_normal, the default and sampled, or normal_normal, exact), its
// sampling keys, the baselines' prior, and the tau priors including Turner et
// al.'s empirical presets (host/grid/turner_priors.hpp) with what they expand
// to in the grid; each bad input failing at its file:line with its key.
#include <gtest/gtest.h>

#include <cmath>

#include "host/grid/prior_grid.hpp"
#include "host/grid/turner_priors.hpp"
#include "support/config_harness.hpp"

namespace {

using config_harness::ConfigTest;
using config_harness::line_of;
using config_harness::replaced;

constexpr const char* kMeta = R"(seed = 3
draws = 3000

[[analysis]]
name = "meta"
model = "meta_binary"
EXTRA
[analysis.data]
path = "studies.csv"

[analysis.prior]
family = "normal"
sd = [1000, 0.5]

[[analysis.tau_prior]]
family = "half_normal"
scale = 0.5

[[analysis.tau_prior]]
family = "turner"
outcome = ["all_cause_mortality", "any"]
comparison = ["pharmacological_vs_placebo", "non_pharmacological_vs_placebo"]
)";

std::string meta(const std::string& extra = "") { return replaced(kMeta, "EXTRA", extra); }

class MetaBayesianConfig : public ConfigTest {};

TEST_F(MetaBayesianConfig, BinomialNormalIsTheSampledDefault) {
  const ps::AnalysisConfig a = load(meta()).analyses.at(0);
  EXPECT_EQ(a.meta_model, "binomial_normal");
  EXPECT_TRUE(a.sampled());
  EXPECT_EQ(a.quadrature_nodes, 20);
  EXPECT_EQ(a.draws, 3000);  // the run's lengths apply
  EXPECT_EQ(a.nuisance_prior.b, 10.0);
}

TEST_F(MetaBayesianConfig, SamplingKeysAndBaselinePrior) {
  const ps::AnalysisConfig a =
      load(meta("quadrature_nodes = 30\ndraws = 8000\n[analysis.nuisance_prior]\nfamily = \"normal\"\nmean = -2\nsd = 2"))
          .analyses.at(0);
  EXPECT_EQ(a.quadrature_nodes, 30);
  EXPECT_EQ(a.draws, 8000);
  EXPECT_EQ(a.nuisance_prior.a, -2.0);
  EXPECT_EQ(a.nuisance_prior.b, 2.0);
}

TEST_F(MetaBayesianConfig, NormalNormalIsExactAndTakesNoSamplingKeys) {
  const ps::AnalysisConfig a = load(meta("bayesian_model = \"normal_normal\"")).analyses.at(0);
  EXPECT_FALSE(a.sampled());
  const std::string text = meta("bayesian_model = \"normal_normal\"\ndraws = 100");
  expect_error(text, line_of(text, "draws = 100"), "analysis[0].draws");
  const std::string t_prior = replaced(meta("bayesian_model = \"normal_normal\""), "family = \"normal\"\nsd = [1000, 0.5]",
                                       "family = \"student_t\"\ndf = 3\nscale = 1");
  expect_error(t_prior, line_of(t_prior, "student_t"), "analysis[0].prior.family");
}

TEST_F(MetaBayesianConfig, BinomialNormalTakesStudentTEffectPriors) {
  const std::string text = replaced(meta(), "family = \"normal\"\nsd = [1000, 0.5]", "family = \"student_t\"\ndf = 3\nscale = 1");
  EXPECT_EQ(load(text).analyses.at(0).prior_blocks.at(0).family, "student_t");
}

TEST_F(MetaBayesianConfig, UnknownModelAndNodesOutOfRange) {
  const std::string model = meta("bayesian_model = \"beta_binomial\"");
  expect_error(model, line_of(model, "bayesian_model"), "analysis[0].bayesian_model");
  const std::string nodes = meta("quadrature_nodes = 0");
  expect_error(nodes, line_of(nodes, "quadrature_nodes"), "analysis[0].quadrature_nodes");
}

// A missing key is reported at its table's header, the line above `family`.
TEST_F(MetaBayesianConfig, TurnerWordsAreChecked) {
  const std::string outcome = replaced(meta(), "\"all_cause_mortality\", \"any\"", "\"mortality\"");
  expect_error(outcome, line_of(outcome, "outcome ="), "analysis[0].tau_prior[1].outcome");
  const std::string comparison = replaced(meta(), "\"non_pharmacological_vs_placebo\"", "\"placebo\"");
  expect_error(comparison, line_of(comparison, "comparison ="), "analysis[0].tau_prior[1].comparison");
  const std::string missing = replaced(meta(), "comparison = [\"pharmacological_vs_placebo\", \"non_pharmacological_vs_placebo\"]\n", "");
  expect_error(missing, line_of(missing, "family = \"turner\"") - 1, "analysis[0].tau_prior[1].comparison");
  const std::string any_with = replaced(meta(), "\"all_cause_mortality\", \"any\"", "\"any\"");
  expect_error(any_with, line_of(any_with, "comparison ="), "analysis[0].tau_prior[1].comparison");
  const std::string no_outcome = replaced(meta(), "outcome = [\"all_cause_mortality\", \"any\"]\n", "");
  expect_error(no_outcome, line_of(no_outcome, "family = \"turner\"") - 1, "analysis[0].tau_prior[1].outcome");
}

TEST_F(MetaBayesianConfig, TurnerPriorsExpandToLogNormalsOnTau) {
  const ps::AnalysisConfig a = load(meta()).analyses.at(0);
  const ps::PriorGrid grid = ps::expand_prior_grid(a.prior_blocks, ps::EffectScale::ratio, a.tau_prior_blocks, "tau_");
  // 2 effect priors x (1 half-normal + 2 x 2 Turner for mortality + 1 for any).
  ASSERT_EQ(grid.points.size(), 2u * 4u);
  const ps::GridPoint& half_normal = grid.points[0];
  EXPECT_EQ(half_normal.family, "normal/half_normal");
  EXPECT_EQ(half_normal.scale_prior.family, ps::PriorFamily::normal);
  EXPECT_EQ(half_normal.scale_prior.b, 0.5);
  const ps::GridPoint& mortality = grid.points[1];
  EXPECT_EQ(mortality.family, "normal/turner");
  EXPECT_EQ(mortality.label, "all_cause_mortality:pharmacological_vs_placebo");
  EXPECT_EQ(grid.value(mortality, "tau_meanlog"), -3.95);  // Turner et al. 2015, Table IV
  EXPECT_EQ(grid.value(mortality, "tau_sdlog"), 1.34);
  // tau^2 ~ LN(m, s^2) is tau ~ LN(m / 2, (s / 2)^2).
  EXPECT_EQ(mortality.scale_prior.family, ps::PriorFamily::lognormal);
  EXPECT_DOUBLE_EQ(mortality.scale_prior.a, -3.95 / 2);
  EXPECT_DOUBLE_EQ(mortality.scale_prior.b, 1.34 / 2);
  EXPECT_EQ(grid.points[2].label, "all_cause_mortality:non_pharmacological_vs_placebo");
  EXPECT_EQ(grid.value(grid.points[2], "tau_meanlog"), -4.17);
  EXPECT_EQ(grid.points[3].label, "any");  // the marginal prior, once
  EXPECT_EQ(grid.value(grid.points[3], "tau_meanlog"), -2.56);
  EXPECT_EQ(grid.value(grid.points[3], "tau_sdlog"), 1.74);
  EXPECT_TRUE(grid.has_labels());
}

TEST(TurnerPriors, TableCornersAndNames) {
  EXPECT_EQ(ps::turner_outcome_types().size(), 17u);
  EXPECT_EQ(ps::turner_comparison_types().size(), 5u);
  const ps::TurnerPrior subjective = ps::turner_prior("subjective", "non_pharmacological_vs_non_pharmacological");
  EXPECT_EQ(subjective.meanlog, -2.26);
  EXPECT_EQ(subjective.sdlog, 1.45);
  const ps::TurnerPrior adverse = ps::turner_prior("adverse_events", "non_pharmacological_vs_pharmacological");
  EXPECT_EQ(adverse.meanlog, -0.84);
  EXPECT_EQ(adverse.sdlog, 1.24);
  EXPECT_THROW(ps::turner_prior("pain", "drug_vs_placebo"), std::invalid_argument);
  EXPECT_THROW(ps::turner_prior("mortality", "pharmacological_vs_placebo"), std::invalid_argument);
}

}  // namespace

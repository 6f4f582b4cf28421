// The keys of model = "ordinal_longitudinal" (host/config/longitudinal_keys.cpp)
// and the per-analysis sampling lengths: defaults, both layouts, and every
// misuse an InputError naming file, line and key.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/config_harness.hpp"

namespace {

using namespace config_harness;

constexpr const char* kLong = R"(seed = 7
draws = 1000

[data]
path = "trial.csv"

[[analysis]]
name = "who"
model = "ordinal_longitudinal"
outcome = "who"
id = "id"
day = "day"
categories = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
treatment = "treatment"

[analysis.prior]
family = "normal"
sd = 1.0
)";

class LongitudinalConfigTest : public ConfigTest {};

TEST_F(LongitudinalConfigTest, LongLayoutWithDefaults) {
  const ps::Config c = load(kLong);
  const ps::AnalysisConfig& a = c.analyses[0];
  EXPECT_EQ(a.model, "ordinal_longitudinal");
  EXPECT_EQ(a.outcome, "who");
  EXPECT_EQ(a.id_column, "id");
  EXPECT_EQ(a.day_column, "day");
  EXPECT_TRUE(a.outcomes.empty());
  EXPECT_EQ(a.quadrature_nodes, 10);
  EXPECT_EQ(a.sd_prior.family, ps::PriorFamily::student_t);  // half-t(3, 2.5)
  EXPECT_EQ(a.sd_prior.a, 3.0);
  EXPECT_EQ(a.sd_prior.c, 2.5);
  EXPECT_FALSE(a.absorbing_level.has_value());
  EXPECT_EQ(a.draws, 1000);  // the run's
  EXPECT_EQ(c.resolved["analysis"][0]["random_effect_prior"]["family"], "half_student_t");
  EXPECT_EQ(c.resolved["analysis"][0]["quadrature_nodes"], 10);
}

TEST_F(LongitudinalConfigTest, WideLayoutDaysDeathAndPrior) {
  const std::string wide = replaced(kLong, "outcome = \"who\"\nid = \"id\"\nday = \"day\"\n",
                                    "outcome = [\"who_d2\", \"who_d7\"]\ndays = [2, 7]\nabsorbing_level = 10\n"
                                    "after_death = \"drop\"\nquadrature_nodes = 1\ndraws = 4000\nwarmup = 10\n");
  const ps::Config c = load(replaced(wide, "treatment = \"treatment\"\n",
                                     "treatment = \"treatment\"\n"
                                     "[analysis.random_effect_prior]\nfamily = \"half_normal\"\nscale = 1.5\n"));
  const ps::AnalysisConfig& a = c.analyses[0];
  EXPECT_EQ(a.outcomes, (std::vector<std::string>{"who_d2", "who_d7"}));
  EXPECT_EQ(a.day_labels, (std::vector<std::string>{"2", "7"}));
  EXPECT_EQ(*a.absorbing_level, 10);
  EXPECT_EQ(a.after_death, ps::AfterDeath::drop);
  EXPECT_EQ(a.quadrature_nodes, 1);
  EXPECT_EQ(a.sd_prior.family, ps::PriorFamily::normal);
  EXPECT_EQ(a.sd_prior.b, 1.5);
  EXPECT_EQ(a.draws, 4000);
  EXPECT_EQ(a.warmup, 10);
  EXPECT_EQ(c.draws, 1000);
  EXPECT_EQ(c.resolved["analysis"][0]["draws"], 4000);
}

TEST_F(LongitudinalConfigTest, Misuses) {
  const std::string long_keys = "outcome = \"who\"\nid = \"id\"\nday = \"day\"\n";
  struct Case {
    std::string from, to, key;
  };
  const std::vector<Case> cases = {
      {long_keys, "outcome = [\"who_d2\", \"who_d7\"]\nid = \"id\"\n", "id"},           // wide with id
      {long_keys, "outcome = [\"who_d2\"]\n", "outcome"},                               // one day column
      {long_keys, "outcome = [\"a\", \"b\"]\ndays = [2]\n", "days"},                    // days count
      {long_keys, "outcome = [\"a\", \"b\"]\ndays = [7, 2]\n", "days"},                 // days order
      {"day = \"day\"\n", "day = \"day\"\ndays = [2, 7]\n", "days"},                    // days in long layout
      {"day = \"day\"\n", "", "id"},                                                     // (placeholder replaced below)
      {"treatment = \"treatment\"\n", "treatment = \"treatment\"\nquadrature_nodes = 0\n", "quadrature_nodes"},
      {"treatment = \"treatment\"\n", "treatment = \"treatment\"\nabsorbing_level = 11\n", "absorbing_level"},
      {"treatment = \"treatment\"\n", "treatment = \"treatment\"\nafter_death = \"drop\"\n", "after_death"},
      {"treatment = \"treatment\"\n", "treatment = \"treatment\"\nafter_death = \"keep\"\nabsorbing_level = 10\n",
       "after_death"},
      {"treatment = \"treatment\"\n",
       "treatment = \"treatment\"\n[analysis.random_effect_prior]\nfamily = \"half_cauchy\"\n", "family"},
      {"treatment = \"treatment\"\n",
       "treatment = \"treatment\"\n[analysis.random_effect_prior]\nfamily = \"half_normal\"\nscale = -1\n", "scale"},
      {"treatment = \"treatment\"\n", "treatment = \"treatment\"\ndraws = 10\nthin = 5\n", "thin"},
      {"treatment = \"treatment\"\n", "treatment = \"treatment\"\nties = \"efron\"\n", "ties"},
  };
  for (const Case& c : cases) {
    if (c.key == "id" && c.to.empty()) {  // long layout without id: reported at its table
      const std::string text = replaced(kLong, "id = \"id\"\n", "");
      expect_error(text, line_of(text, "[[analysis]]"), "analysis[0].id");
      continue;
    }
    const std::string text = replaced(kLong, c.from, c.to);
    const bool in_prior = c.key == "family" || c.key == "scale";
    expect_error(text, line_of(text, c.key + " ="),
                 std::string("analysis[0].") + (in_prior ? "random_effect_prior." : "") + c.key);
  }
}

}  // namespace

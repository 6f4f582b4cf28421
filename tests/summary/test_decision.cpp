// The protocol's decision rule (host/summary/decision.hpp) at both stages:
// efficacy first, then futility, otherwise "continue" at an interim and
// "inconclusive" at the final analysis; thresholds are strict (P must
// exceed the efficacy threshold, fall below the futility one).
#include <gtest/gtest.h>

#include "host/summary/decision.hpp"

namespace {

ps::DecisionRule rule(ps::DecisionStage stage, double efficacy) {
  ps::DecisionRule r;
  r.stage = stage;
  r.efficacy = efficacy;
  r.futility = 0.20;
  return r;
}

TEST(Decision, InterimAnalysis) {
  const ps::DecisionRule interim = rule(ps::DecisionStage::interim, 0.99);
  EXPECT_EQ(ps::decide(0.995, 0.90, interim), "efficacy");
  EXPECT_EQ(ps::decide(0.98, 0.90, interim), "continue");   // 98% is not enough at an interim
  EXPECT_EQ(ps::decide(0.60, 0.19, interim), "futility");
  EXPECT_EQ(ps::decide(0.60, 0.20, interim), "continue");   // strict: exactly 20% is not futile
  EXPECT_EQ(ps::decide(0.99, 0.50, interim), "continue");   // strict: exactly 99% is not efficacy
}

TEST(Decision, FinalAnalysis) {
  const ps::DecisionRule final_rule = rule(ps::DecisionStage::final_analysis, 0.95);
  EXPECT_EQ(ps::decide(0.98, 0.90, final_rule), "efficacy");
  EXPECT_EQ(ps::decide(0.612, 0.369, final_rule), "inconclusive");  // the paper's coprimary ARD
  EXPECT_EQ(ps::decide(0.40, 0.10, final_rule), "futility");
}

TEST(Decision, EfficacyWinsOverFutility) {
  // Possible only with a strange "moderate" threshold, but the order must be fixed.
  EXPECT_EQ(ps::decide(0.999, 0.01, rule(ps::DecisionStage::interim, 0.99)), "efficacy");
}

TEST(Decision, NoEffectByScale) {
  EXPECT_EQ(ps::no_effect(ps::EffectScale::ratio), 1.0);
  EXPECT_EQ(ps::no_effect(ps::EffectScale::difference), 0.0);
}

}  // namespace

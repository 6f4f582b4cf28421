// Stated priors (host/grid/stated_priors.hpp) and their grid expansion:
// every resolved normal prior is checked against the statement it came from
// by evaluating that statement with Boost's normal CDF (the independent
// reference): P(effect < threshold) = probability for normal_from_tail; for
// belief_grid the centre and the tail probability of its definition. Then
// the grid: labels, mean/sd columns, and the treatment x control product of
// per-arm Beta priors.
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "host/grid/prior_grid.hpp"
#include "host/grid/stated_priors.hpp"

namespace {

double normal_cdf(const ps::NormalPrior& p, double x) { return boost::math::cdf(boost::math::normal(p.mean, p.sd), x); }

TEST(StatedPriors, NormalFromTailMeetsItsStatement) {
  // "P(HR < 0.5) = 5%" with median HR 1.
  const ps::NormalPrior p = ps::normal_from_tail(1.0, 0.5, 0.05, ps::EffectScale::ratio);
  EXPECT_EQ(p.mean, 0.0);
  EXPECT_NEAR(normal_cdf(p, std::log(0.5)), 0.05, 1e-14);
  EXPECT_NEAR(p.sd, std::log(2.0) / 1.6448536269514722, 1e-14);
  // An upper-tail statement around an optimistic median: P(HR < 1.1) = 90%, median 0.8.
  const ps::NormalPrior q = ps::normal_from_tail(0.8, 1.1, 0.9, ps::EffectScale::ratio);
  EXPECT_NEAR(q.mean, std::log(0.8), 1e-15);
  EXPECT_NEAR(normal_cdf(q, std::log(1.1)), 0.9, 1e-14);
  // On a difference scale there is no log: P(ARD < -0.1) = 20%, median 0.
  const ps::NormalPrior d = ps::normal_from_tail(0.0, -0.1, 0.2, ps::EffectScale::difference);
  EXPECT_NEAR(normal_cdf(d, -0.1), 0.2, 1e-14);
  EXPECT_THROW(ps::normal_from_tail(1.0, 0.5, 0.95, ps::EffectScale::ratio), std::invalid_argument);
}

TEST(StatedPriors, BeliefGridMeetsItsDefinition) {
  const double effect = 0.7, d = std::log(effect);
  for (const char* strength : {"weak", "moderate", "strong"}) {
    const double p = ps::belief_tail_probability(strength);
    const ps::NormalPrior neutral = ps::belief_prior("neutral", strength, effect, ps::EffectScale::ratio);
    const ps::NormalPrior optimistic = ps::belief_prior("optimistic", strength, effect, ps::EffectScale::ratio);
    const ps::NormalPrior pessimistic = ps::belief_prior("pessimistic", strength, effect, ps::EffectScale::ratio);
    EXPECT_EQ(neutral.mean, 0.0);
    EXPECT_NEAR(normal_cdf(neutral, d), p, 1e-14) << strength;               // P(HR < effect) = p
    EXPECT_NEAR(optimistic.mean, d, 1e-15);
    EXPECT_NEAR(1.0 - normal_cdf(optimistic, 0.0), p, 1e-14) << strength;    // P(HR > 1) = p
    EXPECT_NEAR(pessimistic.mean, -d, 1e-15);
    EXPECT_NEAR(normal_cdf(pessimistic, 0.0), p, 1e-14) << strength;         // P(HR < 1) = p
  }
  EXPECT_EQ(ps::belief_tail_probability("weak"), 0.30);
  EXPECT_EQ(ps::belief_tail_probability("moderate"), 0.15);
  EXPECT_EQ(ps::belief_tail_probability("strong"), 0.05);
  // Stronger means narrower.
  EXPECT_GT(ps::belief_prior("neutral", "weak", effect, ps::EffectScale::ratio).sd,
            ps::belief_prior("neutral", "moderate", effect, ps::EffectScale::ratio).sd);
  // A risk difference of -5.5 points: no log.
  const ps::NormalPrior ard = ps::belief_prior("optimistic", "strong", -0.055, ps::EffectScale::difference);
  EXPECT_EQ(ard.mean, -0.055);
  EXPECT_NEAR(1.0 - normal_cdf(ard, 0.0), 0.05, 1e-14);
  EXPECT_THROW(ps::belief_prior("neutral", "weak", 1.2, ps::EffectScale::ratio), std::invalid_argument);
}

TEST(StatedPriors, GridLabelsAndResolvedColumns) {
  ps::PriorBlock belief{"belief_grid", {{"effect", {0.5, 0.8}}}, {"neutral", "optimistic"}, {"weak", "strong"}};
  ps::PriorBlock tail{"normal_from_tail", {{"median", {1.0}}, {"threshold", {0.5}}, {"probability", {0.05}}}};
  const ps::PriorGrid grid = ps::expand_prior_grid({belief, tail}, ps::EffectScale::ratio);
  ASSERT_EQ(grid.points.size(), 2u * 2 * 2 + 1);
  EXPECT_EQ(grid.param_names, (std::vector<std::string>{"effect", "mean", "sd", "median", "threshold", "probability"}));
  EXPECT_TRUE(grid.has_labels());
  // effect slowest, then belief, then strength.
  EXPECT_EQ(grid.points[0].label, "neutral-weak");
  EXPECT_EQ(grid.points[1].label, "neutral-strong");
  EXPECT_EQ(grid.points[2].label, "optimistic-weak");
  EXPECT_EQ(grid.value(grid.points[4], "effect"), 0.8);
  for (const auto& p : grid.points) {
    EXPECT_EQ(p.family, "normal");
    EXPECT_EQ(p.prior.family, ps::PriorFamily::normal);
    EXPECT_EQ(p.prior.a, grid.value(p, "mean"));
    EXPECT_EQ(p.prior.b, grid.value(p, "sd"));
  }
  const ps::GridPoint& last = grid.points.back();
  EXPECT_TRUE(last.label.empty());
  EXPECT_TRUE(std::isnan(grid.value(last, "effect")));
  EXPECT_NEAR(grid.value(last, "sd"), std::log(2.0) / 1.6448536269514722, 1e-14);
}

TEST(StatedPriors, PerArmBetaGridIsTheProductTreatmentSlowest) {
  ps::PriorBlock treatment{"beta", {{"a", {1.0, 2.0}}, {"b", {1.0}}}};
  ps::PriorBlock control{"beta", {{"a", {10.0, 20.0, 30.0}}, {"b", {40.0}}}};
  const ps::PriorGrid grid = ps::expand_prior_grid({treatment}, ps::EffectScale::difference, {control});
  ASSERT_EQ(grid.points.size(), 6u);
  EXPECT_EQ(grid.param_names, (std::vector<std::string>{"a", "b", "control_a", "control_b"}));
  EXPECT_EQ(grid.points[0].param_values, (std::vector<double>{1, 1, 10, 40}));
  EXPECT_EQ(grid.points[2].param_values, (std::vector<double>{1, 1, 30, 40}));
  EXPECT_EQ(grid.points[3].param_values, (std::vector<double>{2, 1, 10, 40}));
  EXPECT_FALSE(grid.has_labels());
  EXPECT_EQ(grid.points[5].family, "beta");
}

}  // namespace

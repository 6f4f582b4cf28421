// poisson_rate_ratio: the closed form on paper, R's glm, the CORIMUNO-ANA-1
// published p-values and the zero-event edge cases.
//
// R reference: scripts/r_reference/frequentist_reference.R (R 4.2.2), output
// in scripts/r_reference/frequentist_reference.out. The R call is
//   d <- data.frame(arm = c(0, 1), events = c(ec, et), exposure = c(Ec, Et))
//   g <- glm(events ~ arm + offset(log(exposure)), family = poisson, data = d,
//            control = glm.control(epsilon = 1e-12, maxit = 100))
//   summary(g)$coefficients["arm", ]; exp(coef(g)["arm"]);
//   exp(confint.default(g)["arm", ]); logLik(g)
// glm's IRLS stops a hair short of the closed-form MLE (its SE differs from
// sqrt(1/e_t + 1/e_c) in the 12th digit), well inside the 1e-8 tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "frequentist/frequentist_test_support.hpp"
#include "host/frequentist/poisson_rate.hpp"

namespace ps {
namespace {

using frequentist_test::expect_rel;
using frequentist_test::round_to;

struct PoissonReference {
  const char* name;
  double et, Et, ec, Ec;
  double coef, se, z, p, rate_ratio, lower, upper, loglik;
};

// Pasted from frequentist_reference.out ("## poisson <name>").
const std::vector<PoissonReference>& references() {
  static const std::vector<PoissonReference> refs{
      {"corimuno_a", 113, 59, 60, 55, 0.56283899781699132, 0.15973798605458217, 3.5235137973047332,
       0.00042586492365836185, 1.7556497175141241, 1.2837151029198637, 2.4010825482979756, -6.2508695941081402},
      {"corimuno_b", 42, 59, 28, 55, 0.33526084943491591, 0.24397501823546414, 1.3741605671747521,
       0.16939183968764121, 1.3983050847457628, 0.86682219893329793, 2.2556610945496938, -5.377774284119428},
      {"unequal", 7, 123.5, 19, 210.25, -0.46647268732610103, 0.44214106468800468, -1.0550313566898968,
       0.29141098396527376, 0.62721073939910543, 0.26367097756801106, 1.4919856377295109, -4.2993339007153466},
  };
  return refs;
}

TEST(PoissonRate, MatchesRGlm) {
  for (const PoissonReference& ref : references()) {
    SCOPED_TRACE(ref.name);
    const PoissonRateResult r = poisson_rate_ratio(ref.et, ref.Et, ref.ec, ref.Ec);
    expect_rel(r.log_rate_ratio, ref.coef, 1e-8, "log rate ratio");
    expect_rel(r.se, ref.se, 1e-8, "se");
    expect_rel(r.z, ref.z, 1e-8, "z");
    expect_rel(r.p_value, ref.p, 1e-8, "p");
    expect_rel(r.rate_ratio, ref.rate_ratio, 1e-8, "rate ratio");
    expect_rel(r.lower95, ref.lower, 1e-8, "lower95");
    expect_rel(r.upper95, ref.upper, 1e-8, "upper95");
    expect_rel(r.loglik, ref.loglik, 1e-8, "loglik");
  }
}

// CORIMUNO-ANA-1 as published: p = 0.0004 for 113 vs 60 events and p = 0.17
// for 42 vs 28, exposures 59 vs 55 patients.
TEST(PoissonRate, CorimunoPublishedPValues) {
  EXPECT_EQ(round_to(poisson_rate_ratio(113, 59, 60, 55).p_value, 4), 0.0004);
  EXPECT_EQ(round_to(poisson_rate_ratio(42, 59, 28, 55).p_value, 2), 0.17);
}

// On paper: 113 events in 59 vs 60 in 55: rates 113/59 and 60/55, so
// log RR = log((113 * 55) / (59 * 60)) = log(6215 / 3540), SE = sqrt(1/113 + 1/60),
// CI = RR exp(-/+ 1.959963984540054 SE); the saturated log-likelihood is
// sum e log e - e - log(e!).
TEST(PoissonRate, ClosedFormOnPaper) {
  const PoissonRateResult r = poisson_rate_ratio(113, 59, 60, 55);
  EXPECT_NEAR(r.rate_ratio, 6215.0 / 3540.0, 1e-14);
  EXPECT_NEAR(r.log_rate_ratio, std::log(6215.0 / 3540.0), 1e-14);
  EXPECT_NEAR(r.se, std::sqrt(1.0 / 113 + 1.0 / 60), 1e-15);
  EXPECT_NEAR(r.z, r.log_rate_ratio / r.se, 1e-14);
  EXPECT_NEAR(r.p_value, std::erfc(std::fabs(r.z) / std::sqrt(2.0)), 1e-15);
  EXPECT_NEAR(r.lower95, r.rate_ratio * std::exp(-1.959963984540054 * r.se), 1e-13);
  EXPECT_NEAR(r.upper95, r.rate_ratio * std::exp(1.959963984540054 * r.se), 1e-13);
  const auto ll = [](double e) { return e * std::log(e) - e - std::lgamma(e + 1.0); };
  EXPECT_NEAR(r.loglik, ll(113) + ll(60), 1e-11);
  // Exposures scale the rates, not the SE; equal rates give RR 1 and p 1.
  const PoissonRateResult equal = poisson_rate_ratio(20, 10, 40, 20);
  EXPECT_NEAR(equal.rate_ratio, 1.0, 1e-15);
  EXPECT_NEAR(equal.p_value, 1.0, 1e-12);
  EXPECT_NEAR(equal.se, std::sqrt(1.0 / 20 + 1.0 / 40), 1e-15);
}

// Zero events in an arm: infinite MLE, reported as such (no correction);
// the Wald SE, z, p and CI are undefined (NaN); the log-likelihood is finite.
TEST(PoissonRate, ZeroEventsGiveInfiniteEstimate) {
  const PoissonRateResult t0 = poisson_rate_ratio(0, 10, 5, 10);
  EXPECT_EQ(t0.log_rate_ratio, -INFINITY);
  EXPECT_EQ(t0.rate_ratio, 0.0);
  EXPECT_TRUE(std::isnan(t0.se));
  EXPECT_TRUE(std::isnan(t0.z));
  EXPECT_TRUE(std::isnan(t0.p_value));
  EXPECT_TRUE(std::isnan(t0.lower95));
  EXPECT_TRUE(std::isnan(t0.upper95));
  EXPECT_NEAR(t0.loglik, 5 * std::log(5.0) - 5 - std::lgamma(6.0), 1e-13);

  const PoissonRateResult c0 = poisson_rate_ratio(5, 10, 0, 10);
  EXPECT_EQ(c0.log_rate_ratio, INFINITY);
  EXPECT_EQ(c0.rate_ratio, INFINITY);
  EXPECT_TRUE(std::isnan(c0.se));
  EXPECT_TRUE(std::isnan(c0.p_value));

  const PoissonRateResult none = poisson_rate_ratio(0, 10, 0, 10);
  EXPECT_TRUE(std::isnan(none.log_rate_ratio));
  EXPECT_TRUE(std::isnan(none.rate_ratio));
  EXPECT_TRUE(std::isnan(none.p_value));
  EXPECT_EQ(none.loglik, 0.0);
}

// A single patient per arm with one event each: RR = ratio of exposures.
TEST(PoissonRate, SingleEventPerArm) {
  const PoissonRateResult r = poisson_rate_ratio(1, 2.0, 1, 4.0);
  EXPECT_NEAR(r.rate_ratio, 2.0, 1e-15);
  EXPECT_NEAR(r.se, std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(r.loglik, -2.0, 1e-15);  // 2 * (1 log 1 - 1 - log 1!)
}

TEST(PoissonRate, RejectsInvalidInput) {
  EXPECT_THROW(poisson_rate_ratio(-1, 10, 5, 10), std::invalid_argument);
  EXPECT_THROW(poisson_rate_ratio(1.5, 10, 5, 10), std::invalid_argument);
  EXPECT_THROW(poisson_rate_ratio(1, 0, 5, 10), std::invalid_argument);
  EXPECT_THROW(poisson_rate_ratio(1, 10, 5, -2), std::invalid_argument);
  EXPECT_THROW(poisson_rate_ratio(NAN, 10, 5, 10), std::invalid_argument);
  EXPECT_THROW(poisson_rate_ratio(1, INFINITY, 5, 10), std::invalid_argument);
}

}  // namespace
}  // namespace ps

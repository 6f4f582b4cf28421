// log_rank_test: a hand-computed case, R's survival::survdiff on aml, lung and
// veteran (with and without strata) and the edge cases.
//
// R reference: scripts/r_reference/frequentist_reference.R (R 4.2.2, survival
// 3.5.3), output in scripts/r_reference/frequentist_reference.out, which also
// wrote the fixtures tests/fixtures/aml.csv (group 1 = Maintained), lung.csv
// (group = sex - 1) and veteran.csv (group = trt - 1, stratum = celltype code).
// The R calls are, for d <- read.csv(<fixture>),
//   sd <- survdiff(Surv(time, event) ~ group, data = d)
//   sd <- survdiff(Surv(time, event) ~ group + strata(stratum), data = d)   # veteran
//   sd$obs, sd$exp, sd$var, sd$chisq, sd$pvalue (pchisq(chisq, 1, lower.tail = FALSE)),
//   and Peto (O1 - E1) / sd$var[2, 2], 1 / sqrt(sd$var[2, 2]).
// Stratified obs/exp print as a 2 x 4 matrix (column-major: group within stratum);
// we check their sums over strata.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "frequentist/frequentist_test_support.hpp"
#include "host/frequentist/logrank.hpp"

namespace ps {
namespace {

using frequentist_test::expect_rel;
using frequentist_test::read_survival_fixture;

struct LogRankReference {
  const char* name;
  const char* fixture;
  bool stratified;
  std::vector<double> obs, exp;  // as printed: per group, or group-within-stratum
  double var;                    // sd$var[2, 2]
  double chisq, pvalue, peto, peto_se;
};

// Pasted from frequentist_reference.out ("## logrank <name>").
const std::vector<LogRankReference>& references() {
  static const std::vector<LogRankReference> refs{
      {"aml ~ group", "aml.csv", false, {11, 7}, {7.3106640076992759, 10.689335992300725},
       4.0075507459387349, 3.3963886989776011, 0.065339322040505132, -0.92059620106857287, 0.49952874545959497},
      {"lung ~ group", "lung.csv", false, {112, 53}, {91.581739029572802, 73.418260970427212},
       40.371433979642653, 10.326741954885632, 0.0013111645203554882, -0.50576011198222848, 0.15738484553677992},
      {"veteran ~ group", "veteran.csv", false, {64, 64}, {64.500196663600903, 63.499803336399083},
       30.410388399258864, 0.0082273432023507696, 0.92772723334007379, 0.016448216873583488, 0.18133808141759702},
      {"veteran ~ group + strata(stratum)", "veteran.csv", true, {13, 18, 28, 17, 9, 17, 14, 12},
       {9.2246192127822066, 21.775380787217792, 32.310759547286935, 12.689240452713056, 10.140700445775492,
        15.859299554224505, 16.53147377102788, 9.4685262289721148},
       25.22788727930244, 0.70174334684431949, 0.40219852378067422, 0.16678182085919305, 0.19909463583161921},
  };
  return refs;
}

// Sum per group over the group-within-stratum layout.
double group_total(const std::vector<double>& v, std::size_t group) {
  double s = 0.0;
  for (std::size_t i = group; i < v.size(); i += 2) s += v[i];
  return s;
}

TEST(LogRank, MatchesRSurvdiff) {
  for (const LogRankReference& ref : references()) {
    SCOPED_TRACE(ref.name);
    const frequentist_test::SurvivalFixture f = read_survival_fixture(ref.fixture);
    const LogRankResult r =
        log_rank_test(f.time, f.event, f.group, ref.stratified ? f.stratum : std::vector<int>{});
    for (std::size_t g = 0; g < 2; ++g) {
      expect_rel(r.observed[g], group_total(ref.obs, g), 1e-12, "observed");
      expect_rel(r.expected[g], group_total(ref.exp, g), 1e-8, "expected");
    }
    expect_rel(r.variance, ref.var, 1e-8, "variance");
    expect_rel(r.chi_square, ref.chisq, 1e-8, "chisq");
    expect_rel(r.p_value, ref.pvalue, 1e-8, "p");
    expect_rel(r.log_hazard_ratio, ref.peto, 1e-8, "Peto log HR");
    expect_rel(r.se_log_hazard_ratio, ref.peto_se, 1e-8, "Peto SE");
  }
}

// On paper: times 1, 2, 2, 3, 4, events 1, 1, 0, 1, 1, groups 0, 1, 0, 1, 0.
//   t=1: n=5, n1=2, d=1 -> E1 += 2/5, V += 1 * 2/5 * 3/5 * 4/4 = 0.24
//   t=2: n=4, n1=2, d=1 -> E1 += 1/2, V += 1/4                      (the censored
//        patient at 2 is at risk at 2)
//   t=3: n=2, n1=1, d=1 -> E1 += 1/2, V += 1/4
//   t=4: n=1, n1=0, d=1 -> E1 += 0,   V += 0 (n = 1)
// O1 = 2, E1 = 1.4, V = 0.74, chisq = 0.36 / 0.74, Peto = 0.6 / 0.74. R's survdiff
// gives the same (frequentist_reference.out, "## logrank hand ...":
// chisq 0.48648648648648662, pvalue 0.4854988026442823).
TEST(LogRank, HandComputed) {
  const LogRankResult r = log_rank_test({1, 2, 2, 3, 4}, {1, 1, 0, 1, 1}, {0, 1, 0, 1, 0});
  EXPECT_EQ(r.observed[0], 2.0);
  EXPECT_EQ(r.observed[1], 2.0);
  EXPECT_NEAR(r.expected[1], 1.4, 1e-15);
  EXPECT_NEAR(r.expected[0], 2.6, 1e-15);
  EXPECT_NEAR(r.variance, 0.74, 1e-15);
  EXPECT_NEAR(r.chi_square, 0.36 / 0.74, 1e-14);
  expect_rel(r.p_value, 0.4854988026442823, 1e-8, "p");
  EXPECT_NEAR(r.log_hazard_ratio, 0.6 / 0.74, 1e-14);
  EXPECT_NEAR(r.se_log_hazard_ratio, 1.0 / std::sqrt(0.74), 1e-14);
}

// Strata: the same data given as one stratum or with constant codes is the
// unstratified test; splitting into strata sums per-stratum O, E and V.
TEST(LogRank, StrataSumPerStratumStatistics) {
  const std::vector<double> time{1, 2, 2, 3, 4, 5, 6, 6, 8, 9};
  const std::vector<int> event{1, 1, 0, 1, 1, 1, 0, 1, 1, 0};
  const std::vector<int> group{0, 1, 0, 1, 0, 1, 1, 0, 1, 0};
  const std::vector<int> stratum{7, 7, 7, 7, 7, -3, -3, -3, -3, -3};
  const LogRankResult plain = log_rank_test(time, event, group);
  const LogRankResult constant = log_rank_test(time, event, group, std::vector<int>(10, 4));
  EXPECT_EQ(plain.chi_square, constant.chi_square);
  const LogRankResult strat = log_rank_test(time, event, group, stratum);
  const auto part = [&](int s) {
    std::vector<double> t;
    std::vector<int> e, g;
    for (std::size_t i = 0; i < time.size(); ++i) {
      if (stratum[i] != s) continue;
      t.push_back(time[i]);
      e.push_back(event[i]);
      g.push_back(group[i]);
    }
    return log_rank_test(t, e, g);
  };
  const LogRankResult a = part(7), b = part(-3);
  EXPECT_NEAR(strat.expected[1], a.expected[1] + b.expected[1], 1e-14);
  EXPECT_NEAR(strat.variance, a.variance + b.variance, 1e-14);
  EXPECT_EQ(strat.observed[1], a.observed[1] + b.observed[1]);
  const double oe = strat.observed[1] - strat.expected[1];
  EXPECT_NEAR(strat.chi_square, oe * oe / strat.variance, 1e-14);
}

// No information (V = 0): no events at all, a single patient, or one group
// only. chisq, p and the Peto estimate are NaN (R: chisq 0 with df <= 0, or an
// error for a single group).
TEST(LogRank, NoInformationGivesNaN) {
  const LogRankResult none = log_rank_test({1, 2, 3, 4}, {0, 0, 0, 0}, {0, 1, 0, 1});
  EXPECT_EQ(none.observed[0] + none.observed[1], 0.0);
  EXPECT_EQ(none.variance, 0.0);
  EXPECT_TRUE(std::isnan(none.chi_square));
  EXPECT_TRUE(std::isnan(none.p_value));
  EXPECT_TRUE(std::isnan(none.log_hazard_ratio));
  EXPECT_TRUE(std::isnan(none.se_log_hazard_ratio));

  const LogRankResult single = log_rank_test({3}, {1}, {1});
  EXPECT_EQ(single.observed[1], 1.0);
  EXPECT_EQ(single.expected[1], 1.0);
  EXPECT_TRUE(std::isnan(single.chi_square));

  const LogRankResult one_group = log_rank_test({1, 2, 3}, {1, 1, 1}, {0, 0, 0});
  EXPECT_EQ(one_group.expected[0], 3.0);
  EXPECT_TRUE(std::isnan(one_group.p_value));
}

// Everyone dies at the same time: one event time, n = 4, n1 = 2, d = 4:
// E1 = 2, V = 4 * 1/2 * 1/2 * 0/3 = 0 -> no information either.
TEST(LogRank, AllEventsAtOneTime) {
  const LogRankResult r = log_rank_test({5, 5, 5, 5}, {1, 1, 1, 1}, {0, 1, 0, 1});
  EXPECT_EQ(r.expected[1], 2.0);
  EXPECT_EQ(r.variance, 0.0);
  EXPECT_TRUE(std::isnan(r.chi_square));
}

TEST(LogRank, RejectsInvalidInput) {
  EXPECT_THROW(log_rank_test({1, 2}, {1}, {0, 1}), std::invalid_argument);
  EXPECT_THROW(log_rank_test({1, 2}, {1, 0}, {0, 2}), std::invalid_argument);
  EXPECT_THROW(log_rank_test({1, 2}, {1, 3}, {0, 1}), std::invalid_argument);
  EXPECT_THROW(log_rank_test({1, 2}, {1, 0}, {0, 1}, {1}), std::invalid_argument);
  EXPECT_THROW(log_rank_test({1, INFINITY}, {1, 0}, {0, 1}), std::invalid_argument);
}

}  // namespace
}  // namespace ps

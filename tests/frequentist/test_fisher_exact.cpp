// fisher_exact_test: hand-enumerated tables, R's stats::fisher.test, the
// CORIMUNO-ANA-1 published p-values and the edge cases.
//
// R reference: scripts/r_reference/frequentist_reference.R (R 4.2.2), output
// in scripts/r_reference/frequentist_reference.out. The R call is
//   fisher.test(matrix(c(et, nt - et, ec, nc - ec), 2, byrow = TRUE))
// (rows = arms, columns = event / no event) and, because fisher.test finds the
// MLE and CI limits with uniroot's default tol (.Machine$double.eps^0.25,
// absolute, on OR below 1 and on 1/OR above 1), "tight" = the same algorithm
// copied from fisher.test with uniroot(tol = 1e-15) (fisher_tight in the script).
// p-values are compared with fisher.test to 1e-8 relative; the estimate and CI
// with "tight" to 1e-8 and with fisher.test to its uniroot tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "frequentist/frequentist_test_support.hpp"
#include "host/frequentist/fisher_exact.hpp"

namespace ps {
namespace {

using frequentist_test::expect_rel;
using frequentist_test::round_to;

constexpr double kInf = std::numeric_limits<double>::infinity();

// fisher.test's uniroot works on t = OR in (0, 1) or on t = 1/OR in (eps, 1)
// with absolute tol 1.22e-4: compare on that scale (a little slack for Brent).
void expect_within_uniroot_tol(double ours, double r, const std::string& what) {
  if (r == 0.0 || std::isinf(r)) {
    EXPECT_EQ(ours, r) << what;
  } else if (r < 1.0) {
    EXPECT_NEAR(ours, r, 1.3e-4) << what;
  } else {
    EXPECT_NEAR(1.0 / ours, 1.0 / r, 1.3e-4) << what;
  }
}

struct FisherReference {
  const char* name;
  TwoByTwo table;
  double p_value;                  // fisher.test(...)$p.value
  double estimate, lower, upper;   // fisher.test(...)$estimate, $conf.int
  double t_estimate, t_lower, t_upper;  // fisher_tight(...)
  double lower90, upper90;         // fisher.test(..., conf.level = 0.90)$conf.int
  double t_lower90, t_upper90;     // fisher_tight(..., 0.90)
};

// Pasted from frequentist_reference.out ("## fisher <name> (et, nt, ec, nc)").
const std::vector<FisherReference>& references() {
  static const std::vector<FisherReference> refs{
      {"corimuno_a", {29, 59, 23, 55}, 0.45727308674664646,
       1.3414061136152255, 0.60186133883856419, 3.0126781843675032,
       1.3414251802384582, 0.60186519469187683, 3.0125722268185178,
       0.67692481728958465, 2.6719379801771126, 0.67692613899286047, 2.6718455657298579},
      {"corimuno_b", {27, 59, 21, 55}, 0.45173168824464405,
       1.3623083395437043, 0.60645089316199907, 3.0883496944138131,
       1.3623279436289091, 0.60645449627265147, 3.0881818877373903,
       0.68275899960769293, 2.7349311045435605, 0.68276015455002581, 2.7348988815403446},
      {"small", {3, 5, 1, 4}, 0.52380952380952395,
       3.7641946237707224, 0.14979979162576953, 312.5621394950096,
       3.7640064541208247, 0.14980345971640993, 313.49443703144397,
       0.21982726544214018, 153.48958180150856, 0.21983770823838103, 153.48867860420052},
      {"zero_cell", {0, 10, 5, 10}, 0.032507739938080538,
       0, 0, 0.83654284250200173,
       0, 0, 0.8365217939177364,
       0, 0.60760690398919326, 0, 0.60760664891569938},
      {"full_cell", {10, 10, 5, 10}, 0.032507739938080538,
       kInf, 1.1953960385449205, kInf,
       kInf, 1.1954261171327474, kInf,
       1.6458009173934363, kInf, 1.6458016083012652, kInf},
      {"all_events", {59, 59, 55, 55}, 1, 0, 0, kInf, 0, 0, kInf, 0, kInf, 0, kInf},
      {"no_events", {0, 59, 0, 55}, 1, 0, 0, kInf, 0, 0, kInf, 0, kInf, 0, kInf},
      {"large", {1500, 3000, 1400, 3000}, 0.010534027832066037,
       1.1428287484860922, 1.0313692051369321, 1.2663877132282344,
       1.1428316897521238, 1.0313677743796299, 1.2663984608853074,
       1.048269760494082, 1.245925032552492, 1.0482965324731093, 1.2459260667910548},
      {"large_skew", {12, 4000, 30, 3500}, 0.0016109711968947187,
       0.34809061870488678, 0.16205309061212336, 0.70144406164025486,
       0.34809062781676264, 0.16204390593772572, 0.70141460216396312,
       0.18289780744459308, 0.63487109259552921, 0.1829095260800897, 0.63486872673697992},
  };
  return refs;
}

TEST(FisherExact, MatchesR) {
  for (const FisherReference& ref : references()) {
    SCOPED_TRACE(ref.name);
    const FisherExactResult r = fisher_exact_test(ref.table);
    expect_rel(r.p_value, ref.p_value, 1e-8, "p");
    expect_rel(r.odds_ratio, ref.t_estimate, 1e-8, "odds ratio vs tight");
    expect_rel(r.lower, ref.t_lower, 1e-8, "lower vs tight");
    expect_rel(r.upper, ref.t_upper, 1e-8, "upper vs tight");
    expect_within_uniroot_tol(r.odds_ratio, ref.estimate, "odds ratio vs fisher.test");
    expect_within_uniroot_tol(r.lower, ref.lower, "lower vs fisher.test");
    expect_within_uniroot_tol(r.upper, ref.upper, "upper vs fisher.test");

    const FisherExactResult r90 = fisher_exact_test(ref.table, 0.90);
    expect_rel(r90.p_value, ref.p_value, 1e-8, "p (0.90)");
    expect_rel(r90.lower, ref.t_lower90, 1e-8, "lower 0.90 vs tight");
    expect_rel(r90.upper, ref.t_upper90, 1e-8, "upper 0.90 vs tight");
    expect_within_uniroot_tol(r90.lower, ref.lower90, "lower 0.90 vs fisher.test");
    expect_within_uniroot_tol(r90.upper, ref.upper90, "upper 0.90 vs fisher.test");
  }
}

// CORIMUNO-ANA-1 as published: p = 0.46 for 29/59 vs 23/55 and p = 0.45 for 27/59 vs 21/55.
TEST(FisherExact, CorimunoPublishedPValues) {
  EXPECT_EQ(round_to(fisher_exact_test({29, 59, 23, 55}).p_value, 2), 0.46);
  EXPECT_EQ(round_to(fisher_exact_test({27, 59, 21, 55}).p_value, 2), 0.45);
}

// 3/5 vs 1/4 on paper: margins events m = 4, non-events n = 5, treatment k = 5,
// so X (treatment events) ranges over 0..4 with null weights
// choose(4, x) choose(5, 5 - x) = 1, 20, 60, 40, 5 (sum 126 = choose(9, 5)).
// Observed x = 3 (weight 40): the tables at most as likely are x = 0, 1, 3, 4,
// so p = (1 + 20 + 40 + 5) / 126 = 66 / 126. The MLE solves E[X; OR] = 3 and
// the CI limits P(X >= 3; lower) = 0.025 and P(X <= 3; upper) = 0.025 under
// weights w_x OR^x, checked here directly on the five tables.
TEST(FisherExact, SmallTableEnumeratedByHand) {
  const FisherExactResult r = fisher_exact_test({3, 5, 1, 4});
  EXPECT_NEAR(r.p_value, 66.0 / 126.0, 1e-14);
  const std::vector<double> w{1, 20, 60, 40, 5};
  const auto dist = [&](double odds_ratio) {
    std::vector<double> p(5);
    double s = 0.0;
    for (int x = 0; x < 5; ++x) s += p[x] = w[x] * std::pow(odds_ratio, x);
    for (double& v : p) v /= s;
    return p;
  };
  const std::vector<double> at_mle = dist(r.odds_ratio);
  double mean = 0.0;
  for (int x = 0; x < 5; ++x) mean += x * at_mle[x];
  EXPECT_NEAR(mean, 3.0, 1e-12);
  const std::vector<double> at_lower = dist(r.lower);
  EXPECT_NEAR(at_lower[3] + at_lower[4], 0.025, 1e-12);
  const std::vector<double> at_upper = dist(r.upper);
  EXPECT_NEAR(at_upper[0] + at_upper[1] + at_upper[2] + at_upper[3], 0.025, 1e-12);
}

// A zero cell: 0/10 vs 5/10. X ranges over 0..5 (5 events) and the null is
// symmetric about 2.5, so p = 2 P(X = 0) = 2 choose(15, 10) / choose(20, 10)
// = 2 * 3003 / 184756. X = 0 is the bottom of the support: OR = 0, lower = 0.
// Swapping the arms mirrors it: OR = Inf, upper = Inf, lower = 1 / upper.
TEST(FisherExact, ZeroCellGivesEdgeEstimates) {
  const FisherExactResult r = fisher_exact_test({0, 10, 5, 10});
  EXPECT_NEAR(r.p_value, 2.0 * 3003.0 / 184756.0, 1e-14);
  EXPECT_EQ(r.odds_ratio, 0.0);
  EXPECT_EQ(r.lower, 0.0);
  EXPECT_GT(r.upper, 0.0);
  const FisherExactResult m = fisher_exact_test({5, 10, 0, 10});
  EXPECT_NEAR(m.p_value, r.p_value, 1e-14);
  EXPECT_EQ(m.odds_ratio, kInf);
  EXPECT_EQ(m.upper, kInf);
  EXPECT_NEAR(m.lower, 1.0 / r.upper, 1e-10 * m.lower);
}

// Margins that allow a single table (every patient an event, or none, or an
// empty arm): R's fisher.test gives p = 1, OR = 0 (it checks x == lo first)
// and CI (0, Inf).
TEST(FisherExact, DegenerateMarginsAsR) {
  for (const TwoByTwo t : {TwoByTwo{59, 59, 55, 55}, TwoByTwo{0, 59, 0, 55}, TwoByTwo{0, 0, 3, 7},
                           TwoByTwo{1, 1, 0, 0}}) {
    const FisherExactResult r = fisher_exact_test(t);
    EXPECT_EQ(r.p_value, 1.0);
    EXPECT_EQ(r.odds_ratio, 0.0);
    EXPECT_EQ(r.lower, 0.0);
    EXPECT_EQ(r.upper, kInf);
  }
}

// Swapping the arms inverts the odds ratio and its CI and keeps p.
TEST(FisherExact, ArmSwapInvertsOddsRatio) {
  const FisherExactResult a = fisher_exact_test({1500, 3000, 1400, 3000});
  const FisherExactResult b = fisher_exact_test({1400, 3000, 1500, 3000});
  EXPECT_NEAR(b.p_value, a.p_value, 1e-12);
  EXPECT_NEAR(b.odds_ratio, 1.0 / a.odds_ratio, 1e-12);
  EXPECT_NEAR(b.lower, 1.0 / a.upper, 1e-12);
  EXPECT_NEAR(b.upper, 1.0 / a.lower, 1e-12);
}

// Totals far beyond what factorials in linear space could hold.
TEST(FisherExact, HugeTablesStayFinite) {
  const FisherExactResult r = fisher_exact_test({25000, 100000, 24000, 100000});
  EXPECT_TRUE(std::isfinite(r.p_value));
  EXPECT_GT(r.p_value, 0.0);
  EXPECT_LT(r.p_value, 1e-5);
  EXPECT_LT(r.lower, r.odds_ratio);
  EXPECT_LT(r.odds_ratio, r.upper);
  // The unconditional sample odds ratio is within a hair of the conditional MLE here.
  EXPECT_NEAR(r.odds_ratio, (25000.0 / 75000.0) / (24000.0 / 76000.0), 1e-4);
}

TEST(FisherExact, RejectsImpossibleTables) {
  EXPECT_THROW(fisher_exact_test({-1, 5, 1, 5}), std::invalid_argument);
  EXPECT_THROW(fisher_exact_test({6, 5, 1, 5}), std::invalid_argument);
  EXPECT_THROW(fisher_exact_test({1, 5, 6, 5}), std::invalid_argument);
  EXPECT_THROW(fisher_exact_test({1, 5, 1, 5}, 1.0), std::invalid_argument);
  EXPECT_THROW(fisher_exact_test({1, 5, 1, 5}, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace ps

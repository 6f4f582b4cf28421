// kaplan_meier, survival_at and median_survival: hand-computed curves, R's
// survival::survfit on the aml and lung data and the edge cases.
//
// R reference: scripts/r_reference/frequentist_reference.R (R 4.2.2, survival
// 3.5.3), output in scripts/r_reference/frequentist_reference.out, which also
// wrote the fixtures tests/fixtures/aml.csv (survival::aml, group 1 =
// Maintained) and tests/fixtures/lung.csv (survival::lung, event = status - 1).
// For each data set d the R calls are
//   fit <- survfit(Surv(time, event) ~ 1, data = d)   # conf.type = "log", 0.95
//   fit$time, fit$n.risk, fit$n.event, fit$n.censor, fit$surv,
//   fit$std.err (SE of log S), fit$lower, fit$upper;
//   s <- summary(fit, times = <at>, extend = TRUE): s$n.risk, s$surv,
//   s$std.err (SE of S), s$lower, s$upper;
//   summary(fit)$table[c("median", "0.95LCL", "0.95UCL")]   # = print(fit)
// (for "aml group == 1": d = subset(aml_df, group == 1); the small cases are
// survfit(Surv(c(...), c(...)) ~ 1) on the listed vectors). The lung curve has
// 186 times and is checked through summary() at six times plus its size.
// R's NA is NaN here. Values are compared to 1e-8 relative (medians to 1e-12).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "frequentist/frequentist_test_support.hpp"
#include "host/frequentist/kaplan_meier.hpp"

namespace ps {
namespace {

using frequentist_test::expect_rel;
using frequentist_test::read_survival_fixture;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct KmInput {
  std::vector<double> time;
  std::vector<int> event;
};

// A fixture's (time, event), optionally only the patients of one group.
KmInput fixture_input(const std::string& file, int only_group = -1) {
  const frequentist_test::SurvivalFixture f = read_survival_fixture(file);
  KmInput in;
  for (std::size_t i = 0; i < f.time.size(); ++i) {
    if (only_group >= 0 && f.group[i] != only_group) continue;
    in.time.push_back(f.time[i]);
    in.event.push_back(f.event[i]);
  }
  return in;
}

struct KmReference {
  const char* name;
  KmInput input;
  // fit$...; left empty where not pasted (lung)
  std::vector<double> time;
  std::vector<long long> n_risk, n_event, n_censor;
  std::vector<double> surv, se_log_surv, lower, upper;
  // summary(fit, times = at, extend = TRUE)
  std::vector<double> at;
  std::vector<long long> at_n_risk;
  std::vector<double> at_surv, at_std_err, at_lower, at_upper;
  std::vector<double> median;  // median, 0.95LCL, 0.95UCL
};

// Pasted from frequentist_reference.out ("## km <name>").
const std::vector<KmReference>& references() {
  static const std::vector<KmReference> refs{
      {"aml (all)", fixture_input("aml.csv"),
       {5, 8, 9, 12, 13, 16, 18, 23, 27, 28, 30, 31, 33, 34, 43, 45, 48, 161},
       {23, 21, 19, 18, 17, 15, 14, 13, 11, 10, 9, 8, 7, 6, 5, 4, 2, 1},
       {2, 2, 1, 1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0},
       {0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1},
       {0.91304347826086951, 0.82608695652173914, 0.78260869565217384, 0.73913043478260865, 0.69565217391304346, 0.69565217391304346, 0.64596273291925466, 0.54658385093167705, 0.49689440993788819, 0.49689440993788819, 0.4416839199447895, 0.38647342995169082, 0.33126293995859213, 0.27605244996549344, 0.22084195997239475, 0.16563146997929606, 0.082815734989648032, 0.082815734989648032},
       {0.064348945208778693, 0.095672974646987971, 0.1098967455659645, 0.12387602085230009, 0.13791932109184263, 0.13791932109184263, 0.15657664137712329, 0.19621992409272374, 0.21815858383722458, 0.21815858383722458, 0.24795575530878938, 0.28167214886796155, 0.32116774940429327, 0.36943477988780676, 0.43183568239638587, 0.51943757076677222, 0.87739124108010424, 0.87739124108010424},
       {0.80485479778295776, 0.68483946807189866, 0.63095791059958761, 0.57979921796803113, 0.53087834162821212, 0.53087834162821212, 0.47525772470551447, 0.37207808724921121, 0.32401654568981592, 0.32401654568981592, 0.27167599539229165, 0.22251529774688578, 0.17652018258070468, 0.13382219562927281, 0.09473324056331256, 0.059840717810080948, 0.014834608254847221, 0.014834608254847221},
       {1, 0.99646660502298201, 0.97070875920768129, 0.94224652723151947, 0.91156845010048149, 0.91156845010048149, 0.87798226231686283, 0.80293335280236955, 0.76201063776504074, 0.76201063776504074, 0.71807847747497544, 0.67124244297363078, 0.62165772653129403, 0.56944929631151486, 0.51482637978433587, 0.458446770885507, 0.46232740656529359, 0.46232740656529359},
       {0, 5, 9, 13, 30, 100, 200},
       {23, 23, 19, 17, 9, 1, 0},
       {1, 0.91304347826086951, 0.78260869565217384, 0.69565217391304346, 0.4416839199447895, 0.082815734989648032, 0.082815734989648032},
       {0, 0.058753384755841409, 0.086006148703798302, 0.095943875542151391, 0.10951806997765715, 0.072661800503528301, 0.072661800503528301},
       {1, 0.80485479778295776, 0.63095791059958761, 0.53087834162821212, 0.27167599539229165, 0.014834608254847221, 0.014834608254847221},
       {1, 1, 0.97070875920768129, 0.91156845010048149, 0.71807847747497544, 0.46232740656529359, 0.46232740656529359},
       {27, 18, 45}},
      {"aml group == 1", fixture_input("aml.csv", 1),
       {9, 13, 18, 23, 28, 31, 34, 45, 48, 161},
       {11, 10, 8, 7, 6, 5, 4, 3, 2, 1},
       {1, 1, 1, 1, 0, 1, 1, 0, 1, 0},
       {0, 1, 0, 0, 1, 0, 0, 1, 0, 1},
       {0.90909090909090906, 0.81818181818181812, 0.71590909090909083, 0.61363636363636354, 0.61363636363636354, 0.49090909090909085, 0.36818181818181817, 0.36818181818181817, 0.18409090909090908, 0.18409090909090908},
       {0.095346258924559224, 0.14213381090374028, 0.19508757792120712, 0.2487341690815455, 0.2487341690815455, 0.33446776656157295, 0.44181672693778834, 0.44181672693778834, 0.83378775488850887, 0.83378775488850887},
       {0.75413384508152548, 0.61924898739936352, 0.48842628742212846, 0.37686705950167976, 0.37686705950167976, 0.25485995119931731, 0.15487711789719105, 0.15487711789719105, 0.035917898489185258, 0.035917898489185258},
       {1, 1, 1, 0.99915760022847266, 0.99915760022847266, 0.94558495520042918, 0.87526067814390762, 0.87526067814390762, 0.94352576947455202, 0.94352576947455202},
       {9, 31, 48, 161, 170},
       {11, 5, 2, 1, 0},
       {0.90909090909090906, 0.49090909090909085, 0.18409090909090908, 0.18409090909090908, 0.18409090909090908},
       {0.08667841720414475, 0.16419326722113581, 0.15349274578629368, 0.15349274578629368, 0.15349274578629368},
       {0.75413384508152548, 0.25485995119931731, 0.035917898489185258, 0.035917898489185258, 0.035917898489185258},
       {1, 0.94558495520042918, 0.94352576947455202, 0.94352576947455202, 0.94352576947455202},
       {31, 18, kNaN}},
      {"lung (all)", fixture_input("lung.csv"),
       {}, {}, {}, {}, {}, {}, {}, {},
       {100, 183, 365, 730, 1022, 2000},
       {196, 156, 65, 13, 1, 0},
       {0.86396896764524356, 0.7035154168459945, 0.4092416244600644, 0.1156930983445392, 0.050345568070810462, 0.050345568070810462},
       {0.022710230434161833, 0.030413063993749975, 0.035823638172037771, 0.028298197317694247, 0.022848048916083805, 0.022848048916083805},
       {0.82058489208125751, 0.6463623694859838, 0.34472158179582657, 0.071631824961796334, 0.020685460198979953, 0.020685460198979953},
       {0.90964674618951225, 0.76572208579157697, 0.48583760354728095, 0.18685679181980688, 0.12253419551659767, 0.12253419551659767},
       {310, 285, 363}},
      {"ties (1,2,2,3,4,4,5 / 1,1,0,1,1,1,0)", {{1, 2, 2, 3, 4, 4, 5}, {1, 1, 0, 1, 1, 1, 0}},
       {1, 2, 3, 4, 5},
       {7, 6, 4, 3, 1},
       {1, 1, 1, 2, 0},
       {0, 1, 0, 0, 1},
       {0.8571428571428571, 0.7142857142857143, 0.5357142857142857, 0.17857142857142855, 0.17857142857142855},
       {0.15430334996209191, 0.23904572186687872, 0.37480153478366451, 0.89841129620172133, 0.89841129620172133},
       {0.6334465290121496, 0.44709094792777365, 0.25698133617804808, 0.030696078104139417, 0.030696078104139417},
       {1, 1, 1, 1, 1},
       {0.5, 2, 2.5, 6},
       {7, 6, 4, 0},
       {1, 0.7142857142857143, 0.7142857142857143, 0.17857142857142855},
       {0, 0.17074694419062766, 0.17074694419062766, 0.16043058860745021},
       {1, 0.44709094792777365, 0.44709094792777365, 0.030696078104139417},
       {1, 1, 1, 1},
       {4, 2, kNaN}},
      {"all die (1,2,2)", {{1, 2, 2}, {1, 1, 1}},
       {1, 2},
       {3, 2},
       {1, 2},
       {0, 0},
       {0.66666666666666663, 0},
       {0.40824829046386302, kInf},
       {0.29950713035902232, kNaN},
       {1, kNaN},
       {1, 2, 3},
       {3, 2, 0},
       {0.66666666666666663, 0, 0},
       {0.27216552697590868, kNaN, kNaN},
       {0.29950713035902232, kNaN, kNaN},
       {1, kNaN, kNaN},
       {2, 1, kNaN}},
      {"single patient (3, event)", {{3}, {1}},
       {3},
       {1},
       {1},
       {0},
       {0},
       {kInf},
       {kNaN},
       {kNaN},
       {1, 3},
       {1, 1},
       {1, 0},
       {0, kNaN},
       {1, kNaN},
       {1, kNaN},
       {3, kNaN, kNaN}},
      {"all censored (1,2,3)", {{1, 2, 3}, {0, 0, 0}},
       {1, 2, 3},
       {3, 2, 1},
       {0, 0, 0},
       {1, 1, 1},
       {1, 1, 1},
       {0, 0, 0},
       {1, 1, 1},
       {1, 1, 1},
       {2},
       {2},
       {1},
       {0},
       {1},
       {1},
       {kNaN, kNaN, kNaN}},
      {"exactly 0.5 then drop", {{1, 2, 3, 4}, {1, 1, 0, 1}},
       {1, 2, 3, 4},
       {4, 3, 2, 1},
       {1, 1, 0, 1},
       {0, 0, 1, 0},
       {0.75, 0.5, 0.5, 0},
       {0.28867513459481287, 0.5, 0.5, kInf},
       {0.42593226849798205, 0.18765892870658832, 0.18765892870658832, kNaN},
       {1, 1, 1, kNaN},
       {2},
       {3},
       {0.5},
       {0.25},
       {0.18765892870658832},
       {1},
       {3, 1, kNaN}},
      {"ends at exactly 0.5", {{1, 2, 3, 4}, {1, 1, 0, 0}},
       {1, 2, 3, 4},
       {4, 3, 2, 1},
       {1, 1, 0, 0},
       {0, 0, 1, 1},
       {0.75, 0.5, 0.5, 0.5},
       {0.28867513459481287, 0.5, 0.5, 0.5},
       {0.42593226849798205, 0.18765892870658832, 0.18765892870658832, 0.18765892870658832},
       {1, 1, 1, 1},
       {2},
       {3},
       {0.5},
       {0.25},
       {0.18765892870658832},
       {1},
       {2, 1, kNaN}},
  };
  return refs;
}

TEST(KaplanMeier, MatchesRSurvfit) {
  for (const KmReference& ref : references()) {
    SCOPED_TRACE(ref.name);
    const KaplanMeierCurve c = kaplan_meier(ref.input.time, ref.input.event);
    if (!ref.time.empty()) {
      EXPECT_EQ(c.time, ref.time);
      EXPECT_EQ(c.n_risk, ref.n_risk);
      EXPECT_EQ(c.n_event, ref.n_event);
      EXPECT_EQ(c.n_censor, ref.n_censor);
      expect_rel(c.surv, ref.surv, 1e-8, "surv");
      expect_rel(c.se_log_surv, ref.se_log_surv, 1e-8, "std.err");
      expect_rel(c.lower, ref.lower, 1e-8, "lower");
      expect_rel(c.upper, ref.upper, 1e-8, "upper");
    }
    for (std::size_t k = 0; k < ref.at.size(); ++k) {
      const std::string at = "t = " + std::to_string(ref.at[k]);
      const SurvivalAt s = survival_at(c, ref.at[k]);
      EXPECT_EQ(s.time, ref.at[k]);
      EXPECT_EQ(s.n_risk, ref.at_n_risk[k]) << at;
      expect_rel(s.surv, ref.at_surv[k], 1e-8, at + " surv");
      expect_rel(s.std_err, ref.at_std_err[k], 1e-8, at + " std.err");
      expect_rel(s.lower, ref.at_lower[k], 1e-8, at + " lower");
      expect_rel(s.upper, ref.at_upper[k], 1e-8, at + " upper");
      expect_rel(s.cum_incidence, 1.0 - ref.at_surv[k], 1e-8, at + " 1 - surv");
      expect_rel(s.cum_incidence_lower, 1.0 - ref.at_upper[k], 1e-8, at + " 1 - upper");
      expect_rel(s.cum_incidence_upper, 1.0 - ref.at_lower[k], 1e-8, at + " 1 - lower");
    }
    const MedianSurvival m = median_survival(c);
    expect_rel(m.median, ref.median[0], 1e-12, "median");
    expect_rel(m.lower, ref.median[1], 1e-12, "median 0.95LCL");
    expect_rel(m.upper, ref.median[2], 1e-12, "median 0.95UCL");
  }
}

// The lung curve (not pasted in full): its size and ends.
TEST(KaplanMeier, LungCurveShape) {
  const KmInput in = fixture_input("lung.csv");
  ASSERT_EQ(in.time.size(), 228u);
  const KaplanMeierCurve c = kaplan_meier(in.time, in.event);
  EXPECT_EQ(c.time.size(), 186u);
  EXPECT_EQ(c.time.front(), 5.0);
  EXPECT_EQ(c.time.back(), 1022.0);
  EXPECT_EQ(c.n_risk.front(), 228);
  long long events = 0;
  for (long long d : c.n_event) events += d;
  EXPECT_EQ(events, 165);
  expect_rel(c.surv.back(), 0.050345568070810462, 1e-8, "last surv");  // fit$surv[186]
}

// On paper, times 1, 2, 2, 3, 4, 4, 5 with events 1, 1, 0, 1, 1, 1, 0: the
// patient censored at 2 is still at risk at 2 (censored after the event).
//   t=1: n=7 d=1 -> S = 6/7;   t=2: n=6 d=1 c=1 -> S = 6/7 * 5/6 = 5/7
//   t=3: n=4 d=1 -> S = 15/28; t=4: n=3 d=2 -> S = 15/28 * 1/3 = 5/28
//   t=5: n=1 c=1 -> S stays 5/28.
// Greenwood at t=4: 1/(7*6) + 1/(6*5) + 1/(4*3) + 2/(3*1).
// Median: S first <= 0.5 at t=4; lower limit: the lower CI curve is already
// below 0.5 at t=2 (0.447); the upper CI curve stays at 1: not reached.
TEST(KaplanMeier, TiesAndCensoringByHand) {
  const KaplanMeierCurve c = kaplan_meier({2, 1, 4, 2, 5, 3, 4}, {1, 1, 1, 0, 0, 1, 1});  // unsorted on purpose
  EXPECT_EQ(c.time, (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_EQ(c.n_risk, (std::vector<long long>{7, 6, 4, 3, 1}));
  EXPECT_EQ(c.n_event, (std::vector<long long>{1, 1, 1, 2, 0}));
  EXPECT_EQ(c.n_censor, (std::vector<long long>{0, 1, 0, 0, 1}));
  const std::vector<double> surv{6.0 / 7, 5.0 / 7, 15.0 / 28, 5.0 / 28, 5.0 / 28};
  for (std::size_t j = 0; j < surv.size(); ++j) EXPECT_NEAR(c.surv[j], surv[j], 1e-15);
  const double gw4 = 1.0 / 42 + 1.0 / 30 + 1.0 / 12 + 2.0 / 3;
  EXPECT_NEAR(c.se_log_surv[3], std::sqrt(gw4), 1e-15);
  EXPECT_NEAR(c.std_err[3], 5.0 / 28 * std::sqrt(gw4), 1e-15);
  EXPECT_NEAR(c.lower[3], 5.0 / 28 * std::exp(-1.959963984540054 * std::sqrt(gw4)), 1e-14);
  EXPECT_EQ(c.upper[3], 1.0);  // 5/28 * exp(+1.96 * 0.898) = 1.04, clipped
  EXPECT_EQ(c.time.size(), 5u);

  // Step function: right-continuous, 1 before the first time, carried on after the last.
  EXPECT_EQ(survival_at(c, 0.0).surv, 1.0);
  EXPECT_EQ(survival_at(c, 0.0).n_risk, 7);
  EXPECT_NEAR(survival_at(c, 2.0).surv, 5.0 / 7, 1e-15);
  EXPECT_NEAR(survival_at(c, 1.999).surv, 6.0 / 7, 1e-15);
  EXPECT_EQ(survival_at(c, 2.5).n_risk, 4);
  EXPECT_NEAR(survival_at(c, 99.0).surv, 5.0 / 28, 1e-15);
  EXPECT_EQ(survival_at(c, 99.0).n_risk, 0);
  EXPECT_NEAR(survival_at(c, 3.0).cum_incidence, 13.0 / 28, 1e-15);

  const MedianSurvival m = median_survival(c);
  EXPECT_EQ(m.median, 4.0);
  EXPECT_EQ(m.lower, 2.0);
  EXPECT_TRUE(std::isnan(m.upper));
}

// The curve sits at exactly 0.5 on [2, 4) and drops to 0 at 4: R's median is
// the midpoint (2 + 4) / 2 = 3. If it never drops below 0.5 afterwards, print()
// gives the time it reached 0.5 (2); quantile(fit, 0.5) would give (2 + 4) / 2,
// the midpoint with the last follow-up time; we follow print().
TEST(KaplanMeier, MedianOnAFlatHalf) {
  EXPECT_EQ(median_survival(kaplan_meier({1, 2, 3, 4}, {1, 1, 0, 1})).median, 3.0);
  EXPECT_EQ(median_survival(kaplan_meier({1, 2, 3, 4}, {1, 1, 0, 0})).median, 2.0);
}

// Everyone has the event at one time: S drops to 0, se(log S) = Inf (R), the
// SE of S is NaN (0 * Inf, R's summary) and the CI is NaN (R: NA).
TEST(KaplanMeier, AllEventsAtOnce) {
  const KaplanMeierCurve c = kaplan_meier({7, 7, 7}, {1, 1, 1});
  ASSERT_EQ(c.time.size(), 1u);
  EXPECT_EQ(c.surv[0], 0.0);
  EXPECT_EQ(c.se_log_surv[0], kInf);
  EXPECT_TRUE(std::isnan(c.std_err[0]));
  EXPECT_TRUE(std::isnan(c.lower[0]));
  EXPECT_TRUE(std::isnan(c.upper[0]));
  const SurvivalAt s = survival_at(c, 7.0);
  EXPECT_EQ(s.cum_incidence, 1.0);
  EXPECT_TRUE(std::isnan(s.cum_incidence_lower));
  const MedianSurvival m = median_survival(c);
  EXPECT_EQ(m.median, 7.0);
  EXPECT_TRUE(std::isnan(m.lower));
  EXPECT_TRUE(std::isnan(m.upper));
}

// Nobody has the event: S = 1 throughout, SE 0, CI (1, 1), median not reached.
TEST(KaplanMeier, NoEventsMedianNotReached) {
  const KaplanMeierCurve c = kaplan_meier({4, 1, 9}, {0, 0, 0});
  EXPECT_EQ(c.surv, (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(c.std_err, (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(c.lower, (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(c.upper, (std::vector<double>{1, 1, 1}));
  const MedianSurvival m = median_survival(c);
  EXPECT_TRUE(std::isnan(m.median));
  EXPECT_TRUE(std::isnan(m.lower));
  EXPECT_TRUE(std::isnan(m.upper));
  EXPECT_EQ(survival_at(c, 5.0).cum_incidence, 0.0);
}

// A single censored patient: one time, nothing happens.
TEST(KaplanMeier, SingleCensoredPatient) {
  const KaplanMeierCurve c = kaplan_meier({2.5}, {0});
  ASSERT_EQ(c.time.size(), 1u);
  EXPECT_EQ(c.n_risk[0], 1);
  EXPECT_EQ(c.n_censor[0], 1);
  EXPECT_EQ(c.surv[0], 1.0);
  EXPECT_TRUE(std::isnan(median_survival(c).median));
}

// A different confidence level only changes z.
TEST(KaplanMeier, ConfLevel) {
  const KaplanMeierCurve c = kaplan_meier({1, 2, 3, 4, 5}, {1, 0, 1, 1, 0}, 0.90);
  EXPECT_EQ(c.conf_level, 0.90);
  EXPECT_NEAR(c.lower[0], 0.8 * std::exp(-1.6448536269514722 * std::sqrt(1.0 / 20)), 1e-15);
}

TEST(KaplanMeier, RejectsInvalidInput) {
  EXPECT_THROW(kaplan_meier({}, {}), std::invalid_argument);
  EXPECT_THROW(kaplan_meier({1, 2}, {1}), std::invalid_argument);
  EXPECT_THROW(kaplan_meier({1, 2}, {1, 2}), std::invalid_argument);
  EXPECT_THROW(kaplan_meier({1, NAN}, {1, 0}), std::invalid_argument);
  EXPECT_THROW(kaplan_meier({1, 2}, {1, 0}, 1.0), std::invalid_argument);
  EXPECT_THROW(survival_at(kaplan_meier({1}, {1}), NAN), std::invalid_argument);
  EXPECT_THROW(survival_at(KaplanMeierCurve{}, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace ps

// mantel_haenszel: against metafor's rma.mh, a 2-study table by hand, a
// single study, the no-estimate case and bad input.
//
// R reference: scripts/r_reference/meta_reference.R (R 4.2.2, metafor 3.8.1),
// output in scripts/r_reference/meta_reference.out. bcg, nielweise and small
// are the data frames that script writes to tests/fixtures/meta_*.csv.
// The script also checks (lines "byhand R/S" and "exp(beta)") that rma.mh's
// estimate is sum(a d / N) / sum(b c / N) on the UNCORRECTED cells even with
// add = cc: the correction only enters Q, I^2 and H^2 (via escalc's yi, vi);
// "corrected MH beta" (add, to and drop00 given twice) differs wherever a
// table has a zero cell.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/meta/mantel_haenszel.hpp"
#include "meta/meta_test_support.hpp"

namespace ps {
namespace {

using meta_test::expect_rel;
using meta_test::kNaN;
using meta_test::label;
using meta_test::read_study_tables;

struct MhReference {
  const char* file;
  double cc;
  int k, k_yi;
  double beta, se, zval, pval;
  double ci_lb, ci_ub;
  double qe, qep, i2, h2;
  std::vector<double> weights;
  double corrected_beta;  // MH on corrected cells: must NOT be what we compute (where there are zeros)
};

// Pasted from meta_reference.out ("## rma.mh(...)" blocks).
const std::vector<MhReference>& mh_references() {
  static const std::vector<MhReference> refs{
      // res <- rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //               n2i = total_control, add = 0.5, to = "only0", drop00 = TRUE, data = bcg)
      // c(res$k, res$k.yi), c(res$beta, res$se, res$zval, res$pval), c(res$ci.lb, res$ci.ub),
      // c(res$QE, res$QEp, res$I2, res$H2), weights(res); corrected = rma.mh(..., add = c(0.5, 0.5),
      // to = c("only0", "only0"), drop00 = c(TRUE, TRUE))$beta
      {"meta_bcg.csv", 0.5, 13, 13,
       -0.47341098838858547, 0.041007778404231442, -11.544419298260156, 7.8771673254443934e-31,
       -0.55378475714687847, -0.39303721963029248,
       163.94257956919316, 8.2494525510016288e-29, 92.680364044817708, 13.661881630766096,
       {0.65652737374508152, 1.8772254929740415, 0.73074436263087061, 16.668042976666744,
        2.8594923183608367, 22.23586144726502, 1.0503354609239446, 32.598430043023576,
        2.9894460247987058, 4.29216143512605, 11.987783068005211, 0.20309647909417228,
        1.8508535173857426},
       -0.47341098838858547},
      // res <- rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //               n2i = total_control, add = 0.5, to = "only0", drop00 = TRUE, data = nielweise)
      // c(res$k, res$k.yi), c(res$beta, res$se, res$zval, res$pval), c(res$ci.lb, res$ci.ub),
      // c(res$QE, res$QEp, res$I2, res$H2), weights(res); corrected = rma.mh(..., add = c(0.5, 0.5),
      // to = c("only0", "only0"), drop00 = c(TRUE, TRUE))$beta
      {"meta_nielweise.csv", 0.5, 18, 17,
       -1.2087048327337668, 0.22244542134160084, -5.4337141463460625, 5.5192974021709992e-08,
       -1.644689847089142, -0.77271981837839165,
       16.86365729112336, 0.39447239897694719, 5.1214115432597724, 1.05397858069521,
       {3.4775852705907906, 3.8020435209569112, 10.711718436156634, 7.9655216157134792,
        6.6222848037929634, 3.8118679228198484, 3.4428230836094946, 3.0083535686847096,
        21.234855162628179, 2.2193950897857002, 8.2747158275423551, 1.273334585204198,
        5.9332079845799708, 12.631637694438282, 0, 1.1415419783309229,
        3.3987150003462059, 1.0503984548193597},
       -1.1485772259411275},
      // res <- rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //               n2i = total_control, add = 0.1, to = "only0", drop00 = TRUE, data = nielweise)
      // c(res$k, res$k.yi), c(res$beta, res$se, res$zval, res$pval), c(res$ci.lb, res$ci.ub),
      // c(res$QE, res$QEp, res$I2, res$H2), weights(res); corrected = rma.mh(..., add = c(0.1, 0.1),
      // to = c("only0", "only0"), drop00 = c(TRUE, TRUE))$beta
      {"meta_nielweise.csv", 0.1, 18, 17,
       -1.2087048327337668, 0.22244542134160084, -5.4337141463460625, 5.5192974021709992e-08,
       -1.644689847089142, -0.77271981837839165,
       17.015090369063689, 0.38462126048342898, 5.9658241422525427, 1.0634431480664805,
       {3.4775852705907906, 3.8020435209569112, 10.711718436156634, 7.9655216157134792,
        6.6222848037929634, 3.8118679228198484, 3.4428230836094946, 3.0083535686847096,
        21.234855162628179, 2.2193950897857002, 8.2747158275423551, 1.273334585204198,
        5.9332079845799708, 12.631637694438282, 0, 1.1415419783309229,
        3.3987150003462059, 1.0503984548193597},
       -1.1960699355109032},
      // res <- rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //               n2i = total_control, add = 0.5, to = "only0", drop00 = TRUE, data = small)
      // c(res$k, res$k.yi), c(res$beta, res$se, res$zval, res$pval), c(res$ci.lb, res$ci.ub),
      // c(res$QE, res$QEp, res$I2, res$H2), weights(res); corrected = rma.mh(..., add = c(0.5, 0.5),
      // to = c("only0", "only0"), drop00 = c(TRUE, TRUE))$beta
      {"meta_small.csv", 0.5, 6, 4,
       -0.38761833339700702, 0.41362213263251368, -0.93713150921106547, 0.34869091521964807,
       -1.1983028165653833, 0.42306614977136914,
       5.1124766962429424, 0.16374390631722399, 41.320025923939362, 1.7041588987476475,
       {31.65515705056805, 21.831142793495211, 0, 0,
        46.513700155936732, 0},
       -0.36679033781043097},
      // res <- rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //               n2i = total_control, add = 0.1, to = "only0", drop00 = TRUE, data = small)
      // c(res$k, res$k.yi), c(res$beta, res$se, res$zval, res$pval), c(res$ci.lb, res$ci.ub),
      // c(res$QE, res$QEp, res$I2, res$H2), weights(res); corrected = rma.mh(..., add = c(0.1, 0.1),
      // to = c("only0", "only0"), drop00 = c(TRUE, TRUE))$beta
      {"meta_small.csv", 0.1, 6, 4,
       -0.38761833339700702, 0.41362213263251368, -0.93713150921106547, 0.34869091521964807,
       -1.1983028165653833, 0.42306614977136914,
       3.3834320121754069, 0.33619824640994916, 11.332635347647372, 1.1278106707251356,
       {31.65515705056805, 21.831142793495211, 0, 0,
        46.513700155936732, 0},
       -0.38318106240951577},
  };
  return refs;
}

TEST(MetaMantelHaenszel, MatchesRmaMh) {
  for (const MhReference& ref : mh_references()) {
    MantelHaenszelOptions options;
    options.continuity_correction = ref.cc;
    const MantelHaenszelResult r = mantel_haenszel(read_study_tables(ref.file), options);
    const std::string what = label(ref.file, ref.cc);
    EXPECT_EQ(r.k, static_cast<std::size_t>(ref.k)) << what;
    EXPECT_EQ(r.k_effects, static_cast<std::size_t>(ref.k_yi)) << what;
    expect_rel(r.log_odds_ratio, ref.beta, what + " beta");
    expect_rel(r.se, ref.se, what + " se");
    expect_rel(r.z, ref.zval, what + " z");
    expect_rel(r.p_value, ref.pval, what + " p");
    expect_rel(r.ci_lower, ref.ci_lb, what + " ci.lb");
    expect_rel(r.ci_upper, ref.ci_ub, what + " ci.ub");
    expect_rel(r.odds_ratio, std::exp(ref.beta), what + " OR");
    expect_rel(r.or_ci_lower, std::exp(ref.ci_lb), what + " OR lower");
    expect_rel(r.or_ci_upper, std::exp(ref.ci_ub), what + " OR upper");
    expect_rel(r.q, ref.qe, what + " QE");
    EXPECT_EQ(r.q_df, ref.k_yi - 1.0) << what;
    expect_rel(r.q_p_value, ref.qep, what + " QEp");
    expect_rel(r.i2, ref.i2, what + " I2");
    expect_rel(r.h2, ref.h2, what + " H2");
    expect_rel(r.weight_percent, ref.weights, what + " weights");
    if (ref.corrected_beta != ref.beta) {
      EXPECT_GT(std::fabs(r.log_odds_ratio - ref.corrected_beta), 1e-3) << what;
    }
  }
}

// By hand. Study 1: 3/10 vs 1/10 -> a, b, c, d = 3, 7, 1, 9, N = 20;
// study 2: 2/5 vs 4/5 -> 2, 3, 4, 1, N = 10.
//   R_i = a d / N = 27/20 = 1.35, 2/10 = 0.2    -> sum R = 1.55
//   S_i = b c / N =  7/20 = 0.35, 12/10 = 1.2   -> sum S = 1.55, OR_MH = 1, log OR = 0
//   P_i = (a + d) / N = 0.6, 0.3;  Q_i = (b + c) / N = 0.4, 0.7
//   sum P R = 0.81 + 0.06 = 0.87; sum (P S + Q R) = 0.21 + 0.54 + 0.36 + 0.14 = 1.25;
//   sum Q S = 0.14 + 0.84 = 0.98
//   Var = (0.87 + 1.25 + 0.98) / (2 * 1.55^2) = 3.1 / 4.805 = 1 / 1.55, se = 0.80321932890...
//   weights = 100 S_i / sum S = 22.58..., 77.41...%
//   Q = y1^2 / v1 + y2^2 / v2 with y1 = log(27/7), v1 = 1/3 + 1/7 + 1 + 1/9,
//       y2 = log(2/12), v2 = 1/2 + 1/3 + 1/4 + 1 (no zero cells: no correction).
// R: rma.mh(measure = "OR", ai = c(3, 2), n1i = c(10, 5), ci = c(1, 4), n2i = c(10, 5))
//    gives beta = 0, se = 0.80321932890249903, QE = 2.6890433067864636.
TEST(MetaMantelHaenszel, TwoStudiesByHand) {
  const MantelHaenszelResult r = mantel_haenszel({{"1", 3, 10, 1, 10}, {"2", 2, 5, 4, 5}});
  EXPECT_NEAR(r.log_odds_ratio, 0.0, 1e-15);
  EXPECT_NEAR(r.odds_ratio, 1.0, 1e-15);
  EXPECT_NEAR(r.se, std::sqrt(1.0 / 1.55), 1e-14);
  expect_rel(r.se, 0.80321932890249903, "se (R)", 1e-12);
  EXPECT_NEAR(r.p_value, 1.0, 1e-14);
  EXPECT_NEAR(r.weight_percent[0], 100.0 * 0.35 / 1.55, 1e-12);
  EXPECT_NEAR(r.weight_percent[1], 100.0 * 1.2 / 1.55, 1e-12);
  const double y1 = std::log(27.0 / 7.0), v1 = 1.0 / 3 + 1.0 / 7 + 1.0 + 1.0 / 9;
  const double y2 = std::log(2.0 / 12.0), v2 = 1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0;
  EXPECT_NEAR(r.q, y1 * y1 / v1 + y2 * y2 / v2, 1e-13);
  expect_rel(r.q, 2.6890433067864636, "QE (R)", 1e-12);
  EXPECT_NEAR(r.h2, r.q, 1e-15);  // k - 1 = 1
  EXPECT_NEAR(r.i2, 100.0 * (r.q - 1.0) / r.q, 1e-12);
}

// R: rma.mh(measure = "OR", ai = 10, n1i = 100, ci = 20, n2i = 100):
//    beta = -0.81093021621632877 (= log(4/9)), se = 0.41666666666666669
//    (= sqrt(1/10 + 1/90 + 1/20 + 1/80), Woolf's for k = 1), QE = 0, QEp = 1, I2 = 0, H2 = 1.
TEST(MetaMantelHaenszel, SingleStudyIsTheStudy) {
  const MantelHaenszelResult r = mantel_haenszel({{"only", 10, 100, 20, 100}});
  EXPECT_NEAR(r.log_odds_ratio, std::log(4.0 / 9.0), 1e-15);
  expect_rel(r.se, 0.41666666666666669, "se", 1e-13);
  EXPECT_EQ(r.k_effects, 1u);
  EXPECT_EQ(r.q, 0.0);
  EXPECT_EQ(r.q_p_value, 1.0);
  EXPECT_EQ(r.i2, 0.0);
  EXPECT_EQ(r.h2, 1.0);
  EXPECT_EQ(r.weight_percent, std::vector<double>{100.0});
}

TEST(MetaMantelHaenszel, NoEstimateWithoutDiscordantInformation) {
  // No treatment events anywhere: sum a d / N = 0, metafor's NA.
  const MantelHaenszelResult r = mantel_haenszel({{"1", 0, 10, 3, 10}, {"2", 0, 12, 1, 11}});
  EXPECT_TRUE(std::isnan(r.log_odds_ratio) && std::isnan(r.se) && std::isnan(r.p_value));
  EXPECT_TRUE(std::isnan(r.q));
  // Double zeros only add nothing: the estimate equals that without them.
  const MantelHaenszelResult a = mantel_haenszel({{"1", 3, 10, 1, 10}, {"2", 2, 5, 4, 5}, {"00", 0, 7, 0, 9}});
  EXPECT_NEAR(a.log_odds_ratio, 0.0, 1e-15);
  EXPECT_EQ(a.k, 3u);
  EXPECT_EQ(a.k_effects, 2u);
  EXPECT_EQ(a.weight_percent[2], 0.0);
}

TEST(MetaMantelHaenszel, RejectsBadInput) {
  EXPECT_THROW(mantel_haenszel({}), std::invalid_argument);
  EXPECT_THROW(mantel_haenszel({{"x", 11, 10, 2, 10}}), std::invalid_argument);
  EXPECT_THROW(mantel_haenszel({{"x", 1, 10, -2, 10}}), std::invalid_argument);
  MantelHaenszelOptions o;
  o.continuity_correction = -0.5;
  EXPECT_THROW(mantel_haenszel({{"x", 1, 10, 2, 10}}, o), std::invalid_argument);
}

}  // namespace
}  // namespace ps

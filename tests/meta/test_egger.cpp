// egger_test against metafor's regtest(model = "lm", predictor = "sei"), the
// funnel-plot limits, and bad input.
//
// R reference: scripts/r_reference/meta_reference.R (R 4.2.2, metafor 3.8.1),
// output in scripts/r_reference/meta_reference.out. bcg, nielweise and small
// are the data frames that script writes to tests/fixtures/meta_*.csv; es is
//   es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
//                n2i = total_control, add = cc, to = "only0", drop00 = TRUE, data = <dataset>)
// The script also runs regtest on a DL fit ("(DL fit) zval"): identical, as
// model = "lm" uses only yi and vi.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/meta/egger_test.hpp"
#include "meta/meta_test_support.hpp"

namespace ps {
namespace {

using meta_test::effect_sizes;
using meta_test::expect_rel;
using meta_test::kNaN;
using meta_test::label;

struct RegtestReference {
  const char* file;
  double cc;
  double zval, pval, ddf;
  double est, ci_lb, ci_ub;
};

// Pasted from meta_reference.out ("## regtest(...)" blocks).
const std::vector<RegtestReference>& regtest_references() {
  static const std::vector<RegtestReference> refs{
      // regtest(rma(yi, vi, data = es, method = "EE"), model = "lm", predictor = "sei"),
      //   es = bcg escalc at add = 0.5: c(zval, pval, ddf), c(est, ci.lb, ci.ub)
      {"meta_bcg.csv", 0.5, -1.5069506966943076, 0.15999148508426514, 11,
       -0.15709886273556414, -0.67911190836506685, 0.36491418289393851},
      // regtest(rma(yi, vi, data = es, method = "EE"), model = "lm", predictor = "sei"),
      //   es = nielweise escalc at add = 0.5: c(zval, pval, ddf), c(est, ci.lb, ci.ub)
      {"meta_nielweise.csv", 0.5, -1.7266458241112024, 0.10476142462493929, 15,
       0.054487205858712612, -1.2913297603422769, 1.4003041720597023},
      // regtest(rma(yi, vi, data = es, method = "EE"), model = "lm", predictor = "sei"),
      //   es = nielweise escalc at add = 0.1: c(zval, pval, ddf), c(est, ci.lb, ci.ub)
      {"meta_nielweise.csv", 0.1, -2.1533136218673379, 0.047972544748009542, 15,
       -0.021551783603632919, -1.0084287430978129, 0.96532517589054712},
      // regtest(rma(yi, vi, data = es, method = "EE"), model = "lm", predictor = "sei"),
      //   es = small escalc at add = 0.5: c(zval, pval, ddf), c(est, ci.lb, ci.ub)
      {"meta_small.csv", 0.5, 0.18001088094406636, 0.87373187089949855, 2,
       -0.83854526798578144, -9.2256555524233868, 7.5485650164518248},
      // regtest(rma(yi, vi, data = es, method = "EE"), model = "lm", predictor = "sei"),
      //   es = small escalc at add = 0.1: c(zval, pval, ddf), c(est, ci.lb, ci.ub)
      {"meta_small.csv", 0.1, 0.10636164465221276, 0.92500276787449276, 2,
       -0.70882982082166479, -5.5398761972177573, 4.1222165555744281},
  };
  return refs;
}

TEST(MetaEgger, MatchesRegtest) {
  for (const RegtestReference& ref : regtest_references()) {
    const EffectSizes es = effect_sizes(ref.file, ref.cc);
    const EggerTestResult r = egger_test(es.yi, es.vi);
    const std::string what = label(ref.file, ref.cc);
    expect_rel(r.t, ref.zval, what + " t");
    expect_rel(r.p_value, ref.pval, what + " p");
    EXPECT_EQ(r.df, ref.ddf) << what;
    expect_rel(r.limit_estimate, ref.est, what + " limit estimate");
    expect_rel(r.limit_ci_lower, ref.ci_lb, what + " limit ci.lb");
    expect_rel(r.limit_ci_upper, ref.ci_ub, what + " limit ci.ub");
    EXPECT_NEAR(r.t, r.slope / r.slope_se, 1e-12 * std::fabs(r.t)) << what;
  }
}

// Points exactly on a line y = 0.3 + 2 se: the fit is exact, slope 2,
// intercept 0.3, dispersion 0 (so t is infinite).
TEST(MetaEgger, ExactLine) {
  const std::vector<double> se{0.1, 0.2, 0.4, 0.5};
  std::vector<double> yi, vi;
  for (double s : se) {
    yi.push_back(0.3 + 2.0 * s);
    vi.push_back(s * s);
  }
  const EggerTestResult r = egger_test(yi, vi);
  EXPECT_NEAR(r.slope, 2.0, 1e-12);
  EXPECT_NEAR(r.limit_estimate, 0.3, 1e-12);
  EXPECT_NEAR(r.dispersion, 0.0, 1e-20);
  EXPECT_EQ(r.df, 2.0);
}

TEST(MetaEgger, EqualStandardErrorsGiveNaN) {
  // metafor stops ("Model matrix no longer of full rank"): NaN here.
  const EggerTestResult r = egger_test({0.1, 0.5, -0.2}, {0.04, 0.04, 0.04});
  EXPECT_TRUE(std::isnan(r.t) && std::isnan(r.p_value) && std::isnan(r.limit_estimate));
}

TEST(MetaEgger, FunnelLimits) {
  const std::vector<FunnelLimitPoint> f = funnel_limits(-0.5, 0.8, 5);
  ASSERT_EQ(f.size(), 5u);
  const double z = 1.959963984540054;  // qnorm(0.975)
  for (std::size_t j = 0; j < f.size(); ++j) {
    EXPECT_NEAR(f[j].se, 0.2 * static_cast<double>(j), 1e-15);
    EXPECT_NEAR(f[j].lower, -0.5 - z * f[j].se, 1e-14);
    EXPECT_NEAR(f[j].upper, -0.5 + z * f[j].se, 1e-14);
  }
  EXPECT_EQ(f.front().lower, -0.5);
  EXPECT_THROW(funnel_limits(0.0, 0.0), std::invalid_argument);
  EXPECT_THROW(funnel_limits(0.0, 1.0, 1), std::invalid_argument);
  EXPECT_THROW(funnel_limits(kNaN, 1.0), std::invalid_argument);
}

TEST(MetaEgger, RejectsBadInput) {
  EXPECT_THROW(egger_test({0.1, 0.2}, {0.1, 0.2}), std::invalid_argument);  // k < 3
  EXPECT_THROW(egger_test({0.1, 0.2, 0.3}, {0.1, 0.2}), std::invalid_argument);
  EXPECT_THROW(egger_test({0.1, 0.2, 0.3}, {0.1, 0.2, 0.0}), std::invalid_argument);
  EXPECT_THROW(egger_test({0.1, 0.2, 0.3}, {0.1, 0.2, 0.3}, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace ps

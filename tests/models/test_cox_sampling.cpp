// The sampling form of the Cox likelihood (models/cox_sampling.hpp) against
// the double-precision reference cox_log_partial_likelihood (models/cox.hpp,
// itself checked against a textbook O(n^2) reference and R's coxph):
//   - patient codes on a hand-checked tiny table (tie groups, strata, d),
//   - agreement on tied data with strata and a factor, Breslow and Efron,
//   - stretches of several patients per member (the GPU teams' tiling; here
//     with one member, which still exercises the two passes and the padding
//     past the end),
//   - accuracy at n = 100,000 (DESIGN.md: within 1e-3 absolute),
//   - LogProduct against a sum of logs over a huge dynamic range.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/design/cox_design.hpp"
#include "host/design/cox_sampling_data.hpp"
#include "models/cox.hpp"
#include "models/cox_sampling.hpp"
#include "models/log_product.hpp"
#include "models/philox.hpp"
#include "support/simulated_trial.hpp"
#include "support/tied_cox_input.hpp"

namespace ps {
namespace {

std::vector<double> theta_near(const std::vector<double>& centre, double spread, Philox4x32& rng) {
  std::vector<double> theta(centre);
  for (double& t : theta) t += spread * rng.normal();
  return theta;
}

template <int kStretch>
double stretched(const CoxSamplingView& m, const std::vector<double>& theta) {
  std::vector<float> table(theta.size() + 1);
  fill_coefficient_table(m, theta.data(), table.data(), 1);
  return cox_sampling_log_likelihood<kStretch>(m, table.data(), 1, SerialGroup{});
}

TEST(CoxSamplingData, CodesMarkGroupsStrataAndEventCounts) {
  // tiny_cox_input, stratum 0 sorted by time descending, events first:
  //   20(e) 15(e) 15(c) 12(e) 8(e) 8(e) 8(c) 7(e) 5(e) 3(c)
  // stratum 1: 18(c) 13(e) 11(e) 11(e) 11(c) 9(e) 9(e) 6(c) 4(e) 2(e)
  const CoxDesign design = build_cox_design(test_support::tiny_cox_input());
  const CoxSamplingData s = make_cox_sampling_data(design.view());
  ASSERT_EQ(s.n, 20);
  auto code = [](bool event, bool group_head, bool stratum_head, int closes) {
    return (event ? kCoxCodeEvent : 0) | (group_head ? kCoxCodeGroupHead : 0) |
           (stratum_head ? kCoxCodeStratumHead : 0) | (closes << kCoxCodeEventsShift);
  };
  const std::vector<int> expected = {
      code(1, 1, 1, 1), code(1, 1, 0, 0), code(0, 0, 0, 1), code(1, 1, 0, 1), code(1, 1, 0, 0),
      code(1, 0, 0, 0), code(0, 0, 0, 2), code(1, 1, 0, 1), code(1, 1, 0, 1), code(0, 1, 0, 0),
      code(0, 1, 1, 0), code(1, 1, 0, 1), code(1, 1, 0, 0), code(1, 0, 0, 0), code(0, 0, 0, 2),
      code(1, 1, 0, 0), code(1, 0, 0, 2), code(0, 1, 0, 0), code(1, 1, 0, 1), code(1, 1, 0, 1)};
  EXPECT_EQ(s.patient_code, expected);
  // Reference levels point at the table's zero entry (index dim).
  for (size_t i = 0; i < s.factor_slot.size(); ++i)
    EXPECT_EQ(s.factor_slot[i], design.factor_param[i] >= 0 ? design.factor_param[i] : design.dim);
  // The event design sum is the sum of the events' design rows.
  std::vector<double> sum(design.dim, 0.0), row(design.dim);
  for (int i = 0; i < design.n; ++i) {
    if (!design.event[i]) continue;
    cox_design_row(design.view(), i, row.data());
    for (int k = 0; k < design.dim; ++k) sum[k] += row[k];
  }
  for (int k = 0; k < design.dim; ++k) EXPECT_NEAR(s.event_design_sum[k], sum[k], 1e-12) << k;
}

TEST(CoxSampling, MatchesDoubleReferenceOnTiedStratifiedData) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    for (unsigned seed : {1u, 2u, 3u}) {
      const CoxDesign design = build_cox_design(test_support::tied_cox_input(seed, 300, 12, 3, ties));
      const CoxSamplingData s = make_cox_sampling_data(design.view());
      Philox4x32 rng(seed, 1);
      for (int rep = 0; rep < 20; ++rep) {
        const std::vector<double> theta = theta_near(std::vector<double>(design.dim, 0.0), 0.4, rng);
        const double reference = cox_log_partial_likelihood(design.view(), theta.data());
        const double fast = cox_sampling_log_likelihood(s.view(), theta.data());
        // The likelihood at float(theta) with float exps: a few 1e-7 relative.
        EXPECT_NEAR(fast, reference, 2e-6 * std::abs(reference)) << "seed " << seed << " rep " << rep;
      }
    }
  }
}

TEST(CoxSampling, StretchesGiveTheSameValue) {
  // n = 301 is not a multiple of any stretch: the last tile is padded.
  const CoxDesign design = build_cox_design(test_support::tied_cox_input(9, 301, 15, 2, Ties::efron));
  const CoxSamplingData s = make_cox_sampling_data(design.view());
  Philox4x32 rng(9, 2);
  for (int rep = 0; rep < 10; ++rep) {
    const std::vector<double> theta = theta_near(std::vector<double>(design.dim, 0.0), 0.3, rng);
    const double one = stretched<1>(s.view(), theta);
    EXPECT_NEAR(stretched<3>(s.view(), theta), one, 1e-11 * std::abs(one));
    EXPECT_NEAR(stretched<4>(s.view(), theta), one, 1e-11 * std::abs(one));
    EXPECT_NEAR(stretched<8>(s.view(), theta), one, 1e-11 * std::abs(one));
  }
}

TEST(CoxSampling, WithinOneThousandthAtOneHundredThousandPatients) {
  const CoxDesign design = build_cox_design(test_support::random_cox_input(100000, 11, 3, 0.01));
  const CoxSamplingData s = make_cox_sampling_data(design.view());
  const LaplaceBase base = laplace_base(design.view(), ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0});
  Philox4x32 rng(11, 3);
  double worst = 0.0;
  for (int rep = 0; rep < 16; ++rep) {
    // Around the mode, where chains spend their time, and a bit beyond.
    const std::vector<double> mode(base.mode.data(), base.mode.data() + base.mode.size());
    const std::vector<double> theta = theta_near(mode, rep < 8 ? 0.01 : 0.1, rng);
    const double reference = cox_log_partial_likelihood(design.view(), theta.data());
    const double fast = cox_sampling_log_likelihood(s.view(), theta.data());
    worst = std::max(worst, std::abs(fast - reference));
  }
  EXPECT_LT(worst, 1e-3) << "largest |sampling form - double reference| over 16 points";
  RecordProperty("max_abs_error", std::to_string(worst));
}

TEST(CoxSampling, OverflowGivesMinusInfinity) {
  const CoxDesign design = build_cox_design(test_support::tiny_cox_input());
  const CoxSamplingData s = make_cox_sampling_data(design.view());
  const std::vector<double> huge(design.dim, 200.0);  // exp(eta) beyond float range
  EXPECT_EQ(cox_sampling_log_likelihood(s.view(), huge.data()), neg_infinity());
}

TEST(LogProduct, EqualsSumOfLogsOverAHugeRange) {
  Philox4x32 rng(5, 0);
  LogProduct p;
  double sum_of_logs = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = std::exp(40.0 * rng.normal());  // 1e-50 .. 1e+50
    p.multiply(x);
    sum_of_logs += std::log(x);
  }
  EXPECT_NEAR(p.log_value(), sum_of_logs, 1e-9 * std::abs(sum_of_logs) + 1e-6);
  LogProduct a, b;
  a.multiply(1e300);
  b.multiply(1e-300);
  b.multiply(4.0);
  a.multiply(b);
  EXPECT_NEAR(a.log_value(), std::log(4.0), 1e-12);
}

}  // namespace
}  // namespace ps

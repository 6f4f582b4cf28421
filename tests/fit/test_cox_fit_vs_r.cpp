// fit_cox_mle against R's survival::coxph on small data sets with many ties.
//
// CI has no R: the reference values were computed once with R 4.2.2 and
// survival 3.5.3 by scripts/r_reference/cox_reference.R (run from the
// repository root; its full output is scripts/r_reference/cox_reference.out).
// The data sets were written by scripts/r_reference/make_cox_data.R. The R
// calls are, for d <- read.csv("tests/fixtures/cox_ties.csv") and
//   ctl <- coxph.control(eps = 1e-14, iter.max = 200, toler.chol = 1e-15)
//   efron:          coxph(Surv(time, event) ~ treatment + age + factor(centre),
//                         data = d, ties = "efron", control = ctl)
//   breslow:        the same with ties = "breslow"
//   efron_strata:   coxph(Surv(time, event) ~ treatment + age + factor(centre) + strata(site),
//                         data = d, ties = "efron", control = ctl)
//   breslow_strata: the same with ties = "breslow"
// printing with sprintf("%.15g"): coef(fit), sqrt(diag(vcov(fit))), fit$loglik[2]
// (at the MLE) and fit$loglik[1] (at beta = 0); and, for a likelihood-only check
// at a fixed non-optimal beta = c(-0.3, 0.02, 0.5, -0.2, 0.1),
//   coxph(<same formula>, data = d, ties = <same>, init = beta,
//         control = coxph.control(iter.max = 0))$loglik[1]
// Output (pasted verbatim):
//   ## efron
//   terms:           treatment, age, factor(centre)C2, factor(centre)C3, factor(centre)C4
//   coef:            -0.84625480775201, 0.0364844557460581, 0.747007229892719, -0.256354699394889, 0.440676486468933
//   se:              0.406985859753202, 0.0234208292365246, 0.585198731351121, 0.498667002933485, 0.569164351810531
//   loglik:          -110.158085347947
//   loglik_null:     -114.117656439051
//   loglik_at_fixed: -111.269312823386
//   ## breslow
//   coef:            -0.805709604098693, 0.0340123125579507, 0.706455485483687, -0.239446246156698, 0.388457598913733
//   se:              0.402611736359144, 0.0234451546036977, 0.586551127272278, 0.498921371951273, 0.565002136037391
//   loglik:          -111.393027418779
//   loglik_null:     -114.971264697036
//   loglik_at_fixed: -112.320243828993
//   ## efron_strata
//   coef:            -0.81488906599407, 0.0374839023636122, 0.830609446888946, -0.294181559173802, 0.441610428836261
//   se:              0.417687212792329, 0.0235891698633384, 0.598584123364285, 0.504765985456152, 0.576965741751001
//   loglik:          -88.2017522506729
//   loglik_null:     -92.2035881112873
//   loglik_at_fixed: -89.2827579724537
//   ## breslow_strata
//   coef:            -0.778038543991316, 0.0353699601536563, 0.788007939463973, -0.26802349420958, 0.393459918110693
//   se:              0.412832379322507, 0.0235483407772814, 0.600744514844962, 0.505132180821394, 0.572133504324803
//   loglik:          -89.4864953732886
//   loglik_null:     -93.1039223371913
//   loglik_at_fixed: -90.3821784451182
//
// Separation, coxph(Surv(time, event) ~ treatment + age + factor(centre), ties = "efron",
// control = ctl) on:
//   tests/fixtures/cox_separation_arm.csv (every event in the treatment arm):
//     warning: Loglik converged before variable  1 ; coefficient may be infinite.
//     coef:   32.5377524971424, -0.00444344768633428, 1.24683448968321, 1.22296696007258
//     loglik: -32.1101953453256, -21.5053207894721
//   tests/fixtures/cox_separation_centre.csv (no event in centre C3):
//     warning: Loglik converged before variable  4 ; coefficient may be infinite.
//     coef:   -0.313317787501783, -0.0605778542775137, 0.174721112281735, -31.2593419509805, 0.610558298430588
//     loglik: -51.4634806109054, -44.7731883257703
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "host/data/trial_input.hpp"
#include "host/data/csv.hpp"
#include "host/design/cox_design.hpp"
#include "host/fit/cox_fit.hpp"
#include "models/cox.hpp"

namespace ps {
namespace {

struct RReference {
  const char* name;
  Ties ties;
  bool stratified;
  std::vector<double> coef;
  std::vector<double> se;
  double loglik;
  double loglik_null;
  double loglik_at_fixed;
};

const std::vector<double> kBetaFixed{-0.3, 0.02, 0.5, -0.2, 0.1};

const std::vector<RReference>& references() {
  static const std::vector<RReference> refs{
      {"efron", Ties::efron, false,
       {-0.84625480775201, 0.0364844557460581, 0.747007229892719, -0.256354699394889, 0.440676486468933},
       {0.406985859753202, 0.0234208292365246, 0.585198731351121, 0.498667002933485, 0.569164351810531},
       -110.158085347947, -114.117656439051, -111.269312823386},
      {"breslow", Ties::breslow, false,
       {-0.805709604098693, 0.0340123125579507, 0.706455485483687, -0.239446246156698, 0.388457598913733},
       {0.402611736359144, 0.0234451546036977, 0.586551127272278, 0.498921371951273, 0.565002136037391},
       -111.393027418779, -114.971264697036, -112.320243828993},
      {"efron_strata", Ties::efron, true,
       {-0.81488906599407, 0.0374839023636122, 0.830609446888946, -0.294181559173802, 0.441610428836261},
       {0.417687212792329, 0.0235891698633384, 0.598584123364285, 0.504765985456152, 0.576965741751001},
       -88.2017522506729, -92.2035881112873, -89.2827579724537},
      {"breslow_strata", Ties::breslow, true,
       {-0.778038543991316, 0.0353699601536563, 0.788007939463973, -0.26802349420958, 0.393459918110693},
       {0.412832379322507, 0.0235483407772814, 0.600744514844962, 0.505132180821394, 0.572133504324803},
       -89.4864953732886, -93.1039223371913, -90.3821784451182},
  };
  return refs;
}

std::string data_path(const std::string& file) { return std::string(PRIORSWEEP_TEST_DATA_DIR) + "/" + file; }

CoxDesign load_design(const std::string& file, Ties ties, bool stratified) {
  const CsvTable table = read_csv(data_path(file));
  CoxColumns columns;
  columns.time = "time";
  columns.event = "event";
  columns.treatment = "treatment";
  columns.covariates = {"age"};
  columns.factors = {"centre"};
  if (stratified) columns.strata = {"site"};
  columns.ties = ties;
  const ExtractedCox extracted = extract_cox_input(table, columns, MissingPolicy::error);
  return build_cox_design(extracted.input);
}

void expect_rel(double actual, double expected, double rel, const std::string& what) {
  EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << what;
}

class CoxFitVsR : public ::testing::TestWithParam<int> {};

TEST_P(CoxFitVsR, MatchesCoxph) {
  const RReference& ref = references()[GetParam()];
  SCOPED_TRACE(ref.name);
  const CoxDesign design = load_design("cox_ties.csv", ref.ties, ref.stratified);
  const CoxView view = design.view();
  ASSERT_EQ(view.dim, 5);
  EXPECT_EQ(design.n, 60);
  EXPECT_EQ(design.n_events, 32);
  EXPECT_EQ(view.n_strata, ref.stratified ? 2 : 1);
  // R's factor(centre) coding: C1 (first in sort order) is the reference.
  const std::vector<std::string> terms{"treatment", "age", "centre[C2]", "centre[C3]", "centre[C4]"};
  EXPECT_EQ(design.term_names, terms);

  // The likelihood alone, at beta = 0 and at a fixed beta.
  const std::vector<double> zero(5, 0.0);
  expect_rel(cox_log_partial_likelihood(view, zero.data()), ref.loglik_null, 1e-10, "loglik at 0");
  expect_rel(cox_log_partial_likelihood(view, kBetaFixed.data()), ref.loglik_at_fixed, 1e-10, "loglik at fixed beta");

  const CoxFit fit = fit_cox_mle(view);
  EXPECT_TRUE(fit.converged);
  EXPECT_TRUE(fit.warnings.empty()) << (fit.warnings.empty() ? "" : fit.warnings.front());
  ASSERT_EQ(fit.coef.size(), 5);
  ASSERT_EQ(fit.se.size(), 5);
  for (int k = 0; k < 5; ++k) {
    expect_rel(fit.coef[k], ref.coef[k], 1e-6, "coef " + terms[k]);
    expect_rel(fit.se[k], ref.se[k], 1e-6, "se " + terms[k]);
    expect_rel(std::sqrt(fit.covariance(k, k)), ref.se[k], 1e-6, "sqrt(covariance) " + terms[k]);
  }
  expect_rel(fit.loglik, ref.loglik, 1e-8, "loglik at MLE");
  expect_rel(fit.loglik_null, ref.loglik_null, 1e-8, "loglik at 0");
}

INSTANTIATE_TEST_SUITE_P(Cox, CoxFitVsR, ::testing::Range(0, 4), [](const auto& info) {
  return std::string(references()[info.param].name);
});

// Separation: R keeps iterating a coefficient to +-infinity and warns
// "Loglik converged before variable ... coefficient may be infinite".
// fit_cox_mle must return (no hang, no exception) with a warning, having
// pushed that coefficient far in the right direction; the log-likelihood
// must approach R's supremum (R stopped at |coef| ~ 32, where the remaining
// gap is ~exp(-32)); 1e-3 absolute leaves room for an earlier stop.
TEST(CoxFitVsRSeparation, AllEventsInTreatmentArm) {
  const CoxDesign design = load_design("cox_separation_arm.csv", Ties::efron, false);
  const CoxView view = design.view();
  ASSERT_EQ(view.dim, 4);  // treatment, age, centre[C2], centre[C3]
  expect_rel(cox_log_partial_likelihood(view, std::vector<double>(4, 0.0).data()), -32.1101953453256, 1e-10,
             "loglik at 0");
  const CoxFit fit = fit_cox_mle(view);
  EXPECT_FALSE(fit.warnings.empty());
  ASSERT_EQ(fit.coef.size(), 4);
  EXPECT_GT(fit.coef[0], 3.0);
  EXPECT_TRUE(std::isfinite(fit.loglik));
  EXPECT_LE(fit.loglik, -21.5053207894721 + 1e-9);
  EXPECT_GE(fit.loglik, -21.5053207894721 - 1e-3);
  EXPECT_NEAR(fit.loglik_null, -32.1101953453256, 1e-8 * 32.11);
}

TEST(CoxFitVsRSeparation, NoEventsInOneCentre) {
  const CoxDesign design = load_design("cox_separation_centre.csv", Ties::efron, false);
  const CoxView view = design.view();
  ASSERT_EQ(view.dim, 5);  // treatment, age, centre[C2], centre[C3], centre[C4]
  const CoxFit fit = fit_cox_mle(view);
  EXPECT_FALSE(fit.warnings.empty());
  ASSERT_EQ(fit.coef.size(), 5);
  EXPECT_LT(fit.coef[3], -3.0);  // centre[C3]
  EXPECT_TRUE(std::isfinite(fit.loglik));
  EXPECT_LE(fit.loglik, -44.7731883257703 + 1e-9);
  EXPECT_GE(fit.loglik, -44.7731883257703 - 1e-3);
  EXPECT_NEAR(fit.loglik_null, -51.4634806109054, 1e-8 * 51.46);
}

}  // namespace
}  // namespace ps

// The paper's figures that can be computed from its published numbers
// (PAPERS.md, CORIMUNO-ANA-1), from examples/corimuno_published/analysis.toml
// run in process: each compared at the precision the paper prints.
//  - Coprimary ARD (beta_binomial, Beta(1, 1) per arm, exact quadrature):
//    median -2.5%, 90% CrI -17.1% to 12.0%, P(ARD < 0) = 61.2%,
//    P(ARD < -5.5%) = 36.9%.
//  - Coprimary HR reanalysed from 0.97 (90% CrI 0.62 to 1.52) with the flat
//    prior: P(HR < 1, 0.95, 0.85, 0.80) within one percentage point of
//    54.5%, 47.1%, 31.7%, 24.1% (the tolerance: the published
//    interval is rounded and the paper's posterior is not exactly normal);
//    the sensitivity analysis 0.94 (0.55 to 1.64): 56.7%, 50.8%, 37.5%, 30.9%.
//  - Safety: Fisher's exact p = 0.46 and 0.45; Poisson p = 0.0004 and 0.17.
// The decision column follows the protocol's rule at the final analysis.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "host/backend/backend.hpp"
#include "host/config/config.hpp"
#include "host/pipeline/analysis.hpp"

namespace {

class PublishedReanalysis : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    config_ = new ps::Config(ps::load_config(std::string(PRIORSWEEP_SOURCE_DIR) + "/examples/corimuno_published/analysis.toml"));
    auto backend = ps::make_backend("cpu", 1, 0);
    ps::Progress progress(true);
    ps::SamplingSettings settings;
    settings.levels = config_->levels;
    settings.threads = 1;
    results_ = new std::map<std::string, ps::AnalysisResult>;
    for (const auto& a : config_->analyses) {
      const auto prepared = ps::prepare_analysis(a, nullptr, config_->missing);
      (*results_)[a.name] = prepared->run(settings, *backend, progress);
    }
  }
  static void TearDownTestSuite() {
    delete results_;
    delete config_;
  }
  static const ps::AnalysisResult& result(const std::string& name) { return results_->at(name); }
  static const ps::FrequentistTerm& only_term(const std::string& name) {
    EXPECT_EQ(result(name).fit.terms.size(), 1u);
    return result(name).fit.terms.at(0);
  }

  static ps::Config* config_;
  static std::map<std::string, ps::AnalysisResult>* results_;
};

ps::Config* PublishedReanalysis::config_ = nullptr;
std::map<std::string, ps::AnalysisResult>* PublishedReanalysis::results_ = nullptr;

// `value` printed with `decimals` decimals reads `printed`.
void expect_printed(double value, double printed, int decimals, const char* what) {
  const double scale = std::pow(10.0, decimals);
  EXPECT_EQ(std::round(value * scale), std::round(printed * scale)) << what << ": " << value << " prints as "
                                                                  << std::round(value * scale) / scale
                                                                  << ", the paper prints " << printed;
}

TEST_F(PublishedReanalysis, CoprimaryRiskDifferenceAtThePrintedPrecision) {
  const ps::AnalysisResult& r = result("day4_ard");
  const ps::TermSummary& ard = r.priors.at(0).terms.at(0);  // prior 0: Beta(1, 1), the paper's
  ASSERT_EQ(r.scale_of(0), "ard");
  expect_printed(100 * ard.median, -2.5, 1, "median ARD (%)");
  // Levels [0.90, 0.95]: bounds q0.05, q0.95, q0.025, q0.975.
  expect_printed(100 * ard.interval_bounds.at(0), -17.1, 1, "90% CrI lower (%)");
  expect_printed(100 * ard.interval_bounds.at(1), 12.0, 1, "90% CrI upper (%)");
  // Thresholds [0, -0.055].
  expect_printed(100 * ard.p_below.at(0), 61.2, 1, "P(ARD < 0) (%)");
  expect_printed(100 * ard.p_below.at(1), 36.9, 1, "P(ARD < -5.5%) (%)");
  EXPECT_EQ(r.priors[0].decision, "inconclusive");  // neither > 95% benefit nor < 20% moderate benefit
  // No chains: no diagnostics.
  EXPECT_TRUE(std::isnan(ard.rhat));
  // The unadjusted odds ratio is close to the paper's adjusted 0.90 (90% CrI 0.47 to 1.73).
  const ps::TermSummary& odds = r.priors[0].terms.at(2);
  ASSERT_EQ(r.scale_of(2), "or");
  EXPECT_NEAR(odds.median, 0.90, 0.01);
}

TEST_F(PublishedReanalysis, CoprimaryHazardRatioWithinOnePoint) {
  const ps::TermSummary& hr = result("day14_hr").priors.at(0).terms.at(0);  // the flat prior
  const double paper[] = {0.545, 0.471, 0.317, 0.241};  // thresholds [1, 0.95, 0.85, 0.80]
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(hr.p_below.at(k), paper[k], 0.01) << "threshold " << k;
  EXPECT_NEAR(hr.median, 0.97, 1e-6);
  expect_printed(hr.interval_bounds.at(0), 0.62, 2, "90% lower");
  expect_printed(hr.interval_bounds.at(1), 1.52, 2, "90% upper");
  // The paper's 95% CrI, 0.57 to 1.66, is not an input: it comes out.
  EXPECT_NEAR(hr.interval_bounds.at(2), 0.57, 0.005);
  EXPECT_NEAR(hr.interval_bounds.at(3), 1.66, 0.01);
}

TEST_F(PublishedReanalysis, VentilationOrDeathSensitivityWithinOnePoint) {
  const ps::TermSummary& hr = result("day14_mv_or_death_hr").priors.at(0).terms.at(0);
  const double paper[] = {0.567, 0.508, 0.375, 0.309};
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(hr.p_below.at(k), paper[k], 0.01) << "threshold " << k;
  // The paper's 95% CrI, 0.49 to 1.82: its MCMC posterior is a little more
  // skewed than the normal one rebuilt from the rounded 90% interval.
  EXPECT_NEAR(hr.interval_bounds.at(2), 0.49, 0.005);
  EXPECT_NEAR(hr.interval_bounds.at(3), 1.82, 0.02);
}

TEST_F(PublishedReanalysis, SafetyTestsAtThePrintedPrecision) {
  expect_printed(only_term("any_adverse_event").p, 0.46, 2, "Fisher p, any AE");
  expect_printed(only_term("any_serious_adverse_event").p, 0.45, 2, "Fisher p, any serious AE");
  expect_printed(only_term("adverse_event_rate").p, 0.0004, 4, "Poisson p, AEs");
  expect_printed(only_term("serious_adverse_event_rate").p, 0.17, 2, "Poisson p, serious AEs");
}

TEST_F(PublishedReanalysis, PriorsMoveTheConclusionTheWayTheyShould) {
  // Optimistic priors raise P(benefit), pessimistic ones lower it, strength
  // by strength; the neutral ones pull the median toward HR 1.
  const ps::AnalysisResult& r = result("day14_hr");
  std::map<std::string, double> p_benefit, median;
  for (const auto& pr : r.priors) {
    const std::string& label = r.grid.points[pr.prior_id].label;
    if (label.empty()) continue;
    p_benefit[label] = pr.terms[0].p_below[0];
    median[label] = pr.terms[0].median;
  }
  ASSERT_EQ(p_benefit.size(), 9u);
  const double flat = r.priors[0].terms[0].p_below[0];
  for (const char* s : {"weak", "moderate", "strong"}) {
    const std::string str = s;
    EXPECT_GT(p_benefit["optimistic-" + str], flat) << s;
    EXPECT_LT(p_benefit["pessimistic-" + str], flat) << s;
    EXPECT_LT(std::abs(std::log(median["neutral-" + str])), std::abs(std::log(0.97))) << s;
  }
  EXPECT_GT(p_benefit["optimistic-strong"], p_benefit["optimistic-weak"]);
  EXPECT_LT(p_benefit["pessimistic-strong"], p_benefit["pessimistic-weak"]);
}

TEST_F(PublishedReanalysis, InformedControlPriorShiftsTheRiskDifference) {
  // A control prior centred on 40% (above the observed 38%) makes the
  // treatment look better than with flat priors, and more so as it gets
  // stronger (Beta(10, 15) -> Beta(40, 60)).
  const ps::AnalysisResult& r = result("day4_ard_informed_control");
  ASSERT_EQ(r.grid.param_names, (std::vector<std::string>{"a", "b", "control_a", "control_b"}));
  const double flat = result("day4_ard").priors[0].terms[0].p_below[0];
  double previous = flat;
  for (const auto& pr : r.priors) {
    const ps::GridPoint& g = r.grid.points[pr.prior_id];
    if (r.grid.value(g, "control_a") / r.grid.value(g, "control_b") != 2.0 / 3.0) continue;
    EXPECT_GT(pr.terms[0].p_below[0], previous) << "control Beta(" << r.grid.value(g, "control_a") << ", "
                                                << r.grid.value(g, "control_b") << ")";
    previous = pr.terms[0].p_below[0];
  }
  EXPECT_GT(previous, flat);
}

}  // namespace

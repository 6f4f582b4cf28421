// The ordinal maximum-likelihood fit (host/fit/ordinal_fit.hpp) against R's
// ordinal::clm on two public/stored datasets, values from
// scripts/r_reference/ordinal_reference.R (output in ordinal_reference.out;
// R 4.2.2, ordinal 2022.11.16), with
//   clm_ctl = clm.control(method = "Newton", gradTol = 1e-10, relTol = 1e-12, maxIter = 200)
// - wine (Randall 1989, shipped with ordinal; tests/fixtures/wine.csv):
//   clm(factor(rating) ~ warm + contact, data = wine, link = "logit" | "probit", control = clm_ctl)
// - who_day7 (simulated by the script; tests/fixtures/who_day7.csv), declared
//   scores 0..10 with 0, 1 and 8 empty (clm drops them, interior ones too):
//   clm(factor(who) ~ treatment + age, data = who_day7, link = "logit" | "probit", control = clm_ctl)
// Estimates and standard errors must agree to 1e-6 relative; the
// log-likelihood also at a fixed parameter vector (the model, not the optimiser).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"
#include "host/design/ordinal_design.hpp"
#include "host/fit/ordinal_fit.hpp"

namespace ps {
namespace {

struct ClmReference {
  std::vector<double> theta, theta_se, beta, beta_se;
  double loglik;
  std::vector<double> fixed_theta, fixed_beta;  // a parameter vector and R's log-likelihood there
  double loglik_at_fixed;
};

OrdinalDesign load(const std::string& file, const OrdinalColumns& columns, OrdinalLink link) {
  const CsvTable table = read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/" + file);
  return build_ordinal_design(extract_ordinal_input(table, columns, MissingPolicy::error).input, link);
}

void expect_rel(double got, double want, double tol, const std::string& what) {
  EXPECT_NEAR(got, want, tol * std::abs(want)) << what;
}

void expect_matches_clm(const OrdinalDesign& design, const ClmReference& r) {
  const OrdinalFit fit = fit_ordinal_mle(design.view());
  ASSERT_TRUE(fit.converged);
  ASSERT_EQ(fit.coef.size(), static_cast<int>(r.beta.size()));
  ASSERT_EQ(fit.cutpoints.size(), static_cast<int>(r.theta.size()));
  for (size_t k = 0; k < r.beta.size(); ++k) {
    expect_rel(fit.coef[k], r.beta[k], 1e-6, "beta " + std::to_string(k));
    expect_rel(fit.coef_se[k], r.beta_se[k], 1e-6, "se beta " + std::to_string(k));
  }
  const Cutpoints c = uncentred_cutpoints(fit, design.numeric_center);
  for (size_t k = 0; k < r.theta.size(); ++k) {
    expect_rel(c.estimate[k], r.theta[k], 1e-6, "theta " + std::to_string(k));
    expect_rel(c.se[k], r.theta_se[k], 1e-6, "se theta " + std::to_string(k));
  }
  expect_rel(fit.loglik, r.loglik, 1e-10, "loglik");

  // The log-likelihood at R's fixed point: cutpoints given for uncentred
  // covariates, so shift them to the design's centring, then map to z.
  double shift = 0.0;
  for (int j = 0; j < design.n_numeric; ++j) shift += r.fixed_beta[1 + j] * design.numeric_center[j];
  OrdinalView collapsed = design.view();
  std::vector<int> rank(design.n_categories, -1), category(design.n);
  int next = 0;
  for (int k = 0; k < design.n_categories; ++k) {
    bool seen = false;
    for (int y : design.category) seen |= y == k;
    if (seen) rank[k] = next++;
  }
  for (int i = 0; i < design.n; ++i) category[i] = rank[design.category[i]];
  collapsed.category = category.data();
  collapsed.n_categories = next;
  collapsed.dim = collapsed.n_coefficients + next - 1;
  std::vector<double> theta(r.fixed_beta), fixed_cutpoints;
  for (double ck : r.fixed_theta) fixed_cutpoints.push_back(ck - shift);
  theta.resize(r.fixed_beta.size() + fixed_cutpoints.size());
  ordinal_cutpoint_parameters(collapsed.link, collapsed.n_categories, collapsed.reference_category,
                              fixed_cutpoints.data(), theta.data() + r.fixed_beta.size());
  expect_rel(ordinal_log_likelihood(collapsed, theta.data()), r.loglik_at_fixed, 1e-10, "loglik at fixed");
}

const OrdinalColumns kWine{"rating", {1, 2, 3, 4, 5}, "warm", {"contact"}, {}};
const OrdinalColumns kWho{"who", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "treatment", {"age"}, {}};

TEST(OrdinalFitVsR, WineLogit) {
  expect_matches_clm(load("wine.csv", kWine, OrdinalLink::logit),
                     {{-1.3443834112647155, 1.2508087984165375, 3.4668869264739697, 5.006404204269959},
                      {0.51710204532427329, 0.4378802029616003, 0.59776042460840895, 0.73090634366697393},
                      {2.503102007898927, 1.5277976580950581},
                      {0.52868010082484573, 0.47662262964829788},
                      -86.491923365649072,
                      {-1.3, 1.3, 3.5, 5.0},
                      {2.5, 1.5},
                      -86.527057953287212});
}

TEST(OrdinalFitVsR, WineProbit) {
  expect_matches_clm(load("wine.csv", kWine, OrdinalLink::probit),
                     {{-0.77326272875836721, 0.73602148983943994, 2.044680463850121, 2.9413449822571538},
                      {0.28286235705885704, 0.24993881830115136, 0.32182101393677887, 0.38725928035950452},
                      {1.4993745783986436, 0.86774353888285694},
                      {0.29179039108987109, 0.26690700928173994},
                      -85.761148364776574,
                      {-0.77, 0.74, 2.0, 2.9},
                      {1.5, 0.87},
                      -85.802198741694681});
}

TEST(OrdinalFitVsR, WhoDay7LogitWithEmptyScores) {
  const OrdinalDesign design = load("who_day7.csv", kWho, OrdinalLink::logit);
  expect_matches_clm(design, {{-2.9519016861860572, -0.49588897861802711, 0.97956073761058804, 2.2014975308071612,
                               2.7864245392853713, 3.1096448989156307, 3.3501377472450646},
                              {1.1825914047666402, 0.99199563023225101, 0.99240558359469289, 1.0056924485829135,
                               1.0148800558822757, 1.0220006180178285, 1.0296529408674964},
                              {-0.55412185044144668, 0.023751100820131897},
                              {0.32891791087775313, 0.015294925010946914},
                              -207.85369265602404,
                              {-3.0, -0.5, 0.98, 2.2, 2.8, 3.1, 3.4},
                              {-0.55, 0.024},
                              -207.95922252099737});
  EXPECT_EQ(fit_ordinal_mle(design.view()).observed, (std::vector<int>{2, 3, 4, 5, 6, 7, 9, 10}));
}

TEST(OrdinalFitVsR, WhoDay7ProbitWithEmptyScores) {
  expect_matches_clm(load("who_day7.csv", kWho, OrdinalLink::probit),
                     {{-1.5040303245208029, -0.28880179571735876, 0.59829835945984111, 1.3528566783381313,
                       1.6930041612605067, 1.8719847720067673, 2.0017984171425613},
                      {0.60618164980639477, 0.56609298641367201, 0.56773538176587468, 0.57140779484971915,
                       0.57363500518162791, 0.57525529771585338, 0.57760689520727648},
                      {-0.38171334878525914, 0.015014892133977022},
                      {0.19142734939398073, 0.0086806371152410196},
                      -206.85309324256681,
                      {-1.5, -0.29, 0.6, 1.4, 1.7, 1.9, 2.0},
                      {-0.38, 0.015},
                      -207.14655703331789});
}

}  // namespace
}  // namespace ps

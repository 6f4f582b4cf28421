// The binomial-normal meta-analysis sweep (host/pipeline/
// meta_binomial_normal_sweep.hpp: Laplace starts per tau prior, the shared
// Metropolis sampler on the CPU backend, summaries, the new-study draws)
// against its posterior integrated numerically. Two small studies, one with a
// zero cell (0/25 vs 4/24, 7/30 vs 12/31); priors mu ~ N(0, 1), tau ~
// half-normal(0.5), baselines alpha_i ~ N(-1, 1.5^2): theta = [mu, log tau,
// alpha_1, alpha_2].
//
// The reference integrates the same posterior with the study effects taken
// out by 40-node adaptive quadrature (within 1e-9 of Gauss-Kronrod in
// tests/models/test_meta_binomial_normal_likelihood.cpp; the sampled model
// uses 20). In tau itself the density is smooth and even (the likelihood
// depends on tau through N(mu, tau^2), the prior is folded), so the midpoint
// rule on tau = (j + 1/2) h is spectrally accurate; on each tau slice
// (mu, alpha_1, alpha_2) is standardised by its own Laplace approximation and
// integrated by the trapezoid rule in z (step 0.5, |z_k| <= 6.5). The test
// asserts that the boundary carries under 1e-5 of the mass (measured 2e-6,
// a thousandth of the smallest tolerance below).
//
// Compared, within 4.5 Monte-Carlo standard errors (from each term's ESS):
// E(OR), SD(OR), P(OR < 1); E(tau), SD(tau); the new study's P(OR < 1) and
// P(OR < 0.5), whose exact values are E Phi((log t - mu) / tau).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <stdexcept>

#include "host/backend/backend.hpp"
#include "host/fit/numeric_laplace.hpp"
#include "host/meta/binomial_normal_design.hpp"
#include "host/pipeline/meta_binomial_normal_sweep.hpp"
#include "models/meta_binomial_normal_posterior.hpp"

namespace ps {
namespace {

const std::vector<StudyTable> kStudies = {{"A", 0, 25, 4, 24}, {"B", 7, 30, 12, 31}};
const ScalarPrior kEffectPrior{PriorFamily::normal, 0.0, 1.0, 0.0};
const ScalarPrior kTauPrior{PriorFamily::normal, 0.0, 0.5, 0.0};  // half-normal(0.5)
const ScalarPrior kBaselinePrior{PriorFamily::normal, -1.0, 1.5, 0.0};

struct Moments {
  double w = 0.0;  // total weight
  double or1 = 0.0, or2 = 0.0, or3 = 0.0, or4 = 0.0;
  double tau1 = 0.0, tau2 = 0.0, tau3 = 0.0, tau4 = 0.0;
  double p_or_below_1 = 0.0, p_new_below_1 = 0.0, p_new_below_half = 0.0;
  double edge = 0.0;

  void add(double weight, double mu, double tau, bool on_edge) {
    const double r = std::exp(mu);
    w += weight;
    or1 += weight * r, or2 += weight * r * r, or3 += weight * r * r * r, or4 += weight * r * r * r * r;
    tau1 += weight * tau, tau2 += weight * tau * tau, tau3 += weight * tau * tau * tau, tau4 += weight * tau * tau * tau * tau;
    p_or_below_1 += weight * (mu < 0.0);
    const auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    p_new_below_1 += weight * phi(-mu / tau);
    p_new_below_half += weight * phi((std::log(0.5) - mu) / tau);
    if (on_edge) edge += weight;
  }
};

struct Exact {
  double mean_or, sd_or, m4_or, mean_tau, sd_tau, m4_tau, p_or_below_1, p_new_below_1, p_new_below_half, edge;
};

// The fourth central moment from raw moments.
double central4(double m1, double m2, double m3, double m4) {
  return m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1;
}

Exact integrate_posterior() {
  const BinomialNormalDesign design = build_binomial_normal_design(kStudies, 40);
  const MetaBinomialNormalPosterior post{design.view(), kEffectPrior, kTauPrior, kBaselinePrior};
  Eigen::Vector3d start(-0.5, -1.0, -0.5);
  const double h = 0.05, tau_max = 3.0, step = 0.5;
  const int n = 13;  // |z| <= n * step
  double reference = NAN;
  Moments m;
  for (double tau = 0.5 * h; tau < tau_max; tau += h) {
    const double log_tau = std::log(tau);
    const auto theta_at = [log_tau](const Eigen::Vector3d& x) {
      return Eigen::Vector4d(x[0], log_tau, x[1], x[2]);
    };
    // The density in tau: the log-tau density minus log tau.
    const auto log_f = [&](const Eigen::Vector3d& x) {
      const Eigen::Vector4d t = theta_at(x);
      return post.log_density(t.data()) - log_tau;
    };
    const LaplaceBase conditional =
        numeric_laplace_base([&](const Eigen::VectorXd& x) { return log_f(Eigen::Vector3d(x)); }, start);
    start = conditional.mode;
    const Eigen::LLT<Eigen::Matrix3d> llt(Eigen::Matrix3d(conditional.precision.inverse()));
    if (llt.info() != Eigen::Success) throw std::runtime_error("no Laplace approximation at tau " + std::to_string(tau));
    const Eigen::Matrix3d L = llt.matrixL();
    if (std::isnan(reference)) reference = log_f(conditional.mode);
    const double jacobian = std::log(L.determinant());
    for (int i = -n; i <= n; ++i)
      for (int j = -n; j <= n; ++j)
        for (int k = -n; k <= n; ++k) {
          const Eigen::Vector3d x = conditional.mode + L * (step * Eigen::Vector3d(i, j, k));
          const double weight = std::exp(log_f(x) + jacobian - reference);
          const bool edge = std::abs(i) == n || std::abs(j) == n || std::abs(k) == n || tau + h > tau_max;
          m.add(weight, x[0], tau, edge);
        }
  }
  Exact e;
  const double or1 = m.or1 / m.w, tau1 = m.tau1 / m.w;
  e.mean_or = or1;
  e.sd_or = std::sqrt(m.or2 / m.w - or1 * or1);
  e.m4_or = central4(or1, m.or2 / m.w, m.or3 / m.w, m.or4 / m.w);
  e.mean_tau = tau1;
  e.sd_tau = std::sqrt(m.tau2 / m.w - tau1 * tau1);
  e.m4_tau = central4(tau1, m.tau2 / m.w, m.tau3 / m.w, m.tau4 / m.w);
  e.p_or_below_1 = m.p_or_below_1 / m.w;
  e.p_new_below_1 = m.p_new_below_1 / m.w;
  e.p_new_below_half = m.p_new_below_half / m.w;
  e.edge = m.edge / m.w;
  return e;
}

AnalysisResult sampled_posterior() {
  AnalysisConfig config;
  config.name = "two_studies";
  config.model = "meta_binary";
  config.prior_blocks = {PriorBlock{"normal", {{"mean", {0.0}}, {"sd", {1.0}}}}};
  config.tau_prior_blocks = {PriorBlock{"half_normal", {{"scale", {0.5}}}}};
  config.nuisance_prior = kBaselinePrior;
  config.quadrature_nodes = 20;
  config.thresholds = {1.0, 0.5};
  config.threshold_labels = {"1", "0.5"};
  SamplingSettings settings;
  settings.seed = 77;
  settings.chains = 4;
  settings.warmup = 2000;
  settings.draws = 60000;
  settings.levels = {0.95};
  settings.threads = 2;
  auto backend = make_cpu_backend(2);
  Progress quiet(true);
  AnalysisResult result;
  result.config = &config;
  sweep_binomial_normal(kStudies, {-0.5, 0.3}, config, settings, *backend, quiet, result);
  return result;
}

TEST(MetaBinomialNormalPosteriorQuadrature, SweepMatchesTheIntegratedPosterior) {
  const Exact e = integrate_posterior();
  EXPECT_LT(e.edge, 1e-5);
  const AnalysisResult r = sampled_posterior();
  ASSERT_EQ(r.priors.size(), 1u);
  ASSERT_EQ(r.priors[0].terms.size(), 3u);
  const TermSummary& pooled = r.priors[0].terms[0];
  const TermSummary& tau = r.priors[0].terms[1];
  const TermSummary& predictive = r.priors[0].terms[2];
  const double k = 4.5;
  const auto se_mean = [](double sd, double ess) { return sd / std::sqrt(ess); };
  const auto se_sd = [](double sd, double m4, double ess) { return std::sqrt((m4 - std::pow(sd, 4)) / ess) / (2 * sd); };
  const auto se_p = [](double p, double ess) { return std::sqrt(p * (1 - p) / ess); };
  const double ess_or = std::min(pooled.ess_bulk, pooled.ess_tail);
  const double ess_tau = std::min(tau.ess_bulk, tau.ess_tail);
  const double ess_new = std::min(predictive.ess_bulk, predictive.ess_tail);
  EXPECT_GT(ess_or, 2000);
  EXPECT_LE(pooled.rhat, 1.01);
  EXPECT_NEAR(pooled.mean, e.mean_or, k * se_mean(e.sd_or, ess_or));
  EXPECT_NEAR(pooled.sd, e.sd_or, k * se_sd(e.sd_or, e.m4_or, ess_or));
  EXPECT_NEAR(pooled.p_below[0], e.p_or_below_1, k * se_p(e.p_or_below_1, ess_or));
  EXPECT_NEAR(tau.mean, e.mean_tau, k * se_mean(e.sd_tau, ess_tau));
  EXPECT_NEAR(tau.sd, e.sd_tau, k * se_sd(e.sd_tau, e.m4_tau, ess_tau));
  EXPECT_TRUE(std::isnan(tau.p_below[0]));  // no thresholds on tau
  EXPECT_NEAR(predictive.p_below[0], e.p_new_below_1, k * se_p(e.p_new_below_1, ess_new));
  EXPECT_NEAR(predictive.p_below[1], e.p_new_below_half, k * se_p(e.p_new_below_half, ess_new));
  EXPECT_TRUE(std::isnan(predictive.mean));  // need not exist
}

}  // namespace
}  // namespace ps

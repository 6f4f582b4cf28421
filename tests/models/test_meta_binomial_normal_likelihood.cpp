// The binomial-normal meta-analysis likelihood (models/meta_binomial_normal.hpp)
// and its posterior, against independent computations:
//   - a study's marginal likelihood by adaptive quadrature against Boost's
//     adaptive Gauss-Kronrod integral of the same binomial x normal integrand
//     (zero cells, all events, rare events, tau from 0.02 to 3), with 10 and
//     20 and 40 nodes, and the Laplace approximation (1 node) visibly worse;
//   - tau -> 0: the binomial likelihood at theta = mu, in closed form;
//   - the control arm: r log p + (n - r) log(1 - p), by hand;
//   - the posterior: differences of log densities between parameter vectors
//     equal the sum of the pieces (priors with the log-tau Jacobian).
#include <gtest/gtest.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <vector>

#include "host/meta/binomial_normal_design.hpp"
#include "models/meta_binomial_normal_posterior.hpp"

namespace ps {
namespace {

// log of integral Bin(a | n, expit(offset + tau u)) phi(u) du (no binomial
// coefficient), by adaptive Gauss-Kronrod on u in [-14, 14].
double reference_log_integral(double a, double n, double offset, double tau) {
  // Scale by the integrand's largest value on a fine grid, so that it is O(1).
  double peak = -HUGE_VAL;
  for (double u = -14.0; u <= 14.0; u += 1e-3) {
    const double x = offset + tau * u;
    peak = std::max(peak, a * x - n * softplus(x) - 0.5 * u * u);
  }
  const auto f = [&](double u) {
    const double x = offset + tau * u;
    return std::exp(a * x - n * softplus(x) - 0.5 * u * u - peak);
  };
  const double integral = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, -14.0, 14.0, 25, 1e-14);
  return peak + std::log(integral) - 0.5 * std::log(2.0 * M_PI);
}

struct Arm {
  double events, total, offset, tau;
};

const std::vector<Arm> kCases = {
    {0, 20, -2.0, 0.5},    // zero events
    {20, 20, 1.0, 1.0},    // only events
    {5, 50, -1.5, 0.02},   // almost no heterogeneity
    {150, 300, 0.2, 3.0},  // large study, large tau: the likelihood dominates
    {1, 1000, -5.0, 2.0},  // a rare event
    {3, 12, 0.0, 1.2},     // small study, the prior and likelihood of comparable width
};

double agq_log_integral(const Arm& c, int nodes) {
  const GaussHermiteRule rule = gauss_hermite_rule(nodes);
  const StudyEffectIntegrand integrand{c.events, c.total, c.offset, c.tau};
  return adaptive_gauss_hermite_log_integral(
      integrand, GaussHermiteView{static_cast<int>(rule.node.size()), rule.node.data(), rule.log_weight.data()});
}

TEST(BinomialNormalLikelihood, AdaptiveQuadratureMatchesGaussKronrod) {
  for (const Arm& c : kCases) {
    const double exact = reference_log_integral(c.events, c.total, c.offset, c.tau);
    SCOPED_TRACE(testing::Message() << c.events << "/" << c.total << " offset " << c.offset << " tau " << c.tau);
    // The rare event's integrand has a long exponential left tail (exp(x) as
    // x -> -inf), the slowest case: 1.2e-4 with 10 nodes, 5e-7 with 20 (the
    // meta-analysis default), 4e-10 with 40; the others are below 1e-6 at 10.
    EXPECT_NEAR(agq_log_integral(c, 10), exact, 2e-4);
    EXPECT_NEAR(agq_log_integral(c, 20), exact, 1e-6);
    EXPECT_NEAR(agq_log_integral(c, 40), exact, 1e-9);
  }
}

TEST(BinomialNormalLikelihood, LaplaceApproximationIsCoarserThanTenNodes) {
  // Where the integrand is not normal (small study, tau of the likelihood's width).
  const Arm c = kCases.back();
  const double exact = reference_log_integral(c.events, c.total, c.offset, c.tau);
  EXPECT_GT(std::abs(agq_log_integral(c, 1) - exact), 1e3 * std::abs(agq_log_integral(c, 10) - exact));
}

TEST(BinomialNormalLikelihood, ControlArmIsTheBinomialLogLikelihood) {
  const double p = 0.3, x = std::log(p / (1 - p));
  EXPECT_NEAR(binomial_logit_log_likelihood(4, 25, x), 4 * std::log(p) + 21 * std::log(1 - p), 1e-12);
  EXPECT_NEAR(binomial_logit_log_likelihood(0, 25, -40.0), -25 * softplus(-40.0), 1e-30);
}

// Two studies, a zero cell among them.
BinomialNormalDesign two_studies(int nodes) {
  return build_binomial_normal_design({{"A", 0, 25, 4, 24}, {"B", 7, 30, 12, 31}}, nodes);
}

TEST(BinomialNormalLikelihood, TinyTauGivesTheBinomialAtThePooledEffect) {
  const BinomialNormalDesign d = two_studies(10);
  const double mu = -0.7, alpha[2] = {-1.6, -0.4};
  const double theta[4] = {mu, std::log(1e-7), alpha[0], alpha[1]};
  double expected = 0.0;
  for (int i = 0; i < 2; ++i)
    expected += binomial_logit_log_likelihood(d.events_control[i], d.total_control[i], alpha[i]) +
                binomial_logit_log_likelihood(d.events_treatment[i], d.total_treatment[i], alpha[i] + mu);
  EXPECT_NEAR(binomial_normal_log_likelihood(d.view(), theta), expected, 1e-9);
}

TEST(BinomialNormalPosterior, DensityIsLikelihoodPlusPriorsWithTheLogTauJacobian) {
  const BinomialNormalDesign d = two_studies(10);
  const ScalarPrior effect{PriorFamily::student_t, 4.0, -0.2, 0.8};
  const ScalarPrior baseline{PriorFamily::normal, -1.0, 1.5, 0.0};
  for (const ScalarPrior& tau_prior : {ScalarPrior{PriorFamily::normal, 0.0, 0.5, 0.0},
                                       ScalarPrior{PriorFamily::student_t, 1.0, 0.0, 0.3},
                                       ScalarPrior{PriorFamily::lognormal, -1.28, 0.87, 0.0}}) {
    MetaBinomialNormalPosterior post{d.view(), {}, {}, baseline};
    post.set_swept_prior(SweptPrior{effect, tau_prior});
    const double a[4] = {-0.3, std::log(0.4), -1.2, -0.5};
    const double b[4] = {0.5, std::log(1.3), -2.0, 0.1};
    const auto by_hand = [&](const double* t) {
      const double tau = std::exp(t[1]);
      return binomial_normal_log_likelihood(d.view(), t) + prior_log_density(effect, t[0]) +
             prior_log_density(tau_prior, tau) + t[1] + prior_log_density(baseline, t[2]) +
             prior_log_density(baseline, t[3]);
    };
    EXPECT_NEAR(post.log_density(a) - post.log_density(b), by_hand(a) - by_hand(b), 1e-10);
  }
}

TEST(BinomialNormalPosterior, LogNormalTauPriorIsNormalInLogTau) {
  // tau^2 ~ LN(m, s^2) is log tau ~ N(m / 2, (s / 2)^2), here with tau far below
  // the double range's reach of exp.
  const ScalarPrior p{PriorFamily::lognormal, -1.28, 0.87, 0.0};
  for (double l : {-800.0, -3.0, 0.5})
    EXPECT_NEAR(log_scale_prior_kernel(p, l) - log_scale_prior_kernel(p, 0.0),
                -0.5 * (std::pow((l - p.a) / p.b, 2) - std::pow(p.a / p.b, 2)), 1e-9 * (1 + l * l));
}

}  // namespace
}  // namespace ps

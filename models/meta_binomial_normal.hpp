// The binomial-normal random-effects meta-analysis of 2x2 tables (Smith,
// Spiegelhalter & Thomas, Stat Med 1995;14:2685-2699; the model of WinBUGS's
// "Blocker" example and of metafor's rma.glmm(model = "UM.FS") with random
// study effects), shared by the host and the samplers:
//
//   events_control_i   ~ Binomial(total_control_i,   expit(alpha_i)),
//   events_treatment_i ~ Binomial(total_treatment_i, expit(alpha_i + theta_i)),
//   theta_i ~ N(mu, tau^2),
//
// alpha_i the study's control-arm log odds (its baseline), theta_i its log
// odds ratio, mu the pooled log odds ratio, tau the between-study SD. The
// exact binomial likelihood needs no continuity correction: a zero cell is
// just a count of zero.
//
// The study effects are integrated out, one per study, by adaptive
// Gauss-Hermite quadrature (models/adaptive_gauss_hermite.hpp), as a random
// intercept is: with theta_i = mu + tau u,
//
//   L_i = Bin(c_i | alpha_i) integral Bin(a_i | alpha_i + mu + tau u) phi(u) du,
//   h(u) = -[a eta - n1 softplus(eta)] + u^2/2,   eta = alpha_i + mu + tau u,
//   h'(u) = -tau (a - n1 p) + u,   h''(u) = tau^2 n1 p (1 - p) + 1,   p = expit(eta),
//
// h strictly convex (h'' >= 1), its integrand log-concave with a normal tail,
// so a few nodes are accurate (tests compare with adaptive quadrature). The
// sampler then moves only [mu, log tau, alpha_1 .. alpha_k]: no funnel between
// tau and the study effects, k + 2 coordinates instead of 2k + 2. Binomial
// coefficients are constants and dropped.
#pragma once

#include "models/adaptive_gauss_hermite.hpp"
#include "models/hd.hpp"
#include "models/ordinal.hpp"  // softplus
#include "models/serial_group.hpp"

namespace ps {

struct BinomialNormalView {
  int n_studies = 0;
  const double* events_treatment = nullptr;  // [n_studies]
  const double* total_treatment = nullptr;
  const double* events_control = nullptr;
  const double* total_control = nullptr;
  int n_nodes = 1;                           // quadrature nodes per study (1 = Laplace)
  const double* node = nullptr;              // [n_nodes] Gauss-Hermite abscissae
  const double* log_weight = nullptr;        // [n_nodes] log w_k + x_k^2

  // theta = [mu, log tau, alpha_1 .. alpha_k]
  PS_HD int dim() const { return 2 + n_studies; }
  static constexpr int kPooledEffect = 0;
  static constexpr int kLogTau = 1;
  static constexpr int kFirstBaseline = 2;
};

// r log p + (n - r) log(1 - p) at p = expit(x): r x - n softplus(x).
PS_HD inline double binomial_logit_log_likelihood(double events, double total, double x) {
  return events * x - total * softplus(x);
}

// h(u) of one study's treatment arm (see the header), as the quadrature's callable.
struct StudyEffectIntegrand {
  double events, total;  // the treatment arm
  double offset;         // alpha_i + mu
  double tau;
  PS_HD QuadratureTerms operator()(double u, bool derivatives) const {
    const double eta = offset + tau * u;
    QuadratureTerms t;
    t.h = 0.5 * u * u - binomial_logit_log_likelihood(events, total, eta);
    if (derivatives) {
      const double p = eta >= 0.0 ? 1.0 / (1.0 + exp(-eta)) : exp(eta) / (1.0 + exp(eta));
      t.dh = u - tau * (events - total * p);
      t.d2h = 1.0 + tau * tau * total * p * (1.0 - p);
    }
    return t;
  }
};

// log L_i, the study's binomial likelihood with its effect integrated out.
PS_HD inline double study_log_marginal(const BinomialNormalView& m, double mu, double tau, double alpha, int i) {
  const double control = binomial_logit_log_likelihood(load_readonly(m.events_control + i),
                                                       load_readonly(m.total_control + i), alpha);
  const StudyEffectIntegrand integrand{load_readonly(m.events_treatment + i), load_readonly(m.total_treatment + i),
                                       alpha + mu, tau};
  return control + adaptive_gauss_hermite_log_integral(integrand, GaussHermiteView{m.n_nodes, m.node, m.log_weight});
}

// The marginal log-likelihood, summed over studies by the members of `group`
// (SerialGroup: one thread); every member returns the sum.
template <class Group>
PS_HD double binomial_normal_log_likelihood(const BinomialNormalView& m, const double* theta, const Group& group) {
  const double mu = theta[BinomialNormalView::kPooledEffect];
  const double tau = exp(theta[BinomialNormalView::kLogTau]);
  double part = 0.0;
  for (int i = group.rank(); i < m.n_studies; i += group.size())
    part += study_log_marginal(m, mu, tau, theta[BinomialNormalView::kFirstBaseline + i], i);
  const double loglik = group.sum(part);
  return loglik == loglik ? loglik : neg_infinity();
}

PS_HD inline double binomial_normal_log_likelihood(const BinomialNormalView& m, const double* theta) {
  return binomial_normal_log_likelihood(m, theta, SerialGroup{});
}

}  // namespace ps

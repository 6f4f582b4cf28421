// Log posterior density of the Bayesian binomial-normal meta-analysis
// (models/meta_binomial_normal.hpp): the marginal likelihood with the study
// effects integrated out, the swept prior on the pooled log odds ratio mu,
// the swept prior on the between-study SD tau (half-normal, half-Cauchy or
// log-normal; the sampler moves log tau, so the density carries the Jacobian
// tau), and one prior on every study's baseline log odds alpha_i.
// Unnormalised, as Metropolis needs.
#pragma once

#include "models/meta_binomial_normal.hpp"
#include "models/priors.hpp"

namespace ps {

struct MetaBinomialNormalPosterior {
  BinomialNormalView likelihood;
  ScalarPrior effect_prior;    // on mu = theta[0]
  ScalarPrior tau_prior{PriorFamily::normal, 0.0, 0.5, 0.0};  // on tau (folded), theta[1] = log tau
  ScalarPrior baseline_prior{PriorFamily::normal, 0.0, 10.0, 0.0};  // on each alpha_i

  PS_HD int dim() const { return likelihood.dim(); }
  PS_HD void set_swept_prior(const SweptPrior& p) {
    effect_prior = p.effect;
    tau_prior = p.scale;
  }
  // The units a likelihood evaluation splits between the lanes of a team.
  PS_HD int patients() const { return likelihood.n_studies; }

  PS_HD double log_prior(const double* theta) const {
    double lp = prior_log_kernel(effect_prior, theta[BinomialNormalView::kPooledEffect]) +
                log_scale_prior_kernel(tau_prior, theta[BinomialNormalView::kLogTau]);
    for (int i = 0; i < likelihood.n_studies; ++i)
      lp += prior_log_kernel(baseline_prior, theta[BinomialNormalView::kFirstBaseline + i]);
    return lp == lp ? lp : neg_infinity();
  }

  PS_HD double log_density(const double* theta) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + binomial_normal_log_likelihood(likelihood, theta);
  }

  // The team form (see CoxPosterior): members split the studies.
  template <int kStretch, class Group>
  PS_HD double log_density(const double* theta, float* /*table*/, int /*stride*/, const Group& group) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + binomial_normal_log_likelihood(likelihood, theta, group);
  }
};

}  // namespace ps

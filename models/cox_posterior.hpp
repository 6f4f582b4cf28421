// Log posterior density of the Bayesian Cox model: partial likelihood, the
// swept prior on the treatment log HR, and one nuisance prior applied to every
// other coefficient. This is the target the Metropolis chains sample; it is
// unnormalised (prior constants dropped), which Metropolis ratios ignore.
#pragma once

#include "models/cox.hpp"
#include "models/priors.hpp"

namespace ps {

struct CoxPosterior {
  CoxView likelihood;
  ScalarPrior effect_prior;    // on theta[0]
  ScalarPrior nuisance_prior;  // on theta[1 ..]

  PS_HD int dim() const { return likelihood.dim; }

  PS_HD double log_prior(const double* theta) const {
    double lp = prior_log_kernel(effect_prior, theta[0]);
    for (int k = 1; k < likelihood.dim; ++k) lp += prior_log_kernel(nuisance_prior, theta[k]);
    return lp;
  }

  PS_HD double log_density(const double* theta) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + cox_log_partial_likelihood(likelihood, theta);
  }
};

}  // namespace ps

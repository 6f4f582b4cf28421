// Log posterior density of the Bayesian cumulative-link model: likelihood
// (models/ordinal.hpp), the swept prior on the treatment coefficient (log
// odds ratio), one nuisance prior on every other regression coefficient, and
// the induced-Dirichlet prior on the cutpoints. Unnormalised, as Metropolis
// needs.
#pragma once

#include "models/ordinal.hpp"
#include "models/priors.hpp"

namespace ps {

struct OrdinalPosterior {
  OrdinalView likelihood;
  ScalarPrior effect_prior;         // on theta[0]
  ScalarPrior nuisance_prior;       // on theta[1 .. n_coefficients)
  double cutpoint_concentration = 1.0;  // Dirichlet alpha on the reference patient's category probabilities

  PS_HD int dim() const { return likelihood.dim; }
  PS_HD void set_swept_prior(const SweptPrior& p) { effect_prior = p.effect; }
  // The units a likelihood evaluation splits between the lanes of a team.
  PS_HD int patients() const { return likelihood.n; }

  PS_HD double log_prior(const double* theta) const {
    double lp = prior_log_kernel(effect_prior, theta[0]);
    for (int k = 1; k < likelihood.n_coefficients; ++k) lp += prior_log_kernel(nuisance_prior, theta[k]);
    return lp + ordinal_cutpoint_log_prior(likelihood.n_categories, likelihood.reference_category,
                                           theta + likelihood.n_coefficients, cutpoint_concentration);
  }

  PS_HD double log_density(const double* theta) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + ordinal_log_likelihood(likelihood, theta);
  }

  // The team form (see CoxPosterior): members split the patients. The
  // coefficient table is not needed here -- the likelihood reads theta in
  // double precision -- and is accepted for a uniform interface.
  template <int kStretch, class Group>
  PS_HD double log_density(const double* theta, float* /*table*/, int /*stride*/, const Group& group) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + ordinal_log_likelihood(likelihood, theta, group);
  }
};

}  // namespace ps

// Log posterior density of the Bayesian Cox model: partial likelihood, the
// swept prior on the treatment log HR, and one nuisance prior applied to every
// other coefficient. This is the target the Metropolis chains sample; it is
// unnormalised (prior constants dropped), which Metropolis ratios ignore.
//
// The likelihood is the sampling form (models/cox_sampling.hpp). A chain
// evaluated by one thread calls log_density(theta); a chain whose likelihood
// a group of GPU lanes evaluates together calls the group overload, which
// every member of the group calls with the same theta.
#pragma once

#include "models/cox_sampling.hpp"
#include "models/priors.hpp"

namespace ps {

struct CoxPosterior {
  CoxSamplingView likelihood;
  ScalarPrior effect_prior;    // on theta[0]
  ScalarPrior nuisance_prior;  // on theta[1 ..]

  PS_HD int dim() const { return likelihood.dim; }
  PS_HD void set_swept_prior(const SweptPrior& p) { effect_prior = p.effect; }
  // The units a likelihood evaluation splits between the lanes of a team.
  PS_HD int patients() const { return likelihood.n; }

  PS_HD double log_prior(const double* theta) const {
    double lp = prior_log_kernel(effect_prior, theta[0]);
    for (int k = 1; k < likelihood.dim; ++k) lp += prior_log_kernel(nuisance_prior, theta[k]);
    return lp;
  }

  PS_HD double log_density(const double* theta) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + cox_sampling_log_likelihood(likelihood, theta);
  }

  // The group form: `table` holds the dim + 1 coefficients (entry k at
  // table[k * stride]) shared by the group's members, who write it together.
  // The group's barrier orders the writes before the reads; the broadcast
  // inside log_of_product orders the reads before the next evaluation's
  // writes. kStretch: consecutive patients per member per tile.
  template <int kStretch, class Group>
  PS_HD double log_density(const double* theta, float* table, int stride, const Group& group) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    for (int k = group.rank(); k <= likelihood.dim; k += group.size())
      table[k * stride] = k < likelihood.dim ? static_cast<float>(theta[k]) : 0.0f;
    group.sync();
    return lp + cox_sampling_log_likelihood<kStretch>(likelihood, table, stride, group);
  }
};

}  // namespace ps

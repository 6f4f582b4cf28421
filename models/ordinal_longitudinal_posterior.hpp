// Log posterior density of the Bayesian longitudinal cumulative-link model:
// the marginal likelihood (models/ordinal_longitudinal.hpp, random intercept
// integrated out), the swept prior on the treatment coefficient, the nuisance
// prior on every other coefficient (day effects included), the
// induced-Dirichlet cutpoint prior of the single-day model, and a half-normal
// or half-Student-t prior on the random-intercept SD sigma. The sampler moves
// log sigma, so the density carries the Jacobian sigma. Unnormalised.
#pragma once

#include "models/ordinal.hpp"
#include "models/ordinal_longitudinal.hpp"
#include "models/priors.hpp"

namespace ps {

struct OrdinalLongitudinalPosterior {
  OrdinalLongitudinalView likelihood;
  ScalarPrior effect_prior;             // on theta[0]
  ScalarPrior nuisance_prior;           // on theta[1 .. n_coefficients)
  double cutpoint_concentration = 1.0;  // Dirichlet alpha, as OrdinalPosterior
  // The SD prior folded at zero: normal(0, scale) gives the half-normal,
  // student_t(df, 0, scale) the half-t; the fold only doubles the constant.
  ScalarPrior sd_prior{PriorFamily::student_t, 3.0, 0.0, 2.5};

  PS_HD int dim() const { return likelihood.dim; }
  PS_HD void set_swept_prior(const SweptPrior& p) { effect_prior = p.effect; }
  // The units a likelihood evaluation splits between the lanes of a team.
  PS_HD int patients() const { return likelihood.n_patients; }

  PS_HD double log_prior(const double* theta) const {
    double lp = prior_log_kernel(effect_prior, theta[0]);
    for (int k = 1; k < likelihood.n_coefficients; ++k) lp += prior_log_kernel(nuisance_prior, theta[k]);
    lp += log_scale_prior_kernel(sd_prior, theta[likelihood.log_sd_index()]);
    return lp + ordinal_cutpoint_log_prior(likelihood.n_categories, likelihood.reference_category,
                                           theta + likelihood.cutpoint_offset(), cutpoint_concentration);
  }

  PS_HD double log_density(const double* theta) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + ordinal_longitudinal_log_likelihood(likelihood, theta);
  }

  // The team form (see CoxPosterior): members split the patients.
  template <int kStretch, class Group>
  PS_HD double log_density(const double* theta, float* /*table*/, int /*stride*/, const Group& group) const {
    const double lp = log_prior(theta);
    if (!(lp > neg_infinity())) return neg_infinity();
    return lp + ordinal_longitudinal_log_likelihood(likelihood, theta, group);
  }
};

}  // namespace ps

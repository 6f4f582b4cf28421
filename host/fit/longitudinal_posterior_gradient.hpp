// The gradient of the longitudinal ordinal log posterior in the sampler's
// coordinates theta = [coefficients, log sd, z] (models/
// ordinal_longitudinal_posterior.hpp), from the likelihood's analytic
// gradient in the fit's coordinates phi = [coefficients, cutpoints, log sd]
// (host/fit/ordinal_longitudinal_fit.hpp) by the chain rule, plus the
// priors. Used for the Laplace start and proposal of every prior.
#pragma once

#include <Eigen/Dense>

#include "host/fit/numeric_laplace.hpp"  // DensityGradient
#include "models/ordinal_longitudinal_posterior.hpp"

namespace ps {

DensityGradient longitudinal_posterior_gradient(const OrdinalLongitudinalPosterior& posterior,
                                                const Eigen::VectorXd& theta);

}  // namespace ps

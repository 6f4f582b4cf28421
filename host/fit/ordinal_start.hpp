// Pieces both ordinal analyses (single-day and longitudinal) need around the
// fits: the null log-likelihood and a starting point for the cutpoints of
// every declared category.
#pragma once

#include <vector>

#include "models/ordinal.hpp"

namespace ps {

// The log-likelihood of the model without predictors: every score at the
// observed category proportions.
double ordinal_null_log_likelihood(const std::vector<int>& category, int n_categories);

// The cutpoint parameters z (models/ordinal.hpp: log ratios to the
// reference category) at the smoothed proportions of every declared category
// -- half a score added to each, so empty ones get finite cutpoints. The
// same for both links: z parameterises the probabilities.
std::vector<double> ordinal_cutpoint_start(const std::vector<int>& category, int n_categories, int reference);

}  // namespace ps

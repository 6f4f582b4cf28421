// The prior grid of one analysis: each [analysis.prior] block expands to the
// Cartesian product of its parameter values (first parameter slowest), and
// blocks are concatenated; prior_id is the position in that list.
#pragma once

#include <string>
#include <vector>

#include "host/config/config.hpp"
#include "models/priors.hpp"

namespace ps {

struct GridPoint {
  ScalarPrior prior;
  std::string family;
  std::vector<double> param_values;  // aligned with PriorGrid::param_names; NaN where not a parameter of the family
};

struct PriorGrid {
  std::vector<std::string> param_names;  // union over blocks in first-seen order, e.g. mean, sd, df, location, scale
  std::vector<GridPoint> points;
};

PriorGrid expand_prior_grid(const std::vector<PriorBlock>& blocks);

}  // namespace ps

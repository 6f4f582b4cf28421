// The prior grid of one analysis: each [analysis.prior] block expands to the
// Cartesian product of its parameter values (first parameter slowest), and
// blocks are concatenated; prior_id is the position in that list. Stated
// priors (normal_from_tail, belief_grid) become normal priors on the model
// scale and also report the mean and sd they resolve to. With
// [analysis.prior_control] (beta_binomial), the grid is the product of the
// treatment arm's points (slower) and the control arm's (columns control_a,
// control_b).
#pragma once

#include <string>
#include <vector>

#include "host/config/config.hpp"
#include "models/priors.hpp"

namespace ps {

struct GridPoint {
  ScalarPrior prior;                 // the treatment-effect prior of the sampled models
  // A meta-analysis's prior on the between-study SD tau, on tau (half-normal
  // as normal(0, s), half-Cauchy as student_t(1, 0, s), log-normal on tau^2
  // as log-normal on tau); default elsewhere.
  ScalarPrior scale_prior;
  std::string family;                // as sampled: normal, student_t or beta
  std::vector<double> param_values;  // aligned with PriorGrid::param_names; NaN where not a parameter of the family
  std::string label;                 // belief_grid: e.g. "optimistic-moderate"; turner: the outcome and comparison; else empty

  SweptPrior swept() const { return {prior, scale_prior}; }
};

struct PriorGrid {
  std::vector<std::string> param_names;  // union over blocks in first-seen order, e.g. mean, sd, df, location, scale
  std::vector<GridPoint> points;

  bool has_labels() const;
  // A point's value of a parameter; NaN when it has none.
  double value(const GridPoint& point, const std::string& name) const;
};

// `second_blocks` (with their parameters prefixed by `second_prefix`) make
// the product grid: the control arm's Beta priors ("control_") or a
// meta-analysis's tau priors ("tau_"; the family then reads e.g.
// "normal/half_normal").
PriorGrid expand_prior_grid(const std::vector<PriorBlock>& blocks, EffectScale scale = EffectScale::ratio,
                            const std::vector<PriorBlock>& second_blocks = {},
                            const std::string& second_prefix = "control_");

}  // namespace ps

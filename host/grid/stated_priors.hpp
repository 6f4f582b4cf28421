// Normal priors on the treatment effect stated the way clinicians and
// published Bayesian reanalyses state them, turned into normal(mean, sd) on
// the model scale (log for a ratio, the difference itself otherwise).
//
// normal_from_tail: a median and one tail statement, "P(HR < 0.5) = 5%":
//   mean = g(median), sd = (g(threshold) - g(median)) / qnorm(probability).
//
// belief_grid: the neutral / optimistic / pessimistic x weak / moderate /
// strong set of reference priors. With d = g(effect) < 0 the anticipated
// benefit (by default the analysis's "moderate" benefit, e.g. HR 0.85):
//   neutral      mean 0   P(effect beyond the anticipated benefit) = p
//   optimistic   mean d   P(no benefit, effect above no effect)    = p
//   pessimistic  mean -d  P(any benefit, effect below no effect)   = p
// with p = 0.30 (weak), 0.15 (moderate), 0.05 (strong); in all three the sd
// is |d| / qnorm(1 - p). The sceptical (neutral) and enthusiastic
// (optimistic) priors defined by a tail probability at the alternative
// hypothesis are those of Spiegelhalter, Freedman & Parmar (1994, J R Stat
// Soc A 157:357-416) and Spiegelhalter, Abrams & Myles (2004, "Bayesian
// Approaches to Clinical Trials and Health-Care Evaluation", section 5.5); the
// pessimistic prior is the optimistic one mirrored about no effect, and the
// 3 x 3 layout is the one of Bayesian reanalyses of critical-care trials
// (e.g. Zampieri et al., Am J Respir Crit Care Med 2021;203:543-552). The
// strengths' tail probabilities are priorsweep's choice (README); other
// statements are written with normal_from_tail.
#pragma once

#include <string>
#include <vector>

#include "host/config/config.hpp"

namespace ps {

struct NormalPrior {
  double mean = 0.0;
  double sd = 1.0;
};

// The model scale's value of a reported effect: log for a ratio.
double to_model_scale(double reported, EffectScale scale);

NormalPrior normal_from_tail(double median, double threshold, double probability, EffectScale scale);

// The tail probability of a strength word ("weak", "moderate", "strong").
double belief_tail_probability(const std::string& strength);

NormalPrior belief_prior(const std::string& belief, const std::string& strength, double effect, EffectScale scale);

}  // namespace ps

// The protocol's decision rule (CORIMUNO-ANA-1, PAPERS.md): efficacy when
// P(benefit) exceeds the efficacy threshold (0.99 at an interim, 0.95 at the
// final analysis), futility when the probability of a moderate or greater
// benefit is below the futility threshold, otherwise "continue" at an
// interim and "inconclusive" at the final analysis. Benefit is an effect
// below no effect (1 for a ratio, 0 for a difference).
#pragma once

#include <string>

#include "host/config/config.hpp"

namespace ps {

inline double no_effect(EffectScale scale) { return scale == EffectScale::ratio ? 1.0 : 0.0; }

inline std::string decide(double p_benefit, double p_moderate_benefit, const DecisionRule& rule) {
  if (p_benefit > rule.efficacy) return "efficacy";
  if (p_moderate_benefit < rule.futility) return "futility";
  return rule.stage == DecisionStage::interim ? "continue" : "inconclusive";
}

}  // namespace ps

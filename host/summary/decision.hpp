// The protocol's decision rule on a ratio-scale effect (HR, OR): efficacy when
// P(effect < 1) exceeds the efficacy threshold, futility when the probability
// of a moderate or greater benefit, P(effect < moderate), is below the
// futility threshold, otherwise inconclusive (CORIMUNO-ANA-1, PAPERS.md).
#pragma once

#include <string>

#include "host/config/config.hpp"

namespace ps {

inline std::string decide(double p_benefit, double p_moderate_benefit, const DecisionRule& rule) {
  if (p_benefit > rule.efficacy) return "efficacy";
  if (p_moderate_benefit < rule.futility) return "futility";
  return "inconclusive";
}

}  // namespace ps

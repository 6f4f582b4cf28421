// km.csv, the Kaplan-Meier curve of each arm of a time-to-event analysis
// (cox, kaplan_meier), written next to its other results so that the report
// (and a reader) can draw the curves: one row per arm and distinct time,
// plus a first row at time 0 with S = 1:
//   arm (treatment, control), time, n_risk, n_event, n_censor, survival, lower95, upper95
// with R's survfit defaults (host/frequentist/kaplan_meier.hpp).
#pragma once

#include <string>

#include "host/design/cox_design.hpp"
#include "host/frequentist/kaplan_meier.hpp"

namespace ps {

// The curve of the patients with treatment code `arm` (0 or 1).
KaplanMeierCurve arm_kaplan_meier(const CoxInput& input, int arm);

std::string survival_curves_csv(const CoxInput& input);

}  // namespace ps

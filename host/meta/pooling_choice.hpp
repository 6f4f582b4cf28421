// The paper's rule for which pooled estimate to report: "fixed effect if
// I^2 < 50%, random effects otherwise" (the Cochrane Handbook's 50% mark for
// substantial heterogeneity). Pass the I^2 (percent) of the fixed-effect
// analysis, e.g. MantelHaenszelResult::i2 or the EE fit's
// MetaAnalysisResult::i2 (both 100 (Q - (k-1)) / Q, truncated at 0).
#pragma once

#include <string>

namespace ps {

enum class PoolingModel { FixedEffect, RandomEffects };

// FixedEffect when i2_percent < threshold_percent, else RandomEffects.
// Throws std::invalid_argument when i2_percent is NaN or outside [0, 100], or
// threshold_percent outside (0, 100].
PoolingModel choose_pooling_model(double i2_percent, double threshold_percent = 50.0);

// "fixed effect" or "random effects".
std::string pooling_model_name(PoolingModel model);

}  // namespace ps

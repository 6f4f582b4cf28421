// model = "meta_binary": the frequentist meta-analysis of per-study 2x2
// tables (host/meta/), as R's metafor computes it: the Mantel-Haenszel odds
// ratio (rma.mh), inverse-variance fixed effect (rma, method "EE"), random
// effects with the configured tau2 estimator and the Q-profile interval for
// tau2 and I2 (confint), the prediction interval (predict), Cochran's Q and
// Egger's regression test (regtest, model "lm"). frequentist.csv gets the
// pooled rows and studies.csv one row per study. The `pooled` row is the
// Mantel-Haenszel estimate ("fixed"), the random-effects one ("random"), or
// whichever the paper's rule picks ("by_i2": fixed when Higgins' I2 < 50%).
#pragma once

#include <memory>

#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"
#include "host/pipeline/analysis.hpp"

namespace ps {

std::unique_ptr<PreparedAnalysis> prepare_meta_binary(const AnalysisConfig& config, const CsvTable& table,
                                                      MissingPolicy missing);

}  // namespace ps

// model = "normal_summary": a Bayesian reanalysis of a published estimate.
// The estimate and its standard error (from the interval: a Wald interval on
// the model scale, log for ratios) give a normal likelihood; each normal
// prior of the grid gives the exact normal posterior (conjugate update:
// precisions add, the mean is the precision-weighted mean), reported on the
// published scale (a log-normal for ratios).
#pragma once

#include <memory>

#include "host/pipeline/analysis.hpp"

namespace ps {

struct NormalPosterior {
  double mean = 0.0;  // model scale
  double sd = 1.0;
};

NormalPosterior conjugate_normal_posterior(double estimate, double se, double prior_mean, double prior_sd);

std::unique_ptr<PreparedAnalysis> prepare_normal_summary(const AnalysisConfig& config);

}  // namespace ps

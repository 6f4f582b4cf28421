// The model-independent part of running an analysis: the shard's priors of
// the grid through one SweepJob on a backend, with Laplace starts and
// proposals, summaries chunk by chunk, convergence warnings.
#pragma once

#include <functional>

#include "host/backend/backend.hpp"
#include "host/fit/cox_fit.hpp"  // LaplaceBase, laplace_for_prior
#include "host/pipeline/analysis.hpp"

namespace ps {

// `job` arrives with its model set; everything else (plan, priors, starts) is
// filled here. `summarized_terms` coefficients (treatment first) are kept and
// summarised on the ratio scale (exp). Fills result.priors, layout, timings,
// chain_steps and warnings.
void run_prior_sweep(SweepJob job, const LaplaceBase& base, int summarized_terms, const AnalysisConfig& config,
                     const SamplingSettings& settings, SweepBackend& backend, Progress& progress,
                     AnalysisResult& result);

}  // namespace ps

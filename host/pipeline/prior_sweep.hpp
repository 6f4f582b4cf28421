// The model-independent part of running an analysis: the shard's priors of
// the grid through one SweepJob on a backend, with Laplace starts and
// proposals, summaries chunk by chunk, convergence warnings.
#pragma once

#include <functional>

#include "host/backend/backend.hpp"
#include "host/fit/cox_fit.hpp"  // LaplaceBase, laplace_for_prior
#include "host/pipeline/analysis.hpp"

namespace ps {

// The chains' start centre and proposal shape for one grid point; called
// for many grid points at once, from several threads.
using PointLaplace = std::function<PriorLaplace(const GridPoint&)>;

// One Newton step from `base` (the posterior every prior shares) with the
// point's effect prior added: the models whose grid varies that prior alone.
PointLaplace laplace_from_base(const LaplaceBase& base);

// A summarised quantity computed from each kept draw rather than sampled,
// e.g. the log odds ratio of a new study in a meta-analysis, mu + tau z. It
// gets the draw's saved coefficients and a standard normal variate from the
// chain's own generated-quantities stream (models/philox.hpp), and returns
// the value on the model scale; it is reported through exp, as the
// coefficients are.
struct DerivedTerm {
  std::function<double(const double* saved, double z)> value;
  // Whether its mean and SD are reported: a new study's odds ratio need not
  // have them (E exp(tau z) is infinite under heavy-tailed tau posteriors), NA.
  bool moments = true;
};

struct SweepSummaries {
  // theta[0 .. coefficients) are summarised on the ratio scale (exp),
  // treatment first; 0: every coefficient.
  int coefficients = 0;
  // Summarised coefficients that are scales (a between-study SD): no P(< t), NA.
  std::vector<int> without_thresholds;
  // Appended after the coefficients, in this order.
  std::vector<DerivedTerm> derived;
};

// `job` arrives with its model set; everything else (plan, priors, starts) is
// filled here. Fills result.priors, layout, timings, chain_steps and warnings.
void run_prior_sweep(SweepJob job, const PointLaplace& laplace, const SweepSummaries& summaries,
                     const AnalysisConfig& config, const SamplingSettings& settings, SweepBackend& backend,
                     Progress& progress, AnalysisResult& result);

}  // namespace ps

// The prior sweep of the models whose posterior is known exactly
// (beta_binomial by quadrature, normal_summary in closed form): no chains,
// each prior of the shard summarised straight from its posterior's CDF and
// quantile function, in parallel over priors.
#pragma once

#include <functional>

#include "host/pipeline/analysis.hpp"

namespace ps {

// A posterior on the reported scale, known through its CDF and quantiles.
struct ExactPosterior {
  std::function<double(double)> cdf;       // P(effect < t)
  std::function<double(double)> quantile;  // inverse of cdf
  double mean = 0.0;                       // NaN where it does not exist
  double sd = 0.0;
};

// Median, mean, sd, equal-tailed interval bounds and P(effect < t) for each
// threshold (NaN thresholds give NaN); diagnostics are NaN (nothing to
// diagnose: there are no chains).
TermSummary summarize_exact(const ExactPosterior& posterior, const std::vector<double>& levels,
                            const std::vector<double>& thresholds);

// The decision of the protocol from an exact posterior of the swept effect.
std::string decide_exact(const ExactPosterior& posterior, const AnalysisConfig& config);

// Fills result.priors with summarize(point) for the shard's priors of
// result.grid, in prior_id order, plus timings and layout.
void run_exact_sweep(const SamplingSettings& settings, Progress& progress,
                     const std::function<PriorResult(const GridPoint&)>& summarize, AnalysisResult& result);

}  // namespace ps

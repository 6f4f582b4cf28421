// The Bayesian binomial-normal random-effects meta-analysis swept over the
// grid of (pooled-effect prior x tau prior): the model of
// models/meta_binomial_normal_posterior.hpp sampled by the backend's chains,
// summarised as the pooled odds ratio (`treatment`, with thresholds and the
// decision), tau (`tau`, scale sd) and the odds ratio of a new study
// (`predictive`: exp(mu + tau z) drawn once per kept draw).
#pragma once

#include <vector>

#include "host/meta/study_table.hpp"
#include "host/pipeline/analysis.hpp"

namespace ps {

// Where the chains' Laplace approximations start their search: the
// random-effects estimate of the pooled log OR and of tau.
struct MetaStart {
  double log_odds_ratio = 0.0;
  double tau = 0.1;
};

// `studies` are the pooled studies (double zeros dropped as configured);
// result.grid is expanded here. Fills result as run_prior_sweep does.
void sweep_binomial_normal(const std::vector<StudyTable>& studies, const MetaStart& start, const AnalysisConfig& config,
                           const SamplingSettings& settings, SweepBackend& backend, Progress& progress,
                           AnalysisResult& result);

}  // namespace ps

// What one analysis produces: the frequentist companion and, per prior of the
// grid, the posterior summary of every summarised term. The writers turn it
// into files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/config/config.hpp"
#include "host/grid/prior_grid.hpp"
#include "host/summary/summary.hpp"

namespace ps {

struct PriorResult {
  size_t prior_id = 0;  // global index in the analysis's grid
  std::vector<TermSummary> terms;  // aligned with AnalysisResult::term_names
  double accept_rate = 0.0;        // mean Metropolis acceptance probability over chains
  std::string decision;            // "efficacy", "futility" or "inconclusive"
};

// The maximum-likelihood fit, as frequentist.csv reports it.
struct FrequentistTerm {
  std::string term;
  double estimate = 0.0;  // log scale for ratio terms
  double se = 0.0;
  bool ratio = true;      // reported also as exp(estimate) with a 95% CI (not for cutpoints)
  bool z_test = true;     // a Wald test of estimate = 0 means something (not for a log SD)
};

struct FrequentistResult {
  std::vector<FrequentistTerm> terms;
  double loglik = 0.0;
  double loglik_null = 0.0;  // the model without predictors
  bool converged = false;
  std::vector<std::string> warnings;
};

struct AnalysisResult {
  const AnalysisConfig* config = nullptr;
  PriorGrid grid;                      // the whole grid (all shards)
  std::vector<std::string> term_names; // the coefficients of the model, treatment first
  std::string scale = "hr";            // of the summaries: "hr" (Cox), "or" (ordinal)
  std::vector<std::string> term_scales;  // per term where they differ (e.g. "sd" for a random-effect SD); empty: all `scale`

  const std::string& scale_of(size_t term) const { return term < term_scales.size() ? term_scales[term] : scale; }
  FrequentistResult fit;
  std::vector<PriorResult> priors;     // the priors this run (shard) computed, in prior_id order
  nlohmann::json counts;               // patients, arms and the model's own counts (events, categories)
  std::vector<int> dropped_lines;
  std::vector<std::string> warnings;
  std::string layout;  // how the backend mapped chains onto its workers
  double seconds_prepare = 0.0;
  double seconds_sample = 0.0;
  double seconds_summarize = 0.0;
  double chain_steps = 0.0;
};

}  // namespace ps

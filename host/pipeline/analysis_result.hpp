// What one analysis produces: the frequentist companion and, per prior of the
// grid, the posterior summary of every term. The writers turn it into files.
#pragma once

#include <string>
#include <vector>

#include "host/config/config.hpp"
#include "host/fit/cox_fit.hpp"
#include "host/grid/prior_grid.hpp"
#include "host/summary/summary.hpp"

namespace ps {

struct PriorResult {
  size_t prior_id = 0;  // global index in the analysis's grid
  std::vector<TermSummary> terms;  // aligned with AnalysisResult::term_names
  double accept_rate = 0.0;        // mean Metropolis acceptance probability over chains
  std::string decision;            // "efficacy", "futility" or "inconclusive"
};

struct AnalysisResult {
  const AnalysisConfig* config = nullptr;
  PriorGrid grid;                      // the whole grid (all shards)
  std::vector<std::string> term_names;
  std::string scale = "hr";
  CoxFit fit;
  std::vector<PriorResult> priors;     // the priors this run (shard) computed, in prior_id order
  int n_patients = 0;
  int n_events = 0;
  int n_treatment = 0;
  int n_control = 0;
  int n_strata = 1;
  std::vector<int> dropped_lines;
  std::vector<std::string> warnings;
  std::string layout;  // how the backend mapped chains onto its workers
  double seconds_prepare = 0.0;
  double seconds_sample = 0.0;
  double seconds_summarize = 0.0;
  double chain_steps = 0.0;
};

}  // namespace ps

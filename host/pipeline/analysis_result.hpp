// What one analysis produces: the frequentist companion and, per prior of the
// grid, the posterior summary of every summarised term. The writers turn it
// into files.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "host/config/config.hpp"
#include "host/grid/prior_grid.hpp"
#include "host/summary/summary.hpp"

namespace ps {

struct PriorResult {
  size_t prior_id = 0;  // global index in the analysis's grid
  std::vector<TermSummary> terms;  // aligned with AnalysisResult::term_names
  double accept_rate = 0.0;        // mean Metropolis acceptance probability over chains
  std::string decision;            // "efficacy", "futility", "continue" (interim) or "inconclusive" (final)
};

// How a frequentist term is reported: a log ratio (also as exp(estimate)
// with its 95% interval), a quantity on its own scale with a 95% interval (a
// risk difference, a survival probability, a median), or an estimate and SE
// alone (a cutpoint).
enum class TermKind { log_ratio, level, plain };

// One row of frequentist.csv: a maximum-likelihood estimate or a classical
// test. The test and the interval are Wald's unless given (an exact test's p,
// Kaplan-Meier's log-transformed interval).
struct FrequentistTerm {
  std::string term;
  double estimate = 0.0;  // log scale for log-ratio terms
  double se = 0.0;        // NaN where the method gives none (an exact interval)
  TermKind kind = TermKind::log_ratio;
  bool z_test = true;     // a Wald test of estimate = 0 means something (not for a log SD or a survival probability)
  double p = NAN;         // given: overrides the Wald p
  double lower = NAN;     // given: the 95% interval on the reported scale (ratio for log-ratio terms)
  double upper = NAN;
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
  std::string scale = "hr";            // of the summaries: "hr" (Cox), "or" (ordinal), "ard", "ratio", "difference"
  std::vector<std::string> term_scales;  // per term where they differ (e.g. "sd" for a random-effect SD); empty: all `scale`

  const std::string& scale_of(size_t term) const { return term < term_scales.size() ? term_scales[term] : scale; }
  FrequentistResult fit;
  std::vector<PriorResult> priors;     // the priors this run (shard) computed, in prior_id order
  nlohmann::json counts;               // patients, arms and the model's own counts (events, categories)
  std::vector<int> dropped_lines;
  std::vector<std::string> warnings;
  std::string layout;  // how the backend mapped chains onto its workers
  // Model-specific tables written next to summary.csv, e.g. a meta-analysis's
  // studies.csv: (file name, CSV text).
  std::vector<std::pair<std::string, std::string>> extra_files;
  double seconds_prepare = 0.0;
  double seconds_sample = 0.0;
  double seconds_summarize = 0.0;
  double chain_steps = 0.0;
  int chains = 0;      // per prior (sampled models)
  int kept_draws = 0;  // per chain
};

}  // namespace ps

// The run configuration (TOML, DESIGN.md "Config"), parsed and validated in
// full before anything runs: unknown keys, wrong types and bad values are
// InputErrors naming the file, line:column and key.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/data/trial_input.hpp"
#include "models/ordinal.hpp"
#include "models/priors.hpp"

namespace ps {

// One [analysis.prior] table: a family and, per parameter, the list of values
// it takes (a number, a list, or an expanded range).
struct PriorBlock {
  std::string family;
  std::vector<std::pair<std::string, std::vector<double>>> params;  // in the family's parameter order
};

struct DecisionRule {
  double efficacy = 0.95;  // efficacy if P(effect < 1) > efficacy
  double futility = 0.20;  // futility if P(effect < moderate) < futility
  double moderate = 0.85;  // "moderate or greater benefit" threshold on the reported scale
};

struct AnalysisConfig {
  std::string name;
  std::string model;  // "cox"
  CoxColumns columns;
  std::vector<double> thresholds;
  std::vector<std::string> threshold_labels;  // as written, for p_below_<t>
  DecisionRule decision;
  std::vector<PriorBlock> prior_blocks;
  ScalarPrior nuisance_prior{PriorFamily::normal, 0.0, 10.0, 0.0};
  std::optional<std::string> data_path;  // resolved against the config's folder
  // Which coefficients get posterior summaries: every term (default) or the
  // treatment effect alone -- for large sweeps, where the other coefficients'
  // draws would only cost memory, transfer and summary time.
  bool summarize_treatment_only = false;

  // model = "ordinal" (columns.treatment, covariates and factors as for Cox)
  std::string outcome;                  // the ordinal score column
  std::vector<long long> levels;        // `categories`: the declared scores, increasing
  OrdinalLink link = OrdinalLink::logit;
  double cutpoint_concentration = 1.0;  // Dirichlet alpha of the cutpoint prior
};

struct Config {
  std::string path;
  uint64_t seed = 1;
  std::string backend = "auto";
  int chains = 4;
  int warmup = 2000;
  int draws = 5000;
  int thin = 1;  // keep every thin-th draw; draws / thin are summarised
  std::vector<double> levels{0.90, 0.95};
  double target_accept = 0.0;  // 0: the dimension-dependent default
  std::string data_path;       // resolved against the config's folder
  MissingPolicy missing = MissingPolicy::error;
  std::vector<AnalysisConfig> analyses;
  nlohmann::json resolved;  // the configuration with defaults filled in, for run.json
};

Config load_config(const std::string& path);

// Shortest decimal text of a number that reads back to the same double.
std::string format_number(double x);

}  // namespace ps

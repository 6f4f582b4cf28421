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

#include "host/data/longitudinal_input.hpp"
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
  std::string model;  // "cox", "ordinal" or "ordinal_longitudinal"
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
  // Per-analysis sampling lengths (keys warmup, draws, thin); the run's
  // top-level values where not given (filled in by load_config).
  int warmup = -1;
  int draws = -1;
  int thin = -1;

  // model = "ordinal" (columns.treatment, covariates and factors as for Cox)
  std::string outcome;                  // the ordinal score column
  std::vector<long long> levels;        // `categories`: the declared scores, increasing
  OrdinalLink link = OrdinalLink::logit;
  double cutpoint_concentration = 1.0;  // Dirichlet alpha of the cutpoint prior

  // model = "ordinal_longitudinal": outcome, categories, link, cutpoint prior
  // as "ordinal", plus the layout of the repeated scores (wide: `outcome` is
  // a list of columns, one per day; long: `outcome` is one column with `id`
  // and `day`), the quadrature and the random-intercept SD prior.
  std::vector<std::string> outcomes;    // wide layout
  std::vector<std::string> day_labels;  // wide layout: `days`, as written
  std::string id_column, day_column;    // long layout
  int quadrature_nodes = 10;
  ScalarPrior sd_prior{PriorFamily::student_t, 3.0, 0.0, 2.5};  // folded at 0
  std::optional<long long> absorbing_level;
  AfterDeath after_death = AfterDeath::carry_forward;
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

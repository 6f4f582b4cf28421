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
#include "models/sampler_kind.hpp"

namespace ps {

// One [analysis.prior] table: a family and, per parameter, the list of values
// it takes (a number, a list, or an expanded range). Families: normal,
// student_t, beta, and two ways of stating a normal prior that expand to
// normal(mean, sd) on the model scale (host/grid/stated_priors.hpp):
// normal_from_tail (median, threshold, probability) and belief_grid (effect,
// with the `beliefs` and `strengths` lists). A meta-analysis's tau prior may
// also be `turner`: the empirical log-normal priors of host/grid/
// turner_priors.hpp, named by outcome and comparison type.
struct PriorBlock {
  std::string family;
  std::vector<std::pair<std::string, std::vector<double>>> params;  // in the family's parameter order
  std::vector<std::string> beliefs;    // belief_grid: neutral, optimistic, pessimistic
  std::vector<std::string> strengths;  // belief_grid: weak, moderate, strong
  std::vector<std::string> outcomes;     // turner: outcome types
  std::vector<std::string> comparisons;  // turner: comparison types (empty when every outcome is "any")
};

// How the treatment effect is reported: a ratio (HR, OR, RR; modelled on the
// log scale, no effect = 1) or a difference (ARD, mean difference; modelled
// as is, no effect = 0). Benefit is an effect below "no effect".
enum class EffectScale { ratio, difference };

// The protocol's decision rule (CORIMUNO-ANA-1, PAPERS.md). At an interim
// analysis: efficacy if P(benefit) > efficacy (default 0.99), futility if
// P(moderate or greater benefit) < futility, otherwise "continue". At the
// final analysis: efficacy if P(benefit) > efficacy (default 0.95), futility
// as at an interim, otherwise "inconclusive".
enum class DecisionStage { interim, final_analysis };

struct DecisionRule {
  DecisionStage stage = DecisionStage::final_analysis;
  double efficacy = 0.95;  // efficacy if P(benefit) > efficacy
  double futility = 0.20;  // futility if P(effect < moderate) < futility
  double moderate = 0.85;  // "moderate or greater benefit" threshold on the reported scale
};

// A published estimate with its interval (model = "normal_summary"), on the
// reported scale: a ratio (HR 0.97, 90% CI 0.62 to 1.52) or a difference.
struct PublishedEstimate {
  double estimate = 0.0;
  double lower = 0.0, upper = 0.0;  // NaN when the SE is given instead
  double level = 0.95;
  double se = 0.0;                  // on the model scale (log for ratios); from the interval unless given
};

struct AnalysisConfig {
  std::string name;
  std::string model;  // "cox", "ordinal", "ordinal_longitudinal", "logistic", "beta_binomial", "normal_summary",
                      // "fisher", "poisson_rate", "kaplan_meier", "logrank" or "meta_binary"
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
  // Write the kept draws to <analysis>/draws.nc (ArviZ layout; sampled
  // models only): the analysis's key (save_draws_key), else the run's.
  bool save_draws = false;
  std::optional<bool> save_draws_key;

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

  // model = "beta_binomial" and "fisher": events and totals per arm,
  // [treatment, control], from the config; both empty when counted from a
  // binary `outcome` column (with columns.treatment) of the data.
  std::vector<long long> events, totals;
  // beta_binomial: [analysis.prior_control] beta blocks; empty when both arms
  // share [analysis.prior].
  std::vector<PriorBlock> control_prior_blocks;
  // normal_summary
  PublishedEstimate published;
  EffectScale summary_scale = EffectScale::ratio;
  // poisson_rate: event counts and exposures per arm [treatment, control]
  // from the config, or columns of the data summed per arm.
  std::vector<double> counts, exposure;
  std::string count_column, exposure_column;
  // kaplan_meier: the days at which survival and cumulative incidence are
  // reported (columns.time, event, treatment; logrank also columns.strata).
  std::vector<double> at;
  std::vector<std::string> at_labels;  // as written

  // model = "meta_binary": one row per study in the analysis's data, with
  // these columns; the continuity correction (added to the four cells of a
  // study with a zero cell), the between-study variance estimator ("DL",
  // "SJ", "REML", "PM"), which pooled estimate is reported as `pooled`
  // ("fixed", "random", or "by_i2": fixed when I2 < 50%, else random) and
  // whether double-zero studies are dropped.
  struct MetaColumns {
    std::string study = "study";
    std::string events_treatment = "events_treatment", total_treatment = "total_treatment";
    std::string events_control = "events_control", total_control = "total_control";
  } meta_columns;
  double continuity_correction = 0.5;
  std::string tau2_method = "REML";
  std::string pooling = "random";
  bool drop_double_zero = true;
  // [analysis.tau_prior]: the between-study SD's prior grid (half_normal,
  // half_cauchy, lognormal on tau^2); with [analysis.prior] on the pooled log
  // OR it makes the Bayesian random-effects sweep.
  std::vector<PriorBlock> tau_prior_blocks;
  // The Bayesian model of the sweep: "binomial_normal" (the exact binomial
  // likelihood of each arm, study effects integrated out by adaptive
  // Gauss-Hermite quadrature with `quadrature_nodes`, sampled; baselines get
  // nuisance_prior) or "normal_normal" (the studies' log ORs as normal
  // estimates, exact).
  std::string meta_model = "binomial_normal";

  // The scale of the swept effect's summaries.
  EffectScale effect_scale() const {
    if (model == "beta_binomial") return EffectScale::difference;
    if (model == "normal_summary") return summary_scale;
    return EffectScale::ratio;
  }
  // Whether the analysis has a prior grid (the others are frequentist only).
  bool bayesian() const { return !prior_blocks.empty(); }
  // Whether its posterior is sampled by chains (and so has warmup, draws, thin).
  bool sampled() const;
  // Whether the analysis reads per-patient rows from a data file.
  bool needs_data() const;
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
  SamplerKind sampler = SamplerKind::mixture;
  bool save_draws = false;     // every sampled analysis's default
  std::string data_path;       // resolved against the config's folder
  MissingPolicy missing = MissingPolicy::error;
  std::vector<AnalysisConfig> analyses;
  nlohmann::json resolved;  // the configuration with defaults filled in, for run.json
};

Config load_config(const std::string& path);

// Shortest decimal text of a number that reads back to the same double.
std::string format_number(double x);

}  // namespace ps

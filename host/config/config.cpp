// Parses and validates the whole TOML configuration (DESIGN.md "Config").
#include "host/config/config.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

#include "host/config/longitudinal_keys.hpp"
#include "host/config/prior_keys.hpp"
#include "host/config/sampling_keys.hpp"
#include "host/config/summary_model_keys.hpp"
#include "host/config/toml_fields.hpp"
#include "host/errors.hpp"

namespace ps {

namespace fs = std::filesystem;

bool AnalysisConfig::needs_data() const {
  if (model == "normal_summary") return false;
  if (model == "beta_binomial" || model == "fisher") return events.empty();
  if (model == "poisson_rate") return !count_column.empty();
  return true;
}

bool AnalysisConfig::sampled() const {
  if (model == "meta_binary") return bayesian() && meta_model == "binomial_normal";
  return !is_summary_model(model);
}

std::string format_number(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

namespace {

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names = {"cox", "ordinal", "ordinal_longitudinal", "logistic", "beta_binomial",
                                                 "normal_summary", "fisher", "poisson_rate", "kaplan_meier", "logrank",
                                                 "meta_binary"};
  return names;
}

// [analysis.<key>] concentration: the Dirichlet concentration of the cutpoint
// prior (ordinal) or the Beta(alpha, alpha) of the baseline risk (logistic).
void parse_concentration(const TomlFields& t, const char* key, AnalysisConfig& a) {
  if (const toml::table* cp = t.subtable(key)) {
    TomlFields cf(t.file(), *cp, t.qualified(key));
    cf.reject_unknown({"concentration"});
    a.cutpoint_concentration = cf.number("concentration", 1.0);
    if (!(a.cutpoint_concentration > 0.0))
      cf.fail("concentration", "the value " + format_number(a.cutpoint_concentration), "a positive concentration");
  }
}

// model = "logistic": a 0/1 outcome. It is the cumulative-logit model with
// the two levels 0 and 1 (logit P(Y = 1) = eta - c, so the cutpoint is minus
// the intercept), which shares its likelihood, priors and samplers.
void parse_logistic_outcome(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  a.outcome = t.required_string("outcome");
  a.levels = {0, 1};
  a.link = OrdinalLink::logit;
  parse_concentration(t, "baseline_prior", a);
  resolved["outcome"] = a.outcome;
  resolved["baseline_prior"] = {{"concentration", a.cutpoint_concentration}};
}

// The keys of the regression models (cox, ordinal, ordinal_longitudinal,
// logistic): the predictors, the outcome and the model's own options.
void parse_regression_model(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  const bool cox = a.model == "cox";
  const bool longitudinal = a.model == "ordinal_longitudinal";
  const bool logistic = a.model == "logistic";
  const std::set<std::string> sampling{"thresholds", "decision", "prior", "nuisance_prior", "data", "summaries", "save_draws",
                                       "warmup", "draws", "thin", "name", "model", "treatment", "covariates", "factors"};
  std::set<std::string> keys = sampling;
  if (cox) {
    keys.insert({"time", "event", "strata", "ties"});
  } else if (logistic) {
    keys.insert({"outcome", "baseline_prior"});
  } else {
    keys.insert({"outcome", "categories", "link", "cutpoint_prior"});
    if (longitudinal) keys.insert({"days", "id", "day", "quadrature_nodes", "absorbing_level", "after_death", "random_effect_prior"});
  }
  t.reject_unknown(keys);

  CoxColumns& c = a.columns;
  c.treatment = t.required_string("treatment");
  c.covariates = t.string_list("covariates");
  c.factors = t.string_list("factors");
  if (cox) {
    c.time = t.required_string("time");
    c.event = t.required_string("event");
    c.strata = t.string_list("strata");
    const std::string ties = t.string("ties", "efron");
    if (ties != "efron" && ties != "breslow") t.fail("ties", "\"" + ties + "\"", "\"efron\" or \"breslow\"");
    c.ties = ties == "efron" ? Ties::efron : Ties::breslow;
    resolved["time"] = c.time;
    resolved["event"] = c.event;
    resolved["strata"] = c.strata;
    resolved["ties"] = ties;
  } else if (logistic) {
    parse_logistic_outcome(t, a, resolved);
  } else {
    if (longitudinal) {
      parse_longitudinal_layout(t, a);
    } else {
      a.outcome = t.required_string("outcome");
    }
    if (!t.has("categories")) t.fail("categories", "nothing", "the declared scores, e.g. [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]");
    for (double v : t.number_list("categories", {})) {
      if (v != std::floor(v) || std::abs(v) > 1e15)
        t.fail("categories", "the value " + format_number(v), "whole numbers (the declared scores)");
      if (!a.levels.empty() && !(static_cast<long long>(v) > a.levels.back()))
        t.fail("categories", format_number(v) + " after " + std::to_string(a.levels.back()), "increasing scores");
      a.levels.push_back(static_cast<long long>(v));
    }
    if (a.levels.size() < 2) t.fail("categories", std::to_string(a.levels.size()) + " score", "at least two scores");
    const std::string link = t.string("link", "logit");
    if (link != "logit" && link != "probit") t.fail("link", "\"" + link + "\"", "\"logit\" or \"probit\"");
    a.link = link == "logit" ? OrdinalLink::logit : OrdinalLink::probit;
    parse_concentration(t, "cutpoint_prior", a);
    if (longitudinal) parse_longitudinal_model(t, a);
    resolved["outcome"] = a.outcome;
    resolved["categories"] = a.levels;
    resolved["link"] = link;
    resolved["cutpoint_prior"] = {{"concentration", a.cutpoint_concentration}};
    if (longitudinal) add_longitudinal_json(a, resolved);
  }
  resolved["treatment"] = c.treatment;
  resolved["covariates"] = c.covariates;
  resolved["factors"] = c.factors;

  parse_sampling_lengths(t, a);

  const std::string summaries = t.string("summaries", "all");
  if (summaries != "all" && summaries != "treatment")
    t.fail("summaries", "\"" + summaries + "\"", "\"all\" (every coefficient) or \"treatment\"");
  a.summarize_treatment_only = summaries == "treatment";
  resolved["summaries"] = summaries;

  parse_nuisance_prior_key(t, a, resolved);
}

// [analysis.decision]: the stage, its probability thresholds and the
// "moderate or greater benefit" threshold on the reported scale.
DecisionRule parse_decision(const TomlFields& t, const AnalysisConfig& a) {
  const bool ratio = a.effect_scale() == EffectScale::ratio;
  DecisionRule rule;
  // The protocol's moderate benefit: HR (or OR) 0.85, ARD -5.5 points. A
  // difference of another kind has no default.
  const bool has_default_moderate = ratio || a.model == "beta_binomial";
  rule.moderate = ratio ? 0.85 : -0.055;
  const toml::table* d = t.subtable("decision");
  if (!d) {
    if (!has_default_moderate)
      t.fail("decision", "nothing", "[analysis.decision] moderate: the smallest benefit that matters on the difference scale (negative)");
    return rule;
  }
  TomlFields dt(t.file(), *d, t.qualified("decision"));
  dt.reject_unknown({"stage", "efficacy", "futility", "moderate"});
  const std::string stage = dt.string("stage", "final");
  if (stage != "interim" && stage != "final") dt.fail("stage", "\"" + stage + "\"", "\"interim\" or \"final\"");
  rule.stage = stage == "interim" ? DecisionStage::interim : DecisionStage::final_analysis;
  rule.efficacy = dt.number("efficacy", rule.stage == DecisionStage::interim ? 0.99 : 0.95);
  rule.futility = dt.number("futility", rule.futility);
  for (const char* k : {"efficacy", "futility"}) {
    const double v = dt.number(k, 0.5);
    if (!(v > 0.0 && v < 1.0)) dt.fail(k, "the value " + format_number(v), "a probability strictly between 0 and 1");
  }
  if (!dt.has("moderate") && !has_default_moderate)
    dt.fail("moderate", "nothing", "the smallest benefit that matters on the difference scale (negative)");
  rule.moderate = dt.number("moderate", rule.moderate);
  if (ratio && !(rule.moderate > 0.0))
    dt.fail("moderate", "the value " + format_number(rule.moderate), "a positive ratio (e.g. a hazard ratio of 0.85)");
  if (!ratio && !(rule.moderate <= 0.0))
    dt.fail("moderate", "the value " + format_number(rule.moderate), "a difference <= 0 (benefit is a negative difference)");
  return rule;
}

AnalysisConfig parse_analysis(const TomlFields& t, const fs::path& base_dir, nlohmann::json& resolved) {
  AnalysisConfig a;
  a.name = t.required_string("name");
  // Not starting with '.': DIR/.checkpoint is the run's own.
  if (a.name.empty() || a.name.find_first_of("/\\") != std::string::npos || a.name.front() == '.')
    t.fail("name", "\"" + a.name + "\"", "a non-empty name usable as a folder name, not starting with '.'");
  a.model = t.required_string("model");
  const auto& models = model_names();
  if (std::find(models.begin(), models.end(), a.model) == models.end())
    t.fail("model", "\"" + a.model + "\"", fmt::format("one of \"{}\"", fmt::join(models, "\", \"")));
  resolved = {{"name", a.name}, {"model", a.model}};
  const bool summary_model = is_summary_model(a.model);
  if (summary_model) {
    t.reject_unknown(summary_model_keys(a.model));
    parse_summary_model(t, a, resolved);
  } else {
    parse_regression_model(t, a, resolved);
  }

  // A meta-analysis without a prior is frequentist only.
  const bool optional_prior = a.model == "meta_binary";
  if (optional_prior && t.has("tau_prior") && !t.has("prior"))
    t.fail("tau_prior", "a tau prior without [analysis.prior]", "both (the pooled effect's and tau's priors) or neither");
  if ((summary_model_keys(a.model).count("prior") || !summary_model) && (!optional_prior || t.has("prior"))) {
    const EffectScale scale = a.effect_scale();
    a.thresholds = t.number_list("thresholds", {scale == EffectScale::ratio ? 1.0 : 0.0});
    a.threshold_labels = t.number_texts("thresholds");
    if (a.threshold_labels.empty()) a.threshold_labels = {scale == EffectScale::ratio ? "1" : "0"};
    for (double v : a.thresholds) {
      if (scale == EffectScale::ratio && !(v > 0.0)) t.fail("thresholds", "the value " + format_number(v), "positive ratios");
      if (a.model == "beta_binomial" && !(v > -1.0 && v < 1.0))
        t.fail("thresholds", "the value " + format_number(v), "risk differences strictly between -1 and 1");
    }
    a.decision = parse_decision(t, a);

    const std::set<std::string> families = a.model == "beta_binomial"
                                               ? std::set<std::string>{"beta"}
                                           : a.model == "normal_summary" || (a.model == "meta_binary" && a.meta_model == "normal_normal")
                                               ? std::set<std::string>{"normal", "normal_from_tail", "belief_grid"}
                                               : std::set<std::string>{"normal", "student_t", "normal_from_tail", "belief_grid"};
    const PriorContext context{families, scale, a.decision.moderate};
    if (!t.has("prior"))
      throw InputError(fmt::format("{}: missing table '{}'; expected the treatment-effect prior grid", t.where(), t.qualified("prior")));
    a.prior_blocks = parse_prior_blocks(t, "prior", context);
    a.control_prior_blocks = parse_prior_blocks(t, "prior_control", context);
    if (a.model == "meta_binary") {
      if (!t.has("tau_prior"))
        throw InputError(fmt::format("{}: missing table '{}'; expected the between-study SD's prior (half_normal, "
                                     "half_cauchy, lognormal or turner) with [analysis.prior]",
                                     t.where(), t.qualified("tau_prior")));
      a.tau_prior_blocks =
          parse_prior_blocks(t, "tau_prior", {{"half_normal", "half_cauchy", "lognormal", "turner"}, EffectScale::ratio, 0.85});
      nlohmann::json tau = nlohmann::json::array();
      for (const auto& b : a.tau_prior_blocks) tau.push_back(prior_block_json(b));
      resolved["tau_prior"] = tau;
    }

    nlohmann::json priors = nlohmann::json::array();
    for (const auto& b : a.prior_blocks) priors.push_back(prior_block_json(b));
    resolved["prior"] = priors;
    if (!a.control_prior_blocks.empty()) {
      nlohmann::json control = nlohmann::json::array();
      for (const auto& b : a.control_prior_blocks) control.push_back(prior_block_json(b));
      resolved["prior_control"] = control;
    }
    resolved["thresholds"] = a.thresholds;
    resolved["decision"] = {{"stage", a.decision.stage == DecisionStage::interim ? "interim" : "final"},
                            {"efficacy", a.decision.efficacy},
                            {"futility", a.decision.futility},
                            {"moderate", a.decision.moderate}};
  }

  if (const toml::table* dt = t.subtable("data")) {
    TomlFields df(t.file(), *dt, t.qualified("data"));
    df.reject_unknown({"path"});
    if (!a.needs_data()) df.fail("path", "a data file", "no [analysis.data] for an analysis whose numbers are in the config");
    a.data_path = (base_dir / df.required_string("path")).lexically_normal().string();
    resolved["data"] = {{"path", *a.data_path}};
  }
  return a;
}

}  // namespace

Config load_config(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    if (!std::filesystem::exists(path)) throw InputError(fmt::format("{}: cannot open the configuration file", path));
    throw InputError(fmt::format("{}:{}:{}: invalid TOML: {}", path, b.line, b.column, e.description()));
  }
  const fs::path base_dir = fs::path(path).parent_path();
  TomlFields t(path, root, "");
  t.reject_unknown(
      {"seed", "backend", "chains", "warmup", "draws", "thin", "levels", "target_accept", "sampler", "save_draws", "data",
       "analysis"});

  Config c;
  c.path = path;
  c.seed = static_cast<uint64_t>(t.integer("seed", 1, 0, std::numeric_limits<long long>::max()));
  c.backend = t.string("backend", "auto");
  if (c.backend != "auto" && c.backend != "cpu" && c.backend != "gpu")
    t.fail("backend", "\"" + c.backend + "\"", "\"auto\", \"cpu\" or \"gpu\"");
  c.chains = static_cast<int>(t.integer("chains", c.chains, 2, 1 << 20));
  c.warmup = static_cast<int>(t.integer("warmup", c.warmup, 0, 100000000));
  c.draws = static_cast<int>(t.integer("draws", c.draws, 4, 100000000));
  c.thin = static_cast<int>(t.integer("thin", c.thin, 1, 100000000));
  if (c.draws / c.thin < 4)
    t.fail("thin", fmt::format("{} with draws = {} (keeping {} draws per chain)", c.thin, c.draws, c.draws / c.thin),
           "draws / thin >= 4 kept draws per chain");
  c.levels = t.number_list("levels", c.levels);
  for (double l : c.levels)
    if (!(l > 0.0 && l < 1.0)) t.fail("levels", "the level " + format_number(l), "credible levels strictly between 0 and 1");
  if (const toml::node* n = t.node("save_draws")) {
    if (!n->is_boolean()) t.fail("save_draws", describe_toml_value(*n), "true or false");
    c.save_draws = *n->value<bool>();
  }
  c.target_accept = t.number("target_accept", 0.0);
  if (t.has("target_accept") && !(c.target_accept > 0.0 && c.target_accept < 1.0))
    t.fail("target_accept", "the value " + format_number(c.target_accept), "a probability strictly between 0 and 1");
  const std::string sampler = t.string("sampler", "mixture");
  if (sampler != "mixture" && sampler != "rwm") t.fail("sampler", "\"" + sampler + "\"", "\"mixture\" or \"rwm\"");
  c.sampler = sampler == "rwm" ? SamplerKind::rwm : SamplerKind::mixture;

  const toml::table* data = t.subtable("data");
  if (data) {
    TomlFields d(path, *data, "data");
    d.reject_unknown({"path", "missing"});
    c.data_path = (base_dir / d.required_string("path")).lexically_normal().string();
    const std::string missing = d.string("missing", "error");
    if (missing != "error" && missing != "drop") d.fail("missing", "\"" + missing + "\"", "\"error\" or \"drop\"");
    c.missing = missing == "drop" ? MissingPolicy::drop : MissingPolicy::error;
  }

  const toml::node* analyses = root.get("analysis");
  const toml::array* arr = analyses ? analyses->as_array() : nullptr;
  if (!arr || arr->empty())
    throw InputError(fmt::format("{}: no [[analysis]] tables; expected at least one analysis", path));
  nlohmann::json resolved_analyses = nlohmann::json::array();
  std::set<std::string> names;
  for (size_t i = 0; i < arr->size(); ++i) {
    const toml::table* at = (*arr)[i].as_table();
    if (!at) t.fail("analysis", "an array holding " + describe_toml_value((*arr)[i]), "[[analysis]] tables");
    TomlFields af(path, *at, fmt::format("analysis[{}]", i));
    nlohmann::json rj;
    AnalysisConfig a = parse_analysis(af, base_dir, rj);
    if (!names.insert(a.name).second) af.fail("name", "\"" + a.name + "\" again", "analysis names to be unique");
    if (a.needs_data() && !a.data_path && c.data_path.empty())
      throw InputError(fmt::format("{}: analysis '{}' has no data; expected [data] path or [analysis.data] path", af.where(), a.name));
    if (a.sampled()) {  // the sampled models' lengths
      if (a.warmup < 0) a.warmup = c.warmup;
      if (a.draws < 0) a.draws = c.draws;
      if (a.thin < 0) a.thin = c.thin;
      if (a.draws / a.thin < 4)
        af.fail(af.has("thin") ? "thin" : "draws", fmt::format("draws = {} with thin = {} (keeping {} draws per chain)", a.draws, a.thin, a.draws / a.thin),
                "draws / thin >= 4 kept draws per chain");
      rj["warmup"] = a.warmup;
      rj["draws"] = a.draws;
      rj["thin"] = a.thin;
      a.save_draws = a.save_draws_key.value_or(c.save_draws);
      rj["save_draws"] = a.save_draws;
    }
    c.analyses.push_back(std::move(a));
    resolved_analyses.push_back(std::move(rj));
  }

  c.resolved = {{"seed", c.seed},     {"backend", c.backend}, {"chains", c.chains}, {"warmup", c.warmup},
                {"draws", c.draws},   {"thin", c.thin},       {"levels", c.levels},
                {"sampler", sampler}, {"analysis", resolved_analyses}};
  if (c.target_accept > 0.0) c.resolved["target_accept"] = c.target_accept;
  if (c.save_draws) c.resolved["save_draws"] = true;
  if (!c.data_path.empty())
    c.resolved["data"] = {{"path", c.data_path}, {"missing", c.missing == MissingPolicy::drop ? "drop" : "error"}};
  return c;
}

}  // namespace ps

#include "host/config/summary_model_keys.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <fmt/format.h>

#include "host/config/sampling_keys.hpp"
#include "host/errors.hpp"

namespace ps {

namespace {

// A pair [treatment, control] of numbers.
std::vector<double> arm_pair(const TomlFields& t, const std::string& key) {
  const std::vector<double> v = t.number_list(key, {});
  if (v.size() != 2) t.fail(key, fmt::format("{} value{}", v.size(), v.size() == 1 ? "" : "s"), "[treatment, control]: two numbers");
  return v;
}

std::vector<long long> count_pair(const TomlFields& t, const std::string& key) {
  std::vector<long long> out;
  for (double v : arm_pair(t, key)) {
    if (v < 0.0 || v != std::floor(v) || v > 1e15) t.fail(key, "the value " + format_number(v), "non-negative whole numbers");
    out.push_back(static_cast<long long>(v));
  }
  return out;
}

// events/totals from the config, or a binary outcome column with the
// treatment column.
void parse_binary_counts(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  const bool counts = t.has("events") || t.has("totals");
  if (counts && t.has("outcome"))
    t.fail("outcome", "both counts (events, totals) and an outcome column", "one of them");
  if (counts) {
    if (!t.has("events") || !t.has("totals"))
      t.fail(t.has("events") ? "totals" : "events", "nothing", "events and totals together, [treatment, control]");
    if (t.has("treatment")) t.fail("treatment", "a treatment column with counts", "no columns when events and totals are given");
    a.events = count_pair(t, "events");
    a.totals = count_pair(t, "totals");
    for (int arm = 0; arm < 2; ++arm) {
      const char* name = arm == 0 ? "treatment" : "control";
      if (a.totals[arm] == 0) t.fail("totals", fmt::format("0 patients in the {} arm", name), "at least one patient per arm");
      if (a.events[arm] > a.totals[arm])
        t.fail("events", fmt::format("{} events out of {} in the {} arm", a.events[arm], a.totals[arm], name),
               "events no larger than totals");
    }
    resolved["events"] = a.events;
    resolved["totals"] = a.totals;
    return;
  }
  if (!t.has("outcome"))
    t.fail("events", "nothing", "events = [treatment, control] with totals, or outcome = \"<0/1 column>\" with treatment");
  a.outcome = t.required_string("outcome");
  a.columns.treatment = t.required_string("treatment");
  resolved["outcome"] = a.outcome;
  resolved["treatment"] = a.columns.treatment;
}

void parse_published_estimate(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  const std::string scale = t.string("scale", "ratio");
  if (scale != "ratio" && scale != "difference") t.fail("scale", "\"" + scale + "\"", "\"ratio\" or \"difference\"");
  a.summary_scale = scale == "ratio" ? EffectScale::ratio : EffectScale::difference;
  const bool ratio = a.summary_scale == EffectScale::ratio;
  PublishedEstimate& e = a.published;
  if (!t.has("estimate")) t.fail("estimate", "nothing", "the published point estimate (e.g. a hazard ratio)");
  e.estimate = t.number("estimate", 0.0);
  if (ratio && !(e.estimate > 0.0)) t.fail("estimate", "the value " + format_number(e.estimate), "a positive ratio");
  const bool interval = t.has("lower") || t.has("upper");
  if (interval && t.has("se")) t.fail("se", "both an interval and an SE", "one of them");
  resolved["scale"] = scale;
  resolved["estimate"] = e.estimate;
  if (!interval) {
    if (!t.has("se")) t.fail("se", "nothing", "lower and upper (with level) or se, on the model scale (log for ratios)");
    if (t.has("level")) t.fail("level", "a level with an SE", "a level only with lower and upper");
    e.se = t.number("se", 0.0);
    if (!(e.se > 0.0)) t.fail("se", "the value " + format_number(e.se), "a positive standard error");
    e.lower = e.upper = NAN;
    resolved["se"] = e.se;
    return;
  }
  if (!t.has("lower") || !t.has("upper")) t.fail(t.has("lower") ? "upper" : "lower", "nothing", "both bounds of the interval");
  e.lower = t.number("lower", 0.0);
  e.upper = t.number("upper", 0.0);
  e.level = t.number("level", 0.95);
  if (!(e.level > 0.0 && e.level < 1.0)) t.fail("level", "the value " + format_number(e.level), "a level strictly between 0 and 1 (e.g. 0.95)");
  if (ratio && !(e.lower > 0.0)) t.fail("lower", "the value " + format_number(e.lower), "a positive ratio");
  if (!(e.lower < e.upper))
    t.fail("upper", fmt::format("the interval {} to {}", format_number(e.lower), format_number(e.upper)), "lower < upper");
  if (!(e.lower < e.estimate && e.estimate < e.upper))
    t.fail("estimate", fmt::format("{} outside its interval {} to {}", format_number(e.estimate), format_number(e.lower), format_number(e.upper)),
           "an estimate strictly inside its interval");
  // A Wald interval on the model scale: half its width is z * SE.
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + e.level / 2.0);
  e.se = ratio ? (std::log(e.upper) - std::log(e.lower)) / (2.0 * z) : (e.upper - e.lower) / (2.0 * z);
  resolved["lower"] = e.lower;
  resolved["upper"] = e.upper;
  resolved["level"] = e.level;
}

void parse_poisson_counts(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  if (!t.has("counts")) t.fail("counts", "nothing", "counts = [treatment, control] (with exposure), or a count column");
  if (!t.has("exposure")) t.fail("exposure", "nothing", "exposure = [treatment, control] (e.g. patients or patient-days), or a column");
  if (t.node("counts")->is_string()) {
    a.count_column = t.required_string("counts");
    if (!t.node("exposure")->is_string()) t.fail("exposure", describe_toml_value(*t.node("exposure")), "a column name, as counts is");
    a.exposure_column = t.required_string("exposure");
    a.columns.treatment = t.required_string("treatment");
    resolved["counts"] = a.count_column;
    resolved["exposure"] = a.exposure_column;
    resolved["treatment"] = a.columns.treatment;
    return;
  }
  if (t.has("treatment")) t.fail("treatment", "a treatment column with counts", "no columns when counts and exposure are numbers");
  for (double v : count_pair(t, "counts")) a.counts.push_back(static_cast<double>(v));
  a.exposure = arm_pair(t, "exposure");
  for (double v : a.exposure)
    if (!(v > 0.0)) t.fail("exposure", "the value " + format_number(v), "positive exposures");
  resolved["counts"] = a.counts;
  resolved["exposure"] = a.exposure;
}

void parse_survival_columns(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  a.columns.time = t.required_string("time");
  a.columns.event = t.required_string("event");
  a.columns.treatment = t.required_string("treatment");
  resolved["time"] = a.columns.time;
  resolved["event"] = a.columns.event;
  resolved["treatment"] = a.columns.treatment;
  if (a.model == "logrank") {
    a.columns.strata = t.string_list("strata");
    resolved["strata"] = a.columns.strata;
    return;
  }
  a.at = t.number_list("at", {});
  a.at_labels = t.number_texts("at");
  for (size_t k = 0; k < a.at.size(); ++k) {
    if (!(a.at[k] >= 0.0)) t.fail("at", "the day " + format_number(a.at[k]), "days >= 0");
    if (k > 0 && !(a.at[k] > a.at[k - 1])) t.fail("at", format_number(a.at[k]) + " after " + format_number(a.at[k - 1]), "increasing days");
  }
  resolved["at"] = a.at;
}

void parse_meta_binary(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  auto& c = a.meta_columns;
  for (auto [key, column] : {std::pair<const char*, std::string*>{"study", &c.study},
                             {"events_treatment", &c.events_treatment}, {"total_treatment", &c.total_treatment},
                             {"events_control", &c.events_control}, {"total_control", &c.total_control}}) {
    *column = t.string(key, *column);
    resolved[key] = *column;
  }
  a.continuity_correction = t.number("cc", 0.5);
  if (!(a.continuity_correction > 0.0))
    t.fail("cc", "the value " + format_number(a.continuity_correction), "a positive continuity correction (e.g. 0.5 or 0.1)");
  a.tau2_method = t.string("tau2", "REML");
  if (a.tau2_method != "DL" && a.tau2_method != "SJ" && a.tau2_method != "REML" && a.tau2_method != "PM")
    t.fail("tau2", "\"" + a.tau2_method + "\"", "\"DL\", \"SJ\", \"REML\" or \"PM\"");
  a.pooling = t.string("pooling", "random");
  if (a.pooling != "fixed" && a.pooling != "random" && a.pooling != "by_i2")
    t.fail("pooling", "\"" + a.pooling + "\"", "\"fixed\", \"random\" or \"by_i2\" (fixed when I2 < 50%)");
  if (const toml::node* n = t.node("drop_double_zero")) {
    if (!n->is_boolean()) t.fail("drop_double_zero", describe_toml_value(*n), "true or false");
    a.drop_double_zero = *n->value<bool>();
  }
  resolved["cc"] = a.continuity_correction;
  resolved["tau2"] = a.tau2_method;
  resolved["pooling"] = a.pooling;
  resolved["drop_double_zero"] = a.drop_double_zero;

  // The Bayesian model (with [analysis.prior] and [analysis.tau_prior]).
  a.meta_model = t.string("bayesian_model", "binomial_normal");
  if (a.meta_model != "binomial_normal" && a.meta_model != "normal_normal")
    t.fail("bayesian_model", "\"" + a.meta_model + "\"", "\"binomial_normal\" (sampled) or \"normal_normal\" (exact)");
  const bool sampled = a.meta_model == "binomial_normal";
  for (const char* key : {"quadrature_nodes", "warmup", "draws", "thin", "nuisance_prior", "save_draws"})
    if (!sampled && t.has(key))
      t.fail(key, std::string("'") + key + "' with bayesian_model = \"normal_normal\"",
             "no sampling keys: the normal-normal posterior is exact");
  // 20 nodes: a rare event in a study with large tau has a skewed integrand
  // (tests/models/test_meta_binomial_normal_likelihood.cpp: 5e-7 in log L at
  // 20 nodes, 1e-4 at 10), and a meta-analysis has few studies to integrate.
  a.quadrature_nodes = static_cast<int>(t.integer("quadrature_nodes", 20, 1, 50));
  parse_sampling_lengths(t, a);
  resolved["bayesian_model"] = a.meta_model;
  if (sampled) {
    resolved["quadrature_nodes"] = a.quadrature_nodes;
    parse_nuisance_prior_key(t, a, resolved);
  }
}

}  // namespace

bool is_summary_model(const std::string& model) {
  return model == "beta_binomial" || model == "normal_summary" || model == "fisher" || model == "poisson_rate" ||
         model == "kaplan_meier" || model == "logrank" || model == "meta_binary";
}

std::set<std::string> summary_model_keys(const std::string& model) {
  std::set<std::string> keys{"name", "model"};
  const auto add = [&](std::initializer_list<const char*> more) { keys.insert(more.begin(), more.end()); };
  const auto bayesian = [&] { add({"thresholds", "decision", "prior"}); };
  if (model == "beta_binomial") { add({"events", "totals", "outcome", "treatment", "data", "prior_control"}); bayesian(); }
  if (model == "fisher") add({"events", "totals", "outcome", "treatment", "data"});
  if (model == "normal_summary") { add({"estimate", "lower", "upper", "level", "se", "scale"}); bayesian(); }
  if (model == "poisson_rate") add({"counts", "exposure", "treatment", "data"});
  if (model == "kaplan_meier") add({"time", "event", "treatment", "at", "data"});
  if (model == "logrank") add({"time", "event", "treatment", "strata", "data"});
  if (model == "meta_binary") {
    add({"study", "events_treatment", "total_treatment", "events_control", "total_control", "cc", "tau2", "pooling",
         "drop_double_zero", "data", "tau_prior", "bayesian_model", "quadrature_nodes", "warmup", "draws", "thin",
         "nuisance_prior", "save_draws"});
    bayesian();
  }
  return keys;
}

void parse_summary_model(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  if (a.model == "beta_binomial" || a.model == "fisher") parse_binary_counts(t, a, resolved);
  if (a.model == "normal_summary") parse_published_estimate(t, a, resolved);
  if (a.model == "poisson_rate") parse_poisson_counts(t, a, resolved);
  if (a.model == "kaplan_meier" || a.model == "logrank") parse_survival_columns(t, a, resolved);
  if (a.model == "meta_binary") parse_meta_binary(t, a, resolved);
}

}  // namespace ps

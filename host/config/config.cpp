// Parses and validates the whole TOML configuration (DESIGN.md "Config").
#include "host/config/config.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <set>

#include "host/config/longitudinal_keys.hpp"
#include "host/config/toml_fields.hpp"
#include "host/errors.hpp"

namespace ps {

namespace fs = std::filesystem;

std::string format_number(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

namespace {

struct FamilySpec {
  const char* name;
  std::vector<std::pair<std::string, std::optional<double>>> params;  // name, default (none: required)
};

const std::vector<FamilySpec>& effect_families() {
  static const std::vector<FamilySpec> families = {
      {"normal", {{"mean", 0.0}, {"sd", std::nullopt}}},
      {"student_t", {{"df", std::nullopt}, {"location", 0.0}, {"scale", std::nullopt}}},
  };
  return families;
}

const FamilySpec& find_family(const TomlFields& t) {
  const std::string family = t.required_string("family");
  for (const auto& f : effect_families())
    if (family == f.name) return f;
  t.fail("family", "\"" + family + "\"", "\"normal\" or \"student_t\"");
}

// A parameter value: a number, a list of numbers, or a range table
// { from, to, count, spacing = "linear" | "log" }.
std::vector<double> parameter_values(const TomlFields& t, const std::string& key) {
  if (const toml::table* range = t.node(key)->as_table()) {
    TomlFields r(t.file(), *range, t.qualified(key));
    r.reject_unknown({"from", "to", "count", "spacing"});
    for (const char* k : {"from", "to", "count"})
      if (!r.has(k)) throw InputError(fmt::format("{}: missing key '{}'; expected a range {{ from, to, count }}", r.where(), r.qualified(k)));
    const double from = r.number("from", 0.0);
    const double to = r.number("to", 0.0);
    const int count = static_cast<int>(r.integer("count", 1, 1, 100000000));
    const std::string spacing = r.string("spacing", "linear");
    if (spacing != "linear" && spacing != "log") r.fail("spacing", "\"" + spacing + "\"", "\"linear\" or \"log\"");
    if (spacing == "log" && (from <= 0.0 || to <= 0.0))
      r.fail(from <= 0.0 ? "from" : "to", fmt::format("from = {}, to = {}", from, to), "positive bounds for log spacing");
    std::vector<double> values(count);
    for (int i = 0; i < count; ++i) {
      const double u = count == 1 ? 0.0 : static_cast<double>(i) / (count - 1);
      values[i] = spacing == "linear" ? from + u * (to - from)
                                      : std::exp(std::log(from) + u * (std::log(to) - std::log(from)));
    }
    values.front() = from;  // exact end points despite rounding in exp/log
    if (count > 1) values.back() = to;
    return values;
  }
  std::vector<double> values = t.number_list(key, {});
  if (values.empty()) t.fail(key, "an empty list", "at least one value");
  return values;
}

void require_positive(const TomlFields& t, const std::string& key, const std::vector<double>& values) {
  for (double v : values)
    if (!(v > 0.0)) t.fail(key, "the value " + format_number(v), "a positive number");
}

PriorBlock parse_prior_block(const TomlFields& t) {
  const FamilySpec& family = find_family(t);
  std::set<std::string> allowed{"family"};
  for (const auto& [name, def] : family.params) allowed.insert(name);
  t.reject_unknown(allowed);
  PriorBlock block;
  block.family = family.name;
  for (const auto& [name, def] : family.params) {
    std::vector<double> values;
    if (t.has(name)) {
      values = parameter_values(t, name);
    } else if (def) {
      values = {*def};
    } else {
      throw InputError(fmt::format("{}: missing key '{}'; expected the {} prior's {} (a number, list or range)",
                                   t.where(), t.qualified(name), family.name, name));
    }
    if (name == "sd" || name == "scale" || name == "df") require_positive(t, name, values);
    block.params.emplace_back(name, std::move(values));
  }
  return block;
}

ScalarPrior parse_nuisance_prior(const TomlFields& t) {
  const PriorBlock block = parse_prior_block(t);
  for (const auto& [name, values] : block.params)
    if (values.size() != 1) t.fail(name, "several values", "a single number (the nuisance prior is not swept)");
  if (block.family == "normal") return {PriorFamily::normal, block.params[0].second[0], block.params[1].second[0], 0.0};
  return {PriorFamily::student_t, block.params[0].second[0], block.params[1].second[0], block.params[2].second[0]};
}

nlohmann::json prior_block_json(const PriorBlock& b) {
  nlohmann::json j{{"family", b.family}};
  for (const auto& [name, values] : b.params) j[name] = values;
  return j;
}

AnalysisConfig parse_analysis(const TomlFields& t, const fs::path& base_dir, nlohmann::json& resolved) {
  AnalysisConfig a;
  a.name = t.required_string("name");
  if (a.name.empty() || a.name.find_first_of("/\\") != std::string::npos || a.name == "." || a.name == "..")
    t.fail("name", "\"" + a.name + "\"", "a non-empty name usable as a folder name");
  a.model = t.required_string("model");
  if (a.model != "cox" && a.model != "ordinal" && a.model != "ordinal_longitudinal")
    t.fail("model", "\"" + a.model + "\"", "\"cox\", \"ordinal\" or \"ordinal_longitudinal\" (the models of this version)");
  const bool cox = a.model == "cox";
  const bool longitudinal = a.model == "ordinal_longitudinal";
  if (cox) {
    t.reject_unknown({"name", "model", "time", "event", "treatment", "covariates", "factors", "strata", "ties",
                      "thresholds", "decision", "prior", "nuisance_prior", "data", "summaries",
                      "warmup", "draws", "thin"});
  } else if (longitudinal) {
    t.reject_unknown({"name", "model", "outcome", "days", "id", "day", "categories", "link", "treatment", "covariates",
                      "factors", "quadrature_nodes", "absorbing_level", "after_death", "thresholds", "decision",
                      "prior", "nuisance_prior", "cutpoint_prior", "random_effect_prior", "data", "summaries",
                      "warmup", "draws", "thin"});
  } else {
    t.reject_unknown({"name", "model", "outcome", "categories", "link", "treatment", "covariates", "factors",
                      "thresholds", "decision", "prior", "nuisance_prior", "cutpoint_prior", "data", "summaries",
                      "warmup", "draws", "thin"});
  }

  CoxColumns& c = a.columns;
  c.treatment = t.required_string("treatment");
  c.covariates = t.string_list("covariates");
  c.factors = t.string_list("factors");
  std::string ties = "efron", link = "logit";
  if (cox) {
    c.time = t.required_string("time");
    c.event = t.required_string("event");
    c.strata = t.string_list("strata");
    ties = t.string("ties", "efron");
    if (ties != "efron" && ties != "breslow") t.fail("ties", "\"" + ties + "\"", "\"efron\" or \"breslow\"");
    c.ties = ties == "efron" ? Ties::efron : Ties::breslow;
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
    link = t.string("link", "logit");
    if (link != "logit" && link != "probit") t.fail("link", "\"" + link + "\"", "\"logit\" or \"probit\"");
    a.link = link == "logit" ? OrdinalLink::logit : OrdinalLink::probit;
    if (const toml::table* cp = t.subtable("cutpoint_prior")) {
      TomlFields cf(t.file(), *cp, t.qualified("cutpoint_prior"));
      cf.reject_unknown({"concentration"});
      a.cutpoint_concentration = cf.number("concentration", 1.0);
      if (!(a.cutpoint_concentration > 0.0))
        cf.fail("concentration", "the value " + format_number(a.cutpoint_concentration), "a positive Dirichlet concentration");
    }
    if (longitudinal) parse_longitudinal_model(t, a);
  }

  // Sampling lengths of this analysis where they differ from the run's (a
  // longitudinal model mixes more slowly than a Cox model on the same trial).
  a.warmup = static_cast<int>(t.integer("warmup", -1, 0, 100000000));
  a.draws = static_cast<int>(t.integer("draws", -1, 4, 100000000));
  a.thin = static_cast<int>(t.integer("thin", -1, 1, 100000000));

  const std::string summaries = t.string("summaries", "all");
  if (summaries != "all" && summaries != "treatment")
    t.fail("summaries", "\"" + summaries + "\"", "\"all\" (every coefficient) or \"treatment\"");
  a.summarize_treatment_only = summaries == "treatment";

  a.thresholds = t.number_list("thresholds", {1.0});
  require_positive(t, "thresholds", a.thresholds);
  a.threshold_labels = t.number_texts("thresholds");
  if (a.threshold_labels.empty()) a.threshold_labels = {"1"};

  if (const toml::table* d = t.subtable("decision")) {
    TomlFields dt(t.file(), *d, t.qualified("decision"));
    dt.reject_unknown({"efficacy", "futility", "moderate"});
    a.decision.efficacy = dt.number("efficacy", a.decision.efficacy);
    a.decision.futility = dt.number("futility", a.decision.futility);
    a.decision.moderate = dt.number("moderate", a.decision.moderate);
    for (const char* k : {"efficacy", "futility"}) {
      const double v = dt.number(k, 0.5);
      if (!(v > 0.0 && v < 1.0)) dt.fail(k, "the value " + format_number(v), "a probability strictly between 0 and 1");
    }
    if (!(a.decision.moderate > 0.0))
      dt.fail("moderate", "the value " + format_number(a.decision.moderate), cox ? "a positive hazard ratio" : "a positive odds ratio");
  }

  const toml::node* prior = t.node("prior");
  if (!prior) throw InputError(fmt::format("{}: missing table '{}'; expected the treatment-effect prior grid", t.where(), t.qualified("prior")));
  if (const toml::table* pt = prior->as_table()) {
    a.prior_blocks.push_back(parse_prior_block(TomlFields(t.file(), *pt, t.qualified("prior"))));
  } else if (const toml::array* arr = prior->as_array(); arr && !arr->empty()) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::table* bt = (*arr)[i].as_table();
      if (!bt) t.fail("prior", "an array holding " + describe_toml_value((*arr)[i]), "tables");
      a.prior_blocks.push_back(parse_prior_block(TomlFields(t.file(), *bt, fmt::format("{}[{}]", t.qualified("prior"), i))));
    }
  } else {
    t.fail("prior", describe_toml_value(*prior), "a table [analysis.prior] or tables [[analysis.prior]]");
  }

  if (const toml::table* np = t.subtable("nuisance_prior"))
    a.nuisance_prior = parse_nuisance_prior(TomlFields(t.file(), *np, t.qualified("nuisance_prior")));

  if (const toml::table* dt = t.subtable("data")) {
    TomlFields df(t.file(), *dt, t.qualified("data"));
    df.reject_unknown({"path"});
    a.data_path = (base_dir / df.required_string("path")).lexically_normal().string();
  }

  nlohmann::json priors = nlohmann::json::array();
  for (const auto& b : a.prior_blocks) priors.push_back(prior_block_json(b));
  const ScalarPrior& np = a.nuisance_prior;
  resolved = {{"name", a.name},
              {"model", a.model},
              {"treatment", c.treatment},
              {"covariates", c.covariates},
              {"factors", c.factors},
              {"thresholds", a.thresholds},
              {"summaries", summaries},
              {"decision", {{"efficacy", a.decision.efficacy}, {"futility", a.decision.futility}, {"moderate", a.decision.moderate}}},
              {"prior", priors},
              {"nuisance_prior", np.family == PriorFamily::normal
                                     ? nlohmann::json{{"family", "normal"}, {"mean", np.a}, {"sd", np.b}}
                                     : nlohmann::json{{"family", "student_t"}, {"df", np.a}, {"location", np.b}, {"scale", np.c}}}};
  if (cox) {
    resolved["time"] = c.time;
    resolved["event"] = c.event;
    resolved["strata"] = c.strata;
    resolved["ties"] = ties;
  } else {
    resolved["outcome"] = a.outcome;
    resolved["categories"] = a.levels;
    resolved["link"] = link;
    resolved["cutpoint_prior"] = {{"concentration", a.cutpoint_concentration}};
    if (longitudinal) add_longitudinal_json(a, resolved);
  }
  if (a.data_path) resolved["data"] = {{"path", *a.data_path}};
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
      {"seed", "backend", "chains", "warmup", "draws", "thin", "levels", "target_accept", "data", "analysis"});

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
  c.target_accept = t.number("target_accept", 0.0);
  if (t.has("target_accept") && !(c.target_accept > 0.0 && c.target_accept < 1.0))
    t.fail("target_accept", "the value " + format_number(c.target_accept), "a probability strictly between 0 and 1");

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
    if (!a.data_path && c.data_path.empty())
      throw InputError(fmt::format("{}: analysis '{}' has no data; expected [data] path or [analysis.data] path", af.where(), a.name));
    if (a.warmup < 0) a.warmup = c.warmup;
    if (a.draws < 0) a.draws = c.draws;
    if (a.thin < 0) a.thin = c.thin;
    if (a.draws / a.thin < 4)
      af.fail(af.has("thin") ? "thin" : "draws", fmt::format("draws = {} with thin = {} (keeping {} draws per chain)", a.draws, a.thin, a.draws / a.thin),
              "draws / thin >= 4 kept draws per chain");
    rj["warmup"] = a.warmup;
    rj["draws"] = a.draws;
    rj["thin"] = a.thin;
    c.analyses.push_back(std::move(a));
    resolved_analyses.push_back(std::move(rj));
  }

  c.resolved = {{"seed", c.seed},     {"backend", c.backend}, {"chains", c.chains}, {"warmup", c.warmup},
                {"draws", c.draws},   {"thin", c.thin},       {"levels", c.levels},
                {"analysis", resolved_analyses}};
  if (c.target_accept > 0.0) c.resolved["target_accept"] = c.target_accept;
  if (!c.data_path.empty())
    c.resolved["data"] = {{"path", c.data_path}, {"missing", c.missing == MissingPolicy::drop ? "drop" : "error"}};
  return c;
}

}  // namespace ps

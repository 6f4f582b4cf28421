#include "host/config/prior_keys.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>

#include "host/errors.hpp"
#include "host/grid/turner_priors.hpp"

namespace ps {

namespace {

struct FamilySpec {
  const char* name;
  std::vector<std::pair<std::string, std::optional<double>>> params;  // name, default (none: required)
};

const std::vector<FamilySpec>& all_families() {
  static const std::vector<FamilySpec> families = {
      {"normal", {{"mean", 0.0}, {"sd", std::nullopt}}},
      {"student_t", {{"df", std::nullopt}, {"location", 0.0}, {"scale", std::nullopt}}},
      {"beta", {{"a", std::nullopt}, {"b", std::nullopt}}},
      // median's default (no effect) depends on the scale: filled in below.
      {"normal_from_tail", {{"median", std::nullopt}, {"threshold", std::nullopt}, {"probability", std::nullopt}}},
      {"belief_grid", {{"effect", std::nullopt}}},
      // The between-study SD of a meta-analysis: on tau, or log-normal on tau^2.
      {"half_normal", {{"scale", std::nullopt}}},
      {"half_cauchy", {{"scale", std::nullopt}}},
      {"lognormal", {{"meanlog", std::nullopt}, {"sdlog", std::nullopt}}},
      // Turner et al.'s empirical log-normal priors on tau^2, named by words.
      {"turner", {}},
  };
  return families;
}

std::string quoted_list(const std::set<std::string>& names) {
  std::string out;
  size_t i = 0;
  for (const auto& n : names) out += (i++ == 0 ? "" : i == names.size() ? " or " : ", ") + ("\"" + n + "\"");
  return out;
}

const FamilySpec& find_family(const TomlFields& t, const PriorContext& context) {
  const std::string family = t.required_string("family");
  if (context.families.count(family))
    for (const auto& f : all_families())
      if (family == f.name) return f;
  t.fail("family", "\"" + family + "\"", quoted_list(context.families));
}

void require(const TomlFields& t, const std::string& key, const std::vector<double>& values, bool (*ok)(double),
             const char* expected) {
  for (double v : values)
    if (!ok(v)) t.fail(key, "the value " + format_number(v), expected);
}

std::vector<std::string> word_list(const TomlFields& t, const std::string& key, const std::vector<std::string>& allowed) {
  if (!t.has(key)) return allowed;
  const std::vector<std::string> words = t.string_list(key);
  if (words.empty()) t.fail(key, "an empty list", "at least one of the words");
  for (const auto& w : words) {
    if (std::find(allowed.begin(), allowed.end(), w) == allowed.end())
      t.fail(key, "\"" + w + "\"", fmt::format("\"{}\"", fmt::join(allowed, "\", \"")));
    if (std::count(words.begin(), words.end(), w) > 1) t.fail(key, "\"" + w + "\" twice", "each word once");
  }
  return words;
}

// normal_from_tail: P(effect < threshold) = probability must put the
// threshold on the side of the median the probability says.
void check_tail_statements(const TomlFields& t, const PriorBlock& b, EffectScale scale) {
  const auto& median = b.params[0].second;
  const auto& threshold = b.params[1].second;
  const auto& probability = b.params[2].second;
  if (scale == EffectScale::ratio) {
    require(t, "median", median, [](double v) { return v > 0.0; }, "a positive ratio");
    require(t, "threshold", threshold, [](double v) { return v > 0.0; }, "a positive ratio");
  }
  require(t, "probability", probability, [](double v) { return v > 0.0 && v < 1.0 && v != 0.5; },
          "a probability in (0, 1) other than 0.5 (P(effect < threshold))");
  for (double m : median)
    for (double x : threshold)
      for (double p : probability)
        if ((x < m) != (p < 0.5) || x == m)
          t.fail("threshold",
                 fmt::format("threshold {} with median {} and probability {}", format_number(x), format_number(m),
                             format_number(p)),
                 "a threshold below the median when the probability is below 0.5, above it when above 0.5");
}

}  // namespace

std::vector<double> parameter_values(const TomlFields& t, const std::string& key) {
  if (const toml::table* range = t.node(key)->as_table()) {
    TomlFields r(t.file(), *range, t.qualified(key));
    r.reject_unknown({"from", "to", "count", "spacing"});
    for (const char* k : {"from", "to", "count"})
      if (!r.has(k))
        throw InputError(fmt::format("{}: missing key '{}'; expected a range {{ from, to, count }}", r.where(), r.qualified(k)));
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

namespace {

PriorBlock parse_prior_block(const TomlFields& t, const PriorContext& context) {
  const FamilySpec& family = find_family(t, context);
  const std::string name = family.name;
  std::set<std::string> allowed{"family"};
  for (const auto& [param, def] : family.params) allowed.insert(param);
  if (name == "belief_grid") allowed.insert({"beliefs", "strengths"});
  if (name == "turner") allowed.insert({"outcome", "comparison"});
  t.reject_unknown(allowed);
  PriorBlock block;
  block.family = name;
  const double no_effect = context.scale == EffectScale::ratio ? 1.0 : 0.0;
  for (const auto& [param, def] : family.params) {
    std::vector<double> values;
    if (t.has(param)) {
      values = parameter_values(t, param);
    } else if (def) {
      values = {*def};
    } else if (name == "normal_from_tail" && param == "median") {
      values = {no_effect};
    } else if (name == "belief_grid" && param == "effect") {
      values = {context.moderate};
    } else {
      throw InputError(fmt::format("{}: missing key '{}'; expected the {} prior's {} (a number, list or range)",
                                   t.where(), t.qualified(param), name, param));
    }
    block.params.emplace_back(param, std::move(values));
  }
  const auto positive = [](double v) { return v > 0.0; };
  for (const auto& [param, values] : block.params)
    if (param == "sd" || param == "scale" || param == "df" || param == "a" || param == "b" || param == "sdlog")
      require(t, param, values, positive, "a positive number");
  if (name == "normal_from_tail") check_tail_statements(t, block, context.scale);
  if (name == "belief_grid") {
    const auto& effect = block.params[0].second;
    if (context.scale == EffectScale::ratio)
      require(t, "effect", effect, [](double v) { return v > 0.0 && v < 1.0; },
              "the anticipated benefit as a ratio between 0 and 1 (e.g. 0.85)");
    else
      require(t, "effect", effect, [](double v) { return v < 0.0; },
              "the anticipated benefit as a negative difference (e.g. -0.055)");
    block.beliefs = word_list(t, "beliefs", {"neutral", "optimistic", "pessimistic"});
    block.strengths = word_list(t, "strengths", {"weak", "moderate", "strong"});
  }
  if (name == "turner") {
    if (!t.has("outcome"))
      t.fail("outcome", "nothing", fmt::format("Turner et al.'s outcome type(s): \"{}\"", fmt::join(turner_outcome_types(), "\", \"")));
    block.outcomes = word_list(t, "outcome", turner_outcome_types());
    const bool only_any = std::all_of(block.outcomes.begin(), block.outcomes.end(), [](const std::string& o) { return o == "any"; });
    if (t.has("comparison") && only_any)
      t.fail("comparison", "a comparison type with outcome \"any\"", "no comparison: the marginal prior covers every comparison");
    if (!t.has("comparison") && !only_any)
      t.fail("comparison", "nothing",
             fmt::format("the type(s) of comparison: \"{}\"", fmt::join(turner_comparison_types(), "\", \"")));
    if (!only_any) block.comparisons = word_list(t, "comparison", turner_comparison_types());
  }
  return block;
}

}  // namespace

std::vector<PriorBlock> parse_prior_blocks(const TomlFields& t, const std::string& key, const PriorContext& context) {
  std::vector<PriorBlock> blocks;
  const toml::node* prior = t.node(key);
  if (!prior) return blocks;
  if (const toml::table* pt = prior->as_table()) {
    blocks.push_back(parse_prior_block(TomlFields(t.file(), *pt, t.qualified(key)), context));
  } else if (const toml::array* arr = prior->as_array(); arr && !arr->empty()) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::table* bt = (*arr)[i].as_table();
      if (!bt) t.fail(key, "an array holding " + describe_toml_value((*arr)[i]), "tables");
      blocks.push_back(parse_prior_block(TomlFields(t.file(), *bt, fmt::format("{}[{}]", t.qualified(key), i)), context));
    }
  } else {
    t.fail(key, describe_toml_value(*prior), fmt::format("a table [analysis.{0}] or tables [[analysis.{0}]]", key));
  }
  return blocks;
}

ScalarPrior parse_nuisance_prior(const TomlFields& t) {
  const PriorBlock block = parse_prior_block(t, {{"normal", "student_t"}, EffectScale::ratio, 0.85});
  for (const auto& [name, values] : block.params)
    if (values.size() != 1) t.fail(name, "several values", "a single number (the nuisance prior is not swept)");
  if (block.family == "normal") return {PriorFamily::normal, block.params[0].second[0], block.params[1].second[0], 0.0};
  return {PriorFamily::student_t, block.params[0].second[0], block.params[1].second[0], block.params[2].second[0]};
}

nlohmann::json prior_block_json(const PriorBlock& b) {
  nlohmann::json j{{"family", b.family}};
  for (const auto& [name, values] : b.params) j[name] = values;
  if (b.family == "belief_grid") {
    j["beliefs"] = b.beliefs;
    j["strengths"] = b.strengths;
  }
  if (b.family == "turner") {
    j["outcome"] = b.outcomes;
    if (!b.comparisons.empty()) j["comparison"] = b.comparisons;
  }
  return j;
}

}  // namespace ps

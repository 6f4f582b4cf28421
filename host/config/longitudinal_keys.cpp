#include "host/config/longitudinal_keys.hpp"

#include <algorithm>
#include <string>

namespace ps {

// The layout of repeated scores: wide (`outcome` a list of columns, one per
// day, optional `days` labels) or long (`outcome` one column, `id`, and an
// optional `day`).
void parse_longitudinal_layout(const TomlFields& t, AnalysisConfig& a) {
  const toml::node* outcome = t.node("outcome");
  if (!outcome) t.fail("outcome", "nothing", "a score column (long layout, with id and day) or a list of day columns (wide)");
  if (outcome->is_array()) {
    a.outcomes = t.string_list("outcome");
    if (a.outcomes.size() < 2) t.fail("outcome", "a list of " + std::to_string(a.outcomes.size()) + " column", "at least two day columns");
    if (t.has("id") || t.has("day"))
      t.fail(t.has("id") ? "id" : "day", "a long-layout key", "no id or day with a list of outcome columns (wide layout)");
    if (t.has("days")) {
      a.day_labels = t.number_texts("days");
      if (a.day_labels.size() != a.outcomes.size())
        t.fail("days", std::to_string(a.day_labels.size()) + " days", std::to_string(a.outcomes.size()) + ", one per outcome column");
      const std::vector<double> days = t.number_list("days", {});
      for (size_t k = 1; k < days.size(); ++k)
        if (!(days[k] > days[k - 1])) t.fail("days", format_number(days[k]) + " after " + format_number(days[k - 1]), "increasing days");
    }
  } else {
    a.outcome = t.required_string("outcome");
    a.id_column = t.required_string("id");
    a.day_column = t.string("day", "");
    if (t.has("days")) t.fail("days", "days with a single outcome column", "days only with a list of outcome columns (wide layout)");
  }
}

// Quadrature, random-intercept SD prior and the absorbing (death) level.
void parse_longitudinal_model(const TomlFields& t, AnalysisConfig& a) {
  a.quadrature_nodes = static_cast<int>(t.integer("quadrature_nodes", 10, 1, 50));
  if (const toml::table* rp = t.subtable("random_effect_prior")) {
    TomlFields rf(t.file(), *rp, t.qualified("random_effect_prior"));
    const std::string family = rf.required_string("family");
    if (family == "half_normal") {
      rf.reject_unknown({"family", "scale"});
      a.sd_prior = {PriorFamily::normal, 0.0, rf.number("scale", 2.5), 0.0};
    } else if (family == "half_student_t") {
      rf.reject_unknown({"family", "df", "scale"});
      a.sd_prior = {PriorFamily::student_t, rf.number("df", 3.0), 0.0, rf.number("scale", 2.5)};
      if (!(a.sd_prior.a > 0.0)) rf.fail("df", "the value " + format_number(a.sd_prior.a), "positive degrees of freedom");
    } else {
      rf.fail("family", "\"" + family + "\"", "\"half_normal\" or \"half_student_t\"");
    }
    const double scale = a.sd_prior.family == PriorFamily::normal ? a.sd_prior.b : a.sd_prior.c;
    if (!(scale > 0.0)) rf.fail("scale", "the value " + format_number(scale), "a positive scale");
  }
  if (t.has("absorbing_level")) {
    const long long level = t.integer("absorbing_level", 0, -1000000000000000LL, 1000000000000000LL);
    if (std::find(a.levels.begin(), a.levels.end(), level) == a.levels.end())
      t.fail("absorbing_level", std::to_string(level), "one of the declared categories (the death level, e.g. 10)");
    a.absorbing_level = level;
  }
  const std::string after = t.string("after_death", "carry_forward");
  if (after != "carry_forward" && after != "drop") t.fail("after_death", "\"" + after + "\"", "\"carry_forward\" or \"drop\"");
  if (t.has("after_death") && !a.absorbing_level) t.fail("after_death", "after_death without absorbing_level", "absorbing_level too");
  a.after_death = after == "drop" ? AfterDeath::drop : AfterDeath::carry_forward;
}

void add_longitudinal_json(const AnalysisConfig& a, nlohmann::json& resolved) {
  if (!a.outcomes.empty()) {
    resolved["outcome"] = a.outcomes;
    if (!a.day_labels.empty()) resolved["days"] = a.day_labels;
  } else {
    resolved["id"] = a.id_column;
    if (!a.day_column.empty()) resolved["day"] = a.day_column;
  }
  resolved["quadrature_nodes"] = a.quadrature_nodes;
  const ScalarPrior& sd = a.sd_prior;
  resolved["random_effect_prior"] = sd.family == PriorFamily::normal
                                        ? nlohmann::json{{"family", "half_normal"}, {"scale", sd.b}}
                                        : nlohmann::json{{"family", "half_student_t"}, {"df", sd.a}, {"scale", sd.c}};
  if (a.absorbing_level) {
    resolved["absorbing_level"] = *a.absorbing_level;
    resolved["after_death"] = a.after_death == AfterDeath::drop ? "drop" : "carry_forward";
  }
}

}  // namespace ps

#include "host/config/sampling_keys.hpp"

#include "host/config/prior_keys.hpp"
#include "host/config/toml_fields.hpp"

namespace ps {

void parse_sampling_lengths(const TomlFields& t, AnalysisConfig& a) {
  a.warmup = static_cast<int>(t.integer("warmup", -1, 0, 100000000));
  a.draws = static_cast<int>(t.integer("draws", -1, 4, 100000000));
  a.thin = static_cast<int>(t.integer("thin", -1, 1, 100000000));
  if (const toml::node* n = t.node("save_draws")) {
    if (!n->is_boolean()) t.fail("save_draws", describe_toml_value(*n), "true or false");
    a.save_draws_key = *n->value<bool>();
  }
}

void parse_nuisance_prior_key(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved) {
  if (const toml::table* np = t.subtable("nuisance_prior"))
    a.nuisance_prior = parse_nuisance_prior(TomlFields(t.file(), *np, t.qualified("nuisance_prior")));
  const ScalarPrior& np = a.nuisance_prior;
  resolved["nuisance_prior"] = np.family == PriorFamily::normal
                                   ? nlohmann::json{{"family", "normal"}, {"mean", np.a}, {"sd", np.b}}
                                   : nlohmann::json{{"family", "student_t"}, {"df", np.a}, {"location", np.b}, {"scale", np.c}};
}

}  // namespace ps

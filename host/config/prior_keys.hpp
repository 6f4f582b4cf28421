// [analysis.prior] tables (DESIGN.md "Config"): a family and its parameters,
// each a number, a list or a range { from, to, count, spacing }; the grid is
// the Cartesian product. Which families an analysis accepts depends on its
// model: beta for beta_binomial, the normal-type families for the others.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "host/config/config.hpp"
#include "host/config/toml_fields.hpp"

namespace ps {

struct PriorContext {
  std::set<std::string> families;  // accepted here
  EffectScale scale = EffectScale::ratio;
  double moderate = 0.85;  // belief_grid's default anticipated effect (the decision's moderate benefit)
};

// The blocks of `key` (a table or an array of tables); none when the key is
// absent.
std::vector<PriorBlock> parse_prior_blocks(const TomlFields& t, const std::string& key, const PriorContext& context);

// The single (not swept) nuisance prior on covariate coefficients.
ScalarPrior parse_nuisance_prior(const TomlFields& t);

nlohmann::json prior_block_json(const PriorBlock& b);

// A parameter value: a number, a list of numbers, or a range table.
std::vector<double> parameter_values(const TomlFields& t, const std::string& key);

}  // namespace ps

// The keys every sampled model shares, whichever part of the config parser
// reads the rest of its analysis: its own sampling lengths and the nuisance
// prior on the coefficients that are not swept.
#pragma once

#include <nlohmann/json.hpp>

#include "host/config/config.hpp"
#include "host/config/toml_fields.hpp"

namespace ps {

// warmup, draws, thin of this analysis where they differ from the run's (a
// slowly mixing model gets longer chains than the rest); -1 where not given;
// save_draws into a.save_draws_key.
void parse_sampling_lengths(const TomlFields& t, AnalysisConfig& a);

// [analysis.nuisance_prior] into a.nuisance_prior (kept at its default when
// absent) and into `resolved`.
void parse_nuisance_prior_key(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved);

}  // namespace ps

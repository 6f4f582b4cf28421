// The keys of the models that need no sampler (DESIGN.md "Config"):
// beta_binomial and fisher (events and totals per arm, or a binary outcome
// column), normal_summary (a published estimate and its interval),
// poisson_rate (counts and exposures), kaplan_meier and logrank (time, event,
// treatment). Parsed into AnalysisConfig with errors naming file, line, key.
#pragma once

#include <nlohmann/json.hpp>

#include "host/config/config.hpp"
#include "host/config/toml_fields.hpp"

namespace ps {

// Whether `model` is one of these.
bool is_summary_model(const std::string& model);

// The model's own keys (all but name, model, thresholds, decision, prior,
// prior_control and data), into `a`; `resolved` gets them for run.json.
void parse_summary_model(const TomlFields& t, AnalysisConfig& a, nlohmann::json& resolved);

// Every key such an analysis may have.
std::set<std::string> summary_model_keys(const std::string& model);

}  // namespace ps

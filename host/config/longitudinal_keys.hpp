// The keys of a model = "ordinal_longitudinal" analysis beyond those of the
// single-day ordinal model (DESIGN.md "Config"; README "Longitudinal ordinal
// outcomes"), parsed into AnalysisConfig with errors naming file, line and key.
#pragma once

#include <nlohmann/json.hpp>

#include "host/config/config.hpp"
#include "host/config/toml_fields.hpp"

namespace ps {

void parse_longitudinal_layout(const TomlFields& t, AnalysisConfig& a);
void parse_longitudinal_model(const TomlFields& t, AnalysisConfig& a);  // after `categories`
void add_longitudinal_json(const AnalysisConfig& a, nlohmann::json& resolved);

}  // namespace ps

// Per-arm totals of per-patient rows, for the analyses that use counts
// (beta_binomial and fisher with a binary outcome column, poisson_rate with
// count and exposure columns). Cells are checked as the regression inputs
// check theirs: file:line:column errors, missing values per [data] missing.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "host/config/config.hpp"
#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"

namespace ps {

struct ArmTotals {
  std::array<double, 2> events{};  // [treatment, control]
  std::array<double, 2> totals{};  // patients (binary outcome) or exposure (counts)
  std::vector<int> dropped_lines;
};

// Events and patients per arm of a 0/1 outcome.
ArmTotals binary_outcome_by_arm(const CsvTable& table, const std::string& outcome, const std::string& treatment,
                                MissingPolicy missing);

// Sums of a count column (non-negative whole numbers) and an exposure column
// (positive) per arm.
ArmTotals counts_by_arm(const CsvTable& table, const std::string& counts, const std::string& exposure,
                        const std::string& treatment, MissingPolicy missing);

// The totals of a counts analysis (beta_binomial, fisher: events of
// patients; poisson_rate: counts over exposure): the config's numbers, or
// the sums of its columns in `table` (null when the numbers are given).
ArmTotals analysis_arm_totals(const AnalysisConfig& config, const CsvTable* table, MissingPolicy missing);

}  // namespace ps

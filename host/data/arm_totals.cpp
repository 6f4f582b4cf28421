#include "host/data/arm_totals.hpp"

#include <cmath>

#include "host/data/column_checks.hpp"
#include "host/data/input_location.hpp"
#include "host/errors.hpp"

namespace ps {

using input::Role;
using input::UsedColumn;

namespace {

// The rows and the 0/1 treatment of each, both arms present.
std::vector<int> treatment_of_rows(const CsvTable& table, const std::vector<std::size_t>& rows,
                                   const std::vector<UsedColumn>& used, std::size_t n_dropped) {
  std::vector<int> arm;
  for (std::size_t row : rows) arm.push_back(input::indicator_cell(table, row, used.back(), "0 (control) or 1 (treatment)"));
  input::check_both_arms(table.path, used.back(), arm, n_dropped);
  return arm;
}

}  // namespace

ArmTotals binary_outcome_by_arm(const CsvTable& table, const std::string& outcome, const std::string& treatment,
                                MissingPolicy missing) {
  std::vector<UsedColumn> used{{Role::outcome, outcome}, {Role::treatment, treatment}};
  ArmTotals t;
  const auto rows = input::usable_rows(table, used, missing, t.dropped_lines);
  const std::vector<int> arm = treatment_of_rows(table, rows, used, t.dropped_lines.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const int event = input::indicator_cell(table, rows[k], used[0], "0 (no event) or 1 (event)");
    const int a = arm[k] == 1 ? 0 : 1;
    t.events[a] += event;
    t.totals[a] += 1;
  }
  return t;
}

ArmTotals counts_by_arm(const CsvTable& table, const std::string& counts, const std::string& exposure,
                        const std::string& treatment, MissingPolicy missing) {
  std::vector<UsedColumn> used{{Role::outcome, counts}, {Role::time, exposure}, {Role::treatment, treatment}};
  ArmTotals t;
  const auto rows = input::usable_rows(table, used, missing, t.dropped_lines);
  const std::vector<int> arm = treatment_of_rows(table, rows, used, t.dropped_lines.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const double n = input::count_cell(table, rows[k], used[0]);
    const double e = input::number_cell(table, rows[k], used[1], "a positive exposure");
    if (!(e > 0.0))
      throw InputError(input::cell_where(table, rows[k], used[1]) + ": found " + quoted_cell(table.rows[rows[k]][used[1].index]) +
                       "; expected a positive exposure");
    const int a = arm[k] == 1 ? 0 : 1;
    t.events[a] += n;
    t.totals[a] += e;
  }
  return t;
}

ArmTotals analysis_arm_totals(const AnalysisConfig& c, const CsvTable* table, MissingPolicy missing) {
  const bool poisson = c.model == "poisson_rate";
  if (poisson ? c.counts.empty() : c.events.empty()) {
    return poisson ? counts_by_arm(*table, c.count_column, c.exposure_column, c.columns.treatment, missing)
                   : binary_outcome_by_arm(*table, c.outcome, c.columns.treatment, missing);
  }
  ArmTotals t;
  for (int arm = 0; arm < 2; ++arm) {
    t.events[arm] = poisson ? c.counts[arm] : static_cast<double>(c.events[arm]);
    t.totals[arm] = poisson ? c.exposure[arm] : static_cast<double>(c.totals[arm]);
  }
  return t;
}

}  // namespace ps

// From a CSV table to validated model inputs. Checks run in a fixed order
// (configuration, missing values, cell by cell in file order, then whole
// columns) so that the user always sees the first problem in the file, with
// the file line and the 1-based header position of the offending cell.
#include "host/data/trial_input.hpp"

#include <cmath>
#include <string_view>

#include "host/data/column_checks.hpp"
#include "host/data/factor_levels.hpp"
#include "host/data/input_location.hpp"
#include "host/data/missing_cell.hpp"
#include "host/data/parse_number.hpp"
#include "host/data/strata_codes.hpp"
#include "host/errors.hpp"

namespace ps {
namespace {

using namespace input;

std::vector<UsedColumn> configured_columns(const CoxColumns& columns) {
  std::vector<UsedColumn> used = {
      {Role::time, columns.time}, {Role::event, columns.event}, {Role::treatment, columns.treatment}};
  for (const auto& name : columns.covariates) used.push_back({Role::covariate, name});
  for (const auto& name : columns.factors) used.push_back({Role::factor, name});
  for (const auto& name : columns.strata) used.push_back({Role::stratum, name});
  return used;
}

}  // namespace

ExtractedCox extract_cox_input(const CsvTable& table, const CoxColumns& columns, MissingPolicy missing) {
  std::vector<UsedColumn> used = configured_columns(columns);
  ExtractedCox extracted;
  const std::vector<std::size_t> rows = usable_rows(table, used, missing, extracted.dropped_lines);
  const std::size_t n_dropped = extracted.dropped_lines.size();
  const UsedColumn& time_column = used[0];
  const UsedColumn& event_column = used[1];
  const UsedColumn& treatment_column = used[2];

  CoxInput& input = extracted.input;
  input.ties = columns.ties;
  input.numeric_names = columns.covariates;
  input.factor_names = columns.factors;
  input.numeric.assign(columns.covariates.size(), {});
  for (auto& values : input.numeric) values.reserve(rows.size());
  input.time.reserve(rows.size());
  input.event.reserve(rows.size());
  input.treatment.reserve(rows.size());

  // Cell by cell in file order, so the first bad cell reported is the first
  // one in the file.
  const std::size_t first_covariate = 3;
  for (std::size_t row : rows) {
    input.time.push_back(time_cell(table, row, time_column));
    input.event.push_back(indicator_cell(table, row, event_column, "0 (censored) or 1 (event)"));
    input.treatment.push_back(indicator_cell(table, row, treatment_column, "0 (control) or 1 (treatment)"));
    for (std::size_t c = 0; c < columns.covariates.size(); ++c) {
      input.numeric[c].push_back(number_cell(table, row, used[first_covariate + c], "a finite number"));
    }
  }

  check_both_arms(table.path, treatment_column, input.treatment, n_dropped);
  check_some_events(table.path, event_column, input.event, n_dropped);
  finish_predictors(table, rows, used, first_covariate, n_dropped, input);

  const std::size_t first_stratum = first_covariate + columns.covariates.size() + columns.factors.size();
  std::vector<CodedLevels> strata_columns;
  for (std::size_t s = 0; s < columns.strata.size(); ++s) {
    const UsedColumn& column = used[first_stratum + s];
    strata_columns.push_back(code_levels(text_column(table, rows, column)));
    check_several_levels(table.path, column, strata_columns.back(), n_dropped);
  }
  StrataCodes strata = code_strata(columns.strata, strata_columns, rows.size());
  input.stratum = std::move(strata.stratum);
  input.n_strata = strata.n_strata;
  input.stratum_labels = std::move(strata.labels);
  return extracted;
}

ExtractedOrdinal extract_ordinal_input(const CsvTable& table, const OrdinalColumns& columns, MissingPolicy missing) {
  std::vector<UsedColumn> used = {{Role::outcome, columns.outcome}, {Role::treatment, columns.treatment}};
  for (const auto& name : columns.covariates) used.push_back({Role::covariate, name});
  for (const auto& name : columns.factors) used.push_back({Role::factor, name});
  ExtractedOrdinal extracted;
  const std::vector<std::size_t> rows = usable_rows(table, used, missing, extracted.dropped_lines);
  const std::size_t n_dropped = extracted.dropped_lines.size();

  OrdinalInput& input = extracted.input;
  input.levels = columns.levels;
  input.numeric_names = columns.covariates;
  input.factor_names = columns.factors;
  input.numeric.assign(columns.covariates.size(), {});
  const std::size_t first_covariate = 2;
  for (std::size_t row : rows) {
    input.category.push_back(columns.binary ? indicator_cell(table, row, used[0], "0 or 1 (the binary outcome)")
                                            : category_cell(table, row, used[0], columns.levels));
    input.treatment.push_back(indicator_cell(table, row, used[1], "0 (control) or 1 (treatment)"));
    for (std::size_t c = 0; c < columns.covariates.size(); ++c)
      input.numeric[c].push_back(number_cell(table, row, used[first_covariate + c], "a finite number"));
  }
  check_both_arms(table.path, used[1], input.treatment, n_dropped);
  bool two_categories = false;
  for (int y : input.category) two_categories |= y != input.category.front();
  if (!two_categories) {
    throw InputError(table.path + ": " + column_title(used[0]) + " has the same level " +
                     quoted_cell(table.rows[rows.front()][used[0].index]) + " in " +
                     rows_context(rows.size(), n_dropped) + "; expected at least two different levels");
  }
  finish_predictors(table, rows, used, first_covariate, n_dropped, input);
  return extracted;
}

}  // namespace ps

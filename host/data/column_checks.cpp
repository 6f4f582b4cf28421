#include "host/data/column_checks.hpp"

#include <cmath>

#include "host/data/input_location.hpp"
#include "host/data/missing_cell.hpp"
#include "host/data/parse_number.hpp"
#include "host/errors.hpp"

namespace ps::input {

// One column in two roles would enter the model twice (collinear) or, as both
// time and a covariate, leak the outcome into the predictors.
void check_each_column_has_one_role(const std::string& path, const std::vector<UsedColumn>& used) {
  for (std::size_t k = 0; k < used.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j) {
      if (used[j].name != used[k].name) continue;
      const std::string roles = used[j].role == used[k].role
                                    ? "twice as " + std::string(role_name(used[k].role))
                                    : "as both " + std::string(role_name(used[j].role)) + " and " +
                                          std::string(role_name(used[k].role));
      throw InputError(path + ": found column " + quoted_cell(used[k].name) + " configured " + roles +
                       "; expected each column in one role only");
    }
  }
}

void locate_columns(const CsvTable& table, std::vector<UsedColumn>& used) {
  for (auto& column : used) {
    column.index = table.find_column(column.name);
    if (column.index < 0) {
      throw InputError(at_line(table.path, table.header_line) + ": found no column " + quoted_cell(column.name) +
                       " (configured as " + std::string(role_name(column.role)) +
                       ") in the header; expected one of: " + table.header_list());
    }
  }
}

// Where one cell is, for messages: "path:line:column: column 'x'".
std::string cell_where(const CsvTable& table, std::size_t row, const UsedColumn& column) {
  return at_cell(table.path, table.line_of_row[row], column.index + 1) + ": column " + quoted_cell(column.name);
}

[[noreturn]] void throw_missing(const CsvTable& table, std::size_t row, const UsedColumn& column,
                                const std::string& cell) {
  const std::string found = cell.empty() ? " is empty" : " is 'NA' (missing)";
  const std::string expected = is_categorical(column.role) ? "a level" : "a number";
  throw InputError(cell_where(table, row, column) + found + "; expected " + expected +
                   " (set [data] missing = \"drop\" to drop incomplete rows)");
}

// Rows without a missing value in any used column, in file order. Columns the
// analysis does not use may hold anything: they are never read.
std::vector<std::size_t> complete_rows(const CsvTable& table, const std::vector<UsedColumn>& used,
                                       MissingPolicy missing, std::vector<int>& dropped_lines) {
  std::vector<std::size_t> kept;
  kept.reserve(table.rows.size());
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    // The leftmost missing cell, so that the error points where a reader of
    // the file would look first.
    const UsedColumn* first_missing = nullptr;
    for (const auto& column : used) {
      if (!is_missing_cell(table.rows[row][column.index])) continue;
      if (first_missing == nullptr || column.index < first_missing->index) first_missing = &column;
    }
    if (first_missing != nullptr && missing == MissingPolicy::error) {
      throw_missing(table, row, *first_missing, table.rows[row][first_missing->index]);
    }
    if (first_missing == nullptr) {
      kept.push_back(row);
    } else {
      dropped_lines.push_back(table.line_of_row[row]);
    }
  }
  return kept;
}

double number_cell(const CsvTable& table, std::size_t row, const UsedColumn& column, std::string_view expected) {
  const std::string& cell = table.rows[row][column.index];
  const ParsedNumber parsed = parse_number(cell);
  if (!parsed.ok()) {
    throw InputError(cell_where(table, row, column) + ": found " + quoted_cell(cell) + ", " +
                     std::string(number_problem(parsed.status)) + "; expected " + std::string(expected));
  }
  return parsed.value;
}

double time_cell(const CsvTable& table, std::size_t row, const UsedColumn& column) {
  const double time = number_cell(table, row, column, "a time > 0");
  if (!(time > 0.0)) {
    throw InputError(cell_where(table, row, column) + ": found " + quoted_cell(table.rows[row][column.index]) +
                     "; expected a time > 0");
  }
  return time;
}

// Event and treatment are indicators: exactly 0 or 1 ("1.0" is 1), never a
// count or a 1/2 coding, which would silently mean something else.
double count_cell(const CsvTable& table, std::size_t row, const UsedColumn& column) {
  const double v = number_cell(table, row, column, "a count (a whole number >= 0)");
  if (v < 0.0 || v != std::floor(v)) {
    throw InputError(cell_where(table, row, column) + ": found " + quoted_cell(table.rows[row][column.index]) +
                     "; expected a count (a whole number >= 0)");
  }
  return v;
}

int indicator_cell(const CsvTable& table, std::size_t row, const UsedColumn& column, std::string_view expected) {
  const double value = number_cell(table, row, column, expected);
  if (value != 0.0 && value != 1.0) {
    throw InputError(cell_where(table, row, column) + ": found " + quoted_cell(table.rows[row][column.index]) +
                     "; expected " + std::string(expected));
  }
  return value == 1.0 ? 1 : 0;
}

// Context for column-wide errors: the counts the user needs to see why a
// column that looks fine in the file ends up degenerate.
std::string rows_context(std::size_t n_rows, std::size_t n_dropped) {
  std::string context = "all " + std::to_string(n_rows) + " rows";
  if (n_dropped > 0) context += ", after dropping " + std::to_string(n_dropped) + " incomplete rows";
  return context;
}

std::string column_title(const UsedColumn& column) {
  return std::string(role_name(column.role)) + " column " + quoted_cell(column.name) + " (column " +
         std::to_string(column.index + 1) + ")";
}

void check_both_arms(const std::string& path, const UsedColumn& column, const std::vector<int>& treatment,
                     std::size_t n_dropped) {
  std::size_t treated = 0;
  for (int t : treatment) treated += static_cast<std::size_t>(t);
  if (treated != 0 && treated != treatment.size()) return;
  throw InputError(path + ": " + column_title(column) + " has only level " + (treated == 0 ? "0" : "1") + " (" +
                   rows_context(treatment.size(), n_dropped) +
                   "); expected both 0 (control) and 1 (treatment)");
}

void check_some_events(const std::string& path, const UsedColumn& column, const std::vector<int>& event,
                       std::size_t n_dropped) {
  for (int e : event) {
    if (e == 1) return;
  }
  throw InputError(path + ": " + column_title(column) + " has no events (0 in " +
                   rows_context(event.size(), n_dropped) + "); expected at least one 1 (event)");
}

// A constant covariate has no coefficient to estimate: the Hessian is
// singular and the fit would fail later with a far less helpful message.
void check_varies(const CsvTable& table, const UsedColumn& column, const std::vector<double>& values,
                  std::size_t first_row, std::size_t n_dropped) {
  for (double v : values) {
    if (v != values.front()) return;
  }
  throw InputError(table.path + ": " + column_title(column) + " has the same value " +
                   quoted_cell(table.rows[first_row][column.index]) + " in " +
                   rows_context(values.size(), n_dropped) + "; expected values that vary");
}

// One level means no contrast to estimate (factor) or a pointless stratum
// column; both are configuration mistakes worth stopping for.
void check_several_levels(const std::string& path, const UsedColumn& column, const CodedLevels& coded,
                          std::size_t n_dropped) {
  if (coded.levels.size() >= 2) return;
  throw InputError(path + ": " + column_title(column) + " has only one level " + quoted_cell(coded.levels.at(0)) +
                   " (" + rows_context(coded.codes.size(), n_dropped) + "); expected at least two levels");
}

std::vector<std::string> text_column(const CsvTable& table, const std::vector<std::size_t>& rows,
                                     const UsedColumn& column) {
  std::vector<std::string> values;
  values.reserve(rows.size());
  for (std::size_t row : rows) values.push_back(table.rows[row][column.index]);
  return values;
}

// The steps before any outcome-specific check: roles, header, rows present,
// missing values. Returns the complete rows.
std::vector<std::size_t> usable_rows(const CsvTable& table, std::vector<UsedColumn>& used, MissingPolicy missing,
                                     std::vector<int>& dropped_lines) {
  check_each_column_has_one_role(table.path, used);
  locate_columns(table, used);
  if (table.rows.empty()) {
    throw InputError(at_line(table.path, table.header_line) +
                     ": found no data rows below the header; expected at least one patient");
  }
  const std::vector<std::size_t> rows = complete_rows(table, used, missing, dropped_lines);
  if (rows.empty()) {
    throw InputError(table.path + ": found no complete rows (all " + std::to_string(table.rows.size()) +
                     " rows have a missing value in a used column); expected at least one complete row");
  }
  return rows;
}

// An ordinal score: a whole number among the declared levels.
int category_cell(const CsvTable& table, std::size_t row, const UsedColumn& column,
                  const std::vector<long long>& levels) {
  const std::string expected = "one of the declared levels " + std::to_string(levels.front()) + ".." +
                               std::to_string(levels.back()) + " (the config's levels)";
  const double value = number_cell(table, row, column, "a whole number, " + expected);
  if (value != std::floor(value)) {
    throw InputError(cell_where(table, row, column) + ": found " + quoted_cell(table.rows[row][column.index]) +
                     ", not a whole number; expected " + expected);
  }
  for (std::size_t k = 0; k < levels.size(); ++k)
    if (static_cast<double>(levels[k]) == value) return static_cast<int>(k);
  throw InputError(cell_where(table, row, column) + ": found " + quoted_cell(table.rows[row][column.index]) +
                   ", outside the declared levels; expected " + expected);
}

}  // namespace ps::input

// The column checks every trial input shares (host/data/trial_input.cpp,
// host/data/longitudinal_input.cpp): locating configured columns, reading
// cells with errors that name file, line and column, and the column-wide
// checks. Internal to host/data.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "host/data/csv.hpp"
#include "host/data/factor_levels.hpp"
#include "host/data/trial_input.hpp"

namespace ps::input {

enum class Role { time, event, outcome, treatment, covariate, factor, stratum, id, day };

inline std::string_view role_name(Role role) {
  switch (role) {
    case Role::outcome: return "outcome";
    case Role::time: return "time";
    case Role::event: return "event";
    case Role::treatment: return "treatment";
    case Role::covariate: return "covariate";
    case Role::factor: return "factor";
    case Role::stratum: return "stratum";
    case Role::id: return "patient id";
    case Role::day: return "day";
  }
  return "";
}

inline bool is_categorical(Role role) { return role == Role::factor || role == Role::stratum || role == Role::id || role == Role::day; }

struct UsedColumn {
  Role role;
  std::string name;
  int index = -1;  // 0-based position in the header
};

// One column in two roles would enter the model twice (collinear) or, as both
// time and a covariate, leak the outcome into the predictors.
void check_each_column_has_one_role(const std::string& path, const std::vector<UsedColumn>& used);

void locate_columns(const CsvTable& table, std::vector<UsedColumn>& used);

// Where one cell is, for messages: "path:line:column: column 'x'".
std::string cell_where(const CsvTable& table, std::size_t row, const UsedColumn& column);

[[noreturn]] void throw_missing(const CsvTable& table, std::size_t row, const UsedColumn& column,
                                const std::string& cell);

// Rows without a missing value in any used column, in file order. Columns the
// analysis does not use may hold anything: they are never read.
std::vector<std::size_t> complete_rows(const CsvTable& table, const std::vector<UsedColumn>& used,
                                       MissingPolicy missing, std::vector<int>& dropped_lines);

double number_cell(const CsvTable& table, std::size_t row, const UsedColumn& column, std::string_view expected);

double time_cell(const CsvTable& table, std::size_t row, const UsedColumn& column);

// A count: a whole number >= 0 (events, patients, adverse events).
double count_cell(const CsvTable& table, std::size_t row, const UsedColumn& column);

// Event and treatment are indicators: exactly 0 or 1 ("1.0" is 1), never a
// count or a 1/2 coding, which would silently mean something else.
int indicator_cell(const CsvTable& table, std::size_t row, const UsedColumn& column, std::string_view expected);

// Context for column-wide errors: the counts the user needs to see why a
// column that looks fine in the file ends up degenerate.
std::string rows_context(std::size_t n_rows, std::size_t n_dropped);

std::string column_title(const UsedColumn& column);

void check_both_arms(const std::string& path, const UsedColumn& column, const std::vector<int>& treatment,
                     std::size_t n_dropped);

void check_some_events(const std::string& path, const UsedColumn& column, const std::vector<int>& event,
                       std::size_t n_dropped);

// A constant covariate has no coefficient to estimate: the Hessian is
// singular and the fit would fail later with a far less helpful message.
void check_varies(const CsvTable& table, const UsedColumn& column, const std::vector<double>& values,
                  std::size_t first_row, std::size_t n_dropped);

// One level means no contrast to estimate (factor) or a pointless stratum
// column; both are configuration mistakes worth stopping for.
void check_several_levels(const std::string& path, const UsedColumn& column, const CodedLevels& coded,
                          std::size_t n_dropped);

std::vector<std::string> text_column(const CsvTable& table, const std::vector<std::size_t>& rows,
                                     const UsedColumn& column);

// The steps before any outcome-specific check: roles, header, rows present,
// missing values. Returns the complete rows.
std::vector<std::size_t> usable_rows(const CsvTable& table, std::vector<UsedColumn>& used, MissingPolicy missing,
                                     std::vector<int>& dropped_lines);

// An ordinal score: a whole number among the declared levels.
int category_cell(const CsvTable& table, std::size_t row, const UsedColumn& column,
                  const std::vector<long long>& levels);

// Column-wide checks of the shared predictors and the factor coding, once
// every cell has been read: covariates vary, factors have two levels.
// used[first_covariate ..] are the covariates then the factors, in
// configuration order.
template <class Input>
void finish_predictors(const CsvTable& table, const std::vector<std::size_t>& rows,
                       const std::vector<UsedColumn>& used, std::size_t first_covariate, std::size_t n_dropped,
                       Input& input) {
  const std::size_t n_covariates = input.numeric.size();
  for (std::size_t c = 0; c < n_covariates; ++c)
    check_varies(table, used[first_covariate + c], input.numeric[c], rows.front(), n_dropped);
  const std::size_t first_factor = first_covariate + n_covariates;
  for (std::size_t f = 0; f < input.factor_names.size(); ++f) {
    const UsedColumn& column = used[first_factor + f];
    CodedLevels coded = code_levels(text_column(table, rows, column));
    check_several_levels(table.path, column, coded, n_dropped);
    input.factor_levels.push_back(std::move(coded.levels));
    input.factor_codes.push_back(std::move(coded.codes));
  }
}

}  // namespace ps::input

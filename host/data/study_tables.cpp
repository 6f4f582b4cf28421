#include "host/data/study_tables.hpp"

#include <cmath>
#include <map>

#include "host/data/column_checks.hpp"
#include "host/data/input_location.hpp"
#include "host/errors.hpp"

namespace ps {

using input::Role;
using input::UsedColumn;

ExtractedStudies extract_study_tables(const CsvTable& table, const AnalysisConfig::MetaColumns& c,
                                      MissingPolicy missing) {
  // The id role: a label, never a number to check.
  std::vector<UsedColumn> used{{Role::id, c.study},
                               {Role::outcome, c.events_treatment},
                               {Role::outcome, c.total_treatment},
                               {Role::outcome, c.events_control},
                               {Role::outcome, c.total_control}};
  ExtractedStudies out;
  const auto rows = input::usable_rows(table, used, missing, out.dropped_lines);
  std::map<std::string, int> line_of_name;
  for (std::size_t row : rows) {
    StudyTable s;
    s.name = table.rows[row][used[0].index];
    if (s.name.empty()) throw InputError(input::cell_where(table, row, used[0]) + ": found an empty name; expected a study name");
    if (const auto [it, fresh] = line_of_name.emplace(s.name, table.line_of_row[row]); !fresh)
      throw InputError(input::cell_where(table, row, used[0]) + ": found " + quoted_cell(s.name) + " again (first on line " +
                       std::to_string(it->second) + "); expected each study once");
    s.events_treatment = input::count_cell(table, row, used[1]);
    s.total_treatment = input::count_cell(table, row, used[2]);
    s.events_control = input::count_cell(table, row, used[3]);
    s.total_control = input::count_cell(table, row, used[4]);
    for (int arm = 0; arm < 2; ++arm) {
      const double events = arm == 0 ? s.events_treatment : s.events_control;
      const double total = arm == 0 ? s.total_treatment : s.total_control;
      const UsedColumn& total_column = used[arm == 0 ? 2 : 4];
      if (total == 0.0)
        throw InputError(input::cell_where(table, row, total_column) + ": found 0 patients; expected at least one per arm");
      if (events > total)
        throw InputError(input::cell_where(table, row, used[arm == 0 ? 1 : 3]) + ": found " + quoted_cell(table.rows[row][used[arm == 0 ? 1 : 3].index]) +
                         " events out of " + quoted_cell(table.rows[row][total_column.index]) + "; expected no more events than patients");
    }
    out.studies.push_back(std::move(s));
  }
  return out;
}

}  // namespace ps

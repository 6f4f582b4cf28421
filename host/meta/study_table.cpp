// Cells and checks of a study's 2x2 table; see study_table.hpp.
#include "host/meta/study_table.hpp"

#include <cmath>
#include <stdexcept>

namespace ps {

TableCells table_cells(const StudyTable& study) {
  return TableCells{study.events_treatment, study.total_treatment - study.events_treatment, study.events_control,
                    study.total_control - study.events_control};
}

bool has_zero_cell(const StudyTable& study) {
  const TableCells t = table_cells(study);
  return t.a == 0.0 || t.b == 0.0 || t.c == 0.0 || t.d == 0.0;
}

bool is_double_zero(const StudyTable& study) {
  const TableCells t = table_cells(study);
  return (t.a == 0.0 && t.c == 0.0) || (t.b == 0.0 && t.d == 0.0);
}

void validate_study_tables(const std::vector<StudyTable>& studies) {
  if (studies.empty()) throw std::invalid_argument("meta-analysis: no studies");
  for (const StudyTable& s : studies) {
    const auto fail = [&](const char* what) {
      throw std::invalid_argument("meta-analysis: study '" + s.name + "': " + what);
    };
    for (double x : {s.events_treatment, s.total_treatment, s.events_control, s.total_control}) {
      if (!std::isfinite(x) || x < 0.0) fail("counts must be finite and non-negative");
    }
    if (s.total_treatment <= 0.0 || s.total_control <= 0.0) fail("each arm needs at least one patient");
    if (s.events_treatment > s.total_treatment || s.events_control > s.total_control) {
      fail("events exceed the arm's total");
    }
  }
}

}  // namespace ps

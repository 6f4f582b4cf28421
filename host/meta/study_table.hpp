// One study of a meta-analysis of a binary outcome: its 2x2 table as events
// and totals per arm, and the checks every meta-analysis function runs on it.
//
// Cells, in metafor's notation (escalc, rma.mh):
//   ai = events_treatment, bi = total_treatment - events_treatment,
//   ci = events_control,   di = total_control - events_control.
// A "double-zero" study has no events in both arms (ai = ci = 0) or only
// events in both arms (bi = di = 0), metafor's drop00 definition: its odds
// ratio is not estimable and it carries no information on a common odds ratio
// (its Mantel-Haenszel terms ai di / N and bi ci / N are both 0).
//
// Counts are doubles (as in metafor, which also accepts non-integer counts,
// e.g. imputed ones); they must be finite, non-negative, events <= total and
// every arm must have at least one patient. The caller validates user input
// and words its own errors; a violation here is a programmer error and
// throws std::invalid_argument.
#pragma once

#include <string>
#include <vector>

namespace ps {

struct StudyTable {
  std::string name;
  double events_treatment = 0.0, total_treatment = 0.0, events_control = 0.0, total_control = 0.0;
};

// The four cells ai, bi, ci, di of a table (see the header comment).
struct TableCells {
  double a = 0.0, b = 0.0, c = 0.0, d = 0.0;
  double total() const { return a + b + c + d; }
};

TableCells table_cells(const StudyTable& study);

// True when some cell is 0 (metafor's to = "only0" adds the correction then).
bool has_zero_cell(const StudyTable& study);

// True for no events in both arms or only events in both arms (drop00).
bool is_double_zero(const StudyTable& study);

// Throws std::invalid_argument naming the study when a count is negative or
// not finite, events exceed the total or an arm has no patients; also when
// the list is empty.
void validate_study_tables(const std::vector<StudyTable>& studies);

}  // namespace ps

// What counts as a missing value in a data cell: an empty cell, or "NA" as
// R's write.csv writes it. Anything else ("nan", "NULL", ".") is data and is
// rejected by the column's own check, so a typo never silently drops a row.
#pragma once

#include <string_view>

namespace ps {

inline bool is_missing_cell(std::string_view cell) { return cell.empty() || cell == "NA"; }

}  // namespace ps

// Column look-up on a parsed CSV table.
#include "host/data/csv.hpp"
#include "host/data/input_location.hpp"
#include "host/errors.hpp"

namespace ps {

int CsvTable::find_column(const std::string& name) const {
  for (std::size_t j = 0; j < header.size(); ++j) {
    if (header[j] == name) return static_cast<int>(j);
  }
  return -1;
}

std::string CsvTable::header_list() const {
  std::string list;
  for (std::size_t j = 0; j < header.size(); ++j) {
    if (j > 0) list += ", ";
    list += header[j];
  }
  return list;
}

int CsvTable::column_index(const std::string& name) const {
  const int index = find_column(name);
  if (index < 0) {
    throw InputError(at_line(path, header_line) + ": found no column " + quoted_cell(name) +
                     " in the header; expected one of: " + header_list());
  }
  return index;
}

}  // namespace ps

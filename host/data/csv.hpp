// Reading a CSV file into strings, with the file line of every row kept so
// that later validation can point at "file:line:column".
#pragma once

#include <string>
#include <vector>

namespace ps {

struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() cells
  std::vector<int> line_of_row;                // 1-based file line of each row
  int header_line = 1;                         // 1-based file line of the header (blank lines may precede it)

  // Index of a column by name; throws InputError naming the file and the
  // expected column when it is absent.
  int column_index(const std::string& name) const;

  // Index of a column by name, or -1 when absent (for callers that word
  // their own error, e.g. naming the role the column was configured for).
  int find_column(const std::string& name) const;

  // The header names joined by ", " (for "expected one of: ..." messages).
  std::string header_list() const;
};

// RFC 4180 fields (quotes, doubled quotes, CRLF), header required, blank lines
// skipped, an optional UTF-8 byte-order mark ignored, spaces and tabs around
// unquoted fields trimmed. A row with a different number of fields than the
// header, a duplicate or empty header name, or an unterminated quote is an
// InputError.
CsvTable read_csv(const std::string& path);

}  // namespace ps

// RFC 4180 reader. The whole file is read into memory and split in one pass
// by a small state machine; every error names the file line (and byte column
// where one character is at fault) because a data file of thousands of rows
// is otherwise impossible to fix by hand.
#include "host/data/csv.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "host/data/input_location.hpp"
#include "host/errors.hpp"

namespace ps {
namespace {

struct CsvRecord {
  std::vector<std::string> fields;
  int line = 1;  // file line where the record starts
  bool blank = false;
};

std::string read_whole_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path + ": cannot open: it is a directory; expected a CSV file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path + ": cannot open (" + std::strerror(errno) + "); expected a readable CSV file");
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    throw InputError(path + ": cannot read (" + std::strerror(errno) + "); expected a readable CSV file");
  }
  return std::move(contents).str();
}

bool is_inline_space(char c) { return c == ' ' || c == '\t'; }

// Walks the text once, field by field. Line and column are tracked so that
// rows keep their file line even when a quoted field spans several lines.
class CsvSplitter {
 public:
  CsvSplitter(const std::string& path, std::string_view text) : path_(path), text_(text) {
    // Spreadsheet programs often save "CSV UTF-8" with a byte-order mark; it
    // would otherwise become part of the first column's name.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  bool done() const { return pos_ >= text_.size(); }

  CsvRecord next_record() {
    CsvRecord record;
    record.line = line_;
    bool any_quoted = false;
    while (true) {
      bool quoted = false;
      record.fields.push_back(next_field(quoted));
      any_quoted = any_quoted || quoted;
      if (!done() && text_[pos_] == ',') {
        advance_column();
        continue;
      }
      consume_line_end();
      break;
    }
    // A line holding nothing (or only spaces) is layout, not a row of one
    // empty cell.
    record.blank = record.fields.size() == 1 && !any_quoted && record.fields[0].empty();
    return record;
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void advance_column() {
    ++pos_;
    ++column_;
  }
  bool at_line_end() const { return done() || text_[pos_] == '\n' || text_[pos_] == '\r'; }

  // CRLF, LF and a lone CR (old Mac files) each end one line.
  void consume_line_end() {
    if (done()) return;
    if (text_[pos_] == '\r' && peek(1) == '\n') ++pos_;
    ++pos_;
    ++line_;
    column_ = 1;
  }

  std::string next_field(bool& quoted) {
    while (!done() && is_inline_space(text_[pos_])) advance_column();
    if (!done() && text_[pos_] == '"') {
      quoted = true;
      return quoted_field();
    }
    return unquoted_field();
  }

  std::string unquoted_field() {
    std::string field;
    while (!at_line_end() && text_[pos_] != ',') {
      if (text_[pos_] == '"') {
        throw InputError(at_cell(path_, line_, column_) + ": found a '\"' inside the unquoted field " +
                         quoted_cell(field + '"') +
                         "; expected the whole field in quotes with inner quotes doubled (\"a \"\"b\"\"\")");
      }
      field += text_[pos_];
      advance_column();
    }
    while (!field.empty() && is_inline_space(field.back())) field.pop_back();
    return field;
  }

  std::string quoted_field() {
    const int open_line = line_;
    const int open_column = column_;
    advance_column();  // the opening quote
    std::string field;
    while (true) {
      if (done()) {
        throw InputError(at_cell(path_, open_line, open_column) +
                         ": found a quoted field that is never closed (it starts " + quoted_cell(field) +
                         "); expected a closing '\"'");
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (peek(1) == '"') {  // a doubled quote is one literal quote
          field += '"';
          advance_column();
          advance_column();
          continue;
        }
        advance_column();  // the closing quote
        break;
      }
      field += c;
      // Newlines inside quotes are data, but they still move the file line.
      if (c == '\n' || (c == '\r' && peek(1) != '\n')) {
        ++pos_;
        ++line_;
        column_ = 1;
      } else {
        advance_column();
      }
    }
    while (!done() && is_inline_space(text_[pos_])) advance_column();
    if (!at_line_end() && text_[pos_] != ',') {
      throw InputError(at_cell(path_, line_, column_) + ": found " + quoted_cell(text_.substr(pos_, 1)) +
                       " after the closing quote of " + quoted_cell(field) +
                       "; expected ',' or the end of the line");
    }
    return field;
  }

  const std::string& path_;
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

void check_header(const std::string& path, const CsvRecord& header) {
  for (std::size_t j = 0; j < header.fields.size(); ++j) {
    const int column = static_cast<int>(j) + 1;
    if (header.fields[j].empty()) {
      throw InputError(at_line(path, header.line) + ": found an empty name for column " + std::to_string(column) +
                       " of the header; expected every column to be named");
    }
    for (std::size_t k = 0; k < j; ++k) {
      if (header.fields[k] == header.fields[j]) {
        throw InputError(at_line(path, header.line) + ": found the column name " + quoted_cell(header.fields[j]) +
                         " twice in the header (columns " + std::to_string(k + 1) + " and " +
                         std::to_string(column) + "); expected unique column names");
      }
    }
  }
}

}  // namespace

CsvTable read_csv(const std::string& path) {
  const std::string text = read_whole_file(path);
  CsvSplitter splitter(path, text);

  CsvTable table;
  table.path = path;
  bool have_header = false;
  while (!splitter.done()) {
    CsvRecord record = splitter.next_record();
    if (record.blank) continue;
    if (!have_header) {
      check_header(path, record);
      table.header = std::move(record.fields);
      table.header_line = record.line;
      have_header = true;
      continue;
    }
    if (record.fields.size() != table.header.size()) {
      throw InputError(at_line(path, record.line) + ": found " + std::to_string(record.fields.size()) +
                       " fields; expected " + std::to_string(table.header.size()) + " (the header's)");
    }
    table.rows.push_back(std::move(record.fields));
    table.line_of_row.push_back(record.line);
  }
  if (!have_header) {
    throw InputError(path + ": found an empty file (no header row); expected a header row naming the columns");
  }
  return table;
}

}  // namespace ps

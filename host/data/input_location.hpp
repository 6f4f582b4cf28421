// Wording shared by the data-file error messages, so that every one reads
// "<where>: <what was found>; expected <what was expected>" (host/errors.hpp)
// and shows the offending text unambiguously.
#pragma once

#include <string>
#include <string_view>

namespace ps {

// "path:line" or "path:line:column" (1-based), the prefix of a data error.
std::string at_line(const std::string& path, int line);
std::string at_cell(const std::string& path, int line, int column);

// The cell text in single quotes, with control characters escaped and very
// long text shortened, so that a message stays on one readable line even
// when the cell holds a newline from a quoted field.
std::string quoted_cell(std::string_view text);

}  // namespace ps

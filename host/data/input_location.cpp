#include "host/data/input_location.hpp"

#include <cstdio>

namespace ps {

std::string at_line(const std::string& path, int line) {
  return path + ":" + std::to_string(line);
}

std::string at_cell(const std::string& path, int line, int column) {
  return at_line(path, line) + ":" + std::to_string(column);
}

std::string quoted_cell(std::string_view text) {
  // Long enough for any real value, short enough that a runaway quoted field
  // (half the file swallowed by a missing quote) does not flood the terminal.
  constexpr std::size_t max_shown = 60;
  std::string out = "'";
  std::size_t shown = 0;
  for (char c : text) {
    if (shown == max_shown) {
      out += "...";
      break;
    }
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\'': out += "\\'"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;  // bytes >= 0x80 pass through: UTF-8 text stays readable
        }
    }
    ++shown;
  }
  out += "'";
  return out;
}

}  // namespace ps

#include "host/data/parse_number.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace ps {

ParsedNumber parse_number(std::string_view text) {
  ParsedNumber parsed;
  // from_chars rejects a leading '+', which spreadsheets and R do write for
  // positive values; accept exactly one before a digit or decimal point.
  if (text.size() > 1 && text[0] == '+' && text[1] != '+' && text[1] != '-') text.remove_prefix(1);
  if (text.empty()) return parsed;

  const char* first = text.data();
  const char* last = first + text.size();
  const auto [end, ec] = std::from_chars(first, last, parsed.value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range && end == last) {
    parsed.status = ParsedNumber::Status::out_of_range;
  } else if (ec != std::errc() || end != last) {
    parsed.status = ParsedNumber::Status::not_a_number;
  } else if (!std::isfinite(parsed.value)) {
    parsed.status = ParsedNumber::Status::not_finite;
  } else {
    parsed.status = ParsedNumber::Status::ok;
  }
  return parsed;
}

std::string_view number_problem(ParsedNumber::Status status) {
  switch (status) {
    case ParsedNumber::Status::ok: return "";
    case ParsedNumber::Status::not_a_number: return "which is not a number";
    case ParsedNumber::Status::not_finite: return "which is not finite";
    case ParsedNumber::Status::out_of_range: return "which is out of the range of a double";
  }
  return "";
}

}  // namespace ps

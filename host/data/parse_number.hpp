// Strict number parsing for data cells: the whole cell must be a finite
// decimal number. Locale-independent (std::from_chars), so "1,5" is never
// silently read as 1 and results do not depend on the user's locale.
#pragma once

#include <string_view>

namespace ps {

struct ParsedNumber {
  enum class Status {
    ok,
    not_a_number,  // empty, trailing text, "abc", "1,5"
    not_finite,    // "NaN", "nan", "inf", "-inf", "Infinity"
    out_of_range,  // "1e999": no finite double is that large (or that small)
  };
  Status status = Status::not_a_number;
  double value = 0.0;

  bool ok() const { return status == Status::ok; }
};

ParsedNumber parse_number(std::string_view text);

// Why a cell is not a number, worded for "found <cell>, <why>; expected ...".
// Empty for Status::ok.
std::string_view number_problem(ParsedNumber::Status status);

}  // namespace ps

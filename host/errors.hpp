// Error types that map to the CLI's exit codes (DESIGN.md): InputError is bad
// input (config, data, arguments) -> exit 2; anything else -> exit 1.
#pragma once

#include <stdexcept>
#include <string>

namespace ps {

// Message format: "<where>: <what was found>; expected <what was expected>",
// where <where> is "file:line:column", "file:line", "file: key 'a.b'" etc.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ps

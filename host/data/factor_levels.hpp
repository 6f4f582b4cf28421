// Coding a categorical column as level indices. Levels are sorted so that the
// reference level (index 0) does not depend on row order: numerically when
// every level is a number ("2" < "10"), else by bytes ("A" < "B" < "a").
#pragma once

#include <string>
#include <vector>

namespace ps {

struct CodedLevels {
  std::vector<std::string> levels;  // sorted, distinct; levels[0] is the reference
  std::vector<int> codes;           // per value, an index into levels
};

CodedLevels code_levels(const std::vector<std::string>& values);

}  // namespace ps

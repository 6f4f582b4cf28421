// Strata as combinations of several categorical columns: a patient's stratum
// is the tuple of its levels, and strata are numbered in the sorted order of
// those tuples (each column ordered as its levels are, see factor_levels.hpp).
// Only combinations that occur get a number, so no stratum is empty.
#pragma once

#include <string>
#include <vector>

#include "host/data/factor_levels.hpp"

namespace ps {

struct StrataCodes {
  std::vector<int> stratum;         // per patient, 0 .. n_strata-1
  int n_strata = 1;
  std::vector<std::string> labels;  // "region=north, sex=F"; "all" without strata columns
};

// columns[c] is the coded c-th strata column named names[c]; every column has
// the same number of patients. n_patients is needed when there are none.
StrataCodes code_strata(const std::vector<std::string>& names, const std::vector<CodedLevels>& columns,
                        std::size_t n_patients);

}  // namespace ps

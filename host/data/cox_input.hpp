// From a CSV table to the validated per-patient inputs of one Cox analysis.
#pragma once

#include <string>
#include <vector>

#include "host/data/csv.hpp"
#include "host/design/cox_design.hpp"

namespace ps {

enum class MissingPolicy { error, drop };

struct CoxColumns {
  std::string time;
  std::string event;
  std::string treatment;
  std::vector<std::string> covariates;  // numeric
  std::vector<std::string> factors;     // categorical, first level (sorted) is the reference
  std::vector<std::string> strata;      // categorical; strata are their combinations
  Ties ties = Ties::efron;
};

struct ExtractedCox {
  CoxInput input;
  std::vector<int> dropped_lines;  // file lines dropped for missing values (MissingPolicy::drop)
};

// Validates and converts; every problem is an InputError "file:line:column:
// column 'x': found ...; expected ...". Checked: missing columns, empty cells
// (unless policy drop), non-numeric cells, NaN/inf, time <= 0, event not 0/1,
// treatment not 0/1 or not both arms present, zero events, a factor or
// stratum column with a single level, a constant covariate, a column
// configured in two roles, no rows left after dropping. Missing means an
// empty cell or "NA" (host/data/missing_cell.hpp).
ExtractedCox extract_cox_input(const CsvTable& table, const CoxColumns& columns, MissingPolicy missing);

}  // namespace ps

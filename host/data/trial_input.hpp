// From a CSV table to the validated per-patient inputs of one analysis: the
// outcome of the model (time and event for Cox, an ordinal score) and the
// predictors every model shares (treatment, covariates, factors).
#pragma once

#include <string>
#include <vector>

#include "host/data/csv.hpp"
#include "host/design/cox_design.hpp"
#include "models/ordinal.hpp"

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

struct OrdinalColumns {
  std::string outcome;
  std::vector<long long> levels;        // declared, increasing: the categories 0 .. K-1
  std::string treatment;
  std::vector<std::string> covariates;  // numeric
  std::vector<std::string> factors;     // categorical, first level (sorted) is the reference
  bool binary = false;                  // a logistic model's 0/1 outcome (levels {0, 1}): read as an indicator
};

// Per-patient inputs of an ordinal analysis, in data-file row order.
struct OrdinalInput {
  std::vector<int> category;   // index into levels
  std::vector<long long> levels;
  std::vector<int> treatment;  // 0/1
  std::vector<std::string> numeric_names;
  std::vector<std::vector<double>> numeric;             // [covariate][patient]
  std::vector<std::string> factor_names;
  std::vector<std::vector<std::string>> factor_levels;  // [factor][level], level 0 = reference
  std::vector<std::vector<int>> factor_codes;           // [factor][patient]
};

struct ExtractedOrdinal {
  OrdinalInput input;
  std::vector<int> dropped_lines;
};

// As extract_cox_input for the predictors; the outcome must be an integer
// among the declared levels (a score outside them, or not a whole number, is
// an error naming the cell).
ExtractedOrdinal extract_ordinal_input(const CsvTable& table, const OrdinalColumns& columns, MissingPolicy missing);

}  // namespace ps

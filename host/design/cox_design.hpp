// Cox design: the per-patient data of one analysis, coded and ordered once on
// the host so that the partial likelihood is a single pass (models/cox.hpp).
#pragma once

#include <string>
#include <vector>

#include "models/cox.hpp"

namespace ps {

// Validated per-patient inputs of one Cox analysis, in data-file row order.
struct CoxInput {
  std::vector<double> time;
  std::vector<int> event;      // 0/1
  std::vector<int> treatment;  // 0/1
  std::vector<std::string> numeric_names;
  std::vector<std::vector<double>> numeric;  // [covariate][patient]
  std::vector<std::string> factor_names;
  std::vector<std::vector<std::string>> factor_levels;  // [factor][level], level 0 = reference
  std::vector<std::vector<int>> factor_codes;           // [factor][patient], index into its levels
  std::vector<int> stratum;                             // [patient], 0-based stratum code (all 0 if none)
  int n_strata = 1;
  std::vector<std::string> stratum_labels;
  Ties ties = Ties::efron;
};

// The risk-set structure and coded covariates (what CoxView points into).
struct CoxDesign {
  int n = 0;
  int n_numeric = 0;
  int n_factors = 0;
  int dim = 0;
  Ties ties = Ties::efron;
  std::vector<double> time;        // sorted order
  std::vector<int> event;          // sorted order
  std::vector<int> original_row;   // sorted position -> input position
  std::vector<double> treatment;
  std::vector<double> numeric;     // centred, [j * n + i]
  std::vector<double> numeric_center;
  std::vector<int> factor_param;   // [f * n + i]
  std::vector<int> group_end;
  std::vector<int> group_events;
  std::vector<int> stratum_group_end;
  std::vector<std::string> term_names;  // [dim]: "treatment", covariates, "factor[level]"
  int n_events = 0;

  CoxView view() const;
};

CoxDesign build_cox_design(const CoxInput& input);

}  // namespace ps

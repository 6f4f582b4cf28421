// Ordinal design: the coded predictors (host/design/predictors.hpp) and the
// categories of one ordinal analysis, in file order, which OrdinalView
// points into (models/ordinal.hpp).
#pragma once

#include <string>
#include <vector>

#include "host/data/trial_input.hpp"
#include "models/ordinal.hpp"

namespace ps {

struct OrdinalDesign {
  int n = 0;
  int n_numeric = 0;
  int n_factors = 0;
  int n_categories = 0;
  int reference_category = 0;  // the most frequent category (first of ties): r of the cutpoint parameters
  int n_coefficients = 0;
  int dim = 0;
  OrdinalLink link = OrdinalLink::logit;
  std::vector<long long> levels;
  std::vector<double> treatment;
  std::vector<double> numeric;  // centred, [j * n + i]
  std::vector<double> numeric_center;
  std::vector<int> factor_param;
  std::vector<int> category;
  std::vector<std::string> term_names;  // the coefficients: "treatment", covariates, "factor[level]"

  OrdinalView view() const;
};

OrdinalDesign build_ordinal_design(const OrdinalInput& input, OrdinalLink link);

// The category most patients (rows) are in, the first of ties; 0 for none.
int most_frequent_category(const std::vector<int>& category, int n_categories);

}  // namespace ps

#include "host/design/ordinal_design.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "host/design/predictors.hpp"

namespace ps {

int most_frequent_category(const std::vector<int>& category, int n_categories) {
  std::vector<int> counts(n_categories, 0);
  for (int y : category) counts[y]++;
  return n_categories > 0 ? static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin()) : 0;
}

OrdinalDesign build_ordinal_design(const OrdinalInput& in, OrdinalLink link) {
  OrdinalDesign d;
  d.n = static_cast<int>(in.category.size());
  d.link = link;
  d.levels = in.levels;
  d.n_categories = static_cast<int>(in.levels.size());
  d.category = in.category;
  d.reference_category = most_frequent_category(d.category, d.n_categories);
  std::vector<int> file_order(d.n);
  std::iota(file_order.begin(), file_order.end(), 0);
  CodedPredictors p = code_predictors(in.treatment, in.numeric_names, in.numeric, in.factor_names, in.factor_levels,
                                      in.factor_codes, file_order);
  d.n_numeric = p.n_numeric;
  d.n_factors = p.n_factors;
  d.n_coefficients = p.n_coefficients;
  d.dim = d.n_coefficients + d.n_categories - 1;
  d.treatment = std::move(p.treatment);
  d.numeric = std::move(p.numeric);
  d.numeric_center = std::move(p.numeric_center);
  d.factor_param = std::move(p.factor_param);
  d.term_names = std::move(p.term_names);
  return d;
}

OrdinalView OrdinalDesign::view() const {
  OrdinalView v;
  v.n = n;
  v.n_numeric = n_numeric;
  v.n_factors = n_factors;
  v.n_categories = n_categories;
  v.reference_category = reference_category;
  v.n_coefficients = n_coefficients;
  v.dim = dim;
  v.link = link;
  v.treatment = treatment.data();
  v.numeric = numeric.data();
  v.factor_param = factor_param.data();
  v.category = category.data();
  return v;
}

}  // namespace ps

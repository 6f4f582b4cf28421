#include "host/design/ordinal_longitudinal_design.hpp"

namespace ps {

OrdinalLongitudinalDesign build_ordinal_longitudinal_design(const OrdinalInput& observations,
                                                            const std::vector<int>& first_observation,
                                                            OrdinalLink link, int quadrature_nodes) {
  OrdinalLongitudinalDesign d;
  d.rows = build_ordinal_design(observations, link);
  d.n_patients = static_cast<int>(first_observation.size()) - 1;
  d.dim = d.rows.dim + 1;
  d.first_observation = first_observation;
  d.rule = gauss_hermite_rule(quadrature_nodes);
  return d;
}

OrdinalLongitudinalView OrdinalLongitudinalDesign::view() const {
  OrdinalLongitudinalView v;
  v.n_patients = n_patients;
  v.predictors = PredictorColumns{rows.n,
                                  rows.n_numeric,
                                  rows.n_factors,
                                  rows.treatment.data(),
                                  rows.numeric.data(),
                                  rows.factor_param.data()};
  v.n_categories = rows.n_categories;
  v.reference_category = rows.reference_category;
  v.n_coefficients = rows.n_coefficients;
  v.dim = dim;
  v.n_nodes = static_cast<int>(rule.node.size());
  v.link = rows.link;
  v.first_observation = first_observation.data();
  v.category = rows.category.data();
  v.node = rule.node.data();
  v.log_weight = rule.log_weight.data();
  return v;
}

}  // namespace ps

// Longitudinal ordinal design: the single-day design of every observation
// (host/design/ordinal_design.hpp: coded predictors, the day as a factor),
// the grouping of observations by patient and the Gauss-Hermite rule, which
// OrdinalLongitudinalView points into (models/ordinal_longitudinal.hpp).
#pragma once

#include <string>
#include <vector>

#include "host/data/longitudinal_input.hpp"
#include "host/design/ordinal_design.hpp"
#include "host/quadrature/gauss_hermite.hpp"
#include "models/ordinal_longitudinal.hpp"

namespace ps {

struct OrdinalLongitudinalDesign {
  OrdinalDesign rows;  // per observation; rows.dim excludes log sigma
  int n_patients = 0;
  int dim = 0;         // rows.dim + 1
  std::vector<int> first_observation;
  GaussHermiteRule rule;

  OrdinalLongitudinalView view() const;
};

OrdinalLongitudinalDesign build_ordinal_longitudinal_design(const OrdinalInput& observations,
                                                            const std::vector<int>& first_observation,
                                                            OrdinalLink link, int quadrature_nodes);

}  // namespace ps

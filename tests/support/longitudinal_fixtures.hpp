// The two clustered ordinal datasets of scripts/r_reference/ordinal_reference.R
// as longitudinal designs, declared with the levels R's ordinal::clmm keeps
// (the observed ones):
// - wine: rating 1..5, random intercept per judge, treatment = warm,
//   covariate contact (both vary within judge), no day;
// - who_long: WHO score 1..10 (level 0 is empty), random intercept per
//   patient (id), treatment, covariate age, day a factor (2 reference).
#pragma once

#include <string>

#include "host/data/csv.hpp"
#include "host/data/longitudinal_input.hpp"
#include "host/design/ordinal_longitudinal_design.hpp"

namespace ps::testing {

inline LongitudinalColumns wine_columns() {
  LongitudinalColumns c;
  c.outcome = "rating";
  c.id = "judge";
  c.levels = {1, 2, 3, 4, 5};
  c.treatment = "warm";
  c.covariates = {"contact"};
  return c;
}

inline LongitudinalColumns who_long_columns() {
  LongitudinalColumns c;
  c.outcome = "who";
  c.id = "id";
  c.day = "day";
  c.levels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  c.treatment = "treatment";
  c.covariates = {"age"};
  c.absorbing = 10;  // the file already scores every day after death as 10
  return c;
}

inline OrdinalLongitudinalDesign load_longitudinal(const std::string& file, const LongitudinalColumns& columns,
                                                   int nodes, OrdinalLink link = OrdinalLink::logit) {
  const CsvTable table = read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/" + file);
  const ExtractedLongitudinal e = extract_longitudinal_input(table, columns, MissingPolicy::error);
  return build_ordinal_longitudinal_design(e.observations, e.first_observation, link, nodes);
}

}  // namespace ps::testing

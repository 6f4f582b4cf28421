// The arrays the binomial-normal meta-analysis (models/meta_binomial_normal.hpp)
// reads: each pooled study's counts per arm, uncorrected (the exact binomial
// likelihood needs no continuity correction), and the Gauss-Hermite rule that
// integrates the study effects out.
#pragma once

#include <vector>

#include "host/meta/study_table.hpp"
#include "host/quadrature/gauss_hermite.hpp"
#include "models/meta_binomial_normal.hpp"

namespace ps {

struct BinomialNormalDesign {
  std::vector<double> events_treatment, total_treatment, events_control, total_control;
  GaussHermiteRule rule;

  int n_studies() const { return static_cast<int>(events_treatment.size()); }
  // Points into this design: keep it alive while the view is used.
  BinomialNormalView view() const;
};

BinomialNormalDesign build_binomial_normal_design(const std::vector<StudyTable>& studies, int quadrature_nodes);

}  // namespace ps

#include "host/meta/binomial_normal_design.hpp"

namespace ps {

BinomialNormalDesign build_binomial_normal_design(const std::vector<StudyTable>& studies, int quadrature_nodes) {
  validate_study_tables(studies);
  BinomialNormalDesign d;
  for (const StudyTable& s : studies) {
    d.events_treatment.push_back(s.events_treatment);
    d.total_treatment.push_back(s.total_treatment);
    d.events_control.push_back(s.events_control);
    d.total_control.push_back(s.total_control);
  }
  d.rule = gauss_hermite_rule(quadrature_nodes);
  return d;
}

BinomialNormalView BinomialNormalDesign::view() const {
  BinomialNormalView v;
  v.n_studies = n_studies();
  v.events_treatment = events_treatment.data();
  v.total_treatment = total_treatment.data();
  v.events_control = events_control.data();
  v.total_control = total_control.data();
  v.n_nodes = static_cast<int>(rule.node.size());
  v.node = rule.node.data();
  v.log_weight = rule.log_weight.data();
  return v;
}

}  // namespace ps

#include "host/design/cox_sampling_data.hpp"

#include <stdexcept>
#include <string>

namespace ps {

CoxSamplingData make_cox_sampling_data(const CoxView& m) {
  if (m.dim < 1 || m.dim > kMaxDim)
    throw std::invalid_argument("make_cox_sampling_data: dimension " + std::to_string(m.dim) + " outside 1.." +
                                std::to_string(kMaxDim));
  CoxSamplingData s;
  s.n = m.n;
  s.dim = m.dim;
  s.n_columns = 1 + m.n_numeric;
  s.n_factors = m.n_factors;
  s.ties = m.ties;
  const size_t n = static_cast<size_t>(m.n);

  s.columns.resize(static_cast<size_t>(s.n_columns) * n);
  for (size_t i = 0; i < n; ++i) s.columns[i] = static_cast<float>(m.treatment[i]);
  for (size_t j = 0; j < static_cast<size_t>(m.n_numeric); ++j)
    for (size_t i = 0; i < n; ++i) s.columns[(1 + j) * n + i] = static_cast<float>(m.numeric[j * n + i]);

  s.factor_slot.resize(static_cast<size_t>(m.n_factors) * n);
  for (size_t k = 0; k < s.factor_slot.size(); ++k) s.factor_slot[k] = m.factor_param[k] >= 0 ? m.factor_param[k] : m.dim;

  // Codes: walk strata and tie groups as cox_log_partial_likelihood does.
  s.patient_code.assign(n, 0);
  s.event_design_sum.assign(static_cast<size_t>(m.dim), 0.0);
  std::vector<double> row(static_cast<size_t>(m.dim));
  int i = 0;
  int g = 0;
  for (int st = 0; st < m.n_strata; ++st) {
    bool stratum_head = true;
    for (; g < m.stratum_group_end[st]; ++g) {
      const int start = i;
      const int end = m.group_end[g];
      const int d = m.group_events[g];
      for (; i < end; ++i) {
        int code = 0;
        if (i == start) code |= kCoxCodeGroupHead;
        if (stratum_head) code |= kCoxCodeStratumHead;
        stratum_head = false;
        if (i - start < d) {
          code |= kCoxCodeEvent;
          cox_design_row(m, i, row.data());
          for (int k = 0; k < m.dim; ++k) s.event_design_sum[k] += row[k];
        }
        if (i == end - 1) code |= d << kCoxCodeEventsShift;
        s.patient_code[i] = code;
      }
    }
  }
  if (i != m.n) throw std::invalid_argument("make_cox_sampling_data: tie groups cover " + std::to_string(i) +
                                            " of " + std::to_string(m.n) + " patients");
  return s;
}

CoxSamplingView CoxSamplingData::view() const {
  CoxSamplingView v;
  v.n = n;
  v.dim = dim;
  v.n_columns = n_columns;
  v.n_factors = n_factors;
  v.ties = ties;
  v.columns = columns.data();
  v.factor_slot = factor_slot.data();
  v.patient_code = patient_code.data();
  v.event_design_sum = event_design_sum.data();
  return v;
}

}  // namespace ps

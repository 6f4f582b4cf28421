// Builds the risk-set ordering and coded covariates of a Cox analysis once,
// so that every log-density evaluation (CPU or GPU) is one pass over arrays.
#include "host/design/cox_design.hpp"

#include "host/design/predictors.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace ps {

namespace {

// Order: stratum ascending, time descending, events before censorings at a
// tied time (so a tie group lists its events first), then input row for a
// deterministic order.
std::vector<int> risk_set_order(const CoxInput& in) {
  std::vector<int> order(in.time.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (in.stratum[a] != in.stratum[b]) return in.stratum[a] < in.stratum[b];
    if (in.time[a] != in.time[b]) return in.time[a] > in.time[b];
    if (in.event[a] != in.event[b]) return in.event[a] > in.event[b];
    return a < b;
  });
  return order;
}

}  // namespace

CoxDesign build_cox_design(const CoxInput& in) {
  CoxDesign d;
  d.n = static_cast<int>(in.time.size());
  d.n_numeric = static_cast<int>(in.numeric.size());
  d.n_factors = static_cast<int>(in.factor_codes.size());
  d.ties = in.ties;
  if (in.stratum.size() != in.time.size()) throw std::invalid_argument("CoxInput: stratum size mismatch");

  d.original_row = risk_set_order(in);
  const int n = d.n;
  d.time.resize(n);
  d.event.resize(n);
  for (int i = 0; i < n; ++i) {
    const int r = d.original_row[i];
    d.time[i] = in.time[r];
    d.event[i] = in.event[r];
    d.n_events += in.event[r];
  }
  CodedPredictors p = code_predictors(in.treatment, in.numeric_names, in.numeric, in.factor_names,
                                      in.factor_levels, in.factor_codes, d.original_row);
  d.dim = p.n_coefficients;
  d.treatment = std::move(p.treatment);
  d.numeric = std::move(p.numeric);
  d.numeric_center = std::move(p.numeric_center);
  d.factor_param = std::move(p.factor_param);
  d.term_names = std::move(p.term_names);

  // Tie groups: maximal runs of equal (stratum, time); events lead each run.
  for (int i = 0; i < n;) {
    const int r = d.original_row[i];
    int j = i;
    int events = 0;
    while (j < n && in.stratum[d.original_row[j]] == in.stratum[r] && d.time[j] == d.time[i]) events += d.event[j++];
    d.group_end.push_back(j);
    d.group_events.push_back(events);
    const bool stratum_ends = j == n || in.stratum[d.original_row[j]] != in.stratum[r];
    if (stratum_ends) d.stratum_group_end.push_back(static_cast<int>(d.group_end.size()));
    i = j;
  }
  return d;
}

CoxView CoxDesign::view() const {
  CoxView v;
  v.n = n;
  v.n_numeric = n_numeric;
  v.n_factors = n_factors;
  v.dim = dim;
  v.treatment = treatment.data();
  v.numeric = numeric.data();
  v.factor_param = factor_param.data();
  v.n_groups = static_cast<int>(group_end.size());
  v.group_end = group_end.data();
  v.group_events = group_events.data();
  v.n_strata = static_cast<int>(stratum_group_end.size());
  v.stratum_group_end = stratum_group_end.data();
  v.ties = ties;
  return v;
}

}  // namespace ps

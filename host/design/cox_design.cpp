// Builds the risk-set ordering and coded covariates of a Cox analysis once,
// so that every log-density evaluation (CPU or GPU) is one pass over arrays.
#include "host/design/cox_design.hpp"

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

  d.term_names.push_back("treatment");
  for (const auto& name : in.numeric_names) d.term_names.push_back(name);
  std::vector<int> factor_base(d.n_factors);
  int dim = 1 + d.n_numeric;
  for (int f = 0; f < d.n_factors; ++f) {
    factor_base[f] = dim - 1;  // level L >= 1 maps to theta[dim - 1 + L]
    const auto& levels = in.factor_levels[f];
    for (size_t l = 1; l < levels.size(); ++l) d.term_names.push_back(in.factor_names[f] + "[" + levels[l] + "]");
    dim += static_cast<int>(levels.size()) - 1;
  }
  d.dim = dim;

  d.original_row = risk_set_order(in);
  const int n = d.n;
  d.time.resize(n);
  d.event.resize(n);
  d.treatment.resize(n);
  for (int i = 0; i < n; ++i) {
    const int r = d.original_row[i];
    d.time[i] = in.time[r];
    d.event[i] = in.event[r];
    d.treatment[i] = in.treatment[r];
    d.n_events += in.event[r];
  }

  // Centring changes no coefficient of a Cox model but keeps exp(eta) tame.
  d.numeric.resize(static_cast<size_t>(d.n_numeric) * n);
  d.numeric_center.resize(d.n_numeric);
  for (int j = 0; j < d.n_numeric; ++j) {
    const auto& col = in.numeric[j];
    const double center = n > 0 ? std::accumulate(col.begin(), col.end(), 0.0) / n : 0.0;
    d.numeric_center[j] = center;
    for (int i = 0; i < n; ++i) d.numeric[static_cast<size_t>(j) * n + i] = col[d.original_row[i]] - center;
  }

  d.factor_param.resize(static_cast<size_t>(d.n_factors) * n);
  for (int f = 0; f < d.n_factors; ++f) {
    for (int i = 0; i < n; ++i) {
      const int level = in.factor_codes[f][d.original_row[i]];
      d.factor_param[static_cast<size_t>(f) * n + i] = level == 0 ? -1 : factor_base[f] + level;
    }
  }

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

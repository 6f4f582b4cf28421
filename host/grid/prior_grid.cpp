#include "host/grid/prior_grid.hpp"

#include <algorithm>
#include <cmath>

namespace ps {

namespace {

ScalarPrior make_prior(const std::string& family, const std::vector<double>& v) {
  if (family == "normal") return {PriorFamily::normal, v[0], v[1], 0.0};
  return {PriorFamily::student_t, v[0], v[1], v[2]};
}

}  // namespace

PriorGrid expand_prior_grid(const std::vector<PriorBlock>& blocks) {
  PriorGrid grid;
  for (const auto& b : blocks)
    for (const auto& [name, values] : b.params)
      if (std::find(grid.param_names.begin(), grid.param_names.end(), name) == grid.param_names.end())
        grid.param_names.push_back(name);

  for (const auto& b : blocks) {
    const size_t k = b.params.size();
    std::vector<size_t> index(k, 0);  // odometer over the block's parameters, last fastest
    for (bool done = false; !done;) {
      std::vector<double> values(k);
      for (size_t j = 0; j < k; ++j) values[j] = b.params[j].second[index[j]];
      GridPoint point;
      point.prior = make_prior(b.family, values);
      point.family = b.family;
      point.param_values.assign(grid.param_names.size(), std::nan(""));
      for (size_t j = 0; j < k; ++j) {
        const auto pos = std::find(grid.param_names.begin(), grid.param_names.end(), b.params[j].first);
        point.param_values[pos - grid.param_names.begin()] = values[j];
      }
      grid.points.push_back(std::move(point));
      size_t j = k;
      for (; j > 0; --j) {
        if (++index[j - 1] < b.params[j - 1].second.size()) break;
        index[j - 1] = 0;
      }
      done = j == 0;
    }
  }
  return grid;
}

}  // namespace ps

#include "host/fit/ordinal_start.hpp"

#include <cmath>

namespace ps {

double ordinal_null_log_likelihood(const std::vector<int>& category, int n_categories) {
  std::vector<int> counts(n_categories, 0);
  for (int y : category) counts[y]++;
  double ll = 0.0;
  const double n = static_cast<double>(category.size());
  for (int c : counts)
    if (c > 0) ll += c * std::log(c / n);
  return ll;
}

std::vector<double> ordinal_cutpoint_start(const std::vector<int>& category, int n_categories, int reference) {
  std::vector<double> counts(n_categories, 0.5);
  for (int y : category) counts[y] += 1.0;
  std::vector<double> z;
  for (int y = 0; y < n_categories; ++y)
    if (y != reference) z.push_back(std::log(counts[y] / counts[reference]));
  return z;
}

}  // namespace ps

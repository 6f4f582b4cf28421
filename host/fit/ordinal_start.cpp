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

std::vector<double> ordinal_cutpoint_start(const std::vector<int>& category, int n_categories, OrdinalLink link) {
  std::vector<double> counts(n_categories, 0.5);
  for (int y : category) counts[y] += 1.0;
  const double total = static_cast<double>(category.size()) + 0.5 * n_categories;
  std::vector<double> u;
  double cumulative = 0.0, previous = 0.0;
  for (int k = 0; k + 1 < n_categories; ++k) {
    cumulative += counts[k] / total;
    double c = std::log(cumulative / (1.0 - cumulative));
    if (link == OrdinalLink::probit) c /= 1.7;  // logistic and normal scales differ by about 1.7
    u.push_back(k == 0 ? c : std::log(c - previous));
    previous = c;
  }
  return u;
}

}  // namespace ps

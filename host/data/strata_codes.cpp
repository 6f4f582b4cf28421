#include "host/data/strata_codes.hpp"

#include <map>

namespace ps {

StrataCodes code_strata(const std::vector<std::string>& names, const std::vector<CodedLevels>& columns,
                        std::size_t n_patients) {
  StrataCodes strata;
  if (columns.empty()) {
    strata.stratum.assign(n_patients, 0);
    strata.n_strata = 1;
    strata.labels = {"all"};
    return strata;
  }

  // Tuples of level codes compare lexicographically, which is exactly "sorted
  // by the first column's level order, then the second's, ...".
  auto tuple_of = [&](std::size_t i) {
    std::vector<int> tuple(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) tuple[c] = columns[c].codes[i];
    return tuple;
  };
  std::map<std::vector<int>, int> code_of;
  for (std::size_t i = 0; i < n_patients; ++i) code_of.emplace(tuple_of(i), 0);

  int next = 0;
  for (auto& [tuple, code] : code_of) {
    code = next++;
    std::string label;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) label += ", ";
      label += names[c] + "=" + columns[c].levels[tuple[c]];
    }
    strata.labels.push_back(std::move(label));
  }
  strata.n_strata = next;

  strata.stratum.reserve(n_patients);
  for (std::size_t i = 0; i < n_patients; ++i) strata.stratum.push_back(code_of.at(tuple_of(i)));
  return strata;
}

}  // namespace ps

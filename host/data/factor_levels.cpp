#include "host/data/factor_levels.hpp"

#include <algorithm>
#include <unordered_map>

#include "host/data/parse_number.hpp"

namespace ps {
namespace {

bool all_numeric(const std::vector<std::string>& levels) {
  return std::all_of(levels.begin(), levels.end(), [](const std::string& s) { return parse_number(s).ok(); });
}

}  // namespace

CodedLevels code_levels(const std::vector<std::string>& values) {
  CodedLevels coded;
  coded.levels = values;
  // std::string compares through char_traits<char>, which orders as unsigned
  // bytes: the order is the same on every platform and locale.
  std::sort(coded.levels.begin(), coded.levels.end());
  coded.levels.erase(std::unique(coded.levels.begin(), coded.levels.end()), coded.levels.end());

  if (all_numeric(coded.levels)) {
    // Ties in value ("1" and "1.0") stay distinct levels, ordered by bytes, so
    // the order is still total and deterministic.
    std::stable_sort(coded.levels.begin(), coded.levels.end(), [](const std::string& a, const std::string& b) {
      return parse_number(a).value < parse_number(b).value;
    });
  }

  std::unordered_map<std::string, int> index_of;
  index_of.reserve(coded.levels.size());
  for (std::size_t k = 0; k < coded.levels.size(); ++k) index_of.emplace(coded.levels[k], static_cast<int>(k));
  coded.codes.reserve(values.size());
  for (const std::string& v : values) coded.codes.push_back(index_of.at(v));
  return coded;
}

}  // namespace ps

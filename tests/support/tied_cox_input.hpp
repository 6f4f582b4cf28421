// Test support: random Cox inputs with many ties (integer times), for
// likelihood and derivative checks against independent references.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "host/design/cox_design.hpp"

namespace ps::test_support {

// A random input with many ties: integer times 1..max_time, n_strata strata,
// two numeric covariates and a 3-level factor.
inline CoxInput tied_cox_input(unsigned seed, int n, int max_time, int n_strata, Ties ties) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> time_dist(1, max_time);
  std::uniform_int_distribution<int> coin(0, 1);
  std::uniform_int_distribution<int> level_dist(0, 2);
  std::uniform_int_distribution<int> stratum_dist(0, n_strata - 1);
  std::normal_distribution<double> normal(0.0, 1.0);
  CoxInput in;
  in.ties = ties;
  in.numeric_names = {"age", "score"};
  in.numeric.assign(2, std::vector<double>(n));
  in.factor_names = {"centre"};
  in.factor_levels = {{"C1", "C2", "C3"}};
  in.factor_codes.assign(1, std::vector<int>(n));
  in.n_strata = n_strata;
  for (int s = 0; s < n_strata; ++s) in.stratum_labels.push_back("S" + std::to_string(s + 1));
  for (int i = 0; i < n; ++i) {
    in.time.push_back(time_dist(rng));
    in.event.push_back(coin(rng) | coin(rng));  // ~75% events
    in.treatment.push_back(coin(rng));
    in.numeric[0][i] = 60.0 + 10.0 * normal(rng);
    in.numeric[1][i] = normal(rng);
    in.factor_codes[0][i] = level_dist(rng);
    in.stratum.push_back(stratum_dist(rng));
  }
  return in;
}

}  // namespace ps::test_support

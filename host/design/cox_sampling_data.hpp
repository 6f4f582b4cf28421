// Owns the arrays of the sampling form of a Cox likelihood (models/
// cox_sampling.hpp), derived once on the host from the reference CoxView.
#pragma once

#include <vector>

#include "models/cox.hpp"
#include "models/cox_sampling.hpp"

namespace ps {

struct CoxSamplingData {
  int n = 0;
  int dim = 0;
  int n_columns = 0;
  int n_factors = 0;
  Ties ties = Ties::efron;
  std::vector<float> columns;
  std::vector<int> factor_slot;
  std::vector<int> patient_code;
  std::vector<double> event_design_sum;

  CoxSamplingView view() const;
};

CoxSamplingData make_cox_sampling_data(const CoxView& reference);

}  // namespace ps

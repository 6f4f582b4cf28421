// Inverse-variance sums, the generalised Q and metafor's P; see inverse_variance.hpp.
#include "host/meta/inverse_variance.hpp"

#include <cmath>
#include <stdexcept>

namespace ps {

void validate_effect_sizes(const std::vector<double>& yi, const std::vector<double>& vi) {
  if (yi.empty()) throw std::invalid_argument("meta-analysis: no effect sizes");
  if (yi.size() != vi.size()) throw std::invalid_argument("meta-analysis: yi and vi differ in length");
  for (std::size_t i = 0; i < yi.size(); ++i) {
    if (!std::isfinite(yi[i])) throw std::invalid_argument("meta-analysis: an effect size is not finite");
    if (!(std::isfinite(vi[i]) && vi[i] > 0.0)) {
      throw std::invalid_argument("meta-analysis: a sampling variance is not positive and finite");
    }
  }
}

InverseVarianceSums inverse_variance_sums(const std::vector<double>& yi, const std::vector<double>& vi, double tau2) {
  InverseVarianceSums s;
  double sum_wy = 0.0;
  for (std::size_t i = 0; i < yi.size(); ++i) {
    const double w = 1.0 / (vi[i] + tau2);
    s.sum_w += w;
    sum_wy += w * yi[i];
  }
  s.mean = sum_wy / s.sum_w;
  for (std::size_t i = 0; i < yi.size(); ++i) {
    const double r = yi[i] - s.mean;
    s.q += r * r / (vi[i] + tau2);
  }
  return s;
}

double generalised_q(const std::vector<double>& yi, const std::vector<double>& vi, double tau2) {
  return inverse_variance_sums(yi, vi, tau2).q;
}

Eigen::MatrixXd projection_matrix(const Eigen::VectorXd& w) {
  Eigen::MatrixXd p = -(w * w.transpose()) / w.sum();
  p.diagonal() += w;
  return p;
}

double typical_within_variance(const std::vector<double>& vi) {
  const std::size_t k = vi.size();
  if (k < 2) return 0.0;
  double sum_w = 0.0, sum_w2 = 0.0;
  for (double v : vi) {
    sum_w += 1.0 / v;
    sum_w2 += 1.0 / (v * v);
  }
  return static_cast<double>(k - 1) / (sum_w - sum_w2 / sum_w);
}

}  // namespace ps

// Inverse-variance building blocks shared by the pooled estimators, the tau^2
// estimators and the Q-profile interval (metafor's rma.uni, intercept-only
// model X = 1).
//
// Maths. With weights w_i = 1 / (v_i + tau2):
//   mu(tau2) = sum w_i y_i / sum w_i            (the weighted mean),
//   Q(tau2)  = sum w_i (y_i - mu(tau2))^2        (the generalised Q statistic;
//                                                 Cochran's Q at tau2 = 0),
//   P = W - w w' / sum w                         (metafor's P matrix, so that
//                                                 Q = y' P y and P y = w (y - mu)),
//   tr P = sum w - sum w^2 / sum w.
// Metafor's "typical" within-study variance (rma.uni, i2def = "1",
// Higgins & Thompson 2002) uses the tau2 = 0 weights:
//   s^2 = (k - 1) / tr P.
// Q(tau2) decreases strictly in tau2 (unless all y_i are equal), which the
// Paule-Mandel estimator and the Q-profile interval rely on.
#pragma once

#include <vector>

#include <Eigen/Dense>

namespace ps {

// Throws std::invalid_argument unless yi and vi have the same, non-zero size,
// every yi is finite and every vi is positive and finite.
void validate_effect_sizes(const std::vector<double>& yi, const std::vector<double>& vi);

struct InverseVarianceSums {
  double mean = 0.0;   // mu(tau2)
  double sum_w = 0.0;  // sum w_i
  double q = 0.0;      // Q(tau2)
};

// The sums above at a given tau2 >= 0 (inputs assumed validated).
InverseVarianceSums inverse_variance_sums(const std::vector<double>& yi, const std::vector<double>& vi, double tau2);

// Q(tau2) alone.
double generalised_q(const std::vector<double>& yi, const std::vector<double>& vi, double tau2);

// metafor's P = W - w w' / sum w for weights w (a k x k matrix; k is small).
Eigen::MatrixXd projection_matrix(const Eigen::VectorXd& w);

// s^2 = (k - 1) / tr P with w_i = 1 / v_i; 0 when k = 1 (metafor's vt).
double typical_within_variance(const std::vector<double>& vi);

}  // namespace ps

// Exact gradient and Hessian of the Cox partial log-likelihood (Breslow and
// Efron), from the same risk-set layout the samplers use. For a tie group with
// d events and k = 0..d-1, f_k = k/d (Efron) or 0 (Breslow):
//   den_k = S0 - f_k D0,  a_k = S1 - f_k D1,  B_k = S2 - f_k D2
//   loglik -= log den_k,  grad -= a_k / den_k,
//   hess   -= B_k / den_k - a_k a_k^T / den_k^2
// where S0/S1/S2 are the risk-set sums of w, w x, w x x^T and D0/D1/D2 those of
// the group's events (Therneau & Grambsch 2000, sec. 3.3).
#include "host/fit/cox_fit.hpp"

#include <cmath>

namespace ps {

CoxDerivatives cox_derivatives(const CoxView& m, const Eigen::VectorXd& theta) {
  const int p = m.dim;
  CoxDerivatives out;
  out.gradient = Eigen::VectorXd::Zero(p);
  out.hessian = Eigen::MatrixXd::Zero(p, p);
  Eigen::VectorXd x(p), s1(p), d1(p), a(p);
  Eigen::MatrixXd s2(p, p), d2(p, p);
  int i = 0;
  int g = 0;
  for (int s = 0; s < m.n_strata; ++s) {
    double s0 = 0.0;
    s1.setZero();
    s2.setZero();
    for (; g < m.stratum_group_end[s]; ++g) {
      const int end = m.group_end[g];
      const int d = m.group_events[g];
      double d0 = 0.0;
      d1.setZero();
      d2.setZero();
      for (int k = 0; i < end; ++i, ++k) {
        cox_design_row(m, i, x.data());
        const double eta = x.dot(theta);
        const double w = std::exp(eta);
        s0 += w;
        s1.noalias() += w * x;
        s2.noalias() += w * x * x.transpose();
        if (k < d) {
          d0 += w;
          d1.noalias() += w * x;
          d2.noalias() += w * x * x.transpose();
          out.loglik += eta;
          out.gradient += x;
        }
      }
      for (int k = 0; k < d; ++k) {
        const double f = m.ties == Ties::efron ? static_cast<double>(k) / d : 0.0;
        const double den = s0 - f * d0;
        a = s1 - f * d1;
        out.loglik -= std::log(den);
        out.gradient -= a / den;
        out.hessian -= (s2 - f * d2) / den - a * a.transpose() / (den * den);
      }
    }
  }
  return out;
}

}  // namespace ps

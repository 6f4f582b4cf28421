#include "host/fit/newton.hpp"

#include <algorithm>
#include <cmath>

namespace ps {

namespace {

// Solves (-H) delta = g. An indefinite or singular -H (flat directions, e.g. a
// diverging coefficient) gets a growing ridge so the step stays an ascent.
Eigen::VectorXd newton_direction(const ObjectiveValue& v) {
  const Eigen::MatrixXd neg_h = -v.hessian;
  double ridge = 0.0;
  const double scale = std::max(1e-12, neg_h.diagonal().cwiseAbs().maxCoeff());
  for (int attempt = 0; attempt < 40; ++attempt) {
    Eigen::LLT<Eigen::MatrixXd> llt(neg_h + ridge * Eigen::MatrixXd::Identity(neg_h.rows(), neg_h.cols()));
    if (llt.info() == Eigen::Success) return llt.solve(v.gradient);
    ridge = ridge == 0.0 ? 1e-10 * scale : ridge * 10.0;
  }
  return v.gradient;  // steepest ascent as a last resort
}

}  // namespace

NewtonResult newton_maximize(const Objective& f, Eigen::VectorXd theta, int max_iterations, double tolerance) {
  NewtonResult r;
  ObjectiveValue cur = f(theta);
  for (r.iterations = 0; r.iterations < max_iterations; ++r.iterations) {
    const Eigen::VectorXd step = newton_direction(cur);
    const double decrement = cur.gradient.dot(step);
    if (!std::isfinite(decrement) || decrement <= 0.0) {
      r.converged = decrement == 0.0;
      break;
    }
    // The step is always taken: after a full Newton step from a point with
    // decrement lambda^2 the error is O(lambda^4), far below the tolerance.
    const bool last = decrement <= tolerance * std::max(1.0, std::abs(cur.value));
    double t = 1.0;
    ObjectiveValue next;
    Eigen::VectorXd candidate;
    bool improved = false;
    for (int halving = 0; halving < 60; ++halving, t *= 0.5) {
      candidate = theta + t * step;
      next = f(candidate);
      if (std::isfinite(next.value) && next.value >= cur.value) {
        improved = true;
        break;
      }
    }
    if (!improved) {  // no ascent at floating-point resolution: we are at the top
      r.converged = decrement <= 1e-6 * std::max(1.0, std::abs(cur.value));
      break;
    }
    const double change = next.value - cur.value;
    theta = candidate;
    cur = next;
    if (last || change <= 1e-15 * std::max(1.0, std::abs(cur.value))) {
      r.converged = true;
      ++r.iterations;
      break;
    }
  }
  r.argmax = theta;
  r.at_argmax = cur;
  return r;
}

Eigen::MatrixXd gradient_difference_hessian(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& gradient,
                                            const Eigen::VectorXd& phi) {
  const int d = static_cast<int>(phi.size());
  Eigen::MatrixXd h(d, d);
  for (int j = 0; j < d; ++j) {
    const double step = 1e-5 * std::max(1.0, std::abs(phi[j]));
    Eigen::VectorXd up = phi, down = phi;
    up[j] += step;
    down[j] -= step;
    h.col(j) = (gradient(up) - gradient(down)) / (2.0 * step);
  }
  return 0.5 * (h + h.transpose());
}


Eigen::MatrixXd covariance_from_hessian(const Eigen::MatrixXd& hessian, std::vector<std::string>& warnings) {
  Eigen::FullPivLU<Eigen::MatrixXd> lu(-hessian);
  if (lu.isInvertible()) return lu.inverse();
  warnings.push_back("the information matrix is singular at the estimate; standard errors are undefined");
  return Eigen::MatrixXd::Constant(hessian.rows(), hessian.cols(), std::nan(""));
}

}  // namespace ps

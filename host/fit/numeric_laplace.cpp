#include "host/fit/numeric_laplace.hpp"

#include <algorithm>
#include <cmath>

#include "host/fit/newton.hpp"

namespace ps {

namespace {

double step_for(double x) { return 1e-4 * std::max(1.0, std::abs(x)); }

ObjectiveValue numeric_derivatives(const LogDensityFunction& f, const Eigen::VectorXd& x) {
  const int d = static_cast<int>(x.size());
  ObjectiveValue v;
  v.value = f(x);
  v.gradient = Eigen::VectorXd::Zero(d);
  v.hessian = Eigen::MatrixXd::Zero(d, d);
  if (!std::isfinite(v.value)) return v;
  auto at = [&](int j, double dj, int k, double dk) {
    Eigen::VectorXd y = x;
    y[j] += dj;
    y[k] += dk;
    return f(y);
  };
  for (int j = 0; j < d; ++j) {
    const double hj = step_for(x[j]);
    const double up = at(j, hj, j, 0.0), down = at(j, -hj, j, 0.0);
    v.gradient[j] = (up - down) / (2 * hj);
    v.hessian(j, j) = (up - 2 * v.value + down) / (hj * hj);
    for (int k = 0; k < j; ++k) {
      const double hk = step_for(x[k]);
      const double h = (at(j, hj, k, hk) - at(j, hj, k, -hk) - at(j, -hj, k, hk) + at(j, -hj, k, -hk)) / (4 * hj * hk);
      v.hessian(j, k) = v.hessian(k, j) = h;
    }
  }
  return v;
}

ObjectiveValue gradient_derivatives(const DensityGradientFunction& f, const Eigen::VectorXd& x) {
  const DensityGradient at = f(x);
  ObjectiveValue v{at.value, at.gradient, Eigen::MatrixXd::Zero(x.size(), x.size())};
  if (std::isfinite(v.value))
    v.hessian = gradient_difference_hessian([&f](const Eigen::VectorXd& y) { return f(y).gradient; }, x);
  return v;
}

}  // namespace

LaplaceBase gradient_laplace_base(const DensityGradientFunction& density, const Eigen::VectorXd& start,
                                  int max_iterations) {
  const NewtonResult r = newton_maximize([&](const Eigen::VectorXd& x) { return gradient_derivatives(density, x); },
                                         start, max_iterations, 1e-8);
  LaplaceBase base;
  base.mode = r.argmax;
  base.precision = -r.at_argmax.hessian;
  return base;
}

LaplaceBase numeric_laplace_base(const LogDensityFunction& log_density, const Eigen::VectorXd& start,
                                 int max_iterations) {
  const NewtonResult r = newton_maximize([&](const Eigen::VectorXd& x) { return numeric_derivatives(log_density, x); },
                                         start, max_iterations, 1e-8);
  LaplaceBase base;
  base.mode = r.argmax;
  base.precision = -r.at_argmax.hessian;
  return base;
}

}  // namespace ps

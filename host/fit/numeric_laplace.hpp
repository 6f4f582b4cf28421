// The Laplace approximation of a log density known only by its values: the
// mode by damped Newton with central-difference derivatives. For models whose
// proposals do not justify analytic second derivatives (the ordinal model);
// the derivatives only shape Metropolis proposals and starting points, so
// their ~1e-6 relative accuracy is ample.
#pragma once

#include <Eigen/Dense>
#include <functional>

#include "host/fit/cox_fit.hpp"  // LaplaceBase, NewtonOptions

namespace ps {

using LogDensityFunction = std::function<double(const Eigen::VectorXd&)>;

LaplaceBase numeric_laplace_base(const LogDensityFunction& log_density, const Eigen::VectorXd& start,
                                 int max_iterations = 50);

// The same from an analytic gradient: the Hessian by central differences of
// the gradient, 2 d gradient calls instead of ~2 d^2 density calls -- for
// models whose density is costly (the longitudinal ordinal model integrates
// a random intercept per patient in every call).
struct DensityGradient {
  double value = 0.0;
  Eigen::VectorXd gradient;
};
using DensityGradientFunction = std::function<DensityGradient(const Eigen::VectorXd&)>;

LaplaceBase gradient_laplace_base(const DensityGradientFunction& density, const Eigen::VectorXd& start,
                                  int max_iterations = 50);

}  // namespace ps

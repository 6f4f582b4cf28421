// Damped Newton-Raphson maximisation of a smooth concave objective, shared by
// the MLE and the Laplace approximation.
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <string>
#include <vector>

namespace ps {

struct ObjectiveValue {
  double value = 0.0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
};

using Objective = std::function<ObjectiveValue(const Eigen::VectorXd&)>;

struct NewtonResult {
  Eigen::VectorXd argmax;
  ObjectiveValue at_argmax;
  int iterations = 0;
  bool converged = false;
};

// Newton steps with step halving until the Newton decrement g^T (-H)^-1 g is
// below tolerance * max(1, |f|) (the step that reached it is still taken, so
// the error left is O(tolerance^2)) or the objective stops changing.
NewtonResult newton_maximize(const Objective& f, Eigen::VectorXd start, int max_iterations, double tolerance);

// The Hessian by central differences of an analytic gradient (step 1e-5
// relative, symmetrised): ~1e-9 relative, ample for Newton steps and SEs.
Eigen::MatrixXd gradient_difference_hessian(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& gradient,
                                            const Eigen::VectorXd& phi);


// The inverse of minus the Hessian at a maximum (the MLE's covariance), or
// NaN everywhere with a warning when the information matrix is singular.
Eigen::MatrixXd covariance_from_hessian(const Eigen::MatrixXd& hessian, std::vector<std::string>& warnings);

}  // namespace ps

// DL, SJ, REML and PM estimators of tau^2 as metafor's rma.uni; see tau2_estimators.hpp.
#include "host/meta/tau2_estimators.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <utility>

#include <Eigen/Dense>
#include <boost/math/tools/roots.hpp>
#include <boost/math/tools/toms748_solve.hpp>

#include "host/meta/inverse_variance.hpp"

namespace ps {
namespace {

constexpr double kRemlThreshold = 1e-13;  // |change in tau2| that ends Fisher scoring
constexpr int kRemlMaxIterations = 10000;
constexpr double kLl0Tolerance = 0.0001220703125;  // metafor's con$tol = .Machine$double.eps^0.25

void check_input(const std::vector<double>& yi, const std::vector<double>& vi) {
  validate_effect_sizes(yi, vi);
  if (yi.size() < 2) throw std::invalid_argument("tau^2 estimator: needs at least 2 studies");
}

Eigen::VectorXd to_vector(const std::vector<double>& x) {
  return Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
}

Eigen::VectorXd weights(const Eigen::VectorXd& v, double tau2) { return (v.array() + tau2).inverse().matrix(); }

// Unweighted mean squared deviation, var(y) (k - 1) / k.
double mean_squared_deviation(const Eigen::VectorXd& y) { return (y.array() - y.mean()).square().mean(); }

// REML log-likelihood of the intercept-only model at tau2 (metafor's ll.REML).
double reml_loglik(const Eigen::VectorXd& y, const Eigen::VectorXd& v, double tau2) {
  const Eigen::VectorXd w = weights(v, tau2);
  const double sum_w = w.sum();
  const double mu = w.dot(y) / sum_w;
  const double rss = (w.array() * (y.array() - mu).square()).sum();
  const double k = static_cast<double>(y.size());
  return -0.5 * (k - 1.0) * std::log(2.0 * std::numbers::pi) - 0.5 * (v.array() + tau2).log().sum() - 0.5 * std::log(sum_w) -
         0.5 * rss;
}

// The Fisher scoring step (y' P P y - tr P) / tr(P P) at tau2, and tr(P P).
std::pair<double, double> reml_step(const Eigen::VectorXd& y, const Eigen::VectorXd& v, double tau2) {
  const Eigen::MatrixXd p = projection_matrix(weights(v, tau2));
  const Eigen::VectorXd py = p * y;
  const double tr_pp = p.cwiseProduct(p).sum();
  return {(py.squaredNorm() - p.trace()) / tr_pp, tr_pp};
}

}  // namespace

Tau2Estimate tau2_dersimonian_laird(const std::vector<double>& yi, const std::vector<double>& vi) {
  check_input(yi, vi);
  const Eigen::VectorXd y = to_vector(yi), v = to_vector(vi);
  const double k1 = static_cast<double>(y.size() - 1);
  const Eigen::MatrixXd p = projection_matrix(weights(v, 0.0));
  const double q = y.dot(p * y);
  const double tr_p = p.trace();
  Tau2Estimate e;
  e.tau2 = std::max(0.0, (q - k1) / tr_p);
  e.se = std::sqrt(2.0 * k1 + 4.0 * e.tau2 * tr_p + 2.0 * e.tau2 * e.tau2 * p.cwiseProduct(p).sum()) / tr_p;
  return e;
}

Tau2Estimate tau2_sidik_jonkman(const std::vector<double>& yi, const std::vector<double>& vi) {
  check_input(yi, vi);
  const Eigen::VectorXd y = to_vector(yi), v = to_vector(vi);
  const double k1 = static_cast<double>(y.size() - 1);
  const double tau0 = mean_squared_deviation(y);
  const Eigen::MatrixXd p = projection_matrix(weights(v, tau0));
  const Eigen::MatrixXd pv = p * v.asDiagonal();
  Tau2Estimate e;
  e.tau2 = std::max(0.0, tau0 * y.dot(p * y) / k1);
  const double t = e.tau2;
  e.se = tau0 / k1 *
         std::sqrt(2.0 * pv.cwiseProduct(pv.transpose()).sum() + 4.0 * t * pv.cwiseProduct(p).sum() +
                   2.0 * t * t * p.cwiseProduct(p).sum());
  return e;
}

Tau2Estimate tau2_reml(const std::vector<double>& yi, const std::vector<double>& vi) {
  check_input(yi, vi);
  const Eigen::VectorXd y = to_vector(yi), v = to_vector(vi);
  const double k = static_cast<double>(y.size());
  // Hedges' estimate as the starting value.
  double tau2 = std::max(0.0, ((y.array() - y.mean()).square().sum() - (1.0 - 1.0 / k) * v.sum()) / (k - 1.0));
  Tau2Estimate e;
  bool converged = false;
  for (int iter = 1; iter <= kRemlMaxIterations; ++iter) {
    e.iterations = iter;
    double adj = reml_step(y, v, tau2).first;
    if (!std::isfinite(adj)) adj = 0.0;  // metafor: is.na(adj) -> 0
    if (tau2 + adj < 0.0) {
      // The step crosses the boundary. If the step from 0 points below 0 too,
      // the maximum (on [0, inf)) is at 0; otherwise halve as metafor does.
      if (tau2 == 0.0 || reml_step(y, v, 0.0).first <= 0.0) {
        tau2 = 0.0;
        converged = true;
        break;
      }
      while (tau2 + adj < 0.0) adj /= 2.0;
    }
    const double old = tau2;
    tau2 += adj;
    if (std::fabs(tau2 - old) < kRemlThreshold) {
      converged = true;
      break;
    }
  }
  if (!converged) throw std::runtime_error("tau2_reml: Fisher scoring did not converge");
  // metafor's ll0check: a likelihood at tau2 = 0 that is clearly higher wins.
  if (tau2 > kRemlThreshold && reml_loglik(y, v, 0.0) - reml_loglik(y, v, tau2) > kLl0Tolerance) tau2 = 0.0;
  e.tau2 = tau2;
  e.se = std::sqrt(2.0 / reml_step(y, v, tau2).second);
  return e;
}

Tau2Estimate tau2_paule_mandel(const std::vector<double>& yi, const std::vector<double>& vi) {
  check_input(yi, vi);
  const double k = static_cast<double>(yi.size());
  const auto f = [&](double tau2) { return generalised_q(yi, vi, tau2) - (k - 1.0); };
  Tau2Estimate e;
  const double f0 = f(0.0);
  if (f0 <= 0.0) {
    e.tau2 = 0.0;
  } else {
    double hi = 100.0;  // metafor's tau2.max
    double f_hi = f(hi);
    while (f_hi > 0.0) {
      hi *= 10.0;
      if (!std::isfinite(hi) || hi > 1e300) throw std::runtime_error("tau2_paule_mandel: no root found");
      f_hi = f(hi);
    }
    std::uintmax_t max_iter = 1000;
    const auto bracket = boost::math::tools::toms748_solve(f, 0.0, hi, f0, f_hi,
                                                           boost::math::tools::eps_tolerance<double>(52), max_iter);
    e.tau2 = 0.5 * (bracket.first + bracket.second);
    e.iterations = static_cast<int>(max_iter);
  }
  double sum_w = 0.0;
  for (double v : vi) sum_w += 1.0 / (v + e.tau2);
  e.se = std::sqrt(2.0 * k * k / (k - 1.0)) / sum_w;
  return e;
}

}  // namespace ps

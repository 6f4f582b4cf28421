#include "host/fit/ordinal_longitudinal_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "host/fit/newton.hpp"

// The gradient of one patient's term (models/ordinal_longitudinal.hpp)
//   A = log s - log(2 pi)/2 + log sum_k w~_k exp(-h(z_k)),  z_k = u^ + s x_k,
// h(u) = -sum_t l_t(eta_t + sigma u) + u^2/2, l_t = log q_t, D = h''(u^),
// s = sqrt(2/D), w~_k = w_k exp(x_k^2), for any parameter theta:
//   dA/dtheta = s_theta/s + sum_k p_k [-h_theta(z_k) - h_u(z_k) (u_theta + x_k s_theta)],
// p_k the normalised node terms, and by the implicit function theorem on
// h_u(u^) = 0 and D = h_uu(u^):
//   u_theta = -h_utheta / D,  D_theta = h_uutheta + h_uuu u_theta,  s_theta = -(s/2) D_theta / D.
// One node (x = 0) is the Laplace approximation -h(u^) - log(D)/2, which the
// same formula covers. Parameters enter h through the shift s_t = eta_t +
// sigma u (beta: d s_t = x_t; log sigma: d s_t = sigma u) and through the
// bounds (a_t, b_t) of the observed category (each cutpoint bounds two).

namespace ps {

namespace {

constexpr double kHalfLogTwoPi = 0.91893853320467274178;

// f''(x) / f(x): (1 - 2F)^2 - 2f = tanh^2(x/2) - 2 F (1 - F) (logistic),
// x^2 - 1 (normal). Bounded by polynomials, so products with f/q stay finite.
double link_pdf_curvature(OrdinalLink link, double x) {
  if (link == OrdinalLink::probit) return x * x - 1.0;
  const double t = std::tanh(0.5 * x);
  return t * t - 2.0 * std::exp(link_log_pdf(link, x));
}

// l = log q, q = F(B) - F(A) the probability of the observed category, as a
// function of its bounds A = a - s and B = b - s: partial derivatives up to
// third order, from r_A = f(A)/q and r_B = f(B)/q (formed in log space, so
// no tail overflows; an infinite bound has r = 0), g = f'/f and k = f''/f:
//   l_A = -r_A, l_B = r_B, l_AA = -r_A (g_A + r_A), l_AB = r_A r_B,
//   l_BB = r_B (g_B - r_B), l_AAA = -r_A (k_A + 3 r_A g_A + 2 r_A^2),
//   l_AAB = r_A r_B (g_A + 2 r_A), l_ABB = r_A r_B (g_B - 2 r_B),
//   l_BBB = r_B (k_B - 3 r_B g_B + 2 r_B^2)
// (d r_A/dA = r_A (g_A + r_A), d r_A/dB = -r_A r_B, d r_B/dA = r_A r_B,
// d r_B/dB = r_B (g_B - r_B), dg/dx = k - g^2). The shift moves both bounds:
// d/ds = -(d/dA + d/dB), hence s1 = l' = r_A - r_B, s2 = l'' (CellTerms'
// d1, d2) and s3 = l''' = q'''/q - 3 l' q''/q + 2 l'^3 with q' = f(A) - f(B),
// q'' = f'(B) - f'(A), q''' = f''(A) - f''(B); the tests check the whole
// gradient against central differences of the model's log-likelihood.
struct CellDerivatives {
  double log_q = 0.0;
  double a = 0.0, b = 0.0;
  double aa = 0.0, ab = 0.0, bb = 0.0;
  double aaa = 0.0, aab = 0.0, abb = 0.0, bbb = 0.0;

  double s1() const { return -(a + b); }
  double s2() const { return aa + 2.0 * ab + bb; }
  double s3() const { return -(aaa + 3.0 * aab + 3.0 * abb + bbb); }
  double sa() const { return -(aa + ab); }  // d^2 l / ds dA
  double sb() const { return -(ab + bb); }
  double ssa() const { return aaa + 2.0 * aab + abb; }  // d^3 l / ds^2 dA
  double ssb() const { return aab + 2.0 * abb + bbb; }
};

CellDerivatives cell_derivatives(OrdinalLink link, double lower, double upper, double shift, bool third_order) {
  CellDerivatives d;
  const double A = lower - shift, B = upper - shift;
  d.log_q = log_interval_probability(link, A, B);
  if (!(d.log_q > -HUGE_VAL)) return d;  // an impossible cell: -inf, no derivatives
  const bool has_a = A != -HUGE_VAL, has_b = B != HUGE_VAL;
  const double ra = has_a ? std::exp(link_log_pdf(link, A) - d.log_q) : 0.0;
  const double rb = has_b ? std::exp(link_log_pdf(link, B) - d.log_q) : 0.0;
  d.a = -ra;
  d.b = rb;
  if (!third_order) return d;
  const double ga = has_a ? link_pdf_slope(link, A) : 0.0, gb = has_b ? link_pdf_slope(link, B) : 0.0;
  const double ka = has_a ? link_pdf_curvature(link, A) : 0.0, kb = has_b ? link_pdf_curvature(link, B) : 0.0;
  d.aa = -ra * (ga + ra);
  d.ab = ra * rb;
  d.bb = rb * (gb - rb);
  d.aaa = -ra * (ka + 3.0 * ra * ga + 2.0 * ra * ra);
  d.aab = ra * rb * (ga + 2.0 * ra);
  d.abb = ra * rb * (gb - 2.0 * rb);
  d.bbb = rb * (kb - 3.0 * rb * gb + 2.0 * rb * rb);
  return d;
}

// Scratch space of one gradient evaluation, sized once (dim is small).
struct PatientWork {
  Eigen::VectorXd eta, h_u_theta, h_uu_theta, h_theta, node_term;
  Eigen::MatrixXd node_gradient;  // [dim, n_nodes]
  PatientWork(int dim, int n_nodes)
      : h_u_theta(dim), h_uu_theta(dim), h_theta(dim), node_term(n_nodes), node_gradient(dim, n_nodes) {}
};

// Adds patient i's log marginal likelihood term A to the return value and its
// gradient to g. c: the cutpoints, phi[0 .. n_coefficients): beta.
double add_patient(const OrdinalLongitudinalView& m, const double* phi, const double* c, double sigma, int i,
                   PatientWork& w, Eigen::VectorXd& g) {
  const int begin = m.first_observation[i], end = m.first_observation[i + 1];
  const int p = m.n_coefficients, K = m.n_categories, r = m.dim - 1;  // phi's layout, not theta's
  double u = 0.0;
  const QuadratureTerms at = patient_mode(m, phi, c, sigma, begin, end, &u);
  if (!(at.h < HUGE_VAL) || !(at.d2h > 0.0)) return -HUGE_VAL;
  const double D = at.d2h, s = std::sqrt(2.0 / D);
  w.eta.resize(end - begin);
  for (int t = begin; t < end; ++t) w.eta[t - begin] = linear_predictor(m.predictors, phi, t);

  // At the mode: h_utheta, h_uutheta and h_uuu.
  w.h_u_theta.setZero();
  w.h_uu_theta.setZero();
  double h_uuu = 0.0;
  const double sigma2 = sigma * sigma;
  for (int t = begin; t < end; ++t) {
    const int y = m.category[t];
    const CellDerivatives d =
        cell_derivatives(m.link, category_lower(c, y), category_upper(c, K, y), w.eta[t - begin] + sigma * u, true);
    const double l2 = d.s2(), l3 = d.s3();
    add_linear_predictor_gradient(m.predictors, t, -sigma * l2, w.h_u_theta.data());
    add_linear_predictor_gradient(m.predictors, t, -sigma2 * l3, w.h_uu_theta.data());
    // h_u = u - sigma sum l', h_uu = 1 - sigma^2 sum l'', d sigma / d log sigma = sigma.
    w.h_u_theta[r] += -sigma * d.s1() - sigma2 * u * l2;
    w.h_uu_theta[r] += -2.0 * sigma2 * l2 - sigma2 * sigma * u * l3;
    if (y > 0) {
      w.h_u_theta[p + y - 1] += -sigma * d.sa();
      w.h_uu_theta[p + y - 1] += -sigma2 * d.ssa();
    }
    if (y < K - 1) {
      w.h_u_theta[p + y] += -sigma * d.sb();
      w.h_uu_theta[p + y] += -sigma2 * d.ssb();
    }
    h_uuu += -sigma2 * sigma * l3;
  }
  const Eigen::VectorXd u_theta = -w.h_u_theta / D;
  const Eigen::VectorXd s_theta = (-0.5 * s / D) * (w.h_uu_theta + h_uuu * u_theta);

  // The nodes: h, h_u and h_theta at z_k = u^ + s x_k.
  for (int k = 0; k < m.n_nodes; ++k) {
    const double x = m.node[k], z = u + s * x;
    double h = 0.5 * z * z, h_u = z;
    w.h_theta.setZero();
    for (int t = begin; t < end; ++t) {
      const int y = m.category[t];
      const CellDerivatives d =
          cell_derivatives(m.link, category_lower(c, y), category_upper(c, K, y), w.eta[t - begin] + sigma * z, false);
      const double l1 = d.s1();
      h -= d.log_q;
      h_u -= sigma * l1;
      add_linear_predictor_gradient(m.predictors, t, -l1, w.h_theta.data());
      w.h_theta[r] -= l1 * sigma * z;
      if (y > 0) w.h_theta[p + y - 1] -= d.a;
      if (y < K - 1) w.h_theta[p + y] -= d.b;
    }
    w.node_term[k] = m.log_weight[k] - (h - at.h);
    w.node_gradient.col(k) = -w.h_theta - h_u * (u_theta + x * s_theta);
  }
  const double largest = w.node_term.maxCoeff();
  if (!(largest > -HUGE_VAL)) return -HUGE_VAL;
  const Eigen::VectorXd weight = (w.node_term.array() - largest).exp();
  const double sum = weight.sum();
  g += s_theta / s + w.node_gradient * (weight / sum);
  return -at.h + std::log(s) - kHalfLogTwoPi + largest + std::log(sum);
}

}  // namespace

OrdinalGradient ordinal_longitudinal_gradient(const OrdinalLongitudinalView& m, const Eigen::VectorXd& phi) {
  OrdinalGradient g;
  g.gradient = Eigen::VectorXd::Zero(phi.size());
  // phi = [beta, cutpoints, log sigma] whatever the model's theta order:
  // only beta (the first n_coefficients) is read through the model's
  // linear_predictor(), the cutpoints and sigma are passed explicitly.
  const double* c = phi.data() + m.n_coefficients;
  for (int k = 1; k + 1 < m.n_categories; ++k) {
    if (!(c[k] > c[k - 1])) {
      g.loglik = -HUGE_VAL;
      return g;
    }
  }
  const double sigma = std::exp(phi[m.dim - 1]);
  PatientWork work(m.dim, m.n_nodes);
  for (int i = 0; i < m.n_patients && g.loglik > -HUGE_VAL; ++i)
    g.loglik += add_patient(m, phi.data(), c, sigma, i, work, g.gradient);
  if (!(g.loglik > -HUGE_VAL) || !g.gradient.allFinite()) {
    g.loglik = -HUGE_VAL;
    g.gradient.setZero();
  }
  return g;
}

Eigen::MatrixXd ordinal_longitudinal_hessian(const OrdinalLongitudinalView& m, const Eigen::VectorXd& phi) {
  return gradient_difference_hessian(
      [&m](const Eigen::VectorXd& x) { return ordinal_longitudinal_gradient(m, x).gradient; }, phi);
}

namespace {

// All observations as one single-day data set (the random intercept ignored).
OrdinalView pooled_rows(const OrdinalLongitudinalView& m) {
  OrdinalView v;
  v.n = m.predictors.n;
  v.n_numeric = m.predictors.n_numeric;
  v.n_factors = m.predictors.n_factors;
  v.n_categories = m.n_categories;
  v.n_coefficients = m.n_coefficients;
  v.dim = m.n_coefficients + m.n_categories - 1;
  v.link = m.link;
  v.treatment = m.predictors.treatment;
  v.numeric = m.predictors.numeric;
  v.factor_param = m.predictors.factor_param;
  v.category = m.category;
  return v;
}

// The start: the pooled single-day fit estimates population-averaged effects,
// which a random intercept of SD sigma shrinks by about sqrt(1 + c^2 sigma^2)
// relative to the patient-level ones (c^2 = 1 probit; 0.346 logit, Zeger,
// Liang & Albert 1988), so start at sigma = 1 with beta and the cutpoints
// scaled up by that factor: fewer and safer Newton steps than sigma = 1 with
// the pooled values, whose cutpoints are then too narrow.
Eigen::VectorXd starting_point(const OrdinalLongitudinalView& m, std::vector<std::string>& warnings) {
  const int p = m.n_coefficients, cuts = m.n_categories - 1;
  Eigen::VectorXd start = Eigen::VectorXd::Zero(m.dim);
  const OrdinalFit pooled = fit_ordinal_mle(pooled_rows(m));
  if (pooled.coef.size() == p && pooled.cutpoints.size() == cuts && pooled.coef.allFinite() &&
      pooled.cutpoints.allFinite()) {
    const double scale = std::sqrt(1.0 + (m.link == OrdinalLink::logit ? 0.346 : 1.0));
    start.head(p) = scale * pooled.coef;
    start.segment(p, cuts) = scale * pooled.cutpoints;
  } else {
    warnings.push_back("the pooled single-day fit failed; Newton starts from beta = 0");
    for (int k = 0; k < cuts; ++k) start[p + k] = k - 0.5 * (cuts - 1);
  }
  return start;  // log sigma = 0
}

// Newton from `start` until the gradient itself is at rounding level:
// newton_maximize stops on the Newton decrement, so a second round from where
// the first stopped (rarely needed) takes the last quadratic step.
struct Maximum {
  NewtonResult at;
  double max_abs_gradient = HUGE_VAL;
  bool converged = false;
};

Maximum maximize(const Objective& objective, const Eigen::VectorXd& start, const NewtonOptions& options,
                 int& iterations) {
  Maximum best;
  best.at.argmax = start;
  double tolerance = 1e-8;
  for (int round = 0; round < 3 && !(best.max_abs_gradient <= tolerance) && iterations < options.max_iterations;
       ++round) {
    best.at = newton_maximize(objective, best.at.argmax, options.max_iterations - iterations, options.tolerance);
    iterations += best.at.iterations;
    if (!std::isfinite(best.at.at_argmax.value)) break;
    best.max_abs_gradient = best.at.at_argmax.gradient.cwiseAbs().maxCoeff();
    tolerance = 1e-8 * std::max(1.0, std::abs(best.at.at_argmax.value) / 1000.0);
  }
  if (best.at.at_argmax.gradient.size() == 0) best.at.at_argmax = objective(start);  // no iteration left
  // With a large |log-likelihood| the last steps change the value by less
  // than its rounding, and newton_maximize, which accepts steps by value,
  // stops with the gradient above tolerance. Plain Newton steps accepted by
  // the gradient finish the job (the objective is locally concave here).
  for (int polish = 0; polish < 5 && std::isfinite(best.at.at_argmax.value) && !(best.max_abs_gradient <= tolerance);
       ++polish) {
    const ObjectiveValue& at = best.at.at_argmax;
    const Eigen::VectorXd step = (-at.hessian).ldlt().solve(at.gradient);
    if (!step.allFinite()) break;
    const Eigen::VectorXd next = best.at.argmax + step;
    ObjectiveValue v = objective(next);
    if (!std::isfinite(v.value) || v.value < at.value - 1e-10 * std::abs(at.value)) break;
    const double g = v.gradient.cwiseAbs().maxCoeff();
    if (!(g < best.max_abs_gradient)) break;
    best.at.argmax = next;
    best.at.at_argmax = std::move(v);
    best.max_abs_gradient = g;
    ++iterations;
  }
  best.converged = best.at.converged && best.max_abs_gradient <= tolerance;
  return best;
}

// Below this the SD is reported as on the boundary (the linear predictor's
// scale is that of the latent logistic / normal variable, SD 1.8 / 1).
constexpr double kBoundarySd = 1e-2;

}  // namespace

OrdinalLongitudinalFit fit_ordinal_longitudinal_mle(const OrdinalLongitudinalView& view, const NewtonOptions& options,
                                                    const Eigen::VectorXd& start) {
  OrdinalLongitudinalFit fit;
  const ObservedCategories collapsed =
      collapse_empty_categories(view.category, view.predictors.n, view.n_categories, fit.warnings);
  fit.observed = collapsed.observed;
  const int k_obs = static_cast<int>(fit.observed.size());
  if (k_obs < 2) return fit;
  OrdinalLongitudinalView m = view;
  m.category = collapsed.category.data();
  m.n_categories = k_obs;
  m.dim = m.n_coefficients + k_obs;  // k_obs - 1 cutpoints and log sigma
  const int p = m.n_coefficients, cuts = k_obs - 1, log_sd = m.dim - 1;
  if (start.size() != 0 && start.size() != m.dim)
    throw std::invalid_argument(
        fmt::format("fit_ordinal_longitudinal_mle: start has {} parameters, the model with "
                    "{} observed categories {}",
                    start.size(), k_obs, m.dim));

  const auto objective = [&m](const Eigen::VectorXd& phi) {
    ObjectiveValue v;
    OrdinalGradient g = ordinal_longitudinal_gradient(m, phi);
    v.value = g.loglik;
    v.gradient = std::move(g.gradient);
    v.hessian = std::isfinite(v.value) ? ordinal_longitudinal_hessian(m, phi) : Eigen::MatrixXd::Zero(m.dim, m.dim);
    return v;
  };
  Maximum best = maximize(objective, start.size() ? start : starting_point(m, fit.warnings), options, fit.iterations);
  // Near sigma = 0 the gradient in log sigma vanishes (the log-likelihood is
  // even in sigma) whether or not sigma = 0 is the maximum: a Newton path
  // that wandered there (e.g. from a poor start) stops with a tiny gradient
  // at a point that need not be the maximum. Start again at sigma = 1 and
  // keep the better of the two.
  if (std::isfinite(best.at.at_argmax.value) && std::exp(best.at.argmax[log_sd]) < kBoundarySd) {
    Eigen::VectorXd again = best.at.argmax;
    again[log_sd] = 0.0;
    Maximum other = maximize(objective, again, options, fit.iterations);
    if (other.at.at_argmax.value > best.at.at_argmax.value) best = std::move(other);
  }
  const NewtonResult& r = best.at;
  fit.converged = best.converged;
  fit.max_abs_gradient = best.max_abs_gradient;
  fit.loglik = r.at_argmax.value;
  fit.coef = r.argmax.head(p);
  fit.cutpoints = r.argmax.segment(p, cuts);
  fit.log_sd = r.argmax[log_sd];
  fit.sd = std::exp(fit.log_sd);

  fit.covariance = covariance_from_hessian(r.at_argmax.hessian, fit.warnings);
  const Eigen::VectorXd se = fit.covariance.diagonal().cwiseSqrt();
  fit.coef_se = se.head(p);
  fit.cutpoint_se = se.segment(p, cuts);
  fit.log_sd_se = se[log_sd];
  fit.sd_se = fit.sd * fit.log_sd_se;
  if (!fit.converged)
    fit.warnings.push_back(
        fmt::format("Newton-Raphson did not converge (largest |gradient| {:.3g})", fit.max_abs_gradient));
  // sigma = 0 is the boundary: the log-likelihood is even in sigma there, so
  // log sigma drifts towards -inf with a vanishing gradient and the SE of
  // log sigma (and any Wald interval for it) means nothing.
  if (fit.sd < kBoundarySd)
    fit.warnings.push_back(fmt::format(
        "the random-intercept SD is estimated at (nearly) zero ({:.3g}): the MLE is on the boundary, so its "
        "standard error is meaningless; the single-day model of the pooled observations fits as well",
        fit.sd));
  return fit;
}

Cutpoints uncentred_cutpoints(const OrdinalLongitudinalFit& fit, const std::vector<double>& numeric_center) {
  // The shift involves beta and the cutpoints only: the single-day helper on
  // their block of the covariance.
  OrdinalFit block;
  block.coef = fit.coef;
  block.cutpoints = fit.cutpoints;
  const int n = static_cast<int>(fit.coef.size() + fit.cutpoints.size());
  block.covariance = fit.covariance.topLeftCorner(n, n);
  return uncentred_cutpoints(block, numeric_center);
}

}  // namespace ps

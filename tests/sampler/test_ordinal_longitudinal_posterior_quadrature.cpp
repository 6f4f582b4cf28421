// The shared Metropolis sampler (models/metropolis.hpp) on the longitudinal
// random-intercept proportional-odds posterior (models/
// ordinal_longitudinal_posterior.hpp) against that posterior integrated
// numerically. 24 patients (alternating arms) scored on 3 days in 3
// categories, simulated from the model with a fixed seed; treatment the only
// coefficient, so theta = [beta, log sd, u1, u2] is 4-dimensional. Priors:
// beta ~ N(0, 1), the default half-t(3, 0, 2.5) on sd, Dirichlet(1.5) cutpoints.
// The quadrature integrates the very log_density the sampler calls.
//
// What is compared: the posterior mean, SD and median of beta, P(beta < 0),
// and the mean, SD and median of sd. Tolerance: 4 Monte-Carlo standard errors
// of each estimate, each from the ESS of the function of the draws the
// estimate averages (x, (x - mean)^2, the indicator below the exact quantile):
// mean sqrt(var / ESS); SD sqrt((m4 - var^2) / ESS) / (2 sd), m4 the exact
// fourth central moment; quantile q sqrt(p (1 - p) / ESS) / f(q), f the exact
// marginal density; probability sqrt(p (1 - p) / ESS). A correct sampler
// fails a check with probability ~6e-5 (and the seeds are fixed); a sampler
// targeting density^0.9 misses beta's SD by twice the tolerance, and a
// quadrature without the 1/sd Jacobian misses sd's mean by 20 standard errors.
//
// The grid. Three scores per patient identify sd weakly and sd = 0 is a valid
// model, so the density of log sd falls only like exp(log sd) to the left,
// far too slowly for a box around the Laplace mode. In sd itself the density
// p(sd) = p(log sd) / sd is smooth and even (the marginal likelihood depends
// on sd^2, the prior is folded), so the midpoint rule on sd = (j + 1/2) h is
// the trapezoid rule of a smooth even function on the whole line: spectrally
// accurate, and it never evaluates sd = 0. On each sd slice the conditional
// posterior of (beta, u1, u2) is close to normal; its own Laplace
// approximation (mode m, covariance L L^T, by the analytic gradient of
// host/fit) standardises it, (beta, u1, u2) = m + L z, and the trapezoid rule
// with step 1 in z over |z0| <= 7, z1^2 + z2^2 <= 49 -- again spectrally
// accurate for a smooth, quickly decaying integrand -- integrates it. Beta's
// CDF between the z0 nodes comes from interpolating each slice's log marginal
// (near quadratic). Halving every step and widening the box (sd to 10) changes
// beta's results by < 1e-6 and sd's by < 3e-4 (the half-t tail beyond sd = 8),
// at most 3% of a tolerance; the test asserts that the grid's boundary carries
// under 1e-5 of the mass.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/design/ordinal_longitudinal_design.hpp"
#include "host/fit/longitudinal_posterior_gradient.hpp"
#include "host/fit/numeric_laplace.hpp"
#include "host/fit/ordinal_start.hpp"
#include "host/summary/summary.hpp"
#include "models/ordinal_longitudinal_posterior.hpp"
#include "models/philox.hpp"
#include "models/metropolis.hpp"

namespace ps {
namespace {

constexpr int kPatients = 24;
constexpr int kDays = 3;
constexpr int kCategories = 3;

// Scores from the model itself (beta -0.8, sd 1.5, cutpoints -0.5, 1.0), with
// a fixed Philox stream: the same data on every platform.
OrdinalLongitudinalDesign simulated_design() {
  Philox4x32 rng(2024, 7);
  const double beta = -0.8, sd = 1.5, c[kCategories - 1] = {-0.5, 1.0};
  OrdinalInput in;
  in.levels = {0, 1, 2};
  std::vector<int> first{0};
  for (int i = 0; i < kPatients; ++i) {
    const int arm = i % 2;
    const double b = sd * rng.normal();
    for (int t = 0; t < kDays; ++t) {
      const double u = rng.uniform();
      int y = 0;
      while (y + 1 < kCategories && u > 1.0 / (1.0 + std::exp(-(c[y] - beta * arm - b)))) ++y;
      in.category.push_back(y);
      in.treatment.push_back(arm);
    }
    first.push_back(static_cast<int>(in.category.size()));
  }
  return build_ordinal_longitudinal_design(in, first, OrdinalLink::logit, 3);
}

// A smooth positive function known at x0 + h i, between the nodes by 6-point
// Lagrange interpolation of its log, integrated by Simpson's rule 32 times
// finer than the nodes.
struct GriddedDensity {
  double x0 = 0.0, h = 1.0;
  std::vector<double> log_f;

  double lo() const { return x0; }
  double hi() const { return x0 + h * (log_f.size() - 1); }
  double at(double x) const {
    const int n = static_cast<int>(log_f.size());
    const int j = std::clamp(static_cast<int>(std::floor((x - x0) / h)) - 2, 0, n - 6);
    double r = 0.0;
    for (int p = 0; p < 6; ++p) {
      double l = 1.0;
      for (int q = 0; q < 6; ++q)
        if (q != p) l *= (x - x0 - h * (j + q)) / (h * (p - q));
      r += l * log_f[j + p];
    }
    return std::exp(r);
  }
  double integral(double a, double b) const {
    a = std::clamp(a, lo(), hi());
    b = std::clamp(b, lo(), hi());
    if (!(b > a)) return 0.0;
    const int steps = 2 * static_cast<int>(std::ceil(16.0 * (b - a) / h));
    const double dx = (b - a) / steps;
    double s = at(a) + at(b);
    for (int k = 1; k < steps; ++k) s += (k % 2 ? 4.0 : 2.0) * at(a + k * dx);
    return s * dx / 3.0;
  }
};

// One sd slice: its mass and beta's conditional marginal in z0 (beta = mean +
// scale z0).
struct Slice {
  double sd = 0.0;
  double mass = 0.0;
  double beta_mean = 0.0, beta_scale = 1.0;
  GriddedDensity z0;
  double z0_total = 0.0;  // z0.integral over its range

  double cdf(double beta) const { return z0.integral(z0.lo(), (beta - beta_mean) / beta_scale) / z0_total; }
  double pdf(double beta) const {
    const double z = (beta - beta_mean) / beta_scale;
    return z < z0.lo() || z > z0.hi() ? 0.0 : z0.at(z) / z0_total / beta_scale;
  }
};

struct Exact {
  double mean = 0.0, sd = 0.0, m4 = 0.0, median = 0.0, f_median = 0.0, p_below_zero = 0.0;
  double sd_mean = 0.0, sd_sd = 0.0, sd_m4 = 0.0, sd_median = 0.0, f_sd_median = 0.0;
  double edge = 0.0;  // the fraction of the mass on the grid's boundary
};

// Root of an increasing function on [a, b] by bisection.
double increasing_root(const std::function<double(double)>& f, double a, double b) {
  for (int k = 0; k < 60; ++k) {
    const double m = 0.5 * (a + b);
    (f(m) < 0.0 ? a : b) = m;
  }
  return 0.5 * (a + b);
}

// The grid's extent and steps (sd on the natural scale, z in the slices'
// standard deviations).
struct Grid {
  double sd_step = 0.25;
  double sd_max = 8.0;
  double z_step = 1.0;
  int z_nodes = 7;  // per side: |z0| <= z_nodes z_step, z1^2 + z2^2 <= (z_nodes z_step)^2
};

Exact integrate_posterior(const OrdinalLongitudinalPosterior& posterior, const LaplaceBase& joint,
                          const Grid& grid = {}) {
  const double reference = posterior.log_density(joint.mode.data());
  Eigen::Vector3d start(joint.mode[0], joint.mode[2], joint.mode[3]);
  std::vector<Slice> slices;
  double edge = 0.0;
  for (double sd = 0.5 * grid.sd_step; sd < grid.sd_max; sd += grid.sd_step) {
    const double log_sd = std::log(sd);
    const auto at = [log_sd](const Eigen::Vector3d& x) {
      Eigen::VectorXd theta(4);
      theta << x[0], log_sd, x[1], x[2];
      return theta;
    };
    const LaplaceBase conditional = gradient_laplace_base(
        [&](const Eigen::VectorXd& x) {
          const DensityGradient g = longitudinal_posterior_gradient(posterior, at(x));
          return DensityGradient{g.value, Eigen::Vector3d(g.gradient[0], g.gradient[2], g.gradient[3])};
        },
        start);
    start = conditional.mode;
    const Eigen::LLT<Eigen::Matrix3d> llt(Eigen::Matrix3d(conditional.precision.inverse()));
    if (llt.info() != Eigen::Success) throw std::runtime_error("no conditional Laplace approximation at sd " + std::to_string(sd));
    const Eigen::Matrix3d L = llt.matrixL();
    // log p(sd) = log p(log sd) - log sd, and the Jacobian det L of z -> x.
    const double offset = -log_sd + std::log(L.determinant()) - reference;
    Slice s;
    s.sd = sd;
    s.beta_mean = conditional.mode[0];
    s.beta_scale = L(0, 0) * grid.z_step;  // the z0 nodes are numbered -n .. n
    const int n = grid.z_nodes;
    s.z0.x0 = -n;
    for (int i = -n; i <= n; ++i) {
      double row = 0.0;
      for (int j = -n; j <= n; ++j)
        for (int k = -n; k <= n; ++k) {
          if (j * j + k * k > n * n) continue;
          const Eigen::Vector3d z = grid.z_step * Eigen::Vector3d(i, j, k);
          const double w = std::exp(posterior.log_density(at(conditional.mode + L * z).data()) + offset);
          row += w;
          if (std::abs(i) == n || j * j + k * k > (n - 1) * (n - 1)) edge += w;
        }
      s.z0.log_f.push_back(std::log(row));
      s.mass += row;
    }
    s.z0_total = s.z0.integral(s.z0.lo(), s.z0.hi());
    slices.push_back(std::move(s));
  }
  Exact x;
  double mass = 0.0;
  for (const Slice& s : slices) mass += s.mass;
  // The outermost layer of every slice, and the last slice, stand for what
  // lies beyond them.
  x.edge = (edge + slices.back().mass) / mass;
  auto moments = [&](const std::function<double(const Slice&, double)>& value, double* mean, double* var,
                     double* m4) {
    double m1 = 0.0;
    for (const Slice& s : slices)
      for (size_t i = 0; i < s.z0.log_f.size(); ++i) m1 += std::exp(s.z0.log_f[i]) * value(s, s.z0.x0 + i);
    *mean = m1 / mass;
    double c2 = 0.0, c4 = 0.0;
    for (const Slice& s : slices)
      for (size_t i = 0; i < s.z0.log_f.size(); ++i) {
        const double d = value(s, s.z0.x0 + i) - *mean;
        c2 += std::exp(s.z0.log_f[i]) * d * d;
        c4 += std::exp(s.z0.log_f[i]) * d * d * d * d;
      }
    *var = c2 / mass;
    *m4 = c4 / mass;
  };
  double var = 0.0;
  moments([](const Slice& s, double z0) { return s.beta_mean + s.beta_scale * z0; }, &x.mean, &var, &x.m4);
  x.sd = std::sqrt(var);
  moments([](const Slice& s, double) { return s.sd; }, &x.sd_mean, &var, &x.sd_m4);
  x.sd_sd = std::sqrt(var);

  auto beta_cdf = [&](double b) {
    double p = 0.0;
    for (const Slice& s : slices) p += s.mass * s.cdf(b);
    return p / mass;
  };
  x.median = increasing_root([&](double b) { return beta_cdf(b) - 0.5; }, x.mean - 8 * x.sd, x.mean + 8 * x.sd);
  for (const Slice& s : slices) x.f_median += s.mass * s.pdf(x.median) / mass;
  x.p_below_zero = beta_cdf(0.0);

  // sd's marginal: the slice masses at the midpoints, extended evenly to
  // negative sd so that the interpolation is smooth through 0.
  GriddedDensity sd_density;
  sd_density.h = grid.sd_step;
  sd_density.x0 = -slices.back().sd;
  for (size_t j = slices.size(); j-- > 0;) sd_density.log_f.push_back(std::log(slices[j].mass));
  for (const Slice& s : slices) sd_density.log_f.push_back(std::log(s.mass));
  const double sd_total = sd_density.integral(0.0, sd_density.hi());
  x.sd_median = increasing_root([&](double t) { return sd_density.integral(0.0, t) / sd_total - 0.5; }, 0.0,
                                sd_density.hi());
  x.f_sd_median = sd_density.at(x.sd_median) / sd_total;
  return x;
}

// Classic multi-chain ESS of f(draw).
double ess_of(const std::vector<double>& draws, int chains, int n, const std::function<double(double)>& f) {
  std::vector<double> y(draws.size());
  std::transform(draws.begin(), draws.end(), y.begin(), f);
  return summary_detail::ess_basic(y.data(), chains, n);
}

double sample_mean(const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += v;
  return s / x.size();
}

double sample_sd(const std::vector<double>& x) {
  const double m = sample_mean(x);
  double s = 0.0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / (x.size() - 1));
}

double sample_median(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  return quantile_sorted(x, 0.5);
}

TEST(OrdinalLongitudinalPosteriorQuadrature, SamplerMatchesExactMarginalsOfTreatmentEffectAndSd) {
  const OrdinalLongitudinalDesign design = simulated_design();
  const OrdinalLongitudinalView view = design.view();
  ASSERT_EQ(view.dim, 4);
  const OrdinalLongitudinalPosterior posterior{view, ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                                               ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.5};

  // The Laplace approximation of the whole posterior: the sampler's start and
  // proposal shape, and the quadrature's reference level.
  Eigen::VectorXd start = Eigen::VectorXd::Zero(4);
  const std::vector<double> u = ordinal_cutpoint_start(design.rows.category, kCategories, view.reference_category);
  start[2] = u[0];
  start[3] = u[1];
  const LaplaceBase joint = gradient_laplace_base(
      [&](const Eigen::VectorXd& theta) { return longitudinal_posterior_gradient(posterior, theta); }, start);
  const Exact exact = integrate_posterior(posterior, joint);
  ASSERT_LT(exact.edge, 1e-5) << "the quadrature grid does not hold the posterior";

  const Eigen::MatrixXd lower = Eigen::MatrixXd(joint.precision.inverse()).llt().matrixL();
  std::vector<double> chol(16);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) chol[r * 4 + c] = lower(r, c);
  ChainPlan plan;
  plan.warmup = 2000;
  plan.draws = 25000;
  plan.target_accept = default_target_accept(4);
  const int chains = 4;
  std::vector<double> beta(static_cast<size_t>(chains) * plan.draws), sd(beta.size());
  std::vector<double> draws(static_cast<size_t>(plan.draws) * 4);
  for (int c = 0; c < chains; ++c) {
    Philox4x32 rng(31, c);
    ChainStats stats;
    run_chain(posterior, plan, joint.mode.data(), chol.data(), rng, draws.data(), stats);
    for (int s = 0; s < plan.draws; ++s) {
      beta[static_cast<size_t>(c) * plan.draws + s] = draws[s * 4];
      sd[static_cast<size_t>(c) * plan.draws + s] = std::exp(draws[s * 4 + 1]);
    }
  }
  const ChainDraws beta_chains{beta.data(), chains, plan.draws};
  const ChainDraws sd_chains{sd.data(), chains, plan.draws};
  EXPECT_LT(split_rhat(beta_chains), 1.01);
  EXPECT_LT(split_rhat(sd_chains), 1.01);
  EXPECT_GT(ess_bulk(beta_chains), 2000);
  EXPECT_GT(ess_bulk(sd_chains), 1000);

  const double z = 4.0;  // Monte-Carlo standard errors allowed
  auto ess = [&](const std::vector<double>& x, const std::function<double(double)>& f) {
    return ess_of(x, chains, plan.draws, f);
  };
  // beta
  const double var = exact.sd * exact.sd;
  EXPECT_NEAR(sample_mean(beta), exact.mean, z * std::sqrt(var / ess(beta, [](double v) { return v; })));
  const double ess_sq = ess(beta, [&](double v) { return (v - exact.mean) * (v - exact.mean); });
  EXPECT_NEAR(sample_sd(beta), exact.sd, z * std::sqrt((exact.m4 - var * var) / ess_sq) / (2 * exact.sd));
  const double ess_med = ess(beta, [&](double v) { return v <= exact.median ? 1.0 : 0.0; });
  EXPECT_NEAR(sample_median(beta), exact.median, z * std::sqrt(0.25 / ess_med) / exact.f_median);
  double below = 0.0;
  for (double v : beta) below += v < 0.0;
  below /= beta.size();
  const double p = exact.p_below_zero;
  EXPECT_NEAR(below, p, z * std::sqrt(p * (1 - p) / ess(beta, [](double v) { return v < 0.0 ? 1.0 : 0.0; })));
  // sd
  const double sd_var = exact.sd_sd * exact.sd_sd;
  EXPECT_NEAR(sample_mean(sd), exact.sd_mean, z * std::sqrt(sd_var / ess(sd, [](double v) { return v; })));
  const double ess_sd_sq = ess(sd, [&](double v) { return (v - exact.sd_mean) * (v - exact.sd_mean); });
  EXPECT_NEAR(sample_sd(sd), exact.sd_sd,
              z * std::sqrt((exact.sd_m4 - sd_var * sd_var) / ess_sd_sq) / (2 * exact.sd_sd));
  const double ess_sd_med = ess(sd, [&](double v) { return v <= exact.sd_median ? 1.0 : 0.0; });
  EXPECT_NEAR(sample_median(sd), exact.sd_median, z * std::sqrt(0.25 / ess_sd_med) / exact.f_sd_median);
}

}  // namespace
}  // namespace ps

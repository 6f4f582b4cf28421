// Tests of the exact distribution of a contrast of two independent Beta
// variables (host/exact/beta_contrast.cpp). Each test names its reference,
// none of which shares code with the implementation:
//  - Evan Miller's finite sum for P(p_t < p_c) with integer parameters
//    ("Formulas for Bayesian A/B testing"), in long-double log space;
//  - closed forms for two uniform arms (triangular ARD, RR, and the
//    difference of two standard logistics for log OR);
//  - Monte Carlo with std::gamma_distribution (Beta = G1 / (G1 + G2));
//  - long-double tanh-sinh quadrature of the defining integral, split at
//    quantiles of both arms and at the kinks (a different rule, precision
//    and parameterisation from the implementation's);
//  - the published CORIMUNO-ANA-1 analysis (Lancet Respir Med 2021);
//  - the definition of the quantile (bracketing by the CDF), and the mean as
//    an integral of the CDF (Boost's Gauss-Kronrod, independent of the
//    trapezoidal rule inside), for the moments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>

#include "host/exact/beta_contrast.hpp"

namespace ps {
namespace {

constexpr BetaContrastKind kAllKinds[] = {BetaContrastKind::difference, BetaContrastKind::ratio,
                                          BetaContrastKind::odds_ratio};

const char* name(BetaContrastKind kind) {
  switch (kind) {
    case BetaContrastKind::difference:
      return "difference";
    case BetaContrastKind::ratio:
      return "ratio";
    default:
      return "odds_ratio";
  }
}

// The value of the contrast at which p_t = p_c.
double null_value(BetaContrastKind kind) {
  return kind == BetaContrastKind::difference ? 0.0 : 1.0;
}

// Evan Miller's closed form for integer parameters:
//   P(p_c > p_t) = sum_{i=0}^{a_c-1} B(a_t+i, b_t+b_c) / ((b_c+i) B(1+i, b_c) B(a_t, b_t)),
// every term positive, each computed as exp of a long-double log.
double miller_p_treatment_below_control(int at, int bt, int ac, int bc) {
  auto lbeta = [](long double x, long double y) {
    return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y);
  };
  long double sum = 0.0L;
  for (int i = 0; i < ac; ++i)
    sum += std::exp(lbeta(at + i, bt + bc) - std::log(static_cast<long double>(bc + i)) -
                    lbeta(1 + i, bc) - lbeta(at, bt));
  return static_cast<double>(sum);
}

TEST(BetaContrast, MatchesMillerClosedFormForIntegerParameters) {
  struct Case {
    int at, bt, ac, bc;
  };
  const Case cases[] = {
      {22, 39, 22, 35},  // CORIMUNO-ANA-1: anakinra 21/59, usual care 21/55, Beta(1, 1) priors
      {1, 1, 1, 1},   {5, 3, 2, 8},    {2, 8, 5, 3},    {10, 20, 15, 12},
      {1, 5, 3, 1},   {40, 2, 3, 50},  {3, 50, 40, 2},  {60, 90, 45, 100},
  };
  for (const Case& c : cases) {
    const BetaParameters treatment{double(c.at), double(c.bt)}, control{double(c.ac), double(c.bc)};
    const double expected = miller_p_treatment_below_control(c.at, c.bt, c.ac, c.bc);
    for (BetaContrastKind kind : kAllKinds) {
      EXPECT_NEAR(beta_contrast_cdf(kind, treatment, control, null_value(kind)), expected, 1e-12)
          << name(kind) << " Beta(" << c.at << "," << c.bt << ") vs Beta(" << c.ac << "," << c.bc
          << ")";
    }
  }
}

TEST(BetaContrast, UniformArmsMatchClosedForms) {
  const BetaParameters uniform{1.0, 1.0};
  // ARD of two uniforms: triangular density on (-1, 1).
  auto triangular_cdf = [](double t) {
    return t <= 0.0 ? 0.5 * (1.0 + t) * (1.0 + t) : 1.0 - 0.5 * (1.0 - t) * (1.0 - t);
  };
  auto triangular_quantile = [](double p) {
    return p <= 0.5 ? -1.0 + std::sqrt(2.0 * p) : 1.0 - std::sqrt(2.0 * (1.0 - p));
  };
  for (double t : {-0.999, -0.9, -0.5, -0.1, 0.0, 0.05, 0.3, 0.7, 0.99, 0.9999})
    EXPECT_NEAR(beta_contrast_cdf(BetaContrastKind::difference, uniform, uniform, t),
                triangular_cdf(t), 1e-12)
        << "t = " << t;
  for (double p : {1e-4, 0.001, 0.05, 0.2, 0.5, 0.6, 0.9, 0.999, 0.9999})
    EXPECT_NEAR(beta_contrast_quantile(BetaContrastKind::difference, uniform, uniform, p),
                triangular_quantile(p), 1e-10)
        << "p = " << p;
  // Outside the support.
  EXPECT_EQ(beta_contrast_cdf(BetaContrastKind::difference, uniform, uniform, -1.5), 0.0);
  EXPECT_EQ(beta_contrast_cdf(BetaContrastKind::difference, uniform, uniform, 1.0), 1.0);
  EXPECT_EQ(beta_contrast_cdf(BetaContrastKind::ratio, uniform, uniform, -2.0), 0.0);

  // RR of two uniforms: P(X/Y < t) = t/2 (t <= 1), 1 - 1/(2t) (t > 1).
  for (double t : {0.001, 0.2, 0.8, 1.0, 1.5, 10.0, 1000.0})
    EXPECT_NEAR(beta_contrast_cdf(BetaContrastKind::ratio, uniform, uniform, t),
                t <= 1.0 ? 0.5 * t : 1.0 - 0.5 / t, 1e-12)
        << "t = " << t;
  // log OR of two uniforms is the difference of two standard logistics:
  // P(L1 - L2 < d) = int_0^inf k u / ((1 + k u)(1 + u)^2) du = k (k - 1 - d) / (k - 1)^2, k = e^d.
  for (double d : {-6.0, -2.0, -0.3, 0.4, 1.0, 5.0}) {
    const double k = std::exp(d);
    EXPECT_NEAR(beta_contrast_cdf(BetaContrastKind::odds_ratio, uniform, uniform, k),
                k * (k - 1.0 - d) / ((k - 1.0) * (k - 1.0)), 1e-12)
        << "log OR = " << d;
  }
}

struct Draws {
  std::vector<double> treatment, control;
};

Draws beta_draws(BetaParameters treatment, BetaParameters control, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto draw = [&rng](std::gamma_distribution<double>& g1, std::gamma_distribution<double>& g2) {
    const double x = g1(rng), y = g2(rng);
    return x / (x + y);
  };
  std::gamma_distribution<double> ta(treatment.a), tb(treatment.b), ca(control.a), cb(control.b);
  Draws d;
  d.treatment.resize(n);
  d.control.resize(n);
  for (int i = 0; i < n; ++i) {
    d.treatment[i] = draw(ta, tb);
    d.control[i] = draw(ca, cb);
  }
  return d;
}

double contrast(BetaContrastKind kind, double pt, double pc) {
  switch (kind) {
    case BetaContrastKind::difference:
      return pt - pc;
    case BetaContrastKind::ratio:
      return pt / pc;
    default:
      return (pt / (1.0 - pt)) / (pc / (1.0 - pc));
  }
}

TEST(BetaContrast, CdfAgreesWithMonteCarlo) {
  constexpr int kDraws = 2'000'000;
  struct Case {
    BetaParameters treatment, control;
  };
  const Case cases[] = {
      {{2.5, 7.3}, {3.7, 5.1}},
      {{0.6, 0.8}, {0.45, 1.7}},  // U- and J-shaped
      {{150.5, 320.2}, {170.3, 300.9}},
  };
  std::uint64_t seed = 20210501;
  for (const Case& c : cases) {
    const Draws d = beta_draws(c.treatment, c.control, kDraws, seed++);
    for (BetaContrastKind kind : kAllKinds) {
      // Evaluation points across the distribution (found with the function
      // under test, which is fine: the CDF at any t is what is checked).
      for (double p : {0.02, 0.2, 0.5, 0.75, 0.97}) {
        const double t = beta_contrast_quantile(kind, c.treatment, c.control, p);
        long below = 0;
        for (int i = 0; i < kDraws; ++i) below += contrast(kind, d.treatment[i], d.control[i]) < t;
        const double empirical = double(below) / kDraws;
        const double cdf = beta_contrast_cdf(kind, c.treatment, c.control, t);
        const double se = std::sqrt(cdf * (1.0 - cdf) / kDraws);
        EXPECT_NEAR(empirical, cdf, 5.0 * se)
            << name(kind) << " T(" << c.treatment.a << "," << c.treatment.b << ") C("
            << c.control.a << "," << c.control.b << ") t = " << t;
      }
    }
  }
}

// Reference P(contrast < t) in long double: tanh-sinh on the defining
// integral over p_c, split at quantiles of p_c, at the p_c where p_t sits at
// its own quantiles, and at the kinks where h reaches 0 or 1. Pieces below
// the control median are integrated from their left end, pieces above it in
// 1 - p_c from their right end, so that both endpoints keep full precision.
long double reference_cdf(BetaContrastKind kind, BetaParameters treatment, BetaParameters control,
                          long double t) {
  using LD = long double;
  const LD at = treatment.a, bt = treatment.b, ac = control.a, bc = control.b;
  auto integrand = [&](LD y, LD yc) -> LD {  // yc = 1 - y
    LD h, hc;
    if (kind == BetaContrastKind::difference) {
      h = y + t;
      hc = yc - t;
    } else if (kind == BetaContrastKind::ratio) {
      h = t * y;
      hc = t <= 1 ? yc + (1 - t) * y : 1 - t * y;
    } else {
      h = t * y / (yc + t * y);
      hc = yc / (yc + t * y);
    }
    if (h <= 0) return 0;
    const LD f_t = hc <= 0 ? 1
                 : h < 0.5 ? boost::math::ibeta(at, bt, h)
                           : boost::math::ibetac(bt, at, hc);
    LD density = 0;
    try {
      density = y < 0.5 ? boost::math::ibeta_derivative(ac, bc, y)
                        : boost::math::ibeta_derivative(bc, ac, yc);
    } catch (const std::exception&) {  // Boost overflows internally at y ~ 1e-4900
      if (std::min(y, yc) > 1e-300L) throw;
    }
    return density * f_t;
  };
  const LD median = boost::math::ibeta_inv(ac, bc, LD(0.5));
  const LD median_c = boost::math::ibeta_inv(bc, ac, LD(0.5));
  std::vector<LD> left{0, median}, right{0, median_c};  // y in [0, median]; 1 - y in [0, median_c]
  auto add = [&](LD y, LD yc) {
    if (y > 0 && y < median) left.push_back(y);
    if (yc > 0 && yc < median_c) right.push_back(yc);
  };
  for (double q : {1e-16, 1e-13, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 0.01, 0.05, 0.15, 0.3}) {
    add(boost::math::ibeta_inv(ac, bc, LD(q)), 2);
    add(2, boost::math::ibeta_inv(bc, ac, LD(q)));
  }
  for (double q : {1e-12, 1e-9, 1e-6, 1e-3, 0.05, 0.5, 0.95, 0.999, 1 - 1e-6, 1 - 1e-9}) {
    const LD x = boost::math::ibeta_inv(at, bt, LD(q)), xc = boost::math::ibeta_inv(bt, at, LD(1 - q));
    if (kind == BetaContrastKind::difference) add(x - t, xc + t);
    else if (kind == BetaContrastKind::ratio) add(x / t, 1 - x / t);
    else add(x / (x + t * xc), t * xc / (x + t * xc));
  }
  if (kind == BetaContrastKind::difference) {
    add(-t, 1 + t);
    add(1 - t, t);
  }
  if (kind == BetaContrastKind::ratio && t > 1) add(1 / t, 1 - 1 / t);
  std::sort(left.begin(), left.end());
  std::sort(right.begin(), right.end());
  boost::math::quadrature::tanh_sinh<LD> tanh_sinh(15);
  LD sum = 0;
  for (std::size_t i = 0; i + 1 < left.size(); ++i) {
    const LD from = left[i];
    if (left[i + 1] > from)
      sum += tanh_sinh.integrate([&](LD v) { return integrand(from + v, 1 - from - v); }, LD(0),
                                 left[i + 1] - from, 1e-17L);
  }
  for (std::size_t i = 0; i + 1 < right.size(); ++i) {
    const LD from = right[i];
    if (right[i + 1] > from)
      sum += tanh_sinh.integrate([&](LD v) { return integrand(1 - (from + v), from + v); }, LD(0),
                                 right[i + 1] - from, 1e-17L);
  }
  return sum;
}

TEST(BetaContrast, CdfMatchesLongDoubleQuadrature) {
  struct Case {
    BetaParameters treatment, control;
  };
  const Case cases[] = {
      {{3000.5, 7000.2}, {3100.0, 6900.7}},  // peaked
      {{10000.0, 10000.0}, {2.0, 3.0}},      // peaked vs wide
      {{0.3, 0.7}, {0.5, 0.4}},              // U- and J-shaped
      {{0.3, 10000.0}, {1.5, 0.3}},          // mass piled at 0 and at 1
      {{22.0, 39.0}, {22.0, 35.0}},
  };
  for (const Case& c : cases) {
    for (BetaContrastKind kind : kAllKinds) {
      for (double p : {0.001, 0.6}) {
        const double t = beta_contrast_quantile(kind, c.treatment, c.control, p);
        EXPECT_NEAR(beta_contrast_cdf(kind, c.treatment, c.control, t),
                    static_cast<double>(reference_cdf(kind, c.treatment, c.control, t)), 1e-11)
            << name(kind) << " T(" << c.treatment.a << "," << c.treatment.b << ") C("
            << c.control.a << "," << c.control.b << ") t = " << t;
      }
    }
  }
}

// Rounded to one decimal place of a percentage, as printed in the paper.
double percent_1dp(double x) { return std::round(x * 1000.0) / 10.0; }

TEST(BetaContrast, ReproducesCorimunoAna1RiskDifference) {
  // 21/59 events on anakinra, 21/55 on usual care, Beta(1, 1) priors.
  const BetaParameters anakinra{22.0, 39.0}, usual_care{22.0, 35.0};
  const auto ard = BetaContrastKind::difference;
  EXPECT_EQ(percent_1dp(beta_contrast_quantile(ard, anakinra, usual_care, 0.5)), -2.5);
  EXPECT_EQ(percent_1dp(beta_contrast_quantile(ard, anakinra, usual_care, 0.05)), -17.1);
  EXPECT_EQ(percent_1dp(beta_contrast_quantile(ard, anakinra, usual_care, 0.95)), 12.0);
  EXPECT_EQ(percent_1dp(beta_contrast_cdf(ard, anakinra, usual_care, 0.0)), 61.2);
  EXPECT_EQ(percent_1dp(beta_contrast_cdf(ard, anakinra, usual_care, -0.055)), 36.9);
}

TEST(BetaContrast, QuantileInvertsCdfAcrossTheRange) {
  struct Case {
    BetaParameters treatment, control;
  };
  const Case cases[] = {
      {{3000.5, 7000.2}, {3100.0, 6900.7}},  // peaked, thousands of patients per arm
      {{9000.0, 1200.0}, {8800.0, 1300.0}},
      {{9500.0, 9800.0}, {4.0, 6.0}},        // one peaked arm, one wide
      {{0.3, 0.5}, {0.6, 0.35}},             // U-shaped
      {{0.3, 0.3}, {0.3, 0.3}},
      {{22.0, 39.0}, {22.0, 35.0}},
  };
  const double probabilities[] = {1e-4, 1e-3, 0.01, 0.05, 0.25, 0.5,
                                  0.75, 0.95, 0.99, 0.999, 0.9999};
  for (const Case& c : cases) {
    for (BetaContrastKind kind : kAllKinds) {
      double previous = -std::numeric_limits<double>::infinity();
      for (double p : probabilities) {
        const double q = beta_contrast_quantile(kind, c.treatment, c.control, p);
        const std::string where = std::string(name(kind)) + " T(" + std::to_string(c.treatment.a) +
                                  "," + std::to_string(c.treatment.b) + ") C(" +
                                  std::to_string(c.control.a) + "," +
                                  std::to_string(c.control.b) + ") p = " + std::to_string(p);
        EXPECT_GT(q, previous) << where;
        previous = q;
        // Round trip, and the quantile is within 1e-10 of the root: the CDF
        // brackets p at q -/+ 1e-10 (up to its own 1e-13 accuracy).
        EXPECT_NEAR(beta_contrast_cdf(kind, c.treatment, c.control, q), p,
                    1e-11 + 1e-9 * std::min(p, 1.0 - p))
            << where;
        const double delta = 1e-10;
        EXPECT_LE(beta_contrast_cdf(kind, c.treatment, c.control, q - delta), p + 1e-13) << where;
        EXPECT_GE(beta_contrast_cdf(kind, c.treatment, c.control, q + delta), p - 1e-13) << where;
      }
    }
  }
}

// E[X] = int_0^inf (1 - F) dt - int_-inf^0 F dt, by adaptive Gauss-Kronrod on
// the CDF (t = s / (1 - s) for the ratio scales).
double mean_from_cdf(BetaContrastKind kind, BetaParameters treatment, BetaParameters control) {
  using boost::math::quadrature::gauss_kronrod;
  auto cdf = [&](double t) { return beta_contrast_cdf(kind, treatment, control, t); };
  if (kind == BetaContrastKind::difference) {
    return gauss_kronrod<double, 31>::integrate([&](double t) { return 1.0 - cdf(t); }, 0.0, 1.0,
                                                15, 1e-12) -
           gauss_kronrod<double, 31>::integrate(cdf, -1.0, 0.0, 15, 1e-12);
  }
  auto survival = [&](double s) {
    if (s >= 1.0) return 0.0;
    const double t = s / (1.0 - s);
    return (1.0 - cdf(t)) / ((1.0 - s) * (1.0 - s));
  };
  return gauss_kronrod<double, 31>::integrate(survival, 0.0, 1.0, 15, 1e-12);
}

TEST(BetaContrast, MomentsMatchMonteCarloAndTheIntegratedCdf) {
  const BetaParameters treatment{12.5, 30.2}, control{9.3, 21.7};  // all four moments exist
  constexpr int kDraws = 2'000'000;
  const Draws d = beta_draws(treatment, control, kDraws, 77);
  for (BetaContrastKind kind : kAllKinds) {
    const BetaContrastMoments m = beta_contrast_moments(kind, treatment, control);
    double sum = 0.0, sum2 = 0.0, sum4 = 0.0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = contrast(kind, d.treatment[i], d.control[i]) - m.mean;
      sum += x;
      sum2 += x * x;
      sum4 += x * x * x * x;
    }
    const double mc_mean = m.mean + sum / kDraws;
    const double mc_var = sum2 / kDraws - (sum / kDraws) * (sum / kDraws);
    const double se_mean = std::sqrt(mc_var / kDraws);
    // SE of the sample variance: sqrt((m4 - var^2) / n); of the sd, that over 2 sd.
    const double se_sd = std::sqrt((sum4 / kDraws - mc_var * mc_var) / kDraws) / (2.0 * m.sd);
    EXPECT_NEAR(m.mean, mc_mean, 5.0 * se_mean) << name(kind);
    EXPECT_NEAR(m.sd, std::sqrt(mc_var), 5.0 * se_sd) << name(kind);
    EXPECT_NEAR(m.mean, mean_from_cdf(kind, treatment, control), 1e-9) << name(kind);
  }
  // The paper's posteriors: the mean from the CDF again.
  for (BetaContrastKind kind : kAllKinds)
    EXPECT_NEAR(beta_contrast_moments(kind, {22, 39}, {22, 35}).mean,
                mean_from_cdf(kind, {22, 39}, {22, 35}), 1e-9)
        << name(kind);
}

TEST(BetaContrast, MomentsAreNaNWhereTheyDoNotExist) {
  const BetaParameters wide{0.8, 0.9};
  const BetaContrastMoments ard = beta_contrast_moments(BetaContrastKind::difference, wide, wide);
  EXPECT_NEAR(ard.mean, 0.0, 1e-15);  // ARD moments always exist
  EXPECT_TRUE(std::isfinite(ard.sd));
  // RR: E[1/p_c] needs a_c > 1, E[1/p_c^2] a_c > 2.
  EXPECT_TRUE(std::isnan(beta_contrast_moments(BetaContrastKind::ratio, {5, 5}, {1.0, 3}).mean));
  EXPECT_TRUE(std::isnan(beta_contrast_moments(BetaContrastKind::ratio, {5, 5}, {1.0, 3}).sd));
  const BetaContrastMoments rr = beta_contrast_moments(BetaContrastKind::ratio, {5, 5}, {1.5, 3});
  EXPECT_NEAR(rr.mean, 0.5 * (1.5 + 3 - 1) / (1.5 - 1), 1e-14);
  EXPECT_TRUE(std::isnan(rr.sd));
  // OR: also E[1/(1 - p_t)] needs b_t > 1, its square b_t > 2.
  EXPECT_TRUE(std::isnan(beta_contrast_moments(BetaContrastKind::odds_ratio, {5, 0.9}, {5, 5}).mean));
  const BetaContrastMoments oddsr =
      beta_contrast_moments(BetaContrastKind::odds_ratio, {5, 1.8}, {5, 5});
  EXPECT_NEAR(oddsr.mean, 5 / 0.8 * 5 / 4.0, 1e-13);
  EXPECT_TRUE(std::isnan(oddsr.sd));
  EXPECT_TRUE(std::isfinite(beta_contrast_moments(BetaContrastKind::odds_ratio, {5, 2.5}, {2.5, 5}).sd));
}

TEST(BetaContrast, BadInputsThrow) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const BetaParameters good{2.0, 3.0};
  const BetaParameters bad[] = {{0.0, 1.0}, {1.0, 0.0}, {-1.0, 2.0}, {nan, 1.0}, {1.0, inf}};
  for (BetaContrastKind kind : kAllKinds) {
    for (const BetaParameters& b : bad) {
      EXPECT_THROW(beta_contrast_cdf(kind, b, good, 0.5), std::invalid_argument);
      EXPECT_THROW(beta_contrast_cdf(kind, good, b, 0.5), std::invalid_argument);
      EXPECT_THROW(beta_contrast_quantile(kind, b, good, 0.5), std::invalid_argument);
      EXPECT_THROW(beta_contrast_quantile(kind, good, b, 0.5), std::invalid_argument);
      EXPECT_THROW(beta_contrast_moments(kind, b, good), std::invalid_argument);
      EXPECT_THROW(beta_contrast_moments(kind, good, b), std::invalid_argument);
    }
    for (double p : {0.0, 1.0, -0.1, 1.5, nan})
      EXPECT_THROW(beta_contrast_quantile(kind, good, good, p), std::invalid_argument);
    EXPECT_THROW(beta_contrast_cdf(kind, good, good, nan), std::invalid_argument);
  }
}

}  // namespace
}  // namespace ps

// Independent references for cox_log_partial_likelihood (models/cox.hpp) on
// designs built by build_cox_design (host/design).
//
// The reference below is written from the textbook definition (Therneau &
// Grambsch 2000, sec. 3.3), not from the single-pass layout of models/cox.hpp:
// for every stratum and every distinct event time t in it, the risk set is
// every patient of the stratum with time >= t (so a patient censored at t is
// at risk at t), d is the number of events at t, and
//   Breslow: sum_{events at t} eta_i - d * log(sum_{risk set} exp(eta))
//   Efron:   sum_{events at t} eta_i - sum_{k=0}^{d-1} log(S - (k/d) * D)
// with S the risk-set total and D the total over the d tied events. It is
// O(n^2), uses uncentred covariates in input order, and codes factor levels
// from CoxInput directly, so it shares nothing with the design's sorting,
// tie grouping, centring or factor_param tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "host/design/cox_design.hpp"
#include "models/cox.hpp"
#include "support/tied_cox_input.hpp"

namespace ps {
namespace {

using test_support::tied_cox_input;

// Linear predictor of input row i, from CoxInput (uncentred, level 0 = reference).
double reference_eta(const CoxInput& in, const std::vector<double>& theta, size_t i) {
  double eta = in.treatment[i] * theta[0];
  size_t k = 1;
  for (const auto& col : in.numeric) eta += col[i] * theta[k++];
  for (size_t f = 0; f < in.factor_codes.size(); ++f) {
    const int level = in.factor_codes[f][i];
    if (level > 0) eta += theta[k + level - 1];
    k += in.factor_levels[f].size() - 1;
  }
  return eta;
}

double reference_loglik(const CoxInput& in, const std::vector<double>& theta) {
  const size_t n = in.time.size();
  std::vector<double> eta(n);
  for (size_t i = 0; i < n; ++i) eta[i] = reference_eta(in, theta, i);
  double loglik = 0.0;
  for (int s = 0; s < in.n_strata; ++s) {
    std::set<double> event_times;
    for (size_t i = 0; i < n; ++i)
      if (in.stratum[i] == s && in.event[i] == 1) event_times.insert(in.time[i]);
    for (double t : event_times) {
      double S = 0.0, D = 0.0, eta_events = 0.0;
      int d = 0;
      for (size_t i = 0; i < n; ++i) {
        if (in.stratum[i] != s || in.time[i] < t) continue;
        S += std::exp(eta[i]);
        if (in.time[i] == t && in.event[i] == 1) {
          D += std::exp(eta[i]);
          eta_events += eta[i];
          ++d;
        }
      }
      loglik += eta_events;
      if (in.ties == Ties::breslow) {
        loglik -= d * std::log(S);
      } else {
        for (int k = 0; k < d; ++k) loglik -= std::log(S - (static_cast<double>(k) / d) * D);
      }
    }
  }
  return loglik;
}

double model_loglik(const CoxInput& in, const std::vector<double>& theta) {
  const CoxDesign design = build_cox_design(in);
  const CoxView view = design.view();
  EXPECT_EQ(view.dim, static_cast<int>(theta.size()));
  return cox_log_partial_likelihood(view, theta.data());
}

void expect_rel_near(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::fabs(expected))) << "expected " << expected;
}

// Treatment-only input; strata all 0.
CoxInput treatment_only(std::vector<double> time, std::vector<int> event, std::vector<int> treatment, Ties ties) {
  CoxInput in;
  in.time = std::move(time);
  in.event = std::move(event);
  in.treatment = std::move(treatment);
  in.stratum.assign(in.time.size(), 0);
  in.n_strata = 1;
  in.stratum_labels = {"all"};
  in.ties = ties;
  return in;
}

std::vector<double> random_theta(unsigned seed, int dim, double scale) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, scale);
  std::vector<double> theta(dim);
  for (auto& t : theta) t = normal(rng);
  return theta;
}

// Applies the permutation perm to every per-patient vector of in.
CoxInput permuted(const CoxInput& in, const std::vector<int>& perm) {
  CoxInput out = in;
  for (size_t i = 0; i < perm.size(); ++i) {
    const size_t r = perm[i];
    out.time[i] = in.time[r];
    out.event[i] = in.event[r];
    out.treatment[i] = in.treatment[r];
    out.stratum[i] = in.stratum[r];
    for (size_t j = 0; j < in.numeric.size(); ++j) out.numeric[j][i] = in.numeric[j][r];
    for (size_t f = 0; f < in.factor_codes.size(); ++f) out.factor_codes[f][i] = in.factor_codes[f][r];
  }
  return out;
}

constexpr double kRel = 1e-12;

// --- Worked by hand -------------------------------------------------------

// theta = log 2, so exp(eta) = 2 for treated and 1 for control patients.
//   patient  time  event  treatment  w = exp(eta)
//      1       1     1       1          2
//      2       2     1       0          1
//      3       3     0       1          2
//      4       4     1       0          1
// t=1: risk {1,2,3,4}, S = 2+1+2+1 = 6, term = log 2 - log 6 = -log 3
// t=2: risk {2,3,4},   S = 1+2+1 = 4,   term = 0 - log 4
// t=4: risk {4},       S = 1,           term = 0 - log 1 = 0
// log L = -log 3 - log 4 = -log 12 = -2.4849066497880004 (Breslow = Efron: no ties)
TEST(CoxLikelihood, HandWorkedNoTies) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    // input order deliberately not sorted
    const CoxInput in = treatment_only({3, 1, 4, 2}, {0, 1, 1, 1}, {1, 1, 0, 0}, ties);
    const std::vector<double> theta{std::log(2.0)};
    expect_rel_near(model_loglik(in, theta), -std::log(12.0), kRel);
    expect_rel_near(reference_loglik(in, theta), -std::log(12.0), kRel);
    EXPECT_NEAR(-std::log(12.0), -2.4849066497880004, 1e-15);
  }
}

// Tied events and a censoring at the tied event time; theta = log 2.
//   patient  time  event  treatment  w
//      A       2     1       1       2
//      B       2     1       0       1
//      C       2     0       1       2   censored at t=2: still at risk at t=2
//      D       5     1       0       1
//      E       7     0       1       2
// t=2: risk {A..E}, S = 2+1+2+1+2 = 8; tied events A, B: d = 2, D = 3,
//      sum eta = log 2 + 0
//      Breslow: log 2 - 2 log 8
//      Efron:   log 2 - log 8 - log(8 - (1/2)*3) = log 2 - log 8 - log 6.5
// t=5: risk {D, E}, S = 3, d = 1: -log 3
// Breslow: log 2 - 2 log 8 - log 3   = log(2 / 192) = -log 96 = -4.5643481914678361
// Efron:   log 2 - log 8 - log 6.5 - log 3 = log(2 / 156) = -log 78 = -4.3567088266895917
// (Leaving C out of the t=2 risk set would give -log 54 = -3.98898... for Breslow.)
TEST(CoxLikelihood, HandWorkedTiesWithCensoringAtTiedTime) {
  const std::vector<double> time{5, 2, 7, 2, 2};
  const std::vector<int> event{1, 1, 0, 0, 1};
  const std::vector<int> treatment{0, 0, 1, 1, 1};
  const std::vector<double> theta{std::log(2.0)};
  const CoxInput breslow = treatment_only(time, event, treatment, Ties::breslow);
  const CoxInput efron = treatment_only(time, event, treatment, Ties::efron);
  EXPECT_NEAR(-std::log(96.0), -4.5643481914678361, 1e-15);
  EXPECT_NEAR(-std::log(78.0), -4.3567088266895917, 1e-15);
  expect_rel_near(model_loglik(breslow, theta), -std::log(96.0), kRel);
  expect_rel_near(model_loglik(efron, theta), -std::log(78.0), kRel);
  expect_rel_near(reference_loglik(breslow, theta), -std::log(96.0), kRel);
  expect_rel_near(reference_loglik(efron, theta), -std::log(78.0), kRel);
}

// Two strata, each worked by hand, theta = log 2 (w = 2 treated, 1 control).
// Stratum 0: (time, event, trt) = (1,1,1), (2,1,0), (3,0,1) -> as the first
//   three patients of HandWorkedNoTies without patient 4:
//   t=1: S = 2+1+2 = 5: log 2 - log 5; t=2: S = 1+2 = 3: -log 3
//   total log(2/15)
// Stratum 1: (1,1,0), (1,1,1), (4,0,0): t=1 tied, d=2, S = 1+2+1 = 4, D = 3,
//   sum eta = log 2; Breslow log 2 - 2 log 4 = log(1/8);
//   Efron log 2 - log 4 - log(4 - 1.5) = log(2/10) = log(1/5)
// Breslow: log(2/15) + log(1/8) = -log 60; Efron: log(2/15) + log(1/5) = -log 37.5
// Pooling the strata would put stratum 1's patients in stratum 0's risk sets.
TEST(CoxLikelihood, HandWorkedTwoStrata) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    CoxInput in = treatment_only({1, 1, 2, 1, 3, 4}, {1, 1, 1, 1, 0, 0}, {1, 0, 0, 1, 1, 0}, ties);
    in.stratum = {0, 1, 0, 1, 0, 1};
    in.n_strata = 2;
    in.stratum_labels = {"S1", "S2"};
    const std::vector<double> theta{std::log(2.0)};
    const double expected = ties == Ties::breslow ? -std::log(60.0) : -std::log(37.5);
    expect_rel_near(model_loglik(in, theta), expected, kRel);
    expect_rel_near(reference_loglik(in, theta), expected, kRel);
  }
}

// A 3-level factor by hand, theta = (treatment 0, centre[b] = log 2, centre[c] = log 3):
//   w = 1 for level a, 2 for b, 3 for c.
//   patient time event level w
//     1      1    1     a    1
//     2      2    1     b    2
//     3      2    1     c    3
//     4      3    0     a    1
//     5      4    1     c    3
// t=1: S = 1+2+3+1+3 = 10, term = 0 - log 10
// t=2: S = 2+3+1+3 = 9, d = 2, D = 5, sum eta = log 6
//      Breslow: log 6 - 2 log 9;  Efron: log 6 - log 9 - log(9 - 2.5) = log 6 - log 9 - log 6.5
// t=4: S = 3, term = log 3 - log 3 = 0
// Breslow: log(6 / 810) = -log 135;  Efron: log(6 / 585) = -log 97.5
TEST(CoxLikelihood, HandWorkedThreeLevelFactor) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    CoxInput in = treatment_only({2, 4, 1, 3, 2}, {1, 1, 1, 0, 1}, {0, 1, 1, 0, 0}, ties);
    in.factor_names = {"centre"};
    in.factor_levels = {{"a", "b", "c"}};
    in.factor_codes = {{1, 2, 0, 0, 2}};
    const std::vector<double> theta{0.0, std::log(2.0), std::log(3.0)};
    const double expected = ties == Ties::breslow ? -std::log(135.0) : -std::log(97.5);
    expect_rel_near(model_loglik(in, theta), expected, kRel);
    expect_rel_near(reference_loglik(in, theta), expected, kRel);
  }
}

// --- Against the brute-force reference ------------------------------------

TEST(CoxLikelihood, BruteForceNoTies) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    CoxInput in = tied_cox_input(11, 40, 1, 1, ties);
    // distinct, non-integer times: no ties at all
    for (size_t i = 0; i < in.time.size(); ++i) in.time[i] = 0.5 + static_cast<double>((i * 17) % 40) + 0.25 * (i % 3);
    std::set<double> distinct(in.time.begin(), in.time.end());
    ASSERT_EQ(distinct.size(), in.time.size());
    for (unsigned s = 0; s < 5; ++s) {
      const auto theta = random_theta(100 + s, 5, 0.5);
      expect_rel_near(model_loglik(in, theta), reference_loglik(in, theta), kRel);
    }
    // without ties Breslow and Efron coincide
    CoxInput other = in;
    other.ties = ties == Ties::breslow ? Ties::efron : Ties::breslow;
    const auto theta = random_theta(7, 5, 0.5);
    expect_rel_near(model_loglik(in, theta), model_loglik(other, theta), kRel);
  }
}

TEST(CoxLikelihood, BruteForceTiesBreslowAndEfron) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    for (unsigned seed : {1u, 2u, 3u}) {
      const CoxInput in = tied_cox_input(seed, 50, 6, 1, ties);  // ~8 patients per time: many ties
      for (unsigned s = 0; s < 5; ++s) {
        const auto theta = random_theta(1000 * seed + s, 5, 0.5);
        expect_rel_near(model_loglik(in, theta), reference_loglik(in, theta), kRel);
      }
      const std::vector<double> zero(5, 0.0);
      expect_rel_near(model_loglik(in, zero), reference_loglik(in, zero), kRel);
    }
  }
}

TEST(CoxLikelihood, BruteForceTwoStrataAndFactor) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    for (unsigned seed : {21u, 22u}) {
      const CoxInput in = tied_cox_input(seed, 60, 8, 2, ties);
      for (unsigned s = 0; s < 5; ++s) {
        const auto theta = random_theta(77 * seed + s, 5, 0.7);
        expect_rel_near(model_loglik(in, theta), reference_loglik(in, theta), kRel);
      }
    }
  }
}

TEST(CoxLikelihood, StrataAreSumOfSeparateFits) {
  const CoxInput in = tied_cox_input(5, 60, 8, 3, Ties::efron);
  const auto theta = random_theta(9, 5, 0.5);
  double separate = 0.0;
  for (int s = 0; s < 3; ++s) {
    std::vector<int> rows;
    for (size_t i = 0; i < in.time.size(); ++i)
      if (in.stratum[i] == s) rows.push_back(static_cast<int>(i));
    CoxInput sub = permuted(in, rows);  // first rows.size() entries are the stratum
    const size_t m = rows.size();
    sub.time.resize(m);
    sub.event.resize(m);
    sub.treatment.resize(m);
    sub.stratum.assign(m, 0);
    for (auto& col : sub.numeric) col.resize(m);
    for (auto& col : sub.factor_codes) col.resize(m);
    sub.n_strata = 1;
    separate += model_loglik(sub, theta);
  }
  expect_rel_near(model_loglik(in, theta), separate, kRel);
}

TEST(CoxLikelihood, InputOrderDoesNotMatter) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    const CoxInput in = tied_cox_input(31, 60, 6, 2, ties);
    std::vector<int> perm(in.time.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::mt19937 rng(4);
    for (int rep = 0; rep < 5; ++rep) {
      std::shuffle(perm.begin(), perm.end(), rng);
      const CoxInput shuffled = permuted(in, perm);
      for (unsigned s = 0; s < 3; ++s) {
        const auto theta = random_theta(500 + s, 5, 0.5);
        expect_rel_near(model_loglik(shuffled, theta), model_loglik(in, theta), kRel);
      }
    }
  }
}

TEST(CoxLikelihood, AllCensoredStratumContributesZero) {
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    const CoxInput base = tied_cox_input(41, 30, 6, 1, ties);
    CoxInput with = base;
    // A second stratum with 10 censored patients, some at times equal to
    // event times of stratum 0 and some later than every time of stratum 0.
    with.n_strata = 2;
    with.stratum_labels = {"S1", "S2"};
    for (int i = 0; i < 10; ++i) {
      with.time.push_back(1 + i);
      with.event.push_back(0);
      with.treatment.push_back(i % 2);
      with.numeric[0].push_back(50.0 + i);
      with.numeric[1].push_back(-1.0 + 0.2 * i);
      with.factor_codes[0].push_back(i % 3);
      with.stratum.push_back(1);
    }
    for (unsigned s = 0; s < 3; ++s) {
      const auto theta = random_theta(600 + s, 5, 0.5);
      expect_rel_near(model_loglik(with, theta), model_loglik(base, theta), kRel);
      expect_rel_near(reference_loglik(with, theta), reference_loglik(base, theta), kRel);
    }
    // ... also when the censored stratum sorts first.
    CoxInput first = with;
    for (auto& s : first.stratum) s = 1 - s;
    const auto theta = random_theta(700, 5, 0.5);
    expect_rel_near(model_loglik(first, theta), model_loglik(base, theta), kRel);
  }
}

TEST(CoxLikelihood, AllEventsTiedAtOneTime) {
  // One tie group holding every patient: Efron's k/d ladder runs to d = n.
  for (Ties ties : {Ties::breslow, Ties::efron}) {
    CoxInput in = tied_cox_input(51, 12, 1, 1, ties);
    std::fill(in.event.begin(), in.event.end(), 1);
    const auto theta = random_theta(800, 5, 0.5);
    expect_rel_near(model_loglik(in, theta), reference_loglik(in, theta), kRel);
  }
}

}  // namespace
}  // namespace ps

// Test fixtures for the sampling backends: small Cox data sets built without
// host/design (so a backend test fails only for its backend's faults), and a
// SweepJob whose chains start at each prior's posterior mode with a Laplace
// proposal shape found here by a finite-difference Newton iteration.
//
// The SweepJob's model points into a CoxTestData: keep the data alive while
// the job is in use.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "host/backend/backend.hpp"
#include "models/cox_posterior.hpp"

namespace ps::fixtures {

// Per-patient rows in any order; CoxTestData sorts them into the risk-set
// layout that models/cox.hpp expects.
struct CoxRows {
  std::vector<double> time;
  std::vector<int> event;
  std::vector<int> treatment;
  std::vector<std::vector<double>> numeric;  // [covariate][patient]
  std::vector<std::vector<int>> factor;      // [factor][patient], level code, 0 = reference
  std::vector<int> factor_levels;            // [factor]
  std::vector<int> stratum;                  // [patient], 0-based; empty = one stratum
  Ties ties = Ties::efron;
};

// The arrays a CoxView points to, in the documented order: by stratum, time
// descending, events before censored within a tied time.
struct CoxTestData {
  int n = 0, n_numeric = 0, n_factors = 0, dim = 0, n_strata = 1;
  Ties ties = Ties::efron;
  std::vector<double> treatment, numeric;
  std::vector<int> factor_param, group_end, group_events, stratum_group_end;

  explicit CoxTestData(const CoxRows& rows) {
    n = static_cast<int>(rows.time.size());
    n_numeric = static_cast<int>(rows.numeric.size());
    n_factors = static_cast<int>(rows.factor.size());
    ties = rows.ties;
    auto stratum_of = [&](int i) { return rows.stratum.empty() ? 0 : rows.stratum[i]; };
    for (int i = 0; i < n; ++i) n_strata = std::max(n_strata, stratum_of(i) + 1);

    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (stratum_of(a) != stratum_of(b)) return stratum_of(a) < stratum_of(b);
      if (rows.time[a] != rows.time[b]) return rows.time[a] > rows.time[b];
      return rows.event[a] > rows.event[b];
    });

    std::vector<int> first_param(n_factors);
    dim = 1 + n_numeric;
    for (int f = 0; f < n_factors; ++f) {
      first_param[f] = dim;
      dim += rows.factor_levels[f] - 1;
    }
    treatment.resize(n);
    numeric.resize(static_cast<size_t>(n_numeric) * n);
    factor_param.resize(static_cast<size_t>(n_factors) * n);
    for (int i = 0; i < n; ++i) {
      const int r = order[i];
      treatment[i] = rows.treatment[r];
      for (int j = 0; j < n_numeric; ++j) numeric[static_cast<size_t>(j) * n + i] = rows.numeric[j][r];
      for (int f = 0; f < n_factors; ++f) {
        const int code = rows.factor[f][r];
        factor_param[static_cast<size_t>(f) * n + i] = code == 0 ? -1 : first_param[f] + code - 1;
      }
    }
    // Tie groups: maximal runs of one stratum and one time.
    int s = 0;
    for (int i = 0; i < n; ++i) {
      const int r = order[i];
      const bool new_group =
          i == 0 || stratum_of(order[i - 1]) != stratum_of(r) || rows.time[order[i - 1]] != rows.time[r];
      if (new_group) {
        while (s < stratum_of(r)) {  // close the strata before this one (possibly empty)
          stratum_group_end.push_back(static_cast<int>(group_end.size()));
          ++s;
        }
        group_end.push_back(i + 1);
        group_events.push_back(0);
      }
      group_end.back() = i + 1;
      group_events.back() += rows.event[r];
    }
    while (static_cast<int>(stratum_group_end.size()) < n_strata)
      stratum_group_end.push_back(static_cast<int>(group_end.size()));
  }

  CoxView view() const {
    CoxView v;
    v.n = n;
    v.n_numeric = n_numeric;
    v.n_factors = n_factors;
    v.dim = dim;
    v.treatment = treatment.data();
    v.numeric = numeric.data();
    v.factor_param = factor_param.data();
    v.n_groups = static_cast<int>(group_end.size());
    v.group_end = group_end.data();
    v.group_events = group_events.data();
    v.n_strata = n_strata;
    v.stratum_group_end = stratum_group_end.data();
    v.ties = ties;
    return v;
  }
};

// 20 patients, two strata, tied times (with events and censorings at the
// same time), one numeric covariate and a three-level factor: dim = 4.
inline CoxRows tiny_cox_rows(Ties ties = Ties::efron) {
  CoxRows r;
  r.time = {5, 8, 8, 8, 12, 3, 15, 15, 20, 7, 4, 9, 9, 11, 11, 11, 2, 6, 13, 18};
  r.event = {1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0};
  r.treatment = {0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1};
  r.numeric = {
      {0.3, -1.2, 0.8, 0.1, -0.5, 1.4, -0.9, 0.2, 0.6, -0.3, 1.1, -0.7, 0.4, -1.5, 0.9, 0.0, -0.2, 1.3, -0.8, 0.5}};
  r.factor = {{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1}};
  r.factor_levels = {3};
  r.stratum = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  r.ties = ties;
  return r;
}

// Deterministic generator (splitmix64) so data sets are identical on every
// platform, unlike the std distributions.
class TestRng {
 public:
  explicit TestRng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
  double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }
  int below(int k) { return static_cast<int>(next() % static_cast<uint64_t>(k)); }

 private:
  uint64_t state_;
};

// n patients from a proportional-hazards model (true log HR -0.4), two
// numeric covariates, a three-level factor, `strata` strata, ~30% censoring.
// Times are rounded to `time_step` so that ties occur (0 = no rounding).
inline CoxRows random_cox_rows(int n, uint64_t seed, int strata = 2, double time_step = 0.05) {
  TestRng rng(seed);
  CoxRows r;
  r.numeric.assign(2, std::vector<double>(n));
  r.factor.assign(1, std::vector<int>(n));
  r.factor_levels = {3};
  for (int i = 0; i < n; ++i) {
    const int trt = rng.below(2);
    const double x0 = rng.normal(), x1 = rng.uniform() - 0.5;
    const int level = rng.below(3);
    const int s = rng.below(strata);
    const double eta = -0.4 * trt + 0.3 * x0 - 0.5 * x1 + (level == 1 ? 0.2 : level == 2 ? -0.3 : 0.0);
    double t = -std::log(rng.uniform()) * std::exp(-eta) * (1.0 + 0.5 * s);
    const double c = -std::log(rng.uniform()) * 2.5;
    const int event = t <= c ? 1 : 0;
    t = std::min(t, c);
    if (time_step > 0) t = time_step * std::ceil(t / time_step);
    r.time.push_back(t);
    r.event.push_back(event);
    r.treatment.push_back(trt);
    r.numeric[0][i] = x0;
    r.numeric[1][i] = x1;
    r.factor[0][i] = level;
    r.stratum.push_back(s);
  }
  return r;
}

// Mode of the posterior and the Cholesky factor of minus its inverse Hessian,
// by Newton with central finite differences (fine for the few parameters of
// these fixtures; the real pipeline uses host/fit's exact derivatives).
struct ModeAndShape {
  std::vector<double> mode;
  std::vector<double> cholesky;  // row-major lower
};

inline ModeAndShape posterior_mode(const CoxPosterior& model) {
  const int d = model.dim();
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(d);
  auto f = [&](const Eigen::VectorXd& x) { return model.log_density(x.data()); };
  const double h = 1e-4;
  Eigen::VectorXd g(d);
  Eigen::MatrixXd H(d, d);
  auto derivatives = [&](const Eigen::VectorXd& x) {
    const double f0 = f(x);
    for (int i = 0; i < d; ++i) {
      Eigen::VectorXd a = x, b = x;
      a[i] += h;
      b[i] -= h;
      g[i] = (f(a) - f(b)) / (2 * h);
      H(i, i) = (f(a) - 2 * f0 + f(b)) / (h * h);
      for (int j = 0; j < i; ++j) {
        Eigen::VectorXd pp = x, pm = x, mp = x, mm = x;
        pp[i] += h, pp[j] += h, pm[i] += h, pm[j] -= h, mp[i] -= h, mp[j] += h, mm[i] -= h, mm[j] -= h;
        H(i, j) = H(j, i) = (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * h * h);
      }
    }
  };
  for (int it = 0; it < 100; ++it) {
    derivatives(theta);
    const Eigen::VectorXd step = (-H).ldlt().solve(g);
    double t = 1.0;
    while (t > 1e-8 && !(f(theta + t * step) >= f(theta))) t *= 0.5;
    theta += t * step;
    if (step.norm() * t < 1e-9) break;
  }
  derivatives(theta);
  const Eigen::MatrixXd covariance = (-H).inverse();
  const Eigen::MatrixXd L = covariance.llt().matrixL();
  ModeAndShape out;
  out.mode.assign(theta.data(), theta.data() + d);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < d; ++j) out.cholesky.push_back(j <= i ? L(i, j) : 0.0);
  return out;
}

// A job over `priors` with global ids first_global_id, first_global_id + 1, ...
// (or `global_ids` when given), nuisance prior normal(0, 10).
inline SweepJob make_sweep_job(const CoxTestData& data, const std::vector<ScalarPrior>& priors, int chains,
                               const ChainPlan& plan, uint64_t seed, uint64_t first_global_id = 0,
                               std::vector<uint64_t> global_ids = {}) {
  SweepJob job;
  job.model.likelihood = data.view();
  job.model.nuisance_prior = ScalarPrior{PriorFamily::normal, 0.0, 10.0, 1.0};
  job.priors = priors;
  if (global_ids.empty())
    for (size_t p = 0; p < priors.size(); ++p) global_ids.push_back(first_global_id + p);
  if (global_ids.size() != priors.size()) throw std::invalid_argument("make_sweep_job: one global id per prior");
  job.global_ids = global_ids;
  for (const ScalarPrior& prior : priors) {
    CoxPosterior posterior = job.model;
    posterior.effect_prior = prior;
    const ModeAndShape m = posterior_mode(posterior);
    job.modes.insert(job.modes.end(), m.mode.begin(), m.mode.end());
    job.cholesky.insert(job.cholesky.end(), m.cholesky.begin(), m.cholesky.end());
  }
  job.plan = plan;
  job.chains = chains;
  job.seed = seed;
  return job;
}

// Every chunk of a run concatenated in prior order (checks the order contract).
struct CollectedRun {
  std::vector<double> draws;  // SweepChunk layout over the whole job
  std::vector<ChainStats> stats;
  size_t chunks = 0;
};

inline CollectedRun collect_run(SweepBackend& backend, const SweepJob& job) {
  CollectedRun run;
  size_t next_first = 0;
  backend.run(job, [&](const SweepChunk& chunk) {
    if (chunk.first != next_first) throw std::logic_error("chunks out of prior order");
    next_first = chunk.first + chunk.count;
    run.draws.insert(run.draws.end(), chunk.draws.begin(), chunk.draws.end());
    run.stats.insert(run.stats.end(), chunk.stats.begin(), chunk.stats.end());
    ++run.chunks;
  });
  if (next_first != job.n_priors()) throw std::logic_error("not every prior was delivered");
  return run;
}

}  // namespace ps::fixtures

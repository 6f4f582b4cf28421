// Deterministic Cox data for the benchmarks: a trial-like table (exponential
// event times in whole days so that ties occur, ~30% censoring, three numeric
// covariates, a four-level site factor) built through the real pipeline
// (CoxInput -> build_cox_design -> laplace_base / laplace_for_prior), so the
// benchmarks time exactly what a run would.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/design/cox_design.hpp"
#include "host/design/cox_sampling_data.hpp"
#include "host/fit/cox_fit.hpp"

namespace ps::bench {

// splitmix64: identical numbers on every platform and standard library.
class BenchRng {
 public:
  explicit BenchRng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
  double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }
  double exponential(double rate) { return -std::log(uniform()) / rate; }

 private:
  uint64_t state_;
};

inline CoxInput bench_cox_input(int n, uint64_t seed = 20240601) {
  BenchRng rng(seed);
  CoxInput in;
  in.numeric_names = {"age", "biomarker", "score"};
  in.numeric.assign(3, std::vector<double>(n));
  in.factor_names = {"site"};
  in.factor_levels = {{"A", "B", "C", "D"}};
  in.factor_codes.assign(1, std::vector<int>(n));
  in.n_strata = 1;
  in.stratum_labels = {"all"};
  in.ties = Ties::efron;
  for (int i = 0; i < n; ++i) {
    const int treatment = static_cast<int>(rng.next() & 1u);
    const double age = 60.0 + 10.0 * rng.normal();
    const double biomarker = rng.uniform();
    const double score = std::floor(5.0 * rng.uniform());
    const int site = static_cast<int>(rng.next() % 4u);
    const double eta = -0.3 * treatment + 0.02 * (age - 60.0) + 0.5 * biomarker + 0.1 * score +
                       (site == 1   ? 0.2
                        : site == 2 ? -0.1
                        : site == 3 ? 0.3
                                    : 0.0);
    const double event_time = rng.exponential(std::exp(eta) / 365.0);
    const double censor_time = rng.exponential(1.0 / 800.0);
    in.time.push_back(std::ceil(std::min(event_time, censor_time)));  // whole days: ties
    in.event.push_back(event_time <= censor_time ? 1 : 0);
    in.treatment.push_back(treatment);
    in.numeric[0][i] = age;
    in.numeric[1][i] = biomarker;
    in.numeric[2][i] = score;
    in.factor_codes[0][i] = site;
    in.stratum.push_back(0);
  }
  return in;
}

// The design and the part of the Laplace approximation shared by all priors.
struct BenchCox {
  CoxDesign design;
  CoxSamplingData sampling;  // what the samplers evaluate
  ScalarPrior nuisance{PriorFamily::normal, 0.0, 10.0, 1.0};
  LaplaceBase base;

  CoxPosterior posterior(const ScalarPrior& effect) const { return CoxPosterior{sampling.view(), effect, nuisance}; }
  double event_fraction() const { return static_cast<double>(design.n_events) / design.n; }
};

// Built once per n and shared by every benchmark of the program.
inline const BenchCox& bench_cox(int n) {
  static std::map<int, std::unique_ptr<BenchCox>> cache;
  auto& slot = cache[n];
  if (!slot) {
    slot = std::make_unique<BenchCox>();
    slot->design = build_cox_design(bench_cox_input(n));
    slot->sampling = make_cox_sampling_data(slot->design.view());
    slot->base = laplace_base(slot->design.view(), slot->nuisance);
  }
  return *slot;
}

// A grid of `priors` normal priors on the log HR (sd from 0.05 to 5, log
// spaced), each run with `chains_per_prior` chains.
inline SweepJob bench_sweep_job(const BenchCox& data, int priors, int chains_per_prior, const ChainPlan& plan,
                                uint64_t seed = 1) {
  SweepJob job;
  job.set_cox(data.design.view(), data.nuisance);
  job.plan = plan;
  job.chains = chains_per_prior;
  job.seed = seed;
  for (int p = 0; p < priors; ++p) {
    const double f = priors > 1 ? static_cast<double>(p) / (priors - 1) : 0.0;
    const ScalarPrior prior{PriorFamily::normal, 0.0, 0.05 * std::pow(100.0, f), 1.0};
    const PriorLaplace laplace = laplace_for_prior(data.base, prior);
    job.priors.push_back(prior);
    job.global_ids.push_back(static_cast<uint64_t>(p));
    job.modes.insert(job.modes.end(), laplace.mode.begin(), laplace.mode.end());
    job.cholesky.insert(job.cholesky.end(), laplace.cholesky.begin(), laplace.cholesky.end());
  }
  return job;
}


}  // namespace ps::bench

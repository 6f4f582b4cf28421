// Test support for everything that samples: Cox data as a CoxInput (a trial
// simulated by host/sim and read back through the real CSV reader and
// validation, a tiny hand-made table, or a seeded random large-n table),
// turned into a design by host/design's build_cox_design, and SweepJobs whose
// starts and proposals come from host/fit's Laplace approximation, exactly as
// the pipeline builds them. One home, so that no test re-implements the risk
// sets or the mode finding.
//
// A SweepJob's CoxView points into a CoxDesign: keep the design alive (e.g. a
// test-fixture member or a local declared before the job) while the job runs.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/chunk_summaries.hpp"
#include "host/data/trial_input.hpp"
#include "host/fit/cox_fit.hpp"
#include "host/sim/simulate_trial.hpp"
#include "host/summary/summary.hpp"
#include "models/philox.hpp"

namespace ps::test_support {

inline CoxInput simulated_cox_input(const TrialSimulation& sim, bool adjust_age, bool adjust_centre,
                                    Ties ties = Ties::efron) {
  static int counter = 0;
  const auto path = std::filesystem::temp_directory_path() /
                    ("priorsweep_sim_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + ".csv");
  std::ofstream(path) << simulate_trial_csv(sim);
  CoxColumns cols;
  cols.time = "time";
  cols.event = "event";
  cols.treatment = "treatment";
  if (adjust_age) cols.covariates = {"age"};
  if (adjust_centre) cols.factors = {"centre"};
  cols.ties = ties;
  CoxInput input = extract_cox_input(read_csv(path.string()), cols, MissingPolicy::error).input;
  std::filesystem::remove(path);
  return input;
}

// 20 patients, two strata, tied times (with events and censorings at the
// same time), one numeric covariate and a three-level factor: dim = 4.
inline CoxInput tiny_cox_input(Ties ties = Ties::efron) {
  return CoxInput{
      .time = {5, 8, 8, 8, 12, 3, 15, 15, 20, 7, 4, 9, 9, 11, 11, 11, 2, 6, 13, 18},
      .event = {1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0},
      .treatment = {0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1},
      .numeric_names = {"x"},
      .numeric = {{0.3, -1.2, 0.8, 0.1, -0.5, 1.4, -0.9, 0.2, 0.6, -0.3, 1.1, -0.7, 0.4, -1.5, 0.9, 0.0, -0.2, 1.3, -0.8,
                   0.5}},
      .factor_names = {"site"},
      .factor_levels = {{"a", "b", "c"}},
      .factor_codes = {{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1}},
      .stratum = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
      .n_strata = 2,
      .stratum_labels = {"s0", "s1"},
      .ties = ties,
  };
}

// n patients from a proportional-hazards model (true log HR -0.4), two
// numeric covariates, a three-level factor, `strata` strata, ~30% censoring.
// Times are rounded up to `time_step` so that ties occur (0 = no rounding).
// Philox keeps the table identical on every platform, unlike std distributions.
inline CoxInput random_cox_input(int n, uint64_t seed, int strata = 2, double time_step = 0.05) {
  Philox4x32 rng(seed, 0);
  auto below = [&rng](int k) { return static_cast<int>(k * rng.uniform()); };
  std::vector<double> time(n), x0(n), x1(n);
  std::vector<int> event(n), treatment(n), level(n), stratum(n);
  for (int i = 0; i < n; ++i) {
    treatment[i] = below(2);
    x0[i] = rng.normal();
    x1[i] = rng.uniform() - 0.5;
    level[i] = below(3);
    stratum[i] = below(strata);
    const double eta =
        -0.4 * treatment[i] + 0.3 * x0[i] - 0.5 * x1[i] + (level[i] == 1 ? 0.2 : level[i] == 2 ? -0.3 : 0.0);
    const double t = -std::log(rng.uniform()) * std::exp(-eta) * (1.0 + 0.5 * stratum[i]);
    const double c = -std::log(rng.uniform()) * 2.5;
    event[i] = t <= c ? 1 : 0;
    time[i] = time_step > 0 ? time_step * std::ceil(std::min(t, c) / time_step) : std::min(t, c);
  }
  std::vector<std::string> stratum_labels;
  for (int s = 0; s < strata; ++s) stratum_labels.push_back("s" + std::to_string(s));
  return CoxInput{
      .time = std::move(time),
      .event = std::move(event),
      .treatment = std::move(treatment),
      .numeric_names = {"x0", "x1"},
      .numeric = {std::move(x0), std::move(x1)},
      .factor_names = {"level"},
      .factor_levels = {{"a", "b", "c"}},
      .factor_codes = {std::move(level)},
      .stratum = std::move(stratum),
      .n_strata = strata,
      .stratum_labels = std::move(stratum_labels),
      .ties = Ties::efron,
  };
}

// A job over the given priors (global ids first_global_id, first_global_id +
// 1, ...) with the Laplace proposal the pipeline uses. `view` must outlive it.
inline SweepJob laplace_job(const CoxView& view, const std::vector<ScalarPrior>& priors, int chains, int warmup,
                            int draws, uint64_t seed, size_t first_global_id = 0) {
  SweepJob job;
  const ScalarPrior nuisance{PriorFamily::normal, 0.0, 10.0, 0.0};
  job.set_cox(view, nuisance);
  job.chains = chains;
  job.seed = seed;
  job.plan.warmup = warmup;
  job.plan.draws = draws;
  job.plan.target_accept = default_target_accept(view.dim);
  const LaplaceBase base = laplace_base(view, nuisance);
  for (size_t p = 0; p < priors.size(); ++p) {
    const PriorLaplace l = laplace_for_prior(base, priors[p]);
    job.priors.push_back(priors[p]);
    job.global_ids.push_back(first_global_id + p);
    job.modes.insert(job.modes.end(), l.mode.begin(), l.mode.end());
    job.cholesky.insert(job.cholesky.end(), l.cholesky.begin(), l.cholesky.end());
  }
  return job;
}

// A summary request on the hazard-ratio scale: 90% and 95% intervals and
// P(HR < 1), P(HR < 0.85), P(HR < 0.8).
inline SummaryRequest hazard_ratio_request(bool keep_draws) {
  SummaryRequest r;
  r.probabilities = interval_bound_probabilities({0.90, 0.95});
  r.thresholds = {1.0, 0.85, 0.8};
  r.keep_draws = keep_draws;
  return r;
}

// All draws of one prior and one coefficient, chain-major.
inline std::vector<double> coefficient_draws(const SweepChunk& chunk, const SweepJob& job, size_t local_prior, int k) {
  std::vector<double> out(static_cast<size_t>(job.chains) * saved_draws(job.plan));
  gather_coefficient(chunk, local_prior, job, k, out.data());
  return out;
}

// Runs the job on a backend and returns the concatenated chunks as one,
// checking the backend's delivery contract on the way (every prior exactly
// once, in increasing prior order). `chunks`, when given, receives how many
// chunks were delivered.
inline SweepChunk run_all(SweepBackend& backend, const SweepJob& job, size_t* chunks = nullptr) {
  SweepChunk all;
  size_t delivered = 0;
  backend.run(job, [&](const SweepChunk& c) {
    if (c.first != all.count) throw std::logic_error("run_all: chunks out of prior order");
    all.count += c.count;
    all.summaries.insert(all.summaries.end(), c.summaries.begin(), c.summaries.end());
    all.draws.insert(all.draws.end(), c.draws.begin(), c.draws.end());
    all.stats.insert(all.stats.end(), c.stats.begin(), c.stats.end());
    ++delivered;
  });
  if (all.count != job.n_priors()) throw std::logic_error("run_all: not every prior was delivered");
  if (chunks != nullptr) *chunks = delivered;
  return all;
}

}  // namespace ps::test_support

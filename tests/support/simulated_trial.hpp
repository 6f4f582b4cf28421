// Test support: a simulated trial (host/sim) read back through the real CSV
// reader and validation into a CoxInput, and a SweepJob for it.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "host/backend/backend.hpp"
#include "host/data/cox_input.hpp"
#include "host/fit/cox_fit.hpp"
#include "host/sim/simulate_trial.hpp"

namespace ps::testing {

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

// A job over the given priors with the Laplace proposal the pipeline uses.
inline SweepJob laplace_job(const CoxView& view, const std::vector<ScalarPrior>& priors, int chains, int warmup,
                            int draws, uint64_t seed, size_t first_global_id = 0) {
  SweepJob job;
  job.model.likelihood = view;
  job.model.nuisance_prior = ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0};
  job.chains = chains;
  job.seed = seed;
  job.plan.warmup = warmup;
  job.plan.draws = draws;
  job.plan.target_accept = default_target_accept(view.dim);
  const LaplaceBase base = laplace_base(view, job.model.nuisance_prior);
  for (size_t p = 0; p < priors.size(); ++p) {
    const PriorLaplace l = laplace_for_prior(base, priors[p]);
    job.priors.push_back(priors[p]);
    job.global_ids.push_back(first_global_id + p);
    job.modes.insert(job.modes.end(), l.mode.begin(), l.mode.end());
    job.cholesky.insert(job.cholesky.end(), l.cholesky.begin(), l.cholesky.end());
  }
  return job;
}

// All draws of one prior and one coefficient, chain-major.
inline std::vector<double> coefficient_draws(const SweepChunk& chunk, const SweepJob& job, size_t local_prior, int k) {
  const int d = job.dim();
  const int n = job.plan.draws;
  std::vector<double> out(static_cast<size_t>(job.chains) * n);
  for (int c = 0; c < job.chains; ++c)
    for (int t = 0; t < n; ++t)
      out[static_cast<size_t>(c) * n + t] =
          chunk.draws[((local_prior * job.chains + c) * static_cast<size_t>(n) + t) * d + k];
  return out;
}

// Runs the job on a backend and returns the concatenated chunks as one.
inline SweepChunk run_all(SweepBackend& backend, const SweepJob& job) {
  SweepChunk all;
  backend.run(job, [&](const SweepChunk& c) {
    all.count += c.count;
    all.draws.insert(all.draws.end(), c.draws.begin(), c.draws.end());
    all.stats.insert(all.stats.end(), c.stats.begin(), c.stats.end());
  });
  return all;
}

}  // namespace ps::testing

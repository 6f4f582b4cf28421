// One prior's chains on the CPU backend, started at and shaped by the
// Laplace approximation of `base` for that prior (as a run does), and the
// summary of the treatment coefficient on the log scale: what the flat-prior
// tests compare with the MLE.
#pragma once

#include "host/backend/backend.hpp"
#include "host/fit/cox_fit.hpp"  // LaplaceBase, laplace_for_prior
#include "host/summary/summary.hpp"
#include "support/simulated_trial.hpp"

namespace ps::test_support {

inline TermSummary treatment_summary_of_one_prior(SweepModel model, const LaplaceBase& base, const ScalarPrior& prior,
                                                  int warmup, int draws, uint64_t seed, int chains = 4) {
  const PriorLaplace laplace = laplace_for_prior(base, prior);
  SweepJob job;
  job.model = std::move(model);
  job.chains = chains;
  job.seed = seed;
  job.plan.warmup = warmup;
  job.plan.draws = draws;
  job.plan.target_accept = default_target_accept(job.dim());
  job.priors = {prior};
  job.global_ids = {0};
  job.modes = laplace.mode;
  job.cholesky = laplace.cholesky;
  const SweepChunk all = run_all(*make_cpu_backend(2), job);
  const std::vector<double> x = coefficient_draws(all, job, 0, 0);
  const ChainDraws cd{x.data(), job.chains, saved_draws(job.plan)};
  return summarize_term(cd, [](double b) { return b; }, {0.9}, {0.0});
}

}  // namespace ps::test_support

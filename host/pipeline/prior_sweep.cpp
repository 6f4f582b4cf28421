#include "host/pipeline/prior_sweep.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "host/parallel_for.hpp"
#include "host/summary/decision.hpp"

namespace ps {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Summaries of every kept term of one prior from its chains' draws.
PriorResult summarize_prior(const SweepChunk& chunk, size_t local, const SweepJob& job,
                            const AnalysisConfig& config, const std::vector<double>& levels) {
  const int w = saved_width(job.plan, job.dim());
  const int chains = job.chains;
  const int n = saved_draws(job.plan);
  const size_t per_chain = static_cast<size_t>(saved_values_per_chain(job.plan, job.dim()));
  PriorResult r;
  std::vector<double> column(static_cast<size_t>(chains) * n);
  const auto exp_transform = [](double x) { return std::exp(x); };
  for (int k = 0; k < w; ++k) {
    for (int c = 0; c < chains; ++c) {
      const double* chain = &chunk.draws[(local * chains + c) * per_chain];
      for (int t = 0; t < n; ++t) column[static_cast<size_t>(c) * n + t] = chain[static_cast<size_t>(t) * w + k];
    }
    const ChainDraws draws{column.data(), chains, n};
    if (k != 0) {
      r.terms.push_back(summarize_term(draws, exp_transform, levels, config.thresholds));
      continue;
    }
    // The decision needs P(effect < no effect) and P(effect < moderate) whatever
    // thresholds are reported: they ride along as two extra thresholds.
    std::vector<double> thresholds = config.thresholds;
    thresholds.push_back(no_effect(config.effect_scale()));
    thresholds.push_back(config.decision.moderate);
    TermSummary s = summarize_term(draws, exp_transform, levels, thresholds);
    r.decision = decide(s.p_below[thresholds.size() - 2], s.p_below[thresholds.size() - 1], config.decision);
    s.p_below.resize(config.thresholds.size());
    r.terms.push_back(std::move(s));
  }
  for (int c = 0; c < chains; ++c) r.accept_rate += chunk.stats[local * chains + c].accept_rate / chains;
  return r;
}

}  // namespace

void run_prior_sweep(SweepJob job, const LaplaceBase& base, int summarized_terms, const AnalysisConfig& config,
                     const SamplingSettings& settings, SweepBackend& backend, Progress& progress,
                     AnalysisResult& result) {
  const auto t_prepare = std::chrono::steady_clock::now();
  const size_t n_grid = result.grid.points.size();
  const size_t first = settings.shard.begin(n_grid);
  const size_t last = settings.shard.end(n_grid);

  job.chains = settings.chains;
  job.seed = settings.seed;
  job.plan.warmup = settings.warmup;
  job.plan.draws = settings.draws;
  job.plan.thin = settings.thin;
  job.plan.saved_coefficients = config.summarize_treatment_only ? 1 : summarized_terms;
  job.plan.target_accept = settings.target_accept > 0.0 ? settings.target_accept : default_target_accept(job.dim());
  for (size_t g = first; g < last; ++g) {
    const ScalarPrior& prior = result.grid.points[g].prior;
    const PriorLaplace laplace = laplace_for_prior(base, prior);
    job.priors.push_back(prior);
    job.global_ids.push_back(g);
    job.modes.insert(job.modes.end(), laplace.mode.begin(), laplace.mode.end());
    job.cholesky.insert(job.cholesky.end(), laplace.cholesky.begin(), laplace.cholesky.end());
  }
  result.seconds_prepare += seconds_since(t_prepare);

  result.layout = backend.layout(job);
  const auto t_sample = std::chrono::steady_clock::now();
  const double steps_per_prior = static_cast<double>(settings.chains) * (settings.warmup + settings.draws);
  progress.start(config.name, job.n_priors());
  double summarize_seconds = 0.0;
  backend.run(job, [&](const SweepChunk& chunk) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<PriorResult> summaries(chunk.count);
    parallel_for(chunk.count, settings.threads, [&](size_t local) {
      summaries[local] = summarize_prior(chunk, local, job, config, settings.levels);
      summaries[local].prior_id = job.global_ids[chunk.first + local];
    });
    for (auto& r : summaries) result.priors.push_back(std::move(r));
    summarize_seconds += seconds_since(t0);
    progress.update(result.priors.size(), steps_per_prior * result.priors.size());
  });
  result.seconds_summarize = summarize_seconds;
  result.seconds_sample = seconds_since(t_sample) - summarize_seconds;
  result.chain_steps = steps_per_prior * job.n_priors();

  // Convergence warnings (Vehtari et al. 2021 thresholds), one line per prior.
  for (const auto& r : result.priors) {
    const TermSummary& s = r.terms[0];
    if (!(s.rhat <= 1.01) || !(s.ess_bulk >= 400) || !(s.ess_tail >= 400)) {
      result.warnings.push_back(fmt::format("prior {}: treatment R-hat {:.4f}, bulk ESS {:.0f}, tail ESS {:.0f} "
                                            "(want R-hat <= 1.01 and ESS >= 400; run more draws)",
                                            r.prior_id, s.rhat, s.ess_bulk, s.ess_tail));
    }
  }
}

}  // namespace ps

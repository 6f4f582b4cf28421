#include "host/pipeline/prior_sweep.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "host/backend/chunk_summaries.hpp"
#include "host/parallel_for.hpp"
#include "host/pipeline/prior_store.hpp"
#include "models/philox.hpp"
#include "host/summary/decision.hpp"

namespace ps {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A derived term's value at every kept draw of one prior, chain-major, each
// chain with its own generated-quantities stream.
void gather_derived(const SweepChunk& chunk, size_t local, const SweepJob& job, const DerivedTerm& term,
                    std::vector<double>& column) {
  const int w = saved_width(job.plan, job.dim());
  const int n = saved_draws(job.plan);
  const size_t per_chain = static_cast<size_t>(saved_values_per_chain(job.plan, job.dim()));
  const uint64_t prior = job.global_ids[chunk.first + local];
  for (int c = 0; c < job.chains; ++c) {
    const double* chain = &chunk.draws[(local * job.chains + c) * per_chain];
    Philox4x32 rng(job.seed, generated_quantities_stream_id(prior, c, job.chains));
    for (int t = 0; t < n; ++t) column[static_cast<size_t>(c) * n + t] = term.value(chain + static_cast<size_t>(t) * w, rng.normal());
  }
}

// The rows every backend computes for the saved coefficients. The decision
// needs P(effect < no effect) and P(effect < moderate) whatever thresholds
// are reported: they ride along as two extra thresholds.
SummaryRequest summary_request(const AnalysisConfig& config, const std::vector<double>& levels, bool keep_draws) {
  SummaryRequest r;
  r.probabilities = interval_bound_probabilities(levels);
  r.thresholds = config.thresholds;
  r.thresholds.push_back(no_effect(config.effect_scale()));
  r.thresholds.push_back(config.decision.moderate);
  r.keep_draws = keep_draws;
  return r;
}

// Summaries of every kept term of one prior: the saved coefficients' from
// the backend's rows, the derived terms' from the draws; with `kept`, each
// term's column (on the model scale) is also copied there, term after term,
// for draws.nc.
PriorResult summarize_prior(const SweepChunk& chunk, size_t local, const SweepJob& job, const SweepSummaries& terms,
                            const AnalysisConfig& config, const std::vector<double>& levels, double* kept) {
  const int w = saved_width(job.plan, job.dim());
  const size_t column_size = static_cast<size_t>(job.chains) * saved_draws(job.plan);
  const size_t reported = config.thresholds.size();
  const size_t row_width = static_cast<size_t>(job.summary.row_width());
  PriorResult r;
  for (int k = 0; k < w; ++k) {
    TermSummary s = term_summary_from_row(&chunk.summaries[(local * w + k) * row_width],
                                          static_cast<int>(job.summary.probabilities.size()),
                                          static_cast<int>(job.summary.thresholds.size()));
    if (k == 0) r.decision = decide(s.p_below[reported], s.p_below[reported + 1], config.decision);
    s.p_below.resize(reported);
    const auto& scales = terms.without_thresholds;
    if (std::find(scales.begin(), scales.end(), k) != scales.end()) std::fill(s.p_below.begin(), s.p_below.end(), NAN);
    r.terms.push_back(std::move(s));
    if (kept != nullptr) {
      gather_coefficient(chunk, local, job, k, kept);
      kept += column_size;
    }
  }
  std::vector<double> column(column_size);
  const auto exp_transform = [](double x) { return std::exp(x); };
  for (const DerivedTerm& term : terms.derived) {
    gather_derived(chunk, local, job, term, column);
    if (kept != nullptr) kept = std::copy(column.begin(), column.end(), kept);
    TermSummary s = summarize_term(ChainDraws{column.data(), job.chains, saved_draws(job.plan)}, exp_transform, levels,
                                   config.thresholds);
    if (!term.moments) s.mean = s.sd = NAN;
    r.terms.push_back(std::move(s));
  }
  for (int c = 0; c < job.chains; ++c) r.accept_rate += chunk.stats[local * job.chains + c].accept_rate / job.chains;
  return r;
}

// The frame of the chunk's draws as draws.nc stores them -- every
// summarised term (the saved coefficients, then the derived terms) on the
// model scale -- with room for the values, which summarize_prior fills.
ChunkDraws chunk_draws_frame(const SweepChunk& chunk, const SweepJob& job, const SweepSummaries& terms) {
  ChunkDraws d;
  d.terms = saved_width(job.plan, job.dim()) + static_cast<int>(terms.derived.size());
  d.chains = job.chains;
  d.draws = saved_draws(job.plan);
  d.values.resize(chunk.count * d.terms * static_cast<size_t>(d.chains) * d.draws);
  for (size_t local = 0; local < chunk.count; ++local) {
    d.prior_ids.push_back(job.global_ids[chunk.first + local]);
    for (int c = 0; c < d.chains; ++c) {
      d.accept_rate.push_back(chunk.stats[local * d.chains + c].accept_rate);
      d.step_scale.push_back(chunk.stats[local * d.chains + c].step_scale);
      d.independence_probability.push_back(chunk.stats[local * d.chains + c].independence_probability);
    }
  }
  return d;
}

}  // namespace

PointLaplace laplace_from_base(const LaplaceBase& base) {
  return [&base](const GridPoint& point) { return laplace_for_prior(base, point.prior); };
}

void run_prior_sweep(SweepJob job, const PointLaplace& laplace, const SweepSummaries& summaries,
                     const AnalysisConfig& config, const SamplingSettings& settings, SweepBackend& backend,
                     Progress& progress, AnalysisResult& result) {
  const auto t_prepare = std::chrono::steady_clock::now();
  const size_t n_grid = result.grid.points.size();
  const std::vector<size_t> to_run = priors_to_run(settings, n_grid);
  const size_t in_shard = settings.shard.end(n_grid) - settings.shard.begin(n_grid);

  job.chains = settings.chains;
  job.seed = settings.seed;
  job.plan.warmup = settings.warmup;
  job.plan.draws = settings.draws;
  job.plan.thin = settings.thin;
  job.plan.saved_coefficients = config.summarize_treatment_only ? 1 : summaries.coefficients;
  if (!summaries.derived.empty() && saved_width(job.plan, job.dim()) < summaries.coefficients)
    throw std::logic_error("run_prior_sweep: derived terms need the summarised coefficients' draws");
  job.plan.target_accept = settings.target_accept > 0.0 ? settings.target_accept : default_target_accept(job.dim());
  job.plan.sampler = settings.sampler;
  job.summary = summary_request(config, settings.levels, config.save_draws || !summaries.derived.empty());
  // The GPU layout follows the whole grid, not this run's share of it, so a
  // shard or a resumed run samples each prior exactly as one full run does.
  job.layout_priors = n_grid;
  // Every prior's start and proposal shape, on all threads: a million-prior
  // grid needs a million of them before the first chain runs.
  const size_t d = static_cast<size_t>(job.dim());
  job.priors.resize(to_run.size());
  job.global_ids.assign(to_run.begin(), to_run.end());
  job.modes.resize(to_run.size() * d);
  job.cholesky.resize(to_run.size() * d * d);
  parallel_for(to_run.size(), settings.threads, [&](size_t i) {
    const GridPoint& point = result.grid.points[to_run[i]];
    const PriorLaplace start = laplace(point);
    if (start.mode.size() != d || start.cholesky.size() != d * d)
      throw std::logic_error("run_prior_sweep: a Laplace approximation of another dimension");
    job.priors[i] = point.swept();
    std::copy(start.mode.begin(), start.mode.end(), job.modes.begin() + i * d);
    std::copy(start.cholesky.begin(), start.cholesky.end(), job.cholesky.begin() + i * d * d);
  });
  result.seconds_prepare += seconds_since(t_prepare);

  result.layout = backend.layout(job);
  const auto t_sample = std::chrono::steady_clock::now();
  const double steps_per_prior = static_cast<double>(settings.chains) * (settings.warmup + settings.draws);
  progress.start(config.name, in_shard, in_shard - to_run.size());
  double summarize_seconds = 0.0;
  backend.run(job, [&](const SweepChunk& chunk) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<PriorResult> summaries_of_chunk(chunk.count);
    ChunkDraws draws;
    if (config.save_draws) draws = chunk_draws_frame(chunk, job, summaries);
    const size_t kept_per_prior = draws.values.size() / std::max<size_t>(chunk.count, 1);
    parallel_for(chunk.count, settings.threads, [&](size_t local) {
      double* kept = config.save_draws ? &draws.values[local * kept_per_prior] : nullptr;
      summaries_of_chunk[local] = summarize_prior(chunk, local, job, summaries, config, settings.levels, kept);
      summaries_of_chunk[local].prior_id = job.global_ids[chunk.first + local];
    });
    summarize_seconds += seconds_since(t0) + chunk.summarize_seconds;
    finish_chunk(settings, summaries_of_chunk, config.save_draws ? &draws : nullptr);
    for (auto& r : summaries_of_chunk) result.priors.push_back(std::move(r));
    progress.update(result.priors.size(), steps_per_prior * result.priors.size());
  });
  merge_finished_priors(settings, result);
  result.seconds_summarize = summarize_seconds;
  result.seconds_sample = seconds_since(t_sample) - summarize_seconds;
  result.chain_steps = steps_per_prior * job.n_priors();
  result.chains = job.chains;
  result.kept_draws = saved_draws(job.plan);

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

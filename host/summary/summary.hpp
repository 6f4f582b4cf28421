// Posterior summaries and convergence diagnostics of one scalar quantity
// from several chains of equal length.
//
// Diagnostics follow Vehtari, Gelman, Simpson, Carpenter & Buerkner (2021),
// "Rank-normalization, folding, and localization: an improved R-hat", as Stan
// and the R package posterior report them: rank-normalised split R-hat (max of
// bulk and folded), bulk ESS (rank-normalised split chains) and tail ESS
// (min of the ESS of the 5% and 95% quantile indicators); autocorrelations by
// Geyer's initial monotone sequence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/chain_summary.hpp"  // ChainDraws, Diagnostics, the shared arithmetic

namespace ps {

double split_rhat(const ChainDraws& x);  // rank-normalised split R-hat
double ess_bulk(const ChainDraws& x);
double ess_tail(const ChainDraws& x);

// Quantile with R's default type 7 (linear interpolation of order statistics)
// on already sorted values.
double quantile_sorted(const std::vector<double>& sorted, double prob);

struct TermSummary {
  double median = 0.0;
  double mean = 0.0;
  double sd = 0.0;
  std::vector<double> interval_bounds;  // per level: lower, upper (equal-tailed)
  std::vector<double> p_below;          // per threshold: P(value < t)
  double rhat = 0.0;
  double ess_bulk = 0.0;
  double ess_tail = 0.0;
};

// Summaries of transform(draw) (e.g. exp for a hazard ratio); thresholds are on
// the transformed scale. Diagnostics are computed on the untransformed draws
// (bulk and tail ESS are invariant to increasing transforms; folded R-hat is not).
// Diagnostics are NaN where posterior returns NA: constant or non-finite draws,
// fewer than 4 draws per chain (R-hat) or 6 (ESS), and tail ESS when a 5% or
// 95% quantile indicator is constant (discrete draws). Summaries are NaN when a
// transformed draw is NaN. Throws std::invalid_argument for a level outside
// (0, 1) or negative sizes. Thread-safe: each thread keeps its own scratch
// (about 100 bytes per draw, so ~8 MB at 4 x 20,000) between calls.
TermSummary summarize_term(const ChainDraws& x, const std::function<double(double)>& transform,
                           const std::vector<double>& levels, const std::vector<double>& thresholds);

// The summary row both backends deliver for a sampled coefficient
// (chain_summary::summarize_ratio_term: diagnostics of the draws, summaries of
// their exp), computed on this thread with the host's sort and scratch.
// row holds chain_summary::summary_row_width(request) values.
void summarize_ratio_term(const ChainDraws& x, const chain_summary::SummaryRequestView& request, double* row);

// A row of that layout as a TermSummary.
TermSummary term_summary_from_row(const double* row, int n_probabilities, int n_thresholds);

// Column label of an interval bound, e.g. level 0.90 -> "q0.05", "q0.95".
std::vector<std::string> interval_bound_labels(const std::vector<double>& levels);

// The probabilities behind those labels, in the same order (per level: lower,
// upper). Computed in decimal, so 0.90 gives exactly the doubles nearest 0.05
// and 0.95, the ones R's quantile(x, c(0.05, 0.95)) uses.
std::vector<double> interval_bound_probabilities(const std::vector<double>& levels);

// Building blocks of the above, exposed for tests and for callers that need
// one piece. Chains are chain-major, as in ChainDraws.
namespace summary_detail {

// All draws in ascending order with their chain-major positions (one sort,
// shared by the ranks, the folded ranks, the quantiles and the summaries).
struct SortedDraws {
  std::vector<double> value;
  std::vector<std::uint32_t> position;
};
SortedDraws sort_draws(const double* draws, std::size_t count);

using ps::Diagnostics;
// sorted must be sort_draws(x.draws, x.chains * x.n_draws).
Diagnostics diagnose(const ChainDraws& x, const SortedDraws& sorted);

// R's rank(ties.method = "average"), 1-based.
std::vector<double> fractional_ranks(const std::vector<double>& values);
// qnorm((rank - 3/8) / (S + 1/4)) with average ranks (posterior's z_scale).
std::vector<double> rank_normalize(const std::vector<double>& values);

// Scores of the average ranks 1, 1.5, ..., S (models/chain_summary.hpp),
// Phi^-1 by Boost.Math. Valid until this thread asks for another S.
const double* blom_half_scores(std::size_t total);

// Classic R-hat and Geyer ESS of the given chains as they are: no split, no
// ranks (posterior's .rhat and .ess).
double rhat_basic(const double* draws, int chains, int n_draws);
// Autocovariances are summed directly for the first direct_lags lags, then by
// FFT for all lags (the two agree to rounding; tests compare them). 96 lags of
// direct sums cost about one FFT of 8 chains x 10,000 draws, so a chain that
// needs more lags costs at most twice the better of the two.
inline constexpr int kDirectAutocovarianceLags = 96;
double ess_basic(const double* draws, int chains, int n_draws,
                 int direct_lags = kDirectAutocovarianceLags);

}  // namespace summary_detail

}  // namespace ps

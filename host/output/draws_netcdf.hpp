// Posterior draws as an ArviZ InferenceData file (netCDF-4, written with
// libnetcdf), DIR/<analysis>/draws.nc when save_draws = true:
//   group posterior:    one variable per summarised term (treatment, the
//                       covariates, tau, predictive, ...) with dims
//                       (chain, draw, prior), on the model scale (log HR,
//                       log OR, log tau: exp gives summary.csv's scale, the
//                       variable's `reported_as` attribute says so);
//   group sample_stats: acceptance_rate, step_size and
//                       independence_probability, dims (chain, prior): the
//                       chain's mean Metropolis acceptance probability, its
//                       tuned random-walk scale and its share of Laplace
//                       independence proposals (models/metropolis.hpp);
// both with the coordinates chain, draw, prior (the prior_id of
// summary.csv) and, along prior, prior_family, prior_label (when the grid
// has labels) and one prior_<parameter> per parameter of the grid (NaN where
// a family lacks it). `arviz.from_netcdf(path)` or
// `xarray.open_dataset(path, group="posterior")` read it.
//
// Built only with libnetcdf (PRIORSWEEP_HAVE_NETCDF); without it
// netcdf_available() says why and the writers throw.
#pragma once

#include <string>
#include <vector>

#include "host/grid/prior_grid.hpp"

namespace ps {

bool netcdf_available(std::string* why_not = nullptr);

struct DrawsFileLayout {
  std::string analysis, model;
  std::vector<std::string> term_names;   // the posterior variables, in order
  std::vector<std::string> term_scales;  // summary.csv's scale of each (hr, or, sd, ...)
  const PriorGrid* grid = nullptr;
  std::vector<size_t> prior_ids;  // the priors this file holds, increasing
  int chains = 0;
  int draws = 0;  // kept per chain
};

// Writes `path` (atomically) from the checkpoint's chunk files
// (host/output/checkpoint.hpp), which together hold every prior of the layout.
void write_draws_netcdf(const std::string& path, const DrawsFileLayout& layout,
                        const std::vector<std::string>& chunk_files);

// The shards' draws.nc files (in shard order) as one, along prior.
void merge_draws_netcdf(const std::vector<std::string>& inputs, const std::string& path);

// Every draw (all chains) of one posterior variable for one prior_id, on the
// model scale; empty when the file, the variable or the prior is not there
// (or without libnetcdf). For the report's densities.
std::vector<double> read_posterior_draws(const std::string& path, const std::string& term, size_t prior_id);

}  // namespace ps

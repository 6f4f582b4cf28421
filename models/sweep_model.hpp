// Every posterior a sweep can sample, as one type the backends dispatch on.
// Each alternative has dim(), log_density(theta), the team form
// log_density<kStretch>(theta, table, stride, group) used by the GPU layouts,
// patients() (the units a team of lanes splits), and set_swept_prior(), which
// takes the grid point's priors (the effect prior on theta[0], and the
// between-study SD's where the model has one).
#pragma once

#include <variant>

#include "models/cox_posterior.hpp"
#include "models/meta_binomial_normal_posterior.hpp"
#include "models/ordinal_longitudinal_posterior.hpp"
#include "models/ordinal_posterior.hpp"

namespace ps {

using SweepModel =
    std::variant<CoxPosterior, OrdinalPosterior, OrdinalLongitudinalPosterior, MetaBinomialNormalPosterior>;

inline int sweep_model_dim(const SweepModel& model) {
  return std::visit([](const auto& m) { return m.dim(); }, model);
}

inline int sweep_model_patients(const SweepModel& model) {
  return std::visit([](const auto& m) { return m.patients(); }, model);
}

}  // namespace ps

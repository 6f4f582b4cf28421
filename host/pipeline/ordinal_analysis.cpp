#include "host/pipeline/ordinal_analysis.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "host/design/ordinal_design.hpp"
#include "host/errors.hpp"
#include "host/fit/numeric_laplace.hpp"
#include "host/fit/ordinal_fit.hpp"
#include "host/fit/ordinal_start.hpp"
#include "host/fit/separation.hpp"
#include "host/pipeline/prior_sweep.hpp"

namespace ps {

namespace {

// Cutpoints are reported for uncentred covariates, as R's clm reports them;
// a logistic model reports its one cutpoint as the intercept, its negative
// (logit P(Y = 1) = intercept + eta), as R's glm does.
FrequentistResult frequentist_of(const OrdinalFit& fit, const OrdinalDesign& d, bool logistic) {
  FrequentistResult f;
  for (int k = 0; k < d.n_coefficients; ++k) f.terms.push_back({d.term_names[k], fit.coef[k], fit.coef_se[k], TermKind::log_ratio});
  const Cutpoints c = uncentred_cutpoints(fit, d.numeric_center);
  for (int j = 0; j + 1 < static_cast<int>(fit.observed.size()); ++j) {
    if (logistic) {
      f.terms.push_back({"(intercept)", -c.estimate[j], c.se[j], TermKind::plain});
      continue;
    }
    const std::string name = fmt::format("cutpoint[{}|{}]", d.levels[fit.observed[j]], d.levels[fit.observed[j + 1]]);
    f.terms.push_back({name, c.estimate[j], c.se[j], TermKind::plain});
  }
  f.loglik = fit.loglik;
  f.loglik_null = ordinal_null_log_likelihood(d.category, d.n_categories);
  f.converged = fit.converged;
  f.warnings = fit.warnings;
  if (fit.coef.size() == d.n_coefficients) {
    for (auto& w : divergent_coefficient_warnings(fit.coef, fit.coef_se, d.term_names)) f.warnings.push_back(std::move(w));
  }
  if (logistic) {
    for (auto& w : binary_separation_warnings(d.category, d.treatment, d.factor_param, d.n_factors, d.term_names))
      f.warnings.push_back(std::move(w));
  }
  return f;
}

// Newton's start for the posterior mode: the MLE's coefficients and the
// smoothed-proportion cutpoints of every declared category.
Eigen::VectorXd posterior_start(const OrdinalDesign& d, const OrdinalFit& fit) {
  Eigen::VectorXd start = Eigen::VectorXd::Zero(d.dim);
  if (fit.coef.size() == d.n_coefficients && fit.coef.allFinite()) start.head(d.n_coefficients) = fit.coef;
  const std::vector<double> u = ordinal_cutpoint_start(d.category, d.n_categories, d.reference_category);
  for (size_t k = 0; k < u.size(); ++k) start[d.n_coefficients + k] = u[k];
  return start;
}

// The cumulative-link model; with `logistic`, the binary outcome of a
// logistic regression as its two-level case (config.cpp: the cutpoint is
// minus the intercept, the cutpoint prior a Beta(alpha, alpha) on the
// reference patient's risk).
class PreparedOrdinal final : public PreparedAnalysis {
 public:
  PreparedOrdinal(const AnalysisConfig& config, const CsvTable& table, MissingPolicy missing, bool logistic)
      : config_(&config),
        logistic_(logistic),
        data_(extract_ordinal_input(table,
                                    OrdinalColumns{config.outcome, config.levels, config.columns.treatment,
                                                   config.columns.covariates, config.columns.factors, logistic},
                                    missing)),
        design_(build_ordinal_design(data_.input, config.link)),
        grid_(expand_prior_grid(config.prior_blocks)) {
    if (design_.dim > kMaxDim) {
      throw InputError(fmt::format("{}: analysis '{}' has {} parameters (coefficients and {} cutpoints); expected at "
                                   "most {}",
                                   table.path, config.name, design_.dim, design_.n_categories - 1, kMaxDim));
    }
  }

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    if (logistic_) {
      int events = 0;
      for (int y : design_.category) events += y;
      return fmt::format("{} patients, {} with outcome 1, {} coefficients, {} priors", design_.n, events,
                         design_.n_coefficients, grid_.points.size());
    }
    return fmt::format("{} patients, {} declared levels, {} coefficients, {} priors", design_.n, design_.n_categories,
                       design_.n_coefficients, grid_.points.size());
  }

  AnalysisResult run(const SamplingSettings& settings, SweepBackend& backend, Progress& progress) const override {
    const auto t0 = std::chrono::steady_clock::now();
    const OrdinalView view = design_.view();
    AnalysisResult result;
    result.config = config_;
    result.grid = grid_;
    result.term_names = design_.term_names;
    result.scale = "or";
    std::vector<int> per_level(design_.n_categories, 0);
    for (int y : design_.category) per_level[y]++;
    nlohmann::json levels = nlohmann::json::object();
    for (int k = 0; k < design_.n_categories; ++k) levels[std::to_string(design_.levels[k])] = per_level[k];
    result.counts = arm_counts(data_.input.treatment);
    result.counts["patients_per_level"] = levels;
    if (logistic_) {
      int events[2] = {0, 0};
      for (int i = 0; i < design_.n; ++i) events[data_.input.treatment[i]] += design_.category[i];
      result.counts["events_treatment"] = events[1];
      result.counts["events_control"] = events[0];
    }
    result.dropped_lines = data_.dropped_lines;

    const OrdinalFit fit = fit_ordinal_mle(view);
    result.fit = frequentist_of(fit, design_, logistic_);
    for (const auto& w : result.fit.warnings) result.warnings.push_back("frequentist fit: " + w);

    // The part of the posterior every prior shares: likelihood, nuisance and
    // cutpoint priors, and the N(0, 100^2) guard on the treatment coefficient
    // that the Cox model also uses (a finite mode whatever the data).
    OrdinalPosterior shared{view, ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0}, config_->nuisance_prior,
                            config_->cutpoint_concentration};
    const LaplaceBase base = numeric_laplace_base(
        [&shared](const Eigen::VectorXd& theta) { return shared.log_density(theta.data()); },
        posterior_start(design_, fit));
    result.seconds_prepare = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    SweepJob job;
    job.model = OrdinalPosterior{view, ScalarPrior{}, config_->nuisance_prior, config_->cutpoint_concentration};
    // design_ outlives the run: the job's view points into it.
    run_prior_sweep(std::move(job), laplace_from_base(base), SweepSummaries{design_.n_coefficients, {}, {}}, *config_, settings, backend, progress, result);
    return result;
  }

 private:
  const AnalysisConfig* config_;
  bool logistic_;
  ExtractedOrdinal data_;
  OrdinalDesign design_;
  PriorGrid grid_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_ordinal(const AnalysisConfig& config, const CsvTable& table,
                                                  MissingPolicy missing) {
  return std::make_unique<PreparedOrdinal>(config, table, missing, false);
}

std::unique_ptr<PreparedAnalysis> prepare_logistic(const AnalysisConfig& config, const CsvTable& table,
                                                   MissingPolicy missing) {
  return std::make_unique<PreparedOrdinal>(config, table, missing, true);
}

}  // namespace ps

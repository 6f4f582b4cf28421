#include "host/pipeline/ordinal_longitudinal_analysis.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "host/data/longitudinal_input.hpp"
#include "host/design/ordinal_longitudinal_design.hpp"
#include "host/errors.hpp"
#include "host/fit/longitudinal_posterior_gradient.hpp"
#include "host/fit/numeric_laplace.hpp"
#include "host/fit/ordinal_longitudinal_fit.hpp"
#include "host/fit/ordinal_start.hpp"
#include "host/pipeline/prior_sweep.hpp"

namespace ps {

namespace {

LongitudinalColumns columns_of(const AnalysisConfig& a) {
  LongitudinalColumns c;
  c.outcomes = a.outcomes;
  c.day_labels = a.day_labels;
  c.outcome = a.outcome;
  c.id = a.id_column;
  c.day = a.day_column;
  c.levels = a.levels;
  c.treatment = a.columns.treatment;
  c.covariates = a.columns.covariates;
  c.factors = a.columns.factors;
  c.absorbing = a.absorbing_level;
  c.after_death = a.after_death;
  return c;
}

// The random intercept's term: "sd(<id column>)", or "sd(patient)" for the
// wide layout, where a row is a patient.
std::string sd_term(const AnalysisConfig& a) { return fmt::format("sd({})", a.id_column.empty() ? "patient" : a.id_column); }

// Coefficients as odds ratios, the random-intercept SD (log scale, reported
// as the SD with a log-scale 95% CI and no test of sd = 1), and the cutpoints
// for uncentred covariates between observed categories, as clmm reports them.
FrequentistResult frequentist_of(const OrdinalLongitudinalFit& fit, const OrdinalLongitudinalDesign& d,
                                 const std::string& sd_name) {
  const OrdinalDesign& rows = d.rows;
  FrequentistResult f;
  for (int k = 0; k < rows.n_coefficients; ++k) f.terms.push_back({rows.term_names[k], fit.coef[k], fit.coef_se[k], TermKind::log_ratio});
  f.terms.push_back({sd_name, fit.log_sd, fit.log_sd_se, TermKind::log_ratio, false});
  const Cutpoints c = uncentred_cutpoints(fit, rows.numeric_center);
  for (int j = 0; j + 1 < static_cast<int>(fit.observed.size()); ++j) {
    const std::string name =
        fmt::format("cutpoint[{}|{}]", rows.levels[fit.observed[j]], rows.levels[fit.observed[j + 1]]);
    f.terms.push_back({name, c.estimate[j], c.se[j], TermKind::plain});
  }
  f.loglik = fit.loglik;
  f.loglik_null = ordinal_null_log_likelihood(rows.category, rows.n_categories);
  f.converged = fit.converged;
  f.warnings = fit.warnings;
  return f;
}

// Newton's start for the posterior mode: the MLE's coefficients and log SD,
// and the smoothed-proportion cutpoints of every declared category.
Eigen::VectorXd posterior_start(const OrdinalLongitudinalDesign& d, const OrdinalLongitudinalFit& fit) {
  const OrdinalLongitudinalView v = d.view();
  Eigen::VectorXd start = Eigen::VectorXd::Zero(d.dim);
  if (fit.coef.size() == v.n_coefficients && fit.coef.allFinite()) start.head(v.n_coefficients) = fit.coef;
  if (std::isfinite(fit.log_sd)) start[v.log_sd_index()] = std::max(fit.log_sd, -3.0);
  const std::vector<double> u = ordinal_cutpoint_start(d.rows.category, v.n_categories, v.reference_category);
  for (size_t k = 0; k < u.size(); ++k) start[v.cutpoint_offset() + k] = u[k];
  return start;
}

class PreparedOrdinalLongitudinal final : public PreparedAnalysis {
 public:
  PreparedOrdinalLongitudinal(const AnalysisConfig& config, const CsvTable& table, MissingPolicy missing)
      : config_(&config),
        data_(extract_longitudinal_input(table, columns_of(config), missing)),
        design_(build_ordinal_longitudinal_design(data_.observations, data_.first_observation, config.link,
                                                  config.quadrature_nodes)),
        grid_(expand_prior_grid(config.prior_blocks)) {
    if (design_.dim > kMaxDim) {
      throw InputError(fmt::format("{}: analysis '{}' has {} parameters (coefficients, the random-intercept SD and "
                                   "{} cutpoints); expected at most {}",
                                   table.path, config.name, design_.dim, design_.rows.n_categories - 1, kMaxDim));
    }
  }

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    return fmt::format("{} patients, {} scores, {} declared levels, {} coefficients, {}-node quadrature, {} priors",
                       design_.n_patients, design_.rows.n, design_.rows.n_categories, design_.rows.n_coefficients,
                       design_.rule.node.size(), grid_.points.size());
  }

  AnalysisResult run(const SamplingSettings& settings, SweepBackend& backend, Progress& progress) const override {
    const auto t0 = std::chrono::steady_clock::now();
    const OrdinalLongitudinalView view = design_.view();
    const std::string sd_name = sd_term(*config_);
    AnalysisResult result;
    result.config = config_;
    result.grid = grid_;
    result.term_names = design_.rows.term_names;
    result.term_names.push_back(sd_name);
    result.scale = "or";
    result.term_scales.assign(design_.rows.n_coefficients, "or");
    result.term_scales.push_back("sd");
    result.counts = counts();
    result.dropped_lines = data_.dropped_lines;

    const OrdinalLongitudinalFit fit = fit_ordinal_longitudinal_mle(view);
    result.fit = frequentist_of(fit, design_, sd_name);
    for (const auto& w : fit.warnings) result.warnings.push_back("frequentist fit: " + w);

    // As the single-day model: the N(0, 100^2) guard on the treatment
    // coefficient gives every prior's Laplace start a finite mode.
    OrdinalLongitudinalPosterior shared{view, ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0},
                                        config_->nuisance_prior, config_->cutpoint_concentration, config_->sd_prior};
    const LaplaceBase base = gradient_laplace_base(
        [&shared](const Eigen::VectorXd& theta) { return longitudinal_posterior_gradient(shared, theta); },
        posterior_start(design_, fit));
    result.seconds_prepare = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    SweepJob job;
    job.model = OrdinalLongitudinalPosterior{view, ScalarPrior{}, config_->nuisance_prior,
                                             config_->cutpoint_concentration, config_->sd_prior};
    // design_ outlives the run: the job's view points into it. The
    // coefficients and log SD (right after them) are summarised.
    run_prior_sweep(std::move(job), laplace_from_base(base), SweepSummaries{view.n_coefficients + 1, {}, {}}, *config_, settings, backend, progress, result);
    return result;
  }

 private:
  // Arms per patient, scores per declared level, and what the death rule did.
  nlohmann::json counts() const {
    std::vector<int> arm;
    for (int i = 0; i < design_.n_patients; ++i) arm.push_back(data_.observations.treatment[data_.first_observation[i]]);
    nlohmann::json c = arm_counts(arm);
    std::vector<int> per_level(design_.rows.n_categories, 0);
    for (int y : design_.rows.category) per_level[y]++;
    nlohmann::json levels = nlohmann::json::object();
    for (int k = 0; k < design_.rows.n_categories; ++k) levels[std::to_string(design_.rows.levels[k])] = per_level[k];
    c["scores"] = design_.rows.n;
    c["scores_per_level"] = levels;
    if (config_->absorbing_level) {
      c["scores_filled_after_death"] = data_.filled_after_death;
      c["scores_dropped_after_death"] = data_.dropped_after_death;
    }
    return c;
  }

  const AnalysisConfig* config_;
  ExtractedLongitudinal data_;
  OrdinalLongitudinalDesign design_;
  PriorGrid grid_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_ordinal_longitudinal(const AnalysisConfig& config, const CsvTable& table,
                                                               MissingPolicy missing) {
  return std::make_unique<PreparedOrdinalLongitudinal>(config, table, missing);
}

}  // namespace ps

#include "host/pipeline/cox_analysis.hpp"

#include <chrono>
#include <fmt/format.h>

#include "host/design/cox_design.hpp"
#include "host/errors.hpp"
#include "host/fit/cox_fit.hpp"
#include "host/output/survival_curves.hpp"
#include "host/pipeline/prior_sweep.hpp"

namespace ps {

namespace {

FrequentistResult frequentist_of(const CoxFit& fit, const std::vector<std::string>& term_names) {
  FrequentistResult f;
  for (size_t k = 0; k < term_names.size(); ++k) f.terms.push_back({term_names[k], fit.coef[k], fit.se[k], TermKind::log_ratio});
  f.loglik = fit.loglik;
  f.loglik_null = fit.loglik_null;
  f.converged = fit.converged;
  f.warnings = fit.warnings;
  return f;
}

class PreparedCox final : public PreparedAnalysis {
 public:
  PreparedCox(const AnalysisConfig& config, const CsvTable& table, MissingPolicy missing)
      : config_(&config), data_(extract_cox_input(table, config.columns, missing)),
        design_(build_cox_design(data_.input)), grid_(expand_prior_grid(config.prior_blocks)) {
    if (design_.dim > kMaxDim) {
      throw InputError(fmt::format("{}: analysis '{}' has {} coefficients (treatment, covariates and factor levels); "
                                   "expected at most {}",
                                   table.path, config.name, design_.dim, kMaxDim));
    }
  }

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    return fmt::format("{} patients, {} events, {} strata, {} coefficients, {} priors", design_.n, design_.n_events,
                       data_.input.n_strata, design_.dim, grid_.points.size());
  }

  AnalysisResult run(const SamplingSettings& settings, SweepBackend& backend, Progress& progress) const override {
    const auto t0 = std::chrono::steady_clock::now();
    const CoxView view = design_.view();
    AnalysisResult result;
    result.config = config_;
    result.grid = grid_;
    result.term_names = design_.term_names;
    result.scale = "hr";
    result.counts = arm_counts(data_.input.treatment);
    result.counts["events"] = design_.n_events;
    result.counts["strata"] = data_.input.n_strata;
    result.dropped_lines = data_.dropped_lines;

    const CoxFit fit = fit_cox_mle(view, {}, design_.term_names);
    result.fit = frequentist_of(fit, design_.term_names);
    for (const auto& w : fit.warnings) result.warnings.push_back("frequentist fit: " + w);
    result.extra_files.emplace_back("km.csv", survival_curves_csv(data_.input));
    const LaplaceBase base = laplace_base(view, config_->nuisance_prior);
    result.seconds_prepare = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    SweepJob job;
    job.set_cox(view, config_->nuisance_prior);
    run_prior_sweep(std::move(job), laplace_from_base(base), SweepSummaries{}, *config_, settings, backend, progress, result);
    return result;
  }

 private:
  const AnalysisConfig* config_;
  ExtractedCox data_;
  CoxDesign design_;
  PriorGrid grid_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_cox(const AnalysisConfig& config, const CsvTable& table,
                                              MissingPolicy missing) {
  return std::make_unique<PreparedCox>(config, table, missing);
}

}  // namespace ps

#include "host/pipeline/normal_summary_analysis.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <fmt/format.h>

#include "host/grid/prior_grid.hpp"
#include "host/grid/stated_priors.hpp"
#include "host/pipeline/exact_sweep.hpp"

namespace ps {

NormalPosterior conjugate_normal_posterior(double estimate, double se, double prior_mean, double prior_sd) {
  const double data_precision = 1.0 / (se * se);
  const double prior_precision = 1.0 / (prior_sd * prior_sd);
  const double precision = data_precision + prior_precision;
  return {(data_precision * estimate + prior_precision * prior_mean) / precision, std::sqrt(1.0 / precision)};
}

namespace {

// The posterior on the reported scale: normal for a difference, log-normal
// for a ratio.
ExactPosterior reported_posterior(const NormalPosterior& post, EffectScale scale) {
  const boost::math::normal n(post.mean, post.sd);
  const bool ratio = scale == EffectScale::ratio;
  ExactPosterior e;
  e.cdf = [n, ratio](double t) {
    if (ratio && !(t > 0.0)) return 0.0;
    return boost::math::cdf(n, ratio ? std::log(t) : t);
  };
  e.quantile = [n, ratio](double p) {
    const double q = boost::math::quantile(n, p);
    return ratio ? std::exp(q) : q;
  };
  const double v = post.sd * post.sd;
  e.mean = ratio ? std::exp(post.mean + v / 2.0) : post.mean;
  e.sd = ratio ? std::sqrt(std::expm1(v)) * e.mean : post.sd;
  return e;
}

class PreparedNormalSummary final : public PreparedAnalysis {
 public:
  explicit PreparedNormalSummary(const AnalysisConfig& config)
      : config_(&config), grid_(expand_prior_grid(config.prior_blocks, config.effect_scale())) {}

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    const PublishedEstimate& e = config_->published;
    const std::string interval = std::isnan(e.lower) ? fmt::format("SE {}", format_number(e.se))
                                                     : fmt::format("{:g}% CI {} to {}", 100.0 * e.level,
                                                                   format_number(e.lower), format_number(e.upper));
    return fmt::format("published estimate {} ({}), {} priors", format_number(e.estimate), interval, grid_.points.size());
  }

  AnalysisResult run(const SamplingSettings& settings, SweepBackend&, Progress& progress) const override {
    const AnalysisConfig& c = *config_;
    const EffectScale scale = c.effect_scale();
    const double estimate = to_model_scale(c.published.estimate, scale);
    const double se = c.published.se;
    AnalysisResult result;
    result.config = config_;
    result.grid = grid_;
    result.term_names = {"treatment"};
    result.scale = scale == EffectScale::ratio ? "ratio" : "difference";
    result.counts = {{"estimate", c.published.estimate}, {"se_model_scale", se}};
    // The published estimate itself, as frequentist.csv reports a fit: on the
    // model scale with its SE (the interval is the symmetric Wald one).
    result.fit.terms.push_back({"treatment", estimate, se, scale == EffectScale::ratio ? TermKind::log_ratio : TermKind::level});
    result.fit.loglik = NAN;
    result.fit.loglik_null = NAN;
    result.fit.converged = true;
    run_exact_sweep(settings, progress, [&](const GridPoint& point) {
      const ExactPosterior post = reported_posterior(conjugate_normal_posterior(estimate, se, point.prior.a, point.prior.b), scale);
      PriorResult r;
      r.terms.push_back(summarize_exact(post, settings.levels, c.thresholds));
      r.decision = decide_exact(post, c);
      return r;
    }, result);
    return result;
  }

 private:
  const AnalysisConfig* config_;
  PriorGrid grid_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_normal_summary(const AnalysisConfig& config) {
  return std::make_unique<PreparedNormalSummary>(config);
}

}  // namespace ps

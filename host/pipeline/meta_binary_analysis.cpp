#include "host/pipeline/meta_binary_analysis.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <sstream>

#include "host/data/study_tables.hpp"
#include "host/errors.hpp"
#include "host/meta/egger_test.hpp"
#include "host/grid/prior_grid.hpp"
#include "host/meta/mantel_haenszel.hpp"
#include "host/meta/normal_normal_posterior.hpp"
#include "host/pipeline/exact_sweep.hpp"
#include "host/pipeline/meta_binomial_normal_sweep.hpp"
#include "host/meta/q_profile.hpp"
#include "host/meta/random_effects.hpp"
#include "host/meta/study_effects.hpp"
#include "host/output/meta_plots.hpp"

namespace ps {

namespace {

Tau2Method tau2_method_of(const std::string& name) {
  if (name == "DL") return Tau2Method::DerSimonianLaird;
  if (name == "SJ") return Tau2Method::SidikJonkman;
  if (name == "PM") return Tau2Method::PauleMandel;
  return Tau2Method::REML;
}

std::string num(double x) { return std::isfinite(x) ? format_number(x) : "NA"; }

struct MetaFit {
  std::vector<StudyEffect> effects;
  MantelHaenszelResult mh;
  MetaAnalysisResult fixed, random;
  Tau2Interval tau2_interval;
  bool has_interval = false;
  EggerTestResult egger;
  bool has_egger = false;
  EffectSizes pooled;                             // the included studies' log ORs and variances
  std::vector<double> fixed_weight, random_weight;  // percent, per input study (NaN when not pooled)
};

MetaFit fit_meta(const std::vector<StudyTable>& studies, const AnalysisConfig& c) {
  MetaFit f;
  f.effects = study_effects(studies, {c.continuity_correction, c.drop_double_zero, 0.95});
  f.pooled = pooled_effect_sizes(f.effects);
  const EffectSizes& sizes = f.pooled;
  f.fixed_weight.assign(studies.size(), NAN);
  f.random_weight.assign(studies.size(), NAN);
  f.mh = mantel_haenszel(studies, {c.continuity_correction, 0.95});
  if (sizes.yi.empty()) return f;
  f.fixed = meta_analysis(sizes.yi, sizes.vi, {Tau2Method::EqualEffects, false, 0.95});
  f.random = meta_analysis(sizes.yi, sizes.vi, {tau2_method_of(c.tau2_method), false, 0.95});
  for (std::size_t j = 0; j < sizes.study_index.size(); ++j) {
    f.fixed_weight[sizes.study_index[j]] = f.fixed.weight_percent[j];
    f.random_weight[sizes.study_index[j]] = f.random.weight_percent[j];
  }
  if (sizes.yi.size() >= 2) {
    f.tau2_interval = q_profile_tau2_ci(sizes.yi, sizes.vi, f.random.tau2, 0.95);
    f.has_interval = true;
  }
  if (sizes.yi.size() >= 3) {
    f.egger = egger_test(sizes.yi, sizes.vi, 0.95);
    f.has_egger = std::isfinite(f.egger.slope);
  }
  return f;
}

std::string studies_csv(const std::vector<StudyTable>& studies, const MetaFit& f) {
  std::ostringstream out;
  out << "study,events_treatment,total_treatment,events_control,total_control,log_or,se,or,lower95,upper95,"
         "corrected,double_zero,included,weight_mh,weight_fixed,weight_random\n";
  for (std::size_t i = 0; i < studies.size(); ++i) {
    const StudyTable& s = studies[i];
    const StudyEffect& e = f.effects[i];
    const double mh_weight = i < f.mh.weight_percent.size() ? f.mh.weight_percent[i] : NAN;
    // Study names are quoted: they may hold commas ("Smith, 2020").
    std::string name;  // with inner quotes doubled (RFC 4180)
    for (char ch : s.name) name += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    out << '"' << name << "\"," << num(s.events_treatment) << "," << num(s.total_treatment) << ","
        << num(s.events_control) << "," << num(s.total_control) << "," << num(e.log_odds_ratio) << "," << num(e.se)
        << "," << num(e.odds_ratio) << "," << num(e.ci_lower) << "," << num(e.ci_upper) << ","
        << (e.corrected ? "true" : "false") << "," << (e.double_zero ? "true" : "false") << ","
        << (e.included ? "true" : "false") << "," << num(mh_weight) << "," << num(f.fixed_weight[i]) << ","
        << num(f.random_weight[i]) << "\n";
  }
  return out.str();
}

// The grid point's tau prior (on tau, host/grid/prior_grid.hpp) in the exact
// posterior's terms: half-normal(s), half-Cauchy(s), log-normal on tau^2.
TauPrior tau_prior_of(const GridPoint& point) {
  const ScalarPrior& p = point.scale_prior;
  if (p.family == PriorFamily::normal) return {TauPriorFamily::half_normal, p.b, 0.0};
  if (p.family == PriorFamily::student_t) return {TauPriorFamily::half_cauchy, p.c, 0.0};
  return {TauPriorFamily::lognormal_tau2, 2.0 * p.a, 2.0 * p.b};
}

// A log-odds-ratio posterior reported on the odds-ratio scale.
ExactPosterior odds_ratio_posterior(const NormalNormalPosterior& post, bool predictive) {
  ExactPosterior e;
  e.cdf = [&post, predictive](double t) {
    if (!(t > 0.0)) return 0.0;
    return predictive ? predictive_effect_cdf(post, std::log(t)) : pooled_effect_cdf(post, std::log(t));
  };
  e.quantile = [&post, predictive](double p) {
    return std::exp(predictive ? predictive_effect_quantile(post, p) : pooled_effect_quantile(post, p));
  };
  // E exp(mu) and E exp(2 mu) of the normal mixture. A new study's OR has
  // E exp(theta_new) = E exp(M + (1/W + tau^2) / 2), infinite for priors on
  // tau with tails like half-Cauchy or half-normal(scale >= 1): NA.
  double m1 = 0.0, m2 = 0.0;
  for (size_t j = 0; j < post.weight.size(); ++j) {
    const double var = 1.0 / post.precision[j];
    m1 += post.weight[j] * std::exp(post.mean[j] + var / 2.0);
    m2 += post.weight[j] * std::exp(2.0 * post.mean[j] + 2.0 * var);
  }
  e.mean = predictive ? NAN : m1;
  e.sd = predictive ? NAN : std::sqrt(std::max(0.0, m2 - m1 * m1));
  return e;
}

ExactPosterior tau_posterior(const NormalNormalPosterior& post) {
  ExactPosterior e;
  e.cdf = [&post](double t) { return tau_cdf(post, t); };
  e.quantile = [&post](double p) { return tau_quantile(post, p); };
  const MixtureMoments m = tau_moments(post);
  e.mean = m.mean;
  e.sd = m.sd;
  return e;
}

ForestPlot forest_of(const std::string& name, const std::vector<StudyTable>& studies, const MetaFit& f,
                     const std::string& tau2_method) {
  ForestPlot plot;
  plot.title = name + ": odds ratios by study";
  for (std::size_t i = 0; i < studies.size(); ++i) {
    const StudyEffect& e = f.effects[i];
    plot.studies.push_back({studies[i].name, e.included ? e.odds_ratio : NAN, e.ci_lower, e.ci_upper, f.random_weight[i]});
  }
  plot.summaries.push_back({"Fixed effect (Mantel-Haenszel)", f.mh.odds_ratio, f.mh.or_ci_lower, f.mh.or_ci_upper});
  plot.summaries.push_back({"Random effects (" + tau2_method + ")", std::exp(f.random.estimate), std::exp(f.random.ci_lower),
                            std::exp(f.random.ci_upper)});
  plot.prediction_lower = std::exp(f.random.pi_lower);
  plot.prediction_upper = std::exp(f.random.pi_upper);
  return plot;
}

FunnelPlot funnel_of(const std::string& name, const MetaFit& f) {
  FunnelPlot plot;
  plot.title = name + ": funnel plot (fixed-effect estimate, pseudo 95% limits)";
  plot.log_odds_ratio = f.pooled.yi;
  for (double v : f.pooled.vi) plot.se.push_back(std::sqrt(v));
  plot.pooled_log_odds_ratio = f.fixed.estimate;
  return plot;
}

class PreparedMetaBinary final : public PreparedAnalysis {
 public:
  PreparedMetaBinary(const AnalysisConfig& config, const CsvTable& table, MissingPolicy missing)
      : config_(&config), data_(extract_study_tables(table, config.meta_columns, missing)) {
    std::size_t informative = 0;
    for (const auto& s : data_.studies) informative += !(config.drop_double_zero && is_double_zero(s));
    if (informative == 0)
      throw InputError(fmt::format("{}: analysis '{}': every study has no events in both arms (or only events); "
                                   "expected at least one study with information on the odds ratio",
                                   table.path, config.name));
    if (config.sampled() && static_cast<int>(informative) + 2 > kMaxDim)
      throw InputError(fmt::format("{}: analysis '{}': {} pooled studies give the binomial-normal model {} parameters; "
                                   "expected at most {} (use bayesian_model = \"normal_normal\" for larger meta-analyses)",
                                   table.path, config.name, informative, informative + 2, kMaxDim));
  }

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    double et = 0, nt = 0, ec = 0, nc = 0;
    for (const auto& s : data_.studies) {
      et += s.events_treatment;
      nt += s.total_treatment;
      ec += s.events_control;
      nc += s.total_control;
    }
    return fmt::format("{} studies, {}/{} events on treatment, {}/{} on control", data_.studies.size(), et, nt, ec, nc);
  }

  AnalysisResult run(const SamplingSettings& settings, SweepBackend& backend, Progress& progress) const override {
    const auto t0 = std::chrono::steady_clock::now();
    const AnalysisConfig& c = *config_;
    AnalysisResult result;
    result.config = config_;
    result.scale = "or";
    result.dropped_lines = data_.dropped_lines;
    const MetaFit f = fit_meta(data_.studies, c);
    FrequentistResult& out = result.fit;
    const MantelHaenszelResult& mh = f.mh;
    out.terms.push_back({.term = "mantel_haenszel", .estimate = mh.log_odds_ratio, .se = mh.se, .p = mh.p_value,
                         .lower = mh.or_ci_lower, .upper = mh.or_ci_upper});
    const MetaAnalysisResult& fe = f.fixed;
    const MetaAnalysisResult& re = f.random;
    out.terms.push_back({.term = "fixed_effect", .estimate = fe.estimate, .se = fe.se, .p = fe.p_value,
                         .lower = std::exp(fe.ci_lower), .upper = std::exp(fe.ci_upper)});
    out.terms.push_back({.term = "random_effects", .estimate = re.estimate, .se = re.se, .p = re.p_value,
                         .lower = std::exp(re.ci_lower), .upper = std::exp(re.ci_upper)});
    out.terms.push_back({.term = "prediction_interval", .estimate = re.estimate, .se = NAN, .z_test = false,
                         .lower = std::exp(re.pi_lower), .upper = std::exp(re.pi_upper)});

    // The paper's rule uses Higgins' I2 = max(0, (Q - df) / Q), the one of
    // the fixed-effect fit (metafor's I2 for method "EE" and "DL").
    const double higgins_i2 = fe.i2;
    const bool fixed = c.pooling == "fixed" || (c.pooling == "by_i2" && higgins_i2 < 50.0);
    FrequentistTerm pooled = fixed ? out.terms[0] : out.terms[2];
    pooled.term = "pooled";
    out.terms.push_back(pooled);

    const Tau2Interval& ci = f.tau2_interval;
    const double lo = f.has_interval ? ci.tau2_lower : NAN, hi = f.has_interval ? ci.tau2_upper : NAN;
    out.terms.push_back({.term = "tau2", .estimate = re.tau2, .se = re.se_tau2, .kind = TermKind::level, .z_test = false,
                         .lower = lo, .upper = hi});
    out.terms.push_back({.term = "I2", .estimate = re.i2, .se = NAN, .kind = TermKind::level, .z_test = false,
                         .lower = f.has_interval ? ci.i2_lower : NAN, .upper = f.has_interval ? ci.i2_upper : NAN});
    out.terms.push_back(
        {.term = "Q", .estimate = re.q, .se = NAN, .kind = TermKind::level, .z_test = false, .p = re.q_p_value});
    if (f.has_egger) {
      const EggerTestResult& e = f.egger;
      const double t = boost::math::quantile(boost::math::students_t(e.df), 0.975);
      // z column: the t statistic slope / se (k - 2 df; p from t)
      out.terms.push_back({.term = "egger_slope", .estimate = e.slope, .se = e.slope_se, .kind = TermKind::level,
                           .p = e.p_value, .lower = e.slope - t * e.slope_se, .upper = e.slope + t * e.slope_se});
    }
    out.loglik = out.loglik_null = NAN;
    out.converged = true;

    result.counts = {{"studies", data_.studies.size()},
                     {"studies_pooled", f.pooled.yi.size()},
                     {"tau2_method", c.tau2_method},
                     {"pooled", fixed ? "fixed (Mantel-Haenszel)" : "random effects"},
                     {"i2_higgins", higgins_i2},
                     {"q_df", re.q_df}};
    for (const auto& e : f.effects)
      if (e.double_zero && !e.included)
        result.warnings.push_back(fmt::format("study '{}' has no events in both arms (or only events): left out of the pooling", e.name));
    result.extra_files.emplace_back("studies.csv", studies_csv(data_.studies, f));
    result.extra_files.emplace_back("forest.svg", forest_svg(forest_of(c.name, data_.studies, f, c.tau2_method)));
    result.extra_files.emplace_back("funnel.svg", funnel_svg(funnel_of(c.name, f)));
    result.layout = "frequentist only";
    result.seconds_prepare = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (c.bayesian() && c.meta_model == "normal_normal") sweep_normal_normal(f, settings, progress, result);
    if (c.bayesian() && c.meta_model == "binomial_normal") {
      std::vector<StudyTable> pooled_studies;
      for (std::size_t i : f.pooled.study_index) pooled_studies.push_back(data_.studies[i]);
      result.counts["bayesian_model"] = "binomial_normal";
      result.counts["quadrature_nodes"] = c.quadrature_nodes;
      sweep_binomial_normal(pooled_studies, {re.estimate, std::sqrt(std::max(re.tau2, 0.0))}, c, settings, backend,
                            progress, result);
    }
    return result;
  }

 private:
  // The Bayesian normal-normal random-effects model on the studies' log odds
  // ratios, exact for every (effect prior, tau prior) of the grid.
  void sweep_normal_normal(const MetaFit& f, const SamplingSettings& settings, Progress& progress, AnalysisResult& result) const {
    const AnalysisConfig& c = *config_;
    const std::vector<double>& yi = f.pooled.yi;
    const std::vector<double>& vi = f.pooled.vi;
    result.grid = expand_prior_grid(c.prior_blocks, EffectScale::ratio, c.tau_prior_blocks, "tau_");
    result.term_names = {"treatment", "tau", "predictive"};
    result.term_scales = {"or", "sd", "or"};
    const std::vector<double> no_thresholds(c.thresholds.size(), NAN);
    run_exact_sweep(settings, progress, [&](const GridPoint& point) {
      const NormalNormalPosterior post =
          normal_normal_posterior(yi, vi, point.prior.a, point.prior.b, tau_prior_of(point));
      const ExactPosterior pooled = odds_ratio_posterior(post, false);
      PriorResult r;
      r.terms.push_back(summarize_exact(pooled, settings.levels, c.thresholds));
      r.terms.push_back(summarize_exact(tau_posterior(post), settings.levels, no_thresholds));
      r.terms.push_back(summarize_exact(odds_ratio_posterior(post, true), settings.levels, c.thresholds));
      r.decision = decide_exact(pooled, c);
      return r;
    }, result);
    result.counts["bayesian_model"] = "normal_normal";
    result.layout = "exact posterior (no chains): normal-normal random effects, tau integrated on a grid";
  }

  const AnalysisConfig* config_;
  ExtractedStudies data_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_meta_binary(const AnalysisConfig& config, const CsvTable& table,
                                                      MissingPolicy missing) {
  return std::make_unique<PreparedMetaBinary>(config, table, missing);
}

}  // namespace ps

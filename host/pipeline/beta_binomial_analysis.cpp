#include "host/pipeline/beta_binomial_analysis.hpp"

#include <boost/math/distributions/beta.hpp>
#include <array>
#include <cmath>
#include <fmt/format.h>

#include "host/data/arm_totals.hpp"
#include "host/exact/beta_contrast.hpp"
#include "host/grid/prior_grid.hpp"
#include "host/pipeline/exact_sweep.hpp"

namespace ps {

namespace {

ExactPosterior contrast_posterior(BetaContrastKind kind, BetaParameters t, BetaParameters c) {
  ExactPosterior e;
  e.cdf = [=](double x) { return beta_contrast_cdf(kind, t, c, x); };
  e.quantile = [=](double p) { return beta_contrast_quantile(kind, t, c, p); };
  const BetaContrastMoments m = beta_contrast_moments(kind, t, c);
  e.mean = m.mean;
  e.sd = m.sd;
  return e;
}

ExactPosterior risk_posterior(BetaParameters p) {
  const boost::math::beta_distribution<> beta(p.a, p.b);
  ExactPosterior e;
  e.cdf = [beta](double x) { return x <= 0.0 ? 0.0 : x >= 1.0 ? 1.0 : boost::math::cdf(beta, x); };
  e.quantile = [beta](double q) { return boost::math::quantile(beta, q); };
  e.mean = boost::math::mean(beta);
  e.sd = boost::math::standard_deviation(beta);
  return e;
}

// Log-likelihood of the two binomials with risks p[arm], with the binomial
// coefficients (as R's logLik of glm(cbind(events, n - events) ~ arm, binomial)).
double binomial_loglik(const ArmTotals& t, const std::array<double, 2>& p) {
  double ll = 0.0;
  for (int arm = 0; arm < 2; ++arm) {
    const double e = t.events[arm], n = t.totals[arm];
    ll += std::lgamma(n + 1) - std::lgamma(e + 1) - std::lgamma(n - e + 1);
    if (e > 0) ll += e * std::log(p[arm]);
    if (e < n) ll += (n - e) * std::log1p(-p[arm]);
  }
  return ll;
}

// Wald risk difference, log relative risk (Katz) and log odds ratio (Woolf).
// The ratios are undefined with a zero cell: reported as NA with a warning
// rather than with an arbitrary continuity correction.
FrequentistResult frequentist_of(const ArmTotals& t) {
  FrequentistResult f;
  const double et = t.events[0], nt = t.totals[0], ec = t.events[1], nc = t.totals[1];
  const double pt = et / nt, pc = ec / nc;
  f.terms.push_back({"risk_difference", pt - pc, std::sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc), TermKind::level});
  const bool zero_cell = et == 0 || ec == 0 || et == nt || ec == nc;
  if (zero_cell) {
    f.warnings.push_back("a zero cell: the relative risk and odds ratio have no finite estimate (reported as NA)");
    f.terms.push_back({"risk_ratio", NAN, NAN});
    f.terms.push_back({"odds_ratio", NAN, NAN});
  } else {
    f.terms.push_back({"risk_ratio", std::log(pt / pc), std::sqrt(1 / et - 1 / nt + 1 / ec - 1 / nc)});
    f.terms.push_back({"odds_ratio", std::log((et / (nt - et)) / (ec / (nc - ec))),
                       std::sqrt(1 / et + 1 / (nt - et) + 1 / ec + 1 / (nc - ec))});
  }
  f.loglik = binomial_loglik(t, {pt, pc});
  const double pooled = (et + ec) / (nt + nc);
  f.loglik_null = binomial_loglik(t, {pooled, pooled});
  f.converged = true;
  return f;
}

class PreparedBetaBinomial final : public PreparedAnalysis {
 public:
  PreparedBetaBinomial(const AnalysisConfig& config, const CsvTable* table, MissingPolicy missing)
      : config_(&config), totals_(analysis_arm_totals(config, table, missing)),
        grid_(expand_prior_grid(config.prior_blocks, EffectScale::difference, config.control_prior_blocks)) {}

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    return fmt::format("{}/{} events on treatment, {}/{} on control, {} priors", totals_.events[0], totals_.totals[0],
                       totals_.events[1], totals_.totals[1], grid_.points.size());
  }

  AnalysisResult run(const SamplingSettings& settings, SweepBackend&, Progress& progress) const override {
    const AnalysisConfig& c = *config_;
    AnalysisResult result;
    result.config = config_;
    result.grid = grid_;
    result.term_names = {"treatment", "risk_ratio", "odds_ratio", "risk_treatment", "risk_control"};
    result.scale = "ard";
    result.term_scales = {"ard", "rr", "or", "risk", "risk"};
    const auto whole = [](double x) { return static_cast<long long>(x); };
    result.counts = {{"patients", whole(totals_.totals[0] + totals_.totals[1])},
                     {"treatment", whole(totals_.totals[0])},
                     {"control", whole(totals_.totals[1])},
                     {"events_treatment", whole(totals_.events[0])},
                     {"events_control", whole(totals_.events[1])}};
    result.dropped_lines = totals_.dropped_lines;
    result.fit = frequentist_of(totals_);
    for (const auto& w : result.fit.warnings) result.warnings.push_back("frequentist fit: " + w);

    // Thresholds are on the ARD scale: the other terms get NA columns.
    const std::vector<double> no_thresholds(c.thresholds.size(), NAN);
    run_exact_sweep(settings, progress, [&](const GridPoint& point) {
      const double a = grid_.value(point, "a"), b = grid_.value(point, "b");
      const double ca = c.control_prior_blocks.empty() ? a : grid_.value(point, "control_a");
      const double cb = c.control_prior_blocks.empty() ? b : grid_.value(point, "control_b");
      const BetaParameters t{a + totals_.events[0], b + totals_.totals[0] - totals_.events[0]};
      const BetaParameters k{ca + totals_.events[1], cb + totals_.totals[1] - totals_.events[1]};
      const ExactPosterior ard = contrast_posterior(BetaContrastKind::difference, t, k);
      PriorResult r;
      r.terms.push_back(summarize_exact(ard, settings.levels, c.thresholds));
      r.terms.push_back(summarize_exact(contrast_posterior(BetaContrastKind::ratio, t, k), settings.levels, no_thresholds));
      r.terms.push_back(summarize_exact(contrast_posterior(BetaContrastKind::odds_ratio, t, k), settings.levels, no_thresholds));
      r.terms.push_back(summarize_exact(risk_posterior(t), settings.levels, no_thresholds));
      r.terms.push_back(summarize_exact(risk_posterior(k), settings.levels, no_thresholds));
      r.decision = decide_exact(ard, c);
      return r;
    }, result);
    return result;
  }

 private:
  const AnalysisConfig* config_;
  ArmTotals totals_;
  PriorGrid grid_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_beta_binomial(const AnalysisConfig& config, const CsvTable* table,
                                                        MissingPolicy missing) {
  return std::make_unique<PreparedBetaBinomial>(config, table, missing);
}

}  // namespace ps

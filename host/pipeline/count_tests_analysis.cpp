#include "host/pipeline/count_tests_analysis.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "host/data/arm_totals.hpp"
#include "host/frequentist/fisher_exact.hpp"
#include "host/frequentist/poisson_rate.hpp"

namespace ps {

namespace {

FrequentistResult fisher_result(const ArmTotals& t) {
  const auto n = [](double x) { return static_cast<long long>(x); };
  const FisherExactResult f = fisher_exact_test({n(t.events[0]), n(t.totals[0]), n(t.events[1]), n(t.totals[1])});
  FrequentistResult r;
  r.terms.push_back({.term = "odds_ratio", .estimate = std::log(f.odds_ratio), .se = NAN, .z_test = false,
                     .p = f.p_value, .lower = f.lower, .upper = f.upper});
  r.loglik = r.loglik_null = NAN;
  r.converged = true;
  return r;
}

FrequentistResult poisson_result(const ArmTotals& t) {
  const PoissonRateResult p = poisson_rate_ratio(t.events[0], t.totals[0], t.events[1], t.totals[1]);
  FrequentistResult r;
  r.terms.push_back({.term = "rate_ratio", .estimate = p.log_rate_ratio, .se = p.se, .p = p.p_value,
                     .lower = p.lower95, .upper = p.upper95});
  r.loglik = p.loglik;
  r.loglik_null = NAN;
  r.converged = std::isfinite(p.log_rate_ratio);
  if (!r.converged) r.warnings.push_back("an arm without events: the rate ratio has no finite estimate");
  return r;
}

class PreparedCountTest final : public PreparedAnalysis {
 public:
  PreparedCountTest(const AnalysisConfig& config, const CsvTable* table, MissingPolicy missing)
      : config_(&config), totals_(analysis_arm_totals(config, table, missing)) {}

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    const char* of = config_->model == "fisher" ? "patients" : "exposure";
    return fmt::format("treatment {} events ({} {}), control {} events ({} {})", totals_.events[0], totals_.totals[0],
                       of, totals_.events[1], totals_.totals[1], of);
  }

  AnalysisResult run(const SamplingSettings&, SweepBackend&, Progress&) const override {
    const auto t0 = std::chrono::steady_clock::now();
    AnalysisResult result;
    result.config = config_;
    const bool fisher = config_->model == "fisher";
    result.scale = fisher ? "or" : "rate_ratio";
    result.counts = {{"events_treatment", totals_.events[0]}, {"events_control", totals_.events[1]},
                     {fisher ? "treatment" : "exposure_treatment", totals_.totals[0]},
                     {fisher ? "control" : "exposure_control", totals_.totals[1]}};
    result.dropped_lines = totals_.dropped_lines;
    result.fit = fisher ? fisher_result(totals_) : poisson_result(totals_);
    for (const auto& w : result.fit.warnings) result.warnings.push_back("frequentist fit: " + w);
    result.layout = "frequentist only";
    result.seconds_prepare = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
  }

 private:
  const AnalysisConfig* config_;
  ArmTotals totals_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_count_test(const AnalysisConfig& config, const CsvTable* table,
                                                     MissingPolicy missing) {
  return std::make_unique<PreparedCountTest>(config, table, missing);
}

}  // namespace ps

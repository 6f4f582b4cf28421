#include "host/pipeline/survival_companion_analysis.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "host/frequentist/kaplan_meier.hpp"
#include "host/output/survival_curves.hpp"
#include "host/frequentist/logrank.hpp"

namespace ps {

namespace {

constexpr const char* kArmNames[2] = {"control", "treatment"};

// A survival probability or a median with its given interval: no test.
FrequentistTerm level_term(std::string name, double estimate, double se, double lower, double upper) {
  return {.term = std::move(name), .estimate = estimate, .se = se, .kind = TermKind::level, .z_test = false,
          .lower = lower, .upper = upper};
}

FrequentistResult kaplan_meier_rows(const CoxInput& in, const AnalysisConfig& c, nlohmann::json& counts) {
  FrequentistResult f;
  for (int arm : {1, 0}) {
    const KaplanMeierCurve curve = arm_kaplan_meier(in, arm);
    const std::string name = kArmNames[arm];
    for (size_t k = 0; k < c.at.size(); ++k) {
      const SurvivalAt s = survival_at(curve, c.at[k]);
      const std::string day = c.at_labels[k];
      f.terms.push_back(level_term(fmt::format("survival_day{}[{}]", day, name), s.surv, s.std_err, s.lower, s.upper));
      f.terms.push_back(level_term(fmt::format("cumulative_incidence_day{}[{}]", day, name), s.cum_incidence, s.std_err,
                                   s.cum_incidence_lower, s.cum_incidence_upper));
    }
    const MedianSurvival m = median_survival(curve);
    f.terms.push_back(level_term(fmt::format("median_survival[{}]", name), m.median, NAN, m.lower, m.upper));
    long long events = 0;
    for (long long d : curve.n_event) events += d;
    counts["events_" + name] = events;
  }
  f.loglik = f.loglik_null = NAN;
  f.converged = true;
  return f;
}

FrequentistResult logrank_rows(const CoxInput& in, nlohmann::json& counts) {
  const LogRankResult r = log_rank_test(in.time, in.event, in.treatment, in.n_strata > 1 ? in.stratum : std::vector<int>{});
  FrequentistResult f;
  // p of the chi-square test: the same as the Wald p of (O - E) / sqrt(V)
  f.terms.push_back({.term = "logrank", .estimate = r.log_hazard_ratio, .se = r.se_log_hazard_ratio, .p = r.p_value});
  f.loglik = f.loglik_null = NAN;
  f.converged = true;
  counts["observed"] = {{"treatment", r.observed[1]}, {"control", r.observed[0]}};
  counts["expected"] = {{"treatment", r.expected[1]}, {"control", r.expected[0]}};
  counts["chi_square"] = r.chi_square;
  return f;
}

class PreparedSurvivalCompanion final : public PreparedAnalysis {
 public:
  PreparedSurvivalCompanion(const AnalysisConfig& config, const CsvTable& table, MissingPolicy missing)
      : config_(&config), data_(extract_cox_input(table, config.columns, missing)) {}

  const AnalysisConfig& config() const override { return *config_; }

  std::string describe() const override {
    int events = 0;
    for (int e : data_.input.event) events += e;
    return fmt::format("{} patients, {} events, {} strata", data_.input.time.size(), events, data_.input.n_strata);
  }

  AnalysisResult run(const SamplingSettings&, SweepBackend&, Progress&) const override {
    const auto t0 = std::chrono::steady_clock::now();
    AnalysisResult result;
    result.config = config_;
    result.scale = config_->model == "logrank" ? "hr" : "survival";
    result.counts = arm_counts(data_.input.treatment);
    result.dropped_lines = data_.dropped_lines;
    result.fit = config_->model == "logrank" ? logrank_rows(data_.input, result.counts)
                                             : kaplan_meier_rows(data_.input, *config_, result.counts);
    if (config_->model == "kaplan_meier") result.extra_files.emplace_back("km.csv", survival_curves_csv(data_.input));
    result.layout = "frequentist only";
    result.seconds_prepare = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
  }

 private:
  const AnalysisConfig* config_;
  ExtractedCox data_;
};

}  // namespace

std::unique_ptr<PreparedAnalysis> prepare_survival_companion(const AnalysisConfig& config, const CsvTable& table,
                                                             MissingPolicy missing) {
  return std::make_unique<PreparedSurvivalCompanion>(config, table, missing);
}

}  // namespace ps

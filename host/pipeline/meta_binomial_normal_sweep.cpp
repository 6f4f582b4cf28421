#include "host/pipeline/meta_binomial_normal_sweep.hpp"

#include <cmath>
#include <map>
#include <mutex>
#include <memory>
#include <tuple>

#include "host/fit/numeric_laplace.hpp"
#include "host/grid/prior_grid.hpp"
#include "host/meta/binomial_normal_design.hpp"
#include "host/pipeline/prior_sweep.hpp"

namespace ps {

namespace {

// theta = [mu, log tau, alpha_1 .. alpha_k] where the search begins: the
// frequentist estimates, each control arm's smoothed log odds.
Eigen::VectorXd search_start(const BinomialNormalDesign& d, const MetaStart& start) {
  Eigen::VectorXd theta(2 + d.n_studies());
  theta[BinomialNormalView::kPooledEffect] = start.log_odds_ratio;
  theta[BinomialNormalView::kLogTau] = std::log(std::max(start.tau, 0.05));
  for (int i = 0; i < d.n_studies(); ++i) {
    const double p = (d.events_control[i] + 0.5) / (d.total_control[i] + 1.0);
    theta[BinomialNormalView::kFirstBaseline + i] = std::log(p / (1.0 - p));
  }
  return theta;
}

// The Laplace approximation for each grid point: tau's prior changes the
// posterior's shape in every coordinate, so each distinct tau prior gets its
// own base (mode and curvature of likelihood x tau prior x baseline priors x
// a N(0, 100^2) guard on mu); the point's effect prior is then one Newton step
// from it (laplace_for_prior), as in the other models.
class LaplacePerTauPrior {
 public:
  LaplacePerTauPrior(const BinomialNormalView& view, const ScalarPrior& baseline_prior, Eigen::VectorXd start)
      : view_(view), baseline_prior_(baseline_prior), start_(std::move(start)) {}

  // Called for many grid points at once (run_prior_sweep's threads): the
  // bases are made under a lock, and a map's entries stay where they are.
  PriorLaplace operator()(const GridPoint& point) {
    const ScalarPrior& tau = point.scale_prior;
    const auto key = std::make_tuple(static_cast<int>(tau.family), tau.a, tau.b, tau.c);
    const LaplaceBase* base = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto at = bases_.find(key);
      if (at == bases_.end()) {
        const MetaBinomialNormalPosterior shared{view_, ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0}, tau,
                                                 baseline_prior_};
        at = bases_
                 .emplace(key, numeric_laplace_base(
                                   [&shared](const Eigen::VectorXd& theta) { return shared.log_density(theta.data()); },
                                   start_))
                 .first;
      }
      base = &at->second;
    }
    return laplace_for_prior(*base, point.prior);
  }

 private:
  BinomialNormalView view_;
  ScalarPrior baseline_prior_;
  Eigen::VectorXd start_;
  std::mutex mutex_;
  std::map<std::tuple<int, double, double, double>, LaplaceBase> bases_;
};

}  // namespace

void sweep_binomial_normal(const std::vector<StudyTable>& studies, const MetaStart& start, const AnalysisConfig& config,
                           const SamplingSettings& settings, SweepBackend& backend, Progress& progress,
                           AnalysisResult& result) {
  auto design = std::make_shared<const BinomialNormalDesign>(build_binomial_normal_design(studies, config.quadrature_nodes));
  const BinomialNormalView view = design->view();
  result.grid = expand_prior_grid(config.prior_blocks, EffectScale::ratio, config.tau_prior_blocks, "tau_");
  result.term_names = {"treatment", "tau", "predictive"};
  result.term_scales = {"or", "sd", "or"};

  SweepJob job;
  job.model = MetaBinomialNormalPosterior{view, ScalarPrior{}, ScalarPrior{}, config.nuisance_prior};
  job.model_data = design;
  LaplacePerTauPrior laplace(view, config.nuisance_prior, search_start(*design, start));

  SweepSummaries summaries;
  summaries.coefficients = 2;  // mu (as the pooled OR) and log tau (as tau)
  summaries.without_thresholds = {BinomialNormalView::kLogTau};
  // A new study's log OR: theta_new = mu + tau z, z ~ N(0, 1), once per kept draw.
  summaries.derived.push_back({[](const double* saved, double z) {
    return saved[BinomialNormalView::kPooledEffect] + std::exp(saved[BinomialNormalView::kLogTau]) * z;
  }, /*moments=*/false});
  run_prior_sweep(std::move(job), [&laplace](const GridPoint& p) { return laplace(p); }, summaries, config, settings,
                  backend, progress, result);
}

}  // namespace ps

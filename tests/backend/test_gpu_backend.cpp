// The CUDA backend against its CPU twins (Stan Math's rule: every GPU
// function has a CPU twin and a test comparing them on the same inputs):
//   (a) log_density_batch vs CoxPosterior::log_density on the host, in
//       every layout (one thread, lane teams, block teams per vector), and
//       vs the double-precision reference at n = 100,000 (1e-3 absolute),
//   (b) the GPU sweep vs the CPU sweep: statistically equal posteriors, in
//       every layout, and on S1 (the CORIMUNO-like example data, Cox with age
//       and a 16-level centre factor),
//   (c) reproducibility: bitwise-identical draws across runs, grid
//       membership and chunk sizes (DESIGN.md, Randomness),
//   (d) the summaries computed on the device (kernels/term_summaries.cu) vs
//       the host's summarize_ratio_term on the same draws.
// Without a GPU the device tests skip; what can run anywhere (availability
// messages, chunk sizing) always runs. Data and jobs come from
// tests/support (build_cox_design, Laplace starts), as a run builds them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/chunk_summaries.hpp"
#include "host/backend/gpu_backend.hpp"
#include "host/design/cox_design.hpp"
#include "host/design/cox_sampling_data.hpp"
#include "host/design/ordinal_design.hpp"
#include "host/data/study_tables.hpp"
#include "host/fit/longitudinal_posterior_gradient.hpp"
#include "host/fit/numeric_laplace.hpp"
#include "host/meta/binomial_normal_design.hpp"
#include "host/summary/summary.hpp"
#include "models/philox.hpp"
#include "support/longitudinal_fixtures.hpp"
#include "support/simulated_trial.hpp"

#ifdef PRIORSWEEP_HAVE_CUDA
#include "kernels/sweep.hpp"
#endif

namespace ps {
namespace {

using test_support::hazard_ratio_request;
using test_support::laplace_job;

// The 13 BCG vaccine trials (tests/fixtures/meta_bcg.csv) as the
// binomial-normal model reads them, 20 quadrature nodes.
BinomialNormalDesign bcg_binomial_normal_design() {
  const CsvTable table = read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/meta_bcg.csv");
  return build_binomial_normal_design(extract_study_tables(table, AnalysisConfig::MetaColumns{}, MissingPolicy::error).studies, 20);
}
using test_support::run_all;

#define SKIP_WITHOUT_GPU()                                                                            \
  do {                                                                                                \
    std::string why_not;                                                                              \
    if (!gpu_backend_available(&why_not)) GTEST_SKIP() << "no usable GPU, test skipped: " << why_not; \
  } while (0)

// ---- runs everywhere ------------------------------------------------------

TEST(GpuBackendAvailability, ExplainsWhyNotAndRefusesToConstruct) {
  std::string why_not;
  if (gpu_backend_available(&why_not)) {
    EXPECT_EQ(make_gpu_backend()->name(), "gpu");
    return;
  }
  EXPECT_FALSE(why_not.empty());
#ifndef PRIORSWEEP_HAVE_CUDA
  EXPECT_EQ(why_not, "built without CUDA (PRIORSWEEP_CUDA=OFF or no CUDA compiler)");
#endif
  try {
    make_gpu_backend();
    FAIL() << "make_gpu_backend() returned without a usable GPU";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(why_not), std::string::npos) << e.what();
  }
}

TEST(GpuDeviceList, AllOrOrdinals) {
  EXPECT_TRUE(parse_device_list("all").empty());
  EXPECT_EQ(parse_device_list("0"), (std::vector<int>{0}));
  EXPECT_EQ(parse_device_list("2,0,1"), (std::vector<int>{2, 0, 1}));
  for (const char* bad : {"", "0,", ",1", "0,0", "gpu0", "-1", "1;2"})
    EXPECT_THROW(parse_device_list(bad), std::invalid_argument) << bad;
}

TEST(GpuChunkPriors, FitsFreeMemoryWithHeadroomAndCaps) {
  const size_t gib = size_t{1} << 30;
  GpuBackendOptions options;
  // 80 GiB free, 1 GiB per prior: 70 usable GiB but the 16 GiB host cap wins.
  EXPECT_EQ(gpu_chunk_priors(80 * gib, gib, 1000, options), 16u);
  options.max_chunk_bytes = size_t{1} << 50;
  EXPECT_EQ(gpu_chunk_priors(80 * gib, gib, 1000, options), 70u);
  EXPECT_EQ(gpu_chunk_priors(80 * gib, gib, 3, options), 3u);  // never more than the grid
  options.max_chunk_priors = 2;
  EXPECT_EQ(gpu_chunk_priors(80 * gib, gib, 1000, options), 2u);
  EXPECT_EQ(gpu_chunk_priors(80 * gib, gib, 0, options), 0u);
  // A prior larger than the host cap still runs, alone.
  GpuBackendOptions small_cap;
  small_cap.max_chunk_bytes = gib / 2;
  EXPECT_EQ(gpu_chunk_priors(80 * gib, gib, 10, small_cap), 1u);
  // Not even one prior fits: a clear error, not a crash later.
  EXPECT_THROW(gpu_chunk_priors(gib, gib, 10, GpuBackendOptions{}), std::runtime_error);
}

TEST(GpuSummaryBatchSegments, AQuarterOfFreeMemoryAtLeastOneAtMostAll) {
  const size_t gib = size_t{1} << 30;
  EXPECT_EQ(gpu_summary_batch_segments(80 * gib, gib, 1000), 20u);
  EXPECT_EQ(gpu_summary_batch_segments(80 * gib, gib, 7), 7u);
  EXPECT_EQ(gpu_summary_batch_segments(gib, 2 * gib, 10), 1u);
  EXPECT_EQ(gpu_summary_batch_segments(gib, gib, 0), 1u);
}

// ---- (a) log density: GPU batch vs host --------------------------------------

#ifdef PRIORSWEEP_HAVE_CUDA

std::vector<double> random_thetas(int dim, int count, double spread, uint64_t seed) {
  Philox4x32 rng(seed, 0);
  std::vector<double> thetas(static_cast<size_t>(dim) * count);
  for (double& t : thetas) t = spread * rng.normal();
  return thetas;
}

// Every layout the kernels have: one thread, lane teams inside a warp, and
// whole blocks per parameter vector (or per chain).
const std::vector<gpu::SweepLayout> kAllLayouts = {{1}, {2}, {4}, {8}, {16}, {32}, {64}, {256}, {1024}};

// The GPU batch in `layout` against `reference` (a host function of theta).
template <class Reference>
void expect_batch_matches(const CoxDesign& data, const ScalarPrior& effect, const std::vector<double>& thetas,
                          const gpu::SweepLayout& layout, Reference reference, double abs_tol, double rel_tol) {
  const CoxSamplingData sampling = make_cox_sampling_data(data.view());
  const CoxPosterior host_model{sampling.view(), effect, ScalarPrior{PriorFamily::student_t, 3.0, 0.0, 2.5}};
  const int d = host_model.dim();
  const size_t count = thetas.size() / d;
  const gpu::DeviceSweepModel device_model(host_model);
  std::vector<double> gpu_values(count);
  gpu::log_density_batch(device_model.model(), thetas.data(), count, gpu_values.data(), layout);
  for (size_t i = 0; i < count; ++i) {
    const double cpu = reference(host_model, &thetas[i * d]);
    if (!std::isfinite(cpu)) {
      EXPECT_EQ(gpu_values[i], cpu) << layout.name() << ", theta #" << i;
      continue;
    }
    EXPECT_NEAR(gpu_values[i], cpu, std::max(abs_tol, rel_tol * std::abs(cpu))) << layout.name() << ", theta #" << i;
  }
}

// The CPU twin: the same sampling form evaluated on the host. Device expf and
// the C library's expf may differ by an ulp or two, and teams add in another
// order, hence a tolerance of a few float roundings per event.
void expect_batch_matches_host(const CoxDesign& data, const ScalarPrior& effect, const std::vector<double>& thetas) {
  for (const gpu::SweepLayout& layout : kAllLayouts) {
    expect_batch_matches(
        data, effect, thetas, layout,
        [](const CoxPosterior& model, const double* theta) { return model.log_density(theta); }, 1e-5, 1e-6);
  }
}

TEST(GpuLogDensityBatch, MatchesHostOnTinyDataWithTiesStrataAndFactor) {
  SKIP_WITHOUT_GPU();
  for (Ties ties : {Ties::efron, Ties::breslow}) {
    const CoxDesign data = build_cox_design(test_support::tiny_cox_input(ties));
    auto thetas = random_thetas(data.dim, 500, 1.0, 7);
    thetas.insert(thetas.end(), data.dim, 0.0);    // the null model
    thetas.insert(thetas.end(), data.dim, 800.0);  // exp overflows: -inf on both
    for (const ScalarPrior& effect :
         {ScalarPrior{PriorFamily::normal, 0.0, 1.0, 1.0}, ScalarPrior{PriorFamily::student_t, 4.0, -0.2, 0.5}}) {
      expect_batch_matches_host(data, effect, thetas);
    }
  }
}

TEST(GpuLogDensityBatch, MatchesHostWithZeroPatients) {
  SKIP_WITHOUT_GPU();
  const CoxDesign data = build_cox_design(test_support::random_cox_input(0, 3));  // n = 0: the prior alone
  expect_batch_matches_host(data, ScalarPrior{}, random_thetas(data.dim, 64, 1.0, 3));
}

// DESIGN.md, Performance: at n = 100,000 the GPU's log density is within
// 1e-3 absolute of the double-precision CPU reference, in every layout.
TEST(GpuLogDensityBatch, WithinOneThousandthOfDoubleReferenceAtLargeN) {
  SKIP_WITHOUT_GPU();
  const CoxDesign data = build_cox_design(test_support::random_cox_input(100000, 11, 3, 0.01));
  const CoxView exact = data.view();
  const auto reference = [&exact](const CoxPosterior& model, const double* theta) {
    return model.log_prior(theta) + cox_log_partial_likelihood(exact, theta);
  };
  for (const gpu::SweepLayout& layout : kAllLayouts) {
    expect_batch_matches(data, ScalarPrior{PriorFamily::normal, 0.0, 0.5, 1.0}, random_thetas(data.dim, 64, 0.3, 5),
                         layout, reference, 1e-3, 0.0);
  }
}

// The ordinal model (the wine data of R's ordinal package, 4 cutpoints) in
// every layout against its host twin.
// The batch kernel against the host's log_density for 200 parameter vectors
// scattered around 0, in every layout. The ordinal models use the same
// double arithmetic on both sides; teams add the patients in another order
// (and the device's exp/log may differ by an ulp), hence the relative tolerance.
template <class Posterior>
void expect_model_batch_matches_host(const Posterior& host_model, uint64_t seed, double tolerance) {
  const int dim = host_model.dim();
  const std::vector<double> thetas = random_thetas(dim, 200, 0.8, seed);
  std::vector<double> expected(200);
  for (size_t i = 0; i < 200; ++i) expected[i] = host_model.log_density(&thetas[i * dim]);
  const gpu::DeviceSweepModel device_model(host_model);
  for (const gpu::SweepLayout& layout : kAllLayouts) {
    std::vector<double> got(200);
    gpu::log_density_batch(device_model.model(), thetas.data(), 200, got.data(), layout);
    for (size_t i = 0; i < 200; ++i) {
      if (!std::isfinite(expected[i])) {
        EXPECT_EQ(got[i], expected[i]) << layout.name() << " #" << i;
        continue;
      }
      EXPECT_NEAR(got[i], expected[i], tolerance * std::max(1.0, std::abs(expected[i]))) << layout.name() << " #" << i;
    }
  }
}

TEST(GpuLogDensityBatch, OrdinalMatchesHostInEveryLayout) {
  SKIP_WITHOUT_GPU();
  OrdinalColumns cols{"rating", {1, 2, 3, 4, 5}, "warm", {"contact"}, {}};
  const OrdinalInput input =
      extract_ordinal_input(read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/wine.csv"), cols, MissingPolicy::error)
          .input;
  const OrdinalDesign design = build_ordinal_design(input, OrdinalLink::logit);
  expect_model_batch_matches_host(OrdinalPosterior{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                                             ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0},
                            17, 1e-9);
}

// The longitudinal model: adaptive quadrature per patient inside every
// evaluation, on the who_long fixture (60 patients x 5 days, day effects).
TEST(GpuLogDensityBatch, OrdinalLongitudinalMatchesHostInEveryLayout) {
  SKIP_WITHOUT_GPU();
  const OrdinalLongitudinalDesign design = testing::load_longitudinal("who_long.csv", testing::who_long_columns(), 7);
  // Newton for the patients' modes may also stop one iteration apart.
  expect_model_batch_matches_host(OrdinalLongitudinalPosterior{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                                                         ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0},
                            19, 1e-8);
}

// The logistic model: the two-level case of the ordinal model, on the colon
// trial (tests/fixtures/colon_death.csv) with covariates and a factor.
TEST(GpuLogDensityBatch, LogisticMatchesHostInEveryLayout) {
  SKIP_WITHOUT_GPU();
  OrdinalColumns cols{"status", {0, 1}, "lev5fu", {"age", "nodes"}, {"extent"}, true};
  const OrdinalInput input =
      extract_ordinal_input(read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/colon_death.csv"), cols,
                            MissingPolicy::error)
          .input;
  const OrdinalDesign design = build_ordinal_design(input, OrdinalLink::logit);
  expect_model_batch_matches_host(OrdinalPosterior{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                                                   ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0},
                                  23, 1e-9);
}

// The binomial-normal meta-analysis: adaptive quadrature per study inside
// every evaluation, on the 13 BCG trials, with each kind of tau prior.
TEST(GpuLogDensityBatch, MetaBinomialNormalMatchesHostInEveryLayout) {
  SKIP_WITHOUT_GPU();
  const BinomialNormalDesign design = bcg_binomial_normal_design();
  for (const ScalarPrior& tau : {ScalarPrior{PriorFamily::normal, 0.0, 0.5, 0.0},
                                 ScalarPrior{PriorFamily::student_t, 1.0, 0.0, 0.5},
                                 ScalarPrior{PriorFamily::lognormal, -1.28, 0.87, 0.0}}) {
    MetaBinomialNormalPosterior model{design.view(), {}, {}, ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}};
    model.set_swept_prior(SweptPrior{ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0}, tau});
    expect_model_batch_matches_host(model, 29, 1e-9);
  }
}

#endif  // PRIORSWEEP_HAVE_CUDA

// ---- (b) GPU sweep vs CPU sweep ---------------------------------------------

// Per-chain statistic of theta[0] for prior p, then the pooled value and its
// Monte-Carlo standard error from the spread between chains.
struct PooledEstimate {
  double value = 0.0;
  double se = 0.0;
};

template <class Stat>
PooledEstimate pooled(const SweepChunk& run, const SweepJob& job, size_t p, Stat stat) {
  const size_t d = job.dim(), t_n = job.plan.draws, c_n = job.chains;
  std::vector<double> all, per_chain;
  for (size_t c = 0; c < c_n; ++c) {
    std::vector<double> chain;
    for (size_t t = 0; t < t_n; ++t) chain.push_back(run.draws[((p * c_n + c) * t_n + t) * d]);
    per_chain.push_back(stat(chain));
    all.insert(all.end(), chain.begin(), chain.end());
  }
  double mean = 0.0, var = 0.0;
  for (double v : per_chain) mean += v / c_n;
  for (double v : per_chain) var += (v - mean) * (v - mean) / (c_n - 1);
  return {stat(all), std::sqrt(var / c_n)};
}

double mean_of(std::vector<double> x) {
  double s = 0.0;
  for (double v : x) s += v;
  return s / x.size();
}

auto quantile_at(double q) {
  return [q](std::vector<double> x) {
    std::sort(x.begin(), x.end());
    const double at = q * (x.size() - 1);
    const size_t lo = static_cast<size_t>(at);
    const size_t hi = std::min(lo + 1, x.size() - 1);
    return x[lo] + (at - lo) * (x[hi] - x[lo]);
  };
}

// The GPU sweep in `layout` (0: the backend's choice) against the CPU sweep:
// mean and quantiles of the treatment effect per prior within Monte-Carlo
// error, and the acceptance rates.
void expect_gpu_sweep_matches_cpu(const SweepJob& job, int lanes_per_chain) {
  GpuBackendOptions options;
  options.lanes_per_chain = lanes_per_chain;
  const auto gpu_backend = make_gpu_backend(options);
  SCOPED_TRACE(gpu_backend->layout(job));
  const SweepChunk cpu = run_all(*make_cpu_backend(0), job);
  const SweepChunk gpu = run_all(*gpu_backend, job);
  ASSERT_EQ(cpu.draws.size(), gpu.draws.size());
  const size_t n_priors = job.n_priors();

  const std::vector<std::pair<const char*, std::function<double(std::vector<double>)>>> stats = {
      {"mean", mean_of}, {"q0.10", quantile_at(0.10)}, {"q0.50", quantile_at(0.50)}, {"q0.90", quantile_at(0.90)}};
  for (size_t p = 0; p < n_priors; ++p) {
    for (const auto& [name, stat] : stats) {
      const PooledEstimate a = pooled(cpu, job, p, stat);
      const PooledEstimate b = pooled(gpu, job, p, stat);
      // 5 standard errors: a false alarm is < 1e-5 per comparison.
      EXPECT_NEAR(a.value, b.value, 5.0 * std::hypot(a.se, b.se)) << "prior " << p << ", " << name;
    }
    double cpu_accept = 0.0, gpu_accept = 0.0;
    for (int c = 0; c < job.chains; ++c) {
      cpu_accept += cpu.stats[p * job.chains + c].accept_rate / job.chains;
      gpu_accept += gpu.stats[p * job.chains + c].accept_rate / job.chains;
    }
    EXPECT_NEAR(cpu_accept, gpu_accept, 0.03) << "prior " << p;
  }
}

TEST(GpuSweep, AgreesWithCpuSweepWithinMonteCarloErrorInEveryLayout) {
  SKIP_WITHOUT_GPU();
  const CoxDesign data = build_cox_design(test_support::random_cox_input(200, 21));
  const std::vector<ScalarPrior> priors = {{PriorFamily::normal, 0.0, 0.1, 1.0},
                                           {PriorFamily::normal, 0.0, 1.0, 1.0},
                                           {PriorFamily::student_t, 3.0, 0.5, 0.3}};
  const SweepJob job = laplace_job(data.view(), priors, 32, 500, 2000, 2024);
  for (int lanes : {0, 1, 8, 32, 128}) expect_gpu_sweep_matches_cpu(job, lanes);
}

// S1's model and data (examples/corimuno: n = 114, age and a 16-level centre
// factor, 17 coefficients) with a few of its priors.
TEST(GpuSweep, AgreesWithCpuSweepOnTheS1Trial) {
  SKIP_WITHOUT_GPU();
  CoxColumns cols;
  cols.time = "time";
  cols.event = "event";
  cols.treatment = "treatment";
  cols.covariates = {"age"};
  cols.factors = {"centre"};
  const CoxInput input =
      extract_cox_input(read_csv(std::string(PRIORSWEEP_SOURCE_DIR) + "/examples/corimuno/trial.csv"), cols,
                        MissingPolicy::error)
          .input;
  const CoxDesign data = build_cox_design(input);
  ASSERT_EQ(data.dim, 17);
  const std::vector<ScalarPrior> priors = {{PriorFamily::normal, std::log(0.5), 0.1, 1.0},
                                           {PriorFamily::normal, 0.0, 0.5, 1.0},
                                           {PriorFamily::normal, std::log(1.2), 2.0, 1.0},
                                           {PriorFamily::normal, 0.0, 1000.0, 1.0}};
  const SweepJob job = laplace_job(data.view(), priors, 16, 2000, 4000, 78);
  expect_gpu_sweep_matches_cpu(job, 0);
}

// The ordinal models' sweeps: the longitudinal one (which exercises the
// single-day cutpoint machinery too) on who_long, in the backend's layout and
// in lane teams, against the CPU sweep.
TEST(GpuSweep, AgreesWithCpuSweepOnTheLongitudinalOrdinalModel) {
  SKIP_WITHOUT_GPU();
  const OrdinalLongitudinalDesign design = testing::load_longitudinal("who_long.csv", testing::who_long_columns(), 5);
  const OrdinalLongitudinalPosterior shared{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0},
                                            ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0};
  Eigen::VectorXd start = Eigen::VectorXd::Zero(design.dim);
  for (int k = 0; k + 1 < design.view().n_categories; ++k) start[design.view().cutpoint_offset() + k] = k == 0 ? -5.0 : 0.0;
  const LaplaceBase base = gradient_laplace_base(
      [&shared](const Eigen::VectorXd& theta) { return longitudinal_posterior_gradient(shared, theta); }, start);
  SweepJob job;
  job.model = OrdinalLongitudinalPosterior{design.view(), ScalarPrior{}, shared.nuisance_prior, 1.0};
  job.chains = 16;
  job.seed = 99;
  job.plan.warmup = 400;
  job.plan.draws = 1500;
  job.plan.target_accept = default_target_accept(design.dim);
  for (const ScalarPrior& prior : {ScalarPrior{PriorFamily::normal, 0.0, 0.5, 0.0}, ScalarPrior{PriorFamily::normal, 0.0, 5.0, 0.0}}) {
    const PriorLaplace l = laplace_for_prior(base, prior);
    job.priors.push_back(prior);
    job.global_ids.push_back(job.global_ids.size());
    job.modes.insert(job.modes.end(), l.mode.begin(), l.mode.end());
    job.cholesky.insert(job.cholesky.end(), l.cholesky.begin(), l.cholesky.end());
  }
  for (int lanes : {0, 1, 8}) expect_gpu_sweep_matches_cpu(job, lanes);
}

// Two grid points that differ in both swept priors (the pooled effect's and
// tau's): the kernel must take both from its prior buffer.
TEST(GpuSweep, AgreesWithCpuSweepOnTheBinomialNormalMetaAnalysis) {
  SKIP_WITHOUT_GPU();
  const BinomialNormalDesign design = bcg_binomial_normal_design();
  const ScalarPrior baseline{PriorFamily::normal, 0.0, 10.0, 0.0};
  SweepJob job;
  job.model = MetaBinomialNormalPosterior{design.view(), {}, {}, baseline};
  job.chains = 16;
  job.seed = 41;
  job.plan.warmup = 1000;
  job.plan.draws = 4000;
  job.plan.target_accept = default_target_accept(job.dim());
  const std::vector<SweptPrior> priors = {
      {ScalarPrior{PriorFamily::normal, 0.0, 1000.0, 0.0}, ScalarPrior{PriorFamily::normal, 0.0, 0.5, 0.0}},
      {ScalarPrior{PriorFamily::normal, 0.0, 0.3, 0.0}, ScalarPrior{PriorFamily::lognormal, -1.35, 0.85, 0.0}}};
  for (const SweptPrior& prior : priors) {
    const MetaBinomialNormalPosterior shared{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 100.0, 0.0},
                                             prior.scale, baseline};
    Eigen::VectorXd start = Eigen::VectorXd::Constant(job.dim(), -3.0);
    start[0] = -0.7;
    start[1] = -0.5;
    const LaplaceBase base =
        numeric_laplace_base([&shared](const Eigen::VectorXd& t) { return shared.log_density(t.data()); }, start);
    const PriorLaplace l = laplace_for_prior(base, prior.effect);
    job.priors.push_back(prior);
    job.global_ids.push_back(job.global_ids.size());
    job.modes.insert(job.modes.end(), l.mode.begin(), l.mode.end());
    job.cholesky.insert(job.cholesky.end(), l.cholesky.begin(), l.cholesky.end());
  }
  for (int lanes : {0, 1, 4}) expect_gpu_sweep_matches_cpu(job, lanes);
}

// ---- (d) summaries on the device vs the host ------------------------------------

#ifdef PRIORSWEEP_HAVE_CUDA

// Device and host run the same chain_summary code on the same draws; they
// differ only where the device's exp or the host's FFT (for chains still
// correlated after many lags) rounds differently.
void expect_rows_near(const double* device, const double* host, int width, const std::string& what) {
  for (int j = 0; j < width; ++j) {
    if (std::isnan(host[j])) {
      EXPECT_TRUE(std::isnan(device[j])) << what << ", column " << j << ": " << device[j];
      continue;
    }
    EXPECT_NEAR(device[j], host[j], 1e-11 * std::max(1.0, std::abs(host[j]))) << what << ", column " << j;
  }
}

gpu::DeviceSummaryPlan device_plan(const SummaryRequest& r, int chains, int n_draws, size_t batch) {
  gpu::DeviceSummaryPlan plan = device_summary_plan(r, chains, n_draws);
  plan.batch_segments = batch;
  return plan;
}

// Segments with ties (rejected proposals repeat a value), odd chain lengths
// (the middle draw dropped), a slowly mixing segment (the host switches to
// its FFT), a constant one and one with a NaN (NaN diagnostics), in passes
// of 1, 2 and all segments.
TEST(GpuTermSummaries, MatchTheHostOnTiesOddLengthsSlowMixingAndDegenerateChains) {
  SKIP_WITHOUT_GPU();
  const SummaryRequest request = hazard_ratio_request(true);
  const int width = request.row_width();
  for (int n : {7, 400, 1001}) {
    const int chains = 4;
    const size_t per = static_cast<size_t>(chains) * n;
    const int segments = 6;
    std::vector<double> draws(segments * per);
    Philox4x32 rng(n, 0);
    for (int s = 0; s < segments; ++s)
      for (int c = 0; c < chains; ++c) {
        const double phi = s == 2 ? 0.995 : 0.6;
        double v = 0.1 * s - 0.2;
        for (int t = 0; t < n; ++t) {
          if (rng.uniform() > 0.3) v = phi * v + std::sqrt(1 - phi * phi) * 0.3 * rng.normal();
          draws[s * per + static_cast<size_t>(c) * n + t] = v;
        }
      }
    std::fill(draws.begin() + 3 * per, draws.begin() + 4 * per, -0.4);
    draws[4 * per + 5] = NAN;
    std::vector<double> host(segments * static_cast<size_t>(width));
    for (int s = 0; s < segments; ++s)
      summarize_ratio_term(ChainDraws{&draws[s * per], chains, n}, request.view(), &host[s * width]);
    for (size_t batch : {size_t{1}, size_t{2}, size_t{0}}) {
      std::vector<double> device(host.size(), -1.0);
      gpu::DeviceTermSummaries summaries(segments, chains, n, device_plan(request, chains, n, batch));
      summaries.set_draws(draws.data());
      summaries.summarize(device.data());
      for (int s = 0; s < segments; ++s)
        expect_rows_near(&device[s * width], &host[s * width], width,
                         "n " + std::to_string(n) + ", batch " + std::to_string(batch) + ", segment " + std::to_string(s));
    }
  }
}

// A sweep's rows from the device against the host's summaries of the draws
// that came back with them, in a lane-team and a one-thread layout; without
// keep_draws the same rows and no draws.
TEST(GpuTermSummaries, SweepRowsAreTheSummariesOfItsDraws) {
  SKIP_WITHOUT_GPU();
  const CoxDesign data = build_cox_design(test_support::random_cox_input(80, 9));
  const std::vector<ScalarPrior> priors = {{PriorFamily::normal, 0.0, 0.2, 1.0}, {PriorFamily::normal, 0.5, 2.0, 1.0}};
  SweepJob job = laplace_job(data.view(), priors, 4, 300, 600, 77);
  job.summary = hazard_ratio_request(true);
  const int w = saved_width(job.plan, job.dim());
  const int width = job.summary.row_width();
  for (int lanes : {1, 8}) {
    GpuBackendOptions options;
    options.lanes_per_chain = lanes;
    options.max_chunk_priors = 1;
    const SweepChunk with = run_all(*make_gpu_backend(options), job);
    ASSERT_EQ(with.summaries.size(), job.n_priors() * w * static_cast<size_t>(width));
    std::vector<double> host(static_cast<size_t>(width));
    for (size_t p = 0; p < job.n_priors(); ++p)
      for (int k = 0; k < w; ++k) {
        const std::vector<double> x = test_support::coefficient_draws(with, job, p, k);
        summarize_ratio_term(ChainDraws{x.data(), job.chains, saved_draws(job.plan)}, job.summary.view(), host.data());
        expect_rows_near(&with.summaries[(p * w + k) * width], host.data(), width,
                         "lanes " + std::to_string(lanes) + ", prior " + std::to_string(p) + ", k " + std::to_string(k));
      }
    SweepJob lean = job;
    lean.summary.keep_draws = false;
    const SweepChunk without = run_all(*make_gpu_backend(options), lean);
    EXPECT_TRUE(without.draws.empty());
    ASSERT_EQ(without.summaries.size(), with.summaries.size());
    EXPECT_EQ(std::memcmp(without.summaries.data(), with.summaries.data(), with.summaries.size() * sizeof(double)), 0);
  }
}

#endif  // PRIORSWEEP_HAVE_CUDA

// ---- (c) reproducibility ----------------------------------------------------

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

std::vector<double> prior_slice(const std::vector<double>& draws, const SweepJob& job, size_t p) {
  const size_t per_prior = static_cast<size_t>(job.chains) * job.plan.draws * job.dim();
  return {draws.begin() + p * per_prior, draws.begin() + (p + 1) * per_prior};
}

class GpuReproducibility : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    if (!gpu_backend_available(&why_not)) GTEST_SKIP() << "no usable GPU, test skipped: " << why_not;
    for (int p = 0; p < 5; ++p) priors_.push_back(ScalarPrior{PriorFamily::normal, 0.0, 0.2 + 0.3 * p, 1.0});
  }
  // A job over `priors` with global ids first_global_id, ...: 8 chains, 200
  // warmup steps and 300 draws each.
  SweepJob job(const std::vector<ScalarPrior>& priors, uint64_t seed, size_t first_global_id) const {
    return laplace_job(design_.view(), priors, 8, 200, 300, seed, first_global_id);
  }
  const CoxDesign design_ = build_cox_design(test_support::tiny_cox_input());
  std::vector<ScalarPrior> priors_;
};

TEST_F(GpuReproducibility, SameJobTwiceGivesIdenticalDraws) {
  const SweepJob grid = job(priors_, 99, 100);
  for (int lanes : {1, 4, 64}) {
    GpuBackendOptions options;
    options.lanes_per_chain = lanes;
    auto backend = make_gpu_backend(options);
    const SweepChunk first = run_all(*backend, grid);
    const SweepChunk second = run_all(*backend, grid);
    EXPECT_TRUE(bitwise_equal(first.draws, second.draws)) << backend->layout(grid);
  }
}

TEST_F(GpuReproducibility, PriorAloneEqualsPriorInGrid) {
  const SweepJob grid = job(priors_, 99, 100);
  const SweepJob alone = job({priors_[3]}, 99, 103);
  auto backend = make_gpu_backend();
  const SweepChunk in_grid = run_all(*backend, grid);
  const SweepChunk by_itself = run_all(*backend, alone);
  EXPECT_TRUE(bitwise_equal(prior_slice(in_grid.draws, grid, 3), by_itself.draws));
  // A different global id is a different stream.
  const SweepJob moved = job({priors_[3]}, 99, 7);
  EXPECT_FALSE(bitwise_equal(run_all(*backend, moved).draws, by_itself.draws));
}

TEST_F(GpuReproducibility, ChunkSizeDoesNotChangeDraws) {
  const SweepJob grid = job(priors_, 5, 0);
  size_t chunks = 0;
  // Within one layout (a lane team of 4 here); another layout adds in
  // another order and so gives other, equally valid draws.
  GpuBackendOptions team;
  team.lanes_per_chain = 4;
  const SweepChunk whole = run_all(*make_gpu_backend(team), grid, &chunks);
  EXPECT_EQ(chunks, 1u);
  for (size_t chunk : {1, 2, 4}) {
    GpuBackendOptions options = team;
    options.max_chunk_priors = chunk;
    const SweepChunk chunked = run_all(*make_gpu_backend(options), grid, &chunks);
    EXPECT_EQ(chunks, (priors_.size() + chunk - 1) / chunk);
    EXPECT_TRUE(bitwise_equal(whole.draws, chunked.draws)) << "max_chunk_priors = " << chunk;
  }
}

// Chunks shared between devices give the draws of one device. Two workers on
// the same device run the multi-device path (a model and buffers per worker,
// chunks alternating between them) on a machine with one GPU; with two GPUs
// the test also splits across them.
TEST_F(GpuReproducibility, SplittingChunksAcrossDevicesDoesNotChangeDraws) {
  const SweepJob grid = job(priors_, 5, 0);
  GpuBackendOptions one;
  one.lanes_per_chain = 4;
  one.max_chunk_priors = 1;
  one.devices = {0};
  const SweepChunk alone = run_all(*make_gpu_backend(one), grid);
  std::vector<std::vector<int>> splits = {{0, 0}, {0, 0, 0}};
#ifdef PRIORSWEEP_HAVE_CUDA
  std::string why_not;
  if (gpu::device_count(&why_not) >= 2) splits.push_back({0, 1});
#endif
  for (const auto& devices : splits) {
    GpuBackendOptions shared = one;
    shared.devices = devices;
    size_t chunks = 0;
    const SweepChunk split = run_all(*make_gpu_backend(shared), grid, &chunks);
    EXPECT_EQ(chunks, priors_.size());
    EXPECT_TRUE(bitwise_equal(alone.draws, split.draws)) << devices.size() << " workers";
  }
}

TEST_F(GpuReproducibility, EmptyGridDeliversNothing) {
  const SweepJob empty = job({}, 5, 0);
  size_t calls = 0;
  make_gpu_backend()->run(empty, [&](const SweepChunk&) { ++calls; });
  EXPECT_EQ(calls, 0u);
}

}  // namespace
}  // namespace ps

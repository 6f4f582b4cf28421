// The GPU teams' algorithms (models/lane_team.hpp) on CPU threads standing
// in for lanes (tests/support/thread_lanes.hpp), with CUDA's shuffle and
// barrier semantics: warp teams of 2..32 lanes and whole blocks.
//   (a) the collectives against their one-member definitions (SerialGroup):
//       exact on integer-valued inputs, bit-identical in every member;
//   (b) every model's team form of log_density -- each member evaluating its
//       stretch of patients, studies or subjects -- against the one-thread
//       log_density, on data with ties, strata, factors and empty scores;
//   (c) a whole chain run redundantly by every member of a team, as the
//       sweep kernel runs it: every member takes the same decisions and
//       writes the same draws (on the GPU a member that strayed would hang
//       its team at the next shuffle).
// The kernels run these same algorithms over warp shuffles; what stays for
// the GPU tests is the shuffles themselves (tests/backend/test_gpu_backend.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "host/data/csv.hpp"
#include "host/data/study_tables.hpp"
#include "host/design/cox_design.hpp"
#include "host/design/cox_sampling_data.hpp"
#include "host/design/ordinal_design.hpp"
#include "host/meta/binomial_normal_design.hpp"
#include "models/cox_posterior.hpp"
#include "models/meta_binomial_normal_posterior.hpp"
#include "models/ordinal_longitudinal_posterior.hpp"
#include "models/ordinal_posterior.hpp"
#include "models/philox.hpp"
#include "models/serial_group.hpp"
#include "support/longitudinal_fixtures.hpp"
#include "support/simulated_trial.hpp"
#include "support/thread_lanes.hpp"

namespace ps {
namespace {

using test_support::run_team;

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_all_members_agree(const std::vector<double>& values, const std::string& what) {
  for (size_t r = 1; r < values.size(); ++r)
    EXPECT_TRUE(same_bits(values[r], values[0])) << what << ": member " << r << " " << values[r] << " vs " << values[0];
}

// ---- (a) collectives ---------------------------------------------------------

template <int kLanes>
void check_collectives(int block_threads) {
  const int members = kLanes > 0 ? kLanes : block_threads;
  const std::string what = kLanes > 0 ? std::to_string(kLanes) + "-lane warp team" : std::to_string(block_threads) + "-thread block";
  SCOPED_TRACE(what);
  Philox4x32 rng(members, 1);
  for (int trial = 0; trial < 12; ++trial) {
    // Integer values: the tree's order of additions gives the exact sums.
    std::vector<double> part(members);
    std::vector<int> head(members);
    for (int r = 0; r < members; ++r) {
      part[r] = std::floor(100 * rng.uniform()) - 50;
      head[r] = trial == 1 ? 1 : (trial == 2 ? 0 : rng.uniform() < 0.2);
    }
    const double carry_in = std::floor(10 * rng.uniform());
    std::vector<double> expected(members);
    double carry = carry_in;
    for (int r = 0; r < members; ++r) expected[r] = SerialGroup{}.segmented_prefix(part[r], head[r] != 0, carry);

    std::vector<double> carries(members);
    const std::vector<double> before = run_team<kLanes>(
        [&](const auto& team) {
          double c = carry_in;
          const double b = team.segmented_prefix(part[team.rank()], head[team.rank()] != 0, c);
          carries[team.rank()] = c;
          return b;
        },
        block_threads);
    for (int r = 0; r < members; ++r) {
      EXPECT_EQ(before[r], expected[r]) << "trial " << trial << ", member " << r;
      EXPECT_EQ(carries[r], carry) << "trial " << trial << ", member " << r;
    }

    double total = 0.0;
    for (double v : part) total += v;
    const std::vector<double> sums = run_team<kLanes>([&](const auto& team) { return team.sum(part[team.rank()]); },
                                                      block_threads);
    for (int r = 0; r < members; ++r) EXPECT_EQ(sums[r], total) << "trial " << trial << ", member " << r;
  }

  // Real values: every member gets the same bits; products far outside the
  // double range still give their log.
  std::vector<double> real(members);
  std::vector<LogProduct> products(members);
  double log_total = 0.0;
  for (int r = 0; r < members; ++r) {
    real[r] = rng.normal();
    for (int k = 0; k < 40; ++k) {
      const double factor = std::exp(30.0 * rng.uniform());  // up to e^30 each: e^600 per member
      products[r].multiply(factor);
      log_total += std::log(factor);
    }
  }
  const std::vector<double> sums = run_team<kLanes>([&](const auto& team) { return team.sum(real[team.rank()]); },
                                                    block_threads);
  expect_all_members_agree(sums, "sum");
  double serial_sum = 0.0;
  for (double v : real) serial_sum += v;
  EXPECT_NEAR(sums[0], serial_sum, 1e-12 * members);
  const std::vector<double> logs = run_team<kLanes>(
      [&](const auto& team) { return team.log_of_product(products[team.rank()]); }, block_threads);
  expect_all_members_agree(logs, "log_of_product");
  EXPECT_NEAR(logs[0], log_total, 1e-12 * log_total);
}

TEST(LaneTeams, CollectivesEqualTheirOneMemberDefinitions) {
  check_collectives<2>(0);
  check_collectives<4>(0);
  check_collectives<8>(0);
  check_collectives<16>(0);
  check_collectives<32>(0);
  check_collectives<0>(64);
  check_collectives<0>(256);
}

// ---- (b) models evaluated by teams --------------------------------------------

std::vector<double> random_thetas(int dim, int count, double spread, uint64_t seed) {
  Philox4x32 rng(seed, 0);
  std::vector<double> thetas(static_cast<size_t>(dim) * count);
  for (double& t : thetas) t = spread * rng.normal();
  return thetas;
}

// The team form of `model.log_density` (kStretch units per member per tile,
// a coefficient table the members share) in every member, against the
// one-thread form: the same value up to the order of additions.
template <int kLanes, int kStretch, class Posterior>
void expect_team_matches_serial(const Posterior& model, const std::vector<double>& thetas, double tolerance,
                                int block_threads = 64) {
  const int dim = model.dim();
  SCOPED_TRACE(kLanes > 0 ? std::to_string(kLanes) + " lanes" : std::to_string(block_threads) + "-thread block");
  SCOPED_TRACE("stretch " + std::to_string(kStretch));
  for (size_t i = 0; i < thetas.size() / dim; ++i) {
    const double* theta = &thetas[i * dim];
    const double serial = model.log_density(theta);
    std::vector<float> table(static_cast<size_t>(dim) + 1);
    const std::vector<double> team = run_team<kLanes>(
        [&](const auto& group) { return model.template log_density<kStretch>(theta, table.data(), 1, group); },
        block_threads);
    expect_all_members_agree(team, "theta #" + std::to_string(i));
    if (!std::isfinite(serial)) {
      EXPECT_EQ(team[0], serial) << "theta #" << i;
      continue;
    }
    EXPECT_NEAR(team[0], serial, tolerance * std::max(1.0, std::abs(serial))) << "theta #" << i;
  }
}

template <class Posterior>
void expect_every_team_matches_serial(const Posterior& model, const std::vector<double>& thetas, double tolerance) {
  expect_team_matches_serial<2, 4>(model, thetas, tolerance);
  expect_team_matches_serial<8, 4>(model, thetas, tolerance);
  expect_team_matches_serial<8, 1>(model, thetas, tolerance);
  expect_team_matches_serial<32, 4>(model, thetas, tolerance);
  expect_team_matches_serial<0, 4>(model, thetas, tolerance, 64);
  expect_team_matches_serial<0, 4>(model, thetas, tolerance, 128);
}

// Tied whole-day times in three strata with a factor: tie groups and strata
// start inside a member's stretch, at its first patient, and span members.
TEST(LaneTeams, CoxPosteriorEqualsOneThreadOnTiesAndStrata) {
  for (Ties ties : {Ties::efron, Ties::breslow}) {
    SCOPED_TRACE(ties == Ties::efron ? "efron" : "breslow");
    const CoxDesign data = build_cox_design(test_support::random_cox_input(300, 31, 3, 0.05));
    const CoxSamplingData sampling = make_cox_sampling_data(data.view());
    CoxSamplingView view = sampling.view();
    view.ties = ties;
    const CoxPosterior model{view, ScalarPrior{PriorFamily::normal, 0.0, 1.0, 1.0},
                             ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}};
    std::vector<double> thetas = random_thetas(model.dim(), 6, 0.5, 3);
    thetas.insert(thetas.end(), model.dim(), 800.0);  // exp overflows: -inf in every member
    expect_every_team_matches_serial(model, thetas, 1e-12);
  }
  // Fewer patients than one tile, and none at all.
  for (int n : {5, 0}) {
    const CoxDesign small = build_cox_design(test_support::random_cox_input(n, 7));
    const CoxSamplingData sampling = make_cox_sampling_data(small.view());
    const CoxPosterior model{sampling.view(), ScalarPrior{PriorFamily::normal, 0.0, 1.0, 1.0},
                             ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}};
    expect_every_team_matches_serial(model, random_thetas(model.dim(), 3, 0.5, 5), 1e-12);
  }
}

TEST(LaneTeams, OrdinalPosteriorEqualsOneThread) {
  OrdinalColumns cols{"rating", {1, 2, 3, 4, 5}, "warm", {"contact"}, {}};
  const OrdinalInput input =
      extract_ordinal_input(read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/wine.csv"), cols, MissingPolicy::error)
          .input;
  const OrdinalDesign design = build_ordinal_design(input, OrdinalLink::logit);
  const OrdinalPosterior model{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                               ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0};
  expect_every_team_matches_serial(model, random_thetas(model.dim(), 6, 0.8, 17), 1e-12);
}

TEST(LaneTeams, OrdinalLongitudinalPosteriorEqualsOneThread) {
  const OrdinalLongitudinalDesign design = testing::load_longitudinal("who_long.csv", testing::who_long_columns(), 7);
  const OrdinalLongitudinalPosterior model{design.view(), ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                                           ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}, 1.0};
  expect_every_team_matches_serial(model, random_thetas(model.dim(), 3, 0.8, 19), 1e-12);
}

TEST(LaneTeams, MetaBinomialNormalPosteriorEqualsOneThread) {
  const CsvTable table = read_csv(std::string(PRIORSWEEP_TEST_DATA_DIR) + "/meta_bcg.csv");
  const BinomialNormalDesign design = build_binomial_normal_design(
      extract_study_tables(table, AnalysisConfig::MetaColumns{}, MissingPolicy::error).studies, 20);
  MetaBinomialNormalPosterior model{design.view(), {}, {}, ScalarPrior{PriorFamily::normal, 0.0, 10.0, 0.0}};
  model.set_swept_prior(SweptPrior{ScalarPrior{PriorFamily::normal, 0.0, 1.0, 0.0},
                                   ScalarPrior{PriorFamily::lognormal, -1.28, 0.87, 0.0}});
  expect_every_team_matches_serial(model, random_thetas(model.dim(), 4, 0.8, 29), 1e-12);
}

// ---- (c) one chain, every member -------------------------------------------------

// The Model run_chain sees in a team: the posterior's team form with the
// team's shared coefficient table (kernels/team_layout.cuh's TeamModel).
template <class Posterior, class Team>
struct EmulatedTeamModel {
  Posterior posterior;
  Team team;
  float* table;
  int dim() const { return posterior.dim(); }
  double log_density(const double* theta) const { return posterior.template log_density<4>(theta, table, 1, team); }
};

template <int kLanes>
void expect_members_run_the_same_chain(const SweepJob& job, int block_threads = 64) {
  const int members = kLanes > 0 ? kLanes : block_threads;
  SCOPED_TRACE(std::to_string(members) + " members");
  const int d = job.dim();
  CoxPosterior posterior = std::get<CoxPosterior>(job.model);
  posterior.set_swept_prior(job.priors[0]);
  const size_t values = static_cast<size_t>(saved_values_per_chain(job.plan, d));
  std::vector<std::vector<double>> draws(members, std::vector<double>(values));
  std::vector<ChainStats> stats(members);
  std::vector<float> table(static_cast<size_t>(d) + 1);
  run_team<kLanes>(
      [&](const auto& team) {
        const EmulatedTeamModel<CoxPosterior, std::decay_t<decltype(team)>> model{posterior, team, table.data()};
        Philox4x32 rng(job.seed, chain_stream_id(job.global_ids[0], 0, job.chains));
        run_chain(model, job.plan, job.modes.data(), job.cholesky.data(), rng, draws[team.rank()].data(),
                  stats[team.rank()]);
        return 0.0;
      },
      block_threads);
  for (int r = 1; r < members; ++r) {
    EXPECT_EQ(std::memcmp(draws[r].data(), draws[0].data(), values * sizeof(double)), 0) << "member " << r;
    EXPECT_TRUE(same_bits(stats[r].accept_rate, stats[0].accept_rate)) << "member " << r;
    EXPECT_TRUE(same_bits(stats[r].independence_probability, stats[0].independence_probability)) << "member " << r;
  }
  // And the chain is a real one: it moved.
  EXPECT_GT(stats[0].accept_rate, 0.05);
}

TEST(LaneTeams, EveryMemberRunsTheSameChain) {
  const CoxDesign data = build_cox_design(test_support::random_cox_input(120, 13, 2, 0.05));
  // Short: every step of an emulated team is a few dozen barriers.
  const SweepJob job = test_support::laplace_job(data.view(), {ScalarPrior{PriorFamily::normal, 0.0, 0.5, 1.0}}, 1,
                                                 40, 30, 99);
  expect_members_run_the_same_chain<8>(job);
  expect_members_run_the_same_chain<0>(job, 64);
}

}  // namespace
}  // namespace ps

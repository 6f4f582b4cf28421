// expand_prior_grid: the Cartesian product of each block's parameter values
// with the first parameter slowest, blocks concatenated in order (prior_id is
// the position in the list), param_names the union of the blocks' parameter
// names in first-seen order with NaN where a point's family lacks the
// parameter, and the mapping of each family to ScalarPrior (normal: a = mean,
// b = sd; student_t: a = df, b = location, c = scale).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "host/config/config.hpp"
#include "host/grid/prior_grid.hpp"

namespace {

ps::PriorBlock normal_block(std::vector<double> mean, std::vector<double> sd) {
  return {"normal", {{"mean", std::move(mean)}, {"sd", std::move(sd)}}};
}

ps::PriorBlock student_t_block(std::vector<double> df, std::vector<double> location, std::vector<double> scale) {
  return {"student_t", {{"df", std::move(df)}, {"location", std::move(location)}, {"scale", std::move(scale)}}};
}

TEST(PriorGrid, EmptyListOfBlocksGivesAnEmptyGrid) {
  const ps::PriorGrid grid = ps::expand_prior_grid({});
  EXPECT_TRUE(grid.points.empty());
  EXPECT_TRUE(grid.param_names.empty());
}

TEST(PriorGrid, SinglePoint) {
  const ps::PriorGrid grid = ps::expand_prior_grid({normal_block({0.1}, {2.0})});
  ASSERT_EQ(grid.points.size(), 1u);
  EXPECT_EQ(grid.param_names, (std::vector<std::string>{"mean", "sd"}));
  EXPECT_EQ(grid.points[0].family, "normal");
  EXPECT_EQ(grid.points[0].param_values, (std::vector<double>{0.1, 2.0}));
  EXPECT_EQ(grid.points[0].prior.family, ps::PriorFamily::normal);
  EXPECT_EQ(grid.points[0].prior.a, 0.1);
  EXPECT_EQ(grid.points[0].prior.b, 2.0);
}

TEST(PriorGrid, CartesianProductFirstParameterSlowest) {
  const ps::PriorGrid grid = ps::expand_prior_grid({normal_block({-1.0, 0.0, 1.0}, {0.5, 2.0})});
  const std::vector<std::pair<double, double>> expected = {{-1.0, 0.5}, {-1.0, 2.0}, {0.0, 0.5},
                                                           {0.0, 2.0},  {1.0, 0.5},  {1.0, 2.0}};
  ASSERT_EQ(grid.points.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const ps::GridPoint& p = grid.points[i];
    EXPECT_EQ(p.family, "normal") << i;
    EXPECT_EQ(p.param_values, (std::vector<double>{expected[i].first, expected[i].second})) << i;
    EXPECT_EQ(p.prior.family, ps::PriorFamily::normal) << i;
    EXPECT_EQ(p.prior.a, expected[i].first) << i;
    EXPECT_EQ(p.prior.b, expected[i].second) << i;
  }
}

TEST(PriorGrid, ThreeParametersOdometerOrder) {
  const ps::PriorGrid grid =
      ps::expand_prior_grid({student_t_block({3.0, 30.0}, {-0.1, 0.0}, {0.5, 1.0, 2.0})});
  ASSERT_EQ(grid.points.size(), 12u);
  EXPECT_EQ(grid.param_names, (std::vector<std::string>{"df", "location", "scale"}));
  size_t i = 0;
  for (double df : {3.0, 30.0})
    for (double loc : {-0.1, 0.0})
      for (double scale : {0.5, 1.0, 2.0}) {
        EXPECT_EQ(grid.points[i].param_values, (std::vector<double>{df, loc, scale})) << i;
        ++i;
      }
}

TEST(PriorGrid, SingleValueParameterDoesNotMultiply) {
  const ps::PriorGrid grid = ps::expand_prior_grid({student_t_block({3.0}, {0.0}, {0.35, 1.0})});
  ASSERT_EQ(grid.points.size(), 2u);
  EXPECT_EQ(grid.points[0].param_values, (std::vector<double>{3.0, 0.0, 0.35}));
  EXPECT_EQ(grid.points[1].param_values, (std::vector<double>{3.0, 0.0, 1.0}));
}

TEST(PriorGrid, StudentTMapsToScalarPrior) {
  const ps::PriorGrid grid = ps::expand_prior_grid({student_t_block({4.0}, {-0.2}, {0.7})});
  ASSERT_EQ(grid.points.size(), 1u);
  const ps::ScalarPrior& p = grid.points[0].prior;
  EXPECT_EQ(grid.points[0].family, "student_t");
  EXPECT_EQ(p.family, ps::PriorFamily::student_t);
  EXPECT_EQ(p.a, 4.0);   // df
  EXPECT_EQ(p.b, -0.2);  // location
  EXPECT_EQ(p.c, 0.7);   // scale
}

TEST(PriorGrid, BlocksConcatenateInOrderWithPriorIdAsPosition) {
  const ps::PriorGrid grid = ps::expand_prior_grid(
      {normal_block({0.0, 0.1}, {1.0}), student_t_block({3.0}, {0.0}, {0.35, 1.0}), normal_block({0.0}, {1000.0})});
  ASSERT_EQ(grid.points.size(), 5u);
  EXPECT_EQ(grid.param_names, (std::vector<std::string>{"mean", "sd", "df", "location", "scale"}));
  const std::vector<std::string> families = {"normal", "normal", "student_t", "student_t", "normal"};
  for (size_t i = 0; i < families.size(); ++i) {
    EXPECT_EQ(grid.points[i].family, families[i]) << i;
    EXPECT_EQ(grid.points[i].param_values.size(), grid.param_names.size()) << i;
  }
  EXPECT_EQ(grid.points[0].prior.a, 0.0);
  EXPECT_EQ(grid.points[1].prior.a, 0.1);
  EXPECT_EQ(grid.points[2].prior.c, 0.35);
  EXPECT_EQ(grid.points[3].prior.c, 1.0);
  EXPECT_EQ(grid.points[4].prior.b, 1000.0);
}

TEST(PriorGrid, AbsentParametersAreNaN) {
  const ps::PriorGrid grid =
      ps::expand_prior_grid({normal_block({0.5}, {1.5}), student_t_block({3.0}, {0.25}, {0.75})});
  ASSERT_EQ(grid.points.size(), 2u);
  ASSERT_EQ(grid.param_names, (std::vector<std::string>{"mean", "sd", "df", "location", "scale"}));
  const std::vector<double>& n = grid.points[0].param_values;
  EXPECT_EQ(n[0], 0.5);
  EXPECT_EQ(n[1], 1.5);
  EXPECT_TRUE(std::isnan(n[2]));
  EXPECT_TRUE(std::isnan(n[3]));
  EXPECT_TRUE(std::isnan(n[4]));
  const std::vector<double>& t = grid.points[1].param_values;
  EXPECT_TRUE(std::isnan(t[0]));
  EXPECT_TRUE(std::isnan(t[1]));
  EXPECT_EQ(t[2], 3.0);
  EXPECT_EQ(t[3], 0.25);
  EXPECT_EQ(t[4], 0.75);
}

TEST(PriorGrid, ParamNamesInFirstSeenOrder) {
  // A student_t block first: its names lead the union.
  const ps::PriorGrid grid =
      ps::expand_prior_grid({student_t_block({3.0}, {0.0}, {1.0}), normal_block({0.0}, {2.0, 3.0})});
  ASSERT_EQ(grid.param_names, (std::vector<std::string>{"df", "location", "scale", "mean", "sd"}));
  ASSERT_EQ(grid.points.size(), 3u);
  EXPECT_TRUE(std::isnan(grid.points[1].param_values[0]));
  EXPECT_EQ(grid.points[1].param_values[3], 0.0);
  EXPECT_EQ(grid.points[1].param_values[4], 2.0);
  EXPECT_EQ(grid.points[2].param_values[4], 3.0);
  EXPECT_EQ(grid.points[2].prior.family, ps::PriorFamily::normal);
  EXPECT_EQ(grid.points[2].prior.b, 3.0);
}

TEST(PriorGrid, SameFamilyInTwoBlocksSharesColumns) {
  const ps::PriorGrid grid = ps::expand_prior_grid({normal_block({0.0}, {1.0}), normal_block({-0.5, 0.5}, {10.0})});
  EXPECT_EQ(grid.param_names, (std::vector<std::string>{"mean", "sd"}));
  ASSERT_EQ(grid.points.size(), 3u);
  EXPECT_EQ(grid.points[1].param_values, (std::vector<double>{-0.5, 10.0}));
  EXPECT_EQ(grid.points[2].param_values, (std::vector<double>{0.5, 10.0}));
}

TEST(PriorGrid, ExampleConfigGridSize) {
  // examples/corimuno: 8 means x 6 SDs, the vague prior, 2 student_t scales.
  const ps::Config c = ps::load_config(std::string(PRIORSWEEP_SOURCE_DIR) + "/examples/corimuno/config.toml");
  const ps::PriorGrid grid = ps::expand_prior_grid(c.analyses.at(0).prior_blocks);
  ASSERT_EQ(grid.points.size(), 8u * 6u + 1u + 2u);
  EXPECT_EQ(grid.param_names, (std::vector<std::string>{"mean", "sd", "df", "location", "scale"}));
  // First parameter (mean) slowest: the first six points share the first mean
  // and run through the SD range, ending exactly on its end points.
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(grid.points[i].prior.a, grid.points[0].prior.a) << i;
  EXPECT_DOUBLE_EQ(grid.points[0].prior.b, 0.1);  // exactness of range ends: tests/config
  EXPECT_EQ(grid.points[5].prior.b, 2.0);
  EXPECT_DOUBLE_EQ(grid.points[6].prior.b, 0.1);
  EXPECT_EQ(grid.points[47].prior.a, 0.1823215567939546);
  EXPECT_EQ(grid.points[48].prior.b, 1000.0);
  EXPECT_EQ(grid.points[49].family, "student_t");
  EXPECT_EQ(grid.points[49].prior.a, 3.0);
  EXPECT_EQ(grid.points[50].prior.c, 1.0);
}

}  // namespace

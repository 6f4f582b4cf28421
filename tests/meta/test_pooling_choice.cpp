// choose_pooling_model: the paper's "fixed effect if I^2 < 50%, random effects otherwise".
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

#include "host/meta/pooling_choice.hpp"

namespace ps {
namespace {

TEST(MetaPoolingChoice, FixedBelowFiftyPercent) {
  EXPECT_EQ(choose_pooling_model(0.0), PoolingModel::FixedEffect);
  EXPECT_EQ(choose_pooling_model(49.999), PoolingModel::FixedEffect);
  EXPECT_EQ(choose_pooling_model(50.0), PoolingModel::RandomEffects);  // "< 50%" is fixed; 50% is not
  EXPECT_EQ(choose_pooling_model(92.6), PoolingModel::RandomEffects);
  EXPECT_EQ(choose_pooling_model(30.0, 25.0), PoolingModel::RandomEffects);
  EXPECT_EQ(pooling_model_name(PoolingModel::FixedEffect), "fixed effect");
  EXPECT_EQ(pooling_model_name(PoolingModel::RandomEffects), "random effects");
}

TEST(MetaPoolingChoice, RejectsBadInput) {
  EXPECT_THROW(choose_pooling_model(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(choose_pooling_model(-1.0), std::invalid_argument);
  EXPECT_THROW(choose_pooling_model(101.0), std::invalid_argument);
  EXPECT_THROW(choose_pooling_model(10.0, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace ps

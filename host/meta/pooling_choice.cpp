// Fixed effect if I^2 < 50%, random effects otherwise; see pooling_choice.hpp.
#include "host/meta/pooling_choice.hpp"

#include <stdexcept>

namespace ps {

PoolingModel choose_pooling_model(double i2_percent, double threshold_percent) {
  if (!(i2_percent >= 0.0 && i2_percent <= 100.0)) {
    throw std::invalid_argument("choose_pooling_model: I^2 must be a percentage in [0, 100]");
  }
  if (!(threshold_percent > 0.0 && threshold_percent <= 100.0)) {
    throw std::invalid_argument("choose_pooling_model: the threshold must be in (0, 100]");
  }
  return i2_percent < threshold_percent ? PoolingModel::FixedEffect : PoolingModel::RandomEffects;
}

std::string pooling_model_name(PoolingModel model) {
  return model == PoolingModel::FixedEffect ? "fixed effect" : "random effects";
}

}  // namespace ps

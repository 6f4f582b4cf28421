#include "host/grid/stated_priors.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <stdexcept>

namespace ps {

namespace {

double qnorm(double p) { return boost::math::quantile(boost::math::normal(), p); }

}  // namespace

double to_model_scale(double reported, EffectScale scale) {
  return scale == EffectScale::ratio ? std::log(reported) : reported;
}

NormalPrior normal_from_tail(double median, double threshold, double probability, EffectScale scale) {
  const double mean = to_model_scale(median, scale);
  const double sd = (to_model_scale(threshold, scale) - mean) / qnorm(probability);
  if (!(sd > 0.0) || !std::isfinite(sd))
    throw std::invalid_argument("normal_from_tail: the threshold is not on the side of the median its probability says");
  return {mean, sd};
}

double belief_tail_probability(const std::string& strength) {
  if (strength == "weak") return 0.30;
  if (strength == "moderate") return 0.15;
  if (strength == "strong") return 0.05;
  throw std::invalid_argument("belief_tail_probability: unknown strength '" + strength + "'");
}

NormalPrior belief_prior(const std::string& belief, const std::string& strength, double effect, EffectScale scale) {
  const double d = to_model_scale(effect, scale);
  if (!(d < 0.0)) throw std::invalid_argument("belief_prior: the anticipated effect must be a benefit");
  const double sd = -d / qnorm(1.0 - belief_tail_probability(strength));
  if (belief == "neutral") return {0.0, sd};
  if (belief == "optimistic") return {d, sd};
  if (belief == "pessimistic") return {-d, sd};
  throw std::invalid_argument("belief_prior: unknown belief '" + belief + "'");
}

}  // namespace ps

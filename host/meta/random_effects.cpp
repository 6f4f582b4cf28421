// Fixed- and random-effects inverse-variance pooling as metafor's rma.uni; see random_effects.hpp.
#include "host/meta/random_effects.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "host/meta/inverse_variance.hpp"
#include "host/meta/tau2_estimators.hpp"

namespace ps {

std::string tau2_method_name(Tau2Method method) {
  switch (method) {
    case Tau2Method::EqualEffects: return "EE";
    case Tau2Method::DerSimonianLaird: return "DL";
    case Tau2Method::SidikJonkman: return "SJ";
    case Tau2Method::REML: return "REML";
    case Tau2Method::PauleMandel: return "PM";
  }
  throw std::invalid_argument("tau2_method_name: unknown method");
}

namespace {

Tau2Estimate estimate_tau2(Tau2Method method, const std::vector<double>& yi, const std::vector<double>& vi) {
  switch (method) {
    case Tau2Method::EqualEffects: return {0.0, std::numeric_limits<double>::quiet_NaN(), 0};
    case Tau2Method::DerSimonianLaird: return tau2_dersimonian_laird(yi, vi);
    case Tau2Method::SidikJonkman: return tau2_sidik_jonkman(yi, vi);
    case Tau2Method::REML: return tau2_reml(yi, vi);
    case Tau2Method::PauleMandel: return tau2_paule_mandel(yi, vi);
  }
  throw std::invalid_argument("meta_analysis: unknown tau^2 method");
}

}  // namespace

MetaAnalysisResult meta_analysis(const std::vector<double>& yi, const std::vector<double>& vi,
                                 const MetaAnalysisOptions& options) {
  validate_effect_sizes(yi, vi);
  if (!(options.conf_level > 0.0 && options.conf_level < 1.0)) {
    throw std::invalid_argument("meta_analysis: conf_level must be in (0, 1)");
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t k = yi.size();
  const double alpha = 1.0 - options.conf_level;
  const bool equal_effects = options.method == Tau2Method::EqualEffects;

  MetaAnalysisResult r;
  r.method = options.method;
  r.knapp_hartung = options.knapp_hartung;
  r.k = k;

  // tau^2 (k = 1: 0 without an estimator, as rma.uni's "k1" method).
  if (k == 1) {
    r.tau2 = 0.0;
    r.se_tau2 = nan;
  } else {
    const Tau2Estimate t = estimate_tau2(options.method, yi, vi);
    r.tau2 = t.tau2;
    r.se_tau2 = t.se;
  }
  r.tau = std::sqrt(r.tau2);

  // Pooled estimate.
  const InverseVarianceSums s = inverse_variance_sums(yi, vi, r.tau2);
  r.estimate = s.mean;
  double variance = 1.0 / s.sum_w;
  double crit = 0.0;
  if (options.knapp_hartung) {
    const double s2w = s.q <= DBL_EPSILON ? 0.0 : s.q / static_cast<double>(k - 1);
    variance *= s2w;  // k = 1: s.q = 0, so s2w = 0 and the df are 0
    r.se = std::sqrt(variance);
    r.statistic = r.estimate / r.se;
    r.df = static_cast<double>(k) - 1.0;
    if (k > 1) {
      const boost::math::students_t t(r.df);
      r.p_value = 2.0 * boost::math::cdf(boost::math::complement(t, std::fabs(r.statistic)));
      crit = boost::math::quantile(boost::math::complement(t, alpha / 2.0));
    } else {
      r.p_value = crit = nan;
    }
  } else {
    r.se = std::sqrt(variance);
    r.statistic = r.estimate / r.se;
    r.df = nan;
    const boost::math::normal normal;
    r.p_value = 2.0 * boost::math::cdf(boost::math::complement(normal, std::fabs(r.statistic)));
    crit = boost::math::quantile(boost::math::complement(normal, alpha / 2.0));
  }
  r.ci_lower = r.estimate - crit * r.se;
  r.ci_upper = r.estimate + crit * r.se;
  if (equal_effects) {
    r.pi_lower = r.pi_upper = nan;
  } else {
    const double pi_se = std::sqrt(variance + r.tau2);
    r.pi_lower = r.estimate - crit * pi_se;
    r.pi_upper = r.estimate + crit * pi_se;
  }

  // Weights.
  r.weight_percent.resize(k);
  for (std::size_t i = 0; i < k; ++i) r.weight_percent[i] = 100.0 / (vi[i] + r.tau2) / s.sum_w;

  // Heterogeneity.
  r.q_df = static_cast<double>(k) - 1.0;
  if (k == 1) {
    r.q = 0.0;
    r.q_p_value = 1.0;
    r.i2 = 0.0;
    r.h2 = 1.0;
    r.typical_within_variance = 0.0;
    return r;
  }
  r.q = std::max(0.0, generalised_q(yi, vi, 0.0));
  r.q_p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(r.q_df), r.q));
  r.typical_within_variance = typical_within_variance(vi);
  if (equal_effects) {
    // R: max(0, 100 * (QE - (k - 1)) / QE) is max(0, -Inf) = 0 when QE = 0.
    r.i2 = r.q > 0.0 ? std::max(0.0, 100.0 * (r.q - r.q_df) / r.q) : 0.0;
    r.h2 = r.q / r.q_df;
  } else {
    r.i2 = 100.0 * r.tau2 / (r.typical_within_variance + r.tau2);
    r.h2 = r.tau2 / r.typical_within_variance + 1.0;
  }
  return r;
}

}  // namespace ps

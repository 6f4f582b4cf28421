// Inverse-variance pooling of per-study effects (log odds ratios): the
// fixed ("equal") effect model and the random-effects model with tau^2 by
// DerSimonian-Laird, Sidik-Jonkman, REML or Paule-Mandel, as metafor 3.8's
//   res <- rma(yi, vi, method = "EE" | "DL" | "SJ" | "REML" | "PM")   (test = "z")
// with weights(res) and predict(res) (pi.lb, pi.ub); optionally the
// Knapp-Hartung adjustment, rma(..., test = "knha"). The Q-profile CI for
// tau^2 is q_profile.hpp (confint(res)).
//
// Maths (intercept-only model, k studies, w_i = 1/(v_i + tau2), tau2 = 0 for EE):
//   mu = sum w y / sum w,  se = (sum w)^(-1/2),  z = mu / se,
//   p = 2 (1 - Phi(|z|)),  CI = mu -/+ qnorm(1 - a/2) se,  a = 1 - conf_level,
//   weights (percent) = 100 w_i / sum w,
//   prediction interval = mu -/+ qnorm(1 - a/2) sqrt(se^2 + tau2)
//     (predict.rma's default; EE: metafor gives none, NaN here).
//   Knapp-Hartung: se^2 *= s2w = Q(tau2) / (k - 1) (0 when Q(tau2) <= DBL_EPSILON,
//     as metafor; not truncated at 1, that is test = "adhoc"), t with k - 1 df for
//     p, CI and the prediction interval.
// Heterogeneity (always at the tau2 = 0 weights): Cochran's Q, its chi^2
// p-value on k - 1 df, and metafor's I^2 / H^2, which differ by model:
//   EE:  I^2 = max(0, 100 (Q - (k-1)) / Q),  H^2 = Q / (k - 1)   (H^2 < 1 possible);
//   RE:  I^2 = 100 tau2 / (s^2 + tau2),       H^2 = tau2 / s^2 + 1,
//   with s^2 = (k - 1) / tr P the typical within-study variance.
// k = 1: as rma.uni, tau2 = 0 for every method (se_tau2 NaN), Q = 0, p = 1,
// I^2 = 0, H^2 = 1, s^2 = 0; the pooled estimate is the study's; with
// Knapp-Hartung (0 df) p, CI and PI are NaN.
// Why: the paper pools with a fixed effect when I^2 < 50% and random effects
// otherwise (pooling_choice.hpp); the alternatives are reported for
// sensitivity, the prediction interval for the spread of true effects.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ps {

enum class Tau2Method { EqualEffects, DerSimonianLaird, SidikJonkman, REML, PauleMandel };

// metafor's method names: "EE", "DL", "SJ", "REML", "PM".
std::string tau2_method_name(Tau2Method method);

struct MetaAnalysisOptions {
  Tau2Method method = Tau2Method::REML;
  bool knapp_hartung = false;  // rma(..., test = "knha")
  double conf_level = 0.95;
};

struct MetaAnalysisResult {
  Tau2Method method = Tau2Method::REML;
  bool knapp_hartung = false;
  std::size_t k = 0;
  // Pooled effect (log odds ratio scale).
  double estimate = 0.0, se = 0.0;
  double statistic = 0.0;  // z, or t with Knapp-Hartung
  double df = 0.0;         // NaN for z; k - 1 with Knapp-Hartung
  double p_value = 1.0, ci_lower = 0.0, ci_upper = 0.0;
  double pi_lower = 0.0, pi_upper = 0.0;  // prediction interval; NaN for EE
  // Between-study variance.
  double tau2 = 0.0, tau = 0.0;
  double se_tau2 = 0.0;  // NaN for EE and for k = 1
  // Heterogeneity.
  double q = 0.0, q_df = 0.0, q_p_value = 1.0, i2 = 0.0, h2 = 1.0;
  double typical_within_variance = 0.0;  // metafor's vt
  std::vector<double> weight_percent;    // per study, in input order
};

// Throws std::invalid_argument for invalid yi/vi (validate_effect_sizes) or
// conf_level outside (0, 1).
MetaAnalysisResult meta_analysis(const std::vector<double>& yi, const std::vector<double>& vi,
                                 const MetaAnalysisOptions& options = {});

}  // namespace ps

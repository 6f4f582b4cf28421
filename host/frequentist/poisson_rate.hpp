// Rate ratio of treatment vs control events with a log-exposure offset: the
// Poisson GLM events ~ arm + offset(log(exposure)) fitted to one row per arm,
// as R's glm(events ~ arm + offset(log(exposure)), family = poisson) with
// d <- data.frame(arm = c(0, 1), events = c(ec, et), exposure = c(Ec, Et)).
//
// Maths. Two rows and two parameters: the model is saturated, so the MLE has
// a closed form, fitted = observed, and
//   log rate ratio = log(e_t / E_t) - log(e_c / E_c),
//   SE (Wald, inverse observed = expected information) = sqrt(1/e_t + 1/e_c),
//   z = log RR / SE,  p = 2 Phi(-|z|),  95% CI = exp(log RR -/+ qnorm(0.975) SE)
//   (as exp(confint.default(fit))), and the log-likelihood
//   sum over the two rows of dpois(e, e, log = TRUE) = e log e - e - lgamma(e + 1)
//   (0 log 0 = 0), i.e. logLik(fit) of the two-row aggregated GLM. Fitting
//   one row per patient instead gives the same estimate and SE but a
//   log-likelihood that differs by a constant depending on the individual counts.
// Zero events in an arm: the MLE of the log rate ratio is -inf (treatment) or
// +inf (control), NaN when both arms have none; no continuity correction is
// invented. At an infinite MLE the Wald SE, z, p and the CI limits are
// undefined and reported as NaN; rate_ratio is 0, +inf (or NaN) and loglik
// stays finite. (R's glm instead stops at a large finite coefficient with a
// huge SE and p close to 1, depending on its convergence settings.)
#pragma once

namespace ps {

struct PoissonRateResult {
  double log_rate_ratio = 0.0;  // treatment vs control
  double se = 0.0;              // Wald SE of the log rate ratio
  double z = 0.0;
  double p_value = 1.0;         // two-sided Wald
  double rate_ratio = 1.0;
  double lower95 = 0.0, upper95 = 0.0;  // 95% Wald CI for the rate ratio
  double loglik = 0.0;          // log-likelihood of the two-row GLM at the MLE
};

// Events: non-negative whole numbers; exposures: positive and finite (patients,
// patient-years...). Anything else throws std::invalid_argument.
PoissonRateResult poisson_rate_ratio(double events_treatment, double exposure_treatment, double events_control,
                                     double exposure_control);

}  // namespace ps

# Reference values for tests/fit/test_cox_fit_vs_r.cpp, computed once with R
# (CI has no R). Run from the repository root:
#   Rscript scripts/r_reference/cox_reference.R
# Used: R 4.2.2, survival 3.5.3. The output is pasted into the test.
library(survival)
ctl <- coxph.control(eps = 1e-14, iter.max = 200, toler.chol = 1e-15)
f <- function(x) paste(sprintf("%.15g", x), collapse = ", ")

d <- read.csv("tests/fixtures/cox_ties.csv")
fits <- list(
  efron            = Surv(time, event) ~ treatment + age + factor(centre),
  breslow          = Surv(time, event) ~ treatment + age + factor(centre),
  efron_strata     = Surv(time, event) ~ treatment + age + factor(centre) + strata(site),
  breslow_strata   = Surv(time, event) ~ treatment + age + factor(centre) + strata(site)
)
# A fixed, non-optimal parameter for a likelihood-only check (order as coef).
beta_fixed <- c(-0.3, 0.02, 0.5, -0.2, 0.1)
for (name in names(fits)) {
  ties <- if (grepl("breslow", name)) "breslow" else "efron"
  fit <- coxph(fits[[name]], data = d, ties = ties, control = ctl)
  at_fixed <- coxph(fits[[name]], data = d, ties = ties, init = beta_fixed,
                    control = coxph.control(iter.max = 0))
  cat("## ", name, "\n", sep = "")
  cat("terms:          ", paste(names(coef(fit)), collapse = ", "), "\n")
  cat("coef:           ", f(coef(fit)), "\n")
  cat("se:             ", f(sqrt(diag(vcov(fit)))), "\n")
  cat("loglik:         ", f(fit$loglik[2]), "\n")
  cat("loglik_null:    ", f(fit$loglik[1]), "\n")
  cat("loglik_at_fixed:", f(at_fixed$loglik[1]), "\n")
  cat("iter:           ", fit$iter, "\n")
}

# Separation: R warns that a coefficient may be infinite.
for (file in c("tests/fixtures/cox_separation_arm.csv", "tests/fixtures/cox_separation_centre.csv")) {
  s <- read.csv(file)
  cat("## ", file, "\n", sep = "")
  fit <- withCallingHandlers(
    coxph(Surv(time, event) ~ treatment + age + factor(centre), data = s, ties = "efron",
          control = ctl),
    warning = function(w) { cat("warning:", conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
  cat("coef:           ", f(coef(fit)), "\n")
  cat("loglik:         ", f(fit$loglik), "\n")
}

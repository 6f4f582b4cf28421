# Reference values for tests/frequentist/*.cpp, computed once with R (CI has
# no R). Run from the repository root:
#   Rscript scripts/r_reference/frequentist_reference.R > scripts/r_reference/frequentist_reference.out
# Used: R 4.2.2, survival 3.5.3. It also writes the fixtures the tests read:
#   tests/fixtures/aml.csv      survival::aml: time, event (= status), group (1 = Maintained)
#   tests/fixtures/lung.csv     survival::lung: time, event (= status - 1), group (= sex - 1, 1 = female)
#   tests/fixtures/veteran.csv  survival::veteran: time, event (= status), group (= trt - 1),
#                               stratum (celltype as 0-based code: squamous, smallcell, adeno, large)
library(survival)
f <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
line <- function(label, x) cat(sprintf("%-16s", label), f(x), "\n")

# ---- fixtures --------------------------------------------------------------
aml_df <- data.frame(time = aml$time, event = aml$status, group = as.integer(aml$x == "Maintained"))
lung_df <- data.frame(time = lung$time, event = lung$status - 1L, group = lung$sex - 1L)
vet_df <- data.frame(time = veteran$time, event = veteran$status, group = veteran$trt - 1L,
                     stratum = as.integer(veteran$celltype) - 1L)
write.csv(aml_df, "tests/fixtures/aml.csv", row.names = FALSE, quote = FALSE)
write.csv(lung_df, "tests/fixtures/lung.csv", row.names = FALSE, quote = FALSE)
write.csv(vet_df, "tests/fixtures/veteran.csv", row.names = FALSE, quote = FALSE)

# ---- Fisher's exact test -----------------------------------------------------
# Rows = arms (treatment, control), columns = (event, no event), so the odds
# ratio is odds(event | treatment) / odds(event | control).
tab <- function(et, nt, ec, nc) matrix(c(et, nt - et, ec, nc - ec), 2, byrow = TRUE)
# fisher.test solves for the MLE and the CI limits with uniroot's default
# tol = .Machine$double.eps^0.25 (~1.2e-4 on the odds-ratio scale), so its
# estimate and CI are only that accurate. fisher_tight is the same algorithm
# (copied from stats::fisher.test, 2x2 branch, two-sided) with tol = 1e-15 so
# that the C++ code, which solves to full precision, can be checked to 1e-8.
fisher_tight <- function(x, conf.level = 0.95) {
  tol <- 1e-15
  m <- sum(x[, 1L]); n <- sum(x[, 2L]); k <- sum(x[1L, ]); x <- x[1L, 1L]
  lo <- max(0L, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dnhyper <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mnhyper <- function(ncp) { if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dnhyper(ncp)) }
  pnhyper <- function(q, ncp, upper.tail = FALSE) {
    if (ncp == 1) return(if (upper.tail) phyper(x - 1, m, n, k, lower.tail = FALSE) else phyper(x, m, n, k))
    if (ncp == 0) return(as.numeric(if (upper.tail) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper.tail) q <= hi else q >= hi))
    sum(dnhyper(ncp)[if (upper.tail) support >= q else support <= q])
  }
  mle <- function(x) {
    if (x == lo) return(0); if (x == hi) return(Inf)
    mu <- mnhyper(1)
    if (mu > x) uniroot(function(t) mnhyper(t) - x, c(0, 1), tol = tol, maxiter = 10000)$root
    else if (mu < x) 1 / uniroot(function(t) mnhyper(1 / t) - x, c(.Machine$double.eps, 1), tol = tol, maxiter = 10000)$root
    else 1
  }
  ncp.U <- function(x, alpha) {
    if (x == hi) return(Inf)
    p <- pnhyper(x, 1)
    if (p < alpha) uniroot(function(t) pnhyper(x, t) - alpha, c(0, 1), tol = tol, maxiter = 10000)$root
    else if (p > alpha) 1 / uniroot(function(t) pnhyper(x, 1 / t) - alpha, c(.Machine$double.eps, 1), tol = tol, maxiter = 10000)$root
    else 1
  }
  ncp.L <- function(x, alpha) {
    if (x == lo) return(0)
    p <- pnhyper(x, 1, upper.tail = TRUE)
    if (p > alpha) uniroot(function(t) pnhyper(x, t, upper.tail = TRUE) - alpha, c(0, 1), tol = tol, maxiter = 10000)$root
    else if (p < alpha) 1 / uniroot(function(t) pnhyper(x, 1 / t, upper.tail = TRUE) - alpha, c(.Machine$double.eps, 1), tol = tol, maxiter = 10000)$root
    else 1
  }
  alpha <- (1 - conf.level) / 2
  c(mle(x), ncp.L(x, alpha), ncp.U(x, alpha))
}
fisher_cases <- list(
  corimuno_a  = c(29, 59, 23, 55),
  corimuno_b  = c(27, 59, 21, 55),
  small       = c(3, 5, 1, 4),
  zero_cell   = c(0, 10, 5, 10),
  full_cell   = c(10, 10, 5, 10),
  all_events  = c(59, 59, 55, 55),
  no_events   = c(0, 59, 0, 55),
  large       = c(1500, 3000, 1400, 3000),
  large_skew  = c(12, 4000, 30, 3500)
)
cat("# Fisher: fisher.test(matrix(c(et, nt - et, ec, nc - ec), 2, byrow = TRUE))\n")
for (name in names(fisher_cases)) {
  v <- fisher_cases[[name]]
  ft <- fisher.test(tab(v[1], v[2], v[3], v[4]))
  cat("## fisher ", name, " (", paste(v, collapse = ", "), ")\n", sep = "")
  line("p.value:", ft$p.value)
  line("estimate:", ft$estimate)
  line("conf.int:", ft$conf.int)
  line("tight est,L,U:", fisher_tight(tab(v[1], v[2], v[3], v[4])))
  ft90 <- fisher.test(tab(v[1], v[2], v[3], v[4]), conf.level = 0.90)
  line("conf.int 0.90:", ft90$conf.int)
  line("tight 0.90:", fisher_tight(tab(v[1], v[2], v[3], v[4]), 0.90)[2:3])
}

# ---- Poisson rate ratio --------------------------------------------------------
cat("# Poisson: glm(events ~ arm + offset(log(exposure)), family = poisson,\n")
cat("#              control = glm.control(epsilon = 1e-12, maxit = 100)),\n")
cat("#          d <- data.frame(arm = c(0, 1), events = c(ec, et), exposure = c(Ec, Et))\n")
pois_cases <- list(
  corimuno_a = c(113, 59, 60, 55),
  corimuno_b = c(42, 59, 28, 55),
  unequal    = c(7, 123.5, 19, 210.25)
)
for (name in names(pois_cases)) {
  v <- pois_cases[[name]]
  d <- data.frame(arm = c(0, 1), events = c(v[3], v[1]), exposure = c(v[4], v[2]))
  g <- glm(events ~ arm + offset(log(exposure)), family = poisson, data = d,
           control = glm.control(epsilon = 1e-12, maxit = 100))
  cs <- summary(g)$coefficients["arm", ]
  cat("## poisson ", name, " (et, Et, ec, Ec = ", paste(v, collapse = ", "), ")\n", sep = "")
  line("coef,se,z,p:", cs)
  line("exp(coef):", exp(coef(g)["arm"]))
  line("exp(confint.default):", exp(confint.default(g)["arm", ]))
  line("logLik:", as.numeric(logLik(g)))
}

# ---- Kaplan-Meier -------------------------------------------------------------------
km_out <- function(label, fit, times) {
  cat("## km ", label, "\n", sep = "")
  line("time:", fit$time)
  line("n.risk:", fit$n.risk)
  line("n.event:", fit$n.event)
  line("n.censor:", fit$n.censor)
  line("surv:", fit$surv)
  line("std.err:", fit$std.err)
  line("lower:", fit$lower)
  line("upper:", fit$upper)
  s <- summary(fit, times = times, extend = TRUE)
  cat("# summary(fit, times = c(", paste(times, collapse = ", "), "), extend = TRUE)\n", sep = "")
  line("s.time:", s$time)
  line("s.n.risk:", s$n.risk)
  line("s.surv:", s$surv)
  line("s.std.err:", s$std.err)
  line("s.lower:", s$lower)
  line("s.upper:", s$upper)
  tb <- summary(fit)$table
  line("median,LCL,UCL:", tb[c("median", "0.95LCL", "0.95UCL")])
  q <- quantile(fit, 0.5)
  line("quantile 0.5:", c(q$quantile, q$lower, q$upper))
}
cat("# KM: survfit(Surv(time, event) ~ 1, data = d) (conf.type = \"log\", conf.int = 0.95)\n")
km_out("aml (all)", survfit(Surv(time, event) ~ 1, data = aml_df), c(0, 5, 9, 13, 30, 100, 200))
km_out("aml group == 1", survfit(Surv(time, event) ~ 1, data = subset(aml_df, group == 1)), c(9, 31, 48, 161, 170))
km_out("lung (all)", survfit(Surv(time, event) ~ 1, data = lung_df), c(100, 183, 365, 730, 1022, 2000))
# hand-checkable edge cases
km_out("ties (1,2,2,3,4,4,5 / 1,1,0,1,1,1,0)",
       survfit(Surv(c(1, 2, 2, 3, 4, 4, 5), c(1, 1, 0, 1, 1, 1, 0)) ~ 1), c(0.5, 2, 2.5, 6))
km_out("all die (1,2,2)", survfit(Surv(c(1, 2, 2), c(1, 1, 1)) ~ 1), c(1, 2, 3))
km_out("single patient (3, event)", survfit(Surv(3, 1) ~ 1), c(1, 3))
km_out("all censored (1,2,3)", survfit(Surv(c(1, 2, 3), c(0, 0, 0)) ~ 1), c(2))
km_out("exactly 0.5 then drop", survfit(Surv(c(1, 2, 3, 4), c(1, 1, 0, 1)) ~ 1), c(2))
km_out("ends at exactly 0.5", survfit(Surv(c(1, 2, 3, 4), c(1, 1, 0, 0)) ~ 1), c(2))

# ---- log-rank -----------------------------------------------------------------------------
lr_out <- function(label, sd) {
  cat("## logrank ", label, "\n", sep = "")
  line("obs:", sd$obs)
  line("exp:", sd$exp)
  line("var:", sd$var)
  line("chisq:", sd$chisq)
  line("pvalue:", sd$pvalue)
  v <- sd$var[2, 2]
  o1 <- if (is.matrix(sd$obs)) sum(sd$obs[2, ]) else sd$obs[2]
  e1 <- if (is.matrix(sd$exp)) sum(sd$exp[2, ]) else sd$exp[2]
  line("peto (O1-E1)/V, 1/sqrt(V):", c((o1 - e1) / v, 1 / sqrt(v)))
}
cat("# log-rank: survdiff(Surv(time, event) ~ group [+ strata(stratum)], data = d); group 1 is the second row\n")
lr_out("aml ~ group", survdiff(Surv(time, event) ~ group, data = aml_df))
lr_out("lung ~ group", survdiff(Surv(time, event) ~ group, data = lung_df))
lr_out("veteran ~ group", survdiff(Surv(time, event) ~ group, data = vet_df))
lr_out("veteran ~ group + strata(stratum)", survdiff(Surv(time, event) ~ group + strata(stratum), data = vet_df))
lr_out("hand (time 1,2,2,3,4 / event 1,1,0,1,1 / group 0,1,0,1,0)",
       survdiff(Surv(c(1, 2, 2, 3, 4), c(1, 1, 0, 1, 1)) ~ c(0, 1, 0, 1, 0)))

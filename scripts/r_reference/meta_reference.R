# Reference values for tests/meta/*.cpp (meta-analysis of 2x2 tables),
# computed once with R (CI has no R). Run from the repository root:
#   Rscript scripts/r_reference/meta_reference.R > scripts/r_reference/meta_reference.out
# Used: R 4.2.2, metafor 3.8.1. It also writes the fixtures the tests read
# (columns study, events_treatment, total_treatment, events_control, total_control):
#   tests/fixtures/meta_bcg.csv         metafor's dat.bcg (Colditz et al. 1994):
#                                       tpos, tpos + tneg, cpos, cpos + cneg; 13 studies, no zero cell
#   tests/fixtures/meta_nielweise.csv   metafor's dat.nielweise2007: ai, n1i, ci, n2i; 18 studies,
#                                       zero cells and one double-zero study (Yucel 2004: 0/118 vs 0/105)
#   tests/fixtures/meta_small.csv       a small made-up table: zero cells, a no-event double zero (C)
#                                       and an all-events double zero (D)
#
# Tight convergence. metafor's defaults stop early: REML's Fisher scoring at
# |change in tau^2| < threshold = 1e-5, PM's and confint's uniroot at tol =
# .Machine$double.eps^0.25 (absolute, ~1.2e-4). The C++ code converges to
# full precision, so the references are computed with
#   REML:    control = list(threshold = 1e-13, maxiter = 10000)
#   PM:      control = list(tol = 1e-13)
#   confint: confint(res, control = list(tol = 1e-13))
# and the default-control values are printed too ("default ...") to show what
# they differ by.
library(metafor)
f <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
line <- function(label, x) cat(sprintf("%-18s", label), f(x), "\n")

# ---- fixtures --------------------------------------------------------------
bcg <- data.frame(study = paste(dat.bcg$author, dat.bcg$year),
                  events_treatment = dat.bcg$tpos, total_treatment = dat.bcg$tpos + dat.bcg$tneg,
                  events_control = dat.bcg$cpos, total_control = dat.bcg$cpos + dat.bcg$cneg)
nielweise <- data.frame(study = paste(dat.nielweise2007$author, dat.nielweise2007$year),
                   events_treatment = dat.nielweise2007$ai, total_treatment = dat.nielweise2007$n1i,
                   events_control = dat.nielweise2007$ci, total_control = dat.nielweise2007$n2i)
small <- data.frame(study = c("A", "B", "C", "D", "E", "F"),
                    events_treatment = c(2, 0, 0, 8, 7, 4), total_treatment = c(20, 15, 10, 8, 25, 30),
                    events_control = c(5, 3, 0, 6, 9, 0), total_control = c(20, 14, 12, 6, 24, 28))
write.csv(bcg, "tests/fixtures/meta_bcg.csv", row.names = FALSE, quote = FALSE)
write.csv(nielweise, "tests/fixtures/meta_nielweise.csv", row.names = FALSE, quote = FALSE)
write.csv(small, "tests/fixtures/meta_small.csv", row.names = FALSE, quote = FALSE)

datasets <- list(bcg = bcg, nielweise = nielweise, small = small)

reml_tight <- list(threshold = 1e-13, maxiter = 10000)
pm_tight <- list(tol = 1e-13)

fit_rma <- function(es, method, test = "z", tight = TRUE) {
  control <- if (!tight) list() else if (method == "REML") reml_tight else if (method == "PM") pm_tight else list()
  rma(yi, vi, data = es, method = method, test = test, control = control)
}
print_rma <- function(label, res, with_ci = TRUE) {
  cat("### ", label, "\n", sep = "")
  line("beta,se,zval,pval:", c(res$beta, res$se, res$zval, res$pval))
  line("ci.lb,ci.ub:", c(res$ci.lb, res$ci.ub))
  line("tau2,se.tau2:", c(res$tau2, res$se.tau2))
  line("QE,QEp,I2,H2,vt:", c(res$QE, res$QEp, res$I2, res$H2, res$vt))
  line("weights:", weights(res))
  pr <- predict(res)
  line("pi.lb,pi.ub:", c(pr$pi.lb, pr$pi.ub))
  if (with_ci) {
    ci <- confint(res, control = list(tol = 1e-13))$random
    line("QP tau2,lb,ub:", ci["tau^2", ])
    line("QP tau,lb,ub:", ci["tau", ])
    line("QP I2,lb,ub:", ci["I^2(%)", ])
    line("QP H2,lb,ub:", ci["H^2", ])
  }
}

for (dname in names(datasets)) {
  d <- datasets[[dname]]
  ccs <- if (dname == "bcg") c(0.5) else c(0.5, 0.1)
  for (cc in ccs) {
    cat("# ==== dataset ", dname, ", cc = ", cc, " ====\n", sep = "")
    cat("## escalc(measure = \"OR\", ai = events_treatment, n1i = total_treatment, ci = events_control,\n")
    cat("##        n2i = total_control, add = ", cc, ", to = \"only0\", drop00 = TRUE, data = d)\n", sep = "")
    es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment,
                 ci = events_control, n2i = total_control, add = cc, to = "only0",
                 drop00 = TRUE, data = d)
    s <- summary(es)  # ci.lb, ci.ub: yi -/+ qnorm(0.975) sqrt(vi)
    line("yi:", es$yi)
    line("vi:", es$vi)
    line("exp(ci.lb):", exp(s$ci.lb))
    line("exp(ci.ub):", exp(s$ci.ub))
    if (dname == "small") {
      es_keep <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment,
                        ci = events_control, n2i = total_control, add = cc, to = "only0",
                        drop00 = FALSE, data = d)
      cat("## same with drop00 = FALSE\n")
      line("yi:", es_keep$yi)
      line("vi:", es_keep$vi)
    }

    cat("## rma.mh(measure = \"OR\", ai = events_treatment, n1i = total_treatment, ci = events_control,\n")
    cat("##        n2i = total_control, add = ", cc, ", to = \"only0\", drop00 = TRUE, data = d)\n", sep = "")
    mh <- rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment,
                 ci = events_control, n2i = total_control, add = cc, to = "only0",
                 drop00 = TRUE, data = d)
    line("k,k.yi:", c(mh$k, mh$k.yi))
    line("beta,se,zval,pval:", c(mh$beta, mh$se, mh$zval, mh$pval))
    line("ci.lb,ci.ub:", c(mh$ci.lb, mh$ci.ub))
    line("QE,QEp,I2,H2:", c(mh$QE, mh$QEp, mh$I2, mh$H2))
    line("weights:", weights(mh))
    # MH on the uncorrected cells (rma.mh's add = c(cc, 0), to = c("only0", "none")):
    # the by-hand estimate must equal rma.mh's.
    ai <- d$events_treatment; bi <- d$total_treatment - ai
    ci <- d$events_control; di <- d$total_control - ci; Ni <- ai + bi + ci + di
    line("byhand R/S:", sum(ai * di / Ni) / sum(bi * ci / Ni))
    line("exp(beta):", exp(mh$beta))
    mh_both <- rma.mh(measure = "OR", ai = events_treatment, n1i = total_treatment,
                      ci = events_control, n2i = total_control, add = c(cc, cc),
                      to = c("only0", "only0"), drop00 = c(TRUE, TRUE), data = d)
    line("corrected MH beta:", mh_both$beta)  # differs where there are zero cells

    for (method in c("EE", "DL", "SJ", "REML", "PM")) {
      cat("## rma(yi, vi, data = es, method = \"", method, "\"", if (method == "REML") ", control = list(threshold = 1e-13, maxiter = 10000)" else if (method == "PM") ", control = list(tol = 1e-13)" else "", ")\n", sep = "")
      res <- fit_rma(es, method)
      print_rma(method, res, with_ci = method != "EE")
      if (method %in% c("REML", "PM")) {
        def <- fit_rma(es, method, tight = FALSE)
        line("default tau2:", def$tau2)
        line("default QP lb,ub:", confint(def)$random["tau^2", 2:3])
      }
    }
    for (method in c("DL", "REML")) {
      cat("## rma(yi, vi, data = es, method = \"", method, "\", test = \"knha\"", if (method == "REML") ", control = list(threshold = 1e-13, maxiter = 10000)" else "", ")\n", sep = "")
      res <- fit_rma(es, method, test = "knha")
      cat("### ", method, " knha\n", sep = "")
      line("beta,se,tval,pval:", c(res$beta, res$se, res$zval, res$pval))
      line("ci.lb,ci.ub,ddf:", c(res$ci.lb, res$ci.ub, res$ddf))
      pr <- predict(res)
      line("pi.lb,pi.ub:", c(pr$pi.lb, pr$pi.ub))
    }

    cat("## regtest(rma(yi, vi, data = es, method = \"EE\"), model = \"lm\", predictor = \"sei\")\n")
    rt <- regtest(rma(yi, vi, data = es, method = "EE"), model = "lm", predictor = "sei")
    line("zval,pval,ddf:", c(rt$zval, rt$pval, rt$ddf))
    line("est,ci.lb,ci.ub:", c(rt$est, rt$ci.lb, rt$ci.ub))
    rt_dl <- regtest(rma(yi, vi, data = es, method = "DL"), model = "lm", predictor = "sei")
    line("(DL fit) zval:", rt_dl$zval)
  }
}

# ---- hand-checkable cases ------------------------------------------------------
cat("# ==== identical studies: yi = log(10*80/(90*20)), vi = 1/10+1/90+1/20+1/80, k = 3 ====\n")
yi <- rep(log(10 * 80 / (90 * 20)), 3); vi <- rep(1/10 + 1/90 + 1/20 + 1/80, 3)
for (method in c("EE", "DL", "SJ", "REML", "PM")) {
  res <- rma(yi, vi, method = method)
  cat("### ", method, "\n", sep = "")
  line("beta,se:", c(res$beta, res$se))
  line("tau2,se.tau2:", c(res$tau2, res$se.tau2))
  line("QE,QEp,I2,H2:", c(res$QE, res$QEp, res$I2, res$H2))
  if (method != "EE") line("QP tau2 lb,ub:", confint(res)$random["tau^2", 2:3])
}
cat("# ==== single study (10/100 vs 20/100) ====\n")
es1 <- escalc(measure = "OR", ai = 10, n1i = 100, ci = 20, n2i = 100)
line("yi,vi:", c(es1$yi, es1$vi))
for (method in c("EE", "DL", "REML")) {
  res <- rma(yi, vi, data = es1, method = method)
  cat("### ", method, "\n", sep = "")
  line("beta,se:", c(res$beta, res$se))
  line("tau2,se.tau2:", c(res$tau2, res$se.tau2))
  line("QE,QEp,I2,H2:", c(res$QE, res$QEp, res$I2, res$H2))
  pr <- predict(res)
  line("pi.lb,pi.ub:", c(pr$pi.lb, pr$pi.ub))
}
mh1 <- rma.mh(measure = "OR", ai = 10, n1i = 100, ci = 20, n2i = 100)
line("MH beta,se:", c(mh1$beta, mh1$se))
line("MH QE,QEp,I2,H2:", c(mh1$QE, mh1$QEp, mh1$I2, mh1$H2))
cat("# ==== two-study MH: (3/10 vs 1/10), (2/5 vs 4/5) ====\n")
mh2 <- rma.mh(measure = "OR", ai = c(3, 2), n1i = c(10, 5), ci = c(1, 4), n2i = c(10, 5))
line("beta,se:", c(mh2$beta, mh2$se))
line("QE:", mh2$QE)

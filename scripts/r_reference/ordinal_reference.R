# Reference values for the proportional-odds (cumulative link) model tests,
# computed once with R (CI has no R). Run from the repository root:
#   Rscript scripts/r_reference/make_ordinal_data.R     # writes the fixtures
#   Rscript scripts/r_reference/ordinal_reference.R > scripts/r_reference/ordinal_reference.out
# Used: R 4.2.2, ordinal 2022.11-16, ucminf 1.1-4.1, numDeriv 2016.8-1.1
# (Debian bookworm packages r-base-core, r-cran-ordinal).
#
# Data (all read back from the CSV fixtures, exactly as a C++ test would):
#   tests/fixtures/wine.csv      the `wine` data of the R package ordinal
#                                (Randall, J.H. (1989), Biometrical Journal
#                                31(7), 781-793): rating 1..5, warm = (temp ==
#                                "warm"), contact = (contact == "yes"), judge 1..9,
#                                bottle 1..8. See make_ordinal_data.R.
#   tests/fixtures/who_day7.csv  simulated WHO scale (0..10) on day 7, 120 patients;
#                                levels 0, 1 and 8 are empty.
#   tests/fixtures/who_long.csv  simulated WHO scale, 60 patients x days 2,4,7,10,14.
#
# Conventions (ordinal's): with the response levels that are OBSERVED,
# l_1 < ... < l_K, the K-1 thresholds are named "l_j|l_{j+1}" and
#   F^{-1}(P(Y <= l_j | x, b)) = theta_j - x'beta - b,   b ~ N(0, sd^2),
# so beta > 0 means higher (worse) categories. F = plogis (logit) or pnorm
# (probit). clm() drops response levels with no observations (also when the
# factor declares them, e.g. factor(who, levels = 0:10)); thresholds are only
# estimated between consecutive observed levels (e.g. "7|9" when 8 is empty).
#
# clmm (single random intercept -> ordinal's "ssr" code path) optimises over
# (theta, beta, log(sd)); its Hessian (hence vcov) is a central finite
# difference (step 1e-4) of the approximate -loglik in that parametrisation,
# so "se.log_sd" is the SE of log(sd) ("ST1" in vcov); sd itself gets no SE
# from ordinal (se.sd_delta below is sd * se.log_sd, the delta method).
# nAGQ = 1 is the Laplace approximation; nAGQ = k > 1 is adaptive
# Gauss-Hermite quadrature: per group, centred at the conditional mode u^ of
# the standardised effect u = b / sd, scaled by 1/sqrt(D), D = h''(u^), with
# h(u) = -sum log P(y | u) + u^2/2 + log(2 pi)/2:
#   log L_g ~= log( sqrt(2/D) * sum_k w_k exp(x_k^2) exp(-h(u^ + sqrt(2/D) x_k)) ),
# (x_k, w_k) the k-point Gauss-Hermite rule for weight exp(-x^2).
#
# Every clmm fit is reported twice:
#   <name>.ordinal.*   what clmm() returns (nlminb optimiser, control below);
#   <name>.polished.*  the optimum of the SAME objective, recomputed by an
#                      independent R implementation of the Laplace/AGQ formula
#                      above (conditional modes by Newton to machine precision),
#                      started at ordinal's estimate and refined with Newton
#                      steps using numDeriv (Richardson) derivatives; SEs from
#                      the numDeriv Hessian. The script stops unless this
#                      implementation reproduces ordinal's objective at
#                      ordinal's own optimum and at the fixed parameter vector
#                      to 1e-8 (AGQ) / 1e-6 (Laplace: ordinal takes D from the
#                      last-but-one inner Newton iterate instead of the mode,
#                      which shifts its Laplace loglik by up to ~2e-7 here and
#                      makes it slightly noisy; see .check.* lines).
#   ordinal's estimates are within ~3e-6..2e-4 of the polished ones (see
#   .polished.max_abs_par_diff_vs_ordinal); test against .polished with a
#   tolerance, or against .ordinal with a looser one.
# Also printed: loglik_at_fixed (objective at a fixed parameter vector =
# the ordinal estimate rounded to 2 significant digits, printed as fixed.*, in the order
# theta, beta[, log_sd]), which checks a likelihood implementation without any
# optimiser; for clmm it is the exact Laplace/AGQ formula above (modes to
# machine precision), with ordinal's own value as loglik_at_fixed_ordinal, and
# the exact marginal loglik (integrate(), rel.tol 1e-13) at the same point.
# ordinal's clmm SEs come from a plain central-difference Hessian (step 1e-4)
# of its slightly noisy objective (see above): for the Laplace fits they are off
# by up to ~1% (wine), or vcov() fails altogether (who_long, "Hessian is not
# positive definite"); for AGQ fits they are good to ~1e-5 relative. The
# .polished SEs (Richardson-extrapolated Hessian of a smooth objective) are
# good to ~1e-6 relative (checked with other step sizes).
suppressMessages(library(ordinal))
library(numDeriv)
t_start <- proc.time()

f <- function(x) sprintf("%.17g", x)
put <- function(name, x) {
  if (is.null(names(x))) {
    cat(name, " = ", paste(f(x), collapse = ", "), "\n", sep = "")
  } else {
    for (i in seq_along(x)) cat(name, ".", names(x)[i], " = ", f(x[[i]]), "\n", sep = "")
  }
}
put_str <- function(name, s) cat(name, " = ", s, "\n", sep = "")
put_fixed <- function(name, x) {   # 2-digit numbers: print them as written
  stopifnot(all(as.numeric(sprintf("%.15g", x)) == x))
  for (i in seq_along(x)) cat(name, ".", names(x)[i], " = ", sprintf("%.15g", x[[i]]), "\n", sep = "")
}

clm_ctl <- clm.control(method = "Newton", gradTol = 1e-10, relTol = 1e-12, maxIter = 200)
clmm_ctl <- clmm.control(method = "nlminb", gradTol = 1e-10, maxIter = 200, innerCtrl = "noWarn")
cat("# Written by (from the repository root, after make_ordinal_data.R):\n")
cat("#   Rscript scripts/r_reference/ordinal_reference.R > scripts/r_reference/ordinal_reference.out\n")
cat("# Each block starts with '## <name>: <the R call>'; values are %.17g.\n")
cat("# R: ", R.version.string, "; ordinal ", format(packageVersion("ordinal")),
    "; ucminf ", format(packageVersion("ucminf")), "; numDeriv ",
    format(packageVersion("numDeriv")), "\n", sep = "")
cat("# clm control:  clm.control(method = \"Newton\", gradTol = 1e-10, relTol = 1e-12, maxIter = 200)\n")
cat("# clmm control: clmm.control(method = \"nlminb\", gradTol = 1e-10, maxIter = 200, innerCtrl = \"noWarn\")\n")
cat("#   gradTol/maxIter/innerCtrl control the inner Newton for the conditional modes.\n")
cat("#   The default gradTol = 1e-4 leaves the modes up to ~1e-6 off, which moves the\n")
cat("#   LAPLACE objective by up to ~5e-4 on who_long (log D is first order in the\n")
cat("#   mode error). With gradTol = 1e-10 ordinal's objective agrees with the exact\n")
cat("#   formula to < 1e-9 for AGQ and ~2e-7 for Laplace (ordinal's D comes from the\n")
cat("#   last-but-one inner iterate). That inner Newton sometimes stops at rounding level, with\n")
cat("#   warnings (silenced by innerCtrl = \"noWarn\"). The outer optimiser (nlminb,\n")
cat("#   default settings, relative convergence) then ends ~1e-5..1e-4 from the\n")
cat("#   optimum; tighter nlminb tolerances only give 'singular convergence'.\n")

## Independent implementation of the objectives ------------------------------
cdf  <- list(logit = plogis, probit = pnorm)
pdf  <- list(logit = dlogis, probit = dnorm)
dpdf <- list(logit  = function(x) ifelse(is.finite(x), dlogis(x) * (1 - 2 * plogis(x)), 0),
             probit = function(x) ifelse(is.finite(x), -x * dnorm(x), 0))
# P(b < Z <= a) for a > b, accurate in both tails (F symmetric).
cellp <- function(a, b, link) {
  F <- cdf[[link]]
  ifelse(b > 0, F(-b) - F(-a), F(a) - F(b))
}
# y: integer 1..K (index among observed levels); X: matrix without intercept.
clm_nll <- function(par, y, X, link) {
  K1 <- max(y) - 1
  theta <- par[1:K1]; beta <- par[-(1:K1)]
  eta <- drop(X %*% beta)
  -sum(log(cellp(c(theta, Inf)[y] - eta, c(-Inf, theta)[y] - eta, link)))
}
# Random-intercept -loglik; par = (theta, beta, log sd); g: integer group 1..G.
# nq = 1: Laplace; nq > 1: AGQ with nq nodes; nq = 0: integrate() ("exact").
# Modes are warm-started from the previous call on the same data (cache), which
# only changes how many Newton steps are needed, not where they end.
mode_cache <- new.env()
clmm_nll <- function(par, y, X, g, link, nq, return_modes = FALSE) {
  K1 <- max(y) - 1; p <- ncol(X); G <- max(g)
  theta <- par[1:K1]; beta <- par[K1 + seq_len(p)]; tau <- exp(par[K1 + p + 1])
  eta <- drop(X %*% beta)
  a0 <- c(theta, Inf)[y] - eta; b0 <- c(-Inf, theta)[y] - eta
  h_of <- function(u) {   # h per group, u per group
    -rowsum(log(cellp(a0 - tau * u[g], b0 - tau * u[g], link)), g, reorder = TRUE)[, 1] +
      u^2 / 2 + log(2 * pi) / 2
  }
  derivs <- function(u) {
    a <- a0 - tau * u[g]; b <- b0 - tau * u[g]
    pr <- cellp(a, b, link)
    d1 <- (pdf[[link]](a) - pdf[[link]](b)) / pr
    d2 <- (dpdf[[link]](a) - dpdf[[link]](b)) / pr - d1^2
    list(grad = tau * rowsum(d1, g, reorder = TRUE)[, 1] + u,
         hess = -tau^2 * rowsum(d2, g, reorder = TRUE)[, 1] + 1)
  }
  key <- paste(length(y), G, sum(y * seq_along(y)), sep = ":")
  u <- mode_cache[[key]]
  if (is.null(u) || any(!is.finite(h_of(u)))) u <- rep(0, G)
  h <- h_of(u); small <- 0L
  for (it in 1:200) {          # Newton (h is convex in u), halving per group
    d <- derivs(u); step <- d$grad / d$hess
    fac <- rep(1, G)
    for (halving in 0:60) {
      un <- u - fac * step; hn <- h_of(un)
      bad <- !is.finite(hn) | hn > h + 1e-12 * abs(h)
      if (!any(bad)) break
      if (halving == 60) stop("inner Newton: no decrease")
      fac[bad] <- fac[bad] / 2
    }
    u <- un; h <- hn
    if (max(abs(step)) < 1e-13) { small <- small + 1L; if (small >= 2L) break }
  }
  D <- derivs(u)$hess; h <- h_of(u)
  assign(key, u, envir = mode_cache)
  if (nq == 1) {
    ll <- -h + log(2 * pi) / 2 - log(D) / 2
  } else if (nq > 1) {
    gh <- ordinal:::gauss.hermite(nq)
    s <- sqrt(2 / D)
    terms <- sapply(seq_len(nq), function(k) log(gh$weights[k]) + gh$nodes[k]^2 -
                      (h_of(u + s * gh$nodes[k]) - h))
    terms <- matrix(terms, nrow = G)
    mx <- apply(terms, 1, max)
    ll <- -h + log(s) + mx + log(rowSums(exp(terms - mx)))
  } else {
    s <- 1 / sqrt(D)
    rows <- split(seq_along(g), g)
    ll <- vapply(seq_len(G), function(i) {
      r <- rows[[i]]
      hi <- function(z) {   # h_i(u_i + s_i z) - h_i(u_i), vectorised over z
        uu <- u[i] + s[i] * z
        vapply(uu, function(v) -sum(log(cellp(a0[r] - tau * v, b0[r] - tau * v, link))) + v^2 / 2,
               0) - (h[i] - log(2 * pi) / 2)
      }
      I <- integrate(function(z) exp(-hi(z)), -Inf, Inf,
                     rel.tol = 1e-13, abs.tol = 0, subdivisions = 2000L)$value
      -h[i] + log(s[i]) + log(I)
    }, 0)
  }
  if (return_modes) return(list(nll = -sum(ll), u = u, b = tau * u))
  -sum(ll)
}
# Newton refinement with numDeriv (Richardson) derivatives: the Hessian is
# computed once at the start (ordinal's estimate is already close), then
# gradient-only steps; returns par, gradient and the Hessian at the end.
# (hessian() starts from a relative step d = 0.01 instead of numDeriv's 0.1, so
#  that the probe points keep the thresholds ordered; grad() from d = 0.01
#  instead of 1e-4, which Richardson extrapolation allows and which keeps the
#  rounding noise of the gradient near 1e-11 instead of 1e-9..1e-8.)
hess <- function(obj, par) hessian(obj, par, method.args = list(d = 0.01))
grd  <- function(obj, par) grad(obj, par, method.args = list(d = 0.01, eps = 1e-3))
polish <- function(par, obj, max_steps = 6, H = NULL, final_hessian = TRUE) {
  if (is.null(H)) H <- hess(obj, par)
  steps <- 0L
  for (i in 1:max_steps) {
    step <- solve(H, grd(obj, par))
    par <- par - step; steps <- steps + 1L
    if (max(abs(step)) < 1e-10) break   # about the numDeriv gradient noise
  }
  list(par = par, gradient = grd(obj, par),
       Hessian = if (final_hessian) hess(obj, par) else H, steps = steps)
}

## Reporting -------------------------------------------------------------------
report_clm <- function(name, call_text, formula, data, link) {
  fit <- clm(formula, data = data, link = link, control = clm_ctl)
  mf <- model.frame(fit)
  y <- as.integer(droplevels(factor(mf[[1]])))
  X <- model.matrix(fit)$X[, -1, drop = FALSE]
  cat("## ", name, ": ", call_text, "\n", sep = "")
  put_str(paste0(name, ".response_levels"), paste(fit$y.levels, collapse = ", "))
  se <- sqrt(diag(vcov(fit)))
  put(paste0(name, ".theta"), fit$alpha)
  put(paste0(name, ".beta"), fit$beta)
  put(paste0(name, ".se.theta"), se[names(fit$alpha)])
  put(paste0(name, ".se.beta"), se[names(fit$beta)])
  put(paste0(name, ".loglik"), fit$logLik)
  put_str(paste0(name, ".niter"), paste0(fit$niter[["outer"]], " (inner/step-halving ", fit$niter[["inner"]], ")"))
  put_str(paste0(name, ".convergence"), paste0(fit$convergence$code, " (", fit$convergence$alg.message, ")"))
  put(paste0(name, ".max_abs_grad"), max(abs(fit$gradient)))
  own <- -clm_nll(coef(fit), y, X, link)
  stopifnot(abs(own - fit$logLik) < 1e-10)
  fixed <- signif(coef(fit), 2)
  rho <- update(fit, doFit = FALSE)
  rho$par <- fixed
  ll_fixed <- -rho$clm.nll(rho)
  stopifnot(abs(ll_fixed + clm_nll(fixed, y, X, link)) < 1e-10)
  put_fixed(paste0(name, ".fixed"), fixed)
  put(paste0(name, ".loglik_at_fixed"), ll_fixed)
  invisible(fit)
}

report_clmm <- function(name, call_text, formula, fixed_rhs, data, link, nAGQ, group,
                        ranef_print = FALSE) {
  fit <- clmm(formula, data = data, link = link, nAGQ = nAGQ, control = clmm_ctl)
  y <- as.integer(droplevels(factor(fit$model[[1]])))
  X <- model.matrix(fixed_rhs, data = data)[, -1, drop = FALSE]
  g <- as.integer(factor(data[[group]]))
  stopifnot(ncol(X) == length(fit$beta), all(colnames(X) == names(fit$beta)))
  K1 <- length(fit$alpha); p <- length(fit$beta)
  par_ord <- c(fit$alpha, fit$beta, log_sd = log(fit$ST[[1]][1, 1]))
  obj <- function(par) clmm_nll(par, y, X, g, link, nAGQ)
  # ordinal's own objective, for cross-checking the implementation above
  rho <- clmm(formula, data = data, link = link, nAGQ = nAGQ, control = clmm_ctl, doFit = FALSE)
  ord_obj <- function(par) if (nAGQ > 1) ordinal:::getNAGQ.ssr(rho, par) else ordinal:::getNLA.ssr(rho, par)
  # ordinal evaluates D at the last-but-one inner Newton iterate (not at the
  # mode itself), which moves its Laplace value by up to ~1e-7 here; AGQ is
  # almost insensitive to that scale. Hence the two tolerances.
  tol <- if (nAGQ == 1) 1e-6 else 1e-8
  own_at_opt <- obj(par_ord)
  stopifnot(abs(own_at_opt + fit$logLik) < tol, abs(ord_obj(par_ord) + fit$logLik) < 1e-12)
  fixed <- signif(par_ord, 2)
  ll_fixed <- -obj(fixed)
  ll_fixed_ord <- -ord_obj(fixed)
  stopifnot(abs(ll_fixed - ll_fixed_ord) < tol)

  cat("## ", name, ": ", call_text, "\n", sep = "")
  put_str(paste0(name, ".response_levels"), paste(fit$y.levels, collapse = ", "))
  put_str(paste0(name, ".groups"), fit$dims$nlev.re[[1]])
  se <- tryCatch(sqrt(diag(vcov(fit))), error = function(e) {
    put_str(paste0(name, ".ordinal.se"), paste0("not available: vcov() fails: ",
            gsub("\\s+", " ", conditionMessage(e))))
    NULL
  })
  sd_ord <- fit$ST[[1]][1, 1]
  pre <- paste0(name, ".ordinal")
  put(paste0(pre, ".theta"), fit$alpha)
  put(paste0(pre, ".beta"), fit$beta)
  put(paste0(pre, ".sd"), sd_ord)
  put(paste0(pre, ".var"), VarCorr(fit)[[1]][1, 1])
  put(paste0(pre, ".log_sd"), log(sd_ord))
  if (!is.null(se)) {
    put(paste0(pre, ".se.theta"), se[names(fit$alpha)])
    put(paste0(pre, ".se.beta"), se[names(fit$beta)])
    put(paste0(pre, ".se.log_sd"), se[["ST1"]])
    put(paste0(pre, ".se.sd_delta"), sd_ord * se[["ST1"]])
  }
  put(paste0(pre, ".loglik"), fit$logLik)
  put(paste0(pre, ".max_abs_grad_fd"), max(abs(fit$gradient)))
  put_str(paste0(pre, ".optimizer"), paste0("nlminb convergence ", fit$optRes$convergence,
          " (", fit$optRes$message, "), ", fit$optRes$iterations, " iterations; ",
          "objective evaluations ", fit$neval, ", inner Newton iterations ", fit$Niter))
  if (ranef_print) put(paste0(pre, ".ranef_mode"), setNames(fit$ranef, levels(fit$gfList[[1]])))

  pol <- polish(par_ord, obj)
  Vp <- solve(pol$Hessian); sep <- sqrt(diag(Vp))
  names(pol$par) <- names(sep) <- names(par_ord)
  modes <- clmm_nll(pol$par, y, X, g, link, nAGQ, return_modes = TRUE)
  sd_pol <- exp(pol$par[["log_sd"]])
  pre <- paste0(name, ".polished")
  put(paste0(pre, ".theta"), pol$par[1:K1])
  put(paste0(pre, ".beta"), pol$par[K1 + 1:p])
  put(paste0(pre, ".sd"), sd_pol)
  put(paste0(pre, ".var"), sd_pol^2)
  put(paste0(pre, ".log_sd"), pol$par[["log_sd"]])
  put(paste0(pre, ".se.theta"), sep[1:K1])
  put(paste0(pre, ".se.beta"), sep[K1 + 1:p])
  put(paste0(pre, ".se.log_sd"), sep[["log_sd"]])
  put(paste0(pre, ".se.sd_delta"), sd_pol * sep[["log_sd"]])
  put(paste0(pre, ".loglik"), -modes$nll)
  put(paste0(pre, ".max_abs_grad"), max(abs(pol$gradient)))
  put_str(paste0(pre, ".newton_steps"), pol$steps)
  if (ranef_print) put(paste0(pre, ".ranef_mode"), setNames(modes$b, levels(fit$gfList[[1]])))
  put(paste0(pre, ".max_abs_par_diff_vs_ordinal"), max(abs(pol$par - par_ord)))
  put(paste0(pre, ".loglik_exact_integral"), -clmm_nll(pol$par, y, X, g, link, 0))
  put_fixed(paste0(name, ".fixed"), fixed)
  put(paste0(name, ".loglik_at_fixed"), ll_fixed)
  put(paste0(name, ".loglik_at_fixed_ordinal"), ll_fixed_ord)
  put(paste0(name, ".loglik_exact_integral_at_fixed"), -clmm_nll(fixed, y, X, g, link, 0))
  put(paste0(name, ".check.own_minus_ordinal_objective_at_ordinal_opt"), own_at_opt + fit$logLik)
  invisible(list(fit = fit, polished = pol, y = y, X = X, g = g))
}

## 1. wine: clm -----------------------------------------------------------------
wine <- read.csv("tests/fixtures/wine.csv")
cat("# wine: n = ", nrow(wine), ", rating counts 1..5 = ",
    paste(tabulate(wine$rating, 5), collapse = ", "), "\n", sep = "")
for (link in c("logit", "probit")) {
  report_clm(paste0("wine_clm_", link),
             sprintf('clm(factor(rating) ~ warm + contact, data = wine, link = "%s", control = clm_ctl)', link),
             factor(rating) ~ warm + contact, wine, link)
}

## 2. wine: clmm, random intercept per judge -------------------------------------
for (k in c(1, 5, 10)) {
  r <- report_clmm(paste0("wine_clmm_logit_agq", k),
                   sprintf('clmm(factor(rating) ~ warm + contact + (1 | judge), data = wine, link = "logit", nAGQ = %d, control = clmm_ctl)', k),
                   factor(rating) ~ warm + contact + (1 | judge), ~ warm + contact,
                   wine, "logit", k, "judge",
                   ranef_print = TRUE)
}
# A near-exact marginal-likelihood optimum (30-node AGQ, own implementation only;
# ordinal is not involved): the limit any accurate quadrature should approach.
obj30 <- function(par) clmm_nll(par, r$y, r$X, r$g, "logit", 30)
p30 <- polish(r$polished$par, obj30)
se30 <- sqrt(diag(solve(p30$Hessian)))
cat("## wine_clmm_logit_agq30_own: own 30-node AGQ, maximised (no ordinal call)\n")
put("wine_clmm_logit_agq30_own.theta", p30$par[1:4])
put("wine_clmm_logit_agq30_own.beta", p30$par[5:6])
put("wine_clmm_logit_agq30_own.sd", exp(p30$par[[7]]))
put("wine_clmm_logit_agq30_own.se.theta", setNames(se30[1:4], names(p30$par)[1:4]))
put("wine_clmm_logit_agq30_own.se.beta", setNames(se30[5:6], names(p30$par)[5:6]))
put("wine_clmm_logit_agq30_own.se.log_sd", se30[7])
put("wine_clmm_logit_agq30_own.loglik", -obj30(p30$par))
put("wine_clmm_logit_agq30_own.loglik_exact_integral", -clmm_nll(p30$par, r$y, r$X, r$g, "logit", 0))
put("wine_clmm_logit_agq30_own.max_abs_grad", max(abs(p30$gradient)))

## 3. WHO day 7: declared 0..10, some levels empty --------------------------------
d7 <- read.csv("tests/fixtures/who_day7.csv")
cnt <- table(factor(d7$who, levels = 0:10))
cat("# who_day7: n = ", nrow(d7), ", counts for levels 0..10 = ", paste(cnt, collapse = ", "),
    "\n", sep = "")
put_str("who_day7.empty_levels", paste(names(cnt)[cnt == 0], collapse = ", "))
put_str("who_day7.observed_levels", paste(names(cnt)[cnt > 0], collapse = ", "))
for (link in c("logit", "probit")) {
  fit <- report_clm(paste0("who_day7_clm_", link),
                    sprintf('clm(factor(who) ~ treatment + age, data = who_day7, link = "%s", control = clm_ctl)', link),
                    factor(who) ~ treatment + age, d7, link)
  # Declaring all 11 levels gives the identical fit: clm drops empty levels.
  fit_all <- clm(factor(who, levels = 0:10) ~ treatment + age, data = d7, link = link,
                 control = clm_ctl)
  stopifnot(isTRUE(all.equal(coef(fit), coef(fit_all), tolerance = 1e-12)),
            identical(fit$y.levels, fit_all$y.levels))
}
cat("# (clm(factor(who, levels = 0:10) ~ ...) gives identical estimates and the same\n")
cat("#  response levels: empty levels are dropped silently, also interior ones.)\n")
fit7 <- clm(factor(who) ~ treatment, data = d7, link = "logit", control = clm_ctl)
put("who_day7_clm_logit_treatment_only.beta", fit7$beta)
put("who_day7_clm_logit.odds_ratio_treatment",
    exp(coef(clm(factor(who) ~ treatment + age, data = d7, control = clm_ctl))[["treatment"]]))

## 4. WHO longitudinal: random intercept per patient --------------------------------
dl <- read.csv("tests/fixtures/who_long.csv")
age_centre <- mean(dl$age)   # = mean over patients (balanced: 5 rows each)
dl$age_c <- dl$age - age_centre
cnt <- table(factor(dl$who, levels = 0:10))
cat("# who_long: n = ", nrow(dl), " rows, ", length(unique(dl$id)),
    " patients, counts for levels 0..10 = ", paste(cnt, collapse = ", "), "\n", sep = "")
put_str("who_long.empty_levels", paste(names(cnt)[cnt == 0], collapse = ", "))
put("who_long.age_centre", age_centre)
for (k in c(1, 10)) {
  rl <- report_clmm(paste0("who_long_clmm_logit_agq", k),
                    sprintf('clmm(factor(who) ~ treatment + age_c + factor(day) + (1 | id), data = who_long, link = "logit", nAGQ = %d, control = clmm_ctl)', k),
                    factor(who) ~ treatment + age_c + factor(day) + (1 | id),
                    ~ treatment + age_c + factor(day), dl, "logit", k, "id")
}
obj30 <- function(par) clmm_nll(par, rl$y, rl$X, rl$g, "logit", 30)
p30 <- polish(rl$polished$par, obj30, H = rl$polished$Hessian, final_hessian = FALSE)
cat("## who_long_clmm_logit_agq30_own: own 30-node AGQ, maximised (no ordinal call)\n")
nb <- ncol(rl$X); nt <- length(p30$par) - nb - 1
put("who_long_clmm_logit_agq30_own.theta", p30$par[1:nt])
put("who_long_clmm_logit_agq30_own.beta", p30$par[nt + 1:nb])
put("who_long_clmm_logit_agq30_own.sd", exp(p30$par[[length(p30$par)]]))
put("who_long_clmm_logit_agq30_own.loglik", -obj30(p30$par))
put("who_long_clmm_logit_agq30_own.loglik_exact_integral", -clmm_nll(p30$par, rl$y, rl$X, rl$g, "logit", 0))
put("who_long_clmm_logit_agq30_own.max_abs_grad", max(abs(p30$gradient)))

message("elapsed seconds: ", sprintf("%.1f", (proc.time() - t_start)[["elapsed"]]))  # stderr: keeps the .out reproducible

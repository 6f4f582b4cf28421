# Reference values for the logistic model (model = "logistic") tests,
# computed once with R (CI has no R). Run from the repository root:
#   Rscript scripts/r_reference/logistic_reference.R > scripts/r_reference/logistic_reference.out
# Used: R 4.2.2, survival 3.5-3 (Debian bookworm r-base-core, r-cran-survival).
#
# Data: the colon cancer adjuvant trial of R's survival package (Moertel et
# al., N Engl J Med 1990;322:352-358; Laurie et al., J Clin Oncol 1989),
# the death records (etype == 2) of the levamisole + 5-FU and observation
# arms, written to tests/fixtures/colon_death.csv:
#   status  death (0/1), lev5fu  1 = levamisole + 5-FU, 0 = observation,
#   age, nodes (numeric), sex (0/1), extent (1..4, local spread; a factor).
# Rows with a missing value in these columns are dropped.
suppressMessages(library(survival))
d <- subset(colon, etype == 2 & rx != "Lev")
d <- data.frame(status = d$status, lev5fu = as.integer(d$rx == "Lev+5FU"), age = d$age,
                nodes = d$nodes, sex = d$sex, extent = d$extent)
d <- d[complete.cases(d), ]
write.csv(d, "tests/fixtures/colon_death.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("tests/fixtures/colon_death.csv")

show <- function(name, fit) {
  cf <- summary(fit)$coefficients
  cat(sprintf("%s.n %d\n", name, nrow(d)))
  for (k in rownames(cf)) cat(sprintf("%s.coef[%s] %.15g %.15g\n", name, k, cf[k, 1], cf[k, 2]))
  cat(sprintf("%s.loglik %.15g\n", name, as.numeric(logLik(fit))))
}
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
# The crude fit: treatment only.
show("crude", glm(status ~ lev5fu, family = binomial, data = d, control = ctl))
# Adjusted: numeric covariates and extent as a factor (level 1 the reference).
show("adjusted", glm(status ~ lev5fu + age + nodes + sex + factor(extent), family = binomial, data = d,
                     control = ctl))

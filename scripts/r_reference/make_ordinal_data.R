# Writes the ordinal-outcome test datasets under tests/fixtures/ deterministically.
# Run from the repository root:  Rscript scripts/r_reference/make_ordinal_data.R
# (R 4.2.2, ordinal 2022.11-16 from Debian bookworm; the sample() defaults of
# R >= 3.6, i.e. sample.kind = "Rejection").
#
#   wine.csv        72 rows. The `wine` data shipped with the R package ordinal
#                   (Randall, J.H. (1989) "The analysis of sensory data by
#                   generalized linear model", Biometrical Journal 31(7),
#                   781-793; also in ordinal's vignettes, Christensen 2019).
#                   Bitterness of white wine: rating 1..5 (1 = least bitter),
#                   9 judges x 8 bottles, 2 x 2 design temperature x contact
#                   (2 bottles per cell). Exported as plain integers:
#                     rating  = as.integer(wine$rating)          1..5
#                     warm    = as.integer(wine$temp == "warm")   0/1
#                     contact = as.integer(wine$contact == "yes") 0/1
#                     judge   = as.integer(wine$judge)            1..9
#                     bottle  = as.integer(wine$bottle)           1..8
#                   in ordinal's row order.  (wine$response, the 0-100 score,
#                   is not exported.)
#
#   who_day7.csv    120 patients, one WHO clinical progression scale value
#                   (declared levels 0..10; 10 = dead) on day 7. Columns id,
#                   treatment (0/1, 60 per arm), age (integer years), who.
#                   Simulated from a proportional-odds (logit) model
#                     logit P(who <= j) = theta_j - (log(0.8) * treatment + 0.025 * (age - 62)),
#                   i.e. a true treatment odds ratio of 0.8 (benefit: lower is
#                   better), control-arm probabilities at age 62 of
#                     level: 0  1  2    3    4    5    6    7    8  9    10
#                     prob : 0  0  .03  .17  .28  .22  .13  .05  0  .03  .09
#                   Levels 0 and 1 (not hospitalised) are never observed, level
#                   2 is rare, and level 8 is empty ON PURPOSE (theta_7 ==
#                   theta_8, probability zero): an interior gap, so the "empty
#                   levels are dropped" code path is exercised in the middle of
#                   the scale as well as at the bottom.
#
#   who_long.csv    60 patients x days 2, 4, 7, 10, 14 (300 rows, long format,
#                   sorted by id then day). Columns id, day, treatment (0/1, 30
#                   per arm), age, who (declared levels 0..10). Simulated from
#                   a latent-variable model with a patient random intercept
#                   (SD 1.5), treatment log-OR log(0.8), age 0.025/year and
#                   day effects 0, -0.4, -1.0, -1.7, -2.5 (improvement), with
#                   AR(1)-correlated (rho = 0.6) day-to-day latent noise that
#                   has logistic margins, so the random-intercept model fitted
#                   in ordinal_reference.R is deliberately only approximately
#                   right. Conventions:
#                     * death is absorbing: once who == 10, every later visit is 10;
#                     * discharged patients stay in follow-up: a patient who
#                       leaves hospital (levels 1-3) is still recorded at every
#                       visit (no missing visits), and may be readmitted;
#                     * level 0 (uninfected) never occurs.
set.seed(20240612, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")
library(ordinal)  # for the wine data only

write_fixture <- function(d, path) {
  write.csv(d, path, row.names = FALSE, quote = FALSE)
}

## wine.csv -------------------------------------------------------------------
wine_out <- data.frame(
  rating  = as.integer(wine$rating),
  warm    = as.integer(wine$temp == "warm"),
  contact = as.integer(wine$contact == "yes"),
  judge   = as.integer(as.character(wine$judge)),
  bottle  = as.integer(as.character(wine$bottle))
)
stopifnot(nrow(wine_out) == 72, all(wine_out$rating %in% 1:5),
          identical(as.integer(as.character(wine$rating)), wine_out$rating))
write_fixture(wine_out, "tests/fixtures/wine.csv")

## who_day7.csv ---------------------------------------------------------------
who_levels <- 0:10
p7 <- c(0, 0, 0.03, 0.17, 0.28, 0.22, 0.13, 0.05, 0, 0.03, 0.09)
stopifnot(length(p7) == 11, abs(sum(p7) - 1) < 1e-12)
# theta_j for j = 2..9 (levels 0 and 1 have probability 0: no threshold below 2);
# rounding keeps theta_7 == theta_8 exactly.
theta7 <- qlogis(round(cumsum(p7), 10)[3:10])
n <- 120
treatment <- sample(rep(0:1, n / 2))
age <- as.integer(pmin(pmax(round(rnorm(n, 62, 12)), 25), 90))
eta <- log(0.8) * treatment + 0.025 * (age - 62)
latent <- eta + rlogis(n)
who <- 2L + vapply(latent, function(z) sum(z > theta7), integer(1))
d7 <- data.frame(id = 1:n, treatment = treatment, age = age, who = who)
counts7 <- table(factor(d7$who, levels = who_levels))
stopifnot(all(counts7[c("0", "1", "8")] == 0),
          all(counts7[c("2", "3", "4", "5", "6", "7", "9", "10")] > 0),
          counts7["2"] <= 5, sum(counts7[c("3", "4", "5", "6")]) >= 0.7 * n)
write_fixture(d7, "tests/fixtures/who_day7.csv")

## who_long.csv ---------------------------------------------------------------
# (own seed, so that this fixture does not depend on the draws above)
set.seed(20240613, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")
pl <- c(0, 0.01, 0.03, 0.14, 0.30, 0.25, 0.12, 0.05, 0.03, 0.02, 0.05)
stopifnot(abs(sum(pl) - 1) < 1e-12)
theta_l <- qlogis(round(cumsum(pl), 10)[2:10])   # thresholds j = 1..9
days <- c(2L, 4L, 7L, 10L, 14L)
day_eff <- c(0, -0.4, -1.0, -1.7, -2.5)
np <- 60
treatment <- sample(rep(0:1, np / 2))
age <- as.integer(pmin(pmax(round(rnorm(np, 62, 12)), 25), 90))
b <- rnorm(np, 0, 1.5)
rows <- vector("list", np)
for (i in 1:np) {
  z <- numeric(length(days))
  z[1] <- rnorm(1)
  for (t in 2:length(days)) z[t] <- 0.6 * z[t - 1] + sqrt(1 - 0.6^2) * rnorm(1)
  eps <- qlogis(pnorm(z))          # logistic margins, serially correlated
  latent <- log(0.8) * treatment[i] + 0.025 * (age[i] - 62) + day_eff + b[i] + eps
  w <- 1L + vapply(latent, function(v) sum(v > theta_l), integer(1))
  dead <- cummax(w == 10L) == 1    # death is absorbing
  w[dead] <- 10L
  rows[[i]] <- data.frame(id = i, day = days, treatment = treatment[i], age = age[i], who = w)
}
dl <- do.call(rbind, rows)
countsl <- table(factor(dl$who, levels = who_levels))
stopifnot(nrow(dl) == 300, countsl["0"] == 0,
          all(tapply(dl$who, dl$id, function(w) all(diff(w == 10L) >= 0))))
write_fixture(dl, "tests/fixtures/who_long.csv")

cat("who_day7 counts (levels 0..10):", counts7, "\n")
cat("who_long counts (levels 0..10):", countsl, "\n")
print(table(day = dl$day, who = factor(dl$who, levels = who_levels)))

# Generates the small Cox test datasets under tests/fixtures/ deterministically.
# Run from the repository root:  Rscript scripts/r_reference/make_cox_data.R
# (R 4.2.2; the sample() defaults of R >= 3.6, i.e. sample.kind = "Rejection").
#
#   cox_ties.csv            60 patients, integer-day times (many tied event
#                           times, censorings at tied event times), treatment,
#                           integer age, centre C1..C4, 2-level stratum site.
#   cox_separation_arm.csv  30 patients, every event in the treatment arm:
#                           the treatment log HR is +infinite.
#   cox_separation_centre.csv  40 patients, centre C3 has no events:
#                           its coefficient is -infinite.
set.seed(20240611, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")

write_cox <- function(d, path) {
  write.csv(d, path, row.names = FALSE, quote = FALSE)
}

## cox_ties.csv ---------------------------------------------------------------
n <- 60
treatment <- sample(rep(0:1, n / 2))
age <- round(rnorm(n, 62, 9))
centre <- sample(paste0("C", 1:4), n, replace = TRUE)
site <- sample(c("S1", "S2"), n, replace = TRUE)
centre_effect <- c(C1 = 0, C2 = 0.4, C3 = -0.3, C4 = 0.2)
rate <- 0.06 * exp(-0.5 * treatment + 0.03 * (age - 62) + centre_effect[centre] + 0.3 * (site == "S2"))
event_time <- ceiling(rexp(n, rate))
censor_time <- sample(8:30, n, replace = TRUE)
time <- pmin(event_time, censor_time)
event <- as.integer(event_time <= censor_time)
d <- data.frame(id = 1:n, time = time, event = event, treatment = treatment, age = age,
                centre = centre, site = site)
stopifnot(all(tapply(d$event, d$centre, sum) > 0), all(tapply(d$event, d$site, sum) > 0),
          all(tapply(d$event, d$treatment, sum) > 0))
# at least one censoring at a time that is also an event time in the same site
stopifnot(any(sapply(which(d$event == 0), function(i)
  any(d$event == 1 & d$time == d$time[i] & d$site == d$site[i]))))
write_cox(d, "tests/fixtures/cox_ties.csv")

## cox_separation_arm.csv -----------------------------------------------------
n <- 30
treatment <- rep(0:1, n / 2)
age <- round(rnorm(n, 60, 8))
centre <- rep(paste0("C", 1:3), length.out = n)
site <- rep(c("S1", "S2"), each = n / 2)
time <- sample(5:40, n, replace = TRUE)
event <- ifelse(treatment == 1, rbinom(n, 1, 0.8), 0L)
event[treatment == 1 & centre == "C1"][1] <- 1L  # every centre keeps an event
event[treatment == 1 & centre == "C2"][1] <- 1L
event[treatment == 1 & centre == "C3"][1] <- 1L
d <- data.frame(id = 1:n, time = time, event = event, treatment = treatment, age = age,
                centre = centre, site = site)
stopifnot(sum(d$event[d$treatment == 0]) == 0, all(tapply(d$event, d$centre, sum) > 0))
write_cox(d, "tests/fixtures/cox_separation_arm.csv")

## cox_separation_centre.csv --------------------------------------------------
n <- 40
treatment <- sample(rep(0:1, n / 2))
age <- round(rnorm(n, 60, 8))
centre <- rep(paste0("C", 1:4), length.out = n)
site <- rep(c("S1", "S2"), length.out = n)
time <- sample(3:30, n, replace = TRUE)
event <- ifelse(centre == "C3", 0L, rbinom(n, 1, 0.7))
d <- data.frame(id = 1:n, time = time, event = event, treatment = treatment, age = age,
                centre = centre, site = site)
stopifnot(sum(d$event[d$centre == "C3"]) == 0, all(tapply(d$event, d$treatment, sum) > 0))
write_cox(d, "tests/fixtures/cox_separation_centre.csv")

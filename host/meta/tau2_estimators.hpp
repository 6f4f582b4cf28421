// Estimators of the between-study variance tau^2 in the random-effects model
// y_i ~ N(mu, v_i + tau^2), each as metafor 3.8's rma.uni(yi, vi, method = ...)
// computes it, including its standard error se.tau2, for k >= 2 studies
// (rma.uni sets tau^2 = 0 without an estimator when k = 1; random_effects.cpp
// does the same). Notation as in inverse_variance.hpp; all estimates are
// truncated at 0 (tau2.min = 0).
//
// "DL" DerSimonian-Laird (method of moments on Cochran's Q), w_i = 1/v_i:
//   tau2 = max(0, (Q(0) - (k - 1)) / tr P),
//   se   = sqrt(2 (k-1) + 4 tau2 tr P + 2 tau2^2 sum(P o P)) / tr P.
// "SJ" Sidik-Jonkman (metafor's non-iterated version): with the unweighted
//   tau0 = sum (y_i - ybar)^2 / k and w_i = 1/(v_i + tau0),
//   tau2 = tau0 Q(tau0) / (k - 1),
//   se   = tau0 / (k-1) sqrt(2 sum(PV o (PV)') + 4 tau2 sum(PV o P) + 2 tau2^2 sum(P o P)),
//   V = diag(v), P at tau0.
// "REML" restricted maximum likelihood by metafor's Fisher scoring: start at
//   the Hedges (HE) estimate max(0, (sum (y - ybar)^2 - (1 - 1/k) sum v) / (k - 1)),
//   step  tau2 += (y' P P y - tr P) / tr(P P)  (P at the current tau2),
//   halving a step that would cross 0, until the change is below 1e-13
//   (metafor stops at 1e-5 by default: rma(..., control = list(threshold = 1e-13))
//   is what this matches); then metafor's ll0check: if the REML
//   log-likelihood at 0 beats the estimate's by more than 1.2207e-4
//   (its tol), tau2 = 0.   se = sqrt(2 / sum(P o P)).
//   Difference: where the maximum is on the boundary, metafor's halved steps
//   creep towards 0 (tau2 ~ 1e-14 with a 1e-13 threshold, ~1e-6 with the
//   default); this code stops at exactly 0 once the Fisher step from 0 points
//   below 0 (the REML score at 0 is <= 0).
// "PM" Paule-Mandel: the root of Q(tau2) = k - 1 (0 when Q(0) < k - 1),
//   solved with Boost's TOMS 748 to full double precision (metafor: uniroot on
//   [0, 100] with tol 1.2e-4 by default; control = list(tol = 1e-13) is what
//   this matches; where 100 is too small metafor stops with an error, this
//   code widens the bracket).  se = sqrt(2 k^2 / (k - 1)) / sum w  (w at tau2).
// Why these: DL is the classical default, the paper's choice; REML is
// metafor's default and the best-behaved; PM and SJ are the usual
// alternatives recommended when heterogeneity is large (Veroniki et al. 2016).
#pragma once

#include <vector>

namespace ps {

struct Tau2Estimate {
  double tau2 = 0.0;
  double se = 0.0;     // metafor's se.tau2
  int iterations = 0;  // REML: Fisher scoring steps; PM: root-finder evaluations; else 0
};

// All throw std::invalid_argument for invalid yi/vi (validate_effect_sizes)
// or k < 2.
Tau2Estimate tau2_dersimonian_laird(const std::vector<double>& yi, const std::vector<double>& vi);
Tau2Estimate tau2_sidik_jonkman(const std::vector<double>& yi, const std::vector<double>& vi);
Tau2Estimate tau2_reml(const std::vector<double>& yi, const std::vector<double>& vi);
Tau2Estimate tau2_paule_mandel(const std::vector<double>& yi, const std::vector<double>& vi);

}  // namespace ps

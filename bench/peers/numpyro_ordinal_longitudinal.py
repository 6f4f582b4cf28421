#!/usr/bin/env python3
"""Peer for the priorsweep longitudinal ordinal sweeps: the same model in NumPyro NUTS.

    numpyro_ordinal_longitudinal.py CONFIG --mode stacked            [options]
    numpyro_ordinal_longitudinal.py CONFIG --mode per-prior --subset K [options]
    numpyro_ordinal_longitudinal.py --self-test                       (no MCMC)
    numpyro_ordinal_longitudinal.py CONFIG --check-mle FREQUENTIST_CSV (numpy only)

The model of `model = "ordinal_longitudinal"` (README, models/ordinal_longitudinal.hpp),
read from the same TOML config and CSV, wide layout (`outcome` a list of day
columns in time order, `days` their labels):
  - logit P(Y_it <= k) = c_k - eta_it - b_i, b_i ~ N(0, sd^2), eta_it =
    treatment, covariates and factors (peer_common.design_matrix coding over
    the patient-day rows, so numeric covariates are centred at their mean over
    those rows, as priorsweep centres them) plus one effect per day, the first
    day the reference;
  - death absorbing as priorsweep treats it: with `absorbing_level` set and
    after_death = "carry_forward" every day after a patient's first death
    score is scored as death (missing days filled in; another score after
    death is an input error); with "drop" only the first death score is kept;
    other missing scores are left out; a patient without scores is an error
    or, with [data] missing = "drop", left out;
  - priors: the ordinal peer's Dirichlet cutpoint prior on the reference
    patient's category probabilities (bench/peers/numpyro_ordinal.py), the
    grid on the treatment log OR, [analysis.nuisance_prior] on every other
    coefficient (day effects included), and [analysis.random_effect_prior] on
    sd (half_student_t, default df 3, scale 2.5; or half_normal).

priorsweep integrates b_i out by adaptive Gauss-Hermite quadrature
(`quadrature_nodes`); NumPyro samples the 114 intercepts with the rest, as a
NumPyro user writes the model (non-centred: b_i = sd z_i, z_i ~ N(0, 1)). Its
posterior is therefore the exact one, priorsweep's that of the quadrature
approximation (7 nodes in L1); the two differ far below Monte-Carlo error.

--check-mle maximises the same adaptive quadrature approximation priorsweep's
frequentist fit maximises (conditional mode and curvature of each patient's
integrand, numpy's Gauss-Hermite nodes), by Newton with finite-difference
derivatives, over the observed scores only, and compares estimates,
cutpoints (uncentred, as clmm reports them), log sd and the log-likelihood
with frequentist.csv to 1e-6 and the standard errors to 1e-5 (they come from
extrapolated second differences here).

Modes, quality target, timing and the JSON line: bench/peers/peer_common.py.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpyro_ordinal as po  # noqa: E402
import peer_common as pc  # noqa: E402


# ------------------------------------------------------------------- data


class LongitudinalData:
    """X (n_obs, dim) of the patient-day rows, y (n_obs,) the index of each
    score in `levels`, patient (n_obs,) the patient of each row (0 ..
    n_patients - 1), names, centres of the numeric covariates (the columns
    after treatment), concentration, nodes, the sd prior (family, df, scale)."""


def scores_of_patient(cells, absorbing, after_death, where):
    """The day indices and scores of one patient after the death rule."""
    scores = [None if c is None or c.strip() in ("", "NA") else float(c) for c in cells]
    for t, v in enumerate(scores):
        if v is not None and v != int(v):
            raise ValueError(f"{where}: score {cells[t]!r} is not a whole number")
    if absorbing is not None:
        death = next((t for t, v in enumerate(scores) if v == absorbing), None)
        if death is not None:
            for t in range(death + 1, len(scores)):
                if scores[t] is not None and scores[t] != absorbing:
                    raise ValueError(f"{where}: score {scores[t]:g} after death")
                scores[t] = absorbing if after_death == "carry_forward" else None
    return [(t, int(v)) for t, v in enumerate(scores) if v is not None]


def build_data(s, rows=None):
    a = s.raw
    if not isinstance(a.get("outcome"), list):
        raise ValueError("outcome: this peer reads the wide layout (a list of day columns) only")
    if a.get("link", "logit") != "logit":
        raise ValueError("link: this peer samples the logit link only")
    columns = list(a["outcome"])
    days = [str(v) for v in a.get("days", columns)]
    levels = [int(v) for v in a["categories"]]
    index = {v: k for k, v in enumerate(levels)}
    absorbing = a.get("absorbing_level")
    after_death = a.get("after_death", "carry_forward")
    kept = pc.complete_rows(s, [s.treatment] + s.covariates + s.factors, rows)
    for c in columns:
        if kept and c not in kept[0]:
            raise ValueError(f"{s.data_path}: no column {c!r}")
    obs_rows, y, patient, day = [], [], [], []
    n_patients = 0
    for r in kept:
        scores = scores_of_patient([r[c] for c in columns], absorbing, after_death, s.data_path)
        if not scores:
            if s.missing == "drop":
                continue
            raise ValueError(f"{s.data_path}: a patient without scores (missing = 'error')")
        for t, v in scores:
            if v not in index:
                raise ValueError(f"{s.data_path}: score {v} is not one of the declared categories")
            obs_rows.append(r)
            y.append(index[v])
            patient.append(n_patients)
            day.append(t)
        n_patients += 1
    X, names, centres = pc.design_matrix(s, obs_rows)
    day = np.array(day)
    day_cols = [(day == t).astype(float) for t in range(1, len(columns))]
    X = np.column_stack([X] + day_cols)
    names = names + [f"day[{label}]" for label in days[1:]]
    rep = a.get("random_effect_prior", {})
    family = rep.get("family", "half_student_t")
    if family not in ("half_student_t", "half_normal"):
        raise ValueError(f"random_effect_prior.family = {family!r}")
    sd_prior = (family, float(rep.get("df", 3.0)), float(rep.get("scale", 2.5)))
    return make_longitudinal_data(X, y, patient, levels, names, centres,
                                  float(a.get("cutpoint_prior", {}).get("concentration", 1.0)),
                                  int(a.get("quadrature_nodes", 10)), sd_prior)


def make_longitudinal_data(X, y, patient, levels, names=None, centres=(), concentration=1.0, nodes=10,
                           sd_prior=("half_student_t", 3.0, 2.5)):
    d = LongitudinalData()
    d.rows = po.make_ordinal_data(X, y, levels, names, centres, concentration)
    d.patient = np.asarray(patient, dtype=np.int64)
    d.n_patients = int(d.patient.max()) + 1
    d.nodes, d.sd_prior = nodes, sd_prior
    return d


def collapsed(d):
    """The data with the scores nobody reached removed: (data, observed level indices)."""
    rows, observed = po.collapsed(d.rows)
    e = LongitudinalData()
    e.rows, e.patient, e.n_patients, e.nodes, e.sd_prior = rows, d.patient, d.n_patients, d.nodes, d.sd_prior
    return e, observed


# ------------------------------------------------------- quadrature (numpy)


def eta_derivatives(a, cut, eta):
    """First and second derivatives of log P(Y = y) in eta (numpy, per row)."""
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
    up = np.concatenate([cut, [np.inf]])[a["y"]] - eta
    low = np.concatenate([[-np.inf], cut])[a["y"]] - eta
    Fu, Fl = sig(up), sig(low)
    fu, fl = Fu * (1 - Fu), Fl * (1 - Fl)
    D = np.exp(po.ordinal_log_probabilities(np, a, cut, eta))
    d1 = -(fu - fl) / D
    d2 = (fu * (1 - 2 * Fu) - fl * (1 - 2 * Fl)) / D - d1 ** 2
    return d1, d2


def conditional_modes(d, a, cut, eta, sd):
    """Each patient's mode of g(b) = sum_t log P(y_it | eta_it + b) + log N(b; 0, sd^2)
    and the curvature -g'' there: Newton, g concave, each patient's step
    halved until g does not fall (a full step from far out in the logistic
    tails, where g is nearly flat, overshoots)."""
    def g_of(b):
        lp = po.ordinal_log_probabilities(np, a, cut, eta + b[d.patient])
        return np.bincount(d.patient, lp, d.n_patients) - 0.5 * (b / sd) ** 2

    b = np.zeros(d.n_patients)
    g = g_of(b)
    for _ in range(200):
        d1, d2 = eta_derivatives(a, cut, eta + b[d.patient])
        g1 = np.bincount(d.patient, d1, d.n_patients) - b / sd ** 2
        g2 = np.bincount(d.patient, d2, d.n_patients) - 1.0 / sd ** 2
        step = -g1 / g2
        t = np.ones(d.n_patients)
        for _ in range(60):
            g_new = g_of(b + t * step)
            worse = g_new < g - 1e-14 * np.abs(g)
            if not np.any(worse):
                break
            t = np.where(worse, t / 2, t)
        b, g = b + t * step, g_new
        if np.max(np.abs(t * step)) < 1e-12:
            break
    d1, d2 = eta_derivatives(a, cut, eta + b[d.patient])
    return b, -(np.bincount(d.patient, d2, d.n_patients) - 1.0 / sd ** 2)


def marginal_loglik(d, theta, with_modes=False):
    """Adaptive Gauss-Hermite approximation of the log-likelihood of theta =
    (cutpoints, beta, log sd): per patient log sum_q w_q sqrt(2) s exp(g(m +
    sqrt(2) s x_q) + x_q^2) with mode m and s = curvature^-1/2."""
    K1 = d.rows.K - 1
    cut, beta, sd = theta[:K1], theta[K1:-1], math.exp(theta[-1])
    if np.any(np.diff(cut) <= 0):
        return -np.inf
    a = po.device_arrays(d.rows, np)
    eta = d.rows.X @ beta
    m, h = conditional_modes(d, a, cut, eta, sd)
    s = 1.0 / np.sqrt(h)
    x, w = np.polynomial.hermite.hermgauss(d.nodes)
    terms = []
    for xq, wq in zip(x, w):
        bq = m + math.sqrt(2.0) * s * xq
        lp = np.bincount(d.patient, po.ordinal_log_probabilities(np, a, cut, eta + bq[d.patient]), d.n_patients)
        prior = -0.5 * (bq / sd) ** 2 - math.log(sd) - 0.5 * math.log(2 * math.pi)
        terms.append(math.log(wq) + lp + prior + xq ** 2)
    terms = np.array(terms)
    top = terms.max(axis=0)
    ll = float(np.sum(top + np.log(np.exp(terms - top).sum(axis=0)) + 0.5 * math.log(2.0) + np.log(s)))
    return (ll, m) if with_modes else ll


def fd_gradient(f, t, h=1e-5):
    return np.array([(f(t + h * e) - f(t - h * e)) / (2 * h) for e in np.eye(len(t))])


def fd_hessian(f, t, h=1e-3):
    """Second differences of f at steps h and h/2 combined by Richardson
    extrapolation, (4 H(h/2) - H(h)) / 3: error O(h^4) + noise / h^2. The
    quadrature approximation's fourth derivatives are large enough that plain
    second differences at h = 1e-3 are off by 1e-4 relative in the SEs."""
    def second_differences(step):
        n = len(t)
        H = np.empty((n, n))
        f0 = f(t)
        E = np.eye(n) * step
        for j in range(n):
            H[j, j] = (f(t + E[j]) - 2 * f0 + f(t - E[j])) / step ** 2
            for k in range(j):
                H[j, k] = H[k, j] = (f(t + E[j] + E[k]) - f(t + E[j] - E[k]) - f(t - E[j] + E[k])
                                     + f(t - E[j] - E[k])) / (4 * step ** 2)
        return H

    return (4 * second_differences(h / 2) - second_differences(h)) / 3


def fit_mle(d, iterations=60):
    """Newton (finite-difference derivatives, eigenvalues reflected, step
    halving) from the marginal cutpoints, beta = 0, sd = 1; returns (theta,
    covariance, log-likelihood)."""
    f = lambda t: marginal_loglik(d, t)  # noqa: E731
    counts = np.bincount(d.rows.y, minlength=d.rows.K).astype(float)
    cum = np.cumsum(counts)[:-1] / d.rows.n
    theta = np.concatenate([np.log(cum) - np.log1p(-cum), np.zeros(d.rows.dim), [0.0]])
    ll = f(theta)
    H = None
    for it in range(iterations):
        g = fd_gradient(f, theta)
        if np.max(np.abs(g)) < 1e-7:
            break
        if H is None or it < 8 or it % 4 == 0:
            H = np.array([(fd_gradient(f, theta + 1e-3 * e) - fd_gradient(f, theta - 1e-3 * e)) / 2e-3
                          for e in np.eye(len(theta))])
            H = (H + H.T) / 2
        # The approximate marginal log-likelihood is not concave far from
        # its maximum: the Hessian's eigenvalues are reflected to negative
        # ones, so every step climbs (a plain Newton step there descends).
        lam, V = np.linalg.eigh(H)
        lam = -np.maximum(np.abs(lam), 1e-8 * np.max(np.abs(lam)))
        step = -V @ ((V.T @ g) / lam)
        t = 1.0
        while True:
            cand = theta + t * step
            ll_c = f(cand)
            if np.isfinite(ll_c) and ll_c >= ll - 1e-12 * abs(ll):
                break
            t *= 0.5
            if t < 1e-10:
                raise ValueError("the MLE's Newton iteration stalled")
        theta, ll = cand, ll_c
    return theta, np.linalg.inv(-fd_hessian(f, theta)), ll


# ------------------------------------------------------------------- MCMC


class LongitudinalPeer:
    label = "numpyro_ordinal_longitudinal"
    what = "longitudinal ordinal"
    models = ("ordinal_longitudinal",)

    def prepare(self, J, s):
        self.data = build_data(s)
        self.arrays = po.device_arrays(self.data.rows, J["jnp"])
        self.patient = J["jnp"].asarray(self.data.patient)
        obs, self.observed = collapsed(self.data)
        self.theta, self.cov, _ = fit_mle(obs)
        _, self.modes = marginal_loglik(obs, self.theta, with_modes=True)

    def model(self, J, family, nuisance):
        jnp, numpyro, dist = J["jnp"], J["numpyro"], J["dist"]
        nf, npar = nuisance
        arrays, d, patient = self.arrays, self.data, self.patient
        sd_family, sd_df, sd_scale = d.sd_prior
        dim = d.rows.dim

        def model(loc, scale, df):
            P = loc.shape[0]
            pi = numpyro.sample("probabilities", dist.Dirichlet(jnp.full((P, d.rows.K), d.rows.concentration)))
            effect = dist.Normal(loc, scale) if family == "normal" else dist.StudentT(df, loc, scale)
            parts = [numpyro.sample("treatment", effect.to_event(1))[:, None]]
            nd = dist.Normal(npar["mean"], npar["sd"]) if nf == "normal" else \
                dist.StudentT(npar["df"], npar["location"], npar["scale"])
            parts.append(numpyro.sample("nuisance", nd.expand([P, dim - 1]).to_event(2)))
            beta = jnp.concatenate(parts, axis=-1)                               # (P, dim)
            sd_dist = dist.HalfNormal(sd_scale) if sd_family == "half_normal" else \
                dist.FoldedDistribution(dist.StudentT(sd_df, 0.0, sd_scale))
            sd = numpyro.sample("sd", sd_dist.expand([P]).to_event(1))           # (P,)
            z = numpyro.sample("z", dist.Normal(0.0, 1.0).expand([P, d.n_patients]).to_event(2))
            eta = beta @ arrays["X"].T + (sd[:, None] * z)[:, patient]           # (P, n_obs)
            cut = po.cutpoints_from_probabilities(jnp, pi)
            numpyro.factor("ordinal_loglik", jnp.sum(po.ordinal_log_probabilities(jnp, arrays, cut, eta)))

        return model

    def init_params(self, J, prior, chains, rng):
        """Unconstrained starts: as the ordinal peer's for the cutpoints and
        coefficients, log sd at the MLE's +- 2 SE, z at the conditional modes
        over the MLE's sd plus N(0, 0.5^2)."""
        from numpyro.distributions import constraints
        from numpyro.distributions.transforms import biject_to
        d, K1o = self.data, len(self.observed) - 1
        P, dim = len(prior["loc"]), d.rows.dim
        beta, cov = self.theta[K1o:K1o + dim], self.cov[K1o:K1o + dim, K1o:K1o + dim]
        centre, spread = np.tile(beta, (P, 1)), np.tile(np.sqrt(np.diag(cov)), (P, 1))
        centre[:, 0], spread[:, 0] = pc.treatment_start(beta[0], cov[0, 0], prior["loc"], prior["scale"])
        coef = centre[None] + 2.0 * spread[None] * rng.standard_normal((chains, P, dim))
        pi = np.zeros(d.rows.K)
        pi[self.observed] = po.category_probabilities(self.theta[:K1o])
        alpha = d.rows.concentration
        pi = (d.rows.n * pi + alpha) / (d.rows.n + d.rows.K * alpha)
        pis = pi * np.exp(po.SMOOTHING_SD * rng.standard_normal((chains, P, d.rows.K)))
        pis /= pis.sum(axis=-1, keepdims=True)
        log_sd = self.theta[-1] + 2.0 * math.sqrt(self.cov[-1, -1]) * rng.standard_normal((chains, P))
        z = self.modes / math.exp(self.theta[-1]) + 0.5 * rng.standard_normal((chains, P, d.n_patients))
        return {"probabilities": np.asarray(biject_to(constraints.simplex).inv(J["jnp"].asarray(pis))),
                "treatment": coef[:, :, 0], "nuisance": coef[:, :, 1:], "sd": log_sd, "z": z}

    def self_test(self, check, modules):
        # Death rule, by hand.
        cells = ["5", "", "10", "", "10"]
        check(scores_of_patient(cells, 10, "carry_forward", "t") == [(0, 5), (2, 10), (3, 10), (4, 10)]
              and scores_of_patient(cells, 10, "drop", "t") == [(0, 5), (2, 10)]
              and scores_of_patient(cells, None, "drop", "t") == [(0, 5), (2, 10), (4, 10)],
              "death carried forward / kept once / not absorbing")
        try:
            scores_of_patient(["10", "4"], 10, "carry_forward", "t")
            check(False, "a score after death is an error")
        except ValueError:
            check(True, "a score after death is an error")
        # The quadrature against a brute-force integral of one patient's likelihood.
        X = np.array([[1.0], [1.0], [1.0]])
        d = make_longitudinal_data(X, [0, 1, 2], [0, 0, 0], [0, 1, 2], nodes=10)
        theta = np.array([-0.4, 1.1, 0.3, math.log(1.3)])
        a = po.device_arrays(d.rows, np)
        grid = np.linspace(-12, 12, 48001)
        integrand = [math.exp(float(np.sum(po.ordinal_log_probabilities(np, a, theta[:2], X @ theta[2:3] + b)))
                              - 0.5 * (b / 1.3) ** 2) / (1.3 * math.sqrt(2 * math.pi)) for b in grid]
        exact = math.log(np.trapz(integrand, grid))
        got = marginal_loglik(d, theta)
        check(abs(got - exact) < 1e-7, f"adaptive quadrature (10 nodes) vs a fine grid: {got:.10f} vs {exact:.10f}")
        laplace = make_longitudinal_data(X, [0, 1, 2], [0, 0, 0], [0, 1, 2], nodes=1)
        check(abs(marginal_loglik(laplace, theta) - exact) > 1e-5, "one node (Laplace) is not exact")
        # eta derivatives vs finite differences.
        rng = np.random.default_rng(5)
        rows = po.make_ordinal_data(rng.standard_normal((40, 1)), rng.integers(0, 4, 40), [0, 1, 2, 3])
        a = po.device_arrays(rows, np)
        cut, eta = np.array([-1.0, 0.2, 1.5]), rng.normal(0, 2, 40)
        d1, d2 = eta_derivatives(a, cut, eta)
        lp = lambda e: po.ordinal_log_probabilities(np, a, cut, e)  # noqa: E731
        f1 = (lp(eta + 1e-6) - lp(eta - 1e-6)) / 2e-6
        f2 = (lp(eta + 1e-4) - 2 * lp(eta) + lp(eta - 1e-4)) / 1e-8
        check(np.max(np.abs(d1 - f1)) < 1e-7 and np.max(np.abs(d2 - f2)) < 1e-5,
              f"eta derivatives vs finite differences {np.max(np.abs(d1 - f1)):.1e}, {np.max(np.abs(d2 - f2)):.1e}")

    def check_mle(self, s, path):
        d, observed = collapsed(build_data(s))
        theta, cov, ll = fit_mle(d)
        K1, dim = d.rows.K - 1, d.rows.dim
        A = np.eye(len(theta))
        A[:K1, K1 + 1:K1 + 1 + len(d.rows.centres)] = d.rows.centres
        unc, ucov = A @ theta, A @ cov @ A.T
        se = np.sqrt(np.diag(ucov))
        lv = d.rows.levels
        sd_name = "sd(patient)" if s.raw.get("id") is None else f"sd({s.raw['id']})"
        rows = pc.read_frequentist(path)
        ok, worst = pc.compare_terms([(f"cutpoint[{lv[j]}|{lv[j + 1]}]", unc[j], se[j]) for j in range(K1)]
                                     + [(n, unc[K1 + j], se[K1 + j]) for j, n in enumerate(d.rows.names)]
                                     + [(sd_name, unc[-1], se[-1])], rows, path, tol=1e-6, se_tol=1e-5)
        ref_ll = float(next(iter(rows.values()))["loglik"])
        print(f"  loglik here {ll:.10f}  priorsweep {ref_ll:.10f}", file=sys.stderr)
        ok &= abs(ll - ref_ll) < 1e-6
        print(pc.json.dumps({"check_mle": "passed" if ok else "FAILED", "max_abs_diff": worst,
                             "terms": K1 + dim + 1}))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(pc.main(LongitudinalPeer()))

#!/usr/bin/env python3
"""Peer for the priorsweep Cox sweeps: the same work in NumPyro NUTS.

    numpyro_cox.py CONFIG --mode stacked            [options]
    numpyro_cox.py CONFIG --mode per-prior --subset K [options]
    numpyro_cox.py --self-test                       (no MCMC; numpy, and JAX when installed)
    numpyro_cox.py CONFIG --check-mle FREQUENTIST_CSV (numpy only: MLE vs priorsweep's fit)

The model is the one priorsweep samples (README "How it works", models/cox.hpp):
read from the same TOML config and CSV (first [[analysis]] unless --analysis),
  - design: as peer_common.design_matrix (priorsweep's coding), strata as the
    combinations of the strata columns (each its own risk sets);
  - Cox partial likelihood with Efron (or Breslow) ties, exactly: patients
    sorted by stratum, time descending, events first within a tied time; a
    patient censored at an event time is at risk then (as survival::coxph);
  - prior on the treatment log HR: each grid point of the config's
    [[analysis.prior]] blocks (normal or student_t); every other coefficient
    gets [analysis.nuisance_prior] (default Normal(0, 10)).

Modes, quality target, timing and the JSON line: bench/peers/peer_common.py.
Stacked: coefficients of shape (P, dim), log density = sum of the P
independent log posteriors, one NUTS run (diagonal mass matrix: a dense one
would be (P dim)^2); per-prior: dense mass matrix by default (dim <= 17).
numpyro's own effective_sample_size (not rank-normalised) is reported as
"numpyro_min_ess". Diagnostics use the log-HR draws, as priorsweep's do.

Chains start over-dispersed around an approximate posterior mode (the MLE,
with the treatment coefficient moved to the normal-normal combination of MLE
and prior) at +- 2 standard errors, as priorsweep's chains start around each
prior's Laplace mode (init_spread = 2).

The likelihood is written against an array-module parameter `xp` (numpy or
jax.numpy), so the same code is checked here with numpy and runs in JAX there.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

# ------------------------------------------------------------------- data


class CoxData:
    """Dense design in risk-set order plus the per-event index arrays that make
    the Efron partial likelihood a few vectorised operations:
      cs0[j] = sum of w over sorted positions < j (cs0[0] = 0)
      S_e = cs0[risk_end_e] - cs0[stratum_start_e]    risk-set total at event e's time
      D_e = cs0[tie_start_e + d_e] - cs0[tie_start_e] tied-event total (events lead a tie group)
      log L = sum_e eta_e - sum_e log(S_e - frac_e D_e), frac_e = k_e / d_e (Efron) or 0 (Breslow)
    """


def build_data(s, rows=None):
    a = s.raw
    time_col, event_col, strata = a["time"], a["event"], list(a.get("strata", []))
    ties = a.get("ties", "efron")
    if ties not in ("efron", "breslow"):
        raise ValueError(f"ties = {ties!r}")
    kept = pc.complete_rows(s, [time_col, event_col, s.treatment] + s.covariates + s.factors + strata, rows)
    time_ = np.array([float(r[time_col]) for r in kept])
    event = np.array([int(float(r[event_col])) for r in kept])
    X, names, _ = pc.design_matrix(s, kept)
    if strata:
        keys = [tuple(r[c].strip() for c in strata) for r in kept]
        codes = {k: i for i, k in enumerate(sorted(set(keys)))}
        stratum = np.array([codes[k] for k in keys])
    else:
        stratum = np.zeros(len(kept), dtype=int)
    return make_cox_data(time_, event, X, stratum, ties, names)


def make_cox_data(time_, event, X, stratum, ties, names=None):
    time_ = np.asarray(time_, dtype=float)
    event = np.asarray(event, dtype=int)
    X = np.asarray(X, dtype=float)
    stratum = np.asarray(stratum, dtype=int)
    n = len(time_)
    # Stratum ascending, time descending, events first, then input row.
    order = np.lexsort((np.arange(n), -event, -time_, stratum))
    t, e, st = time_[order], event[order], stratum[order]
    d = CoxData()
    d.n, d.dim = n, X.shape[1]
    d.X = X[order]
    d.time, d.event, d.stratum = t, e, st
    d.names = names or [f"b{j}" for j in range(d.dim)]
    ev_pos, risk_end, stratum_start, tie_start, ties_d, frac = [], [], [], [], [], []
    i = 0
    s_start = 0
    while i < n:
        if i == 0 or st[i] != st[i - 1]:
            s_start = i
        j = i
        while j < n and st[j] == st[i] and t[j] == t[i]:
            j += 1
        events = int(e[i:j].sum())
        for k in range(events):
            ev_pos.append(i + k)
            risk_end.append(j)
            stratum_start.append(s_start)
            tie_start.append(i)
            ties_d.append(events)
            frac.append(k / events if ties == "efron" else 0.0)
        i = j
    d.ev_pos = np.array(ev_pos, dtype=np.int64)
    d.risk_end = np.array(risk_end, dtype=np.int64)
    d.stratum_start = np.array(stratum_start, dtype=np.int64)
    d.tie_start = np.array(tie_start, dtype=np.int64)
    d.tie_end = d.tie_start + np.array(ties_d, dtype=np.int64)
    d.frac = np.array(frac, dtype=float)
    d.n_events = len(ev_pos)
    return d


def device_arrays(d, xp):
    """The arrays the likelihood reads, as xp arrays (converted once)."""
    return {k: xp.asarray(getattr(d, k)) for k in
            ("X", "ev_pos", "risk_end", "stratum_start", "tie_start", "tie_end", "frac")}


def cox_loglik(xp, a, beta):
    """Partial log-likelihood of beta with shape (..., dim) -> shape (...).
    `a` holds device_arrays(); xp is numpy or jax.numpy."""
    eta = beta @ a["X"].T                                  # (..., n)
    w = xp.exp(eta)
    zero = xp.zeros(eta.shape[:-1] + (1,), dtype=eta.dtype)
    cs0 = xp.concatenate([zero, xp.cumsum(w, axis=-1)], axis=-1)  # (..., n + 1)
    S = cs0[..., a["risk_end"]] - cs0[..., a["stratum_start"]]
    D = cs0[..., a["tie_end"]] - cs0[..., a["tie_start"]]
    return xp.sum(eta[..., a["ev_pos"]], axis=-1) - xp.sum(xp.log(S - a["frac"] * D), axis=-1)


def cox_loglik_reference(time_, event, X, stratum, ties, beta):
    """Plain-loop definition (risk set = same stratum, time >= t), for tests."""
    beta = np.asarray(beta, dtype=float)
    eta = np.asarray(X, dtype=float) @ beta
    total = 0.0
    groups = sorted({(s, t) for s, t, e in zip(stratum, time_, event) if e == 1})
    for s, t in groups:
        risk = [i for i in range(len(time_)) if stratum[i] == s and time_[i] >= t]
        tied = [i for i in risk if time_[i] == t and event[i] == 1]
        S = sum(math.exp(eta[i]) for i in risk)
        D = sum(math.exp(eta[i]) for i in tied)
        dcount = len(tied)
        for k, i in enumerate(tied):
            total += eta[i]
            f = k / dcount if ties == "efron" else 0.0
            total -= math.log(S - f * D)
    return total


def cox_derivatives(d, beta):
    """(loglik, gradient, Hessian) in numpy, exact (cumulative sums of w, w x,
    w x x^T), for the MLE check and the chains' starting points."""
    X = d.X
    eta = X @ beta
    w = np.exp(eta)
    c0 = np.concatenate([[0.0], np.cumsum(w)])
    c1 = np.concatenate([np.zeros((1, d.dim)), np.cumsum(w[:, None] * X, axis=0)])
    c2 = np.concatenate([np.zeros((1, d.dim, d.dim)),
                         np.cumsum(w[:, None, None] * X[:, :, None] * X[:, None, :], axis=0)])
    r, s0, t0, t1, f = d.risk_end, d.stratum_start, d.tie_start, d.tie_end, d.frac
    A0 = (c0[r] - c0[s0]) - f * (c0[t1] - c0[t0])
    A1 = (c1[r] - c1[s0]) - f[:, None] * (c1[t1] - c1[t0])
    A2 = (c2[r] - c2[s0]) - f[:, None, None] * (c2[t1] - c2[t0])
    loglik = eta[d.ev_pos].sum() - np.log(A0).sum()
    grad = X[d.ev_pos].sum(axis=0) - (A1 / A0[:, None]).sum(axis=0)
    m = A1 / A0[:, None]
    hess = -((A2 / A0[:, None, None]).sum(axis=0) - np.einsum("ei,ej->ij", m, m))
    return loglik, grad, hess


def fit_mle(d, iterations=100, tol=1e-12):
    """Newton-Raphson with step halving; returns (beta, se, loglik)."""
    beta = np.zeros(d.dim)
    ll, g, h = cox_derivatives(d, beta)
    for _ in range(iterations):
        step = np.linalg.solve(-h, g)
        decrement = float(g @ step)
        t = 1.0
        while True:
            cand = beta + t * step
            ll_c, g_c, h_c = cox_derivatives(d, cand)
            if np.isfinite(ll_c) and ll_c >= ll - 1e-12 * abs(ll):
                break
            t *= 0.5
            if t < 1e-10:
                break
        beta, ll, g, h = cand, ll_c, g_c, h_c
        if decrement < tol:
            break
    cov = np.linalg.inv(-h)
    return beta, np.sqrt(np.diag(cov)), ll, cov


# ------------------------------------------------------------------- MCMC


class CoxPeer:
    label = "numpyro_cox"
    what = "Cox"
    models = ("cox",)

    def prepare(self, J, s):
        self.data = build_data(s)
        self.arrays = device_arrays(self.data, J["jnp"])
        self.mle, _, _, self.cov = fit_mle(self.data)

    def model(self, J, family, nuisance):
        jnp, numpyro, dist = J["jnp"], J["numpyro"], J["dist"]
        nf, npar = nuisance
        arrays = self.arrays
        dim = int(arrays["X"].shape[1])

        def model(loc, scale, df):
            P = loc.shape[0]
            effect = dist.Normal(loc, scale) if family == "normal" else dist.StudentT(df, loc, scale)
            b0 = numpyro.sample("treatment", effect.to_event(1))            # (P,)
            parts = [b0[:, None]]
            if dim > 1:
                nd = dist.Normal(npar["mean"], npar["sd"]) if nf == "normal" else \
                    dist.StudentT(npar["df"], npar["location"], npar["scale"])
                parts.append(numpyro.sample("nuisance", nd.expand([P, dim - 1]).to_event(2)))
            beta = jnp.concatenate(parts, axis=-1)                           # (P, dim)
            numpyro.factor("cox_partial_loglik", jnp.sum(cox_loglik(jnp, arrays, beta)))

        return model

    def init_params(self, J, prior, chains, rng):
        """Over-dispersed starts (chains, P, dim) around each prior's
        approximate mode, +- 2 SE (real-valued sites: unconstrained = constrained)."""
        se = np.sqrt(np.diag(self.cov))
        P, dim = len(prior["loc"]), self.data.dim
        centre, spread = np.tile(self.mle, (P, 1)), np.tile(se, (P, 1))
        centre[:, 0], spread[:, 0] = pc.treatment_start(self.mle[0], self.cov[0, 0], prior["loc"], prior["scale"])
        init = centre[None] + 2.0 * spread[None] * rng.standard_normal((chains, P, dim))
        out = {"treatment": init[:, :, 0]}
        if dim > 1:
            out["nuisance"] = init[:, :, 1:]
        return out

    def self_test(self, check, modules):
        time_, event, X, cases = hand_cases()
        for name, xp in modules:
            for b, ties, expected in cases:
                d = make_cox_data(time_, event, X, [0] * 5, ties)
                got = float(cox_loglik(xp, device_arrays(d, xp), xp.asarray([b])))
                check(abs(got - expected) < 1e-12, f"{name}: hand case beta={b:.4f} {ties}: {got:.15f} vs {expected:.15f}")

            # Random tied data with strata, batched beta (P, dim): vs the plain-loop definition.
            rng = np.random.default_rng(7)
            n, dim = 60, 3
            t = np.ceil(rng.exponential(3.0, n))
            e = (rng.uniform(size=n) < 0.7).astype(int)
            Xr = rng.standard_normal((n, dim))
            st = rng.integers(0, 2, n)
            betas = rng.normal(0, 0.5, (4, dim))
            for ties in ("efron", "breslow"):
                d = make_cox_data(t, e, Xr, st, ties)
                got = np.asarray(cox_loglik(xp, device_arrays(d, xp), xp.asarray(betas)))
                ref = np.array([cox_loglik_reference(t, e, Xr, st, ties, b) for b in betas])
                check(got.shape == (4,) and np.max(np.abs(got - ref)) < 1e-10,
                      f"{name}: random tied stratified data, {ties}, batched: max |diff| {np.max(np.abs(got - ref)):.2e}")

        # Exact derivatives vs finite differences of the likelihood.
        d = make_cox_data(t, e, Xr, st, "efron")
        a = device_arrays(d, np)
        b = np.array([0.2, -0.3, 0.1])
        ll, g, h = cox_derivatives(d, b)
        eps = 1e-6
        g_fd = np.array([(cox_loglik(np, a, b + eps * u) - cox_loglik(np, a, b - eps * u)) / (2 * eps) for u in np.eye(3)])
        check(abs(ll - cox_loglik(np, a, b)) < 1e-12 and np.max(np.abs(g - g_fd)) < 1e-6,
              f"numpy: gradient vs finite differences {np.max(np.abs(g - g_fd)):.2e}")
        h_fd = np.array([(cox_derivatives(d, b + eps * u)[1] - cox_derivatives(d, b - eps * u)[1]) / (2 * eps)
                         for u in np.eye(3)])
        check(np.max(np.abs(h - h_fd)) < 1e-5, f"numpy: Hessian vs finite differences {np.max(np.abs(h - h_fd)):.2e}")

    def check_mle(self, s, path):
        """MLE of this file's likelihood (Newton, numpy) vs priorsweep's frequentist.csv."""
        d = build_data(s)
        beta, se, ll, _ = fit_mle(d)
        rows = pc.read_frequentist(path)
        ok, worst = pc.compare_terms(list(zip(d.names, beta, se)), rows, path)
        ref_ll = float(next(iter(rows.values()))["loglik"])
        print(f"  loglik here {ll:.10f}  priorsweep {ref_ll:.10f}", file=sys.stderr)
        ok &= abs(ll - ref_ll) < 1e-6
        print(pc.json.dumps({"check_mle": "passed" if ok else "FAILED", "max_abs_diff": worst, "terms": len(d.names)}))
        return 0 if ok else 1


# --------------------------------------------------------------- checks


def hand_cases():
    """Tiny tied data with log-likelihoods worked out by hand.
    Times 1,1,2,3,1; events 1,1,0,1,0 (patient 5 censored at the tied event
    time 1, so at risk then); x = 1,0,1,0,1.
      beta = 0:      every w = 1. Time 1: S = 5, D = 2, d = 2; time 3: S = 1.
                     Efron   -[log 5 + log(5 - 1)] - log 1 = -log 20
                     Breslow -2 log 5                       = -log 25
      beta = log 2:  w = 2,1,2,1,2. Time 1: S = 8, D = 3; time 3: S = w_4 = 1.
                     sum of events' eta = log 2 (patient 1) + 0 + 0.
                     Efron   log 2 - [log 8 + log(8 - 3/2)] = log(2 / 52) = -log 26
                     Breslow log 2 - 2 log 8                = log(2 / 64) = -log 32
    """
    time_ = [1, 1, 2, 3, 1]
    event = [1, 1, 0, 1, 0]
    X = [[1.0], [0.0], [1.0], [0.0], [1.0]]
    return time_, event, X, [
        (0.0, "efron", -math.log(20)), (0.0, "breslow", -math.log(25)),
        (math.log(2), "efron", -math.log(26)), (math.log(2), "breslow", -math.log(32))]


if __name__ == "__main__":
    sys.exit(pc.main(CoxPeer()))

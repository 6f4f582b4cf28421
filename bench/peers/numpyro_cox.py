#!/usr/bin/env python3
"""Peer for the priorsweep Cox sweeps: the same work in NumPyro NUTS.

    numpyro_cox.py CONFIG --mode stacked            [options]
    numpyro_cox.py CONFIG --mode per-prior --subset K [options]
    numpyro_cox.py --self-test                       (no MCMC; numpy, and JAX when installed)
    numpyro_cox.py CONFIG --check-mle FREQUENTIST_CSV (numpy only: MLE vs priorsweep's fit)

The model is the one priorsweep samples (README "How it works", models/cox.hpp):
read from the same TOML config and CSV (first [[analysis]] unless --analysis),
  - design: treatment (0/1), numeric covariates centred at their mean,
    factors as treatment-contrast dummies whose reference is the first level
    sorted as priorsweep sorts them (host/data/factor_levels.cpp: byte order,
    or numeric order when every level parses as a number), strata as the
    combinations of the strata columns (each its own risk sets);
  - Cox partial likelihood with Efron (or Breslow) ties, exactly: patients
    sorted by stratum, time descending, events first within a tied time; a
    patient censored at an event time is at risk then (as survival::coxph);
  - prior on the treatment log HR: each grid point of the config's
    [[analysis.prior]] blocks (normal or student_t; ranges expanded as
    priorsweep expands them, first parameter slowest); every other
    coefficient gets [analysis.nuisance_prior] (default Normal(0, 10)).

Modes:
  stacked    all P priors in one NumPyro model: coefficients of shape (P, dim),
             log density = sum of the P independent log posteriors; one NUTS
             run (diagonal mass matrix: a dense one would be (P dim)^2),
             `chains` chains with chain_method="vectorized".
  per-prior  one prior at a time, K priors spread evenly over the grid
             (--subset K), a single MCMC object with jit_model_args=True so
             the compiled sampler is reused (dense mass matrix by default,
             dim <= 17); the grid's time is extrapolated as
             t(first prior, compilation included) + (P - 1) * mean t(others)
             and labelled "extrapolated": true.

Quality target as bench/sweeps/quality_target.py: num_samples doubles from
--start-draws until every prior (every subset prior in per-prior mode) has
treatment bulk ESS >= --min-ess and R-hat <= --max-rhat; num_warmup =
ceil(--warmup-fraction * num_samples) (default 0.5, the same rule
quality_target.py gives priorsweep). Diagnostics: rank-normalised split R-hat
(max of bulk and folded) and bulk ESS of Vehtari et al. (2021), computed here
in numpy exactly as priorsweep's host/summary/diagnostics.cpp and the R
package posterior compute them (NumPyro has no bulk ESS); numpyro's own
effective_sample_size (not rank-normalised) is reported alongside as
"numpyro_min_ess". Diagnostics use the log-HR draws, as priorsweep's do.

Chains start over-dispersed around an approximate posterior mode (the MLE,
with the treatment coefficient moved to the normal-normal combination of MLE
and prior) at +- 2 standard errors, as priorsweep's chains start around each
prior's Laplace mode (models/rwm.hpp init_spread = 2).

Timing (JSON "wall_s"): from the start of an attempt to the diagnostics of
its draws: model set-up, JIT compilation, warmup, sampling, copying the
draws to the host and the treatment diagnostics. Not included: importing
JAX and reading the data (one-off, reported as "setup_s"). priorsweep's
wall_s is its whole process (start-up, data, fits, sampling, summaries of
every term, writing files), so the comparison is, if anything, generous to
NumPyro. JAX runs in float64 (jax_enable_x64), as priorsweep does.

Prints one JSON line in quality_target.py's format (tool "numpyro").
Exit status: 0 target met, 3 not met by --max-draws, 2 bad input, 4 JAX or
NumPyro not importable (compare.sh skips the peer then).

The likelihood is written against an array-module parameter `xp` (numpy or
jax.numpy), so the same code is checked here with numpy and runs in JAX there.
"""
import argparse
import csv
import json
import math
import os
import statistics
import sys
import time

import numpy as np

# ----------------------------------------------------------------- config


def load_toml(path):
    try:
        import tomllib  # Python >= 3.11
    except ImportError:  # pragma: no cover
        try:
            import tomli as tomllib
        except ImportError:
            sys.exit("numpyro_cox.py: needs Python >= 3.11 (tomllib) or the tomli package to read the config")
    with open(path, "rb") as f:
        return tomllib.load(f)


FAMILY_PARAMS = {"normal": [("mean", None), ("sd", None)],
                 "student_t": [("df", None), ("location", 0.0), ("scale", None)]}


def parameter_values(value):
    """A number, a list, or a range {from, to, count, spacing}; as
    host/config/config.cpp parameter_values() expands it."""
    if isinstance(value, dict):
        lo, hi, count = float(value["from"]), float(value["to"]), int(value["count"])
        spacing = value.get("spacing", "linear")
        out = []
        for i in range(count):
            u = 0.0 if count == 1 else i / (count - 1)
            if spacing == "linear":
                out.append(lo + u * (hi - lo))
            else:
                out.append(math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo))))
        out[0] = lo
        if count > 1:
            out[-1] = hi
        return out
    if isinstance(value, list):
        return [float(v) for v in value]
    return [float(value)]


def expand_prior_grid(blocks):
    """List of (family, {param: value}) in priorsweep's prior_id order."""
    grid = []
    for b in blocks:
        family = b["family"]
        if family not in FAMILY_PARAMS:
            raise ValueError(f"prior family {family!r}: this peer supports normal and student_t")
        names, lists = [], []
        for name, default in FAMILY_PARAMS[family]:
            if name in b:
                lists.append(parameter_values(b[name]))
            elif default is not None:
                lists.append([default])
            else:
                raise ValueError(f"prior block {b}: missing {name}")
            names.append(name)
        index = [0] * len(names)
        while True:  # odometer, last parameter fastest
            grid.append((family, {n: lists[j][index[j]] for j, n in enumerate(names)}))
            j = len(names)
            while j > 0:
                index[j - 1] += 1
                if index[j - 1] < len(lists[j - 1]):
                    break
                index[j - 1] = 0
                j -= 1
            if j == 0:
                break
    return grid


class Settings:
    pass


def read_settings(config_path, analysis_name=None):
    cfg = load_toml(config_path)
    base = os.path.dirname(os.path.abspath(config_path))
    analyses = cfg.get("analysis", [])
    if analysis_name is None:
        if not analyses:
            raise ValueError(f"{config_path}: no [[analysis]]")
        a = analyses[0]
    else:
        matches = [x for x in analyses if x.get("name") == analysis_name]
        if not matches:
            raise ValueError(f"{config_path}: no analysis named {analysis_name!r}")
        a = matches[0]
    if a.get("model", "cox") != "cox":
        raise ValueError(f"{config_path}: analysis {a.get('name')!r} is not a cox model")
    s = Settings()
    s.name = a.get("name", "analysis")
    s.seed = int(cfg.get("seed", 1))
    s.chains = int(cfg.get("chains", 4))
    data = a.get("data", {}).get("path") or cfg["data"]["path"]
    s.data_path = data if os.path.isabs(data) else os.path.join(base, data)
    s.missing = cfg.get("data", {}).get("missing", "error")
    s.time, s.event, s.treatment = a["time"], a["event"], a["treatment"]
    s.covariates = list(a.get("covariates", []))
    s.factors = list(a.get("factors", []))
    s.strata = list(a.get("strata", []))
    s.ties = a.get("ties", "efron")
    if s.ties not in ("efron", "breslow"):
        raise ValueError(f"ties = {s.ties!r}")
    blocks = a.get("prior")
    if isinstance(blocks, dict):
        blocks = [blocks]
    s.grid = expand_prior_grid(blocks)
    nuis = a.get("nuisance_prior", {"family": "normal", "mean": 0.0, "sd": 10.0})
    s.nuisance = expand_prior_grid([nuis])
    if len(s.nuisance) != 1:
        raise ValueError("nuisance_prior must be a single prior")
    s.nuisance = s.nuisance[0]
    return s


# ------------------------------------------------------------------- data


def level_order(values):
    """priorsweep's factor level order: unique values sorted by bytes, then
    stably by numeric value when every level parses as a number."""
    levels = sorted(set(values), key=lambda v: v.encode("utf-8"))
    try:
        nums = [float(v) for v in levels]
        if all(math.isfinite(x) for x in nums):
            levels = [lv for _, lv in sorted(zip(nums, levels), key=lambda t: t[0])]
    except ValueError:
        pass
    return levels


class CoxData:
    """Dense design in risk-set order plus the per-event index arrays that make
    the Efron partial likelihood a few vectorised operations:
      cs0[j] = sum of w over sorted positions < j (cs0[0] = 0)
      S_e = cs0[risk_end_e] - cs0[stratum_start_e]    risk-set total at event e's time
      D_e = cs0[tie_start_e + d_e] - cs0[tie_start_e] tied-event total (events lead a tie group)
      log L = sum_e eta_e - sum_e log(S_e - frac_e D_e), frac_e = k_e / d_e (Efron) or 0 (Breslow)
    """


def build_data(s, rows=None):
    if rows is None:
        with open(s.data_path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    used = [s.time, s.event, s.treatment] + s.covariates + s.factors + s.strata
    for c in used:
        if rows and c not in rows[0]:
            raise ValueError(f"{s.data_path}: no column {c!r}")
    kept = []
    for r in rows:
        missing = any(r[c] is None or r[c].strip() in ("", "NA") for c in used)
        if missing:
            if s.missing == "drop":
                continue
            raise ValueError(f"{s.data_path}: missing value in a used column (missing = 'error')")
        kept.append(r)
    n = len(kept)
    time_ = np.array([float(r[s.time]) for r in kept])
    event = np.array([int(float(r[s.event])) for r in kept])
    treat = np.array([float(r[s.treatment]) for r in kept])
    cols, names = [treat], ["treatment"]
    for c in s.covariates:
        x = np.array([float(r[c]) for r in kept])
        cols.append(x - x.mean())
        names.append(c)
    for fct in s.factors:
        vals = [r[fct].strip() for r in kept]
        levels = level_order(vals)
        for lv in levels[1:]:
            cols.append(np.array([1.0 if v == lv else 0.0 for v in vals]))
            names.append(f"{fct}[{lv}]")
    if s.strata:
        keys = [tuple(r[c].strip() for c in s.strata) for r in kept]
        codes = {k: i for i, k in enumerate(sorted(set(keys)))}
        stratum = np.array([codes[k] for k in keys])
    else:
        stratum = np.zeros(n, dtype=int)
    X = np.column_stack(cols) if cols else np.zeros((n, 0))
    return make_cox_data(time_, event, X, stratum, s.ties, names)


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


# ------------------------------------------------------------- diagnostics


def _poly(c, x):
    r = np.zeros_like(x)
    for coef in c:
        r = r * x + coef
    return r


_A = [2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
      13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608]
_B = [5226.495278852545925, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867,
      5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1.0]
_C = [7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258,
      3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734]
_D = [1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459,
      0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1.0]
_E = [2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093,
      0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772]
_F = [2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4,
      0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1.0]


def ndtri(p):
    """Standard normal quantile, Wichura's AS 241 (PPND16, ~1e-16 relative),
    the algorithm of R's qnorm; vectorised for 0 < p < 1."""
    p = np.asarray(p, dtype=float)
    q = p - 0.5
    out = np.empty_like(p)
    central = np.abs(q) <= 0.425
    r = 0.180625 - q[central] ** 2
    out[central] = q[central] * _poly(_A, r) / _poly(_B, r)
    tail = ~central
    r = np.where(q[tail] < 0, p[tail], 1.0 - p[tail])
    r = np.sqrt(-np.log(r))
    near = r <= 5.0
    val = np.where(near, _poly(_C, r - 1.6) / _poly(_D, r - 1.6), _poly(_E, r - 5.0) / _poly(_F, r - 5.0))
    out[tail] = np.where(q[tail] < 0, -val, val)
    return out


def _average_ranks(x):
    """1-based ranks, ties get their average rank (R's rank(), ties 'average')."""
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    starts = np.r_[True, xs[1:] != xs[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    counts = np.diff(np.r_[first, len(x)])
    avg = first + (counts + 1) / 2.0  # 0-based first + (count + 1) / 2 = 1-based average rank
    ranks = np.empty(len(x))
    ranks[order] = avg[group]
    return ranks


def _split(x):
    """(C, n) -> (2C, m): halves of each chain, the middle draw dropped when n is odd."""
    c, n = x.shape
    m = n // 2
    return np.concatenate([x[:, :m], x[:, n - m:]], axis=0)


def _z_scale(y):
    r = _average_ranks(y.ravel())
    return ndtri((r - 0.375) / (y.size + 0.25)).reshape(y.shape)


def _rhat_basic(y):
    k, m = y.shape
    if k < 2 or m < 2 or not np.all(np.isfinite(y)) or np.ptp(y) < np.finfo(float).eps:
        return math.nan
    within = y.var(axis=1, ddof=1).mean()
    between = m * y.mean(axis=1).var(ddof=1)
    return math.sqrt((between / within + m - 1) / m)


def _next_good_size(n):
    if n <= 2:
        return 2
    while True:
        r = n
        for f in (2, 3, 5):
            while r % f == 0:
                r //= f
        if r == 1:
            return n
        n += 1


def _ess_basic(y):
    chains, m = y.shape
    if m < 3 or not np.all(np.isfinite(y)) or np.ptp(y) < np.finfo(float).eps:
        return math.nan
    mean = y.mean(axis=1)
    const = np.ptp(y, axis=1) == 0
    centered = y - np.where(const, y[:, 0], mean)[:, None]
    size = 2 * _next_good_size(m)
    spec = np.fft.rfft(centered, n=size, axis=1)
    acov = np.fft.irfft((spec * np.conj(spec)).real.sum(axis=0), n=size)[:m] / (chains * m)
    mean_var = acov[0] * m / (m - 1)
    var_plus = mean_var * (m - 1) / m
    if chains > 1:
        var_plus += mean.var(ddof=1)
    rho = 1.0 - (mean_var - acov) / var_plus
    rho_hat = np.zeros(m)
    t = 0
    rho_even, rho_odd = 1.0, rho[1]
    rho_hat[0], rho_hat[1] = rho_even, rho_odd
    while t < m - 5 and not math.isnan(rho_even + rho_odd) and rho_even + rho_odd > 0:
        t += 2
        rho_even, rho_odd = rho[t], rho[t + 1]
        if rho_even + rho_odd >= 0:
            rho_hat[t], rho_hat[t + 1] = rho_even, rho_odd
    max_t = t
    if rho_even > 0:
        rho_hat[max_t] = rho_even
    for t in range(2, max_t - 1, 2):
        if rho_hat[t] + rho_hat[t + 1] > rho_hat[t - 2] + rho_hat[t - 1]:
            rho_hat[t] = rho_hat[t + 1] = (rho_hat[t - 2] + rho_hat[t - 1]) / 2
    tau = -1.0 + 2.0 * rho_hat[:max(max_t, 1)].sum() + rho_hat[max_t]
    total = chains * m
    tau = max(tau, 1.0 / math.log10(total))
    return total / tau


def rhat_and_bulk_ess(x):
    """x: (chains, draws) -> (rank-normalised split R-hat, bulk ESS),
    Vehtari et al. (2021) as posterior::rhat / ess_bulk compute them."""
    x = np.asarray(x, dtype=float)
    if x.shape[1] < 4 or not np.all(np.isfinite(x)):
        return math.nan, math.nan
    split = _split(x)
    z = _z_scale(split)
    folded = _z_scale(_split(np.abs(x - np.median(x))))
    rb, rf = _rhat_basic(z), _rhat_basic(folded)
    rhat = math.nan if math.isnan(rb) or math.isnan(rf) else max(rb, rf)
    return rhat, _ess_basic(z)


# ------------------------------------------------------------------- MCMC


def import_jax(platform=None):
    try:
        import jax
        if platform:
            jax.config.update("jax_platforms", platform)
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        import numpyro
        import numpyro.distributions as dist
        from numpyro.infer import MCMC, NUTS
        numpyro.enable_x64()
    except ImportError as e:
        return None, str(e)
    return {"jax": jax, "jnp": jnp, "numpyro": numpyro, "dist": dist, "MCMC": MCMC, "NUTS": NUTS}, None


def prior_arrays(grid, ids):
    fam = {f for f, _ in (grid[i] for i in ids)}
    if len(fam) != 1:
        raise ValueError("one run mixes prior families; run them separately")
    family = fam.pop()
    p = [grid[i][1] for i in ids]
    if family == "normal":
        return family, {"loc": np.array([q["mean"] for q in p]), "scale": np.array([q["sd"] for q in p]),
                        "df": np.ones(len(p))}
    return family, {"loc": np.array([q["location"] for q in p]), "scale": np.array([q["scale"] for q in p]),
                    "df": np.array([q["df"] for q in p])}


def make_model(J, arrays, family, nuisance):
    jnp, numpyro, dist = J["jnp"], J["numpyro"], J["dist"]
    nf, npar = nuisance
    dim = int(arrays["X"].shape[1])

    def model(loc, scale, df):
        P = loc.shape[0]
        if family == "normal":
            effect = dist.Normal(loc, scale)
        else:
            effect = dist.StudentT(df, loc, scale)
        b0 = numpyro.sample("treatment", effect.to_event(1))            # (P,)
        parts = [b0[:, None]]
        if dim > 1:
            if nf == "normal":
                nd = dist.Normal(npar["mean"], npar["sd"])
            else:
                nd = dist.StudentT(npar["df"], npar["location"], npar["scale"])
            parts.append(numpyro.sample("nuisance", nd.expand([P, dim - 1]).to_event(2)))
        beta = jnp.concatenate(parts, axis=-1)                           # (P, dim)
        numpyro.factor("cox_partial_loglik", jnp.sum(cox_loglik(jnp, arrays, beta)))

    return model


def initial_values(d, mle, cov, loc, scale, chains, rng):
    """Over-dispersed starts: chains x P x dim, around each prior's approximate
    mode (treatment: precision-weighted MLE and prior), +- 2 SE."""
    se = np.sqrt(np.diag(cov))
    P = len(loc)
    v = cov[0, 0]
    post_var = 1.0 / (1.0 / v + 1.0 / scale ** 2)
    centre = np.tile(mle, (P, 1))
    centre[:, 0] = post_var * (mle[0] / v + loc / scale ** 2)
    spread = np.tile(se, (P, 1))
    spread[:, 0] = np.sqrt(post_var)
    z = rng.standard_normal((chains, P, d.dim))
    return centre[None] + 2.0 * spread[None] * z


def run_nuts(J, model, init, prior, chains, warmup, draws, seed, dense_mass, mcmc=None):
    """One MCMC run; returns (treatment draws (chains, draws, P) as numpy, mcmc)."""
    jnp, jax = J["jnp"], J["jax"]
    if mcmc is None:
        kernel = J["NUTS"](model, dense_mass=dense_mass)
        mcmc = J["MCMC"](kernel, num_warmup=warmup, num_samples=draws, num_chains=chains,
                         chain_method="vectorized", progress_bar=False, jit_model_args=True)
    init_params = {"treatment": jnp.asarray(init[:, :, 0])}
    if init.shape[2] > 1:
        init_params["nuisance"] = jnp.asarray(init[:, :, 1:])
    mcmc.run(jax.random.PRNGKey(seed), jnp.asarray(prior["loc"]), jnp.asarray(prior["scale"]),
             jnp.asarray(prior["df"]), init_params=init_params)
    samples = mcmc.get_samples(group_by_chain=True)["treatment"]   # (chains, draws, P)
    return np.asarray(jax.block_until_ready(samples)), mcmc


def summarize(draws_cdp, J):
    """min bulk ESS, max R-hat over priors; numpyro's own min ESS for reference."""
    P = draws_cdp.shape[2]
    min_ess, max_rhat = math.inf, -math.inf
    for p in range(P):
        rhat, ess = rhat_and_bulk_ess(draws_cdp[:, :, p])
        min_ess = min(min_ess, ess if ess == ess else -math.inf)
        max_rhat = max(max_rhat, rhat if rhat == rhat else math.inf)
    numpyro_ess = None
    try:
        from numpyro.diagnostics import effective_sample_size
        numpyro_ess = float(np.min(effective_sample_size(draws_cdp)))
    except Exception:  # diagnostics only
        pass
    return float(min_ess), float(max_rhat), numpyro_ess


def finite_or_none(x):
    return float(x) if isinstance(x, (int, float, np.floating)) and math.isfinite(x) else None


def sweep(args):
    t_setup = time.monotonic()
    J, why = import_jax(args.platform)
    if J is None:
        print(f"numpyro_cox.py: JAX/NumPyro not importable ({why}); skipping", file=sys.stderr)
        return 4
    s = read_settings(args.config, args.analysis)
    d = build_data(s)
    arrays = device_arrays(d, J["jnp"])
    mle, _, _, cov = fit_mle(d)
    device = getattr(J["jax"].devices()[0], "device_kind", str(J["jax"].devices()[0]))
    platform = J["jax"].devices()[0].platform
    setup_s = time.monotonic() - t_setup
    P = len(s.grid)
    sweep_name = args.sweep or os.path.splitext(os.path.basename(args.config))[0]
    rng = np.random.default_rng(s.seed)

    if args.mode == "stacked":
        ids = list(range(P))
    else:
        k = max(1, min(args.subset, P))
        ids = sorted(set(int(round(x)) for x in np.linspace(0, P - 1, k)))
    family, prior_all = prior_arrays(s.grid, ids)
    nuisance = (s.nuisance[0], s.nuisance[1])
    dense = args.dense_mass if args.dense_mass is not None else (args.mode == "per-prior")

    attempts, total = [], 0.0
    draws = args.start_draws
    while True:
        warmup = int(math.ceil(args.warmup_fraction * draws))
        t0 = time.monotonic()
        if args.mode == "stacked":
            model = make_model(J, arrays, family, nuisance)
            init = initial_values(d, mle, cov, prior_all["loc"], prior_all["scale"], s.chains, rng)
            x, _ = run_nuts(J, model, init, prior_all, s.chains, warmup, draws, s.seed + draws, dense)
            min_ess, max_rhat, np_ess = summarize(x, J)
            wall = time.monotonic() - t0
            per_prior_times = None
        else:
            model = make_model(J, arrays, family, nuisance)
            mcmc = None
            times, ess_list, rhat_list, np_list = [], [], [], []
            for j, pid in enumerate(ids):
                t1 = time.monotonic()
                one = {key: v[j:j + 1] for key, v in prior_all.items()}
                init = initial_values(d, mle, cov, one["loc"], one["scale"], s.chains, rng)
                x, mcmc = run_nuts(J, model, init, one, s.chains, warmup, draws, s.seed + draws + pid, dense, mcmc)
                e, r, ne = summarize(x, J)
                times.append(time.monotonic() - t1)
                ess_list.append(e)
                rhat_list.append(r)
                np_list.append(ne)
            min_ess, max_rhat = min(ess_list), max(rhat_list)
            np_ess = min((v for v in np_list if v is not None), default=None)
            per_prior_times = times
            measured = time.monotonic() - t0
            wall = times[0] + (P - 1) * (float(np.mean(times[1:])) if len(times) > 1 else times[0])
        total += wall
        min_ess, max_rhat = float(min_ess), float(max_rhat)
        met = bool(min_ess >= args.min_ess and max_rhat <= args.max_rhat)
        att = {"draws": draws, "warmup": warmup, "wall_s": round(wall, 3), "min_ess": finite_or_none(min_ess),
               "max_rhat": finite_or_none(max_rhat), "met": met}
        if per_prior_times is not None:
            att["subset_wall_s"] = round(measured, 3)
            att["first_prior_s"] = round(per_prior_times[0], 3)
            att["other_priors_mean_s"] = round(float(np.mean(per_prior_times[1:])), 3) if len(per_prior_times) > 1 else None
        attempts.append(att)
        print(f"numpyro_cox: {sweep_name} {args.mode}: draws={draws} warmup={warmup} "
              f"{'extrapolated ' if args.mode == 'per-prior' else ''}wall={wall:.1f}s min ESS={min_ess:.0f} "
              f"max R-hat={max_rhat:.4f} -> {'met' if met else 'not met'}", file=sys.stderr)
        if met or draws * 2 > args.max_draws:
            break
        draws *= 2

    record = {
        "sweep": sweep_name, "tool": "numpyro", "mode": args.mode, "backend": platform, "device": device,
        "draws": draws, "warmup": warmup, "chains": s.chains, "priors": P,
        "wall_s": round(attempts[-1]["wall_s"], 3), "total_s": round(total, 3),
        "min_ess": attempts[-1]["min_ess"], "max_rhat": attempts[-1]["max_rhat"], "met": attempts[-1]["met"],
        "extrapolated": args.mode == "per-prior", "setup_s": round(setup_s, 3),
        "numpyro_min_ess": np_ess, "dense_mass": dense,
        "versions": {"jax": J["jax"].__version__, "numpyro": J["numpyro"].__version__},
        "attempts": attempts,
    }
    if args.mode == "per-prior":
        record["subset"] = ids
    print(json.dumps(record), flush=True)
    return 0 if record["met"] else 3


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


def self_test(args):
    failures = []

    def check(ok, what):
        print(f"  {'ok  ' if ok else 'FAIL'} {what}", file=sys.stderr)
        if not ok:
            failures.append(what)

    modules = [("numpy", np)]
    J, why = import_jax(args.platform)
    if J is not None:
        modules.append(("jax.numpy", J["jnp"]))
    else:
        print(f"  (JAX not importable: {why}; numpy path only)", file=sys.stderr)

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

    # Diagnostics building blocks.
    nd = statistics.NormalDist()
    ps = np.array([1e-300, 1e-20, 1e-5, 0.02, 0.3, 0.5, 0.7, 0.975, 1 - 1e-10])
    ref = np.array([nd.inv_cdf(p) for p in ps])
    check(np.max(np.abs(ndtri(ps) - ref) / np.maximum(1, np.abs(ref))) < 1e-13, "ndtri vs statistics.NormalDist")
    check(np.array_equal(_average_ranks(np.array([3.0, 1.0, 3.0, 2.0])), np.array([3.5, 1.0, 3.5, 2.0])),
          "average ranks with ties")
    rng = np.random.default_rng(1)
    iid = rng.standard_normal((4, 2000))
    rhat, ess = rhat_and_bulk_ess(iid)
    check(abs(rhat - 1) < 0.01 and 6000 < ess < 10000, f"iid normal draws: R-hat {rhat:.4f}, bulk ESS {ess:.0f}")
    ar = np.zeros((4, 4000))
    z = rng.standard_normal((4, 4000))
    for i in range(1, 4000):  # AR(1), phi = 0.9: ESS / S = (1 - phi) / (1 + phi) = 0.0526
        ar[:, i] = 0.9 * ar[:, i - 1] + z[:, i]
    rhat, ess = rhat_and_bulk_ess(ar)
    check(600 < ess < 1100 and rhat < 1.02, f"AR(1) 0.9 draws: R-hat {rhat:.4f}, bulk ESS {ess:.0f} (theory ~842)")
    shifted = iid.copy()
    shifted[0] += 1.0
    check(rhat_and_bulk_ess(shifted)[0] > 1.05, "a shifted chain fails R-hat")

    # Prior grid expansion as priorsweep's (first parameter slowest, exact end points).
    g = expand_prior_grid([{"family": "normal", "mean": {"from": -1.0, "to": 1.0, "count": 3},
                            "sd": {"from": 0.1, "to": 2.0, "count": 2, "spacing": "log"}}])
    check([p["mean"] for _, p in g] == [-1.0, -1.0, 0.0, 0.0, 1.0, 1.0] and [p["sd"] for _, p in g][:2] == [0.1, 2.0],
          "prior grid order")
    check(level_order(["C10", "C02", "C01"]) == ["C01", "C02", "C10"] and level_order(["10", "9", "1"]) == ["1", "9", "10"],
          "factor level order")
    print(f"self-test: {'FAILED ' + str(len(failures)) if failures else 'all passed'}", file=sys.stderr)
    return 1 if failures else 0


def check_mle(args):
    """MLE of this file's likelihood (Newton, numpy) vs priorsweep's frequentist.csv."""
    s = read_settings(args.config, args.analysis)
    d = build_data(s)
    beta, se, ll, _ = fit_mle(d)
    with open(args.check_mle, newline="") as f:
        rows = {r["term"]: r for r in csv.DictReader(f)}
    worst = 0.0
    ok = True
    for j, name in enumerate(d.names):
        if name not in rows:
            print(f"  term {name!r} missing from {args.check_mle}", file=sys.stderr)
            ok = False
            continue
        est, ref_se = float(rows[name]["estimate"]), float(rows[name]["se"])
        diff = abs(beta[j] - est)
        worst = max(worst, diff)
        print(f"  {name:<14} here {beta[j]: .10f} (se {se[j]:.8f})  priorsweep {est: .10f} (se {ref_se:.8f})  "
              f"|diff| {diff:.1e}", file=sys.stderr)
        ok &= diff < 1e-6 and abs(se[j] - ref_se) < 1e-6
    ref_ll = float(next(iter(rows.values()))["loglik"])
    print(f"  loglik here {ll:.10f}  priorsweep {ref_ll:.10f}", file=sys.stderr)
    ok &= abs(ll - ref_ll) < 1e-6
    print(json.dumps({"check_mle": "passed" if ok else "FAILED", "max_abs_diff": worst, "terms": len(d.names)}))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description="NumPyro NUTS peer for the priorsweep Cox sweeps")
    ap.add_argument("config", nargs="?")
    ap.add_argument("--mode", choices=["stacked", "per-prior"], default="stacked")
    ap.add_argument("--subset", type=int, default=8, help="per-prior: priors actually run (spread over the grid)")
    ap.add_argument("--start-draws", type=int, default=500)
    ap.add_argument("--max-draws", type=int, default=1 << 16)
    ap.add_argument("--warmup-fraction", type=float, default=0.5)
    ap.add_argument("--min-ess", type=float, default=1000.0)
    ap.add_argument("--max-rhat", type=float, default=1.01)
    ap.add_argument("--dense-mass", dest="dense_mass", action="store_true", default=None,
                    help="dense mass matrix (default: per-prior yes, stacked no)")
    ap.add_argument("--diag-mass", dest="dense_mass", action="store_false")
    ap.add_argument("--platform", default=None, help="JAX platform (gpu, cpu); default: JAX's choice")
    ap.add_argument("--sweep", default=None, help="label in the JSON line (default: config file stem)")
    ap.add_argument("--analysis", default=None)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--check-mle", metavar="FREQUENTIST_CSV", default=None)
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test(args)
    if not args.config:
        ap.error("CONFIG is required (or --self-test)")
    if args.check_mle:
        return check_mle(args)
    if args.start_draws < 4 or args.max_draws < args.start_draws:
        ap.error("need 4 <= --start-draws <= --max-draws")
    return sweep(args)


if __name__ == "__main__":
    sys.exit(main())

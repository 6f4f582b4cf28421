"""What the NumPyro peers of the priorsweep sweeps share (bench/peers/numpyro_*.py).

Each peer samples, in NumPyro NUTS, the posterior priorsweep samples for one
model; this module holds everything that is not the model:
  - reading the sweep's TOML config as priorsweep reads it: the prior grid
    (ranges expanded as host/config/config.cpp expands them, first parameter
    slowest), the nuisance prior, the data rows with priorsweep's missing-value
    rule, and the linear predictor's design (treatment 0/1, numeric covariates
    centred at their mean, factors as treatment-contrast dummies whose reference
    is the first level in priorsweep's order);
  - the diagnostics of the quality target: rank-normalised split R-hat (max of
    bulk and folded) and bulk ESS of Vehtari et al. (2021), in numpy exactly as
    priorsweep's host/summary/diagnostics.cpp and the R package posterior
    compute them (NumPyro has no bulk ESS);
  - the sweep driver: stacked (every prior in one model, vectorized chains) or
    per-prior (a subset, one compiled sampler reused, the grid's time
    extrapolated as t(first prior, compilation included) + (P - 1) * mean
    t(others) and labelled "extrapolated": true), num_samples doubling from
    --start-draws until every prior's treatment coefficient has bulk ESS >=
    --min-ess and R-hat <= --max-rhat, num_warmup = ceil(--warmup-fraction *
    num_samples) (the rule bench/sweeps/quality_target.py gives priorsweep);
    one JSON line in quality_target.py's format (tool "numpyro");
  - the self-test of these parts and the command line.

Timing (JSON "wall_s"): from the start of an attempt to the diagnostics of its
draws: model set-up, JIT compilation, warmup, sampling, copying the draws to
the host and the treatment diagnostics. Not included: importing JAX and
reading the data (one-off, "setup_s"). priorsweep's wall_s is its whole process
(start-up, data, fits, sampling, summaries of every term, writing files), so
the comparison is, if anything, generous to NumPyro. JAX runs in float64.

Exit status of a peer: 0 target met, 3 not met by --max-draws, 2 bad input,
4 JAX or NumPyro not importable (compare.sh skips the peer then).
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
            sys.exit("bench/peers: needs Python >= 3.11 (tomllib) or the tomli package to read the config")
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


def read_settings(config_path, models, analysis_name=None):
    """The analysis (the first unless analysis_name) with what every peer
    reads: name, seed, chains, data path and missing rule, treatment,
    covariates, factors, the prior grid and the nuisance prior; `raw` is the
    analysis table for the model's own keys. models: the accepted `model`
    values."""
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
    if a.get("model", "cox") not in models:
        raise ValueError(f"{config_path}: analysis {a.get('name')!r} is not a {' or '.join(models)} model")
    s = Settings()
    s.raw = a
    s.name = a.get("name", "analysis")
    s.seed = int(cfg.get("seed", 1))
    s.chains = int(cfg.get("chains", 4))
    data = a.get("data", {}).get("path") or cfg["data"]["path"]
    s.data_path = data if os.path.isabs(data) else os.path.join(base, data)
    s.missing = cfg.get("data", {}).get("missing", "error")
    s.treatment = a["treatment"]
    s.covariates = list(a.get("covariates", []))
    s.factors = list(a.get("factors", []))
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


def complete_rows(s, used, rows=None):
    """The data rows with every used column present: a row missing one is
    dropped (missing = "drop") or an error, as priorsweep treats it."""
    if rows is None:
        with open(s.data_path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    for c in used:
        if rows and c not in rows[0]:
            raise ValueError(f"{s.data_path}: no column {c!r}")
    kept = []
    for r in rows:
        if any(r[c] is None or r[c].strip() in ("", "NA") for c in used):
            if s.missing == "drop":
                continue
            raise ValueError(f"{s.data_path}: missing value in a used column (missing = 'error')")
        kept.append(r)
    return kept


def design_matrix(s, rows):
    """(X, names, centres): treatment, the numeric covariates centred at their
    mean (centres: those means, in covariate order), one dummy per non-reference
    factor level."""
    cols, names, centres = [np.array([float(r[s.treatment]) for r in rows])], ["treatment"], []
    for c in s.covariates:
        x = np.array([float(r[c]) for r in rows])
        centres.append(float(x.mean()))
        cols.append(x - x.mean())
        names.append(c)
    for fct in s.factors:
        vals = [r[fct].strip() for r in rows]
        for lv in level_order(vals)[1:]:
            cols.append(np.array([1.0 if v == lv else 0.0 for v in vals]))
            names.append(f"{fct}[{lv}]")
    return np.column_stack(cols), names, np.array(centres)


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


def treatment_start(mle, var, loc, scale):
    """Each prior's approximate posterior mean and SD of the treatment
    coefficient: the normal-normal combination of its MLE (variance var) and
    the prior (a Student-t prior counts as a normal of its scale)."""
    post_var = 1.0 / (1.0 / var + 1.0 / scale ** 2)
    return post_var * (mle / var + loc / scale ** 2), np.sqrt(post_var)


def run_nuts(J, model, init_params, prior, chains, warmup, draws, seed, dense_mass, mcmc=None):
    """One MCMC run from init_params (unconstrained values, shape (chains, P,
    ...) per site); returns (treatment draws (chains, draws, P) as numpy, mcmc)."""
    jnp, jax = J["jnp"], J["jax"]
    if mcmc is None:
        kernel = J["NUTS"](model, dense_mass=dense_mass)
        mcmc = J["MCMC"](kernel, num_warmup=warmup, num_samples=draws, num_chains=chains,
                         chain_method="vectorized", progress_bar=False, jit_model_args=True)
    mcmc.run(jax.random.PRNGKey(seed), jnp.asarray(prior["loc"]), jnp.asarray(prior["scale"]),
             jnp.asarray(prior["df"]), init_params={k: jnp.asarray(v) for k, v in init_params.items()})
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


def sweep(args, peer):
    """The quality-target loop of one peer (see the opening comment); peer is
    the model's adapter: .label, .models, .prepare(J, s), .model(J, family,
    nuisance) and .init_params(J, prior, chains, rng)."""
    t_setup = time.monotonic()
    J, why = import_jax(args.platform)
    if J is None:
        print(f"{peer.label}: JAX/NumPyro not importable ({why}); skipping", file=sys.stderr)
        return 4
    s = read_settings(args.config, peer.models, args.analysis)
    peer.prepare(J, s)
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
        model = peer.model(J, family, nuisance)
        if args.mode == "stacked":
            init = peer.init_params(J, prior_all, s.chains, rng)
            x, _ = run_nuts(J, model, init, prior_all, s.chains, warmup, draws, s.seed + draws, dense)
            min_ess, max_rhat, np_ess = summarize(x, J)
            wall = time.monotonic() - t0
            per_prior_times = None
        else:
            mcmc = None
            times, ess_list, rhat_list, np_list = [], [], [], []
            for j, pid in enumerate(ids):
                t1 = time.monotonic()
                one = {key: v[j:j + 1] for key, v in prior_all.items()}
                init = peer.init_params(J, one, s.chains, rng)
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
        print(f"{peer.label}: {sweep_name} {args.mode}: draws={draws} warmup={warmup} "
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


class Checker:
    """Collects the self-test's results; each line says ok or FAIL."""

    def __init__(self):
        self.failures = []

    def __call__(self, ok, what):
        print(f"  {'ok  ' if ok else 'FAIL'} {what}", file=sys.stderr)
        if not ok:
            self.failures.append(what)

    def finish(self):
        print(f"self-test: {'FAILED ' + str(len(self.failures)) if self.failures else 'all passed'}", file=sys.stderr)
        return 1 if self.failures else 0


def array_modules(platform):
    """numpy, and jax.numpy when importable: the likelihoods are checked in both."""
    modules = [("numpy", np)]
    J, why = import_jax(platform)
    if J is not None:
        modules.append(("jax.numpy", J["jnp"]))
    else:
        print(f"  (JAX not importable: {why}; numpy path only)", file=sys.stderr)
    return modules


def self_test_shared(check):
    """The diagnostics, the prior grid and the factor order."""
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
    g = expand_prior_grid([{"family": "normal", "mean": {"from": -1.0, "to": 1.0, "count": 3},
                            "sd": {"from": 0.1, "to": 2.0, "count": 2, "spacing": "log"}}])
    check([p["mean"] for _, p in g] == [-1.0, -1.0, 0.0, 0.0, 1.0, 1.0] and [p["sd"] for _, p in g][:2] == [0.1, 2.0],
          "prior grid order")
    check(level_order(["C10", "C02", "C01"]) == ["C01", "C02", "C10"] and level_order(["10", "9", "1"]) == ["1", "9", "10"],
          "factor level order")


def read_frequentist(path):
    """priorsweep's frequentist.csv as {term: row}."""
    with open(path, newline="") as f:
        return {r["term"]: r for r in csv.DictReader(f)}


def compare_terms(here, rows, path, tol=1e-6, se_tol=None):
    """here: [(term, estimate, se)] of the peer's own MLE; prints each against
    priorsweep's row and returns (every estimate within tol and every SE within
    se_tol (default tol), largest |estimate diff|)."""
    se_tol = tol if se_tol is None else se_tol
    worst, ok = 0.0, True
    for name, est, se in here:
        if name not in rows:
            print(f"  term {name!r} missing from {path}", file=sys.stderr)
            ok = False
            continue
        ref_est, ref_se = float(rows[name]["estimate"]), float(rows[name]["se"])
        diff = abs(est - ref_est)
        worst = max(worst, diff)
        print(f"  {name:<16} here {est: .10f} (se {se:.8f})  priorsweep {ref_est: .10f} (se {ref_se:.8f})  "
              f"|diff| {diff:.1e}", file=sys.stderr)
        ok &= diff < tol and abs(se - ref_se) < se_tol
    return ok, worst


def main(peer, argv=None):
    ap = argparse.ArgumentParser(description=f"NumPyro NUTS peer for the priorsweep {peer.what} sweeps")
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
    try:
        if args.self_test:
            check = Checker()
            peer.self_test(check, array_modules(args.platform))
            self_test_shared(check)
            return check.finish()
        if not args.config:
            ap.error("CONFIG is required (or --self-test)")
        if args.check_mle:
            return peer.check_mle(read_settings(args.config, peer.models, args.analysis), args.check_mle)
        if args.start_draws < 4 or args.max_draws < args.start_draws:
            ap.error("need 4 <= --start-draws <= --max-draws")
        return sweep(args, peer)
    except (ValueError, KeyError, OSError) as e:
        print(f"{peer.label}: {e}", file=sys.stderr)
        return 2

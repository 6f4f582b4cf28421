#!/usr/bin/env python3
"""Peer for the priorsweep ordinal sweeps: the same proportional-odds posterior in NumPyro NUTS.

    numpyro_ordinal.py CONFIG --mode stacked            [options]
    numpyro_ordinal.py CONFIG --mode per-prior --subset K [options]
    numpyro_ordinal.py --self-test                       (no MCMC; numpy, and JAX when installed)
    numpyro_ordinal.py CONFIG --check-mle FREQUENTIST_CSV (numpy only: MLE vs priorsweep's fit)

The model is the one priorsweep samples for `model = "ordinal"` (README, models/ordinal.hpp):
read from the same TOML config and CSV (first [[analysis]] unless --analysis),
  - design: as peer_common.design_matrix (priorsweep's coding); the outcome's
    whole-number scores are the config's `categories` (K of them; a score
    outside them is an error, as in priorsweep);
  - logit P(Y <= k) = c_k - eta (R's ordinal::clm convention), link logit only
    (a probit config is refused rather than sampled differently);
  - cutpoint prior: Dirichlet(concentration, ..., concentration) on the K
    category probabilities of the reference patient (control arm, covariates
    at their mean, reference factor levels: eta = 0), so c_k = logit of their
    cumulative sums. This is the density priorsweep puts on the cutpoints;
    priorsweep samples it in log-ratio coordinates, NumPyro in its own
    stick-breaking ones, so the posterior is the same measure;
  - prior on the treatment log OR: each grid point of [[analysis.prior]]
    (normal or student_t); every other coefficient gets
    [analysis.nuisance_prior] (default Normal(0, 10)).

Modes, quality target, timing and the JSON line: bench/peers/peer_common.py.
Diagnostics use the log-OR draws, as priorsweep's do.

Chains start over-dispersed: coefficients at the MLE +- 2 SE (treatment at the
normal-normal combination of MLE and prior), the reference probabilities at
those of the MLE's cutpoints smoothed by the Dirichlet pseudo-counts (declared
scores nobody reached get their prior share), each multiplied by
exp(N(0, 0.5^2)) and renormalised.

--check-mle fits the model by Newton (analytic gradient, central-difference
Hessian of it) over the observed scores only, as priorsweep's frequentist fit
collapses the empty ones, and compares coefficients, cutpoints (uncentred, as
clm reports them), standard errors and the log-likelihood with
frequentist.csv to 1e-6.

The likelihood is written against an array-module parameter `xp` (numpy or
jax.numpy), so the same code is checked here with numpy and runs in JAX there.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

SMOOTHING_SD = 0.5  # log-scale spread of the starting category probabilities


# ------------------------------------------------------------------- data


class OrdinalData:
    """X (n, dim) in file order, y (n,) the index of each patient's score in
    `levels` (the declared scores), names of X's columns, centres of the
    numeric covariates (their columns follow treatment), concentration."""


def build_data(s, rows=None):
    a = s.raw
    link = a.get("link", "logit")
    if link != "logit":
        raise ValueError(f"link = {link!r}: this peer samples the logit link only")
    if "categories" not in a:
        raise ValueError("categories: the declared scores are required")
    levels = [int(v) for v in a["categories"]]
    kept = pc.complete_rows(s, [a["outcome"], s.treatment] + s.covariates + s.factors, rows)
    index = {v: k for k, v in enumerate(levels)}
    y = []
    for r in kept:
        v = float(r[a["outcome"]])
        if v != int(v) or int(v) not in index:
            raise ValueError(f"{s.data_path}: score {r[a['outcome']]!r} is not one of the declared categories")
        y.append(index[int(v)])
    X, names, centres = pc.design_matrix(s, kept)
    prior = a.get("cutpoint_prior", {})
    return make_ordinal_data(X, y, levels, names, centres, float(prior.get("concentration", 1.0)))


def make_ordinal_data(X, y, levels, names=None, centres=(), concentration=1.0):
    d = OrdinalData()
    d.X = np.asarray(X, dtype=float)
    d.y = np.asarray(y, dtype=np.int64)
    d.n, d.dim = d.X.shape
    d.levels = list(levels)
    d.K = len(levels)
    d.names = names or [f"b{j}" for j in range(d.dim)]
    d.centres = np.asarray(centres, dtype=float)
    d.concentration = concentration
    return d


def device_arrays(d, xp):
    """What the likelihood reads, as xp arrays (converted once): X, y and the
    masks of a score with a cutpoint above (y < K - 1) and below (y > 0)."""
    return {"X": xp.asarray(d.X), "y": xp.asarray(d.y),
            "has_up": xp.asarray((d.y < d.K - 1).astype(float)), "has_low": xp.asarray((d.y > 0).astype(float))}


# ------------------------------------------------------------- likelihood


def softplus(xp, x):
    return xp.logaddexp(0.0, x)


def log1mexp(xp, x):
    """log(1 - e^x) for x < 0, accurate at both ends (Maechler 2012)."""
    return xp.where(x > -math.log(2.0), xp.log(-xp.expm1(x)), xp.log1p(-xp.exp(x)))


def ordinal_loglik(xp, a, cut, beta):
    """Log-likelihood of cutpoints cut (..., K - 1), increasing, and
    coefficients beta (..., dim) -> shape (...)."""
    return xp.sum(ordinal_log_probabilities(xp, a, cut, beta @ a["X"].T), axis=-1)


def ordinal_log_probabilities(xp, a, cut, eta):
    """log P(Y_i = y_i) for the linear predictors eta (..., n) -> (..., n). For
    a score y with both cutpoints, with u = c_y - eta and l = c_{y-1} - eta,
      log(F(u) - F(l)) = -softplus(-u) - softplus(l) + log(1 - e^{l - u}),
    which needs no difference of probabilities; the lowest score keeps only
    the first term, the highest only the second. The gap c_y - c_{y-1} is taken
    where both exist (1 elsewhere, a value the masks discard) so that no
    branch, selected or not, sees an infinity (JAX's gradients would)."""
    zero = xp.zeros(cut.shape[:-1] + (1,), dtype=cut.dtype)
    c_up = xp.concatenate([cut, zero], axis=-1)[..., a["y"]]     # c_y (dummy for the highest score)
    c_low = xp.concatenate([zero, cut], axis=-1)[..., a["y"]]    # c_{y-1} (dummy for the lowest)
    mid = a["has_up"] * a["has_low"]
    gap = xp.where(mid > 0, c_up - c_low, 1.0)
    return (-a["has_up"] * softplus(xp, eta - c_up) - a["has_low"] * softplus(xp, c_low - eta)
            + mid * log1mexp(xp, -gap))


def cutpoints_from_probabilities(xp, pi):
    """pi (..., K) on the simplex -> the cutpoints (..., K - 1) at which the
    reference patient (eta = 0) has those category probabilities:
    c_k = log P(Y <= k) - log P(Y > k), both sums taken directly (no 1 - S)."""
    below = xp.cumsum(pi, axis=-1)[..., :-1]
    above = xp.flip(xp.cumsum(xp.flip(pi, axis=-1), axis=-1), axis=-1)[..., 1:]
    return xp.log(below) - xp.log(above)


def category_probabilities(cut):
    """Inverse of cutpoints_from_probabilities (numpy): pi of the reference
    patient, F(c_k) - F(c_{k-1}) = F(c_k) F(-c_{k-1}) (1 - e^{c_{k-1} - c_k})
    so that small categories keep their digits at either end."""
    c = np.asarray(cut, dtype=float)
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
    mid = sig(c[1:]) * sig(-c[:-1]) * -np.expm1(c[:-1] - c[1:])
    return np.concatenate([[sig(c[0])], mid, [sig(-c[-1])]])


# ------------------------------------------------------------------ MLE


def collapsed(d):
    """The data with the scores nobody reached removed: (data, observed level indices)."""
    observed = sorted(set(d.y.tolist()))
    remap = {k: j for j, k in enumerate(observed)}
    e = make_ordinal_data(d.X, [remap[k] for k in d.y], [d.levels[k] for k in observed], d.names, d.centres,
                          d.concentration)
    return e, observed


def loglik_and_gradient(d, theta):
    """theta = (cutpoints (K - 1), beta (dim)) -> (log-likelihood, analytic gradient)."""
    K1 = d.K - 1
    cut, beta = theta[:K1], theta[K1:]
    a = device_arrays(d, np)
    ll = float(ordinal_loglik(np, a, cut, beta))
    if not np.isfinite(ll):
        return ll, None
    eta = d.X @ beta
    F = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
    up = np.concatenate([cut, [np.inf]])[d.y] - eta
    low = np.concatenate([[-np.inf], cut])[d.y] - eta
    Fu, Fl = F(up), F(low)
    fu, fl = Fu * (1 - Fu), Fl * (1 - Fl)
    p = Fu - Fl
    g = np.zeros_like(theta)
    np.add.at(g, d.y[d.y < K1], (fu / p)[d.y < K1])           # d/d c_y
    np.add.at(g, d.y[d.y > 0] - 1, (-fl / p)[d.y > 0])        # d/d c_{y-1}
    g[K1:] = d.X.T @ (-(fu - fl) / p)
    return ll, g


def fit_mle(d, iterations=200, tol=1e-12):
    """Newton with step halving from the marginal cutpoints and beta = 0;
    returns (theta, covariance, log-likelihood). d must have every score observed."""
    counts = np.bincount(d.y, minlength=d.K).astype(float)
    cum = np.cumsum(counts)[:-1] / d.n
    theta = np.concatenate([np.log(cum) - np.log1p(-cum), np.zeros(d.dim)])

    def hessian(t):
        h = np.empty((len(t), len(t)))
        for j in range(len(t)):
            e = np.zeros(len(t))
            e[j] = 1e-5
            h[:, j] = (loglik_and_gradient(d, t + e)[1] - loglik_and_gradient(d, t - e)[1]) / 2e-5
        return (h + h.T) / 2

    ll, g = loglik_and_gradient(d, theta)
    for _ in range(iterations):
        step = np.linalg.solve(-hessian(theta), g)
        decrement = float(g @ step)
        t = 1.0
        while True:
            cand = theta + t * step
            ll_c, g_c = loglik_and_gradient(d, cand)
            if np.isfinite(ll_c) and ll_c >= ll - 1e-12 * abs(ll):
                break
            t *= 0.5
            if t < 1e-10:
                raise ValueError("the MLE's Newton iteration stalled")
        theta, ll, g = cand, ll_c, g_c
        if decrement < tol:
            break
    return theta, np.linalg.inv(-hessian(theta)), ll


# ------------------------------------------------------------------- MCMC


class OrdinalPeer:
    label = "numpyro_ordinal"
    what = "ordinal"
    models = ("ordinal",)

    def prepare(self, J, s):
        self.data = build_data(s)
        self.arrays = device_arrays(self.data, J["jnp"])
        obs, self.observed = collapsed(self.data)
        self.theta, self.cov, _ = fit_mle(obs)

    def model(self, J, family, nuisance):
        jnp, numpyro, dist = J["jnp"], J["numpyro"], J["dist"]
        nf, npar = nuisance
        arrays, d = self.arrays, self.data

        def model(loc, scale, df):
            P = loc.shape[0]
            pi = numpyro.sample("probabilities", dist.Dirichlet(jnp.full((P, d.K), d.concentration)))  # (P, K)
            effect = dist.Normal(loc, scale) if family == "normal" else dist.StudentT(df, loc, scale)
            parts = [numpyro.sample("treatment", effect.to_event(1))[:, None]]
            if d.dim > 1:
                nd = dist.Normal(npar["mean"], npar["sd"]) if nf == "normal" else \
                    dist.StudentT(npar["df"], npar["location"], npar["scale"])
                parts.append(numpyro.sample("nuisance", nd.expand([P, d.dim - 1]).to_event(2)))
            beta = jnp.concatenate(parts, axis=-1)                         # (P, dim)
            cut = cutpoints_from_probabilities(jnp, pi)
            numpyro.factor("ordinal_loglik", jnp.sum(ordinal_loglik(jnp, arrays, cut, beta)))

        return model

    def init_params(self, J, prior, chains, rng):
        """Unconstrained starts (see the opening comment): the simplex through
        NumPyro's own bijection, the coefficients as they are."""
        from numpyro.distributions import constraints
        from numpyro.distributions.transforms import biject_to
        d, K1o = self.data, len(self.observed) - 1
        P = len(prior["loc"])
        beta, cov = self.theta[K1o:], self.cov[K1o:, K1o:]
        se = np.sqrt(np.diag(cov))
        centre, spread = np.tile(beta, (P, 1)), np.tile(se, (P, 1))
        centre[:, 0], spread[:, 0] = pc.treatment_start(beta[0], cov[0, 0], prior["loc"], prior["scale"])
        coef = centre[None] + 2.0 * spread[None] * rng.standard_normal((chains, P, d.dim))
        pi = np.zeros(d.K)
        pi[self.observed] = category_probabilities(self.theta[:K1o])
        pi = (d.n * pi + d.concentration) / (d.n + d.K * d.concentration)
        pis = pi * np.exp(SMOOTHING_SD * rng.standard_normal((chains, P, d.K)))
        pis /= pis.sum(axis=-1, keepdims=True)
        out = {"probabilities": np.asarray(biject_to(constraints.simplex).inv(J["jnp"].asarray(pis))),
               "treatment": coef[:, :, 0]}
        if d.dim > 1:
            out["nuisance"] = coef[:, :, 1:]
        return out

    def self_test(self, check, modules):
        sig = lambda x: 1.0 / (1.0 + math.exp(-x))  # noqa: E731
        # Three scores, one coefficient; each case (cutpoints, x, beta, y, log P(Y = y) worked out directly).
        cases = [((-0.5, 1.0), 0.0, 0.3, 0, math.log(sig(-0.5))),
                 ((-0.5, 1.0), 1.0, 0.3, 1, math.log(sig(0.7) - sig(-0.8))),
                 ((-0.5, 1.0), 2.0, 0.3, 2, math.log(1.0 - sig(0.4))),
                 # extreme eta: 1 - F(41) = e^-41 / (1 + e^-41), log = -41 - log1p(e^-41)
                 ((-0.5, 1.0), 1.0, -40.0, 2, -41.0 - math.log1p(math.exp(-41.0))),
                 ((-0.5, 1.0), 1.0, 40.0, 0, -40.5 - math.log1p(math.exp(-40.5))),
                 # a gap of 1e-8: F(1e-8) - F(0) = 1e-8 / 4 to 1e-24 relative
                 ((0.0, 1e-8), 0.0, 0.0, 1, math.log(0.25e-8)),
                 # two scores: logistic regression, P(Y = 1) = 1 - F(c - eta)
                 ((0.2,), 1.0, 0.5, 1, math.log(1.0 - sig(-0.3)))]
        for name, xp in modules:
            for cut, x, b, y, expected in cases:
                d = make_ordinal_data([[x]], [y], list(range(len(cut) + 1)))
                got = float(ordinal_loglik(xp, device_arrays(d, xp), xp.asarray(cut), xp.asarray([b])))
                check(abs(got - expected) < 1e-12 * max(1.0, abs(expected)),
                      f"{name}: hand case cut={cut} x={x} beta={b} y={y}: {got:.15f} vs {expected:.15f}")
            # Batched (P, .) parameters on random data vs a plain loop over patients.
            rng = np.random.default_rng(3)
            n, K, dim = 50, 5, 2
            X = rng.standard_normal((n, dim))
            y = rng.integers(0, K, n)
            d = make_ordinal_data(X, y, list(range(K)))
            cuts = np.sort(rng.normal(0, 1.5, (3, K - 1)), axis=-1)
            betas = rng.normal(0, 0.5, (3, dim))
            got = np.asarray(ordinal_loglik(xp, device_arrays(d, xp), xp.asarray(cuts), xp.asarray(betas)))
            ref = []
            for c, b in zip(cuts, betas):
                total = 0.0
                for i in range(n):
                    upper = 1.0 if y[i] == K - 1 else sig(c[y[i]] - X[i] @ b)
                    lower = 0.0 if y[i] == 0 else sig(c[y[i] - 1] - X[i] @ b)
                    total += math.log(upper - lower)
                ref.append(total)
            check(got.shape == (3,) and np.max(np.abs(got - np.array(ref))) < 1e-10,
                  f"{name}: random data, batched, vs a plain loop: max |diff| {np.max(np.abs(got - np.array(ref))):.2e}")
            pi = np.array([[0.1, 0.2, 0.3, 0.15, 0.25], [1e-12, 0.5, 0.25, 0.25 - 2e-12, 1e-12]])
            c = np.asarray(cutpoints_from_probabilities(xp, xp.asarray(pi)))
            back = np.array([category_probabilities(row) for row in c])
            check(np.all(np.diff(c, axis=-1) > 0) and np.max(np.abs(back - pi) / pi) < 1e-9,
                  f"{name}: cutpoints of category probabilities, round trip (rel. {np.max(np.abs(back - pi) / pi):.1e})")

        # Analytic gradient vs finite differences of the likelihood.
        theta = np.concatenate([np.sort(rng.normal(0, 1.0, K - 1)), rng.normal(0, 0.5, dim)])
        ll, g = loglik_and_gradient(d, theta)
        eps = 1e-6
        g_fd = np.array([(loglik_and_gradient(d, theta + eps * u)[0] - loglik_and_gradient(d, theta - eps * u)[0])
                         / (2 * eps) for u in np.eye(len(theta))])
        check(np.max(np.abs(g - g_fd)) < 1e-6, f"numpy: gradient vs finite differences {np.max(np.abs(g - g_fd)):.2e}")
        # The MLE's score is zero, and an empty declared score is collapsed away.
        d_gap = make_ordinal_data(X, np.where(y >= 2, y + 1, y), list(range(K + 1)))
        e, observed = collapsed(d_gap)
        th, _, _ = fit_mle(e)
        check(observed == [0, 1, 3, 4, 5] and np.max(np.abs(loglik_and_gradient(e, th)[1])) < 1e-8,
              "numpy: MLE with an empty score collapsed: zero score")

    def check_mle(self, s, path):
        """MLE over the observed scores (Newton, numpy) vs priorsweep's frequentist.csv."""
        d, observed = collapsed(build_data(s))
        theta, cov, ll = fit_mle(d)
        K1 = d.K - 1
        # clm's cutpoints are on the covariates' own scale: theta_k = c_k + sum_j xbar_j beta_j,
        # the numeric covariates being the columns right after treatment.
        A = np.eye(len(theta))
        A[:K1, K1 + 1:K1 + 1 + len(d.centres)] = d.centres
        uncentred, ucov = A @ theta, A @ cov @ A.T
        se = np.sqrt(np.diag(ucov))
        here = [(f"cutpoint[{d.levels[j]}|{d.levels[j + 1]}]", uncentred[j], se[j]) for j in range(K1)]
        here += [(name, uncentred[K1 + j], se[K1 + j]) for j, name in enumerate(d.names)]
        rows = pc.read_frequentist(path)
        ok, worst = pc.compare_terms(here, rows, path)
        ref_ll = float(next(iter(rows.values()))["loglik"])
        print(f"  loglik here {ll:.10f}  priorsweep {ref_ll:.10f}", file=sys.stderr)
        ok &= abs(ll - ref_ll) < 1e-6
        print(pc.json.dumps({"check_mle": "passed" if ok else "FAILED", "max_abs_diff": worst, "terms": len(here)}))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(pc.main(OrdinalPeer()))

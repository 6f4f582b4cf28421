"""Checks a priorsweep draws.nc (host/output/draws_netcdf.hpp) with xarray, as
an ArviZ user opens it: the groups posterior and sample_stats, dims chain,
draw and prior, the prior parameters as coordinates, and the draws' medians,
quantiles and tail probabilities against summary.csv (which priorsweep
computed from the same draws, R's type-7 quantiles = numpy's "linear").

    check_draws_netcdf.py DRAWS_NC SUMMARY_CSV CHAINS KEPT_DRAWS

Exit 0 when every check holds; a message and exit 1 otherwise; exit 77 when
xarray or netCDF4 is not installed (Debian: python3-xarray python3-netcdf4).
"""
import csv
import math
import sys

try:
    import numpy as np
    import xarray as xr
    import netCDF4  # noqa: F401  (the engine xarray needs for groups)
except ImportError as e:
    print(f"SKIPPED: {e}", file=sys.stderr)
    sys.exit(77)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def close(a, b, what, rel=1e-12):
    if not math.isclose(a, b, rel_tol=rel, abs_tol=1e-300):
        fail(f"{what}: {a!r} from draws.nc, {b!r} in summary.csv")


path, summary_path, chains, kept = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
post = xr.open_dataset(path, group="posterior")
stats = xr.open_dataset(path, group="sample_stats")
rows = list(csv.DictReader(open(summary_path)))
priors = sorted({int(r["prior_id"]) for r in rows})
terms = list(dict.fromkeys(r["term"] for r in rows))

for ds, name in ((post, "posterior"), (stats, "sample_stats")):
    if ds.sizes["chain"] != chains or ds.sizes["prior"] != len(priors):
        fail(f"{name} sizes {dict(ds.sizes)}")
    if list(ds["prior"].values) != priors:
        fail(f"{name} prior coordinate {list(ds['prior'].values)}, summary.csv {priors}")
if post.sizes["draw"] != kept:
    fail(f"draw size {post.sizes['draw']}, expected {kept}")
if sorted(post.data_vars) != sorted(terms):
    fail(f"posterior variables {sorted(post.data_vars)}, summary.csv terms {sorted(terms)}")
for var in terms:
    if post[var].dims != ("chain", "draw", "prior"):
        fail(f"{var} dims {post[var].dims}")
for var in ("acceptance_rate", "step_size", "independence_probability"):
    if stats[var].dims != ("chain", "prior"):
        fail(f"{var} dims {stats[var].dims}")
share = stats["independence_probability"].values
if not ((share >= 0) & (share <= 0.9)).all():
    fail(f"independence_probability outside [0, 0.9]: {share.min()} .. {share.max()}")

quantile_columns = [c for c in rows[0] if c.startswith("q")]
threshold_columns = [c for c in rows[0] if c.startswith("p_below_")]
for r in rows:
    p, term = int(r["prior_id"]), r["term"]
    for column in rows[0]:
        if column.startswith("prior_") and column not in ("prior_id", "prior_family", "prior_label") and r[column] != "":
            close(float(post[column].sel(prior=p)), float(r[column]), f"prior {p} {column}")
    if post["prior_family"].sel(prior=p).item() != r["prior_family"]:
        fail(f"prior {p} family {post['prior_family'].sel(prior=p).item()!r}")
    x = np.exp(post[term].sel(prior=p).values.ravel())  # the reported scale
    close(float(np.median(x)), float(r["median"]), f"prior {p} {term} median")
    for q in quantile_columns:
        close(float(np.quantile(x, float(q[1:]))), float(r[q]), f"prior {p} {term} {q}")
    for t in threshold_columns:
        if r[t] != "NA":
            close(float(np.mean(x < float(t[len("p_below_"):]))), float(r[t]), f"prior {p} {term} {t}")
    close(float(stats["acceptance_rate"].sel(prior=p).mean()), float(r["accept_rate"]), f"prior {p} accept_rate")
print(f"draws.nc: {len(terms)} variables x {len(priors)} priors x {chains} chains x {kept} draws agree with summary.csv")

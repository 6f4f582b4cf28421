#!/usr/bin/env python3
"""Run a priorsweep sweep to a quality target and time it.

    quality_target.py CONFIG [--priorsweep BIN] [--backend cpu|gpu|auto]
                      [--threads T] [--start-draws N] [--max-draws N]
                      [--warmup-fraction F] [--min-ess 1000] [--max-rhat 1.01]
                      [--sweep NAME] [--keep DIR]

Runs `priorsweep run CONFIG --out DIR --backend B [--threads T] --quiet` on a
temporary copy of CONFIG (with `thin = K` when --thin K is given; draws then
count iterations, draws / K are kept) whose top-level `draws` is N and `warmup` is
ceil(F * N) (default F = 0.5: the same fraction bench/peers/peer_common.py
gives NUTS, so both tools get the same rule), starting from N = --start-draws
and doubling N until every prior's treatment row of summary.csv has
ess_bulk >= --min-ess and rhat <= --max-rhat (a NaN fails). Relative data
paths in the copy are made absolute, so the copy lives in a temporary folder.

Prints one JSON line on stdout:
  {"sweep", "tool": "priorsweep", "backend", "device", "draws" (per chain, final
   run), "warmup", "chains", "thin", "priors", "wall_s" (whole priorsweep process,
   final run), "total_s" (every attempt, the failed ones included),
   "min_ess", "max_rhat" (final run, over every prior's treatment row),
   "met" (target reached), "extrapolated": false, "sample_s",
   "summarize_s" (priorsweep's own stage timings of the final run, from
   run.json), "attempts": [{"draws", "wall_s", "min_ess", "max_rhat", "met"}]}
Exit status: 0 target met, 3 --max-draws reached without meeting it (the JSON
line says met: false), 1 priorsweep failed, 2 bad arguments.

Python 3 standard library only.
"""
import argparse
import csv
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TABLE_RE = re.compile(r"^\s*\[")
KEY_RE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=")
PATH_RE = re.compile(r'^(\s*path\s*=\s*)"([^"]*)"(.*)$')


def rewrite_config(text, config_dir, draws, warmup, thin=None):
    """Top-level draws/warmup (and thin, when given) set, added when absent;
    every `path = "..."` inside a data table ([data], [analysis.data]) made
    absolute."""
    out = []
    in_top = True
    table = ""
    seen = set()
    top = {"draws": draws, "warmup": warmup}
    if thin is not None:
        top["thin"] = thin
    for line in text.splitlines():
        if TABLE_RE.match(line):
            if in_top:
                for key, value in top.items():
                    if key not in seen:
                        out.append(f"{key} = {value}")
                        seen.add(key)
            in_top = False
            table = line.strip()
            out.append(line)
            continue
        m = KEY_RE.match(line)
        if in_top and m and m.group(1) in top:
            key = m.group(1)
            out.append(f"{key} = {top[key]}")
            seen.add(key)
            continue
        p = PATH_RE.match(line)
        if p and table.strip("[]").split(".")[-1] == "data":
            path = p.group(2)
            if not os.path.isabs(path):
                path = os.path.normpath(os.path.join(config_dir, path))
            out.append(f'{p.group(1)}"{path}"{p.group(3)}')
            continue
        out.append(line)
    if in_top:  # a config without tables (not valid for priorsweep, but keep the keys)
        for key, value in top.items():
            if key not in seen:
                out.append(f"{key} = {value}")
    return "\n".join(out) + "\n"


def read_treatment_rows(out_dir, analysis):
    """(min ess_bulk, max rhat, number of priors) over the treatment rows of
    OUT/<analysis>/summary.csv; the only analysis when `analysis` is None."""
    if analysis is None:
        names = sorted(d for d in os.listdir(out_dir) if os.path.isfile(os.path.join(out_dir, d, "summary.csv")))
        if len(names) != 1:
            raise RuntimeError(f"{out_dir}: expected one analysis folder with summary.csv, found {names}; use --analysis")
        analysis = names[0]
    min_ess, max_rhat, priors = math.inf, -math.inf, 0
    with open(os.path.join(out_dir, analysis, "summary.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["term"] != "treatment":
                continue
            priors += 1
            ess, rhat = float(row["ess_bulk"]), float(row["rhat"])
            # NaN (a constant or broken chain) fails the target: treat as worst.
            min_ess = min(min_ess, ess if ess == ess else -math.inf)
            max_rhat = max(max_rhat, rhat if rhat == rhat else math.inf)
    if priors == 0:
        raise RuntimeError(f"{out_dir}/{analysis}/summary.csv: no treatment rows")
    return min_ess, max_rhat, priors


def finite_or_none(x):
    return x if isinstance(x, (int, float)) and math.isfinite(x) else None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("config")
    ap.add_argument("--priorsweep", default=None,
                    help="priorsweep binary (default: build-device/priorsweep under the repository root)")
    ap.add_argument("--backend", default="cpu", choices=["auto", "cpu", "gpu"])
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--start-draws", type=int, default=1000)
    ap.add_argument("--max-draws", type=int, default=1 << 20)
    ap.add_argument("--warmup-fraction", type=float, default=0.5)
    ap.add_argument("--thin", type=int, default=None,
                    help="set the config's thin (keep every thin-th draw; draws count iterations)")
    ap.add_argument("--min-ess", type=float, default=1000.0)
    ap.add_argument("--max-rhat", type=float, default=1.01)
    ap.add_argument("--sweep", default=None, help="label in the JSON line (default: the config's file stem)")
    ap.add_argument("--analysis", default=None, help="analysis name (default: the config's only analysis)")
    ap.add_argument("--keep", default=None, help="keep the final run's results in this folder")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per priorsweep run (default: none)")
    args = ap.parse_args(argv)

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = args.priorsweep or os.path.join(root, "build-device", "priorsweep")
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        ap.error(f"{binary}: not an executable priorsweep (use --priorsweep)")
    if not os.path.isfile(args.config):
        ap.error(f"{args.config}: no such config")
    if args.start_draws < 4 or args.max_draws < args.start_draws or not 0 <= args.warmup_fraction <= 10:
        ap.error("need 4 <= --start-draws <= --max-draws and 0 <= --warmup-fraction <= 10")

    config_path = os.path.abspath(args.config)
    with open(config_path) as f:
        config_text = f.read()
    sweep = args.sweep or os.path.splitext(os.path.basename(config_path))[0]

    work = tempfile.mkdtemp(prefix=f"priorsweep_quality_{sweep}_")
    attempts = []
    total = 0.0
    draws = args.start_draws
    try:
        while True:
            warmup = int(math.ceil(args.warmup_fraction * draws))
            cfg = os.path.join(work, os.path.basename(config_path))
            with open(cfg, "w") as f:
                f.write(rewrite_config(config_text, os.path.dirname(config_path), draws, warmup, args.thin))
            out_dir = os.path.join(work, f"out_{draws}")
            cmd = [binary, "run", cfg, "--out", out_dir, "--backend", args.backend, "--quiet"]
            if args.threads is not None:
                cmd += ["--threads", str(args.threads)]
            t0 = time.monotonic()
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                _, stderr = proc.communicate(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                print(f"quality_target: {sweep}: priorsweep ran past --timeout {args.timeout} s at draws={draws}",
                      file=sys.stderr)
                return 1
            except BaseException:  # SIGTERM (e.g. from `timeout`) or Ctrl-C: take priorsweep down too
                proc.kill()
                proc.communicate()
                raise
            wall = time.monotonic() - t0
            total += wall
            if proc.returncode != 0:
                sys.stderr.write(stderr[-4000:])
                print(f"quality_target: {sweep}: `{' '.join(cmd)}` exited with {proc.returncode}", file=sys.stderr)
                return 1
            min_ess, max_rhat, priors = read_treatment_rows(out_dir, args.analysis)
            met = min_ess >= args.min_ess and max_rhat <= args.max_rhat
            attempts.append({"draws": draws, "warmup": warmup, "wall_s": round(wall, 3),
                             "min_ess": finite_or_none(min_ess), "max_rhat": finite_or_none(max_rhat), "met": met})
            print(f"quality_target: {sweep} {args.backend}: draws={draws} warmup={warmup} wall={wall:.1f}s "
                  f"min ESS={min_ess:.0f} max R-hat={max_rhat:.4f} -> {'met' if met else 'not met'}",
                  file=sys.stderr)
            last_out = out_dir
            if met or draws * 2 > args.max_draws:
                break
            shutil.rmtree(out_dir, ignore_errors=True)
            draws *= 2

        with open(os.path.join(last_out, "run.json")) as f:
            run = json.load(f)
        analyses = run.get("analyses", [{}])
        timings = analyses[0].get("timings_s", {}) if analyses else {}
        record = {
            "sweep": sweep,
            "tool": "priorsweep",
            "mode": args.backend,
            "backend": run.get("backend", args.backend),
            "device": run.get("device"),
            "draws": draws,
            "warmup": warmup,
            "chains": run.get("config", {}).get("chains") if isinstance(run.get("config"), dict) else None,
            "thin": run.get("config", {}).get("thin", 1) if isinstance(run.get("config"), dict) else None,
            "priors": priors,
            "wall_s": round(attempts[-1]["wall_s"], 3),
            "total_s": round(total, 3),
            "min_ess": attempts[-1]["min_ess"],
            "max_rhat": attempts[-1]["max_rhat"],
            "met": attempts[-1]["met"],
            "extrapolated": False,
            "sample_s": timings.get("sample"),
            "summarize_s": timings.get("summarize"),
            "attempts": attempts,
        }
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.copytree(last_out, args.keep)
        print(json.dumps(record), flush=True)
        return 0 if record["met"] else 3
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds: the child is killed and the temporary folder removed


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())

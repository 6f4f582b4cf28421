#!/usr/bin/env bash
# End to end on a real single-node Slurm cluster (tests/slurm/local_slurm.sh):
# scripts/slurm/submit.sh runs a sweep of 12 priors (a Cox analysis and an
# exact beta-binomial one) as an array of 3 shards, at most 2 at a time, and
# the merge job after it (afterok); the merged folder must equal one
# unsharded run byte for byte. Then one shard's results are removed (as if it
# had failed) and scripts/slurm/resubmit_failed.sh must submit that shard
# alone and merge again, to the same bytes.
#   test_slurm_array.sh PRIORSWEEP_BINARY SOURCE_DIR
set -euo pipefail
bin="$(realpath "$1")"
src="$(realpath "$2")"
source "$src/tests/slurm/local_slurm.sh"
start_local_slurm

work="$SLURM_ROOT/work"
mkdir -p "$work"
"$bin" simulate --n-treatment 40 --n-control 40 --seed 5 --out "$work/trial.csv"
cat >"$work/sweep.toml" <<TOML
seed = 3
chains = 2
warmup = 300
draws = 1500
[data]
path = "trial.csv"
[[analysis]]
name = "hr"
model = "cox"
time = "time"
event = "event"
treatment = "treatment"
covariates = ["age"]
[analysis.prior]
family = "normal"
mean = [-0.2, 0, 0.2]
sd = [0.5, 2]
[[analysis]]
name = "ard"
model = "beta_binomial"
events = [10, 14]
totals = [40, 40]
[analysis.prior]
family = "beta"
a = [1, 2, 3]
b = [1, 2]
TOML

"$bin" run "$work/sweep.toml" --out "$work/single" --backend cpu --quiet

export PRIORSWEEP_BIN="$bin"
ids="$("$src/scripts/slurm/submit.sh" "$work/sweep.toml" "$work/sweep" 3 --throttle 2 --gres "" --cpus 1 --wait -- --time=10)"
echo "submitted (array, merge): $ids" >&2
array_spec="$(grep '^array' "$work/sweep/jobs.txt")"
[[ "$array_spec" == *"shards 1-3" ]] || { echo "FAIL: unexpected array: $array_spec" >&2; exit 1; }

compare() {
  local f
  for f in hr/summary.csv hr/frequentist.csv ard/summary.csv ard/frequentist.csv summary.json; do
    cmp "$work/single/$f" "$work/sweep/merged/$f" || { echo "FAIL: merged $f differs from the single run" >&2; exit 1; }
  done
  grep -q '"shard": "1/1"' "$work/sweep/merged/run.json" || { echo "FAIL: merged run.json" >&2; exit 1; }
}
[[ -f "$work/sweep/merged/run.json" ]] || { echo "FAIL: no merged results"; cat "$work/sweep/logs/"* >&2; exit 1; }
compare
echo "array of 3 shards merged: identical to the single run" >&2

# Shard 2 "failed": only it is resubmitted, then merged again.
rm -rf "$work/sweep/shard-2" "$work/sweep/merged"
ids="$("$src/scripts/slurm/resubmit_failed.sh" "$work/sweep.toml" "$work/sweep" 3 --throttle 2 --gres "" --cpus 1 --wait -- --time=10)"
resubmitted="$(grep 'resubmitted' "$work/sweep/jobs.txt")"
[[ "$resubmitted" == *"shards 2 (resubmitted)" ]] || { echo "FAIL: resubmitted: $resubmitted" >&2; exit 1; }
[[ -f "$work/sweep/merged/run.json" ]] || { echo "FAIL: no merged results after the resubmission" >&2; cat "$work/sweep/logs/"* >&2; exit 1; }
compare
echo "failed shard resubmitted alone and merged: identical to the single run" >&2

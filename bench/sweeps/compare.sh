#!/usr/bin/env bash
# Peer comparison for the Cox sweeps S1 and S2, the ordinal sweep O1 and the
# longitudinal ordinal sweep L1 (bench/sweeps/s1.toml, s2.toml, o1.toml, l1.toml):
# priorsweep on the GPU, priorsweep on CPU threads, NumPyro NUTS with every
# prior stacked in one model, and NumPyro one prior at a time (a subset,
# extrapolated), each run to the same quality target (every prior: treatment
# bulk ESS >= 1000 and R-hat <= 1.01, draws per chain doubling; warmup = draws/2
# for every tool). Prints one table. Run from the repository root on the GPU
# machine:
#
#   bash bench/sweeps/compare.sh [BUILD_DIR]      default build-device (binary BUILD_DIR/priorsweep)
#
# Estimate with the defaults on an H100 + 16 cores (not yet timed there): a few minutes, most of
# it NumPyro (never run yet on a GPU; its code was checked with numpy only).
# Where one command may not exceed 10 minutes, run it in pieces, e.g.
#   CPU_SWEEPS= bash bench/sweeps/compare.sh                      # GPU + NumPyro rows
#   TOOLS=priorsweep-cpu KEEP_RESULTS=1 bash bench/sweeps/compare.sh   # adds the CPU rows
#
# Environment (default after =):
#   SWEEPS="s1 s2 o1 l1"      which sweeps
#   TOOLS="priorsweep-gpu priorsweep-cpu numpyro-stacked numpyro-per-prior"
#   CPU_SWEEPS="s1 s2 o1 l1"  sweeps that also run priorsweep --backend cpu ("" for none). Measured
#                             on a 2-core machine (bench/sweeps/README.md): S1 (4,000 draws x
#                             4,096 priors x 4 chains) 94 s (92 s sampling at 1.07 M
#                             chain-steps/s, 2 s summaries); S2 16 s (1,000 draws); O1 (16,000
#                             draws x 1,024 priors) 370 s; L1 (16,000 draws x 16 priors; per-patient
#                             quadrature: 7,800 chain-steps/s) 198 s. So about a minute and a half
#                             on 16 cores.
#   THREADS=0                 priorsweep --threads for the CPU runs (0: all cores)
#   PRIORSWEEP_THIN=          when set, priorsweep keeps every k-th draw (config `thin`; draws
#                             per chain still count iterations): less transfer and summary work.
#                             Unset: thin = 1.
#   S1_START=4000 S2_START=1000 O1_START=8000 L1_START=16000
#                             priorsweep's first draws per chain. Doubling runs on the grid
#                             1000 * 2^k whatever the start, so the draws found are the same as
#                             from 1000, provided the lower rungs fail: S1 at 2,000 draws gives
#                             min ESS 449 and max R-hat 1.0129 over its 4,096 priors (CPU
#                             backend, measured; the chains do not depend on the backend's thread
#                             count); the GPU's random streams differ, so there the 2,000 rung
#                             is only likely to fail. Starting higher only skips failed attempts
#                             (which the table's total s then does not include).
#                             O1 at 4,000 draws: min ESS 172 (CPU, measured), so it starts at
#                             16,000 (min ESS 1,158, max R-hat 1.0100). L1 at 16,000: min ESS 1,182,
#                             max R-hat 1.0071 (CPU, measured; 8,000 not run).
#   NUMPYRO_START=500         NumPyro's first num_samples (doubling, num_warmup = num_samples/2)
#   NUMPYRO_MAX=8000          NumPyro's largest num_samples tried
#   NUMPYRO_SUBSET=4          priors run in per-prior mode (spread over the grid)
#   PYTHON=python3            the Python with jax and numpyro
#   RUN_TIMEOUT=600           seconds per tool and sweep (coreutils timeout)
#   CONFIG_DIR=bench/sweeps   where the sweep configs are (a reduced copy for a quick try)
#   COMPARE_OUT=results/peers JSON lines (one file per sweep and tool) and the table (not
#                             $OUT: the device tool sets that to the folder it sends back);
#                             cleared first unless KEEP_RESULTS=1, so a long comparison can
#                             be run in pieces (e.g. SWEEPS=s1, then SWEEPS=s2 KEEP_RESULTS=1)
#                             and the last call's table has every piece.
#
# Degrades gracefully: without a usable GPU the priorsweep-gpu rows say why and
# the speed-up column is empty; without jax/numpyro the NumPyro rows say so.
# Before NumPyro sweeps, each peer's `--self-test` checks its JAX likelihood on
# hand-computed cases (Efron ties; ordinal tails and gaps; the death rule and the
# quadrature), and `--check-mle`
# checks that its likelihood's maximiser equals priorsweep's frequentist fit on
# the sweep's data (to 1e-6), so both tools sample the same posterior.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
build="${1:-build-device}"
bin="$build/priorsweep"
[[ "$bin" = /* ]] || bin="$root/$bin"
sweeps="${SWEEPS-s1 s2 o1 l1}"
tools="${TOOLS-priorsweep-gpu priorsweep-cpu numpyro-stacked numpyro-per-prior}"
cpu_sweeps="${CPU_SWEEPS-s1 s2 o1 l1}"
thin_args=()
[[ -n "${PRIORSWEEP_THIN:-}" ]] && thin_args=(--thin "$PRIORSWEEP_THIN")
threads="${THREADS:-0}"
python="${PYTHON:-python3}"
timeout_s="${RUN_TIMEOUT:-600}"
out="${COMPARE_OUT:-$root/results/peers}"
np_start="${NUMPYRO_START:-500}"
np_max="${NUMPYRO_MAX:-8000}"
np_subset="${NUMPYRO_SUBSET:-4}"
config_dir="${CONFIG_DIR:-bench/sweeps}"
export XLA_PYTHON_CLIENT_PREALLOCATE=false  # JAX must not hold 75% of the GPU while priorsweep runs

say() { echo "compare.sh: $*" >&2; }
start_of() { case "$1" in s1) echo "${S1_START:-4000}" ;; s2) echo "${S2_START:-1000}" ;; o1) echo "${O1_START:-8000}" ;; l1) echo "${L1_START:-16000}" ;; *) echo 1000 ;; esac; }
# The NumPyro peer that samples the same posterior as a sweep's model.
peer_of() {
  case "$1" in
    o1) echo bench/peers/numpyro_ordinal.py ;;
    l1) echo bench/peers/numpyro_ordinal_longitudinal.py ;;
    *) echo bench/peers/numpyro_cox.py ;;
  esac
}

if [[ ! -x "$bin" ]]; then
  say "$bin not found: build first, e.g. cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build -j"
  exit 2
fi
command -v python3 >/dev/null || { say "python3 is needed"; exit 2; }
[[ "${KEEP_RESULTS:-0}" == 1 ]] || rm -rf "$out"
mkdir -p "$out"

# A row that did not run: the table shows the reason.
skip() {  # sweep tool reason
  python3 -c 'import json,sys; print(json.dumps({"sweep": sys.argv[1], "tool_label": sys.argv[2], "skipped": sys.argv[3]}))' \
    "$1" "$2" "$3" > "$out/$1-$2.json"
  say "$1 $2: skipped: $3"
}

# Runs a command that prints one JSON line; keeps it (labelled) or records why not.
record() {  # sweep label command...
  local sweep="$1" label="$2"
  shift 2
  local file="$out/$sweep-$label.json" rc
  say "$sweep $label: $*"
  timeout "$timeout_s" "$@" > "$file.tmp" 2> "$out/$sweep-$label.log"
  rc=$?
  tail -n 20 "$out/$sweep-$label.log" | sed 's/^/    /' >&2
  if [[ $rc -eq 0 || $rc -eq 3 ]] && [[ -s "$file.tmp" ]]; then
    python3 - "$file.tmp" "$label" > "$file" <<'PY'
import json, sys
rec = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
rec["tool_label"] = sys.argv[2]
print(json.dumps(rec))
PY
    rm -f "$file.tmp"
  elif [[ $rc -eq 124 ]]; then
    rm -f "$file.tmp"; skip "$sweep" "$label" "timed out after ${timeout_s}s (RUN_TIMEOUT)"
  elif [[ $rc -eq 4 ]]; then
    rm -f "$file.tmp"; skip "$sweep" "$label" "jax/numpyro not importable"
  else
    rm -f "$file.tmp"; skip "$sweep" "$label" "failed (exit $rc), see $out/$sweep-$label.log"
  fi
}

# A copy of CONFIG with DRAWS and WARMUP and absolute data paths.
short_config() {  # config dest draws warmup
  python3 - "$@" <<'PY'
import os, sys
sys.path.insert(0, "bench/sweeps")
from quality_target import rewrite_config
src = os.path.abspath(sys.argv[1])
open(sys.argv[2], "w").write(rewrite_config(open(src).read(), os.path.dirname(src), int(sys.argv[3]), int(sys.argv[4])))
PY
}

has_tool() { [[ " $tools " == *" $1 "* ]]; }
has_numpyro_tool() { has_tool numpyro-stacked || has_tool numpyro-per-prior; }

# ---------------------------------------------------------------- data
if [[ " $sweeps " == *" s2 "* ]]; then
  bash bench/sweeps/make_data.sh "$bin" || { say "make_data.sh failed"; exit 1; }
fi

# ------------------------------------------------------- availability
gpu_ok=1
gpu_why=""
if ! has_tool priorsweep-gpu; then
  :  # not asked for: no probe
elif ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  gpu_ok=0; gpu_why="no NVIDIA GPU (nvidia-smi -L failed)"
else
  # A tiny run tells whether this build has a usable CUDA backend.
  probe="$(mktemp -d)"
  short_config "$config_dir/s1.toml" "$probe/p.toml" 20 10
  if ! "$bin" run "$probe/p.toml" --out "$probe/o" --backend gpu --quiet > "$probe/log" 2>&1; then
    gpu_ok=0; gpu_why="priorsweep --backend gpu failed: $(grep -m1 -i error "$probe/log" || tail -n1 "$probe/log")"
  fi
  rm -rf "$probe"
fi
[[ $gpu_ok == 1 ]] || say "GPU rows skipped: $gpu_why"

numpyro_ok=1
numpyro_why=""
if ! has_numpyro_tool; then
  :  # not asked for: no import, no self-tests
elif ! "$python" -c 'import jax, numpyro' >/dev/null 2>&1; then
  numpyro_ok=0; numpyro_why="jax/numpyro not importable by $python"
else
  for peer in bench/peers/numpyro_cox.py bench/peers/numpyro_ordinal.py bench/peers/numpyro_ordinal_longitudinal.py; do
    if ! "$python" "$peer" --self-test; then
      numpyro_ok=0; numpyro_why="$(basename "$peer") --self-test failed"
    fi
  done
  if [[ $numpyro_ok == 1 ]]; then
    "$python" -c 'import jax; print("compare.sh: JAX devices:", jax.devices())' >&2 || true
  fi
fi
[[ $numpyro_ok == 1 ]] || say "NumPyro rows skipped: $numpyro_why"

# ------------------------------------------------------------- sweeps
for sweep in $sweeps; do
  config="$config_dir/$sweep.toml"
  start="$(start_of "$sweep")"
  keep="$out/$sweep-results"
  if has_tool priorsweep-gpu; then
    if [[ $gpu_ok == 1 ]]; then
      record "$sweep" priorsweep-gpu python3 bench/sweeps/quality_target.py "$config" --priorsweep "$bin" \
        --backend gpu --start-draws "$start" --sweep "$sweep" --keep "$keep" "${thin_args[@]}"
    else
      skip "$sweep" priorsweep-gpu "$gpu_why"
    fi
  fi
  if has_tool priorsweep-cpu; then
    if [[ " $cpu_sweeps " == *" $sweep "* ]]; then
      record "$sweep" priorsweep-cpu python3 bench/sweeps/quality_target.py "$config" --priorsweep "$bin" \
        --backend cpu --threads "$threads" --start-draws "$start" --sweep "$sweep" "${thin_args[@]}" \
        $([[ -d "$keep" ]] || echo --keep "$keep")
    else
      skip "$sweep" priorsweep-cpu "not in CPU_SWEEPS"
    fi
  fi
  if has_numpyro_tool; then
    if [[ $numpyro_ok == 1 && ! -f "$keep/$sweep/frequentist.csv" ]]; then
      # frequentist.csv for the model check, from a short priorsweep run (any backend).
      tmpcfg="$(mktemp -d)"
      short_config "$config" "$tmpcfg/c.toml" 20 10
      "$bin" run "$tmpcfg/c.toml" --out "$keep" --backend cpu --quiet >/dev/null 2>&1 || true
      rm -rf "$tmpcfg"
    fi
    np_checked=$numpyro_ok
    np_why="$numpyro_why"
    if [[ $numpyro_ok == 1 ]]; then
      if ! "$python" "$(peer_of "$sweep")" "$config" --check-mle "$keep/$sweep/frequentist.csv"; then
        np_checked=0; np_why="$(basename "$(peer_of "$sweep")") --check-mle: its likelihood's MLE differs from priorsweep's"
      fi
    fi
    for mode in stacked per-prior; do
      has_tool "numpyro-$mode" || continue
      if [[ $np_checked == 1 ]]; then
        record "$sweep" "numpyro-$mode" "$python" "$(peer_of "$sweep")" "$config" --mode "$mode" \
          --subset "$np_subset" --start-draws "$np_start" --max-draws "$np_max" --sweep "$sweep"
      else
        skip "$sweep" "numpyro-$mode" "$np_why"
      fi
    done
  fi
done

# -------------------------------------------------------------- table
gpu_name="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -n1)"
export COMPARE_HOST="$(date -u +%Y-%m-%dT%H:%MZ); $("$bin" --version 2>/dev/null) ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+changes')); GPU: ${gpu_name:-none}; CPU: $(nproc) cores"
python3 - "$out" <<'PY' | tee "$out/table.txt"
import glob, json, os, sys

out = sys.argv[1]
print(os.environ.get("COMPARE_HOST", ""))
rows = []
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    try:
        rows.append(json.load(open(path)))
    except (ValueError, OSError):
        pass
order = {"priorsweep-gpu": 0, "priorsweep-cpu": 1, "numpyro-stacked": 2, "numpyro-per-prior": 3}
rows.sort(key=lambda r: (r.get("sweep", ""), order.get(r.get("tool_label"), 9)))
gpu = {r["sweep"]: r for r in rows if r.get("tool_label") == "priorsweep-gpu" and "skipped" not in r}

def num(x, fmt):
    return format(x, fmt) if isinstance(x, (int, float)) else "-"

print(f"{'sweep':<6} {'tool':<18} {'device':<26} {'priors':>6} {'draws/chain':>11} {'wall s (final)':>14} "
      f"{'sample s':>9} {'summ. s':>8} {'total s':>9} {'min ESS':>8} {'max R-hat':>9} {'gpu speed-up':>12}  note")
for r in rows:
    label = r.get("tool_label", "?")
    if "skipped" in r:
        print(f"{r['sweep']:<6} {label:<18} {'-':<26} {'-':>6} {'-':>11} {'-':>14} {'-':>9} {'-':>8} {'-':>9} {'-':>8} "
              f"{'-':>9} {'-':>12}  "
              f"skipped: {r['skipped']}")
        continue
    g = gpu.get(r["sweep"])
    speed = "-"
    if g and label != "priorsweep-gpu" and g.get("wall_s"):
        speed = f"{r['wall_s'] / g['wall_s']:.1f}x"
    notes = []
    if r.get("extrapolated"):
        notes.append(f"extrapolated from {len(r.get('subset', []))} priors")
    if not r.get("met"):
        notes.append("TARGET NOT MET")
    if r.get("tool") == "numpyro":
        notes.append(f"mass={'dense' if r.get('dense_mass') else 'diag'}")
    print(f"{r['sweep']:<6} {label:<18} {str(r.get('device', '-'))[:26]:<26} {r.get('priors', '-'):>6} "
          f"{r.get('draws', '-'):>11} {num(r.get('wall_s'), '.1f'):>14} {num(r.get('sample_s'), '.1f'):>9} "
          f"{num(r.get('summarize_s'), '.1f'):>8} {num(r.get('total_s'), '.1f'):>9} "
          f"{num(r.get('min_ess'), '.0f'):>8} {num(r.get('max_rhat'), '.4f'):>9} {speed:>12}  {'; '.join(notes)}")
print("\nwall s (final): the run that met the target (priorsweep: whole process; NumPyro: compile + sampling + "
      "diagnostics, JAX import excluded); total s: every attempt of the doubling; gpu speed-up: this row's "
      "wall s / priorsweep-gpu's on the same sweep; sample s / summ. s: priorsweep's own stage timings of the final "
      "run (run.json: sampling; posterior summaries and diagnostics of every term). JSON lines and logs: " + out)
PY

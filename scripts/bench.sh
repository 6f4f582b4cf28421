#!/usr/bin/env bash
# Builds and runs the benchmarks and prints one table; then, unless
# BENCH_SWEEPS=0, the whole-process peer comparison of bench/sweeps/compare.sh
# (priorsweep on GPU and CPU against NumPyro, S1 and S2 to the same quality
# target). On a GPU machine this is the one call that gives every figure.
#
#   scripts/bench.sh [BUILD_DIR]        default build-bench
#   CUDA_ARCH=native scripts/bench.sh   default 90 (H100); "native" = this GPU
#   BENCH_FILTER='gpu' scripts/bench.sh only benchmarks matching the regex
#   BENCH_OUT=DIR                       where JSON results go (default results/bench)
#   BENCH_SWEEPS=0                      skip the S1/S2 peer comparison
#   BENCH_CONFIGURE=0                   use BUILD_DIR as it is (e.g. from scripts/device_build.sh)
#   BENCH_RUN=0                         run nothing: print the table of every JSON already in BENCH_OUT
#
# Programs: bench_log_density (one log density, CPU and every GPU layout),
# bench_gpu_kernel (the sweep kernel alone, n x chains x layout), bench_sweep
# (the whole SweepBackend, copies included), bench_ordinal_log_density (the
# ordinal models), bench_meta_sweep (the binomial-normal meta-analysis: log
# density and whole sweeps, CPU, GPU and the exact normal-normal), bench_summaries (the posterior
# summaries of a sweep's draws, CPU threads against the device). GPU rows carry two fractions of
# the special-function ceiling probed in the same run (bench/gpu_ceiling.hpp).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build-bench}"
arch="${CUDA_ARCH:-90}"
filter="${BENCH_FILTER:-.}"
out="${BENCH_OUT:-$root/results/bench}"
jobs="$(nproc 2>/dev/null || echo 2)"
run="${BENCH_RUN:-1}"
programs=(bench_log_density bench_gpu_kernel bench_sweep bench_ordinal_log_density bench_meta_sweep bench_summaries)

if [[ "${BENCH_CONFIGURE:-1}" != 0 ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPRIORSWEEP_CUDA=AUTO \
    -DCMAKE_CUDA_ARCHITECTURES="$arch" \
    -DPRIORSWEEP_BUILD_TESTS=OFF -DPRIORSWEEP_BUILD_BENCH=ON >&2
  cmake --build "$build" -j "$jobs" --target "${programs[@]}" priorsweep >&2
fi

mkdir -p "$out"
if [[ "$run" != 0 ]]; then
  for program in "${programs[@]}"; do
    echo "== $program" >&2
    "$build/bench/$program" --benchmark_filter="$filter" \
      --benchmark_out="$out/$program.json" --benchmark_out_format=json >&2
  done
fi

# One table over all programs: rates in units per second, fractions in %.
if command -v python3 >/dev/null; then
  if [[ "$run" != 0 ]]; then tables=("${programs[@]/#/$out/}")
  else mapfile -t tables < <(find "$out" -maxdepth 1 -name '*.json' | sed 's/\.json$//' | sort); fi
  python3 - "${tables[@]}" <<'PY'
import json, sys

def pct(r, key):
    v = r.get(key)
    return f"{100 * v:.1f}%" if v is not None else "-"

print(f"{'benchmark':<52} {'layout / device':<34} {'time':>10} {'items/s':>10} {'patient/s':>10} {'ceiling':>8} {'expf':>8}")
for path in sys.argv[1:]:
    with open(path + ".json") as f:
        runs = json.load(f)["benchmarks"]
    for r in runs:
        name = r["name"]
        if r.get("error_occurred"):
            print(f"{name:<52} skipped: {r.get('error_message', '')[:70]}")
            continue
        per_iter = f"{r['real_time']:.3g}{r['time_unit']}"
        items = r.get("items_per_second", float("nan"))
        patients = r.get("patient_evals", items)  # bench_log_density's items are patient evaluations
        print(f"{name:<52} {r.get('label', '')[:34]:<34} {per_iter:>10} {items:>10.3g} {patients:>10.3g} "
              f"{pct(r, 'ceiling_fraction'):>8} {pct(r, 'expf_fraction'):>8}")
    probe = next((r for r in runs if "probe_fast_expf_per_s" in r), None)
    if probe:
        print(f"   probe: __expf {probe['probe_fast_expf_per_s']:.3g}/s, expf {probe['probe_expf_per_s']:.3g}/s "
              f"(ceiling = __expf rate / (1 + event fraction); expf = one expf per patient)")
PY
else
  echo "python3 not found: see the JSON results in $out" >&2
fi

if [[ "${BENCH_SWEEPS:-1}" != 0 && "$run" != 0 ]]; then
  if [[ -x "$root/bench/sweeps/compare.sh" ]]; then
    "$root/bench/sweeps/compare.sh" "$build"
  else
    echo "bench/sweeps/compare.sh not found: S1/S2 comparison skipped" >&2
  fi
fi

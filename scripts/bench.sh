#!/usr/bin/env bash
# Builds and runs the benchmark programs (bench/bench_log_density,
# bench/bench_sweep) and prints one table. GPU cases report an error row when
# no GPU is usable; CPU cases always run.
#
#   scripts/bench.sh [BUILD_DIR]        default build-bench
#   CUDA_ARCH=native scripts/bench.sh   default 90 (H100); "native" = this GPU
#   BENCH_FILTER='gpu' scripts/bench.sh only benchmarks matching the regex
#   BENCH_OUT=DIR                       where JSON results go (default results/bench)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build-bench}"
arch="${CUDA_ARCH:-90}"
filter="${BENCH_FILTER:-.}"
out="${BENCH_OUT:-$root/results/bench}"
jobs="$(nproc 2>/dev/null || echo 2)"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPRIORSWEEP_CUDA=AUTO \
  -DCMAKE_CUDA_ARCHITECTURES="$arch" \
  -DPRIORSWEEP_BUILD_TESTS=OFF -DPRIORSWEEP_BUILD_BENCH=ON >&2
cmake --build "$build" -j "$jobs" --target bench_log_density bench_sweep >&2

mkdir -p "$out"
for program in bench_log_density bench_sweep; do
  echo "== $program" >&2
  "$build/bench/$program" --benchmark_filter="$filter" \
    --benchmark_out="$out/$program.json" --benchmark_out_format=json >&2
done

# One table over both programs: rate columns in units per second.
if command -v python3 >/dev/null; then
  python3 - "$out/bench_log_density.json" "$out/bench_sweep.json" <<'PY'
import json, sys

print(f"{'benchmark':<58} {'device':<28} {'time/iter':>12} {'items/s':>12} {'patient_evals/s':>16} {'ceiling':>8}")
for path in sys.argv[1:]:
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    for r in runs:
        name = r["name"]
        if r.get("error_occurred"):
            print(f"{name:<58} {'skipped: ' + r.get('error_message', '')[:70]}")
            continue
        per_iter = f"{r['real_time']:.3g} {r['time_unit']}"
        items = r.get("items_per_second", float("nan"))
        # bench_log_density's items are patient evaluations already.
        patients = r.get("patient_evals", items)
        ceiling = r.get("ceiling_fraction")
        ceiling = f"{100 * ceiling:.2f}%" if ceiling is not None else "-"
        print(f"{name:<58} {r.get('label', '')[:28]:<28} {per_iter:>12} {items:>12.4g} {patients:>16.4g} {ceiling:>8}")
PY
else
  echo "python3 not found: see the JSON results in $out" >&2
fi

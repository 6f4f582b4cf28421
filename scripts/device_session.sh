#!/usr/bin/env bash
# The one prepared device call: every GPU figure and GPU test of the open
# issues, most important first, inside a time budget, with what it got sent
# back even when it is cut short. A session is lent about 15 minutes of
# device time in all, and one command may run 10, so nothing here may wait on
# a compile that could have happened before.
#
# Before the call, here (no device time):
#   bash scripts/device_bundle.sh && bash scripts/device_prebuild.sh
# The call (device tool):
#   run(command="bash scripts/device_session.sh", carry=[".device"], timeout_s=600)
# Run again on the same warm machine, it resumes: finished steps are skipped.
#
# Steps, in order (SESSION_STEPS picks and orders them):
#   gpu-tests     ctest: every Gpu* test (CPU vs GPU in every layout, S1,
#                 longitudinal, meta; reproducibility) and the example's
#                 quality-target test, whose backend "auto" is the GPU there
#   kernel        bench_gpu_kernel, automatic layout: n x chains grid of
#                 issue 3, as fractions of the special-function ceiling
#   sweeps-gpu    bench/sweeps/compare.sh, priorsweep --backend gpu: S1 S2 O1 L1
#   numpyro-cox   compare.sh, NumPyro stacked and per prior: S1 S2
#   numpyro-ord   compare.sh, NumPyro stacked and per prior: O1 L1
#   bench-gpu     the other bench programs' GPU rows (log densities in every
#                 layout, whole SweepBackend, ordinal, meta) and the kernel's
#                 forced layouts
#   sweeps-cpu    compare.sh, priorsweep --backend cpu on the device's cores: S1 S2 O1 L1
#   all-tests     the rest of ctest (the CPU suite, run by CI too; here the
#                 CLI tests' "auto" backend is the GPU)
#
# Environment:
#   SESSION_BUDGET_S=570   seconds this call may take in all; a step whose
#                          allowance would not fit is left for a re-run
#   SESSION_STEPS="..."    the steps above, in the order given
#   SESSION_RESET=1        forget finished steps and results of a warm machine
#
# What comes back ($OUT, or results/device without one): summary.txt (one
# line per step, then the peer table and the benchmark table), session.log
# (everything printed), results.tar.gz (JSON of the benchmarks and peers,
# ctest logs). Rewritten after every step.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/device_paths.sh

started=$(date +%s)
budget="${SESSION_BUDGET_S:-570}"
steps="${SESSION_STEPS-gpu-tests kernel sweeps-gpu numpyro-cox numpyro-ord bench-gpu sweeps-cpu all-tests}"
state="$PREBUILT_ROOT/session"
[[ "${SESSION_RESET:-0}" == 1 ]] && rm -rf "$state"
mkdir -p "$state/done" "$state/results"
back="${OUT:-$root/results/device}"
mkdir -p "$back"
log="$state/session.log"
summary="$state/steps.txt"
jobs="$(nproc 2>/dev/null || echo 4)"
export PYTHONUNBUFFERED=1

say() { echo "device_session [$(($(date +%s) - started))s]: $*" | tee -a "$log" >&2; }
left() { echo $((budget - ($(date +%s) - started))); }
note() { echo "$*" >>"$summary"; say "$*"; }

# Everything done so far goes back: the device tool returns $OUT even when the
# command is killed at its limit.
send_back() {
  {
    cat "$summary"
    for table in "$state/results/peers/table.txt" "$state/results/bench/table.txt"; do
      [[ -s "$table" ]] && { echo; cat "$table"; }
    done
  } >"$back/summary.txt" 2>/dev/null
  cp "$log" "$back/session.log" 2>/dev/null
  tar -czf "$back/results.tar.gz" -C "$state" results 2>/dev/null
}

# ------------------------------------------------------------------ the build
build=""
use_prebuilt() {
  local tarball=.device/prebuilt.tar.xz
  [[ -f "$tarball" ]] || { say "no $tarball (scripts/device_prebuild.sh makes it)"; return 1; }
  mkdir -p "$PREBUILT_ROOT"
  # Its paths say $PREBUILT_ROOT/src: that is this tree now.
  if [[ -e "$PREBUILT_ROOT/src" && ! -L "$PREBUILT_ROOT/src" ]]; then rm -rf "$PREBUILT_ROOT/src"; fi
  ln -sfn "$root" "$PREBUILT_ROOT/src"
  # Unpacked again when a different tarball arrives on a warm machine.
  local unpacked="$PREBUILT_ROOT/unpacked-from.sha256" carried
  carried="$(sha256sum <"$tarball")"
  if [[ ! -x "$PREBUILT_ROOT/build/priorsweep" || "$(cat "$unpacked" 2>/dev/null)" != "$carried" ]]; then
    rm -rf "$PREBUILT_ROOT/build"
    tar -xJf "$tarball" -C "$PREBUILT_ROOT" || { say "could not unpack $tarball"; return 1; }
    echo "$carried" >"$unpacked"
  fi
  local manifest="$PREBUILT_ROOT/build/$PREBUILT_MANIFEST" listed present
  if ! sha256sum -c --quiet "$manifest" >>"$log" 2>&1; then
    say "the prebuilt was made from other sources (see the log): not used"; return 1
  fi
  listed="$(cut -c67- "$manifest" | sort)"
  present="$(prebuilt_sources | tr '\0' '\n' | sort)"
  if [[ "$listed" != "$present" ]]; then
    say "source files were added or removed since the prebuilt: not used"
    diff <(echo "$listed") <(echo "$present") >>"$log"
    return 1
  fi
  # It was linked on another machine's image: does it start here?
  if ! "$PREBUILT_ROOT/build/priorsweep" --version >>"$log" 2>&1 ||
    ! "$PREBUILT_ROOT/build/bench/bench_gpu_kernel" --benchmark_list_tests >/dev/null 2>>"$log"; then
    say "the prebuilt programs do not start here (see the log): not used"; return 1
  fi
  build="$PREBUILT_ROOT/build"
}

: >"$summary"
note "device session $(date -u +%Y-%m-%dT%H:%MZ), budget ${budget}s, $jobs cores"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv,noheader 2>&1 |
    sed 's/^/  GPU: /' | tee -a "$summary" "$log" >&2
else
  note "  GPU: none (no nvidia-smi): the GPU steps will report skips"
fi
if use_prebuilt; then
  note "build: prebuilt ($PREBUILT_ROOT/build), $("$build/priorsweep" --version 2>&1)"
else
  say "building here (scripts/device_build.sh)"
  if timeout "$(($(left) - 60))" bash scripts/device_build.sh >>"$log" 2>&1; then
    build="$root/build-device"
    note "build: built here in $(($(date +%s) - started))s"
  else
    note "build: FAILED (see session.log)"
    send_back
    exit 1
  fi
fi
send_back

# ------------------------------------------------------------------ the steps
compare() {  # compare <tools> <sweeps> [ENV=value ...]: a piece of the peer table
  local tools="$1" sweeps="$2"
  shift 2
  env TOOLS="$tools" SWEEPS="$sweeps" KEEP_RESULTS=1 COMPARE_OUT="$state/results/peers" "$@" \
    bash bench/sweeps/compare.sh "$build"
}

bench_table() {  # the benchmark table of whatever JSON is there
  local dir="$state/results/bench"
  BENCH_OUT="$dir" BENCH_CONFIGURE=0 BENCH_SWEEPS=0 BENCH_RUN=0 bash scripts/bench.sh "$build" >"$dir/table.txt" 2>>"$log"
}

run_bench() {  # run_bench <program> <filter> <json name>
  mkdir -p "$state/results/bench"
  "$build/bench/$1" --benchmark_filter="$2" --benchmark_out="$state/results/bench/$3.json" \
    --benchmark_out_format=json && bench_table
}

# run_within <seconds> <name> <function...>: runs a step's function in a
# session of its own and, past the limit, kills that whole session. Not
# timeout(1): compare.sh's own timeouts put the samplers in process groups of
# their own, which an outer timeout's kill does not reach, and a sampler left
# running would slow every later step. (In a script without job control a
# background child leads no process group, so setsid makes its session there
# without forking: the session id is $!.)
kill_session() {  # kill_session <session id> <signal>: from /proc, as the image may lack pkill
  local p stat fields
  for p in /proc/[0-9]*; do
    stat="$(<"$p/stat")" 2>/dev/null || continue
    read -r -a fields <<<"${stat##*) }"  # after the command name: state ppid pgrp session ...
    [[ "${fields[3]}" == "$1" ]] && kill -"$2" "${p#/proc/}" 2>/dev/null
  done
  return 0
}
run_within() {
  local limit="$1" name="$2" pid
  shift 2
  rm -f "$state/cut"
  setsid bash -c '"$@"' "$name" "$@" &
  pid=$!
  (
    end=$(($(date +%s) + limit))
    while kill -0 "$pid" 2>/dev/null; do
      if (($(date +%s) >= end)); then
        touch "$state/cut"
        kill_session "$pid" TERM; sleep 5; kill_session "$pid" KILL
        exit
      fi
      sleep 1
    done
  ) &
  wait "$pid"
  local rc=$?
  wait  # the watchdog ends within a second of the step
  return "$rc"
}

# step <name> <allowance s> <command...>: runs it if it was not done and fits.
step() {
  local name="$1" allowance="$2" rc t0
  shift 2
  if [[ -f "$state/done/$name" ]]; then say "$name: done in an earlier call"; return; fi
  if (($(left) < allowance)); then
    note "$name: SKIPPED, needs ${allowance}s, $(left)s left (run the session again)"
    return
  fi
  say "$name: starting (allowance ${allowance}s)"
  t0=$(date +%s)
  run_within "$(($(left) - 10))" "$name" "$@" >>"$log" 2>&1
  rc=$?
  if ((rc == 0)); then
    touch "$state/done/$name"
    note "$name: ok in $(($(date +%s) - t0))s"
  elif [[ -f "$state/cut" ]]; then
    note "$name: CUT at the budget after $(($(date +%s) - t0))s (run the session again)"
  else
    note "$name: FAILED (exit $rc) after $(($(date +%s) - t0))s, see session.log"
    touch "$state/done/$name"  # a failure is a result too: not repeated
  fi
  send_back
}

gpu_tests() {
  mkdir -p "$state/results/ctest"
  ctest --test-dir "$build" -R '^Gpu|ExampleRunMeetsQualityTargets' -j 4 --output-on-failure \
    --output-junit "$state/results/ctest/gpu-tests.xml"
}
all_tests() {
  mkdir -p "$state/results/ctest"
  ctest --test-dir "$build" -E '^Gpu|ExampleRunMeetsQualityTargets|SlurmArrayJob' -j "$jobs" \
    --output-on-failure --output-junit "$state/results/ctest/all-tests.xml"
}

# setsid runs programs, not shell functions: the steps reach the functions
# through a child bash that inherits them.
export -f compare bench_table run_bench gpu_tests all_tests
export build state jobs log root

for s in $steps; do
  case "$s" in
    gpu-tests) step gpu-tests 150 gpu_tests ;;
    kernel) step kernel 120 run_bench bench_gpu_kernel 'lanes:0/' gpu_kernel_auto ;;
    sweeps-gpu) step sweeps-gpu 90 compare priorsweep-gpu "s1 s2 o1 l1" ;;
    numpyro-cox) step numpyro-cox 240 compare "numpyro-stacked numpyro-per-prior" "s1 s2" RUN_TIMEOUT=150 ;;
    numpyro-ord) step numpyro-ord 240 compare "numpyro-stacked numpyro-per-prior" "o1 l1" RUN_TIMEOUT=150 ;;
    bench-gpu)
      step bench-gpu-layouts 90 run_bench bench_gpu_kernel 'lanes:[1-9]' gpu_kernel_layouts
      step bench-gpu-log-density 60 run_bench bench_log_density gpu log_density
      step bench-gpu-sweep 60 run_bench bench_sweep gpu sweep
      step bench-gpu-ordinal 60 run_bench bench_ordinal_log_density gpu ordinal
      step bench-gpu-meta 60 run_bench bench_meta_sweep gpu meta
      step bench-summaries 60 run_bench bench_summaries . summaries
      ;;
    sweeps-cpu) step sweeps-cpu 120 compare priorsweep-cpu "s1 s2 o1 l1" ;;
    all-tests) step all-tests 180 all_tests ;;
    *) note "unknown step $s (see the top of scripts/device_session.sh)" ;;
  esac
done

# The peer table over every piece so far (no sampling: no tools, no sweeps).
compare "" "" >>"$log" 2>&1
note "session: $(($(date +%s) - started))s"
send_back

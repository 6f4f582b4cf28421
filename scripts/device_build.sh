#!/usr/bin/env bash
# Builds priorsweep with its CUDA backend, tests and benchmarks on a GPU
# machine that has CMake, g++ and a CUDA toolkit but none of the Debian -dev
# packages and no network. The third-party headers, libraries and CMake
# package files come from .device/deps.tar.xz, made on the Debian machine by
# scripts/device_bundle.sh and carried along with the working tree.
#
#   scripts/device_build.sh                 build-device/, Release, sm_90 (H100/H200)
#   CUDA_ARCH=90a scripts/device_build.sh   another GPU architecture
#   PRIORSWEEP_CUDA=OFF ...                 CPU-only (checks the bundle without a toolkit)
#   DEVICE_BUILD_DIR=DIR ...                another build folder (scripts/device_prebuild.sh)
#
# libnetcdf is never looked for: the device has none, and a Debian build that
# found /usr's would not start there (save_draws then says what is missing).
#
# Safe to re-run: the bundle is unpacked again only when it changed, and the
# build is incremental.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bundle=.device/deps.tar.xz
build="${DEVICE_BUILD_DIR:-$root/build-device}"
# The prefix lives inside the build folder, not in /tmp: the bench programs
# find libbenchmark.so there at run time (the build tree's RUNPATH), and the
# CMake cache keeps pointing at it between runs.
prefix="$build/deps"
cuda="${PRIORSWEEP_CUDA:-ON}"
jobs="$(nproc 2>/dev/null || echo 4)"

fail() { echo "device_build: FAILED: $*" >&2; exit 1; }

[ -f "$bundle" ] || fail "$bundle is missing: run scripts/device_bundle.sh on the Debian machine and carry .device"
command -v cmake >/dev/null || fail "cmake is not on PATH"
command -v g++ >/dev/null || fail "g++ is not on PATH"
if [ "$cuda" != OFF ] && ! command -v nvcc >/dev/null && [ ! -x /usr/local/cuda/bin/nvcc ]; then
  fail "no nvcc on PATH or in /usr/local/cuda/bin (PRIORSWEEP_CUDA=OFF for a CPU-only build)"
fi

# Unpack when the bundle differs from the one unpacked last time. Files get the
# time of unpacking, so a changed bundle makes the build recompile against it.
sum="$(sha256sum "$bundle" | cut -d' ' -f1)"
if [ "$(cat "$prefix/.bundle-sha256" 2>/dev/null)" != "$sum" ]; then
  echo "device_build: unpacking $bundle into $prefix" >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  if command -v xz >/dev/null; then
    tar -xJf "$bundle" -C "$prefix"
  else  # no xz binary: Python's tarfile reads .tar.xz by itself
    python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$bundle" "$prefix"
  fi
  find "$prefix" -exec touch -h {} +
  echo "$sum" >"$prefix/.bundle-sha256"
fi

# Ninja when there is one (not when build-device/ was configured with another generator).
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi

echo "device_build: configuring $build (PRIORSWEEP_CUDA=$cuda, CUDA_ARCH=${CUDA_ARCH:-90})" >&2
if ! cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DPRIORSWEEP_CUDA="$cuda" -DCMAKE_CUDA_ARCHITECTURES="${CUDA_ARCH:-90}" \
  -DPRIORSWEEP_BUILD_TESTS=ON -DPRIORSWEEP_BUILD_BENCH=ON -DCMAKE_DISABLE_FIND_PACKAGE_netCDF=ON \
  -DCMAKE_PREFIX_PATH="$prefix" 2>&1 | tee "$build/device-configure.log"; then
  echo >&2
  grep -E 'CMake Error|Could not find|not found' "$build/device-configure.log" >&2 || true
  fail "configure (log: $build/device-configure.log). A package missing from the bundle: re-run scripts/device_bundle.sh"
fi

echo "device_build: building with $jobs jobs" >&2
keep_going=(-k)
grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$build/CMakeCache.txt" && keep_going=(-k 0)
# Keep going past a failure so that one run shows every broken target.
if ! cmake --build "$build" -j "$jobs" -- "${keep_going[@]}" 2>&1 | tee "$build/device-build.log"; then
  echo >&2
  echo "device_build: failed steps:" >&2
  grep -E '^FAILED: |\*\*\* \[' "$build/device-build.log" >&2 || true
  echo "device_build: first errors:" >&2
  grep -E 'error|No such file' "$build/device-build.log" | head -20 >&2 || true
  if grep -qE 'fatal error: .*(No such file|cannot open)' "$build/device-build.log"; then
    echo "device_build: a header is missing: if it is a third-party one, re-run scripts/device_bundle.sh" >&2
  fi
  fail "build (log: $build/device-build.log)"
fi

cat >&2 <<EOF
device_build: done. Next:
  ctest --test-dir $build --output-on-failure -j $jobs
  $build/priorsweep run examples/corimuno/config.toml --backend gpu --out results/corimuno
  BENCH_CONFIGURE=0 bash scripts/bench.sh $build
EOF

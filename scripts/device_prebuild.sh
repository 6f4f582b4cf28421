#!/usr/bin/env bash
# Builds the device's programs here, so that a device call spends its minutes
# measuring instead of compiling: the CUDA build (sm_90), tests and bench, made
# exactly as scripts/device_build.sh makes them there, packed into
# .device/prebuilt.tar.xz for scripts/device_session.sh to unpack and run.
#
#   bash scripts/device_prebuild.sh      after scripts/device_bundle.sh; needs nvcc
#
# Why a fixed place: a build tree holds absolute paths (the tests' fixture
# and binary paths are compiled in, CTestTestfile.cmake names the programs,
# the bench programs find libbenchmark.so through an absolute RUNPATH). The
# build therefore happens in $PREBUILT_ROOT/build from a copy of the working
# tree in $PREBUILT_ROOT/src, and the device unpacks the build to the same
# place and points $PREBUILT_ROOT/src at its own copy of the tree: every path
# then means the same file. Commands run as root there, so /tmp is writable.
#
# The tarball records the SHA-256 of every file the build compiles (CMake
# files and the C++/CUDA sources: prebuilt_sources in scripts/device_paths.sh);
# scripts/device_session.sh refuses a prebuilt whose sources differ from the
# tree it arrived with, and builds there instead. Re-run this after every
# change to those.
# About 13 minutes on 2 cores from nothing; after a change, only what it
# touches is rebuilt (the copy keeps the files' times).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/device_paths.sh
bundle=.device/deps.tar.xz
[ -f "$bundle" ] || { echo "device_prebuild: $bundle is missing: run scripts/device_bundle.sh first" >&2; exit 1; }

# The source copy: what travels to the device (tracked and untracked, not ignored).
echo "device_prebuild: copying the working tree to $PREBUILT_ROOT/src" >&2
mkdir -p "$PREBUILT_ROOT"
rm -rf "$PREBUILT_ROOT/src"
mkdir -p "$PREBUILT_ROOT/src/.device"
git ls-files -co --exclude-standard -z | xargs -0 cp -p --parents -t "$PREBUILT_ROOT/src"
cp "$bundle" "$PREBUILT_ROOT/src/.device/"

DEVICE_BUILD_DIR="$PREBUILT_ROOT/build" bash "$PREBUILT_ROOT/src/scripts/device_build.sh"

# What the build read, to be checked on the device (paths relative to the tree).
(cd "$PREBUILT_ROOT/src" && prebuilt_sources | xargs -0 sha256sum) >"$PREBUILT_ROOT/build/$PREBUILT_MANIFEST"

# The programs and what ctest needs to run them; no object files. Stripped:
# symbols are a third of the size and nothing there reads them.
echo "device_prebuild: packing" >&2
list="$(mktemp)"
trap 'rm -f "$list" "$root/.device/prebuilt.tar.xz.tmp"' EXIT
(
  cd "$PREBUILT_ROOT"
  find build -path build/deps/include -prune -o -path build/CMakeFiles -prune -o -type f -executable \
    ! -name '*.so*' ! -path '*/CMakeFiles/*' -print -exec strip --strip-unneeded {} \;
  find build \( -name CTestTestfile.cmake -o -name '*_include.cmake' -o -name '*_tests.cmake' \) -print
  find build/deps/lib -name 'libbenchmark.so*'
  echo "build/$PREBUILT_MANIFEST"
) | sort -u >"$list"
# Every program embeds the same 8 MB of CUDA code (the sweep kernels): a
# dictionary larger than one program lets xz store it once (75 MB -> 13 MB);
# one thread, because threads would split the stream into separate blocks.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$PREBUILT_ROOT" -cf - -T "$list" |
  xz --lzma2=preset=6,dict=192MiB -T1 >.device/prebuilt.tar.xz.tmp
mv .device/prebuilt.tar.xz.tmp .device/prebuilt.tar.xz
size="$(stat -c %s .device/prebuilt.tar.xz)"
echo "device_prebuild: .device/prebuilt.tar.xz, $((size / 1024)) KiB, $(wc -l <"$list") files" >&2
((size < 48 * 1024 * 1024)) || { echo "device_prebuild: over 48 MiB: the device call carries at most 64 MiB in all" >&2; exit 1; }

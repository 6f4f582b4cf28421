#!/usr/bin/env bash
# Packs the third-party C++ dependencies that priorsweep's build needs into
# .device/deps.tar.xz, a relocatable prefix (include/, lib/, lib/cmake/,
# share/) for building on a machine that has CMake, g++ and CUDA but none of
# the Debian -dev packages and no network (see scripts/device_build.sh).
# Run it here, on Debian 12, after scripts/setup.sh; re-run it whenever an
# #include of a third-party header changes. Same inputs give the same tarball.
#
# libnetcdf stays out (the device build does not look for it: scripts/device_build.sh).
#
# What goes in, and why:
# - headers: exactly those some translation unit opens (g++ -M over every
#   compile command of a CPU build with tests and bench, once more with
#   PRIORSWEEP_HAVE_CUDA=1 for the host code of a CUDA build), plus
#   boost/config/ whole: it is Boost's compiler/library dispatch layer, and the
#   device's g++ is newer than ours;
# - libraries: Debian ships gtest/gmock/benchmark_main as static .a, but fmt,
#   toml++ and benchmark only as shared .so. fmt and toml++ are used in their
#   upstream header-only mode (no run-time library to carry); libbenchmark.so
#   is carried and found at run time through the build tree's RUNPATH;
# - CMake package files: Debian's, with lib/x86_64-linux-gnu flattened to lib/
#   (their relative prefix computations are patched to match); fmt and
#   tomlplusplus get small hand-written configs for header-only mode.
# The dependency list is then checked against a configure from the unpacked
# tarball: every header must come from the tarball, the project, or the
# compiler/libc.
# ${...} and $1 inside single quotes below are CMake's and eval's, not ours:
# shellcheck disable=SC2016
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh  # no-op when the packages are installed

multiarch="$(gcc -print-multiarch)"  # x86_64-linux-gnu
syslib="/usr/lib/$multiarch"
headers=(eigen3 boost fmt toml++ CLI nlohmann gtest gmock benchmark)  # under /usr/include
work="$(mktemp -d "${TMPDIR:-/tmp}/priorsweep-bundle.XXXXXX")"
# DEVICE_BUNDLE_KEEP=1 keeps the work folder to look at.
trap 'rm -f "$root/.device/deps.tar.xz.tmp"; [ -n "${DEVICE_BUNDLE_KEEP:-}" ] || rm -rf "$work"' EXIT
stage="$work/stage"  # the prefix being assembled (headers still linked to /usr/include)
jobs="$(nproc)"

# --- libraries and CMake package files -------------------------------------
mkdir -p "$stage/include" "$stage/lib/cmake" "$stage/share/cmake" "$stage/share/eigen3"
cp -a "$syslib"/lib{gtest,gtest_main,gmock,gmock_main,benchmark_main}.a "$stage/lib/"
cp -a "$syslib"/libbenchmark.so* "$stage/lib/"  # the .so.1.7.1 and its SONAME/dev links
cp -a /usr/share/eigen3/cmake "$stage/share/eigen3/"           # relative to its own place
cp -a /usr/share/cmake/CLI11 /usr/share/cmake/nlohmann_json "$stage/share/cmake/"

# Debian's lib/x86_64-linux-gnu/cmake/<pkg> moves one level up to lib/cmake/<pkg>:
# one directory level less when a file computes the prefix from its own place,
# and lib/x86_64-linux-gnu/ becomes lib/. (The "/usr move" guards, which only
# fire when the file sits under /usr itself, get the same path rewrite.)
relocate() {  # relocate <dir under $syslib/cmake>
  local name
  name="$(basename "$1")"
  cp -a "$1" "$stage/lib/cmake/"
  for f in "$stage/lib/cmake/$name"/*.cmake; do
    sed -i -e "s#/lib/$multiarch/#/lib/#g" \
      -e 's#"${CMAKE_CURRENT_LIST_DIR}/../../../../"#"${CMAKE_CURRENT_LIST_DIR}/../../../"#' \
      -e 's#"${_BOOST_CMAKEDIR}/../../../include/"#"${_BOOST_CMAKEDIR}/../../include/"#' "$f"
    # Generated *Targets.cmake climb with one line per level: drop the first.
    awk '/^get_filename_component\(_IMPORT_PREFIX "\$\{_IMPORT_PREFIX\}" PATH\)$/ && !done {done=1; next} 1' \
      "$f" >"$f.tmp" && mv "$f.tmp" "$f"
  done
}
relocate "$syslib/cmake/GTest"
relocate "$syslib/cmake/benchmark"
for d in "$syslib"/cmake/Boost-* "$syslib"/cmake/boost_headers-*; do relocate "$d"; done

# fmt and toml++ in header-only mode: same version's headers, no .so to carry.
header_only_config() {  # header_only_config <package> <config name> <version file> <definition> <targets...>
  local pkg="$1" config="$2" version="$3" def="$4"
  shift 4
  mkdir -p "$stage/lib/cmake/$pkg"
  cp "$version" "$stage/lib/cmake/$pkg/"
  {
    echo "# priorsweep device bundle: $pkg in header-only mode ($def); see scripts/device_bundle.sh."
    echo 'get_filename_component(_bundle_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)'
    for t in "$@"; do
      echo "if(NOT TARGET $t)"
      echo "  add_library($t INTERFACE IMPORTED)"
      echo "  set_target_properties($t PROPERTIES INTERFACE_COMPILE_DEFINITIONS \"$def\""
      echo "    INTERFACE_INCLUDE_DIRECTORIES \"\${_bundle_prefix}/include\")"
      echo "endif()"
    done
    echo 'unset(_bundle_prefix)'
  } >"$stage/lib/cmake/$pkg/$config"
}
header_only_config fmt fmt-config.cmake "$syslib/cmake/fmt/fmt-config-version.cmake" FMT_HEADER_ONLY=1 \
  fmt::fmt fmt::fmt-header-only
header_only_config tomlplusplus tomlplusplusConfig.cmake \
  "$syslib/cmake/tomlplusplus/tomlplusplusConfigVersion.cmake" TOML_HEADER_ONLY=1 tomlplusplus::tomlplusplus

# --- header dependency scan ---------------------------------------------------
configure() {  # configure <build dir> <prefix>: CPU build, tests and bench, compile_commands.json
  cmake -S "$root" -B "$1" -DCMAKE_BUILD_TYPE=Release -DPRIORSWEEP_CUDA=OFF \
    -DPRIORSWEEP_BUILD_TESTS=ON -DPRIORSWEEP_BUILD_BENCH=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_netCDF=ON \
    -DCMAKE_PREFIX_PATH="$2" >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }
  # Every package must come from the prefix, not from /usr.
  local bad
  bad="$(grep -E '^(Eigen3|tomlplusplus|CLI11|nlohmann_json|fmt|Boost|boost_headers|GTest|benchmark)_DIR:' \
    "$1/CMakeCache.txt" | grep -v ":PATH=$2/" || true)"
  [ -z "$bad" ] || { echo "device_bundle: packages found outside $2:" >&2; echo "$bad" >&2; exit 1; }
}

# scan <build dir> <out list>: every header opened by any compile command, one
# absolute path a line. compile_commands.json holds one "command" line per TU;
# decode its JSON escapes (\\ and \") and run it with -M instead of -c/-o, and
# once more as the host code of a CUDA build (-MG: CUDA's headers may be absent).
scan() {
  local dir="$1"
  mkdir -p "$dir/deps"
  sed -n 's/^ *"command": "\(.*\)",\?$/\1/p' "$dir/compile_commands.json" |
    sed -e 's/\\\\/\x01/g' -e 's/\\"/"/g' -e 's/\x01/\\/g' -e 's/ -o [^ ]* / /' -e 's/ -c / /' |
    awk -v m='-fno-canonical-system-headers -M' '{  # no-canonical: keep paths as found
      printf "%s %s -MF deps/%d.d\n", $0, m, NR
      printf "%s -DPRIORSWEEP_HAVE_CUDA=1 %s -MG -MF deps/%d.cuda.d\n", $0, m, NR }' >"$dir/scan-commands"
  [ -s "$dir/scan-commands" ] || { echo "device_bundle: no compile commands in $dir" >&2; exit 1; }
  (cd "$dir" && xargs -a scan-commands -d '\n' -n1 -P "$jobs" bash -c 'eval "$1"' _) ||
    { echo "device_bundle: the dependency scan failed (compiler messages above)" >&2; exit 1; }
  cat "$dir"/deps/*.d | sed -e 's/\\$//' -e 's/^[^ ]*://' | tr ' ' '\n' | sed '/^$/d' | sort -u >"$2.raw"
  # Headers -MG could not find must be CUDA's; anything else is a real gap.
  if grep -v '^/' "$2.raw" | grep -vE '^(cuda|curand|cub/|thrust/|nv)' >&2; then
    echo "device_bundle: headers above were not found" >&2; exit 1
  fi
  grep '^/' "$2.raw" | xargs realpath -s -m | sort -u >"$2"
}

# Headers outside the prefix and the project must belong to the compiler or libc.
check_system() {  # check_system <list> <prefix>
  local others owners
  others="$(grep -v -e "^$2/" -e "^$root/" "$1" || true)"
  [ -z "$others" ] && return
  owners="$({ printf '%s\n' "$others" | xargs dpkg -S 2>&1 || true; } |
    sed -e 's/: .*//' -e 's/, /\n/g' | sort -u)"
  if printf '%s\n' "$owners" | grep -vE '^(libc6-dev|linux-libc-dev|libcrypt-dev|libstdc\+\+-[0-9]+-dev|libgcc-[0-9]+-dev|gcc-[0-9]+)(:.*)?$' >&2; then
    echo "device_bundle: headers from the packages above are not in the bundle (add them to scripts/device_bundle.sh)" >&2
    exit 1
  fi
}

for h in "${headers[@]}"; do ln -s "/usr/include/$h" "$stage/include/$h"; done
echo "device_bundle: scanning header dependencies" >&2
configure "$work/scan" "$stage"
scan "$work/scan" "$work/deps.txt"
check_system "$work/deps.txt" "$stage"

# --- the prefix: real copies of the headers used ------------------------------
out="$work/out"
mkdir -p "$out"
cp -a "$stage/lib" "$stage/share" "$out/"
mkdir -p "$out/include"
{
  sed -n "s#^$stage/include/##p" "$work/deps.txt"
  (cd /usr/include && find boost/config -type f)
} | sort -u >"$work/headers.txt"
(cd /usr/include && xargs -a "$work/headers.txt" cp -L --parents -t "$out/include")
{
  echo "priorsweep device bundle: relocatable prefix of Debian $(cat /etc/debian_version) packages"
  echo "made by scripts/device_bundle.sh with $(g++ --version | head -1)"
  dpkg-query -W -f='${Package} ${Version}\n' libeigen3-dev libtomlplusplus-dev libcli11-dev \
    nlohmann-json3-dev 'libboost*-dev' libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev |
    grep -v ' $'
  echo "$(wc -l <"$work/headers.txt") headers; fmt and toml++ header-only; libbenchmark.so via RUNPATH"
} >"$out/BUNDLE-INFO.txt"

mkdir -p .device
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$out" -cf - . |
  xz -9 -T1 >.device/deps.tar.xz.tmp

# --- check: configure against the unpacked tarball, every header must resolve there
check="$work/check"
mkdir -p "$check/prefix"
tar -xJf .device/deps.tar.xz.tmp -C "$check/prefix"
echo "device_bundle: checking the tarball" >&2
configure "$check/build" "$check/prefix"
scan "$check/build" "$check/deps.txt"
check_system "$check/deps.txt" "$check/prefix"

mv .device/deps.tar.xz.tmp .device/deps.tar.xz
size="$(stat -c %s .device/deps.tar.xz)"
((size < 40 * 1024 * 1024)) || { echo "device_bundle: bundle is $size bytes (over 40 MiB)" >&2; exit 1; }
git check-ignore -q .device/deps.tar.xz || echo "device_bundle: warning: .device/ is not git-ignored" >&2
echo "device_bundle: .device/deps.tar.xz, $((size / 1024)) KiB, $(wc -l <"$work/headers.txt") headers" >&2

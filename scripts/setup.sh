#!/usr/bin/env bash
# Installs what priorsweep needs to build (and, with --tests, to run every
# test) from Debian 12 packages. A CUDA toolkit is optional: when nvcc is
# found (PATH or /usr/local/cuda) the CUDA backend is built too.
#   scripts/setup.sh           build: compilers, CMake, the libraries (libnetcdf for save_draws)
#   scripts/setup.sh --tests   and the test tools: a local Slurm (munge, slurm-wlm), Python's
#                              xarray and netCDF4 (reading draws.nc back), numpy (the NumPyro
#                              peers' model checks), Chromium (the report test)
set -euo pipefail

packages=(build-essential cmake pkg-config libeigen3-dev libtomlplusplus-dev libcli11-dev
          nlohmann-json3-dev libboost-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libnetcdf-dev)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(munge slurm-wlm python3 python3-numpy python3-xarray python3-netcdf4 chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

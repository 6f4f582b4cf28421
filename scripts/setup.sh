#!/usr/bin/env bash
# Installs what priorsweep needs to build and test, from Debian 12 packages.
# A CUDA toolkit is optional: when nvcc is found (PATH or /usr/local/cuda) the
# CUDA backend is built too.
set -euo pipefail

packages=(build-essential cmake pkg-config libeigen3-dev libtomlplusplus-dev libcli11-dev
          nlohmann-json3-dev libboost-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev)

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

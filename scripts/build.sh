#!/usr/bin/env bash
# Configures and builds priorsweep in build/ (Release). PRIORSWEEP_CUDA=AUTO
# builds the CUDA backend when a CUDA compiler is found; override with
# PRIORSWEEP_CUDA=OFF|ON in the environment. CUDA_ARCH picks the GPU target.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPRIORSWEEP_CUDA="${PRIORSWEEP_CUDA:-AUTO}" \
  ${CUDA_ARCH:+-DCMAKE_CUDA_ARCHITECTURES=$CUDA_ARCH} >&2
cmake --build build -j"$(nproc)" >&2

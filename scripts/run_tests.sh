#!/usr/bin/env bash
# One command: set up, build, and run every test (GPU tests skip with a
# message where there is no GPU).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 1200

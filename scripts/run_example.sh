#!/usr/bin/env bash
# One command: set up, build, and run the CORIMUNO-shaped example sweep
# (GPU when one is usable, CPU threads otherwise). Results in results/corimuno.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/priorsweep run examples/corimuno/config.toml --out results/corimuno
echo "results: $(pwd)/results/corimuno (summary.csv per analysis, summary.json, run.json)"

#!/usr/bin/env bash
# One command: set up, build, and run the CORIMUNO-shaped example sweep
# (GPU when one is usable, CPU threads otherwise) and the reanalysis of the
# paper from its published numbers. Results in results/corimuno and
# results/corimuno_published, and the BCG meta-analysis in results/meta,
# each with its report.html (open it in a browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/priorsweep run examples/corimuno/config.toml --out results/corimuno
./build/priorsweep run examples/corimuno_published/analysis.toml --out results/corimuno_published
./build/priorsweep run examples/meta/analysis.toml --out results/meta
for d in corimuno corimuno_published meta; do ./build/priorsweep report "results/$d"; done
echo "results: $(pwd)/results/{corimuno,corimuno_published,meta} (summary.csv and frequentist.csv per analysis, summary.json, run.json, report.html)"

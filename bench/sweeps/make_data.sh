#!/usr/bin/env bash
# Writes the data of the peer-comparison sweeps that is not committed:
#   bench/sweeps/data/s2.csv   S2: n = 10,000 simulated trial
# S1 uses examples/corimuno/trial.csv (committed; see its README).
#
#   bench/sweeps/make_data.sh [PRIORSWEEP_BINARY]     default build-device/priorsweep
#
# S2: 5,000 + 5,000 patients, true HR 0.85, age (HR 1.3 per 10 years) plus two
# extra N(0, 1) covariates x1, x2 with HR 1.2 per SD each, no centre frailty
# (--centre-sd 0: the centre column is written but carries no effect, and the
# S2 model does not use it, so the fitted model is the true one), 50% control
# risk by day 14, dropout 0.005/day, times in whole days (the simulate default;
# real trials record days, and it gives Efron's correction real work: ~4,500
# events in 14 tie groups). Deterministic: the same seed gives the same bytes
# on every platform (Philox streams), checked against a stored digest when
# sha256sum is available.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/build-device/priorsweep}"
[[ -x "$bin" ]] || { echo "make_data.sh: $bin is not an executable priorsweep" >&2; exit 2; }

mkdir -p "$here/data"
"$bin" simulate --seed 2024 --n-treatment 5000 --n-control 5000 --hr 0.85 --centre-sd 0 \
  --extra-covariates 2 --extra-covariate-hr 1.2 --out "$here/data/s2.csv"

expected_sha256="56a96bf8b1972abdc198edd384a7ccce25d5a25d077fe9c5eb4906008265b010"
if command -v sha256sum >/dev/null; then
  actual="$(sha256sum "$here/data/s2.csv" | cut -d' ' -f1)"
  if [[ "$actual" != "$expected_sha256" ]]; then
    echo "make_data.sh: warning: data/s2.csv has sha256 $actual, expected $expected_sha256" \
         "(a changed simulate? timings are then not comparable with earlier runs)" >&2
  fi
fi
echo "make_data.sh: wrote $here/data/s2.csv ($(($(wc -l < "$here/data/s2.csv") - 1)) patients)" >&2

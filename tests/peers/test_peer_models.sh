#!/usr/bin/env bash
# The NumPyro peers of bench/ (bench/peers/numpyro_*.py) must sample the
# posterior priorsweep samples, or the peer comparison compares different
# things. Without JAX (as in CI) this checks what numpy can: each peer's
# self-test (hand-computed likelihoods, derivatives, diagnostics) and that the
# maximiser of each peer's own likelihood equals priorsweep's frequentist fit
# on the sweep's data (--check-mle, 1e-6): S1 (Cox, Efron ties, age + centre),
# O1 (proportional odds, declared scores nobody reached) and L1 (longitudinal,
# death carried forward, 7-node adaptive quadrature; about a minute of numpy).
#   test_peer_models.sh PRIORSWEEP SOURCE_DIR
# Exit 77 (skipped) when neither python3 on PATH nor /usr/bin/python3 has numpy.
set -euo pipefail
bin="$1"
src="$2"
py=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import numpy' 2>/dev/null; then py="$candidate"; break; fi
done
[[ -n "$py" ]] || { echo "skipped: no python3 with numpy (Debian: python3-numpy, scripts/setup.sh --tests)"; exit 77; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$src"
for peer in bench/peers/numpyro_cox.py bench/peers/numpyro_ordinal.py bench/peers/numpyro_ordinal_longitudinal.py; do
  "$py" "$peer" --self-test
done
for sweep in s1:numpyro_cox o1:numpyro_ordinal l1:numpyro_ordinal_longitudinal; do
  name="${sweep%%:*}"
  peer="bench/peers/${sweep##*:}.py"
  "$py" - "bench/sweeps/$name.toml" "$work/$name.toml" <<'PY'
import os, sys
sys.path.insert(0, "bench/sweeps")
from quality_target import rewrite_config
src = os.path.abspath(sys.argv[1])
open(sys.argv[2], "w").write(rewrite_config(open(src).read(), os.path.dirname(src), 8, 4))
PY
  "$bin" run "$work/$name.toml" --out "$work/$name" --backend cpu --quiet
  "$py" "$peer" "bench/sweeps/$name.toml" --check-mle "$work/$name/$name/frequentist.csv"
done

#!/usr/bin/env bash
# Resubmits only the shards of a sweep that have not finished (no
# OUT/shard-K/run.json: failed, cancelled, timed out or never run), as one
# array job over those indices, and a new merge job after it. The shards go
# on from their checkpoints (--resume); finished ones are not run again.
# Same arguments as submit.sh.
#   scripts/slurm/resubmit_failed.sh sweep.toml /scratch/sweep 64 --throttle 16
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
parse_options "$@"
missing=()
for k in $(seq 1 "$shards"); do
  [[ -f "$out/shard-$k/run.json" && ! -d "$out/shard-$k/.checkpoint" ]] || missing+=("$k")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "priorsweep: every shard of $out has finished; submitting the merge only" >&2
  merge_job="$(submit_merge)"
  echo "merge ${merge_job%%;*}" >>"$out/jobs.txt"
  echo "- ${merge_job%%;*}"
  exit 0
fi
submit_sweep "$(IFS=,; echo "${missing[*]}")" " (resubmitted)"

#!/usr/bin/env bash
# Submits a priorsweep sweep to Slurm as an array job of SHARDS tasks (one
# GPU each by default, at most --throttle at a time), each running
# `priorsweep run CONFIG --shard K/SHARDS` into OUT/shard-K, and a merge job
# that starts when every shard has succeeded (afterok) and writes OUT/merged.
# Job ids go to OUT/jobs.txt; logs to OUT/logs/. See common.sh for options.
#   scripts/slurm/submit.sh sweep.toml /scratch/sweep 64 --throttle 16 --time 02:00:00
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
parse_options "$@"
array_job="$(submit_array "1-$shards")"
array_job="${array_job%%;*}"
echo "array $array_job shards 1-$shards" >>"$out/jobs.txt"
echo "priorsweep: array job $array_job ($shards shards), merge after it" >&2
merge_job="$(submit_merge "$array_job")"
merge_job="${merge_job%%;*}"
echo "merge $merge_job after $array_job" >>"$out/jobs.txt"
echo "$array_job $merge_job"

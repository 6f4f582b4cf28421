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
submit_sweep "1-$shards" ""

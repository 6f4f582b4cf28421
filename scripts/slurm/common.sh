# Shared by submit.sh and resubmit_failed.sh: options and the two sbatch calls.
# Sourced, not run.

usage() {
  cat >&2 <<USAGE
usage: $(basename "$0") CONFIG OUT SHARDS [options] [-- more sbatch options]
  --throttle T    at most T shards at once (sbatch --array=...%T; default 8)
  --gres G        per shard (default gpu:1; "" for CPU-only clusters)
  --cpus C        CPUs per shard (default 4; priorsweep uses them all)
  --time T        time limit per shard (sbatch --time)
  --partition P   partition (sbatch --partition)
  --wait          return only when the merge job has ended (sbatch --wait)
Environment: PRIORSWEEP_BIN, the priorsweep binary (default: build/priorsweep of this repository).
USAGE
  exit 2
}

parse_options() {
  [[ $# -ge 3 ]] || usage
  config="$(realpath "$1")"
  out="$(realpath -m "$2")"
  shards="$3"
  shift 3
  [[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "error: SHARDS: found '$shards'; expected a positive integer" >&2; exit 2; }
  throttle=8 gres="gpu:1" cpus=4 time_limit="" partition="" wait=""
  extra=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --throttle) throttle="$2"; shift 2 ;;
      --gres) gres="$2"; shift 2 ;;
      --cpus) cpus="$2"; shift 2 ;;
      --time) time_limit="$2"; shift 2 ;;
      --partition) partition="$2"; shift 2 ;;
      --wait) wait="--wait"; shift ;;
      --) shift; extra=("$@"); break ;;
      *) usage ;;
    esac
  done
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  export PRIORSWEEP_BIN="$(realpath "${PRIORSWEEP_BIN:-$here/../../build/priorsweep}")"
  [[ -x "$PRIORSWEEP_BIN" ]] || { echo "error: PRIORSWEEP_BIN: $PRIORSWEEP_BIN is not an executable" >&2; exit 2; }
  mkdir -p "$out/logs"
  common=(--parsable --export=ALL --cpus-per-task="$cpus")
  [[ -n "$time_limit" ]] && common+=(--time="$time_limit")
  [[ -n "$partition" ]] && common+=(--partition="$partition")
  return 0
}

# submit_array INDICES -> prints the array job id. INDICES: "1-N" or "2,5,7".
submit_array() {
  local gres_option=()
  [[ -n "$gres" ]] && gres_option=(--gres="$gres")
  sbatch "${common[@]}" "${gres_option[@]}" --array="$1%$throttle" --output="$out/logs/shard-%a.log" \
    "${extra[@]}" "$here/shard.sbatch" "$config" "$out" "$shards"
}

# submit_merge [ARRAY_JOB] -> prints the merge job id (with --wait: after it
# ended). Without ARRAY_JOB it runs at once.
submit_merge() {
  local dependency=()
  [[ -n "${1:-}" ]] && dependency=(--dependency="afterok:$1")
  sbatch "${common[@]}" --cpus-per-task=1 "${dependency[@]}" --output="$out/logs/merge-%j.log" \
    ${wait:+"$wait"} "${extra[@]}" "$here/merge.sbatch" "$out" "$shards"
}

# submit_sweep INDICES NOTE: the array over INDICES and a merge job after it;
# both recorded in OUT/jobs.txt; prints "ARRAY_JOB MERGE_JOB".
submit_sweep() {
  local array_job merge_job
  array_job="$(submit_array "$1")"
  array_job="${array_job%%;*}"
  echo "array $array_job shards $1$2" >>"$out/jobs.txt"
  echo "priorsweep: array job $array_job (shards $1), merge after it" >&2
  merge_job="$(submit_merge "$array_job")"
  merge_job="${merge_job%%;*}"
  echo "merge $merge_job after $array_job" >>"$out/jobs.txt"
  echo "$array_job $merge_job"
}

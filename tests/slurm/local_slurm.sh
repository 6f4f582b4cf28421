# A real single-node Slurm cluster on localhost for the tests: munged,
# slurmctld and slurmd from Debian's munge and slurm-wlm, with their key,
# configuration, state and logs in one temporary folder, started here and
# stopped by PID when the test ends. Sourced by the Slurm tests:
#   source tests/slurm/local_slurm.sh; start_local_slurm; ...; (trap stops it)
# Needs root (slurmd runs jobs as their users). A test that cannot have it
# exits 77, which ctest reports as skipped.

skip() { echo "SKIPPED: $*" >&2; exit 77; }

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_local_slurm() {
  for tool in munged slurmctld slurmd sbatch squeue sinfo; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || skip "no $tool (Debian packages munge and slurm-wlm; scripts/setup.sh --tests installs them)"
  done
  [[ "$(id -u)" -eq 0 ]] || skip "the local Slurm cluster needs root"
  SLURM_ROOT="$(mktemp -d /tmp/priorsweep-slurm.XXXXXX)"
  chmod 755 "$SLURM_ROOT"
  mkdir -p "$SLURM_ROOT"/{munge,state,spool,log}
  chmod 700 "$SLURM_ROOT/munge"
  trap stop_local_slurm EXIT
  dd if=/dev/urandom of="$SLURM_ROOT/munge/munge.key" bs=1 count=1024 status=none
  chmod 400 "$SLURM_ROOT/munge/munge.key"
  PATH="/usr/sbin:$PATH"
  munged --force --key-file="$SLURM_ROOT/munge/munge.key" --socket="$SLURM_ROOT/munge/munge.socket" \
    --pid-file="$SLURM_ROOT/munge/munged.pid" --log-file="$SLURM_ROOT/log/munged.log" \
    --seed-file="$SLURM_ROOT/munge/munge.seed" || { cat "$SLURM_ROOT/log/munged.log" >&2; return 1; }
  local host ctl_port d_port
  host="$(hostname -s)"
  ctl_port="$(free_port)"
  d_port="$(free_port)"
  export SLURM_CONF="$SLURM_ROOT/slurm.conf"
  cat >"$SLURM_CONF" <<CONF
ClusterName=priorsweep-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SLURM_ROOT/munge/munge.socket
StateSaveLocation=$SLURM_ROOT/state
SlurmdSpoolDir=$SLURM_ROOT/spool
SlurmctldPidFile=$SLURM_ROOT/slurmctld.pid
SlurmdPidFile=$SLURM_ROOT/slurmd.pid
SlurmctldLogFile=$SLURM_ROOT/log/slurmctld.log
SlurmdLogFile=$SLURM_ROOT/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=2
KillWait=5
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  slurmctld -f "$SLURM_CONF" || { cat "$SLURM_ROOT/log/slurmctld.log" >&2; return 1; }
  slurmd -f "$SLURM_CONF" || { cat "$SLURM_ROOT/log/slurmd.log" >&2; return 1; }
  local i
  for i in $(seq 1 60); do
    if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      echo "local Slurm up on $host (slurmctld port $ctl_port)" >&2
      return 0
    fi
    sleep 1
  done
  echo "local Slurm did not come up:" >&2
  sinfo >&2 || true
  tail -n 30 "$SLURM_ROOT/log/slurmctld.log" "$SLURM_ROOT/log/slurmd.log" >&2 || true
  return 1
}

stop_local_slurm() {
  [[ -n "${SLURM_ROOT:-}" && -d "$SLURM_ROOT" ]] || return 0
  local pid_file pid
  for pid_file in "$SLURM_ROOT/slurmd.pid" "$SLURM_ROOT/slurmctld.pid" "$SLURM_ROOT/munge/munged.pid"; do
    [[ -f "$pid_file" ]] || continue
    pid="$(cat "$pid_file")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$SLURM_ROOT"
}

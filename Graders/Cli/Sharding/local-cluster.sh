#!/usr/bin/env bash
# A Slurm cluster of one node on this machine, to try grade-array.slurm and merge.slurm (and for the Slurm test):
#
#   Graders/Cli/Sharding/local-cluster.sh start     # installs slurm-wlm and munge if missing, starts them, waits until idle
#   export SLURM_CONF=/tmp/grader-slurm/slurm.conf  # the last line 'start' prints; sbatch, squeue, scontrol read it
#   Graders/Cli/Sharding/local-cluster.sh stop      # stops what 'start' started
#
# Everything lives in one folder (GRADER_SLURM_DIR, default /tmp/grader-slurm): slurm.conf naming the node localhost,
# a munge key and munged on its own socket, the controller's state, the daemons' logs and pid files. Nothing is written
# to /etc, and the system's munged (if any) is left alone. It refuses to run where a real cluster is configured: an
# /etc/slurm/slurm.conf exists (this script never writes one), or a slurmctld or slurmd runs that it did not start.
# Runs as root (slurmd starts the jobs as their owners). There is no accounting database (slurmdbd), so sacct has no
# records here; scontrol show job and squeue --states=all show a finished job's state and exit code for MinJobAge (10 min),
# and sstat shows a running step's peak memory (MaxRSS, gathered by jobacct_gather/linux every second).
set -euo pipefail

DIR=${GRADER_SLURM_DIR:-/tmp/grader-slurm}
CONF=$DIR/slurm.conf
NODE=localhost
CTLD_PORT=${GRADER_SLURM_PORT:-16817}
SLURMD_PORT=$((CTLD_PORT + 1))

die() {
  echo "local-cluster: $*" >&2
  exit 1
}

# The pid in $1 if that process is alive and runs the program $2, else nothing.
live_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]; then echo "$pid"; fi
}

# Refuses when a daemon named $1 runs that is not the one whose pid file is $2.
refuse_foreign() {
  local ours pid
  ours=$(live_pid "$2" "$1")
  for pid in $(pgrep -x "$1" || true); do
    # A daemon that has exited but was not yet reaped by its parent (state Z) runs nothing.
    [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != Z ] || continue
    [ "$pid" = "$ours" ] || die "a $1 (pid $pid) runs that this script did not start: a real cluster's; not touching it"
  done
}

install_packages() {
  local need=() package
  for package in slurm-wlm munge; do
    [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" = "install ok installed" ] || need+=("$package")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

write_config() {
  local cpus memory
  cpus=$(nproc)
  memory=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
  chmod 700 "$DIR/munge"
  if [ ! -s "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
  fi
  chmod 400 "$DIR/munge/munge.key"
  cat >"$CONF" <<EOF
# Written by Graders/Cli/Sharding/local-cluster.sh: a cluster of one node, this machine, named $NODE.
ClusterName=grader-local
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
MinJobAge=600
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

wait_idle() {
  local state="" i
  for i in $(seq 1 60); do
    state=$(SLURM_CONF=$CONF sinfo -h -N -n "$NODE" -o %t 2>/dev/null || true)
    case "$state" in
      idle | mix | alloc) return 0 ;;
      down* | drain* | fail*) SLURM_CONF=$CONF scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true ;;
    esac
    [ "$i" -eq 60 ] || sleep 1
  done
  die "the node did not become idle within 60 s (state '${state:-none}'); see $DIR/slurmctld.log and $DIR/slurmd.log"
}

start() {
  [ "$(id -u)" = 0 ] || die "run as root (slurmd starts jobs as their owners)"
  [ ! -e /etc/slurm/slurm.conf ] || die "/etc/slurm/slurm.conf exists: this machine has a real cluster's configuration; not touching it"
  refuse_foreign slurmctld "$DIR/slurmctld.pid"
  refuse_foreign slurmd "$DIR/slurmd.pid"
  install_packages
  mkdir -p "$DIR"
  if [ -z "$(live_pid "$DIR/slurmctld.pid" slurmctld)" ]; then write_config; fi

  if [ -z "$(live_pid "$DIR/munge/munged.pid" munged)" ]; then
    munged --force --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
      --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"
  fi
  if [ -z "$(live_pid "$DIR/slurmctld.pid" slurmctld)" ]; then
    SLURM_CONF=$CONF slurmctld -c -f "$CONF" # -c: a fresh start, no jobs of an earlier one
  fi
  if [ -z "$(live_pid "$DIR/slurmd.pid" slurmd)" ]; then
    SLURM_CONF=$CONF slurmd -N "$NODE" -f "$CONF"
  fi
  wait_idle
  echo "SLURM_CONF=$CONF"
}

# Whether process $1 runs the program $2 and has not exited (an exited daemon its parent has not reaped is state Z).
running() {
  [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

stop_daemon() { # $1 pid file, $2 program
  local pid i
  pid=$(live_pid "$1" "$2")
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  # Waits for the process, not its pid file: slurmctld unlinks the file before it has finished shutting down, and a
  # 'start' right after (the next test) would then find a slurmctld that no pid file names, and refuse it as foreign.
  for i in $(seq 1 60); do
    running "$pid" "$2" || return 0
    [ "$i" -eq 60 ] || sleep 0.5
  done
  die "$2 (pid $pid) did not stop within 30 s"
}

stop() {
  [ -d "$DIR" ] || return 0
  stop_daemon "$DIR/slurmd.pid" slurmd
  stop_daemon "$DIR/slurmctld.pid" slurmctld
  stop_daemon "$DIR/munge/munged.pid" munged
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop (the cluster's folder: GRADER_SLURM_DIR, default /tmp/grader-slurm)" ;;
esac

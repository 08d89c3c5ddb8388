#!/usr/bin/env bash
# slurm-dev.sh — a throw-away single-node Slurm cluster (munged + slurmctld + slurmd, fake GPU gres)
# with every file under one directory, for Joulebench's Slurm executor tests, CI and demos.
# Adapted from the verified probe scripts in notes/slurm.md (Debian 12 slurm-wlm 22.05, root, no systemd).
#
#   usage: scripts/slurm-dev.sh start [--fresh] | stop | status | env
#     start   idempotent: no-op when all three daemons run and the node is healthy; restarts a
#             partial cluster; otherwise writes the config and starts it, waiting until the node is idle
#             and slurmctld has run its first scheduler pass (so the first job starts within ~1 s).
#     stop    cancels this cluster's jobs, then stops the daemons via their pid files (never by name).
#     status  prints daemon/node state; exit 0 when the cluster is up and the node healthy.
#     env     prints `export SLURM_CONF=...` (eval "$(scripts/slurm-dev.sh env)").
#   env: SLURM_DEV_ROOT (default <repo>/.slurm-dev, gitignored)   SLURM_FAKE_GPUS (default 1; 0 = no gres)
#        SLURM_START_TIMEOUT (60 s)  SLURM_CTLD_PORT / SLURMD_PORT (6817 / 6818)  SLURM_WAIT_SCHED (1)
# Clients: export SLURM_CONF=$SLURM_DEV_ROOT/etc/slurm.conf (or `. $SLURM_DEV_ROOT/env.sh`).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${SLURM_DEV_ROOT:-$(dirname "$HERE")/.slurm-dev}
mkdir -p "$ROOT"; ROOT=$(cd "$ROOT" && pwd)
FAKE_GPUS=${SLURM_FAKE_GPUS:-1}
TIMEOUT=${SLURM_START_TIMEOUT:-60}
CTLD_PORT=${SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${SLURMD_PORT:-6818}
NODE=$(hostname -s)
CONF=$ROOT/etc/slurm.conf
MUNGE_SOCK=$ROOT/munge-run/munge.socket.2
export SLURM_CONF=$CONF
CMD=${1:-status}
FRESH=0; [ "${2:-}" = "--fresh" ] && FRESH=1

log() { printf '[slurm-dev %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; for f in "$ROOT"/log/slurmctld.log "$ROOT"/log/slurmd.log "$ROOT"/munge/munged.log; do [ -f "$f" ] && { echo "--- tail $f" >&2; tail -n 15 "$f" >&2; }; done; exit 1; }

# pid file -> running process with the expected command name (zombies and reused pids don't count:
# PID 1 on these VMs reaps lazily, and kill -0 succeeds on a zombie)
alive_pid() {
  local pid=$1 comm=$2 st
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  st=$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)
  [ "$st" != Z ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ]
}
alive() { local pidfile=$1 comm=$2; [ -s "$pidfile" ] || return 1; alive_pid "$(tr -dc 0-9 <"$pidfile")" "$comm"; }
wait_for() { # timeout_s description command...
  local t=$1 what=$2; shift 2; local end=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do [ $SECONDS -lt $end ] || die "timed out after ${t}s waiting for $what"; sleep 0.2; done
}
node_state() { sinfo -h -N -n "$NODE" -o %T 2>/dev/null | head -n1; }
all_alive() { alive "$ROOT/munge-run/munged.pid" munged && alive "$ROOT/run/slurmctld.pid" slurmctld && alive "$ROOT/run/slurmd.pid" slurmd; }

stop_one() { # pidfile comm
  local pidfile=$1 comm=$2 pid i
  [ -s "$pidfile" ] || { log "$comm: no pid file"; return 0; }
  pid=$(tr -dc 0-9 <"$pidfile")
  if ! alive_pid "$pid" "$comm"; then log "$comm: not running (stale pid file)"; rm -f "$pidfile"; return 0; fi
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do alive_pid "$pid" "$comm" || break; sleep 0.1; done   # up to 10 s
  if alive_pid "$pid" "$comm"; then log "$comm ($pid): still alive after 10 s, SIGKILL"; kill -KILL "$pid" 2>/dev/null; sleep 0.2; fi
  rm -f "$pidfile"; log "$comm ($pid): stopped"
}


do_stop() {
  ctld_pid=$(cat "$ROOT/run/slurmctld.pid" 2>/dev/null | tr -dc 0-9 || true)
  if [ "${SLURM_STOP_KEEP_JOBS:-0}" != 1 ] && [ -f "$SLURM_CONF" ] && alive_pid "$ctld_pid" slurmctld; then
    ids=$(squeue -h -o %i -t PENDING,RUNNING,SUSPENDED,COMPLETING,CONFIGURING 2>/dev/null | tr '\n' ' ')
    if [ -n "${ids// /}" ]; then
      log "cancelling jobs: $ids"; scancel $ids 2>/dev/null || true
      # wait (max 15 s) for slurmstepd to finish the job's processes
      for ((i = 0; i < 75; i++)); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.2; done
    fi
  fi

  stop_one "$ROOT/run/slurmd.pid" slurmd
  stop_one "$ROOT/run/slurmctld.pid" slurmctld
  stop_one "$ROOT/munge-run/munged.pid" munged
  return 0
}

do_start() {
  # The daemons outlive whoever starts them: a vitest run starts them with TMPDIR set to its own
  # temp folder (tests/global-setup.ts), which is gone when the run ends. They get the system's.
  unset TMPDIR
  # 0. binaries (CI: fresh Debian 12 machine)
  if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    log "installing slurm-wlm (no recommends)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm >/dev/null
  fi

  if [ "$FRESH" = 1 ]; then
    do_stop || true
    case "$ROOT" in /|/root|/home|/work|/tmp) die "refusing to wipe $ROOT";; esac
    rm -rf "$ROOT"
  elif all_alive && [[ "$(node_state)" =~ ^(idle|mixed|allocated|completing)$ ]]; then
    log "already running, node $NODE $(node_state)  (export SLURM_CONF=$CONF)"; return 0
  elif alive "$ROOT/run/slurmctld.pid" slurmctld || alive "$ROOT/run/slurmd.pid" slurmd; then
    log "partially running or unhealthy -> restarting"; do_stop || true
  fi

  T0=$EPOCHREALTIME
  mkdir -p "$ROOT"/{etc,run,log,spool/ctld,spool/d,jobs,munge,munge-run}
  chmod 700 "$ROOT/munge"; chmod 755 "$ROOT/munge-run"   # munged: socket dir must be a+x

  # 1. munge key (private to this cluster)
  if [ ! -s "$ROOT/munge/munge.key" ]; then
    dd if=/dev/urandom of="$ROOT/munge/munge.key" bs=1 count=1024 status=none
    chmod 400 "$ROOT/munge/munge.key"
  fi

  # 2. config (regenerated each start; hash must match between slurmctld and slurmd)
  read -r CPUS SOCKETS CORES THREADS MEM < <(slurmd -C | awk '/^NodeName/ {
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    print v["CPUs"], v["SocketsPerBoard"], v["CoresPerSocket"], v["ThreadsPerCore"], v["RealMemory"] }')
  GRES_NODE=""; GRES_TYPES=""
  if [ "$FAKE_GPUS" -gt 0 ]; then
    GRES_NODE=" Gres=gpu:$FAKE_GPUS"; GRES_TYPES="GresTypes=gpu"
    # a GPU gres without File= is dropped by slurmd ("Removing file-less GPU"). Use dummy char devices
    # (major 195 = nvidia, no driver behind them -> open() gives ENXIO). /dev/null also works with
    # proctrack/linuxproc, but under cgroup ConstrainDevices it would hide /dev/null from non-GPU jobs.
    mkdir -p "$ROOT/dev"
    { echo "AutoDetect=off"
      for ((i = 0; i < FAKE_GPUS; i++)); do
        dev=$ROOT/dev/fake-gpu$i
        [ -c "$dev" ] || mknod -m 666 "$dev" c 195 "$i" 2>/dev/null || dev=/dev/null
        echo "NodeName=$NODE Name=gpu File=$dev"
      done
    } >"$ROOT/etc/gres.conf"
  else
    rm -f "$ROOT/etc/gres.conf"
  fi
  cat >"$CONF" <<EOF
# generated by scripts/slurm-dev.sh — single-node throw-away cluster
ClusterName=joulebench
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCK
StateSaveLocation=$ROOT/spool/ctld
SlurmdSpoolDir=$ROOT/spool/d
SlurmctldPidFile=$ROOT/run/slurmctld.pid
SlurmdPidFile=$ROOT/run/slurmd.pid
SlurmctldLogFile=$ROOT/log/slurmctld.log
SlurmdLogFile=$ROOT/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
# no cgroups: plain /proc based process tracking, no task binding
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# default batch_sched_delay=3 -> ~2 s submit->RUNNING; 0 -> <=1 s
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
ReturnToService=2
# no slurmdbd: sacct is unavailable. Final state/exit code: squeue -t all / scontrol show job
# (kept MinJobAge seconds after the end) and the jobcomp text log (one line per finished job).
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$ROOT/log/jobcomp.log
MinJobAge=600
$GRES_TYPES
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS SocketsPerBoard=$SOCKETS CoresPerSocket=$CORES ThreadsPerCore=$THREADS RealMemory=$MEM$GRES_NODE State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  printf 'export SLURM_CONF=%s\n' "$CONF" >"$ROOT/env.sh"

  # 3. munged
  if ! alive "$ROOT/munge-run/munged.pid" munged; then
    rm -f "$MUNGE_SOCK" "$MUNGE_SOCK.lock"
    munged --socket="$MUNGE_SOCK" --key-file="$ROOT/munge/munge.key" --log-file="$ROOT/munge/munged.log" \
           --pid-file="$ROOT/munge-run/munged.pid" --seed-file="$ROOT/munge/munged.seed" --num-threads=4 \
      || die "munged failed to start"
  fi
  wait_for 10 "munge socket" bash -c "munge -S '$MUNGE_SOCK' -n | unmunge -S '$MUNGE_SOCK'"

  # 4. slurmctld (daemonizes itself, writes its pid file)
  CTLD_STARTED=0; CTLD_LOG_OFF=$(stat -c %s "$ROOT/log/slurmctld.log" 2>/dev/null || echo 0)
  if ! alive "$ROOT/run/slurmctld.pid" slurmctld; then
    slurmctld -f "$CONF" || die "slurmctld failed to start"
    CTLD_STARTED=1
  fi
  wait_for "$TIMEOUT" "slurmctld to answer" bash -c 'scontrol ping | grep -q "is UP"'

  # 5. slurmd
  if ! alive "$ROOT/run/slurmd.pid" slurmd; then
    slurmd -f "$CONF" -N "$NODE" || die "slurmd failed to start"
  fi

  # 6. wait for the node to be idle (resume it once if it was left drained/down by an old state file)
  end=$((SECONDS + TIMEOUT)); resumed=0
  while :; do
    st=$(node_state || true)
    case "$st" in
      idle) break ;;
      *drain*|down*|inval*|fail*)
        if [ $resumed = 0 ] && [ $SECONDS -gt $((end - TIMEOUT + 3)) ]; then
          log "node $st ($(sinfo -h -N -n "$NODE" -o %E)) -> resume"; scontrol update nodename="$NODE" state=resume || true; resumed=1
        fi ;;
    esac
    [ $SECONDS -lt $end ] || die "node $NODE not idle after ${TIMEOUT}s (state: ${st:-?})"
    sleep 0.2
  done

  # 7. slurmctld runs its first main-scheduler pass ~3 s after start (batch_sched_delay is only parsed
  #    then); batch jobs submitted before it wait for it. Wait for it so the first job starts in <=1 s.
  if [ "${SLURM_WAIT_SCHED:-1}" = 1 ] && [ $CTLD_STARTED = 1 ]; then
    wait_for 15 "first scheduler pass" bash -c "tail -c +$((CTLD_LOG_OFF + 1)) '$ROOT/log/slurmctld.log' | grep -q 'SchedulerParameters='"
  fi
  log "up in $(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}')s: node $NODE idle, cpus=$CPUS gpus=$FAKE_GPUS  (export SLURM_CONF=$CONF)"
}

do_status() {
  local ok=0 d
  for d in "munge-run/munged.pid munged" "run/slurmctld.pid slurmctld" "run/slurmd.pid slurmd"; do
    set -- $d
    if alive "$ROOT/$1" "$2"; then echo "$2: running (pid $(tr -dc 0-9 <"$ROOT/$1"))"; else echo "$2: stopped"; ok=1; fi
  done
  if [ $ok = 0 ]; then echo "node $NODE: $(node_state || echo '?')  gres: $(sinfo -h -N -n "$NODE" -o %G 2>/dev/null | head -n1)"; fi
  echo "export SLURM_CONF=$CONF"
  return $ok
}

case "$CMD" in
  start) [ "$(id -u)" = 0 ] || die "must run as root (daemons run as root, SlurmUser=root)"; do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start [--fresh] | stop | status | env" >&2; exit 2 ;;
esac

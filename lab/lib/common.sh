# shellcheck shell=bash
# lab/lib/common.sh — shared helpers for every lab script: logging, timing, errors, paths.
# Sourced by lab/lab.sh; expects LAB_DIR (state dir, default <repo>/.lab) and LAB_ROOT (this code dir).

: "${LAB_DIR:?LAB_DIR is not set: run the lab through 'npm run lab -- <command>' (lab/cli.ts sets it)}"
export LAB_DIR

# Subnet of all lab links; every twin/fleet address lives inside it.
# shellcheck disable=SC2034  # LAB_NET is read by lab/lib/safety.sh (sourced with this file)
LAB_NET=10.231.0.0/16

# now_ns: print the current time in nanoseconds (for ms()).
now_ns() { date +%s%N; }

# ms START_NS: print milliseconds elapsed since START_NS.
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# log MESSAGE...: timestamped progress line on stderr (stdout is reserved for machine output).
log() { echo "[$(date +%T.%3N)] $*" >&2; }

# warn MESSAGE...: a warning on stderr that stands out in logs.
warn() { echo "[$(date +%T.%3N)] WARNING: $*" >&2; }

# die MESSAGE...: print an error (what is wrong, what to do) and exit 1.
die() { echo "lab: error: $*" >&2; exit 1; }

# retry_until TRIES SLEEP CMD...: run CMD until it succeeds, at most TRIES times; returns CMD's last status.
retry_until() {
  local tries=$1 pause=$2 i; shift 2
  for ((i = 0; i < tries; i++)); do "$@" && return 0; sleep "$pause"; done
  "$@"
}

# host_dir ID: state directory of one lab host.
host_dir() { echo "$LAB_DIR/hosts/$1"; }

# netns_name ID: name of the network namespace of lab host ID (under /run/netns).
netns_name() { echo "lab-$1"; }

# proc_alive PID: true if PID exists and is not a zombie (kill -0 succeeds on zombies).
proc_alive() {
  local st
  [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || return 1
  st=$(sed -E 's/^[0-9]+ \(.*\) ([A-Z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
  [ "$st" != Z ] && [ "$st" != X ]
}

# wait_gone PID [TRIES]: wait (20 ms steps) until PID is gone or a zombie.
wait_gone() {
  local i
  for ((i = 0; i < ${2:-250}; i++)); do proc_alive "$1" || return 0; sleep 0.02; done
  return 1
}

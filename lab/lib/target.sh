# shellcheck shell=bash
# lab/lib/target.sh — one way to configure a host whether it is running or not yet booted.
# A TARGET is either a running lab host id (commands run through nsenter, files are reached through
# /proc/<pid1>/root) or an absolute path to a root tree that is prepared before boot (systemd-nspawn
# hosts; commands run through chroot).

# t_root TARGET: print the path prefix under which TARGET's files are reachable from here.
t_root() {
  case $1 in
    /*) echo "$1" ;;
    *) echo "/proc/$(host_pid "$1" || die "lab host '$1' is not running")/root" ;;
  esac
}

# t_run TARGET CMD...: run CMD as root in TARGET with a clean environment.
t_run() {
  local t=$1; shift
  case $t in
    /*) chroot "$t" "${HOST_ENV[@]}" "$@" ;;
    *) in_host "$t" "$@" ;;
  esac
}

# t_sh TARGET SCRIPT: run a bash script (set -e) in TARGET.
t_sh() { t_run "$1" bash -e -c "$2"; }

# shellcheck shell=bash
# lab/lib/host.sh — "catatonit hosts": a lab host = network namespace + mount/UTS/IPC/PID namespaces whose
# PID 1 is `catatonit -P` (the holder). Inside: overlays over /etc and /var (the lab's base tree as lower
# layer, lib/base.sh — never the machine's /etc or /var),
# fresh private /root, /home, /opt, /srv, tmpfs /run and /tmp, read-only /usr, a sysfs of the host's
# netns with the machine's cgroup v1 tree (podman/crun need it), and a bind-mounted os-release.
# Recipe and pitfalls: ../shared/reference/lab.md §2b.

# Base environment for commands run inside a host (the caller's PATH may point into the machine's /root).
# SOURCE_DATE_EPOCH pins the dates shadow-utils writes (/etc/shadow's last change = 2025-11-08, the
# template's), so a twin's account files are the same whatever day it comes up.
HOST_ENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root LOGNAME=root LANG=C.UTF-8 TERM=dumb SOURCE_DATE_EPOCH=1762560000)

# host_pid ID: print the PID (in the root PID namespace) of host ID's PID 1; fails if it is not running.
host_pid() {
  local f; f="$(host_dir "$1")/holder.pid"
  [ -s "$f" ] || return 1
  local p; p=$(cat "$f"); proc_alive "$p" || return 1
  echo "$p"
}

# in_host ID CMD...: run CMD as root inside host ID (all namespaces of its PID 1), clean environment.
in_host() {
  local id=$1 p; shift
  p=$(host_pid "$id") || die "lab host '$id' is not running (start it with 'npm run lab -- up')"
  nsenter -t "$p" -a -- "${HOST_ENV[@]}" "$@"
}

# host_sh ID SCRIPT: run a bash script inside host ID (`set -e`).
host_sh() { in_host "$1" bash -e -c "$2"; }

# host_start ID HOSTNAME OSREL: start the holder of a catatonit host in the (existing) netns of ID and
# set up its mounts, hostname and OS identity. OSREL is a file name under $LAB_DIR/osrel.
host_start() {
  local id=$1 hn=$2 osrel=$LAB_DIR/osrel/$3 H ns t0 d hpid="" upid B; t0=$(now_ns)
  H=$(host_dir "$id"); ns=$(netns_name "$id"); B=$(base_dir)
  [ -f "$osrel" ] || die "os-release file $osrel is missing (lab prepare did not run?)"
  mkdir -p "$H/cg" "$H/containers" "$H/fs/root" "$H/fs/home" "$H/fs/opt" "$H/fs/srv"
  for d in etc var; do mkdir -p "$H/fs/$d-upper" "$H/fs/$d-work"; done
  cp -a "$B/etc/skel/." "$H/fs/root/"; chmod 700 "$H/fs/root"
  setsid nsenter --net="/run/netns/$ns" unshare --mount --uts --ipc --pid --fork --mount-proc \
    --propagation private catatonit -P </dev/null >"$H/holder.log" 2>&1 &
  upid=$!; echo "$upid" >"$H/unshare.pid"
  for _ in $(seq 1 250); do hpid=$(pgrep -P "$upid" -x catatonit || true); [ -n "$hpid" ] && break; sleep 0.02; done
  [ -n "$hpid" ] || die "holder of $id did not start (see $H/holder.log)"
  echo "$hpid" >"$H/holder.pid"; echo catatonit >"$H/kind"
  nsenter -t "$hpid" -a -- sh -e -c "
    mount --rbind /sys/fs/cgroup '$H/cg'
    mount -t sysfs sysfs /sys
    mount --rbind '$H/cg' /sys/fs/cgroup; umount -l '$H/cg'
    umount /sys/fs/cgroup/unified 2>/dev/null || true   # crun 1.8 refuses the v1/v2 hybrid
    for d in etc var; do
      mount -t overlay overlay -o lowerdir='$B/'\$d,upperdir='$H/fs/'\$d-upper,workdir='$H/fs/'\$d-work /\$d
    done
    for d in root home opt srv; do mount --bind '$H/fs/'\$d /\$d; done
    umount -R -l /run/netns 2>/dev/null || true   # copies of the other hosts' namespaces would keep them alive after 'ip netns del'
    mount -t tmpfs -o mode=755,size=256m tmpfs /run
    mount -t tmpfs -o mode=1777,size=512m tmpfs /tmp
    mkdir -p /run/sshd /run/lock /run/podman /run/user /var/lib/containers
    mount --bind '$H/containers' /var/lib/containers
    mount --bind /usr /usr; mount -o remount,bind,ro /usr
    mount --bind '$osrel' /usr/lib/os-release
    cp '$osrel.lsb' /etc/lsb-release; cp '$osrel.issue' /etc/issue
    echo '$hn' > /etc/hostname
    echo '127.0.1.1 $hn' >> /etc/hosts
    echo '$(base_machine_id "$id")' > /etc/machine-id
    hostname '$hn'
  " || die "mount setup of $id failed"
  log "$id: namespaces + mounts ready ($hn, $3) in $(ms "$t0") ms"
}

# host_stop ID: kill host ID's PID 1 (the kernel then kills its whole PID namespace, containers included)
# and wait until the holder chain is gone. Private mounts disappear with the mount namespace.
host_stop() {
  local H p u; H=$(host_dir "$1")
  p=$(cat "$H/holder.pid" 2>/dev/null || true); u=$(cat "$H/unshare.pid" 2>/dev/null || true)
  if [ -n "$p" ]; then kill -KILL "$p" 2>/dev/null || true; fi
  [ -n "$p" ] && wait_gone "$p" 500
  [ -n "$u" ] && { wait_gone "$u" 500 || kill -KILL "$u" 2>/dev/null || true; }
  return 0
}

# shellcheck shell=bash
# lab/lib/nspawn.sh — "systemd hosts": a twin booted with systemd-nspawn --boot (real systemd, systemctl,
# journalctl) inside its lab network namespace. The OS tree: the machine's read-only /usr, overlays over the
# lab's base /etc and /var (lib/base.sh; never the machine's), fresh /root /home /opt /srv; the twin's files are written into that tree BEFORE boot (so
# its units start at boot) by the twin's prepare function. Recipe: ../shared/reference/lab.md Appendix C.

# Units every systemd twin enables (the twin adds its own); nothing of the machine's enablement is used.
NSPAWN_KEEP_UNITS="ssh.service remote-fs.target machines.target"

# nspawn_start ID HOSTNAME OSREL PREPARE_FN "UNITS TO KEEP": boot host ID in the background and wait
# until systemd reports startup finished. PREPARE_FN ROOT is called with the root tree before boot.
# NSPAWN_BINDS (optional): extra systemd-nspawn --bind/--bind-ro options (space-separated).
nspawn_start() {
  local id=$1 hn=$2 osrel=$3 prep=$4 keep=${5:-} H t0 npid="" cpid="" i; t0=$(now_ns)
  H=$(host_dir "$id"); mkdir -p "$H"
  echo systemd >"$H/kind"
  setsid unshare --mount --propagation private \
    bash "$LAB_ROOT/lab.sh" _nspawn_boot "$id" "$hn" "$osrel" "$prep" "$keep" </dev/null >"$H/nspawn.log" 2>&1 &
  npid=$!; echo "$npid" >"$H/nspawn.pid"
  # the boot script execs systemd-nspawn (same pid); the container's PID 1 is its child running systemd
  for ((i = 0; i < 1500; i++)); do
    proc_alive "$npid" || die "$id: systemd-nspawn exited during boot (see $H/nspawn.log)"
    if [ "$(cat "/proc/$npid/comm" 2>/dev/null)" = systemd-nspawn ]; then
      cpid=$(pgrep -P "$npid" | head -1 || true)
      [ -n "$cpid" ] && [ "$(cat "/proc/$cpid/comm" 2>/dev/null)" = systemd ] && break
    fi
    sleep 0.02
  done
  [ -n "$cpid" ] || die "$id: the container's systemd did not start (see $H/nspawn.log)"
  echo "$cpid" >"$H/holder.pid"
  # wait for "running" (or "degraded"); right after exec, systemctl may not answer yet
  local st=""
  for ((i = 0; i < 600; i++)); do
    st=$(nsenter -t "$cpid" -a -- "${HOST_ENV[@]}" systemctl is-system-running 2>/dev/null || true)
    case $st in running|degraded) break ;; esac
    proc_alive "$cpid" || die "$id: the container's systemd died during boot (see $H/nspawn.log)"
    sleep 0.1
  done
  [ "$st" = running ] || warn "$id: systemd state is '$st' after boot; failed units: $(nsenter -t "$cpid" -a -- "${HOST_ENV[@]}" systemctl --failed --plain --no-legend 2>/dev/null | tr '\n' ';')"
  log "$id: systemd-nspawn host booted ($hn, $osrel, state $st) in $(ms "$t0") ms"
}

# _nspawn_boot ID HOSTNAME OSREL PREPARE_FN KEEP: (runs in a private mount namespace) build the root tree,
# call PREPARE_FN, exec systemd-nspawn. Not for direct use.
_nspawn_boot() {
  set -euo pipefail
  local id=$1 hn=$2 osrel=$LAB_DIR/osrel/$3 prep=$4 keep="$NSPAWN_KEEP_UNITS ${5:-}" H R c d u ns B
  H=$(host_dir "$id"); R=$H/rootfs; ns=$(netns_name "$id"); B=$(base_dir)
  # own cgroups in the two hierarchies nspawn writes to (else it uses /payload at their root)
  for c in systemd unified; do
    mkdir -p "/sys/fs/cgroup/$c/lab/$id"; echo $$ >"/sys/fs/cgroup/$c/lab/$id/cgroup.procs"
  done
  mkdir -p "$R" "$H/containers"
  # the root filesystem of the twin: a tmpfs of the documented size (NSPAWN_ROOT_SIZE, e.g. 80000000000 bytes;
  # only a limit) named like the documented device, so `df /` shows the server's disk
  [ -n "${NSPAWN_ROOT_SIZE:-}" ] && mount -t tmpfs -o "size=$((NSPAWN_ROOT_SIZE / 1024))k,mode=755" "${NSPAWN_ROOT_DEVICE:-/dev/sda1}" "$R"
  for d in usr etc var root home opt srv proc sys dev run tmp mnt media boot; do mkdir -p "$R/$d"; done
  for d in bin sbin lib lib32 lib64 libx32; do [ -e "/$d" ] && ln -sfn "usr/$d" "$R/$d"; done
  for d in etc var; do mkdir -p "$H/fs/$d-upper" "$H/fs/$d-work"; done
  for d in root home opt srv; do mkdir -p "$H/fs/$d"; done
  cp -a "$B/etc/skel/." "$H/fs/root/"; chmod 700 "$H/fs/root"
  mount --bind /usr "$R/usr"; mount -o remount,bind,ro "$R/usr"
  # NSPAWN_USR_BIN_LINKS (optional, "NAME=TARGET …"): links in the twin's /usr/bin where the server's packages
  # put a program this machine has elsewhere (docker-ce installs /usr/bin/docker, this kind has the CLI in
  # /usr/local/bin); a read-only overlay of the machine's /usr/bin with only these links on top
  if [ -n "${NSPAWN_USR_BIN_LINKS:-}" ]; then
    local link
    mkdir -p "$H/fs/usr-bin-upper"
    for link in $NSPAWN_USR_BIN_LINKS; do ln -sfn "${link#*=}" "$H/fs/usr-bin-upper/${link%%=*}"; done
    mount -t overlay overlay -o "ro,lowerdir=$H/fs/usr-bin-upper:/usr/bin" "$R/usr/bin"
  fi
  mount --bind "$osrel" "$R/usr/lib/os-release"
  for d in etc var; do
    mount -t overlay overlay -o "lowerdir=$B/$d,upperdir=$H/fs/$d-upper,workdir=$H/fs/$d-work" "$R/$d"
  done
  for d in root home opt srv; do mount --bind "$H/fs/$d" "$R/$d"; done
  # identity
  echo "$hn" >"$R/etc/hostname"
  echo "127.0.1.1 $hn" >>"$R/etc/hosts"
  cp "$osrel.lsb" "$R/etc/lsb-release"; cp "$osrel.issue" "$R/etc/issue"
  base_machine_id "$id" >"$R/etc/machine-id"
  # units: exactly the ones this twin wants (the twin's prepare function links its own units)
  for u in $keep; do
    [ -e "$R/lib/systemd/system/$u" ] || [ -e "$R/etc/systemd/system/$u" ] || continue
    systemctl --root="$R" --quiet enable "$u" 2>/dev/null || warn "$id: could not enable $u"
  done
  # the twin's own files, prepared with /dev and /proc available for chroot tools
  mount --bind /dev "$R/dev"; mount -t proc proc "$R/proc"
  "$prep" "$R" "$id" "$hn"
  umount "$R/proc"; umount "$R/dev"
  local binds=(); read -r -a binds <<<"${NSPAWN_BINDS:-}"
  # --resolv-conf=off --timezone=off: the twin keeps its own resolv.conf (the lab DNS) and time zone from the
  # base tree; nspawn's defaults would copy the build machine's /etc/resolv.conf and /etc/localtime into it
  SYSTEMD_NSPAWN_API_VFS_WRITABLE=network exec systemd-nspawn --quiet --register=no --keep-unit -D "$R" -M "$id" \
    --hostname="$hn" --network-namespace-path="/run/netns/$ns" --console=passive \
    --resolv-conf=off --timezone=off \
    --bind="$H/containers:/var/lib/containers" "${binds[@]}" --capability=all --boot
}

# nspawn_stop ID: kill the container's PID 1 (fast, reliable: the kernel ends its PID namespace), wait for
# systemd-nspawn to exit, remove the host's cgroups and nspawn's /run leftovers.
nspawn_stop() {
  local id=$1 H c n; H=$(host_dir "$id")
  c=$(cat "$H/holder.pid" 2>/dev/null || true); n=$(cat "$H/nspawn.pid" 2>/dev/null || true)
  [ -n "$c" ] && proc_alive "$c" && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = systemd ] && kill -KILL "$c" 2>/dev/null
  # if the boot never reached systemd, kill the container child or the boot script itself
  if [ -n "$n" ] && proc_alive "$n"; then
    for c in $(pgrep -P "$n" || true); do kill -KILL "$c" 2>/dev/null || true; done
    wait_gone "$n" 250 || kill -KILL "$n" 2>/dev/null || true
    wait_gone "$n" 250 || true
  fi
  nspawn_cgroups_remove "$id"
  return 0
}

# nspawn_cgroups_remove ID: remove host ID's cgroups. The kernel ends the killed processes of the
# container asynchronously (under load it takes a while), so anything still listed in the cgroups is
# killed and the removal retried for up to 10 s instead of leaving a trace behind.
nspawn_cgroups_remove() {
  local id=$1 c d p i
  local -a pids
  for ((i = 0; i < 100; i++)); do
    pids=()
    for c in systemd unified; do
      d="/sys/fs/cgroup/$c/lab/$id"
      [ -d "$d" ] || continue
      while read -r p; do pids+=("$p"); done < <(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null)
      find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    [ -d "/sys/fs/cgroup/systemd/lab/$id" ] || [ -d "/sys/fs/cgroup/unified/lab/$id" ] || return 0
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    sleep 0.1
  done
  return 0
}

# nspawn_cleanup_global: after the last systemd host is gone, remove the shared cgroup parents and
# /run/systemd/nspawn (nspawn's locks/propagate dirs) and an empty /run/systemd.
nspawn_cleanup_global() {
  local c
  for c in systemd unified; do rmdir "/sys/fs/cgroup/$c/lab" 2>/dev/null || true; done
  rm -rf /run/systemd/nspawn
  rmdir /run/systemd 2>/dev/null || true
}

# shellcheck shell=bash
# lab/fleet/fleet.sh — the fleet: N small sshd-only hosts for load tests and benchmarks (fleet-01 … fleet-NN).
# Each fleet host = network namespace on a root-namespace bridge (250 hosts per /24: 10.231.100.0/24,
# 10.231.101.0/24, …; host i gets 10.231.(100 + (i-1)/250).(2 + (i-1)%250)) + mount/UTS/IPC/PID namespaces
# held by catatonit, with overlays over /etc and /var (the /etc upper layer is copied from a template built
# once: user `verifier` in group adm, sshd drop-in), tmpfs /run and /tmp, an Ubuntu 22.04 os-release, sshd
# on 22 and a busybox httpd on :8080. Writes .lab/fleet-inventory.yaml and .lab/fleet_known_hosts.

FLEET_PARALLEL=${FLEET_PARALLEL:-8}

# fleet_known ID: true if ID is a fleet host id.
fleet_known() { [[ $1 =~ ^fleet-[0-9]+$ ]]; }

# fleet_id I: the id of fleet host number I (fleet-01 …).
fleet_id() { printf 'fleet-%02d' "$1"; }

# fleet_addr I: the lab address of fleet host number I.
fleet_addr() { echo "10.231.$((100 + ($1 - 1) / 250)).$((2 + ($1 - 1) % 250))"; }

# fleet_bridge I: the root-namespace bridge of fleet host number I's /24.
fleet_bridge() { echo "lab-fleet$((100 + ($1 - 1) / 250))"; }

# fleet_ids: the ids of the fleet hosts that currently have state.
fleet_ids() { local d; for d in "$LAB_DIR"/hosts/fleet-*; do [ -d "$d" ] && basename "$d"; done; return 0; }

# lab_prepare_fleet: safety routes, client key, os-release files and the /etc template (once per run).
lab_prepare_fleet() {
  safety_routes_add
  mkdir -p "$LAB_DIR/keys" "$LAB_DIR/hosts"; chmod 700 "$LAB_DIR/keys"
  [ -s "$LAB_DIR/keys/id_lab" ] || ssh-keygen -q -t ed25519 -N '' -C lab-client -f "$LAB_DIR/keys/id_lab"
  osrel_write
  base_ensure
  fleet_template
}

# fleet_template: build $LAB_DIR/fleet/template/etc-upper in a private mount namespace (throw-away /var):
# machine users removed, `verifier` (uid 1990, group adm, key-only), sshd hardening drop-in. `MaxStartups 200`:
# up to 200 unauthenticated connections, every one beyond is dropped (no random early drop below that, so
# a host held at its limit refuses every new connection: test/robustness/load.test.ts).
fleet_template() {
  local T=$LAB_DIR/fleet/template stamp
  # rebuilt when the client key, the base tree or this file (the sshd drop-in below) changed
  stamp="$(cat "$LAB_DIR/keys/id_lab.pub") $(base_dir) $(sha256sum <"$LAB_ROOT/fleet/fleet.sh" | cut -c1-16)"
  [ -f "$T/ready" ] && [ "$(cat "$T/ready")" = "$stamp" ] && return 0
  rm -rf "$T"; mkdir -p "$T/etc-upper" "$T/etc-work" "$T/var-upper" "$T/var-work"
  # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
  unshare --mount --propagation private bash -e -c '
    T=$1
    mount -t overlay overlay -o "lowerdir=$2/etc,upperdir=$T/etc-upper,workdir=$T/etc-work" /etc
    mount -t overlay overlay -o "lowerdir=$2/var,upperdir=$T/var-upper,workdir=$T/var-work" /var
    for u in $(awk -F: "\$3 >= 1000 && \$3 < 65534 { print \$1 }" /etc/passwd); do userdel "$u" 2>/dev/null || true; done
    for g in $(awk -F: "\$3 >= 1000 && \$3 < 65534 { print \$1 }" /etc/group); do groupdel "$g" 2>/dev/null || true; done
    groupadd -g 1990 verifier; useradd -M -d /home/verifier -u 1990 -g verifier -G adm -s /bin/bash verifier
    usermod -p "*" verifier
    rm -f /etc/ssh/ssh_host_rsa_key /etc/ssh/ssh_host_rsa_key.pub /etc/ssh/ssh_host_dsa_key /etc/ssh/ssh_host_dsa_key.pub   # the machine'"'"'s keys
    mkdir -p /etc/ssh/sshd_config.d
    printf "HostKey /etc/ssh/ssh_host_ed25519_key\nHostKey /etc/ssh/ssh_host_ecdsa_key\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nUseDNS no\nMaxStartups 200\n" \
      > /etc/ssh/sshd_config.d/50-hardening.conf
  ' _ "$T" "$(base_dir)" || die "could not build the fleet /etc template"
  rm -rf "$T/var-upper" "$T/var-work" "$T/etc-work"
  echo "$stamp" >"$T/ready"
}

# fleet_up N: start fleet hosts 1..N (those already up are kept; hosts above N are removed) and write
# the fleet inventory. Hosts start FLEET_PARALLEL at a time.
fleet_up() {
  local n=$1 i t0; t0=$(now_ns)
  { [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ]; } || die "fleet up needs a host count (got '$n')"
  local id
  for id in $(fleet_ids); do [ "${id#fleet-}" -gt "$n" ] 2>/dev/null && fleet_host_down "$id"; done
  for ((i = 1; i <= (n - 1) / 250 + 1; i++)); do fleet_bridge_up "$((100 + i - 1))"; done
  seq 1 "$n" | xargs -P "$FLEET_PARALLEL" -I{} bash "$LAB_ROOT/lab.sh" fleet_host_up {} \
    || die "some fleet hosts failed to start (see messages above)"
  fleet_write_target "$n"
  log "fleet: $n hosts up in $(ms "$t0") ms"
}

# fleet_bridge_up THIRD_OCTET: the root-namespace bridge 10.231.THIRD_OCTET.1/24 for fleet hosts.
fleet_bridge_up() {
  local br="lab-fleet$1"
  ip link show "$br" >/dev/null 2>&1 && return 0
  ip link add "$br" type bridge
  ip addr add "10.231.$1.1/24" dev "$br"
  ip link set "$br" up
}

# fleet_host_up I: start fleet host number I (skipped when it is already up).
fleet_host_up() {
  local i=$1 id addr H ns hpid="" upid; id=$(fleet_id "$i"); addr=$(fleet_addr "$i"); H=$(host_dir "$id"); ns=$(netns_name "$id")
  if host_pid "$id" >/dev/null 2>&1 && in_host "$id" ss -Htln 'sport = :22' | grep -q .; then return 0; fi
  fleet_host_down "$id" quiet
  mkdir -p "$H/fs/etc-work" "$H/fs/var-upper" "$H/fs/var-work" "$H/fs/root" "$H/fs/home/verifier/.ssh" "$H/www"
  cp -a "$LAB_DIR/fleet/template/etc-upper" "$H/fs/etc-upper"
  # per-host identity, keys and authorized_keys, written into the upper layer before mounting
  echo "$id" >"$H/fs/etc-upper/hostname"
  { grep -v '^127.0.1.1' /etc/hosts; echo "127.0.1.1 $id"; } >"$H/fs/etc-upper/hosts"
  cp "$LAB_DIR/osrel/ubuntu-22.04.lsb" "$H/fs/etc-upper/lsb-release"
  mkdir -p "$H/fs/etc-upper/ssh"
  ssh-keygen -q -t ed25519 -N '' -C "root@$id" -f "$H/fs/etc-upper/ssh/ssh_host_ed25519_key"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C "root@$id" -f "$H/fs/etc-upper/ssh/ssh_host_ecdsa_key"
  mkdir -p "$H/keys-orig"; cp -p "$H"/fs/etc-upper/ssh/ssh_host_{ed25519,ecdsa}_key{,.pub} "$H/keys-orig/"
  cp "$LAB_DIR/keys/id_lab.pub" "$H/fs/home/verifier/.ssh/authorized_keys"
  chown -R 1990:1990 "$H/fs/home/verifier"; chmod 700 "$H/fs/home/verifier/.ssh"; chmod 600 "$H/fs/home/verifier/.ssh/authorized_keys"
  mkdir -p "$H/fs/root/.ssh"; chmod 700 "$H/fs/root/.ssh"; cp "$LAB_DIR/keys/id_lab.pub" "$H/fs/root/.ssh/authorized_keys"; chmod 700 "$H/fs/root"
  echo "<html><title>$id</title><body>$id</body></html>" >"$H/www/index.html"
  # network: veth into the fleet bridge
  ip netns add "$ns" || die "could not create netns $ns"
  ip link add "vf-$i" type veth peer name eth0 netns "$ns"
  ip link set "vf-$i" master "$(fleet_bridge "$i")" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  # holder + mounts
  setsid nsenter --net="/run/netns/$ns" unshare --mount --uts --ipc --pid --fork --mount-proc \
    --propagation private catatonit -P </dev/null >/dev/null 2>&1 &
  upid=$!; echo "$upid" >"$H/unshare.pid"; echo fleet >"$H/kind"
  for _ in $(seq 1 250); do hpid=$(pgrep -P "$upid" -x catatonit || true); [ -n "$hpid" ] && break; sleep 0.02; done
  [ -n "$hpid" ] || die "$id: holder did not start"
  echo "$hpid" >"$H/holder.pid"
  nsenter -t "$hpid" -a -- sh -e -c "
    mount -t overlay overlay -o lowerdir='$(base_dir)/etc',upperdir='$H/fs/etc-upper',workdir='$H/fs/etc-work' /etc
    mount -t overlay overlay -o lowerdir='$(base_dir)/var',upperdir='$H/fs/var-upper',workdir='$H/fs/var-work' /var
    mount --bind '$H/fs/root' /root; mount --bind '$H/fs/home' /home
    mount -t tmpfs -o mode=755,size=64m tmpfs /run; mount -t tmpfs -o mode=1777,size=64m tmpfs /tmp
    mkdir -p /run/sshd /run/lab
    mount --bind /usr /usr; mount -o remount,bind,ro /usr
    mount --bind '$LAB_DIR/osrel/ubuntu-22.04' /usr/lib/os-release
    hostname '$id'
    /usr/sbin/sshd -E /var/log/sshd.log
    setsid busybox httpd -p '$addr:8080' -h '$H/www' </dev/null >/dev/null 2>&1
  " || die "$id: setup failed"
  local k
  for ((k = 0; k < 250; k++)); do in_host "$id" ss -Htln 'sport = :22' | grep -q . && break; sleep 0.02; done
  sshd_known_hosts "$id" "$addr" >"$H/known_hosts"
  log "$id: up at $addr"
}

# fleet_host_down ID [quiet]: stop one fleet host and remove its state.
fleet_host_down() {
  local id=$1 H i; H=$(host_dir "$id"); i=$((10#${id#fleet-}))
  [ -d "$H" ] || [ -e "/run/netns/$(netns_name "$id")" ] || return 0
  host_stop "$id"
  ip link del "vf-$i" 2>/dev/null || true
  ip netns del "$(netns_name "$id")" 2>/dev/null || true
  rm -rf "$H"
}

# fleet_down: remove every fleet host, the fleet bridges and the fleet target files.
fleet_down() {
  local ids; ids=$(fleet_ids)
  if [ -n "$ids" ]; then
    echo "$ids" | xargs -P "$FLEET_PARALLEL" -I{} bash "$LAB_ROOT/lab.sh" fleet_host_down {}
  fi
  local br
  for br in $(ip -o link show type bridge 2>/dev/null | grep -oE 'lab-fleet[0-9]+' | sort -u); do ip link del "$br" 2>/dev/null || true; done
  rm -f "$LAB_DIR/fleet-inventory.yaml" "$LAB_DIR/fleet_known_hosts"
  [ -n "$ids" ] && log "fleet: $(echo "$ids" | wc -l) hosts removed"
  return 0
}

# fleet_write_target N: .lab/fleet_known_hosts and .lab/fleet-inventory.yaml for hosts 1..N.
fleet_write_target() {
  local n=$1 i id json="[]"
  : >"$LAB_DIR/fleet_known_hosts.tmp"
  for ((i = 1; i <= n; i++)); do
    id=$(fleet_id "$i")
    cat "$(host_dir "$id")/known_hosts" >>"$LAB_DIR/fleet_known_hosts.tmp" || die "$id has no host keys"
    json+=" $id $(fleet_addr "$i")"
  done
  mv "$LAB_DIR/fleet_known_hosts.tmp" "$LAB_DIR/fleet_known_hosts"
  # shellcheck disable=SC2086
  "${LAB_NODE:-node}" "$LAB_ROOT/fleet/write-inventory.ts" "$LAB_DIR/fleet-inventory.yaml" ${json#\[\]}
}

# fleet_fault ID down|slow|rekey|ok: break fleet host ID — down: sshd killed; slow: port 22 accepts TCP but
# never sends the SSH banner; rekey: new host keys (known_hosts mismatch); ok: original keys + sshd again.
fleet_fault() {
  local id=$1 kind=$2 H; H=$(host_dir "$id")
  { fleet_known "$id" && host_pid "$id" >/dev/null; } || die "fleet host '$id' is not up (see 'npm run lab -- fleet up <N>')"
  # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
  in_host "$id" sh -c 'kill "$(cat /run/sshd.pid 2>/dev/null)" 2>/dev/null; kill "$(cat /run/lab/slow.pid 2>/dev/null)" 2>/dev/null; rm -f /run/lab/slow.pid; true'
  local k
  for ((k = 0; k < 100; k++)); do in_host "$id" ss -Htln 'sport = :22' | grep -q . || break; sleep 0.02; done
  case $kind in
    down) ;;
    slow)
      in_host "$id" sh -c 'setsid python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((\"0.0.0.0\", 22)); s.listen(512); held = []
while True:
    held.append(s.accept()[0])   # accept, never answer
" </dev/null >/dev/null 2>&1 & echo $! > /run/lab/slow.pid' ;;
    rekey)
      sshd_keys "$id" "$id"
      in_host "$id" /usr/sbin/sshd -E /var/log/sshd.log ;;
    ok)
      cp -p "$H"/keys-orig/* "$(t_root "$id")/etc/ssh/"
      in_host "$id" /usr/sbin/sshd -E /var/log/sshd.log ;;
    *) die "unknown fault '$kind' (down|slow|rekey|ok)" ;;
  esac
  for ((k = 0; k < 100; k++)); do
    if [ "$kind" = down ] || in_host "$id" ss -Htln 'sport = :22' | grep -q .; then return 0; fi
    sleep 0.02
  done
  die "$id: port 22 is not listening after fault '$kind'"
}

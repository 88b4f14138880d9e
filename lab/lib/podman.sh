# shellcheck shell=bash
# lab/lib/podman.sh — "Docker" inside a catatonit host: rootful podman behind the real docker CLI.
# Per host: containers.conf (cgroups disabled, netavark), a Docker-like default network "bridge"
# (docker0, 172.17.0.0/16), the podman API on /run/podman/podman.sock (+ /run/docker.sock), the
# published-port repair loop with health checks (podman 4.3 schedules them with systemd timers, absent here), and the
# twin's images loaded from a docker-archive. Recipe: ../shared/reference/lab.md §4.

# podman_conf_write ETC [EXTRA]: podman's storage.conf (with the lab's shared read-only image store) and
# containers.conf (cgroups disabled, netavark, default network "bridge"; EXTRA is one more [containers]
# line) and the Docker-like default network "bridge" (docker0, 172.17.0.0/16), under ETC — a twin's /etc
# seen from the machine (/proc/<pid>/root/etc of a running twin, or an nspawn root before boot).
podman_conf_write() {
  local etc=$1 extra=${2:-}
  mkdir -p "$etc/containers/networks"
  cat >"$etc/containers/storage.conf" <<CONF
[storage]
driver = "overlay"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
[storage.options]
# the lab's shared, read-only image store (lab/lib/images.sh images_store_build)
additionalimagestores = [ "$(IMG_DIR)/store" ]
CONF
  { printf '[containers]\ncgroups = "disabled"\n'; [ -z "$extra" ] || printf '%s\n' "$extra"
    printf 'log_driver = "k8s-file"\n[engine]\nevents_logger = "file"\n[network]\nnetwork_backend = "netavark"\ndefault_network = "bridge"\n'
  } >"$etc/containers/containers.conf"
  cat >"$etc/containers/networks/bridge.json" <<JSON
{ "name": "bridge", "id": "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9",
  "driver": "bridge", "network_interface": "docker0", "created": "2025-11-01T00:00:00Z",
  "subnets": [ { "subnet": "172.17.0.0/16", "gateway": "172.17.0.1" } ],
  "ipv6_enabled": false, "internal": false, "dns_enabled": false, "ipam_options": { "driver": "host-local" } }
JSON
}

# podman_twin_bin ID: install the lab's in-twin helpers for published ports into the twin's private /run/lab.
podman_twin_bin() {
  local f
  for f in hostport-fix.sh ports-watch.sh; do install -D -m 755 "$LAB_ROOT/twin-bin/$f" "$(t_root "$1")/run/lab/$f"; done
}

# podman_setup ID: write the podman configuration of host ID and start its Docker-compatible API.
podman_setup() {
  local id=$1 t0; t0=$(now_ns)
  podman_twin_bin "$id"
  podman_conf_write "$(t_root "$id")/etc"
  # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
  host_sh "$id" '
    setsid podman system service --time=0 unix:///run/podman/podman.sock >/var/log/podman-service.log 2>&1 </dev/null &
    ln -sf /run/podman/podman.sock /run/docker.sock
    for i in $(seq 1 250); do [ -S /run/podman/podman.sock ] && break; sleep 0.02; done
    [ -S /run/podman/podman.sock ] || { echo "podman API socket did not appear (see /var/log/podman-service.log)" >&2; exit 1; }
    if getent group docker >/dev/null; then chgrp docker /run/podman/podman.sock; chmod 660 /run/podman/podman.sock; fi
    # published ports repaired on every container start, health checks every 10 s (no systemd timers here)
    setsid /run/lab/ports-watch.sh --healthchecks >/dev/null 2>&1 </dev/null &
  ' || die "podman setup failed in $id"
  log "$id: podman API on /run/docker.sock in $(ms "$t0") ms"
}

# podman_docker_bridge ID: create the docker0 bridge like dockerd does at start (DOWN until a container attaches).
podman_docker_bridge() {
  local ns; ns=$(netns_name "$1")
  ip -n "$ns" link add docker0 type bridge 2>/dev/null || true
  ip -n "$ns" addr add 172.17.0.1/16 dev docker0 2>/dev/null || true
  ip -n "$ns" link set docker0 up
}

# podman_load_images ID ARCHIVE: load a docker-archive (built by images_archive) into host ID's storage.
podman_load_images() {
  local id=$1 archive=$2 t0; t0=$(now_ns)
  in_host "$id" podman load -q <"$archive" >/dev/null 2>"$(host_dir "$id")/podman-load.err" \
    || die "podman load failed in $id (see $(host_dir "$id")/podman-load.err)"
  log "$id: images loaded in $(ms "$t0") ms"
}

# podman_wait_healthy ID NAME [TRIES]: run NAME's health check until it reports healthy (0.5 s steps).
podman_wait_healthy() {
  local i
  for ((i = 0; i < ${3:-20}; i++)); do
    in_host "$1" podman healthcheck run "$2" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  warn "$1: container $2 is not healthy yet"
}

# podman_ports_fix ID: apply hostport-fix.sh now (call after creating/starting containers with published ports).
podman_ports_fix() { in_host "$1" /run/lab/hostport-fix.sh || warn "$1: hostport-fix.sh failed"; }

# podman_check_images ID: make sure host ID sees the shared image store (fails early with a clear message).
podman_check_images() {
  local n; n=$(in_host "$1" podman images -q 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] || die "$1: no images visible from the shared store $(IMG_DIR)/store (lab prepare failed?)"
}

# podman_nspawn_prepare ROOT: (systemd twins, before boot) podman configuration and a docker.service that
# serves the Docker API with `podman system service` on /run/docker.sock (group docker), like dockerd.
# Inside systemd-nspawn podman needs keyring = false (lab.md §systemd); health checks run as systemd timers.
podman_nspawn_prepare() {
  local r=$1
  mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
  podman_conf_write "$r/etc" 'keyring = false'
  cat >"$r/etc/systemd/system/docker.service" <<'UNIT'
[Unit]
Description=Docker Application Container Engine (lab twin: podman API service)
Documentation=https://docs.docker.com
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStartPre=-/bin/rm -f /run/docker.sock
ExecStart=/usr/bin/podman system service --time=0 unix:///run/docker.sock
ExecStartPost=/bin/sh -c 'for i in $(seq 1 250); do [ -S /run/docker.sock ] && break; sleep 0.02; done; chgrp docker /run/docker.sock; chmod 660 /run/docker.sock; mkdir -p /run/podman; ln -sf /run/docker.sock /run/podman/podman.sock'
KillMode=process
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
  ln -sfn /etc/systemd/system/docker.service "$r/etc/systemd/system/multi-user.target.wants/docker.service"
}

# podman_nspawn_start ID: (systemd twins, after boot) wait for docker.service's socket, then start the
# published-port repair loop (ports-watch.sh) as a transient unit.
podman_nspawn_start() {
  local id=$1 t0 i; t0=$(now_ns)
  podman_twin_bin "$id"
  for ((i = 0; i < 250; i++)); do in_host "$id" test -S /run/docker.sock && break; sleep 0.02; done
  in_host "$id" test -S /run/docker.sock || die "$id: docker.service did not create /run/docker.sock (journalctl -u docker inside the twin)"
  in_host "$id" systemd-run --quiet --unit=lab-ports-watch --description="lab: repair published ports" \
    /run/lab/ports-watch.sh \
    || die "$id: could not start the published-port repair loop (ports-watch.sh)"
  log "$id: docker.service (podman API) on /run/docker.sock in $(ms "$t0") ms"
}

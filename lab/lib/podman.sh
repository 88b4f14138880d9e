# lab/lib/podman.sh — "Docker" inside a catatonit host: rootful podman behind the real docker CLI.
# Per host: containers.conf (cgroups disabled, netavark), a Docker-like default network "bridge"
# (docker0, 172.17.0.0/16), the podman API on /run/podman/podman.sock (+ /run/docker.sock), a
# health-check ticker (podman 4.3 schedules health checks with systemd timers, absent here), and the
# twin's images loaded from a docker-archive. Recipe: ../shared/reference/lab.md §4.

# podman_setup ID: write the podman configuration of host ID and start its Docker-compatible API.
podman_setup() {
  local id=$1 t0; t0=$(now_ns)
  install -D -m 755 "$LAB_ROOT/twin-bin/hostport-fix.sh" "$(t_root "$id")/run/lab/hostport-fix.sh"
  host_sh "$id" '
    mkdir -p /etc/containers/networks
    cat > /etc/containers/storage.conf <<CONF
[storage]
driver = "overlay"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
[storage.options]
# the lab'"'"'s shared, read-only image store (lab/lib/images.sh images_store_build)
additionalimagestores = [ "'"$(IMG_DIR)"'/store" ]
CONF
    cat > /etc/containers/containers.conf <<CONF
[containers]
cgroups = "disabled"
log_driver = "k8s-file"
[engine]
events_logger = "file"
[network]
network_backend = "netavark"
default_network = "bridge"
CONF
    cat > /etc/containers/networks/bridge.json <<JSON
{ "name": "bridge", "id": "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9",
  "driver": "bridge", "network_interface": "docker0", "created": "2025-11-01T00:00:00Z",
  "subnets": [ { "subnet": "172.17.0.0/16", "gateway": "172.17.0.1" } ],
  "ipv6_enabled": false, "internal": false, "dns_enabled": false, "ipam_options": { "driver": "host-local" } }
JSON
    setsid podman system service --time=0 unix:///run/podman/podman.sock >/var/log/podman-service.log 2>&1 </dev/null &
    ln -sf /run/podman/podman.sock /run/docker.sock
    for i in $(seq 1 250); do [ -S /run/podman/podman.sock ] && break; sleep 0.02; done
    [ -S /run/podman/podman.sock ] || { echo "podman API socket did not appear (see /var/log/podman-service.log)" >&2; exit 1; }
    if getent group docker >/dev/null; then chgrp docker /run/podman/podman.sock; chmod 660 /run/podman/podman.sock; fi
    # every 10 s: run the health checks of all containers (what systemd timers do under docker/podman) and
    # repair published ports (hostport-fix.sh) after container restarts
    setsid sh -c "while sleep 10; do for c in \$(podman ps -q); do podman healthcheck run \$c >/dev/null 2>&1; done; /run/lab/hostport-fix.sh >/dev/null 2>&1; done" \
      >/dev/null 2>&1 </dev/null &
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

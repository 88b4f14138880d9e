# shellcheck shell=bash
# lab/lib/dns.sh — the lab's public DNS: lab/dns/server.ts (authoritative for the twins' zones, from
# lab/twins/files/zone.json) in its own network namespace lab-dns at 10.231.53.2:53 (link vl-dns, .1 in the
# root namespace). `up` starts it and writes `resolver:` into the inventory; `down` stops it.

DNS_ADDR=10.231.53.2

# dns_up: (re)start the DNS server; waits until it answers.
dns_up() {
  local D=$LAB_DIR/dns i
  dns_down quiet
  mkdir -p "$D"
  ip netns add lab-dns || die "could not create network namespace lab-dns"
  ip -n lab-dns link set lo up
  ip link add vl-dns type veth peer name eth0 netns lab-dns || die "could not create veth vl-dns"
  ip link set vl-dns up; ip addr add 10.231.53.1/24 dev vl-dns
  workstation_link vl-dns   # replies to the workstation twin's DNS queries (lab/lib/workstation.sh)
  ip -n lab-dns addr add "$DNS_ADDR/24" dev eth0; ip -n lab-dns link set eth0 up
  setsid ip netns exec lab-dns "${LAB_NODE:-node}" "$LAB_ROOT/dns/server.ts" "$LAB_ROOT/twins/files/zone.json" "$DNS_ADDR" 53 \
    </dev/null >"$D/server.log" 2>&1 &
  echo $! >"$D/server.pid"
  for ((i = 0; i < 200; i++)); do grep -q ready "$D/server.log" 2>/dev/null && break; sleep 0.05; done
  grep -q ready "$D/server.log" || die "lab DNS server did not start (see $D/server.log)"
  log "dns: authoritative server for $(jq -r '.zones | join(", ")' "$LAB_ROOT/twins/files/zone.json") on $DNS_ADDR:53"
}

# dns_down [quiet]: stop the DNS server and remove its namespace and link.
dns_down() {
  local D=$LAB_DIR/dns p
  p=$(cat "$D/server.pid" 2>/dev/null || true)
  if [ -n "$p" ] && proc_alive "$p"; then kill -TERM "$p" 2>/dev/null || true; wait_gone "$p" 200 || kill -KILL "$p" 2>/dev/null || true; fi
  for p in $(ip netns pids lab-dns 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
  ip link del vl-dns 2>/dev/null || true
  ip netns del lab-dns 2>/dev/null || true
  rm -rf "$D"
  [ "${1:-}" = quiet ] || log "dns: down"
}

# shellcheck shell=bash
# lab/lib/netns.sh — network namespaces and veth links of lab hosts.
# A host's link: veth "eth0" inside the host <-> OUTER end in the root namespace (or, for hosts that
# are only reachable through a jump host, inside the jump host's namespace). Addresses 10.231.N.1/.2.
# No default route is ever added inside a host.

# netns_create ID: create the network namespace of host ID (empty, only lo up).
netns_create() {
  local ns; ns=$(netns_name "$1")
  ip netns add "$ns" 2>/dev/null || die "could not create network namespace $ns (leftover from a crash? run 'npm run lab -- down')"
  ip -n "$ns" link set lo up
}

# netns_link ID SUBNET_PREFIX OUTER_NAME [PARENT_ID] [MAC]: connect host ID to the root namespace (or to
# PARENT_ID's namespace): SUBNET_PREFIX.1/24 on OUTER_NAME outside, SUBNET_PREFIX.2/24 on eth0 inside.
netns_link() {
  local id=$1 pfx=$2 outer=$3 parent=${4:-} mac=${5:-} ns outer_ip=(ip)
  ns=$(netns_name "$id")
  [ -n "$parent" ] && outer_ip=(ip -n "$(netns_name "$parent")")
  "${outer_ip[@]}" link add "$outer" type veth peer name eth0 netns "$ns" \
    || die "could not create veth $outer for $id (name in use? run 'npm run lab -- down')"
  [ -n "$mac" ] && ip -n "$ns" link set eth0 address "$mac"
  # IPv6 on the outer end is not needed; keep it quiet (no RS/DAD chatter)
  "${outer_ip[@]}" link set "$outer" up
  "${outer_ip[@]}" addr add "$pfx.1/24" dev "$outer"
  ip -n "$ns" addr add "$pfx.2/24" dev eth0
  ip -n "$ns" link set eth0 up
}

# netns_extra_addr ID IFACE ADDR/PLEN...: documented ("public") addresses that must appear in `ip addr`.
# IFACE eth0 adds them to the lab link; any other name becomes a port-less bridge (no 'dummy' module here).
# IPv6 addresses are added with nodad. Nothing ever routes to these addresses.
netns_extra_addr() {
  local id=$1 ifc=$2 ns a; shift 2; ns=$(netns_name "$id")
  if ! ip -n "$ns" link show "$ifc" >/dev/null 2>&1; then
    ip -n "$ns" link add "$ifc" type bridge
    ip -n "$ns" link set "$ifc" up
  fi
  for a in "$@"; do
    case $a in
      *:*) ip -n "$ns" -6 addr add "$a" dev "$ifc" nodad ;;
      *) ip -n "$ns" addr add "$a" dev "$ifc" ;;
    esac
  done
}

# netns_destroy ID [OUTER_NAME]: delete host ID's namespace (and the outer veth if still present).
netns_destroy() {
  local ns; ns=$(netns_name "$1")
  if [ -n "${2:-}" ]; then ip link del "$2" 2>/dev/null || true; fi
  ip netns del "$ns" 2>/dev/null || true
}

# netns_cleanup_run: remove /run/netns when no namespaces are left in it (ip netns add bind-mounts it).
netns_cleanup_run() {
  [ -d /run/netns ] || return 0
  if [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then
    while mountpoint -q /run/netns 2>/dev/null; do umount /run/netns 2>/dev/null || umount -l /run/netns || break; done
    rmdir /run/netns 2>/dev/null || true
  fi
}

# shellcheck shell=bash
# lab/lib/workstation.sh — the network of the workstation twin (dev-ws, lab/twins/dev-ws.sh): a developer's
# laptop that reaches the twins under their documented addresses and nothing else.
#
# Confinement (the hard rule):
#   * dev-ws's namespace has NO default route. Its routes: its own /24, the lab 10.231.0.0/16 through the
#     build machine, and one /32 per documented address of WORKSTATION_MAP. Anything else fails at once
#     with "Network is unreachable".
#   * Inside dev-ws only, an nft table (ip workstation) rewrites each documented address to its twin's lab
#     address (DNAT) and rejects every packet that is still not for the lab afterwards.
#   * In the root namespace nothing is routed for a non-lab address (the safety routes stay as they are;
#     ip_forward stays 0). The table `ip lab_workstation` forwards exactly the workstation's connections to
#     lab addresses (source NAT to the twin link's .1, so a twin sees the workstation like the build machine)
#     and their replies, and drops every other packet a lab link would have forwarded. Forwarding is enabled
#     per interface — on vl-dev-ws and on the outer links of the twins and the lab DNS — only while that
#     table exists (`workstation_link`), so a twin can never use the build machine as a router.

# Documented address → twin that answers it in the lab, the ports the path passes ("-" = all) and the
# known_hosts names of its SSH host keys ("-" = none). Written from the sources (seed 000 §2.3, seed 002
# network tables, lab/twins/files/zone.json), like the twins — never from the docs' frontmatter.
WORKSTATION_MAP=(
  "91.99.21.21 gm-vserver - 91.99.21.21,gro-mate.tech,www.gro-mate.tech,api.gro-mate.tech,pg.gro-mate.tech,mail.gro-mate.tech"
  "57.128.200.27 nb-vps - 57.128.200.27,nordabiznes.pl,www.nordabiznes.pl"
  "10.22.68.250 nb-revproxy - 10.22.68.250"
  "85.237.177.83 nb-revproxy 80,443 -"
)
# Hosts the workstation reaches only through a jump host (ssh -J): a known_hosts entry, no route.
WORKSTATION_JUMPED=(
  "10.22.68.248 nb-staging - 10.22.68.248"
)
# The root-namespace table (name checked by lab traces).
WORKSTATION_TABLE=lab_workstation

# workstation_id: print the id of the registered workstation twin (empty when none is registered).
workstation_id() {
  local id
  for id in "${LAB_TWINS[@]}"; do [ "${TWIN_ROLE[$id]:-}" = workstation ] && { echo "$id"; return 0; }; done
  return 0
}

# workstation_filter_up: (lab prepare) create or replace the root-namespace table, then enable forwarding on
# the lab links that already exist (twins that are up keep their links across `up`).
workstation_filter_up() {
  local ws addr; ws=$(workstation_id); [ -n "$ws" ] || return 0
  addr=${TWIN_ADDR[$ws]}
  nft -f - <<EOF || die "could not create the root-namespace table ip $WORKSTATION_TABLE (is nftables installed?)"
table ip $WORKSTATION_TABLE
delete table ip $WORKSTATION_TABLE
table ip $WORKSTATION_TABLE {
  comment "verified-runbooks lab: the workstation twin reaches the twins; nothing else is forwarded"
  chain forward {
    type filter hook forward priority filter - 5; policy accept;
    iifname "${TWIN_OUTER[$ws]}" ip saddr $addr ip daddr $LAB_NET oifname "vl-*" accept
    oifname "${TWIN_OUTER[$ws]}" ip daddr $addr ct state established,related accept
    iifname { "vl-*", "vf-*", "lab-fleet*" } drop
    oifname { "vl-*", "vf-*", "lab-fleet*" } drop
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    iifname "${TWIN_OUTER[$ws]}" oifname "vl-*" masquerade
  }
}
EOF
  local l
  for l in $(ip -o link show 2>/dev/null | grep -oE ' vl-[^:@]+' || true); do workstation_link "$l"; done
}

# workstation_filter_down: remove the root-namespace table and switch forwarding off on the lab links.
workstation_filter_down() {
  local l
  nft delete table ip "$WORKSTATION_TABLE" 2>/dev/null || true
  for l in $(ip -o link show 2>/dev/null | grep -oE ' vl-[^:@]+' || true); do
    [ -w "/proc/sys/net/ipv4/conf/$l/forwarding" ] && echo 0 >"/proc/sys/net/ipv4/conf/$l/forwarding"
  done
  return 0
}

# workstation_link IFACE: enable IPv4 forwarding on one lab link of the root namespace — only while the
# filter table exists (fail closed: without it nothing is forwarded).
workstation_link() {
  local f=/proc/sys/net/ipv4/conf/$1/forwarding
  [ -w "$f" ] || return 0
  if nft list table ip "$WORKSTATION_TABLE" >/dev/null 2>&1; then echo 1 >"$f"; else echo 0 >"$f"; fi
}

# workstation_traces: print what the workstation left in the root namespace (empty = clean).
workstation_traces() {
  nft list table ip "$WORKSTATION_TABLE" >/dev/null 2>&1 && echo "nft: table ip $WORKSTATION_TABLE"
  return 0
}

# workstation_net ID: routes, DNAT and the reject rule inside the workstation's namespace.
workstation_net() {
  local id=$1 ns gw line a twin ports names rules="" dport
  ns=$(netns_name "$id"); gw=${TWIN_PREFIX[$id]}.1
  ip -n "$ns" route add "$LAB_NET" via "$gw" || die "$id: route to the lab failed"
  for line in "${WORKSTATION_MAP[@]}"; do
    read -r a twin ports names <<<"$line"
    ip -n "$ns" route add "$a/32" via "$gw" || die "$id: route for $a failed"
    dport=""; [ "$ports" = - ] || dport="tcp dport { $ports } "
    rules+="    ip daddr $a ${dport}dnat to ${TWIN_ADDR[$twin]}"$'\n'
  done
  ip netns exec "$ns" nft -f - <<EOF || die "$id: nft rules of the workstation failed"
table ip workstation {
  comment "documented addresses -> the twins' lab addresses; anything else is unreachable"
  chain output {
    type nat hook output priority -100; policy accept;
$rules  }
  chain confine {
    type filter hook output priority filter; policy accept;
    oifname "lo" accept
    ip daddr != $LAB_NET reject with icmp type net-unreachable
  }
}
EOF
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.lo.disable_ipv6=0 >/dev/null
  workstation_link "${TWIN_OUTER[$id]}"
}

# workstation_known_hosts: write dev's ~/.ssh/known_hosts in the workstation from the host keys of the
# twins that are up, under their documented names and addresses (a twin that is reset gets new keys: every
# twin_up calls this again). Serialised with flock; a no-op while the workstation is not up.
workstation_known_hosts() {
  local ws r kh line a twin ports names f out; ws=$(workstation_id); [ -n "$ws" ] || return 0
  host_pid "$ws" >/dev/null 2>&1 || return 0
  r=$(t_root "$ws"); kh=$r/home/dev/.ssh/known_hosts
  [ -d "$r/home/dev/.ssh" ] || return 0
  (
    flock 9
    out=$(mktemp)
    for line in "${WORKSTATION_MAP[@]}" "${WORKSTATION_JUMPED[@]}"; do
      read -r a twin ports names <<<"$line"
      [ "$names" = - ] && continue
      f=$(host_dir "$twin")/known_hosts
      [ -s "$f" ] && awk -v n="$names" '{ print n, $2, $3 }' "$f" >>"$out"
    done
    install -m 644 -o 1000 -g 1000 "$out" "$kh.tmp" && mv -f "$kh.tmp" "$kh"
    rm -f "$out"
  ) 9>"$(host_dir "$ws")/known_hosts.lock"
}

# workstation_twin_up ID: called by twin_up after a twin came up: its link forwards for the workstation, and
# the workstation trusts its (new) host keys.
workstation_twin_up() {
  local id=$1
  [ "${TWIN_ROLE[$id]:-}" = workstation ] && return 0
  [ -z "${TWIN_PARENT[$id]}" ] && workstation_link "${TWIN_OUTER[$id]}"
  workstation_known_hosts
}

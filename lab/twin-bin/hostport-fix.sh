#!/bin/sh
# hostport-fix.sh — runs INSIDE a twin (installed as /run/lab/hostport-fix.sh, called after container
# changes and by ports-watch.sh). Makes published container ports behave like Docker's:
#  1. netavark 1.4 turns an explicit host IP 0.0.0.0 (`docker run -p 0.0.0.0:80:80`, which `docker ps` needs
#     to show "0.0.0.0:80->80/tcp") into DNAT rules matching only destination 0.0.0.0/32, i.e. nothing.
#     Mirror those rules without the bogus match in our own chain LAB-HOSTPORT-DNAT (netavark's rules stay
#     untouched, so its own teardown keeps working); rebuilt on every call, atomically.
#  2. Containers resolve each other through aardvark-dns on their network's gateway address (Docker uses
#     an in-container resolver instead); ufw's "deny incoming" would drop those queries. Accept DNS from
#     container networks (172.16.0.0/12) to this host.
#  3. Docker accepts DNAT'ed (published) traffic in FORWARD before ufw sees it ("published ports bypass
#     ufw"); with ufw's "deny routed" policy podman's traffic would be dropped. Add that accept rule.
# guard: only ever act inside a twin (the lab installs this file into the twin's private /run/lab)
case $0 in /run/lab/hostport-fix.sh) ;; *) echo "hostport-fix.sh: refusing to run outside a lab twin" >&2; exit 1 ;; esac
# The chain is replaced in one iptables-restore transaction: a flush followed by adds left a window in
# which a published port had no DNAT, so a connection reached conmon's socket that holds the host port
# (nb-revproxy's NPM admin port 81 looked reachable from the build machine while this ran).
rules=$(iptables-save -t nat | grep -E '^-A NETAVARK-DN-[^ ]+ -d 0\.0\.0\.0/32 .*-j DNAT' \
  | sed -E 's/^-A NETAVARK-DN-[^ ]+ /-A LAB-HOSTPORT-DNAT /; s# -d 0\.0\.0\.0/32##')
{
  echo '*nat'
  echo ':LAB-HOSTPORT-DNAT - [0:0]'
  [ -z "$rules" ] || printf '%s\n' "$rules"
  echo COMMIT
} | iptables-restore --noflush
for chain in PREROUTING OUTPUT; do
  iptables -t nat -C $chain -m addrtype --dst-type LOCAL -j LAB-HOSTPORT-DNAT 2>/dev/null \
    || iptables -t nat -I $chain 1 -m addrtype --dst-type LOCAL -j LAB-HOSTPORT-DNAT
done
for proto in udp tcp; do
  iptables -C INPUT -s 172.16.0.0/12 -p $proto --dport 53 -j ACCEPT 2>/dev/null \
    || iptables -I INPUT 1 -s 172.16.0.0/12 -p $proto --dport 53 -j ACCEPT
done
# Docker evaluates DOCKER-USER before its own accept rules: where a twin has one (nb-revproxy), keep it first
pos=1
iptables -C FORWARD -j DOCKER-USER 2>/dev/null && pos=2
iptables -C FORWARD -m conntrack --ctstate DNAT -j ACCEPT 2>/dev/null \
  || iptables -I FORWARD "$pos" -m conntrack --ctstate DNAT -j ACCEPT
exit 0

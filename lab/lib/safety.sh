# shellcheck shell=bash
# lab/lib/safety.sh — root-namespace "unreachable" routes so no lab traffic can ever leave the machine.
# The machine has a default route via eth0; without these routes a connection to a stopped twin, to a
# documented public address or to a container subnet would be sent out of eth0.

# safety_ranges: print every range to blackhole, one per line ("-6 PREFIX" for IPv6), from all twins.
safety_ranges() {
  echo "$LAB_NET"
  local id r
  for id in "${LAB_TWINS[@]}"; do
    for r in ${TWIN_RANGES[$id]:-}; do
      case $r in *:*) echo "-6 $r" ;; *) echo "$r" ;; esac
    done
  done | awk '!seen[$0]++'
}

# safety_routes_add: add the unreachable routes (idempotent). Runs before any namespace is created.
safety_routes_add() {
  local line fam pfx
  while read -r line; do
    fam=; pfx=$line
    [[ $line == "-6 "* ]] && { fam=-6; pfx=${line#-6 }; }
    ip $fam route replace unreachable "$pfx" proto static metric 0 2>/dev/null \
      || die "could not add 'ip $fam route unreachable $pfx' (are you root? is iproute2 installed?)"
  done < <(safety_ranges)
  # verify: a lab address that no twin uses must be unroutable
  if ip route get 10.231.254.254 >/dev/null 2>&1; then
    die "safety check failed: 10.231.254.254 is routable from the root namespace; refusing to start twins"
  fi
}

# safety_routes_del: remove the unreachable routes added by safety_routes_add (missing ones are fine).
safety_routes_del() {
  local line fam pfx
  while read -r line; do
    fam=; pfx=$line
    [[ $line == "-6 "* ]] && { fam=-6; pfx=${line#-6 }; }
    ip $fam route del unreachable "$pfx" 2>/dev/null || true
  done < <(safety_ranges)
}

# safety_routes_present: print the lab's unreachable routes that currently exist (empty when clean).
safety_routes_present() {
  local line fam pfx
  while read -r line; do
    fam=; pfx=$line
    [[ $line == "-6 "* ]] && { fam=-6; pfx=${line#-6 }; }
    ip $fam route show type unreachable "$pfx" 2>/dev/null | sed "s|^|$fam |"
  done < <(safety_ranges)
}

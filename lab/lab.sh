#!/bin/bash
# lab/lab.sh — bash side of the lab CLI (lab/cli.ts calls it; people use `npm run lab -- …`).
# Usage: LAB_DIR=… bash lab/lab.sh <command> [args…]   (only the commands in LAB_COMMANDS below)
set -euo pipefail
LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); export LAB_ROOT
LAB_DIR=${LAB_DIR:-$(cd "$LAB_ROOT/.." && pwd)/.lab}; export LAB_DIR

# Twin registry (filled by lab/twins/*.sh through twin_register).
LAB_TWINS=()
declare -A TWIN_KIND TWIN_ADDR TWIN_PREFIX TWIN_OUTER TWIN_PARENT TWIN_RANGES TWIN_DOMAINS TWIN_HOSTNAME TWIN_MAC
# TWIN_ROLE[id]=workstation marks the workstation twin (lab/twins/dev-ws.sh): not a documented server
declare -A TWIN_ROLE

# twin_register ID KIND PREFIX OUTER_IFACE PARENT HOSTNAME "FOREIGN RANGES" "DOMAINS": declare a twin.
# KIND catatonit|systemd; PREFIX 10.231.N (twin = .2, its gateway side = .1); PARENT = jump host id or "".
twin_register() {
  LAB_TWINS+=("$1")
  TWIN_KIND[$1]=$2; TWIN_PREFIX[$1]=$3; TWIN_ADDR[$1]=$3.2; TWIN_OUTER[$1]=$4; TWIN_PARENT[$1]=$5
  TWIN_HOSTNAME[$1]=$6; TWIN_DOMAINS[$1]=$8
  # shellcheck disable=SC2034  # TWIN_RANGES is read by lab/lib/safety.sh (sourced by this script)
  TWIN_RANGES[$1]=$7
}

for f in "$LAB_ROOT"/lib/*.sh "$LAB_ROOT"/images/catalog.sh "$LAB_ROOT"/twins/*.sh "$LAB_ROOT"/drift/*.sh "$LAB_ROOT"/fleet/*.sh; do
  # shellcheck source=/dev/null  # the list is built at run time; each file is checked on its own
  [ -f "$f" ] && source "$f"
done

# twin_known ID: fail with a helpful message unless ID is a registered twin.
twin_known() {
  [ -n "${TWIN_KIND[$1]:-}" ] || die "unknown host '$1'; known hosts: ${LAB_TWINS[*]}"
}

# twins_json: print the twin registry as JSON (read by lab/cli.ts for status and the inventory).
twins_json() {
  local id out="[]"
  for id in "${LAB_TWINS[@]}"; do
    out=$(jq -c --arg id "$id" --arg kind "${TWIN_KIND[$id]}" --arg addr "${TWIN_ADDR[$id]}" \
      --arg jump "${TWIN_PARENT[$id]}" --arg hn "${TWIN_HOSTNAME[$id]}" --arg domains "${TWIN_DOMAINS[$id]}" \
      --arg role "${TWIN_ROLE[$id]:-twin}" \
      '. + [{id:$id, kind:$kind, address:$addr, port:22, jump:(if $jump == "" then null else $jump end),
             hostname:$hn, domains:($domains | split(" ") | map(select(. != ""))), role:$role}]' <<<"$out")
  done
  echo "$out"
}

# lab_prepare: everything shared by the twins, in safety order: unreachable routes first, then the client
# key, the PKI, os-release files and the image layers.
lab_prepare() {
  local t0; t0=$(now_ns)
  safety_routes_add
  mkdir -p "$LAB_DIR/keys" "$LAB_DIR/hosts"; chmod 700 "$LAB_DIR/keys"
  [ -s "$LAB_DIR/keys/id_lab" ] || ssh-keygen -q -t ed25519 -N '' -C lab-client -f "$LAB_DIR/keys/id_lab"
  pki_init
  certs_ensure_all
  osrel_write
  base_ensure
  catalog_layers
  local id
  for id in "${LAB_TWINS[@]}"; do
    declare -F "twin_prepare_${id//-/_}" >/dev/null && "twin_prepare_${id//-/_}"
  done
  images_store_build "$LAB_DIR"/images/*.tar
  touch "$LAB_DIR/prepared"
  log "prepare: safety routes, keys, PKI, images in $(ms "$t0") ms"
}

# lab_prepare_again: before a reset — lab_prepare, unless it ran since the lab came up, less than 12 hours
# ago and with no lab source changed since (its keys, PKI, images and filters are in place; ~3 s of every
# reset). The safety routes are checked every time.
lab_prepare_again() {
  local stamp="$LAB_DIR/prepared"
  if [ -n "$(find "$stamp" -mmin -720 2>/dev/null)" ] && [ -z "$(find "$LAB_ROOT" -newer "$stamp" -print -quit)" ]; then
    safety_routes_add
    log "prepare: done since the lab came up (safety routes checked)"
  else
    lab_prepare
  fi
}

# twin_state ID: print "up" when twin_up finished (it writes known_hosts last), the twin's PID 1 runs and its
# sshd listens on :22, else "down" (a twin whose start failed half-way is down, and `up` starts it again).
twin_state() {
  local id=$1
  if [ -s "$(host_dir "$id")/known_hosts" ] && host_pid "$id" >/dev/null 2>&1 && in_host "$id" ss -Htln 'sport = :22' 2>/dev/null | grep -q .; then echo up; else echo down; fi
}

# twins_states_json: print {"<id>": "up"|"down", …} for all twins.
twins_states_json() {
  local id out="{}"
  for id in "${LAB_TWINS[@]}"; do
    out=$(jq -c --arg id "$id" --arg st "$(twin_state "$id")" '. + {($id): $st}' <<<"$out")
  done
  echo "$out"
}

# twin_up ID: bring one twin up from nothing (its network namespace, then the twin's own definition).
twin_up() {
  local id=$1 t0; t0=$(now_ns); twin_known "$id"
  [ "$(twin_state "$id")" = up ] && { log "$id: already up"; return 0; }
  twin_down "$id" quiet
  local p=${TWIN_PARENT[$id]}
  if [ -n "$p" ]; then
    local i
    for ((i = 0; i < 1500; i++)); do [ -e "/run/netns/$(netns_name "$p")" ] && break; sleep 0.02; done
    [ -e "/run/netns/$(netns_name "$p")" ] || die "$id needs its jump host $p, which is not up"
  fi
  mkdir -p "$(host_dir "$id")"
  netns_create "$id"
  netns_link "$id" "${TWIN_PREFIX[$id]}" "${TWIN_OUTER[$id]}" "$p" "${TWIN_MAC[$id]:-}"
  "twin_up_${id//-/_}"
  sshd_known_hosts "$id" "${TWIN_ADDR[$id]}" >"$(host_dir "$id")/known_hosts"
  workstation_twin_up "$id"   # its link forwards for the workstation twin, which trusts its new host keys
  log "$id: UP in $(ms "$t0") ms"
}

# twin_down ID [quiet]: stop one twin and remove everything it left (processes, netns, cgroups, state dir).
twin_down() {
  local id=$1 H; twin_known "$id"; H=$(host_dir "$id")
  if [ -d "$H" ] || [ -e "/run/netns/$(netns_name "$id")" ]; then
    case $(cat "$H/kind" 2>/dev/null || echo "${TWIN_KIND[$id]}") in
      systemd) nspawn_stop "$id" ;;
      *) host_stop "$id" ;;
    esac
    if [ -z "${TWIN_PARENT[$id]}" ]; then ip link del "${TWIN_OUTER[$id]}" 2>/dev/null || true; fi
    netns_destroy "$id"
    rm -rf "$H"
    [ "${2:-}" = quiet ] || log "$id: down"
  fi
  return 0
}

# host_exec ID -- CMD…: run CMD inside twin ID as root; its exit code is passed through.
host_exec() {
  local id=$1; shift; [ "${1:-}" = -- ] && shift
  twin_known "$id" 2>/dev/null || fleet_known "$id" || die "unknown host '$id'"
  [ $# -gt 0 ] || die "nothing to run: use 'exec $id -- <command…>'"
  local p; p=$(host_pid "$id") || die "lab host '$id' is not running (start it with 'npm run lab -- up')"
  exec nsenter -t "$p" -a -- "${HOST_ENV[@]}" "$@"
}

# lab_down_global: after all hosts are gone: sweep leftovers of crashed runs (lab-* namespaces and the
# processes in them, lab links), then remove the safety routes and the /run leftovers.
lab_down_global() {
  local ns p l
  dns_down quiet
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^lab-' || true); do
    warn "sweeping leftover network namespace $ns"
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  for l in $(ip -o link show 2>/dev/null | grep -oE ' (vl-[^:@]+|vf-[0-9]+|lab-fleet[0-9]+)' || true); do ip link del "$l" 2>/dev/null || true; done
  for c in systemd unified; do
    if [ -d "/sys/fs/cgroup/$c/lab" ]; then find "/sys/fs/cgroup/$c/lab" -depth -type d -exec rmdir {} \; 2>/dev/null || true; fi
  done
  workstation_filter_down
  safety_routes_del
  rm -f "$LAB_DIR/prepared"   # the routes and filters lab_prepare set up are gone
  nspawn_cleanup_global
  netns_cleanup_run
}

# lab_traces: print every trace the lab can leave outside $LAB_DIR (empty output = clean).
lab_traces() {
  local id
  ip netns list 2>/dev/null | grep -E '^lab-' | sed 's/^/netns: /' || true
  [ -e /run/netns ] && echo "dir: /run/netns"
  [ -e /run/systemd/nspawn ] && echo "dir: /run/systemd/nspawn"
  safety_routes_present | sed 's/^/route: /'
  workstation_traces
  ip -o link show 2>/dev/null | grep -oE ' (vl-[^:@]+|vf-[0-9]+|lab-fleet[0-9]+)' | sed 's/^ /link: /' || true
  for c in systemd unified; do [ -e "/sys/fs/cgroup/$c/lab" ] && echo "cgroup: /sys/fs/cgroup/$c/lab"; done
  grep -F "$LAB_DIR" /proc/self/mountinfo | awk '{print "mount: " $5}' || true
  local p
  for p in $(pgrep -x catatonit) $(pgrep -x systemd-nspawn); do
    # only holders started by the lab (their unshare parent or nspawn command line names lab state)
    if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = catatonit ]; then
      grep -qs "$LAB_DIR" /proc/"$p"/mountinfo && echo "process: $p catatonit (lab host holder)"
    elif tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | grep -qF "$LAB_DIR"; then
      echo "process: $p $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-120)"
    fi
  done
  return 0
}

# The commands lab.sh runs (called by lab/cli.ts, by lab.sh itself for background jobs, and by the lab's
# tests); anything else is refused — lab.sh never runs an arbitrary function named on its command line.
LAB_COMMANDS=(
  twins_json twins_states_json lab_prepare lab_prepare_again twin_up twin_down host_exec dns_up lab_down_global lab_traces
  drift_list drift_apply drift_revert
  lab_prepare_fleet fleet_up fleet_down fleet_fault fleet_host_up fleet_host_down
  _nspawn_boot base_ensure base_tree_hash
)
cmd=${1:-}
[ -n "$cmd" ] || die "usage: lab.sh <command> [args…]; commands: ${LAB_COMMANDS[*]}"
case " ${LAB_COMMANDS[*]} " in
  *" $cmd "*) shift; "$cmd" "$@" ;;
  *) die "'$cmd' is not a lab.sh command; commands: ${LAB_COMMANDS[*]}" ;;
esac

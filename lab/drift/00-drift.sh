# shellcheck shell=bash
# lab/drift/00-drift.sh — named drift scenarios: each lab/drift/<name>.sh registers itself with
# drift_register and defines drift_apply_<name> / drift_revert_<name> (dashes as underscores).
# apply makes a twin differ from its documented state; revert restores it exactly.

DRIFT_NAMES=()
declare -A DRIFT_DESC DRIFT_HOST

# drift_register NAME HOST "DESCRIPTION": declare a scenario.
drift_register() { DRIFT_NAMES+=("$1"); DRIFT_HOST[$1]=$2; DRIFT_DESC[$1]=$3; }

# drift_list: one line per scenario: name, host, description (also the state when applied).
drift_list() {
  local n st
  for n in "${DRIFT_NAMES[@]}"; do
    st=""; [ -e "$LAB_DIR/drift/$n.applied" ] && st=" [applied]"
    printf '%-22s %-12s %s%s\n' "$n" "${DRIFT_HOST[$n]}" "${DRIFT_DESC[$n]}" "$st"
  done
}

# _drift_check NAME: fail unless NAME is a scenario whose twin is up.
_drift_check() {
  [ -n "${DRIFT_HOST[$1]:-}" ] || die "unknown drift scenario '$1'; see 'npm run lab -- drift list'"
  host_pid "${DRIFT_HOST[$1]}" >/dev/null || die "twin ${DRIFT_HOST[$1]} is not up; run 'npm run lab -- up' first"
}

# drift_apply NAME: apply scenario NAME (idempotent: applying twice is a no-op).
drift_apply() {
  _drift_check "$1"; mkdir -p "$LAB_DIR/drift"
  [ -e "$LAB_DIR/drift/$1.applied" ] && { log "drift $1 is already applied"; return 0; }
  "drift_apply_${1//-/_}"
  date -u +%FT%TZ >"$LAB_DIR/drift/$1.applied"
}

# drift_revert NAME: undo scenario NAME (idempotent); NAME "all" reverts every applied scenario.
drift_revert() {
  [ "$1" = all ] && { drift_revert_all_applied; return 0; }
  _drift_check "$1"
  "drift_revert_${1//-/_}"
  rm -f "$LAB_DIR/drift/$1.applied"
}

# drift_revert_all: revert every applied scenario (used by test teardown: `drift revert all`).
drift_revert_all_applied() {
  local f n
  for f in "$LAB_DIR"/drift/*.applied; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .applied)
    if host_pid "${DRIFT_HOST[$n]:-none}" >/dev/null 2>&1; then drift_revert "$n"; else rm -f "$f"; fi
  done
}

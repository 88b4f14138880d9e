# shellcheck shell=bash
# lab/drift/unit-stopped.sh — nb-vps: `systemctl stop nordabiznes` (the site answers 502).
drift_register unit-stopped nb-vps "nordabiznes.service stopped"

# drift_apply_unit_stopped: stop the unit.
drift_apply_unit_stopped() { in_host nb-vps systemctl stop nordabiznes; }

# drift_revert_unit_stopped: start it and wait for 127.0.0.1:5000.
drift_revert_unit_stopped() {
  in_host nb-vps systemctl start nordabiznes
  local i
  for ((i = 0; i < 200; i++)); do in_host nb-vps ss -Htln 'sport = :5000' | grep -q . && return 0; sleep 0.05; done
  die "nb-vps: nordabiznes does not listen on :5000 after start"
}

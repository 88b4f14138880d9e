# shellcheck shell=bash
# lab/drift/port-rebound-public.sh — nb-vps: the application unit listens on 0.0.0.0:5000 instead of 127.0.0.1:5000.
drift_register port-rebound-public nb-vps "nordabiznes.service rebound to 0.0.0.0:5000 (documented: 127.0.0.1:5000)"

# drift_apply_port_rebound_public: rewrite the unit's --bind and restart it.
drift_apply_port_rebound_public() { _drift_nbvps_bind 0.0.0.0:5000; }

# drift_revert_port_rebound_public: restore the documented unit and restart it.
drift_revert_port_rebound_public() { _drift_nbvps_bind 127.0.0.1:5000; }

# _drift_nbvps_bind BIND: rewrite nordabiznes.service for BIND, reload systemd, restart, wait for the listener.
_drift_nbvps_bind() {
  nbvps_unit "$(t_root nb-vps)" "$1"
  in_host nb-vps systemctl daemon-reload
  in_host nb-vps systemctl restart nordabiznes
  local i
  for ((i = 0; i < 200; i++)); do in_host nb-vps ss -Htln "src $1" | grep -q . && return 0; sleep 0.05; done
  die "nb-vps: nordabiznes does not listen on $1 after restart"
}

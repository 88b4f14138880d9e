# shellcheck shell=bash
# lab/drift/password-auth-enabled.sh — nb-vps: sshd accepts passwords (documented: passwordAuthentication false).
drift_register password-auth-enabled nb-vps "sshd PasswordAuthentication yes (drop-in 00-password.conf, reloaded)"

# drift_apply_password_auth_enabled: a drop-in that wins over 40-nordabiznes and the hardening, then reload sshd.
drift_apply_password_auth_enabled() {
  sshd_dropin nb-vps 00-password "PasswordAuthentication yes"
  sshd_reload nb-vps; _drift_sshd_wait nb-vps
}

# drift_revert_password_auth_enabled: remove the drop-in, reload.
drift_revert_password_auth_enabled() {
  rm -f "$(t_root nb-vps)/etc/ssh/sshd_config.d/00-password.conf"
  sshd_reload nb-vps; _drift_sshd_wait nb-vps
}

# _drift_sshd_wait ID: wait until sshd listens again after a reload (it re-executes itself).
_drift_sshd_wait() {
  local i
  for ((i = 0; i < 100; i++)); do in_host "$1" ss -Htln 'sport = :22' | grep -q . && return 0; sleep 0.05; done
  die "$1: sshd does not listen after reload"
}

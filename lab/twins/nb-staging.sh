# shellcheck shell=bash
# lab/twins/nb-staging.sh — twin of NORDABIZ-STAGING-01 (VM 248, 10.22.68.248, Ubuntu 22.04) from seed 002.
# Reachable ONLY through the jump host nb-revproxy: its link peers into nb-revproxy's namespace (iface
# ens19 there), never into the root namespace. Runs the application under gunicorn on 0.0.0.0:5000
# (the reverse proxy forwards staging.nordabiznes.pl to it). Catatonit host (no systemd units documented).

twin_register nb-staging catatonit 10.231.4 ens19 nb-revproxy nordabiz-staging-01 "" ""

# twin_up_nb_staging: build the staging twin in its (already linked) network namespace.
twin_up_nb_staging() {
  local id=nb-staging r
  netns_extra_addr "$id" ens18 10.22.68.248/24
  host_start "$id" nordabiz-staging-01 ubuntu-22.04
  r=$(t_root "$id")
  accounts_reset "$id"
  accounts_user "$id" maciejpi 1000 sudo
  accounts_authorize "$id" maciejpi
  accounts_lab_access "$id"
  sshd_keys "$id" nordabiz-staging-01
  sshd_hardening "$id"
  sshd_start "$id"
  nordabiznes_files "$r" LabSecret-nordabiz-staging-do-not-leak-4b17
  in_host "$id" bash -c "cd /var/www/nordabiznes && setsid runuser -u maciejpi -- $(nordabiznes_gunicorn_args 0.0.0.0:5000) --daemon" \
    || die "nb-staging: gunicorn did not start"
  local i
  for ((i = 0; i < 200; i++)); do in_host "$id" ss -Htln 'sport = :5000' | grep -q . && return 0; sleep 0.05; done
  warn "nb-staging: the application does not listen on :5000 yet"
}

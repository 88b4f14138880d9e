# shellcheck shell=bash
# lab/lib/sshd.sh — OpenSSH server of a twin: per-host host keys (ed25519 + ecdsa), key-only access,
# Debian's sshd_config plus drop-ins in /etc/ssh/sshd_config.d/ (first value wins, files in name order).

# sshd_keys TARGET: generate fresh host keys (ed25519, ecdsa) — never the machine's.
sshd_keys() {
  local r; r=$(t_root "$1")
  rm -f "$r"/etc/ssh/ssh_host_*key*
  ssh-keygen -q -t ed25519 -N '' -C "root@$2" -f "$r/etc/ssh/ssh_host_ed25519_key"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C "root@$2" -f "$r/etc/ssh/ssh_host_ecdsa_key"
}

# sshd_dropin TARGET NAME CONTENT: write /etc/ssh/sshd_config.d/NAME.conf.
sshd_dropin() {
  local r; r=$(t_root "$1")
  mkdir -p "$r/etc/ssh/sshd_config.d"
  printf '%s\n' "$3" >"$r/etc/ssh/sshd_config.d/$2.conf"
}

# sshd_hardening TARGET: the key-only baseline every twin starts from (50-hardening.conf); twins may add
# stricter drop-ins with lower numbers. Host keys are listed explicitly (no RSA key is generated).
sshd_hardening() {
  sshd_dropin "$1" 50-hardening "# key-only SSH (lab twin baseline)
HostKey /etc/ssh/ssh_host_ed25519_key
HostKey /etc/ssh/ssh_host_ecdsa_key
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UseDNS no"
}

# sshd_start ID: check the configuration and start sshd in catatonit host ID (daemonizes; pid in /run/sshd.pid).
sshd_start() {
  local id=$1 i
  in_host "$id" /usr/sbin/sshd -t || die "sshd configuration of $id is invalid (see the message above)"
  in_host "$id" /usr/sbin/sshd -E /var/log/sshd.log
  for ((i = 0; i < 250; i++)); do in_host "$id" ss -Htln 'sport = :22' | grep -q . && return 0; sleep 0.02; done
  die "sshd in $id does not listen on :22 (see /var/log/sshd.log inside the twin)"
}

# sshd_reload TARGET: make sshd re-read its configuration (SIGHUP; systemctl reload ssh on systemd hosts).
sshd_reload() {
  # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
  t_sh "$1" 'if [ -d /run/systemd/system ]; then systemctl reload ssh; else kill -HUP "$(cat /run/sshd.pid)"; fi'
}

# sshd_known_hosts TARGET ADDRESS: print known_hosts lines for every host key of TARGET as ADDRESS.
sshd_known_hosts() {
  local r f; r=$(t_root "$1")
  for f in "$r"/etc/ssh/ssh_host_*_key.pub; do echo "$2 $(cut -d' ' -f1,2 "$f")"; done
}

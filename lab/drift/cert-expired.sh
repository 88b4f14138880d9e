# shellcheck shell=bash
# lab/drift/cert-expired.sh — gm-vserver: NPM serves an expired certificate for gro-mate.tech (+ www).
drift_register cert-expired gm-vserver "gro-mate.tech served with an expired certificate (notAfter 2024-04-01)"

# drift_apply_cert_expired: swap the proxy host's certificate and reload nginx.
drift_apply_cert_expired() { _drift_gm_cert gro-mate.tech-expired; }

# drift_revert_cert_expired: the valid certificate again.
drift_revert_cert_expired() { _drift_gm_cert gro-mate.tech; }

# _drift_gm_cert CERT: install lab certificate CERT as NPM's npm-1 (gro-mate.tech) and reload NPM.
# nginx reloads asynchronously: wait (≤ 10 s) until the twin serves CERT.
_drift_gm_cert() {
  local want got i
  cert_install "$1" "$(t_root gm-vserver)/srv/dockerdata/nginx/letsencrypt/live/npm-1"
  npm_reload gm-vserver nginx_proxy_manager
  want=$(openssl x509 -noout -fingerprint -sha256 -in "$(PKI_DIR)/$1.crt")
  for ((i = 0; i < 100; i++)); do
    got=$(echo | timeout 5 openssl s_client -connect "${TWIN_ADDR[gm-vserver]}:443" -servername gro-mate.tech 2>/dev/null \
      | openssl x509 -noout -fingerprint -sha256 2>/dev/null || true)
    [ "$got" = "$want" ] && return 0
    sleep 0.1
  done
  die "gm-vserver: NPM does not serve certificate $1 after the reload"
}

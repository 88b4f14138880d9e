# lab/drift/cert-expired.sh — gm-vserver: NPM serves an expired certificate for gro-mate.tech (+ www).
drift_register cert-expired gm-vserver "gro-mate.tech served with an expired certificate (notAfter 2024-04-01)"

# drift_apply_cert_expired: swap the proxy host's certificate and reload nginx.
drift_apply_cert_expired() { _drift_gm_cert gro-mate.tech-expired; }

# drift_revert_cert_expired: the valid certificate again.
drift_revert_cert_expired() { _drift_gm_cert gro-mate.tech; }

# _drift_gm_cert CERT: install lab certificate CERT as NPM's npm-1 (gro-mate.tech) and reload NPM.
_drift_gm_cert() {
  cert_install "$1" "$(t_root gm-vserver)/srv/dockerdata/nginx/letsencrypt/live/npm-1"
  npm_reload gm-vserver nginx_proxy_manager
}

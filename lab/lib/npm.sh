# shellcheck shell=bash
# lab/lib/npm.sh — proxy hosts of the Nginx Proxy Manager twins, written the way NPM stores them:
# <data>/nginx/proxy_host/N.conf and <letsencrypt>/live/npm-N/{fullchain,privkey}.pem (the container
# mounts them at /data and /etc/letsencrypt).

# npm_proxy_host DATA LE N "DOMAINS" CERT SCHEME SERVER PORT: proxy host N forwarding to SCHEME://SERVER:PORT
# with certificate CERT (lab PKI name), HTTP->HTTPS redirect and HSTS ("Force SSL" + "HSTS" in NPM).
npm_proxy_host() {
  local data=$1 le=$2 n=$3 domains=$4 cert=$5 scheme=$6 server=$7 port=$8
  mkdir -p "$data/nginx/proxy_host" "$data/logs"
  cert_install "$cert" "$le/live/npm-$n"
  cat >"$data/nginx/proxy_host/$n.conf" <<CONF
# ------------------------------------------------------------
# ${domains// /, }
# ------------------------------------------------------------
server {
  set \$forward_scheme $scheme;
  set \$server         "$server";
  set \$port           $port;

  listen 80;
  listen 443 ssl http2;

  server_name $domains;

  # Let's Encrypt SSL
  include conf.d/include/letsencrypt-acme-challenge.conf;
  include conf.d/include/ssl-ciphers.conf;
  ssl_certificate /etc/letsencrypt/live/npm-$n/fullchain.pem;
  ssl_certificate_key /etc/letsencrypt/live/npm-$n/privkey.pem;

  # Force SSL
  include conf.d/include/force-ssl.conf;

  # HSTS (ngx_http_headers_module is required) (63072000 seconds = 2 years)
  add_header Strict-Transport-Security "max-age=63072000; preload" always;

  access_log /data/logs/proxy-host-${n}_access.log proxy;
  error_log /data/logs/proxy-host-${n}_error.log warn;

  location / {
    include conf.d/include/proxy.conf;
  }

  # Custom
  include /data/nginx/custom/server_proxy[.]conf;
}
CONF
}

# npm_static_host DATA LE N "DOMAINS" CERT BODY: like npm_proxy_host, but answers with a fixed page
# (used where the documented upstream lives on a network the proxy cannot reach in the lab).
npm_static_host() {
  local data=$1 le=$2 n=$3 domains=$4 cert=$5 body=$6
  npm_proxy_host "$data" "$le" "$n" "$domains" "$cert" http 127.0.0.1 80
  sed -i "s|^    include conf.d/include/proxy.conf;|    default_type text/html; return 200 '$body';|" "$data/nginx/proxy_host/$n.conf"
}

# npm_reload TWIN CONTAINER: make the proxy's nginx re-read configuration and certificates.
npm_reload() { in_host "$1" docker exec "$2" nginx -s reload >/dev/null; }

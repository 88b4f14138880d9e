# shellcheck shell=bash
# lab/images/catalog.sh — the container images the twins run, built locally (see lab/lib/images.sh).
# Each image = busybox base layer + lab-serve layer (+ nginx or PostgreSQL layer) + its own files from
# lab/images/files/<name>/, with an image config (Entrypoint/Cmd/Env/ExposedPorts/Volumes) shaped like
# the upstream image so `docker inspect`/`docker ps` look familiar. No registry is ever contacted.

declare -A CATALOG_LAYER   # layer name -> sha256 (filled by catalog_layers)

# catalog_layers: build (or reuse) all layers; fills CATALOG_LAYER.
catalog_layers() {
  images_rootfs_busybox; images_rootfs_nginx; images_rootfs_postgres
  local I; I=$(IMG_DIR); local files=$LAB_ROOT/images/files n
  CATALOG_LAYER[busybox]=$(images_layer busybox "$I/rootfs/busybox")
  CATALOG_LAYER[nginx]=$(images_layer nginx "$I/rootfs/nginx")
  CATALOG_LAYER[pgsql]=$(images_layer pgsql "$I/rootfs/postgres")
  for n in common postgres backend frontend pgadmin npm mailcow; do
    CATALOG_LAYER[$n]=$(images_layer "$n" "$files/$n")
  done
}

# _catalog_line REF "layer names" CONFIG_JSON: one spec line for images_archive.
_catalog_line() {
  local ref=$1 names=$2 cfg=$3 shas="" n
  for n in $names; do shas+="${shas:+,}${CATALOG_LAYER[$n]:?unknown layer $n}"; done
  printf '%s\t%s\t%s\n' "$ref" "$shas" "$(jq -c . <<<"$cfg")"
}

# Config fragments shared by images.
_CAT_PATH='"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'

# catalog_postgres REF: official-postgres-like image with a real PostgreSQL server (docker-entrypoint.sh runs
# initdb on an empty $PGDATA with POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB and the SQL in
# /docker-entrypoint-initdb.d, then execs postgres as uid 999; the real pg_isready, psql, pg_dump, pg_restore).
# Honest version: whatever the tag says (the documented postgres:16, postgres:16.4), the binaries are this
# machine's Debian PostgreSQL (15 on Debian 12), so PG_MAJOR, PG_VERSION and PATH name that version (lab/README.md).
catalog_postgres() {
  local v ver; v=$(images_pg_major); ver=$(dpkg-query -W -f='${Version}' "postgresql-$v" 2>/dev/null || echo "$v")
  _catalog_line "$1" "busybox common pgsql postgres" "{
    \"Env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/$v/bin\",
              \"LANG=C.UTF-8\", \"PG_MAJOR=$v\", \"PG_VERSION=$ver\", \"PGDATA=/var/lib/postgresql/data\"],
    \"Entrypoint\": [\"docker-entrypoint.sh\"], \"Cmd\": [\"postgres\"],
    \"ExposedPorts\": {\"5432/tcp\": {}}, \"Volumes\": {\"/var/lib/postgresql/data\": {}}, \"StopSignal\": \"SIGINT\"}"
}

# catalog_pgadmin REF: dpage/pgadmin4-like image (web UI on 80).
catalog_pgadmin() {
  _catalog_line "$1" "busybox common pgadmin" "{\"Env\": [$_CAT_PATH, \"PYTHONPATH=/pgadmin4\"], \"Entrypoint\": [\"/entrypoint.sh\"],
    \"ExposedPorts\": {\"80/tcp\": {}, \"443/tcp\": {}}, \"Volumes\": {\"/var/lib/pgadmin\": {}}, \"WorkingDir\": \"/pgadmin4\", \"User\": \"root\"}"
}

# catalog_backend REF: the locally built FastAPI backend (compose overrides CMD with gunicorn …).
catalog_backend() {
  _catalog_line "$1" "busybox common backend" "{\"Env\": [$_CAT_PATH, \"PYTHONUNBUFFERED=1\", \"PYTHON_VERSION=3.11.14\"],
    \"Cmd\": [\"gunicorn\", \"app.main:app\", \"-k\", \"uvicorn.workers.UvicornWorker\", \"--bind\", \"0.0.0.0:8000\", \"--workers\", \"4\"],
    \"ExposedPorts\": {\"8000/tcp\": {}}, \"WorkingDir\": \"/app\"}"
}

# catalog_frontend REF: the locally built Vue frontend on nginx:alpine.
catalog_frontend() {
  _catalog_line "$1" "busybox common nginx frontend" "{\"Env\": [$_CAT_PATH, \"NGINX_VERSION=1.29.3\"],
    \"Entrypoint\": [\"/docker-entrypoint.sh\"], \"Cmd\": [\"nginx\", \"-g\", \"daemon off;\"],
    \"ExposedPorts\": {\"80/tcp\": {}}, \"StopSignal\": \"SIGQUIT\"}"
}

# catalog_npm REF: jc21/nginx-proxy-manager-like image (real nginx, proxy hosts in /data, certs in /etc/letsencrypt).
catalog_npm() {
  _catalog_line "$1" "busybox common nginx npm" "{\"Env\": [$_CAT_PATH, \"NPM_BUILD_VERSION=2.12.6\", \"SUPPRESS_NO_CONFIG_WARNING=1\"],
    \"Entrypoint\": [\"/init\"], \"ExposedPorts\": {\"80/tcp\": {}, \"81/tcp\": {}, \"443/tcp\": {}},
    \"Volumes\": {\"/data\": {}, \"/etc/letsencrypt\": {}}, \"WorkingDir\": \"/app\"}"
}

# catalog_mailcow REF SERVICE: one image of the mailcow stack; SERVICE selects the listeners (mailcow-service).
catalog_mailcow() {
  _catalog_line "$1" "busybox common nginx mailcow" "{\"Env\": [$_CAT_PATH, \"MAILCOW_SERVICE=$2\"],
    \"Cmd\": [\"/usr/local/bin/mailcow-service\"], \"Labels\": {\"org.opencontainers.image.vendor\": \"mailcow\"}}"
}

# catalog_idle REF: an image that only exists locally (pulled but not running, e.g. keycloak).
catalog_idle() {
  _catalog_line "$1" "busybox common" "{\"Env\": [$_CAT_PATH], \"Cmd\": [\"lab-serve\", \"idle\"], \"ExposedPorts\": {\"8080/tcp\": {}, \"8443/tcp\": {}}}"
}

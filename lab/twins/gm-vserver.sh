# shellcheck shell=bash
# lab/twins/gm-vserver.sh — twin of the GroceryMate Hetzner vServer (seed 000, German).
# What the server looks like according to the source (its docker ps, ufw status, interfaces, users),
# written by hand — never generated from the docs' frontmatter. systemd-nspawn host (ssh.service, docker.service
# = podman's Docker API service, ufw.service, cron).
#
# Reality as the source shows it (choices where the source contradicts itself: lab/README.md):
#   hostname jeff-4gb-nbg1-15, Ubuntu 24.04.3 LTS; eth0 91.99.21.21/32 + 2a01:4f8:1c1a:ca2e::1/64
#   (link-local fe80::9000:6ff:fe9f:f487 via the MAC); docker0 172.17.0.1/16, br-6d7f2bca4e18
#   (grocery-mate_devnet, 172.18.0.1/16), br-mailcow (172.22.1.1/24); user jeff 1000 in sudo,users,docker(110);
#   GroceryMate compose stack + Nginx Proxy Manager (80/81/443, TLS for the gro-mate.tech names) +
#   mailcow containers; ufw active, deny incoming, the ports of §6.1.

twin_register gm-vserver systemd 10.231.1 vl-gm-vserver "" jeff-4gb-nbg1-15 \
  "91.99.21.21/32 2a01:4f8:1c1a:ca2e::/64 172.16.0.0/12" \
  "gro-mate.tech www.gro-mate.tech api.gro-mate.tech pg.gro-mate.tech mail.gro-mate.tech"
# shellcheck disable=SC2034  # TWIN_MAC is read by lab/lab.sh, which sources this file
TWIN_MAC["gm-vserver"]=92:00:06:9f:f4:87   # gives eth0 the documented link-local fe80::9000:6ff:fe9f:f487

cert_register gro-mate.tech "gro-mate.tech www.gro-mate.tech"
cert_register api.gro-mate.tech "api.gro-mate.tech"
cert_register pg.gro-mate.tech "pg.gro-mate.tech"
cert_register mail.gro-mate.tech "mail.gro-mate.tech"
cert_register gro-mate.tech-expired "gro-mate.tech www.gro-mate.tech" expired
cert_register gro-mate.tech-wrong-name "shop.example-lab.invalid" wrong-name

# Secrets the real stack keeps in its environment (lab values; tests check that the verifier never prints them).
GM_DB_PASSWORD=LabSecret-do-not-leak-7f3a
GM_PGADMIN_PASSWORD=LabSecret-pgadmin-do-not-leak-2c91
GM_GEMINI_KEY=LabSecret-gemini-do-not-leak-51be

# Images present on the server (docker images): reference -> catalog builder call.
GM_IMAGES=(
  "catalog_postgres docker.io/library/postgres:16"     # tags as documented; a real PostgreSQL, but the
  "catalog_postgres docker.io/library/postgres:16.4"   # machine's Debian 15 binaries (lab/README.md)
  "catalog_pgadmin docker.io/dpage/pgadmin4:latest"
  "catalog_backend docker.io/library/grocery-mate-backend:latest"
  "catalog_frontend docker.io/library/grocery-mate-frontend:latest"
  "catalog_npm docker.io/jc21/nginx-proxy-manager:latest"
  "catalog_idle quay.io/keycloak/keycloak:latest"
  "catalog_mailcow ghcr.io/mailcow/nginx:1.03 nginx"
  "catalog_mailcow ghcr.io/mailcow/postfix:1.80 postfix"
  "catalog_mailcow ghcr.io/mailcow/dovecot:2.33 dovecot"
  "catalog_mailcow ghcr.io/mailcow/rspamd:2.2 rspamd"
  "catalog_mailcow ghcr.io/mailcow/sogo:1.133 sogo"
  "catalog_mailcow ghcr.io/mailcow/acme:1.92 acme"
  "catalog_mailcow ghcr.io/mailcow/watchdog:2.08 watchdog"
  "catalog_mailcow docker.io/library/mariadb:10.11 mariadb"
  "catalog_mailcow docker.io/library/redis:7.4.2-alpine redis"
)

# Default image of each container (drift scenarios recreate containers with other images/env).
declare -A GM_IMAGE=(
  [grocery_postgres]=postgres:16 [grocery_backend]=grocery-mate-backend [grocery_frontend]=grocery-mate-frontend
  [pgadmin]=dpage/pgadmin4:latest [nginx_proxy_manager]=jc21/nginx-proxy-manager:latest
  [nginx-mailcow]=ghcr.io/mailcow/nginx:1.03 [postfix]=ghcr.io/mailcow/postfix:1.80
  [dovecot]=ghcr.io/mailcow/dovecot:2.33 [rspamd]=ghcr.io/mailcow/rspamd:2.2 [sogo]=ghcr.io/mailcow/sogo:1.133
  [acme]=ghcr.io/mailcow/acme:1.92 [watchdog]=ghcr.io/mailcow/watchdog:2.08
  [mariadb]=mariadb:10.11 [redis]=redis:7.4.2-alpine
)
GM_MAILCOW=(mariadb redis nginx-mailcow postfix dovecot rspamd sogo acme watchdog)

# The database of grocery_postgres as docker-compose.yml sets it up (the password comes from the .env:
# gm_docker_run); also part of the key of the seed cache (gm_pgdata_seed).
GM_PG_ENV=(-e POSTGRES_USER=grocery_user -e POSTGRES_PASSWORD -e POSTGRES_DB=grocery_db)

# Allowed incoming ports (§6.1, the most complete list; IPv4 + IPv6).
GM_UFW_PORTS="22 81 80 443 8082 8000 8001 8080 8081 8181 5174 25 465 587 110 995 143 993"

# twin_up_gm_vserver: boot the GroceryMate twin (files prepared before boot by gm_prepare), then firewall,
# Docker networks/volumes and the containers (as after a boot).
twin_up_gm_vserver() {
  local id=gm-vserver
  netns_extra_addr "$id" eth0 91.99.21.21/32 2a01:4f8:1c1a:ca2e::1/64
  podman_docker_bridge "$id"
  # documented / : /dev/sda1, 37.9 GB (seed 000 §2.1); the shared image store is visible read-only
  NSPAWN_BINDS="--bind-ro=$(IMG_DIR)/store"
  # docker-ce puts the CLI in /usr/bin (the units of the runbooks call /usr/bin/docker)
  NSPAWN_USR_BIN_LINKS="docker=/usr/local/bin/docker"
  export NSPAWN_ROOT_SIZE=37900000000 NSPAWN_ROOT_DEVICE=/dev/sda1 NSPAWN_BINDS NSPAWN_USR_BIN_LINKS
  nspawn_start "$id" jeff-4gb-nbg1-15 ubuntu-24.04 gm_prepare "ufw.service docker.service"
  unset NSPAWN_ROOT_SIZE NSPAWN_ROOT_DEVICE NSPAWN_BINDS NSPAWN_USR_BIN_LINKS
  # documented size (seed 000 §2.1): 2 vCPU, 3.7 GiB RAM, kernel 6.8.0-87-generic, /dev/sda15 (256 MB) at /boot/efi
  twin_resources "$id" 3884124 2 6.8.0-87-generic
  host_sh "$id" "mkdir -p /boot/efi; mountpoint -q /boot/efi || mount -t tmpfs -o size=256000k,mode=700 /dev/sda15 /boot/efi"
  # firewall in the background (only iptables, which nothing else touches before the first container starts)
  local rules=() p ufw_pid
  for p in $GM_UFW_PORTS; do rules+=("allow $p/tcp"); done
  ufw_setup "$id" "${rules[@]}" & ufw_pid=$!
  podman_nspawn_start "$id"
  podman_check_images "$id"
  gm_networks_volumes
  # Docker's volume directory (podman keeps them in /var/lib/containers/storage/volumes)
  host_sh "$id" 'mkdir -p /var/lib/docker/volumes /var/lib/containers/storage/volumes
    mountpoint -q /var/lib/docker/volumes || mount --bind /var/lib/containers/storage/volumes /var/lib/docker/volumes'
  wait "$ufw_pid" || die "gm-vserver: ufw setup failed"
  # sysstat has collected since boot: one sample in today's /var/log/sysstat/saDD (the cron job adds one every 10 min)
  host_sh "$id" 'mkdir -p /var/log/sysstat && /usr/lib/sysstat/sa1 1 1 2>/dev/null' || die "gm-vserver: sysstat's sa1 failed (install the Debian package sysstat)"
  gm_config_hashes
  gm_containers
  local i
  for ((i = 0; i < 100; i++)); do in_host "$id" ss -Htln 'sport = :22' | grep -q . && break; sleep 0.05; done
}

# gm_prepare ROOT ID HOSTNAME: (before boot, chroot into ROOT) users, SSH, project files, podman + docker.service.
gm_prepare() {
  local r=$1
  accounts_reset "$r"
  accounts_group "$r" docker 110
  accounts_user "$r" jeff 1000 sudo,users,docker
  # lab affordance for the runbook runner: jeff logs in with the lab key and may sudo without a password
  # (on the server he types his password; the twin has none). Named in the runbook report as a lab affordance.
  accounts_authorize "$r" jeff
  echo 'jeff ALL=(ALL) NOPASSWD:ALL' >"$r/etc/sudoers.d/jeff-lab"; chmod 440 "$r/etc/sudoers.d/jeff-lab"
  accounts_lab_access "$r"
  accounts_lock_all "$r"
  sshd_keys "$r" jeff-4gb-nbg1-15
  # documented (seed 000 §2.4 "Authentifizierung: Passwort (Stand)"): password authentication is on; no
  # account has a usable password (accounts_lock_all), so the twin is key-only in practice
  sshd_dropin "$r" 10-password-auth "# password authentication as documented (every account's password is *)
PasswordAuthentication yes
KbdInteractiveAuthentication no"
  sshd_hardening "$r"
  gm_files "$r"
  podman_nspawn_prepare "$r"
}

# twin_prepare_gm_vserver: (lab prepare) build the twin's image archive once per run.
twin_prepare_gm_vserver() { gm_images_archive "$LAB_DIR/images/gm-vserver.tar"; }

# gm_images_archive OUT: the docker-archive with every image of the server.
gm_images_archive() {
  local spec; spec=$(mktemp); local line
  for line in "${GM_IMAGES[@]}"; do $line >>"$spec"; done
  images_archive "$1" "$spec"; rm -f "$spec"
}

# gm_files ROOT: project directories, compose files, .env files, NPM data and certificates.
gm_files() {
  local r=$1
  local g=$r/home/jeff/grocery-mate m=$r/opt/mailcow-dockerized n=$r/srv/dockerdata/nginx
  mkdir -p "$g/backend/app" "$g/frontend" "$g/data" "$m/data" "$m/helper-scripts" "$n/data" "$n/letsencrypt"
  cp "$LAB_ROOT/twins/files/gm-vserver/docker-compose.yml" "$g/docker-compose.yml"
  printf 'DATABASE_URL=postgresql+psycopg2://grocery_user:%s@grocery_postgres:5432/grocery_db\nGEMINI_API_KEY=%s\n' \
    "$GM_DB_PASSWORD" "$GM_GEMINI_KEY" >"$g/backend/.env"
  echo 'VITE_BACKEND_URL=https://api.gro-mate.tech' >"$g/frontend/.env"
  printf 'DB_PASSWORD=%s\nPGADMIN_PASSWORD=%s\n' "$GM_DB_PASSWORD" "$GM_PGADMIN_PASSWORD" >"$g/.env"; chmod 600 "$g/.env"
  echo '{"Servers":{"1":{"Name":"grocery_postgres","Group":"Servers","Host":"grocery_postgres","Port":5432,"MaintenanceDB":"grocery_db","Username":"grocery_user","SSLMode":"prefer"}}}' >"$g/pgadmin_servers.json"
  printf '.env\n*/.env\ndata/\n' >"$g/.gitignore"
  chmod 600 "$g/backend/.env"
  # the project is a Git checkout (the .env files and data/ are ignored, so they are not in it)
  GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_AUTHOR_DATE=@1762560000 GIT_COMMITTER_DATE=@1762560000 \
    GIT_AUTHOR_NAME=jeff GIT_AUTHOR_EMAIL=jeff@gro-mate.tech GIT_COMMITTER_NAME=jeff GIT_COMMITTER_EMAIL=jeff@gro-mate.tech \
    sh -c 'git init -q -b main "$1" && git -C "$1" add -A && git -C "$1" commit -q -m "GroceryMate"' sh "$g" \
    || die "gm-vserver: git init of /home/jeff/grocery-mate failed (install the Debian package git)"
  chroot "$r" chown -R 1000:1000 /home/jeff/grocery-mate
  cp "$LAB_ROOT/twins/files/gm-vserver/mailcow-compose.yml" "$m/docker-compose.yml"
  printf 'MAILCOW_HOSTNAME=mail.gro-mate.tech\nMAILCOW_PASS_SCHEME=BLF-CRYPT\nHTTP_PORT=8080\nHTTP_BIND=\nHTTPS_PORT=8443\nHTTPS_BIND=\nSKIP_LETS_ENCRYPT=n\nSKIP_CLAMD=y\nTZ=Europe/Berlin\nCOMPOSE_PROJECT_NAME=mailcowdockerized\n' >"$m/mailcow.conf"
  ln -sf mailcow.conf "$m/.env"; chmod 600 "$m/mailcow.conf"
  # mailcow's certificate for postfix/dovecot (its acme container writes data/assets/ssl/{cert,key}.pem)
  mkdir -p "$m/data/assets/ssl"
  cp "$(PKI_DIR)/mail.gro-mate.tech.fullchain.pem" "$m/data/assets/ssl/cert.pem"
  install -m 600 "$(PKI_DIR)/mail.gro-mate.tech.key" "$m/data/assets/ssl/key.pem"
  printf '#!/bin/bash\necho "mailcow update (lab twin): nothing to do"\n' >"$m/update.sh"; chmod 755 "$m/update.sh"
  install -m 755 "$LAB_ROOT/twins/files/gm-vserver/backup_and_restore.sh" "$m/helper-scripts/backup_and_restore.sh"   # real backup of the volumes
  # `docker compose …` (v2 command line) for jeff and root: a CLI plugin that runs Debian's Compose 1.29 against the engine
  local u; for u in home/jeff:1000 root:0; do
    install -D -m 755 -o "${u#*:}" -g "${u#*:}" "$LAB_ROOT/twins/files/gm-vserver/docker-compose-plugin" "$r/${u%%:*}/.docker/cli-plugins/docker-compose"
  done
  # system cron jobs of the sysstat and certbot packages (seed §3.4, §8)
  local cf=$LAB_ROOT/twins/files/gm-vserver/cron
  mkdir -p "$r/etc/cron.d" "$r/etc/cron.daily"
  install -m 644 "$cf/cron.d-sysstat" "$r/etc/cron.d/sysstat"
  install -m 755 "$cf/cron.daily-sysstat" "$r/etc/cron.daily/sysstat"
  install -m 644 "$cf/cron.d-certbot" "$r/etc/cron.d/certbot"
  # Nginx Proxy Manager proxy hosts (ids as NPM would number them)
  npm_proxy_host "$n/data" "$n/letsencrypt" 1 "gro-mate.tech www.gro-mate.tech" gro-mate.tech http grocery_frontend 80
  npm_proxy_host "$n/data" "$n/letsencrypt" 2 "api.gro-mate.tech" api.gro-mate.tech http grocery_backend 8000
  npm_proxy_host "$n/data" "$n/letsencrypt" 3 "pg.gro-mate.tech" pg.gro-mate.tech http pgadmin 80
  npm_static_host "$n/data" "$n/letsencrypt" 4 "mail.gro-mate.tech" mail.gro-mate.tech '<html><title>mailcow UI</title><body>mailcow: dockerized</body></html>'
}

# gm_networks_volumes: the Docker networks and named volumes of both compose projects (created in parallel
# inside one shell of the twin).
gm_networks_volumes() {
  local script="set -e; pids=''" v
  script+=$'\n'"docker network create --driver bridge --subnet 172.18.0.0/16 --gateway 172.18.0.1 -o com.docker.network.bridge.name=br-6d7f2bca4e18 --label com.docker.compose.project=grocery-mate --label com.docker.compose.network=devnet --label com.docker.compose.version=2.40.3 grocery-mate_devnet >/dev/null & pids=\"\$pids \$!\""
  script+=$'\n'"docker network create --driver bridge --subnet 172.22.1.0/24 --gateway 172.22.1.1 -o com.docker.network.bridge.name=br-mailcow --label com.docker.compose.project=mailcowdockerized --label com.docker.compose.network=mailcow-network --label com.docker.compose.version=2.40.3 mailcowdockerized_mailcow-network >/dev/null & pids=\"\$pids \$!\""
  for v in postgres_data pgadmin_data; do
    script+=$'\n'"docker volume create --label com.docker.compose.project=grocery-mate --label com.docker.compose.volume=$v --label com.docker.compose.version=2.40.3 grocery-mate_$v >/dev/null & pids=\"\$pids \$!\""
  done
  for v in mysql-vol-1 redis-vol-1 vmail-vol-1 vmail-index-vol-1 rspamd-vol-1 clamd-db-vol-1 crypt-vol-1 postfix-vol-1 sogo-web-vol-1; do
    script+=$'\n'"docker volume create --label com.docker.compose.project=mailcowdockerized --label com.docker.compose.volume=$v --label com.docker.compose.version=2.40.3 mailcowdockerized_$v >/dev/null & pids=\"\$pids \$!\""
  done
  # shellcheck disable=SC2016  # script text for the twin's shell: $pids expands there
  script+=$'\n''for p in $pids; do wait $p; done'
  host_sh gm-vserver "$script" || die "gm-vserver: creating docker networks/volumes failed"
}

# gm_containers: start all containers at once (as after a boot: Docker starts every container with a
# restart policy in parallel; nothing here waits for another at start).
gm_containers() {
  local id=gm-vserver c t0 pids=(); t0=$(now_ns)
  # (never a bare `wait`: the twin's holder is a background child of this shell too; a fresh twin has no
  # containers to remove first: GM_FRESH)
  { gm_pgdata_seed && GM_FRESH=1 gm_run grocery_postgres; } & pids+=($!)
  for c in "${GM_MAILCOW[@]}" grocery_backend grocery_frontend pgadmin nginx_proxy_manager; do GM_FRESH=1 gm_run "$c" & pids+=($!); done
  for c in "${pids[@]}"; do wait "$c" || die "gm-vserver: a container failed to start (see $(host_dir "$id")/docker-run.err)"; done
  podman_ports_fix "$id"
  podman_wait_healthy "$id" grocery_postgres 90   # the seeded database (gm_pgdata_seed) starts
  local i
  for ((i = 0; i < 100; i++)); do in_host "$id" ss -Htln 'sport = :443' | grep -q . && break; sleep 0.05; done
  log "$id: $(in_host "$id" docker ps -q | wc -l) containers running in $(ms "$t0") ms"
}

# gm_pgdata_seed: fill the empty volume grocery-mate_postgres_data of a fresh twin with the database the
# image's first start creates (initdb, grocery_db, the initdb.d seed; the server cleanly shut down), as the
# volume of a server that has run before holds it. That first start (~2–4 s of CPU, the longest of the
# twin's container starts) runs once per key — the image (its binaries, entrypoint and seed) and the .env
# that sets the password — in a throwaway container; its result is cached in the lab directory.
gm_pgdata_seed() {
  local id=gm-vserver key cache vol
  vol="$(host_dir "$id")/containers/storage/volumes/grocery-mate_postgres_data/_data"
  [ -d "$vol" ] && [ -z "$(ls -A "$vol")" ] || return 0
  # shellcheck disable=SC2016  # script text for the twin's shell
  key=$(in_host "$id" sh -c 'docker image inspect -f "{{.Id}}" "$1" && cat /home/jeff/grocery-mate/.env' sh "${GM_IMAGE[grocery_postgres]}" \
    | { cat; echo "${GM_PG_ENV[*]}"; } | sha256sum | cut -c1-16)
  cache="$LAB_DIR/cache/gm-pgdata-$key.tar"
  if [ ! -s "$cache" ]; then
    mkdir -p "$LAB_DIR/cache"
    gm_docker_run --rm --network none "${GM_PG_ENV[@]}" -v grocery-mate_postgres_data:/var/lib/postgresql/data \
      "${GM_IMAGE[grocery_postgres]}" postgres --version >/dev/null || die "gm-vserver: the first start of PostgreSQL failed (see $(host_dir "$id")/docker-run.err)"
    (umask 077; tar -C "$vol" --numeric-owner -cf "$cache.tmp" .) && mv "$cache.tmp" "$cache"   # holds the password's SCRAM verifier
    find "$LAB_DIR/cache" -maxdepth 1 -name 'gm-pgdata-*.tar' ! -name "${cache##*/}" -delete   # other keys' seeds (~50 MB each)
  else
    tar -C "$vol" --numeric-owner -xpf "$cache"
  fi
}

# Compose's config hash per PROJECT/SERVICE (filled by gm_config_hashes). A container whose
# com.docker.compose.config-hash label matches is "up-to-date" for `docker compose up -d`.
declare -gA GM_CONFIG_HASH=()

# gm_config_hashes: ask the twin's `docker compose` (images loaded) for the config hash of every service
# of both projects, as `up` computes it. The answer depends only on the compose and .env files, the
# compose plugin and Debian's Compose: cached in the lab directory under a key of exactly those
# (two Compose runs, ~2 s of every gm-vserver reset).
gm_config_hashes() {
  local svc hash key cache
  # shellcheck disable=SC2016  # script text for the twin's shell
  key=$( { in_host gm-vserver sh -c 'cd /home/jeff/grocery-mate && cat docker-compose.yml .env backend/.env /opt/mailcow-dockerized/docker-compose.yml /opt/mailcow-dockerized/mailcow.conf'
    cat "$LAB_ROOT/twins/files/gm-vserver/docker-compose-plugin"; dpkg-query -W docker-compose; } | sha256sum | cut -c1-16)
  cache="$LAB_DIR/cache/gm-config-hashes-$key"
  if [ ! -s "$cache" ]; then
    mkdir -p "$LAB_DIR/cache"
    { in_host gm-vserver runuser -u jeff -- env HOME=/home/jeff sh -c 'cd /home/jeff/grocery-mate && docker compose config --hash="*"' | sed 's#^#grocery-mate/#'
      in_host gm-vserver sh -c 'cd /opt/mailcow-dockerized && docker compose config --hash="*"' | sed 's#^#mailcowdockerized/#'
    } >"$cache.tmp" && mv "$cache.tmp" "$cache"
  fi
  while read -r svc hash; do GM_CONFIG_HASH[$svc]=$hash; done <"$cache"
  [ "${#GM_CONFIG_HASH[@]}" -ge 14 ] || { rm -f "$cache"; die "gm-vserver: 'docker compose config --hash' gave ${#GM_CONFIG_HASH[@]} of 14 service hashes"; }
}

# gm_compose_labels VAR PROJECT SERVICE: set array VAR to the labels docker compose v2 puts on a container.
gm_compose_labels() {
  local -n out=$1
  local dir=/home/jeff/grocery-mate; [ "$2" = mailcowdockerized ] && dir=/opt/mailcow-dockerized
  # shellcheck disable=SC2034  # out is a nameref: the assignment sets the caller's array
  out=(--label "com.docker.compose.project=$2" --label "com.docker.compose.service=$3" --label com.docker.compose.container-number=1
       --label com.docker.compose.oneoff=False --label "com.docker.compose.project.working_dir=$dir"
       --label "com.docker.compose.project.config_files=$dir/docker-compose.yml" --label com.docker.compose.version=2.40.3)
  local hash=${GM_CONFIG_HASH[$2/$3]:-}
  [ -z "$hash" ] || out+=(--label "com.docker.compose.config-hash=$hash")
}

# gm_run NAME [IMAGE] [EXTRA DOCKER RUN ARGS…]: (re)create container NAME as the compose files define it
# (GM_FRESH=1: the twin has no container NAME yet, nothing to remove).
# IMAGE overrides the documented image (drift: image-tag-changed); extra args are added (drift: secret-env).
gm_run() {
  local name=$1 image=${2:-} id=gm-vserver; shift $(( $# >= 2 ? 2 : 1 ))
  [ -n "$image" ] || image=${GM_IMAGE[$name]:?unknown container $name}
  local dn=grocery-mate_devnet mn=mailcowdockerized_mailcow-network a=() labels=()
  case $name in
    grocery_postgres)
      gm_compose_labels labels grocery-mate postgres; a=(--network "$dn" --network-alias postgres --restart unless-stopped "${labels[@]}"
         "${GM_PG_ENV[@]}" -v grocery-mate_postgres_data:/var/lib/postgresql/data
         --health-cmd 'pg_isready -U grocery_user -d grocery_db' --health-interval 10s --health-timeout 5s --health-retries 5) ;;
    grocery_backend)
      gm_compose_labels labels grocery-mate backend; a=(--network "$dn" --network-alias backend --restart unless-stopped "${labels[@]}"
         -e DB_HOST=postgres -e DB_USER=grocery_user -e DB_PASSWORD -e DB_NAME=grocery_db
         -e DATABASE_URL -e GEMINI_API_KEY --expose 8000) ;;
    grocery_frontend)
      gm_compose_labels labels grocery-mate frontend; a=(--network "$dn" --network-alias frontend --restart unless-stopped "${labels[@]}" --expose 80) ;;
    pgadmin)
      gm_compose_labels labels grocery-mate pgadmin; a=(--network "$dn" --network-alias pgadmin --restart unless-stopped "${labels[@]}"
         -e PGADMIN_DEFAULT_EMAIL=admin@grocerymate.com -e PGADMIN_DEFAULT_PASSWORD
         -p 0.0.0.0:8082:80 -v grocery-mate_pgadmin_data:/var/lib/pgadmin
         -v /home/jeff/grocery-mate/pgadmin_servers.json:/pgadmin4/servers.json:ro) ;;
    nginx_proxy_manager)
      gm_compose_labels labels grocery-mate nginx-proxy-manager; a=(--network "$dn" --network-alias nginx-proxy-manager --restart unless-stopped "${labels[@]}"
         -p 0.0.0.0:80:80 -p 0.0.0.0:81:81 -p 0.0.0.0:443:443
         -v /srv/dockerdata/nginx/data:/data -v /srv/dockerdata/nginx/letsencrypt:/etc/letsencrypt) ;;
    nginx-mailcow) gm_compose_labels labels mailcowdockerized nginx-mailcow; a=(--network "$mn" --network-alias nginx --restart always "${labels[@]}") ;;
    postfix)
      gm_compose_labels labels mailcowdockerized postfix-mailcow; a=(--network "$mn" --network-alias postfix --restart always "${labels[@]}"
         -e MAILCOW_HOSTNAME=mail.gro-mate.tech -p 0.0.0.0:25:25 -p 0.0.0.0:465:465 -p 0.0.0.0:587:587
         -v mailcowdockerized_postfix-vol-1:/var/spool/postfix -v mailcowdockerized_crypt-vol-1:/var/lib/zeyple
         -v /opt/mailcow-dockerized/data/assets/ssl:/etc/ssl/mail:ro) ;;
    dovecot)
      gm_compose_labels labels mailcowdockerized dovecot-mailcow; a=(--network "$mn" --network-alias dovecot --restart always "${labels[@]}"
         -p 0.0.0.0:110:110 -p 0.0.0.0:143:143 -p 0.0.0.0:993:993 -p 0.0.0.0:995:995
         -v mailcowdockerized_vmail-vol-1:/var/vmail -v mailcowdockerized_vmail-index-vol-1:/var/vmail_index
         -v mailcowdockerized_crypt-vol-1:/mail_crypt -v /opt/mailcow-dockerized/data/assets/ssl:/etc/ssl/mail:ro) ;;
    rspamd) gm_compose_labels labels mailcowdockerized rspamd-mailcow; a=(--network "$mn" --network-alias rspamd --restart always "${labels[@]}"
         -v mailcowdockerized_rspamd-vol-1:/var/lib/rspamd) ;;
    sogo) gm_compose_labels labels mailcowdockerized sogo-mailcow; a=(--network "$mn" --network-alias sogo --restart always "${labels[@]}"
         -v mailcowdockerized_sogo-web-vol-1:/sogo_web) ;;
    acme) gm_compose_labels labels mailcowdockerized acme-mailcow; a=(--network "$mn" --network-alias acme --restart always "${labels[@]}") ;;
    watchdog) gm_compose_labels labels mailcowdockerized watchdog-mailcow; a=(--network "$mn" --network-alias watchdog --restart always "${labels[@]}") ;;
    mariadb) gm_compose_labels labels mailcowdockerized mysql-mailcow; a=(--network "$mn" --network-alias mysql --restart always "${labels[@]}"
         -v mailcowdockerized_mysql-vol-1:/var/lib/mysql) ;;
    redis) gm_compose_labels labels mailcowdockerized redis-mailcow; a=(--network "$mn" --network-alias redis --restart always "${labels[@]}"
         -v mailcowdockerized_redis-vol-1:/data) ;;
    *) die "gm-vserver has no container '$name'" ;;
  esac
  local cmd=()
  [ "$name" = grocery_backend ] && cmd=(gunicorn app.main:app -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000 --workers 4 --timeout 120)
  [ -n "${GM_FRESH:-}" ] || in_host "$id" docker rm -f "$name" >/dev/null 2>&1 || true
  gm_docker_run -d --name "$name" "${a[@]}" "$@" "$image" "${cmd[@]}" >/dev/null \
    || die "gm-vserver: 'docker run $name' failed (see $(host_dir "$id")/docker-run.err)"
}

# gm_docker_run ARGS…: `docker run ARGS…` inside gm-vserver, its errors appended to docker-run.err. The
# secrets (`-e NAME` without a value: POSTGRES_PASSWORD, DB_PASSWORD, DATABASE_URL, GEMINI_API_KEY,
# PGADMIN_DEFAULT_PASSWORD; a drift's in /run/lab/drift.env) come from the twin's .env files as compose
# would take them: never in argv.
gm_docker_run() {
  # shellcheck disable=SC2016  # script text for the twin's shell
  in_host gm-vserver sh -c 'set -a; . /home/jeff/grocery-mate/.env; . /home/jeff/grocery-mate/backend/.env; [ ! -f /run/lab/drift.env ] || . /run/lab/drift.env; set +a
    export POSTGRES_PASSWORD="$DB_PASSWORD" PGADMIN_DEFAULT_PASSWORD="$PGADMIN_PASSWORD"; exec docker run "$@"' docker-run \
    "$@" 2>>"$(host_dir gm-vserver)/docker-run.err"
}

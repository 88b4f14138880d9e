# shellcheck shell=bash
# lab/twins/nb-revproxy.sh — twin of R11-REVPROXY-01 (10.22.68.250), the on-prem Nginx Proxy Manager host
# (seed 002). Since the OVH migration it serves staging only (staging.nordabiznes.pl -> staging :5000),
# and it is the SSH jump host to the staging VM. Catatonit host; NPM in Docker (compose v1 naming, as the
# runbook's `docker exec nginx-proxy-manager_app_1` shows), ports 80/81/443.

twin_register nb-revproxy catatonit 10.231.3 vl-nb-revproxy "" r11-revproxy-01 \
  "10.22.68.0/24 85.237.177.83/32 172.16.0.0/12" "staging.nordabiznes.pl"

cert_register staging.nordabiznes.pl "staging.nordabiznes.pl"

# twin_prepare_nb_revproxy: (lab prepare) the image archive of this twin.
twin_prepare_nb_revproxy() {
  local spec; spec=$(mktemp)
  catalog_npm docker.io/jc21/nginx-proxy-manager:latest >"$spec"
  images_archive "$LAB_DIR/images/nb-revproxy.tar" "$spec"; rm -f "$spec"
}

# twin_up_nb_revproxy: build the reverse-proxy twin in its (already linked) network namespace.
twin_up_nb_revproxy() {
  local id=nb-revproxy r d=/opt/nginx-proxy-manager
  netns_extra_addr "$id" ens18 10.22.68.250/24
  host_start "$id" r11-revproxy-01 ubuntu-22.04
  r=$(t_root "$id")
  accounts_reset "$id"
  accounts_group "$id" docker
  accounts_user "$id" maciejpi 1000 sudo,docker
  accounts_authorize "$id" maciejpi
  accounts_lab_access "$id"
  sshd_keys "$id" r11-revproxy-01
  sshd_dropin "$id" 40-jumphost "# jump host for the staging VM
AllowTcpForwarding yes
PermitRootLogin prohibit-password"
  sshd_hardening "$id"
  sshd_start "$id"
  # NPM: compose project in $d, proxy host for staging (forwarding to the staging VM's lab address)
  mkdir -p "$r$d/data" "$r$d/letsencrypt"
  printf "version: '3.8'\nservices:\n  app:\n    image: 'jc21/nginx-proxy-manager:latest'\n    restart: unless-stopped\n    ports:\n      - '80:80'\n      - '81:81'\n      - '443:443'\n    volumes:\n      - ./data:/data\n      - ./letsencrypt:/etc/letsencrypt\n" >"$r$d/docker-compose.yml"
  npm_proxy_host "$r$d/data" "$r$d/letsencrypt" 1 staging.nordabiznes.pl staging.nordabiznes.pl http "${TWIN_ADDR[nb-staging]}" 5000
  podman_docker_bridge "$id"
  podman_setup "$id"
  podman_check_images "$id"
  in_host "$id" docker network create --subnet 172.19.0.0/16 --gateway 172.19.0.1 \
    --label com.docker.compose.project=nginx-proxy-manager --label com.docker.compose.network=default \
    --label com.docker.compose.version=1.29.2 nginx-proxy-manager_default >/dev/null
  # no ufw (none documented). What the source's FortiGate/port matrix admits — 22/80/443, the NPM admin UI
  # (81) only from the INPI LAN — is modelled at the twin's edge: nbr_run_npm drops 81 from outside
  # 10.22.68.0/24 in DOCKER-USER (published ports are DNAT'ed and forwarded), so from the build machine's
  # vantage point 81 is closed, as from the internet.
  nbr_run_npm
}

# nbr_run_npm: (re)create the NPM container as compose v1 would.
nbr_run_npm() {
  local id=nb-revproxy d=/opt/nginx-proxy-manager
  in_host "$id" docker rm -f nginx-proxy-manager_app_1 >/dev/null 2>&1 || true
  in_host "$id" docker run -d --name nginx-proxy-manager_app_1 --network nginx-proxy-manager_default --network-alias app \
    --restart unless-stopped -p 0.0.0.0:80:80 -p 0.0.0.0:81:81 -p 0.0.0.0:443:443 \
    -v "$d/data:/data" -v "$d/letsencrypt:/etc/letsencrypt" \
    --label com.docker.compose.project=nginx-proxy-manager --label com.docker.compose.service=app \
    --label com.docker.compose.container-number=1 --label com.docker.compose.oneoff=False \
    --label com.docker.compose.project.working_dir=$d --label com.docker.compose.version=1.29.2 \
    jc21/nginx-proxy-manager:latest >/dev/null 2>>"$(host_dir "$id")/docker-run.err" \
    || die "nb-revproxy: docker run of NPM failed (see $(host_dir "$id")/docker-run.err)"
  podman_ports_fix "$id"
  host_sh "$id" 'iptables -N DOCKER-USER 2>/dev/null || true
    iptables -F DOCKER-USER
    iptables -A DOCKER-USER -p tcp -m conntrack --ctstate DNAT --ctorigdstport 81 ! -s 10.22.68.0/24 -j DROP
    iptables -A DOCKER-USER -j RETURN
    iptables -D FORWARD -j DOCKER-USER 2>/dev/null || true
    iptables -I FORWARD 1 -j DOCKER-USER' || die "nb-revproxy: DOCKER-USER rules failed"
  local i
  for ((i = 0; i < 100; i++)); do in_host "$id" ss -Htln 'sport = :443' | grep -q . && break; sleep 0.05; done
}

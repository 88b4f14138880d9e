# shellcheck shell=bash
# lab/twins/nb-vps.sh — twin of the Norda Biznes production server: OVH VPS inpi-vps-waw01, 57.128.200.27,
# Ubuntu 22.04 (seed 002). systemd-nspawn host because the runbooks use systemctl/journalctl:
#   nginx (80 -> 301, 443 TLS for nordabiznes.pl + www), nordabiznes.service (gunicorn as maciejpi on
#   127.0.0.1:5000, 4 workers), postgresql (localhost:5432, database nordabiz, role nordabiz_app),
#   ssh (key-only, PermitRootLogin no, AllowUsers maciejpi), ufw allow 22/80/443, deny the rest.

twin_register nb-vps systemd 10.231.2 vl-nb-vps "" inpi-vps-waw01 "57.128.200.27/32" "nordabiznes.pl www.nordabiznes.pl"

cert_register nordabiznes.pl "nordabiznes.pl www.nordabiznes.pl"

NBVPS_DB_PASSWORD=LabSecret-nordabiz-do-not-leak-e5c2

# twin_up_nb_vps: boot the production twin (files are prepared before boot by nbvps_prepare).
twin_up_nb_vps() {
  local id=nb-vps
  netns_extra_addr "$id" eth0 57.128.200.27/32
  # documented size (seed 002): 4 vCPU, 8 GB RAM, 80 GB SSD (root filesystem = a sized tmpfs, see nspawn.sh)
  export NSPAWN_ROOT_SIZE=80000000000 NSPAWN_ROOT_DEVICE=/dev/sda1
  nspawn_start "$id" inpi-vps-waw01 ubuntu-22.04 nbvps_prepare \
    "nginx.service postgresql.service ufw.service nordabiznes.service cron.service postgresql@14-main.service"
  unset NSPAWN_ROOT_SIZE NSPAWN_ROOT_DEVICE
  twin_resources "$id" 8148568 4
  ufw_setup "$id" "allow 22/tcp" "allow 80/tcp" "allow 443/tcp"
  nbvps_database
  local i
  for ((i = 0; i < 200; i++)); do
    [ "$(in_host "$id" ss -Htln '( sport = :5000 or sport = :443 or sport = :5432 )' | wc -l)" -ge 3 ] && break; sleep 0.05
  done
}

# nbvps_prepare ROOT ID HOSTNAME: (before boot, chroot into ROOT) users, SSH, nginx site + certificate,
# the application and its unit, PostgreSQL listening on localhost.
nbvps_prepare() {
  local r=$1
  accounts_reset "$r"
  accounts_user "$r" maciejpi 1000 sudo
  accounts_authorize "$r" maciejpi
  echo 'maciejpi ALL=(ALL) NOPASSWD:ALL' >"$r/etc/sudoers.d/maciejpi"; chmod 440 "$r/etc/sudoers.d/maciejpi"
  accounts_lab_access "$r"
  sshd_keys "$r" inpi-vps-waw01
  # documented: root login off, only maciejpi; the lab adds its `verifier` user and root from the lab net
  sshd_dropin "$r" 40-nordabiznes "# /etc/ssh/sshd_config.d/40-nordabiznes.conf
PermitRootLogin no
PasswordAuthentication no
PubkeyAuthentication yes
AllowUsers maciejpi verifier"
  sshd_hardening "$r"
  printf '\n# lab access: root with the lab key, from the lab network only\nMatch User root Address 10.231.0.0/16\n    PermitRootLogin prohibit-password\n    AllowUsers root\n' \
    >>"$r/etc/ssh/sshd_config"
  # nginx + certbot-style certificate
  cert_install nordabiznes.pl "$r/etc/letsencrypt/live/nordabiznes.pl"
  rm -f "$r/etc/nginx/sites-enabled/default"
  cp "$LAB_ROOT/twins/files/nb-vps/nordabiznes.pl.nginx" "$r/etc/nginx/sites-available/nordabiznes.pl"
  ln -sfn ../sites-available/nordabiznes.pl "$r/etc/nginx/sites-enabled/nordabiznes.pl"
  # application + unit
  nordabiznes_files "$r" "$NBVPS_DB_PASSWORD"
  nbvps_unit "$r" 127.0.0.1:5000
  ln -sfn /etc/systemd/system/nordabiznes.service "$r/etc/systemd/system/multi-user.target.wants/nordabiznes.service"
  # PostgreSQL: the twin's own cluster of the installed server version (never the machine's cluster)
  local pgconf pgver; pgver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\n' 2>/dev/null | sort -n | tail -1)
  [ -n "$pgver" ] || die "nb-vps: no PostgreSQL server on this machine (install the Debian package postgresql)"
  [ -d "$r/etc/postgresql/$pgver/main" ] || chroot "$r" "${HOST_ENV[@]}" pg_createcluster --locale C.UTF-8 "$pgver" main >/dev/null \
    || die "nb-vps: pg_createcluster $pgver main failed"
  pgconf=$r/etc/postgresql/$pgver/main
  mkdir -p "$pgconf/conf.d"; printf "listen_addresses = 'localhost'\nport = 5432\n" >"$pgconf/conf.d/nordabiznes.conf"
  # documented: cluster 14/main, unit postgresql@14-main.service. Debian ships 15 only: the unit
  # postgresql@14-main runs the available cluster (drop-in), which is `manual` so only that unit starts it.
  local ver; ver=$(basename "$(dirname "$pgconf")")
  if [ "$ver" != 14 ]; then
    echo manual >"$pgconf/start.conf"
    mkdir -p "$r/etc/systemd/system/postgresql@14-main.service.d"
    cat >"$r/etc/systemd/system/postgresql@14-main.service.d/lab-twin.conf" <<UNIT
# lab twin: the documented cluster 14/main is the distribution's $ver/main
[Unit]
AssertPathExists=
AssertPathExists=/etc/postgresql/$ver/main/postgresql.conf
RequiresMountsFor=
RequiresMountsFor=/etc/postgresql/$ver/main /var/lib/postgresql/$ver/main
[Service]
ExecStart=
ExecStart=-/usr/bin/pg_ctlcluster --skip-systemctl-redirect $ver-main start
ExecStop=
ExecStop=/usr/bin/pg_ctlcluster --skip-systemctl-redirect -m fast $ver-main stop
ExecReload=
ExecReload=/usr/bin/pg_ctlcluster --skip-systemctl-redirect $ver-main reload
PIDFile=/run/postgresql/$ver-main.pid
UNIT
    ln -sfn /lib/systemd/system/postgresql@.service "$r/etc/systemd/system/multi-user.target.wants/postgresql@14-main.service"
  fi
  mkdir -p "$r/backup/nordabiz" 2>/dev/null || true
}

# nbvps_unit ROOT BIND: write /etc/systemd/system/nordabiznes.service (gunicorn bound to BIND).
nbvps_unit() {
  cat >"$1/etc/systemd/system/nordabiznes.service" <<UNIT
[Unit]
Description=Norda Biznes Partner (gunicorn)
After=network.target postgresql.service

[Service]
User=maciejpi
Group=maciejpi
WorkingDirectory=/var/www/nordabiznes
EnvironmentFile=/var/www/nordabiznes/.env
ExecStart=$(nordabiznes_gunicorn_args "$2")
ExecReload=/bin/kill -s HUP \$MAINPID
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
}

# nbvps_database: create the role nordabiz_app and the database nordabiz (after boot).
nbvps_database() {
  local id=nb-vps i
  for ((i = 0; i < 100; i++)); do in_host "$id" runuser -u postgres -- psql -qAtc 'select 1' >/dev/null 2>&1 && break; sleep 0.1; done
  in_host "$id" runuser -u postgres -- psql -qv ON_ERROR_STOP=1 >/dev/null <<SQL || warn "nb-vps: database setup failed"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nordabiz_app') THEN
    CREATE ROLE nordabiz_app LOGIN PASSWORD '$NBVPS_DB_PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE nordabiz OWNER nordabiz_app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'nordabiz')\gexec
SQL
}

# shellcheck shell=bash
# lab/twins/dev-ws.sh — the workstation twin: the developer laptop the `dev@local` blocks run on (`dig`,
# `ping`, `curl -I https://…`, `openssl s_client`, `ssh maciejpi@57.128.200.27 …`, `ssh -J …`, `rsync`).
# Not a server of the estates: it never appears in the verifier's inventory (cli.ts writes it to
# .lab/workstation.yaml, which only the runbook runner reads). Catatonit host with sshd; user `dev` (uid 1000)
# holds the lab key — the key the twins authorize for maciejpi and jeff — so a developer's ssh works.
# Network: lab/lib/workstation.sh (no default route; documented addresses DNAT'ed to the twins inside its
# own namespace; everything else "Network is unreachable").

twin_register dev-ws catatonit 10.231.20 vl-dev-ws "" dev-laptop "" ""
# shellcheck disable=SC2034  # TWIN_ROLE is read by lab/lab.sh and lab/lib/workstation.sh
TWIN_ROLE["dev-ws"]=workstation

# twin_prepare_dev_ws: (lab prepare) the root-namespace forwarding table for the workstation.
twin_prepare_dev_ws() { workstation_filter_up; }

# twin_up_dev_ws: build the workstation in its (already linked) network namespace.
twin_up_dev_ws() {
  local id=dev-ws r
  host_start "$id" dev-laptop ubuntu-24.04
  r=$(t_root "$id")
  accounts_reset "$id"
  accounts_user "$id" dev 1000 "" /bin/bash
  accounts_authorize "$id" dev    # the runner logs in as dev
  accounts_authorize "$id" root
  # dev's own key: the lab key, which the twins authorize for maciejpi and jeff (no new key on any twin)
  install -m 600 -o 1000 -g 1000 "$LAB_DIR/keys/id_lab" "$r/home/dev/.ssh/id_ed25519"
  install -m 644 -o 1000 -g 1000 "$LAB_DIR/keys/id_lab.pub" "$r/home/dev/.ssh/id_ed25519.pub"
  # the jump host reaches the staging VM at its lab address; its host key is still checked as 10.22.68.248
  printf '%s\n' '# lab twin: nb-revproxy (the jump host) reaches the staging VM at its lab address;' \
    '# its host key is checked under the documented address' 'Host 10.22.68.248' \
    "    HostName ${TWIN_ADDR[nb-staging]}" '    HostKeyAlias 10.22.68.248' >"$r/home/dev/.ssh/config"
  chown 1000:1000 "$r/home/dev/.ssh/config"; chmod 600 "$r/home/dev/.ssh/config"
  # trust store: the lab CA next to the distribution's roots (curl and openssl verify the twins' TLS)
  install -m 644 "$LAB_DIR/pki/ca.crt" "$r/etc/ssl/certs/verified-runbooks-lab-ca.pem"
  ln -sfn verified-runbooks-lab-ca.pem "$r/etc/ssl/certs/$(openssl x509 -hash -noout -in "$LAB_DIR/pki/ca.crt").0"
  cat "$LAB_DIR/pki/ca.crt" >>"$r/etc/ssl/certs/ca-certificates.crt"
  dev_ws_checkout "$r/home/dev/nordabiz"
  in_host "$id" sysctl -qw net.ipv4.ping_group_range="0 2147483647" >/dev/null
  workstation_net "$id"
  sshd_keys "$id" dev-laptop
  sshd_hardening "$id"
  sshd_start "$id"
  workstation_known_hosts
}

# dev_ws_checkout DIR: dev's clone of the Norda Biznes repository (the application files the twins run,
# a git history with the documented remotes), for the deploy runbook's rsync.
dev_ws_checkout() {
  local d=$1
  mkdir -p "$d/templates" "$d/static/css" "$d/scripts"
  cp "$LAB_ROOT/twins/files/nordabiznes/app.py" "$d/app.py"
  printf '"""SQLAlchemy models (lab twin stub)."""\n' >"$d/database.py"
  for s in seo_audit social_media_audit gbp_audit fetch_company_news; do printf '"""%s (lab twin stub)."""\n' "$s" >"$d/scripts/$s.py"; done
  echo '<!doctype html><title>Norda Biznes</title>' >"$d/templates/base.html"
  echo 'body{font-family:sans-serif}' >"$d/static/css/main.css"
  printf '.env\nvenv/\n__pycache__/\n' >"$d/.gitignore"
  chown -R 1000:1000 "$d"
  in_host dev-ws runuser -u dev -- env HOME=/home/dev GIT_AUTHOR_DATE=2026-01-10T12:00:00Z GIT_COMMITTER_DATE=2026-01-10T12:00:00Z \
    bash -e -c 'cd ~/nordabiz && git init -q -b master && git config user.name "Dev" && git config user.email dev@dev-laptop.invalid \
      && git remote add origin git@github.com:pienczyn/nordabiz.git && git remote add inpi http://10.22.68.180:3000/maciejpi/nordabiz.git \
      && git add -A && git commit -q -m "Norda Biznes (lab twin checkout)"' \
    || die "dev-ws: the git checkout failed"
}

#!/bin/sh
# ports-watch.sh — runs INSIDE a twin (installed as /run/lab/ports-watch.sh, started once by the lab):
# the one published-port repair loop of every podman twin. hostport-fix.sh runs on every container start
# (podman events: a published port works as soon as `docker run`/`docker compose up`/a restart returns)
# and every 10 s as a backstop. With --healthchecks it also runs the containers' health checks every
# 10 s, what the systemd timers of docker/podman do; catatonit twins have no systemd.
case $0 in /run/lab/ports-watch.sh) ;; *) echo "ports-watch.sh: refusing to run outside a lab twin" >&2; exit 1 ;; esac
podman events --filter type=container --filter event=start --format '{{.ID}}' | while read -r _; do
  /run/lab/hostport-fix.sh >/dev/null 2>&1
done &
while sleep 10; do
  if [ "${1:-}" = --healthchecks ]; then
    for c in $(podman ps -q); do podman healthcheck run "$c" >/dev/null 2>&1; done
  fi
  /run/lab/hostport-fix.sh >/dev/null 2>&1
done

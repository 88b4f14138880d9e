# shellcheck shell=bash
# lab/drift/container-stopped.sh — grocery_postgres is stopped (docker ps no longer lists it).
drift_register container-stopped gm-vserver "grocery_postgres stopped (docker stop)"

# drift_apply_container_stopped: stop the database container.
drift_apply_container_stopped() { in_host gm-vserver docker stop -t 2 grocery_postgres >/dev/null; }

# drift_revert_container_stopped: start it again and wait until it is healthy.
drift_revert_container_stopped() {
  in_host gm-vserver docker start grocery_postgres >/dev/null
  podman_wait_healthy gm-vserver grocery_postgres
}

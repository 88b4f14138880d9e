# shellcheck shell=bash
# lab/drift/undocumented-container.sh — gm-vserver: the prepared Keycloak image now runs as a container
# publishing 8080 (the docs say it is only prepared, not running).
drift_register undocumented-container gm-vserver "container keycloak (quay.io/keycloak/keycloak:latest) running, 0.0.0.0:8080->8080"

# drift_apply_undocumented_container: start the container.
drift_apply_undocumented_container() {
  in_host gm-vserver docker run -d --name keycloak --restart unless-stopped -p 0.0.0.0:8080:8080 \
    -e KC_BOOTSTRAP_ADMIN_USERNAME=admin quay.io/keycloak/keycloak:latest lab-serve tcp:8080 >/dev/null
  podman_ports_fix gm-vserver
}

# drift_revert_undocumented_container: remove it. netavark deletes docker0 when its last container
# leaves, while dockerd keeps it: recreate it as the twin had it.
drift_revert_undocumented_container() {
  in_host gm-vserver docker rm -f keycloak >/dev/null 2>&1 || true
  podman_docker_bridge gm-vserver
  podman_ports_fix gm-vserver
}

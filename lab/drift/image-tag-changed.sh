# shellcheck shell=bash
# lab/drift/image-tag-changed.sh — grocery_postgres recreated from postgres:16.4 instead of postgres:16.
drift_register image-tag-changed gm-vserver "grocery_postgres recreated with image postgres:16.4 (documented: postgres:16)"

# drift_apply_image_tag_changed: recreate the container with the other tag (same volume, env, network).
drift_apply_image_tag_changed() { gm_run grocery_postgres postgres:16.4; podman_wait_healthy gm-vserver grocery_postgres; }

# drift_revert_image_tag_changed: recreate it with the documented image.
drift_revert_image_tag_changed() { gm_run grocery_postgres; podman_wait_healthy gm-vserver grocery_postgres; }

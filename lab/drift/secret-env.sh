# shellcheck shell=bash
# lab/drift/secret-env.sh — gm-vserver: grocery_frontend recreated with a secret in its environment.
# (Baseline secrets exist too: grocery_postgres has POSTGRES_PASSWORD=LabSecret-do-not-leak-7f3a.)
drift_register secret-env gm-vserver "grocery_frontend recreated with env VITE_API_SECRET=lab-secret-…"

# drift_apply_secret_env: recreate the frontend with the extra variable.
drift_apply_secret_env() { gm_run grocery_frontend "" -e VITE_API_SECRET=lab-secret-frontend-do-not-leak-9d2e; }

# drift_revert_secret_env: recreate it as documented.
drift_revert_secret_env() { gm_run grocery_frontend; }

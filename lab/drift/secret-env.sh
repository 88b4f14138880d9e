# shellcheck shell=bash
# lab/drift/secret-env.sh — gm-vserver: grocery_frontend recreated with a secret in its environment.
# (Baseline secrets exist too: grocery_postgres has POSTGRES_PASSWORD=LabSecret-do-not-leak-7f3a.)
drift_register secret-env gm-vserver "grocery_frontend recreated with env VITE_API_SECRET=lab-secret-…"

# The secret reaches the twin through a pipe (printf is a shell builtin) and docker run as `-e NAME`
# from the twin's drift env file, like the baseline secrets: never in a process's argv on the build machine.
DRIFT_SECRET_ENV_FILE=/run/lab/drift.env

# drift_apply_secret_env: recreate the frontend with the extra variable.
drift_apply_secret_env() {
  printf 'VITE_API_SECRET=%s\n' lab-secret-frontend-do-not-leak-9d2e \
    | in_host gm-vserver sh -c "umask 077; mkdir -p /run/lab && cat > $DRIFT_SECRET_ENV_FILE"
  gm_run grocery_frontend "" -e VITE_API_SECRET
}

# drift_revert_secret_env: recreate it as documented.
drift_revert_secret_env() { in_host gm-vserver rm -f "$DRIFT_SECRET_ENV_FILE"; gm_run grocery_frontend; }

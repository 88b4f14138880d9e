#!/bin/sh
# docker-entrypoint.sh (lab image of postgres:16): checks the environment like the official image, then runs CMD.
set -e
if [ "$1" = postgres ] && [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
  echo "Error: Database is uninitialized and superuser password is not specified." >&2; exit 1
fi
mkdir -p "$PGDATA"; [ -f "$PGDATA/PG_VERSION" ] || echo "$PG_MAJOR" > "$PGDATA/PG_VERSION"
echo "PostgreSQL init process complete; ready for start up."
exec "$@"

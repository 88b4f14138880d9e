#!/bin/sh
# docker-entrypoint.sh (lab image behind the tags postgres:16 and postgres:16.4): the start-up of the official
# postgres image, for a real PostgreSQL server — the Debian PostgreSQL of the machine that built the lab
# (PG_MAJOR, 15 on Debian 12), not 16: the tag is the documented fact, the binaries are not (lab/README.md).
#
# As root: create $PGDATA and the socket directory, hand them to postgres (uid 999) and run this script again
# as postgres (setpriv instead of the official image's gosu). As postgres, on an empty $PGDATA: initdb with
# POSTGRES_USER as superuser and POSTGRES_PASSWORD (through a pipe, never argv), the official defaults
# (local socket and 127.0.0.1 trust, every other TCP client scram-sha-256, listen_addresses '*'), the lab's
# small memory settings; then a temporary server (socket only, in a directory pg_isready does not look at, so
# the health check stays unhealthy until the real server runs) creates POSTGRES_DB and runs
# /docker-entrypoint-initdb.d/*.sql|*.sql.gz|*.sh against it. Finally exec postgres.
set -eu

if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 00700 "$PGDATA"; chmod 03775 /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  # full path: busybox's sh prefers its own applets, and busybox's setpriv cannot change the user
  exec /usr/bin/setpriv --reuid=999 --regid=999 --clear-groups "$0" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
MSG
    exit 1
  fi
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of options, as in the official image
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    printf '%s\n' "$POSTGRES_PASSWORD" | initdb --username="$POSTGRES_USER" --pwfile=/dev/stdin \
      --locale=C.UTF-8 --encoding=UTF8 ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  else
    initdb --username="$POSTGRES_USER" --locale=C.UTF-8 --encoding=UTF8 ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  fi
  cat >>"$PGDATA/postgresql.conf" <<'CONF'

# docker-entrypoint.sh (official image): listen on every address of the container
listen_addresses = '*'
# lab twin: one more real server on a small build machine
shared_buffers = 16MB
max_connections = 40
CONF
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"

  init_sock=$(mktemp -d /tmp/pg-init.XXXXXX)
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=$init_sock" -w start
  export PGHOST="$init_sock" PGUSER="$POSTGRES_USER"
  psql_init() { psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc "$@"; }
  if [ "$POSTGRES_DB" != postgres ]; then
    psql_init -d postgres -q --set db="$POSTGRES_DB" <<'SQL'
CREATE DATABASE :"db";
SQL
  fi
  echo
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh)     echo "$0: running $f"
                # shellcheck disable=SC1090  # init scripts are whatever /docker-entrypoint-initdb.d holds
                . "$f" ;;
      *.sql)    echo "$0: running $f"; psql_init -d "$POSTGRES_DB" -q -f "$f" ;;
      *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | psql_init -d "$POSTGRES_DB" -q ;;
      */\*)     ;;
      *)        echo "$0: ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  rmdir "$init_sock"; unset PGHOST PGUSER
  echo
  echo 'PostgreSQL init process complete; ready for start up.'
  echo
elif [ "$1" = postgres ]; then
  echo
  echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
  echo
fi

exec "$@"

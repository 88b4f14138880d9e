#!/bin/bash
# helper-scripts/backup_and_restore.sh (lab twin): `backup all|vmail|mysql|…` really archives the mailcow
# volumes of this twin (like mailcow's script: one tar.gz per volume under
# $MAILCOW_BACKUP_LOCATION/mailcow-<date>/, plus mailcow.conf). `restore` is interactive in mailcow and
# is not implemented here (runbooks mark it skip:interactive).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "backup_and_restore.sh: must run as root (sudo)" >&2; exit 1; }
loc=${MAILCOW_BACKUP_LOCATION:?MAILCOW_BACKUP_LOCATION is not set}
case ${1:-} in
  backup)
    shift; what=${1:-all}
    dir=$loc/mailcow-$(date +%Y-%m-%d-%H-%M-%S); mkdir -p "$dir"; cp mailcow.conf "$dir/"
    declare -A vols=([vmail]=vmail-vol-1 [crypt]=crypt-vol-1 [redis]=redis-vol-1 [rspamd]=rspamd-vol-1 [postfix]=postfix-vol-1 [mysql]=mysql-vol-1)
    for k in "${!vols[@]}"; do
      [ "$what" = all ] || [ "$what" = "$k" ] || continue
      v=mailcowdockerized_${vols[$k]}
      src=$(docker volume inspect -f '{{.Mountpoint}}' "$v")
      tar -czf "$dir/backup_$k.tar.gz" -C "$src" .
      echo "Backed up $v to $dir/backup_$k.tar.gz"
    done ;;
  restore) echo "restore is interactive; run it in a terminal" >&2; exit 2 ;;
  *) echo "usage: $0 backup all|vmail|crypt|redis|rspamd|postfix|mysql | restore" >&2; exit 2 ;;
esac

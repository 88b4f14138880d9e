#!/bin/sh
# /docker-entrypoint.sh (lab image of grocery-mate-frontend, nginx:alpine based): runs CMD.
set -e
mkdir -p /var/lib/nginx/body /var/lib/nginx/proxy /var/cache/nginx
echo "/docker-entrypoint.sh: Configuration complete; ready for start up"
exec "$@"

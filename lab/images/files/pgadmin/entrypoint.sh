#!/bin/sh
# entrypoint.sh (lab image of dpage/pgadmin4): serves a login page on port 80.
echo "pgAdmin 4 - Application Initialisation"
mkdir -p /var/lib/pgadmin/sessions /var/lib/pgadmin/storage
exec lab-serve http:80:/pgadmin4/web

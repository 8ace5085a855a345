#!/bin/sh
# Creates the cluster on the first start (POSTGRES_USER as its superuser, with the password from
# POSTGRES_PASSWORD_FILE, and the database POSTGRES_DB), then runs PostgreSQL in the foreground,
# listening on every address with password (SCRAM) authentication.
set -eu
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initdb --username="$user" --pwfile="$POSTGRES_PASSWORD_FILE" --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 >/dev/null
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    if [ "$database" != postgres ]; then
        createdb --username="$user" --owner="$user" "$database"
    fi
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "postgres-entrypoint: created the cluster, user $user and database $database"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'

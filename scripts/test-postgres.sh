#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the store's tests and prints its URL (for
# BANBOT_TEST_POSTGRES_URL) on standard output: installs Debian's postgresql package when it
# is missing, creates and starts a cluster, and a role and database banbot_test with a
# password. Needs root and apt-get. Safe to run again: each step checks first. On failure it
# prints one line on standard error and exits 1; the tests then skip PostgreSQL, saying so.
set -euo pipefail

fail() { echo "PostgreSQL for the tests not set up: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "not root"
command -v apt-get >/dev/null || fail "no apt-get"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get update -q >"$log" 2>&1 || fail "apt-get update failed ($(tail -n1 "$log"))"
    timeout 900 apt-get install -y -q postgresql >"$log" 2>&1 \
        || fail "apt-get install postgresql failed ($(tail -n1 "$log"))"
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
[ -n "$version" ] || fail "no PostgreSQL server found under /usr/lib/postgresql"
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {found = 1} END {exit !found}'; then
    pg_createcluster "$version" main >"$log" 2>&1 || fail "pg_createcluster failed ($(tail -n1 "$log"))"
fi
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    pg_ctlcluster "$version" main start >"$log" 2>&1 || fail "pg_ctlcluster start failed ($(tail -n1 "$log"))"
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')

as_postgres() { (cd / && su postgres -c "$1") }
as_postgres "psql -q -p $port -v ON_ERROR_STOP=1" >"$log" 2>&1 <<'SQL' || fail "cannot create the role ($(tail -n1 "$log"))"
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'banbot_test') THEN
        CREATE ROLE banbot_test LOGIN CREATEDB PASSWORD 'banbot_test';
    ELSE
        ALTER ROLE banbot_test LOGIN CREATEDB PASSWORD 'banbot_test';
    END IF;
END
$$;
SQL
if ! as_postgres "psql -tA -p $port -c \"SELECT 1 FROM pg_database WHERE datname = 'banbot_test'\"" | grep -q 1; then
    as_postgres "createdb -p $port -O banbot_test banbot_test" >"$log" 2>&1 \
        || fail "cannot create the database ($(tail -n1 "$log"))"
fi
echo "postgresql://banbot_test:banbot_test@127.0.0.1:$port/banbot_test"

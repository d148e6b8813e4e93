#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for running the test suite against Postgres.
#
#   scripts/postgres.sh start   # install (if needed), init, start; prints DATABASE_URL=...
#   scripts/postgres.sh url     # prints the URL only, for DATABASE_URL="$(... url)"
#   scripts/postgres.sh stop    # stop the server and delete its data directory
#
# Environment:
#   PGPORT       TCP port (default 15432: away from the usual 5432 and below Linux's
#                ephemeral range, so no passing client socket can hold it).
#   PGDATA_DIR   cluster directory (default /tmp/rlsdiary-pg-$PGPORT, outside the repo;
#                it is deleted by `stop`, so never point it at anything you want to keep)
#
# The cluster listens on 127.0.0.1 only. Its Unix socket lives inside the data
# directory (mode 0700), so only the cluster's owner (and root) can use the
# passwordless superuser over the socket. TCP connections need a password
# (scram-sha-256): the app connects as role "rlsdiary", password "rlsdiary".
# The password is public, so this is for throwaway test clusters only.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
PORT="${PGPORT:-15432}"
DATA="${PGDATA_DIR:-/tmp/rlsdiary-pg-$PORT}"
DB_USER=rlsdiary
DB_PASSWORD=rlsdiary
DB_NAME=rlsdiary
URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# initdb refuses to run as root, so as root we act as the "postgres" user;
# any other user (including postgres itself) owns the cluster directly.
# `cd /` because the caller's cwd (e.g. /root) may be unreadable for postgres.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

ensure_installed() {
    [[ -x $PG_BIN/initdb ]] && return 0
    [[ $EUID -eq 0 ]] || die "$PG_BIN/initdb is missing; install postgresql-15 (needs root)"
    log "installing postgresql-15 with apt-get"
    local apt=(apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 postgresql-15)
    # Only refresh the package lists if the install fails without it.
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2; then
        apt-get update >&2 || die "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2 || die "apt-get install postgresql-15 failed"
    fi
    [[ -x $PG_BIN/initdb ]] || die "postgresql-15 installed but $PG_BIN/initdb is still missing"
}

is_running() {
    [[ -f $DATA/PG_VERSION ]] && as_owner "$PG_BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

# Superuser psql over the Unix socket in the data directory.
psql_admin() {
    as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DATA" -p "$PORT" -U postgres -d postgres "$@"
}

init_cluster() {
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist"
        mkdir -p "$DATA"
        chown postgres: "$DATA"
    else
        mkdir -p "$DATA"
    fi
    chmod 700 "$DATA"
    [[ -z $(ls -A "$DATA") ]] || die "$DATA exists and is neither empty nor a cluster; refusing to use it"

    log "initdb in $DATA"
    as_owner "$PG_BIN/initdb" -D "$DATA" -U postgres --encoding=UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null \
        || die "initdb failed"

    # Last setting wins, so appending overrides initdb's defaults. The durability
    # settings are off because this cluster is disposable and tests run faster.
    as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# --- added by scripts/postgres.sh (throwaway test cluster) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start() {
    ensure_installed
    if is_running; then
        log "already running in $DATA on 127.0.0.1:$PORT"
        echo "DATABASE_URL=$URL"
        return 0
    fi
    # A directory left behind by a crash or reboot is reused; otherwise create one.
    [[ -f $DATA/PG_VERSION ]] || init_cluster

    log "starting server on 127.0.0.1:$PORT"
    if ! as_owner "$PG_BIN/pg_ctl" start -w -t 60 -D "$DATA" -l "$DATA/server.log" >/dev/null; then
        tail -n 20 "$DATA/server.log" >&2 || true
        die "pg_ctl start failed (is port $PORT already in use?); log: $DATA/server.log"
    fi

    # Idempotent: only create the role/database if they are missing.
    # CREATEDB because Django's test runner creates and drops test_<name>.
    psql_admin <<EOF || die "could not create role/database"
SELECT 'CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD ''$DB_PASSWORD'''
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')\gexec
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
EOF
    log "ready"
    echo "DATABASE_URL=$URL"
}

stop() {
    if [[ ! -e $DATA ]]; then
        log "nothing to stop ($DATA does not exist)"
        return 0
    fi
    # Guard the rm -rf below: only ever delete something that is (or was about
    # to become) one of our clusters.
    [[ -f $DATA/PG_VERSION || -z $(ls -A "$DATA") ]] \
        || die "$DATA does not look like a PostgreSQL data directory; not deleting it"
    if is_running; then
        log "stopping server in $DATA"
        as_owner "$PG_BIN/pg_ctl" stop -w -m fast -D "$DATA" >/dev/null || die "pg_ctl stop failed"
    fi
    rm -rf -- "$DATA"
    log "removed $DATA"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 {start|stop|url}" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Throwaway Redis server, for the shared cache of several app servers (CACHE_URL) in tests and
# on a development machine.
#
#   scripts/redis.sh start   # install (if needed) and start; prints CACHE_URL=...
#   scripts/redis.sh url     # prints the URL only, for CACHE_URL="$(... url)"
#   scripts/redis.sh stop    # stop the server and delete its directory
#
# Environment:
#   REDIS_PORT   TCP port (default 16379: away from the usual 6379 and below Linux's
#                ephemeral range, like scripts/postgres.sh's 15432)
#   REDIS_DIR    the server's directory: pid file, log (default /tmp/rlsdiary-redis-$REDIS_PORT;
#                deleted by `stop`, so never point it at anything you want to keep)
#
# The server listens on 127.0.0.1 only, keeps nothing on disk (a cache: no snapshots, no
# append-only file) and wants the password "rlsdiary", which is public: test servers only.
set -euo pipefail

PORT="${REDIS_PORT:-16379}"
DIR="${REDIS_DIR:-/tmp/rlsdiary-redis-$PORT}"
PASSWORD=rlsdiary
URL="redis://:$PASSWORD@127.0.0.1:$PORT/0"

log() { echo "redis.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

ensure_installed() {
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
    [[ $EUID -eq 0 ]] || die "redis-server is missing; install Debian's redis-server (needs root)"
    log "installing redis-server with apt-get"
    local apt=(apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 redis-server)
    # Only refresh the package lists if the install fails without them.
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2; then
        apt-get update >&2 || die "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2 || die "apt-get install redis-server failed"
    fi
}

cli() { REDISCLI_AUTH=$PASSWORD redis-cli -h 127.0.0.1 -p "$PORT" "$@"; }

is_running() { [[ $(cli ping 2>/dev/null) == PONG ]]; }

start() {
    ensure_installed
    if is_running; then
        log "already running on 127.0.0.1:$PORT"
        echo "CACHE_URL=$URL"
        return 0
    fi
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    log "starting server on 127.0.0.1:$PORT in $DIR"
    # The password goes in through standard input, not the command line that `ps` shows.
    printf 'requirepass %s\n' "$PASSWORD" | redis-server - \
        --bind 127.0.0.1 --port "$PORT" --protected-mode yes \
        --dir "$DIR" --save "" --appendonly no \
        --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >&2 \
        || die "redis-server did not start; log: $DIR/redis.log"
    for _ in $(seq 100); do
        is_running && { log "ready"; echo "CACHE_URL=$URL"; return 0; }
        sleep 0.1
    done
    tail -n 20 "$DIR/redis.log" >&2 || true
    die "redis-server did not answer within 10 s (is port $PORT already in use?)"
}

stop() {
    if is_running; then
        log "stopping server on 127.0.0.1:$PORT"
        cli shutdown nosave >/dev/null 2>&1 || true
        for _ in $(seq 100); do
            is_running || break
            sleep 0.1
        done
        is_running && die "the server on 127.0.0.1:$PORT did not stop"
    fi
    if [[ -e $DIR ]]; then
        # Guard the rm -rf: only ever delete a directory that this script made.
        [[ -z $(ls -A "$DIR") || -f $DIR/redis.log ]] \
            || die "$DIR does not look like one of our Redis directories; not deleting it"
        rm -rf -- "$DIR"
        log "removed $DIR"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 {start|stop|url}" >&2; exit 2 ;;
esac

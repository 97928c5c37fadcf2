#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 11): initdb in a new
# temporary folder, started with pg_ctl on a free loopback port, one
# database `barometer` owned by the role `barometer`; trust authentication
# for loopback and the cluster's own socket only, so that no password is
# ever needed or shown. Run as root, the cluster belongs to the user
# `nobody` (PostgreSQL refuses to run as root).
#
# Usage:
#   eval "$(scripts/pg-cluster.sh start)"   # sets BAR_PG_DIR, BAR_TEST_PG_URI
#   scripts/pg-cluster.sh restart "$BAR_PG_DIR"   # pg_ctl restart (fast)
#   scripts/pg-cluster.sh pause "$BAR_PG_DIR"     # stop it (fast), keep it
#   scripts/pg-cluster.sh resume "$BAR_PG_DIR"    # start it again, same port
#   scripts/pg-cluster.sh stop "$BAR_PG_DIR"   # stops it, removes the folder
# start exits 77 (the tests' "skip") when PostgreSQL's server programs are
# not installed (Debian: postgresql).
set -euo pipefail

find_bin() {
    local b
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    for b in /usr/lib/postgresql/*/bin; do
        [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ] && { echo "$b"; return 0; }
    done
    return 1
}

# Run a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

start() {
    local bin dir port
    bin=$(find_bin) || { echo "pg-cluster: PostgreSQL is not installed (Debian: postgresql)" >&2; exit 77; }
    dir=$(mktemp -d /tmp/bar-pg-XXXXXX)
    chmod 0755 "$dir"
    mkdir "$dir/data" "$dir/run"
    [ "$(id -u)" -eq 0 ] && chown nobody: "$dir/data" "$dir/run"
    as_owner "$bin/initdb" -D "$dir/data" -U barometer --auth=trust \
        --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    port=$(free_port)
    # Loopback and the socket in our own folder only; fsync stays on (the
    # tests check durability, not speed).
    echo "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/run" \
        >"$dir/options"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" -w \
        -o "$(cat "$dir/options")" \
        start >/dev/null || { cat "$dir/run/server.log" >&2 || true; rm -rf "$dir"; exit 1; }
    echo "$bin" >"$dir/bin"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U barometer barometer
    echo "BAR_PG_DIR=$dir"
    echo "BAR_TEST_PG_URI=postgresql://barometer@127.0.0.1:$port/barometer"
    echo "export BAR_PG_DIR BAR_TEST_PG_URI"
}

stop() {
    local dir=${1:?usage: pg-cluster.sh stop DIR}
    case $dir in /tmp/bar-pg-*) ;; *) echo "pg-cluster: not a cluster folder: $dir" >&2; exit 2 ;; esac
    [ -f "$dir/bin" ] && as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

# Restart the cluster as a crash-free restart under load would: fast
# shutdown (open connections are ended, transactions rolled back), then
# start again with the same options and port (postmaster.opts).
restart() {
    local dir=${1:?usage: pg-cluster.sh restart DIR}
    case $dir in /tmp/bar-pg-*) ;; *) echo "pg-cluster: not a cluster folder: $dir" >&2; exit 2 ;; esac
    as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" \
        -m fast -w restart >/dev/null
}

# Stop the cluster (fast shutdown) and keep it, as an outage of the
# database would; resume starts it again with the same options and port.
pause() {
    local dir=${1:?usage: pg-cluster.sh pause DIR}
    case $dir in /tmp/bar-pg-*) ;; *) echo "pg-cluster: not a cluster folder: $dir" >&2; exit 2 ;; esac
    as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

resume() {
    local dir=${1:?usage: pg-cluster.sh resume DIR}
    case $dir in /tmp/bar-pg-*) ;; *) echo "pg-cluster: not a cluster folder: $dir" >&2; exit 2 ;; esac
    as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" \
        -w -o "$(cat "$dir/options")" start >/dev/null
}

case ${1:-} in
    start) start ;;
    restart) restart "${2:-}" ;;
    pause) pause "${2:-}" ;;
    resume) resume "${2:-}" ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: pg-cluster.sh start | restart DIR | pause DIR | resume DIR | stop DIR" >&2; exit 2 ;;
esac

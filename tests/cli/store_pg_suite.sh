#!/usr/bin/env bash
# The store and server tests again on PostgreSQL (issue 11): the same test
# scripts as on SQLite, on a throwaway cluster (scripts/pg-cluster.sh;
# skipped, 77, when PostgreSQL is not installed), with BAR_TEST_STORE
# naming it: each store they make is then a new database there
# (tests/cli/stores.bash). A script that skips (77: no browser, no
# aiosmtpd) is reported and does not fail the suite. Which tests run on
# both backends, and why the others do not: docs/internals/testing.md.
# Usage: bash store_pg_suite.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
command -v psql >/dev/null || { echo "SKIP: no psql"; exit 77; }
tmp=$(mktemp -d)
BAR_PG_DIR=
cleanup() {
    [ -n "$BAR_PG_DIR" ] && "$root/scripts/pg-cluster.sh" stop "$BAR_PG_DIR"
    rm -rf "$tmp"
}
trap cleanup EXIT
"$root/scripts/pg-cluster.sh" start >"$tmp/env" 2>"$tmp/start.err"
rc=$?
if [ $rc -eq 77 ]; then
    echo "SKIP: PostgreSQL is not installed"
    exit 77
elif [ $rc -ne 0 ]; then
    echo "FAIL: the cluster did not start:"; cat "$tmp/start.err"
    exit 1
fi
. "$tmp/env"

# The tests that run on both backends (the others use no store, or test
# what only a SQLite file has: docs/internals/testing.md).
tests=(store study provenance progress spec_ids report_de export_sav serve admin
       admin_pages serve_standing invite e2e)
fails=0
for t in "${tests[@]}"; do
    start=$(date +%s)
    BAR_TEST_STORE=$BAR_TEST_PG_URI bash "$root/tests/cli/$t.sh" "$bin" "$root" \
        >"$tmp/$t.log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    case $rc in
    0) echo "ok: $t.sh on PostgreSQL (${took} s)" ;;
    77) echo "skipped: $t.sh on PostgreSQL: $(tail -1 "$tmp/$t.log")" ;;
    *) echo "FAIL: $t.sh on PostgreSQL (exit $rc):"
       sed 's/^/  /' "$tmp/$t.log"
       fails=$((fails + 1)) ;;
    esac
done
[ $fails -eq 0 ] && echo "store_pg_suite: all passed"
[ $fails -eq 0 ]

#!/usr/bin/env bash
# Faults of the database under the survey server (issue 11): two servers
# on one throwaway PostgreSQL cluster (scripts/pg-cluster.sh; skipped, 77,
# when PostgreSQL is not installed) under a load of page saves and
# submits; PostgreSQL is restarted in the middle and one server killed
# with SIGKILL; every acknowledged answer is in the store exactly once,
# the requests the database could not serve got a 503 with the retry
# page, and the surviving server answers again without being restarted
# (tests/cli/store_pg_fault.py).
# Usage: bash store_pg_fault.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tool=$(dirname "$bin")/fieldtool
[ -x "$tool" ] || { echo "SKIP: no $tool"; exit 77; }
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
uri=$BAR_TEST_PG_URI
n=400
{
    echo "org_id,name,sector,cluster,email"
    for i in $(seq 0 $((n - 1))); do echo "f$i,Org $i,gem,gemeente,f$i@example.nl"; done
} >"$tmp/frame.csv"
"$bin" init "$uri" >/dev/null &&
    "$bin" frame import "$uri" "$tmp/frame.csv" >/dev/null &&
    "$tool" token "$uri" 2021 $(seq -f 'f%g' 0 $((n - 1))) >"$tmp/tokens" ||
    { echo "FAIL: the store for the test"; exit 1; }
python3 "$root/tests/cli/store_pg_fault.py" "$bin" "$uri" "$tmp/tokens" \
    "$root/scripts/pg-cluster.sh" "$BAR_PG_DIR" "$tmp"
rc=$?
if [ $rc -ne 0 ]; then
    for s in a b; do echo "--- server $s:"; grep -v ' 303 \| 200 ' "$tmp/serve-$s.log" | tail -20; done
fi
exit $rc

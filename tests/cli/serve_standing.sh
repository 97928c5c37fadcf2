#!/usr/bin/env bash
# The thank-you page's innovation-climate standing, end to end: 59
# simulated responses in the store, one organisation answers through the
# survey server (every climate item 4), and its thank-you page gives its
# score (the scale of the wave's report specification, as the report
# computes it) and where it stands among all and in its sector.
# Usage: bash serve_standing.sh /path/to/barometer /path/to/source-root
set -u
bin=$(readlink -f "$1")
tool=$(dirname "$bin")/fieldtool
[ -x "$tool" ] || { echo "SKIP: no $tool"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# a new SQLite file, or a new PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash, tests/cli/store_pg_suite.sh)
. "$(dirname "$(readlink -f "$0")")/stores.bash"
db=$(new_store s) || { echo "FAIL: no store"; exit 1; }
cd "$tmp" || exit 1
"$bin" simulate --cases 60 --seed 3 --frame f.csv >r.csv &&
    "$bin" init "$db" >/dev/null && "$bin" frame import "$db" f.csv >/dev/null ||
    { echo "FAIL: setup"; exit 1; }
org=$(sed -n 2p r.csv | cut -d, -f1)
grep -v "^$org," r.csv >r59.csv
"$bin" import "$db" r59.csv >/dev/null || { echo "FAIL: import"; exit 1; }
t=$("$tool" token "$db" 2021 "$org" | awk '{print $2}')
"$bin" serve "$db" --listen 127.0.0.1:0 2>serve.log &
pid=$!
port=
for _ in $(seq 50); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.log)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; exit 1; }
u=http://127.0.0.1:$port/s/$t
post() { curl -s -o /dev/null -w '%{http_code}' --data "$2" "$u$1"; }
post /p/0 "size=2" >/dev/null
post /p/1 "covid_production=2&covid_homework=2" >/dev/null
post /p/2 "innovated=0" >/dev/null
clim=$(curl -s "$u/p/6" | grep -o 'name="clim_[a-z_]*"' | sort -u |
    sed 's/name="\(.*\)"/\1=4/' | tr '\n' '&')
[ -n "$clim" ] || fail "no climate items on page 6"
post /p/6 "$clim" >/dev/null
post /p/7 "work_safe_mistakes=4&work_improve=4" >/dev/null
[ "$(post /submit "")" = 303 ] || fail "submit"
curl -s "$u/done" | sed 's/<[^>]*>/ /g' >done.txt
grep -q "op innovatieklimaat is 4,0" done.txt || fail "no score: $(cat done.txt)"
grep -q "van de 59 andere organisaties" done.txt ||
    fail "no standing among all: $(cat done.txt)"
grep -q "In uw eigen sector is dat hoger dan" done.txt ||
    fail "no standing in the sector: $(cat done.txt)"
[ "$fails" -eq 0 ] && echo "serve_standing: all passed"
exit $((fails > 0))

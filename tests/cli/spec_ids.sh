#!/usr/bin/env bash
# Spec ids are checked once, by the spec loader: analyze, report and export
# refuse the same bad spec (an entry id that cannot name a file) with the
# same message, exit 2, and write nothing: no results file, no report
# folder, no workbook. The spec is given with --spec and as the data
# folder's default (BAROMETER_DATA), which export uses.
# The store is a SQLite file, or a PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash).
# Usage: bash spec_ids.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
. "$(dirname "$(readlink -f "$0")")/stores.bash"
db=$(new_store s) ||
    { echo "FAIL: no store"; exit 1; }
cd "$tmp" || exit 1

"$bin" init "$db" >/dev/null || fail "init"
"$bin" simulate --cases 40 --seed 2 >sim.csv || fail "simulate"
"$bin" import "$db" sim.csv >/dev/null || fail "import"

# expect_refused NAME ENV... -- COMMAND...: exit 2 and the loader's message.
expect_refused() {
    local name=$1
    shift
    local -a envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    env "${envs[@]}" "$@" >out.txt 2>err.txt
    local got=$?
    [ "$got" -eq 2 ] || { fail "$name: exit $got, not 2"; cat err.txt; }
    grep -q "key 'id': '$bad_id' is not a valid id" err.txt ||
        { fail "$name: message"; cat err.txt; }
}

for bad_id in "fig 1" "../fig1" "fig1.csv"; do
    rm -rf data bad.json out-* rep-*
    sed "s|\"id\": \"fig1\"|\"id\": \"$bad_id\"|" \
        "$root/data/report/ibo-2021.json" >bad.json
    grep -qF "\"id\": \"$bad_id\"" bad.json || fail "preparing '$bad_id'"
    cp -r "$root/data" data
    cp bad.json data/report/ibo-2021.json

    # --spec FILE
    expect_refused "analyze --spec ($bad_id)" -- \
        "$bin" analyze "$db" --spec bad.json --json out-a.json
    [ -e out-a.json ] && fail "analyze wrote its results ($bad_id)"
    expect_refused "report --spec ($bad_id)" -- \
        "$bin" report "$db" --spec bad.json --out rep-1
    [ -e rep-1 ] && fail "report created its folder ($bad_id)"
    expect_refused "report of a CSV --spec ($bad_id)" -- \
        "$bin" report sim.csv --spec bad.json --out rep-2
    [ -e rep-2 ] && fail "report of a CSV created its folder ($bad_id)"

    # the data folder's default spec
    expect_refused "analyze, default spec ($bad_id)" BAROMETER_DATA=data -- \
        "$bin" analyze "$db" --json out-b.json
    [ -e out-b.json ] && fail "analyze wrote its results ($bad_id)"
    expect_refused "report, default spec ($bad_id)" BAROMETER_DATA=data -- \
        "$bin" report "$db" --out rep-3
    [ -e rep-3 ] && fail "report created its folder ($bad_id)"
    expect_refused "export xlsx, default spec ($bad_id)" \
        BAROMETER_DATA=data -- "$bin" export "$db" out-c.xlsx
    [ -e out-c.xlsx ] && fail "export wrote the workbook ($bad_id)"
    ls -A | grep -q '^\.\?out-c' && fail "export left a temporary file"
done

# The good spec passes everywhere.
"$bin" analyze "$db" --spec "$root/data/report/ibo-2021.json" \
    --json good.json >/dev/null || fail "analyze with the good spec"
"$bin" report "$db" --out good >/dev/null || fail "report with the good spec"
"$bin" export "$db" good.xlsx >/dev/null || fail "export with the good spec"

[ "$fails" -eq 0 ] || exit 1
echo "spec ids: ok"

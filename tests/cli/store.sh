#!/usr/bin/env bash
# The store through the binary: init, frame import, import and export with
# real files; the export must equal the import byte for byte. Exit statuses:
# 0 success, 2 bad usage or bad input, 1 a failed operation. The stores are
# SQLite files, or PostgreSQL databases with BAR_TEST_STORE
# (tests/cli/stores.bash, tests/cli/store_pg_suite.sh).
# Usage: bash store.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
data=$root/tests/data/store
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

. "$root/tests/cli/expect.bash"
. "$root/tests/cli/stores.bash"

# ---- the small instrument: an exact round trip ----
# A study of the small instrument (the 2021 study with another instrument,
# named by its absolute path): kept with each wave by init --study, so that
# frame, import and export of the wave read the small instrument.
sed "s|\"instrument/ibo-2021.json\"|\"$data/mini.json\"|" \
    "$root/data/study/ibo-2021.json" >"$tmp/mini-study.json"
db=$(new_store mini) || { echo "FAIL: no store"; exit 1; }
for cmd in init frame import export; do
    expect 0 "$cmd --help" -- "$bin" "$cmd" --help
    expect_text "$tmp/out" "Usage: barometer $cmd" "$cmd --help"
    expect_text "$tmp/out" "Exit status" "$cmd --help"
done

expect 2 "export of a store that does not exist" -- \
    "$bin" export "$tmp/nope.db" "$tmp/x.csv"
expect_text "$tmp/err" "no such store" "missing store"
expect 1 "init with a study that does not exist" -- "$bin" init "$db" \
    --study "$tmp/nope.json"
expect 0 "init" -- "$bin" init "$db" --study "$tmp/mini-study.json"
expect_text "$tmp/out" "added wave 2021 (study ibo-2021, instrument store-mini)" \
    "init"
expect 1 "init of a wave that exists" -- "$bin" init "$db" \
    --study "$tmp/mini-study.json"
expect_text "$tmp/err" "wave 2021 already exists" "init twice"
expect 0 "init of a second wave" -- "$bin" init "$db" --wave 2019 \
    --study "$tmp/mini-study.json"

expect 0 "frame import" -- "$bin" frame import "$db" "$data/frame.csv" \
    --wave 2021
expect_text "$tmp/out" "imported 5 organisations into wave 2021" "frame"
expect 1 "frame import twice" -- "$bin" frame import "$db" \
    "$data/frame.csv" --wave 2021
expect_text "$tmp/err" "already has a frame" "frame twice"

printf 'org_id,name,sector,cluster,email\na1,Aa,xx,water,a@a.nl\n' \
    >"$tmp/badframe.csv"
expect 2 "frame with an unknown sector" -- "$bin" frame import "$db" \
    "$tmp/badframe.csv" --wave 2019
expect_text "$tmp/err" "badframe.csv:2: field 3 'sector': unknown code 'xx'" \
    "bad frame message"

expect 0 "import" -- "$bin" import "$db" "$data/responses.csv" --wave 2021
expect_text "$tmp/out" "imported 4 responses into wave 2021" "import"
expect 1 "import of responses that exist" -- "$bin" import "$db" \
    "$data/responses.csv" --wave 2021
expect_text "$tmp/err" "'g001' already has a response in wave 2021" \
    "import conflict"
expect 0 "import --replace" -- "$bin" import "$db" "$data/responses.csv" \
    --wave 2021 --replace
expect 2 "import into the wrong wave" -- "$bin" import "$db" \
    "$data/responses.csv" --wave 2019
expect_text "$tmp/err" "responses.csv:2: field 2 'wave': org_id 'g001' is of wave 2021, but the import is into wave 2019" \
    "wave column"
printf 'org_id,sector,size\nq1,gem,7\n' >"$tmp/badresp.csv"
expect 2 "import of a bad cell" -- "$bin" import "$db" "$tmp/badresp.csv" \
    --wave 2019
expect_text "$tmp/err" "badresp.csv:2: field 3 'size': code 7 out of range (expected 1 or 2)" \
    "bad cell message"
printf 'org_id,sector\r\n' >"$tmp/headonly.csv"
expect 2 "import of a header without data rows" -- "$bin" import "$db" \
    "$tmp/headonly.csv" --wave 2019
expect_text "$tmp/err" "headonly.csv: no data rows (the file has only a header)" \
    "no data rows"
printf 'org_id,name,sector,cluster,email\n' >"$tmp/headframe.csv"
expect 2 "frame import of a header without data rows" -- "$bin" frame \
    import "$db" "$tmp/headframe.csv" --wave 2019
expect_text "$tmp/err" "headframe.csv: no data rows" "frame: no data rows"
printf '\xff\xfeo\0r\0g\0_\0i\0d\0\r\0\n\0q\0\x31\0\r\0\n\0' >"$tmp/utf16.csv"
expect 2 "import of a UTF-16 file" -- "$bin" import "$db" "$tmp/utf16.csv" \
    --wave 2019
expect_text "$tmp/err" "utf16.csv: the file is UTF-16LE (byte-order mark FF FE), not UTF-8" \
    "UTF-16 message"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || {
    echo "FAIL: UTF-16: more than one message"; fails=$((fails + 1)); }
printf 'org_id,sector,cluster\ng001,gem,gemeente\nx999,gem,gemeente\n' \
    >"$tmp/notinframe.csv"
expect 2 "import of an organisation not in the frame" -- "$bin" import \
    "$db" "$tmp/notinframe.csv" --wave 2021 --replace
expect_text "$tmp/err" "notinframe.csv:3: field 1 'org_id': 'x999' is not in the frame of wave 2021" \
    "not in the frame, located"
printf 'org_id,sise\nq1,2\n' >"$tmp/typo.csv"
expect 2 "import with a misspelt column" -- "$bin" import "$db" \
    "$tmp/typo.csv" --wave 2019
expect_text "$tmp/err" "typo.csv:1: field 2 'sise': unknown column; did you mean 'size'? (the file has no column 'size')" \
    "suggestion"

expect 0 "export" -- "$bin" export "$db" "$tmp/out.csv" --wave 2021
expect_text "$tmp/out" "exported 4 responses of wave 2021" "export"
if ! cmp -s "$tmp/out.csv" "$data/responses.csv"; then
    echo "FAIL: the export differs from the import:"
    diff "$data/responses.csv" "$tmp/out.csv" | head -20
    fails=$((fails + 1))
fi

# The export is atomic: a failure leaves the old file as it was.
cp "$tmp/out.csv" "$tmp/keep.csv"
expect 2 "export of a wave that does not exist" -- "$bin" export "$db" \
    "$tmp/out.csv" --wave 2030
cmp -s "$tmp/out.csv" "$tmp/keep.csv" || {
    echo "FAIL: a failed export changed the file"; fails=$((fails + 1)); }
expect 1 "export into a folder that does not exist" -- "$bin" export "$db" \
    "$tmp/nope/out.csv"
if ls "$tmp" | grep -q '\.tmp[0-9]'; then
    echo "FAIL: a temporary file was left behind"; fails=$((fails + 1))
fi

# ---- bad usage ----
expect 2 "init without STORE" -- "$bin" init
expect 2 "init with a bad wave" -- "$bin" init "$db" --wave 1999
expect 2 "init with an unknown option" -- "$bin" init "$db" --frobnicate
expect 2 "frame without an action" -- "$bin" frame
expect 2 "frame with an unknown action" -- "$bin" frame export "$db" x.csv
expect 2 "frame import without the CSV" -- "$bin" frame import "$db"
expect 2 "import without the CSV" -- "$bin" import "$db"
expect 2 "export to .txt" -- "$bin" export "$db" "$tmp/out.txt"
expect_text "$tmp/err" "unknown output format" "txt refused"
# PostgreSQL (the backend's own test is store_pg.sh): no server on port 1
# is a failed operation; a password in the URI is bad usage, not repeated
expect 1 "a PostgreSQL store without a server" -- \
    "$bin" init postgresql://ann@127.0.0.1:1/bar
expect_text "$tmp/err" "postgresql://ann@127.0.0.1:1/bar: cannot connect" \
    "no PostgreSQL server"
expect 2 "a password in a PostgreSQL URI" -- \
    "$bin" init postgresql://ann:pw1234@127.0.0.1:1/bar
expect_text "$tmp/err" "~/.pgpass" "password refused"
if grep -q pw1234 "$tmp/err"; then
    echo "FAIL: the password is repeated"; fails=$((fails + 1))
fi

# ---- the real instrument: a simulated wave with its frame ----
db=$(new_store full) || { echo "FAIL: no store"; exit 1; }
expect 0 "simulate" -- "$bin" simulate --cases 1200 --seed 7 \
    --frame "$tmp/frame.csv"
cp "$tmp/out" "$tmp/responses.csv"
expect 0 "init (full)" -- "$bin" init "$db"
expect 0 "frame import (full)" -- "$bin" frame import "$db" "$tmp/frame.csv"
# cases 601-700 first: importing all 1200 then meets the first response
# that exists at case 601 (on PostgreSQL in the second batch of rows),
# and stores none of the 600 before it
{ head -1 "$tmp/responses.csv"; sed -n 602,701p "$tmp/responses.csv"; } >"$tmp/some100.csv"
expect 0 "import (100 of them)" -- "$bin" import "$db" "$tmp/some100.csv"
expect 1 "import (full) over 100 of them" -- "$bin" import "$db" \
    "$tmp/responses.csv"
org601=$(sed -n 602p "$tmp/responses.csv" | cut -d, -f1)
expect_text "$tmp/err" "'org_id': case 601: '$org601' already has a response in wave 2021" \
    "the first conflict, located"
expect 0 "export after the conflict" -- "$bin" export "$db" "$tmp/export.csv"
cmp -s "$tmp/export.csv" "$tmp/some100.csv" ||
    { echo "FAIL: the failed import left rows"; fails=$((fails + 1)); }
expect 0 "import (full, replace)" -- "$bin" import "$db" "$tmp/responses.csv" \
    --replace
expect_text "$tmp/out" "imported 1200 responses into wave 2021" "import full"
# the audit: the last 100, then 400 of which 100 replaced (the failed
# import left no line)
[ "$(store_sql "$db" "SELECT action, rows, replaced FROM audit WHERE action LIKE 'responses%' ORDER BY id" | tr '\n' ' ')" = \
    "responses_import|100|0 responses_replace|1200|100 " ] ||
    { echo "FAIL: the audit of the imports: $(store_sql "$db" "SELECT * FROM audit")"; fails=$((fails + 1)); }
expect 0 "export (full)" -- "$bin" export "$db" "$tmp/export.csv"
if ! cmp -s "$tmp/export.csv" "$tmp/responses.csv"; then
    echo "FAIL: the full export differs from the import:"
    diff "$tmp/responses.csv" "$tmp/export.csv" | head -10
    fails=$((fails + 1))
fi

# A new import of many (on PostgreSQL by COPY): open answers with a
# backslash, a tab, a newline, quotes and non-ASCII come back as a SQLite
# file gives them back, byte for byte.
python3 - "$tmp/responses.csv" "$tmp/tricky.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
d = rows[0].index("description")
texts = ["een \\ schuine streep", "een\ttab", "twee\nregels", 'een "quote"',
         "crème brûlée \\N", "\\.", "eind\r\nCRLF"]
for i, t in enumerate(texts):
    rows[1 + 97 * i][d] = t
w = csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8"), lineterminator="\n")
w.writerows(rows)
PY
db3=$(new_store copied) || { echo "FAIL: no store"; exit 1; }
for d in "$db3" "$tmp/ref.db"; do
    expect 0 "init ($d)" -- "$bin" init "$d"
    expect 0 "frame import ($d)" -- "$bin" frame import "$d" "$tmp/frame.csv"
    expect 0 "import of the tricky answers ($d)" -- "$bin" import "$d" "$tmp/tricky.csv"
done
# the frame (on PostgreSQL by COPY too) as it was imported
tail -n +2 "$tmp/frame.csv" | tr , '|' | LC_ALL=C sort >"$tmp/frame-want"
store_sql "$db3" "SELECT org_id, name, sector, cluster, email FROM frame" |
    LC_ALL=C sort >"$tmp/frame-got"
cmp -s "$tmp/frame-want" "$tmp/frame-got" ||
    { echo "FAIL: the frame in the store differs from its file"; fails=$((fails + 1)); }
expect 0 "export of the tricky answers" -- "$bin" export "$db3" "$tmp/tricky-out.csv"
expect 0 "export of the tricky answers (SQLite)" -- "$bin" export "$tmp/ref.db" "$tmp/tricky-ref.csv"
if ! cmp -s "$tmp/tricky-out.csv" "$tmp/tricky-ref.csv"; then
    echo "FAIL: the tricky answers differ from SQLite's:"
    diff "$tmp/tricky-ref.csv" "$tmp/tricky-out.csv" | head -10
    fails=$((fails + 1))
fi
grep -q 'schuine streep' "$tmp/tricky-out.csv" ||
    { echo "FAIL: the tricky answers are not exported"; fails=$((fails + 1)); }

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "store.sh: all passed"

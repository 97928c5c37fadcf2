#!/usr/bin/env bash
# The store on PostgreSQL (issue 11): a throwaway cluster
# (scripts/pg-cluster.sh; skipped, 77, when PostgreSQL is not installed),
# then
#   - the store's unit cases again on it: test_store and the store cases
#     of test_field and test_admin, with BAR_TEST_PG_URI (the same test
#     code as on SQLite);
#   - the demo wave through the command line: init, frame import, import
#     into a postgresql:// store; export and analyze give byte for byte
#     what they give on the demo's SQLite store;
#   - four processes that open one new database at once (the migration's
#     advisory lock): all succeed, one schema;
#   - `store copy`: the demo store to PostgreSQL and back to SQLite, the
#     same rows and checksums both ways and a byte-identical export;
#   - two survey servers on one database: a page saved through one is
#     resumed through the other; saves sent to both at once all land;
#   - a password in the URI is refused without being repeated.
# Usage: bash store_pg.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
dir=$(dirname "$bin")
tmp=$(mktemp -d)
BAR_PG_DIR=
cleanup() {
    [ -n "$BAR_PG_DIR" ] && "$root/scripts/pg-cluster.sh" stop "$BAR_PG_DIR"
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
. "$root/tests/cli/expect.bash"

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

# ---- the unit cases on PostgreSQL ----
for t in test_store test_field test_admin; do
    if [ -x "$dir/$t" ]; then
        expect 0 "$t on PostgreSQL" -- env BAR_TEST_PG_URI="$uri" "$dir/$t"
        # two groups passed: SQLite's and PostgreSQL's
        if [ "$(cat "$tmp/out" "$tmp/err" | grep -c 'PASSED')" -ne 2 ]; then
            echo "FAIL: $t did not pass two groups"; fails=$((fails + 1))
        fi
    else
        echo "FAIL: no $dir/$t"; fails=$((fails + 1))
    fi
done

# ---- the demo wave on PostgreSQL ----
expect 0 "demo" -- "$bin" demo --out "$tmp/demo" --cases 120
expect 0 "init" -- "$bin" init "$uri" --wave 2021
expect_text "$tmp/out" "added wave 2021" "init on PostgreSQL"
expect 1 "init twice" -- "$bin" init "$uri" --wave 2021
expect_text "$tmp/err" "wave 2021 already exists" "init twice"
expect 0 "frame import" -- "$bin" frame import "$uri" "$tmp/demo/frame.csv"
expect 0 "import" -- "$bin" import "$uri" "$tmp/demo/responses.csv"
expect_text "$tmp/out" "imported 120 responses" "import"
expect 1 "import again (conflict, nothing written)" -- \
    "$bin" import "$uri" "$tmp/demo/responses.csv"
for f in csv xlsx; do
    expect 0 "export $f (SQLite)" -- \
        "$bin" export "$tmp/demo/barometer.sqlite" "$tmp/sq.$f"
    expect 0 "export $f (PostgreSQL)" -- "$bin" export "$uri" "$tmp/pg.$f"
done
cmp -s "$tmp/sq.csv" "$tmp/pg.csv" ||
    { echo "FAIL: the CSV export differs between the backends"; fails=$((fails + 1)); }
expect 0 "analyze (SQLite)" -- "$bin" analyze "$tmp/demo/barometer.sqlite"
cp "$tmp/out" "$tmp/sq.json"
expect 0 "analyze (PostgreSQL)" -- "$bin" analyze "$uri"
cmp -s "$tmp/sq.json" "$tmp/out" ||
    { echo "FAIL: analyze differs between the backends"; fails=$((fails + 1)); }

# ---- two processes migrating one new database at once ----
# (the migration holds an advisory lock: one makes the schema, the other
# waits and finds it current; both add their wave)
expect 0 "a database for the race" -- psql -q "$uri" -c "CREATE DATABASE raced"
race_uri=${uri%/*}/raced
for i in 1 2 3 4; do
    "$bin" init "$race_uri" --wave $((2020 + i)) >"$tmp/race$i.out" 2>&1 &
done
for i in 1 2 3 4; do
    wait %$i 2>/dev/null || true
done
for i in 1 2 3 4; do
    grep -q "added wave $((2020 + i))" "$tmp/race$i.out" ||
        { echo "FAIL: init $i in the race:"; cat "$tmp/race$i.out"; fails=$((fails + 1)); }
done
expect 0 "the schema after the race" -- psql -Atq "$race_uri" \
    -c "SELECT value FROM meta WHERE key = 'schema_version'" \
    -c "SELECT count(*) FROM wave"
want=$(psql -Atq "$uri" -c "SELECT value FROM meta WHERE key = 'schema_version'")
[ "$(tr '\n' ' ' <"$tmp/out")" = "$want 4 " ] ||
    { echo "FAIL: after the race: $(cat "$tmp/out")"; fails=$((fails + 1)); }

# ---- store copy: the demo store to PostgreSQL and back ----
expect 0 "store --help" -- "$bin" store --help
expect_text "$tmp/out" "Usage: barometer store copy SRC DST" "store --help"
copy_uri=${uri%/*}/copied
expect 0 "a database for the copy" -- psql -q "$uri" -c "CREATE DATABASE copied"
expect 0 "store copy SQLite to PostgreSQL" -- \
    "$bin" store copy "$tmp/demo/barometer.sqlite" "$copy_uri"
expect_text "$tmp/out" "response        120" "copy counts the responses"
expect_text "$tmp/out" "the row counts and checksums of every table agree" \
    "copy checked"
cp "$tmp/out" "$tmp/copy1.out"
expect 0 "store copy PostgreSQL to SQLite" -- \
    "$bin" store copy "$copy_uri" "$tmp/back.sqlite"
# the same tables, rows and checksums both ways
sed '$d' "$tmp/copy1.out" >"$tmp/sums1"
sed '$d' "$tmp/out" >"$tmp/sums2"
cmp -s "$tmp/sums1" "$tmp/sums2" ||
    { echo "FAIL: the checksums differ between the two copies"; fails=$((fails + 1)); }
expect 0 "export of the copy" -- "$bin" export "$tmp/back.sqlite" "$tmp/back.csv"
cmp -s "$tmp/sq.csv" "$tmp/back.csv" ||
    { echo "FAIL: the export of the round trip differs"; fails=$((fails + 1)); }
expect 0 "export of the PostgreSQL copy" -- "$bin" export "$copy_uri" "$tmp/copy.csv"
cmp -s "$tmp/sq.csv" "$tmp/copy.csv" ||
    { echo "FAIL: the export of the PostgreSQL copy differs"; fails=$((fails + 1)); }
expect 1 "store copy into a store that is not empty" -- \
    "$bin" store copy "$tmp/demo/barometer.sqlite" "$copy_uri"
expect_text "$tmp/err" "not empty" "copy refuses a full store"
expect 2 "store copy of a store that does not exist" -- \
    "$bin" store copy "$tmp/nope.sqlite" "$tmp/x.sqlite"
expect 2 "store copy to itself" -- \
    "$bin" store copy "$copy_uri" "$copy_uri"
expect 2 "store without an action" -- "$bin" store

# (the store and server tests of SQLite run on PostgreSQL in
# tests/cli/store_pg_suite.sh)

# ---- two survey servers on one database ----
# Any server answers any request: a page saved through one is resumed
# through the other, and twenty saves sent to both at once all land.
tool=$dir/fieldtool
two_uri=${uri%/*}/two
expect 0 "a database for two servers" -- psql -q "$uri" -c "CREATE DATABASE two"
{
    echo "org_id,name,sector,cluster,email"
    for i in $(seq 20); do echo "o$i,Gemeente $i,gem,gemeente,o$i@example.nl"; done
} >"$tmp/frame20.csv"
expect 0 "init (two servers)" -- "$bin" init "$two_uri"
expect 0 "frame (two servers)" -- "$bin" frame import "$two_uri" "$tmp/frame20.csv"
"$tool" token "$two_uri" 2021 $(seq -f 'o%g' 20) >"$tmp/tokens20" ||
    { echo "FAIL: fieldtool token"; fails=$((fails + 1)); }
spids=()
ports=()
for s in a b; do
    "$bin" serve "$two_uri" --listen 127.0.0.1:0 --threads 2 2>"$tmp/serve-$s.log" &
    spids+=($!)
    port=
    for _ in $(seq 50); do
        port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve-$s.log")
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "FAIL: server $s did not start"; cat "$tmp/serve-$s.log"; fails=$((fails + 1)); }
    ports+=("$port")
done
# post URL PATH DATA: the status and Location
post() {
    curl -s --noproxy '*' -m 20 -o /dev/null -w '%{http_code} %{redirect_url}' \
        -H 'Content-Type: application/x-www-form-urlencoded' --data-raw "$3" "$1$2"
}
a=http://127.0.0.1:${ports[0]:-1}
b=http://127.0.0.1:${ports[1]:-1}
t1=$(awk '$1 == "o1" {print $2}' "$tmp/tokens20")
r=$(post "$a" "/s/$t1/p/0" "size=2")
[ "${r%% *}" = 303 ] || { echo "FAIL: page 0 through server a: $r"; fails=$((fails + 1)); }
r=$(post "$b" "/s/$t1/p/1" "covid_production=3&covid_homework=2&covid_facilities=1")
[ "${r%% *}" = 303 ] || { echo "FAIL: page 1 through server b: $r"; fails=$((fails + 1)); }
r=$(curl -s --noproxy '*' -m 20 -o /dev/null -w '%{http_code} %{redirect_url}' "$a/s/$t1")
case $r in
    "303 "*"/s/$t1/p/2") ;;
    *) echo "FAIL: server a does not resume after b's page: $r"; fails=$((fails + 1)) ;;
esac
for i in $(seq 2 20); do
    t=$(awk -v o="o$i" '$1 == o {print $2}' "$tmp/tokens20")
    if [ $((i % 2)) -eq 0 ]; then u=$a; else u=$b; fi
    post "$u" "/s/$t/p/0" "size=$((i % 4 + 1))" >"$tmp/post$i" &
done
wait $(jobs -p | grep -v -e "^${spids[0]}\$" -e "^${spids[1]}\$") 2>/dev/null
for i in $(seq 2 20); do
    grep -q '^303 ' "$tmp/post$i" ||
        { echo "FAIL: save o$i: $(cat "$tmp/post$i")"; fails=$((fails + 1)); }
done
expect 0 "the drafts of both servers" -- psql -Atq "$two_uri" -c "SELECT count(*) FROM draft"
[ "$(cat "$tmp/out")" = 20 ] ||
    { echo "FAIL: $(cat "$tmp/out") drafts, not 20"; fails=$((fails + 1)); }
# The same organisations through both servers at once (issue 11: a lock
# per organisation, not one for the database): every save of o2..o20 sent
# to a and to b together is acknowledged and one of the two is the draft;
# then o2..o6, walked to the review, are submitted to a and b together:
# exactly one submit is acknowledged (303 to /done), the other finds the
# response locked (200), and each has exactly one response row.
for i in $(seq 2 20); do
    t=$(awk -v o="o$i" '$1 == o {print $2}' "$tmp/tokens20")
    post "$a" "/s/$t/p/0" "size=1" >"$tmp/same-a$i" &
    post "$b" "/s/$t/p/0" "size=3" >"$tmp/same-b$i" &
done
wait $(jobs -p | grep -v -e "^${spids[0]}\$" -e "^${spids[1]}\$") 2>/dev/null
for i in $(seq 2 20); do
    for s in a b; do
        grep -q '^303 ' "$tmp/same-$s$i" ||
            { echo "FAIL: save o$i through $s at once: $(cat "$tmp/same-$s$i")"; fails=$((fails + 1)); }
    done
done
expect 0 "the drafts saved through both at once" -- psql -Atq "$two_uri" -c \
    "SELECT count(*) FROM draft WHERE answers::jsonb -> 'answers' ->> 'size' IN ('1', '3')"
[ "$(cat "$tmp/out")" = 19 ] ||
    { echo "FAIL: $(cat "$tmp/out") of 19 drafts hold one of the two saves"; fails=$((fails + 1)); }
page_form() { # page_form N I: the form of page N for organisation I
    case $1 in
        0) echo "size=$(($2 % 4 + 1))" ;;
        1) echo "covid_production=3&covid_homework=2&covid_facilities=1" ;;
        2) echo "innovated=1" ;;
        3) echo "type_service=1&tech_share=2&description=o$2" ;;
        4) echo "driver_employees=1&collab_private=1" ;;
        5) echo "phase_development=1&dissemination=1" ;;
        6) echo "clim_collab_external=2" ;;
        *) echo "work_improve=3" ;;
    esac
}
for i in $(seq 2 6); do
    t=$(awk -v o="o$i" '$1 == o {print $2}' "$tmp/tokens20")
    loc=$(curl -s --noproxy '*' -m 20 -o /dev/null -w '%{redirect_url}' "$a/s/$t")
    for _ in $(seq 12); do
        case $loc in
            */p/*) r=$(post "$a" "/s/$t/p/${loc##*/p/}" "$(page_form "${loc##*/p/}" "$i")")
                   loc=${r#* } ;;
            *) break ;;
        esac
    done
    case $loc in
        */review) ;;
        *) echo "FAIL: o$i did not reach the review: $loc"; fails=$((fails + 1)) ;;
    esac
    post "$a" "/s/$t/submit" "" >"$tmp/sub-a$i" &
    post "$b" "/s/$t/submit" "" >"$tmp/sub-b$i" &
done
wait $(jobs -p | grep -v -e "^${spids[0]}\$" -e "^${spids[1]}\$") 2>/dev/null
for i in $(seq 2 6); do
    case "$(cat "$tmp/sub-a$i")|$(cat "$tmp/sub-b$i")" in
        "200 |303 "*/done | "303 "*"/done|200 ") ;;
        *) echo "FAIL: o$i submitted to both at once: $(cat "$tmp/sub-a$i") and $(cat "$tmp/sub-b$i")"
           fails=$((fails + 1)) ;;
    esac
done
expect 0 "the responses of the submits at once" -- psql -Atq "$two_uri" -c \
    "SELECT count(*), count(DISTINCT org_id) FROM response"
[ "$(cat "$tmp/out")" = "5|5" ] ||
    { echo "FAIL: responses after the submits at once: $(cat "$tmp/out"), not 5|5"; fails=$((fails + 1)); }
for p in "${spids[@]}"; do
    kill -TERM "$p" 2>/dev/null
    wait "$p" 2>/dev/null
done

# ---- credentials ----
pw=${uri/barometer@/barometer:Secr3tPw@}
expect 2 "a password in the URI" -- "$bin" analyze "$pw"
expect_text "$tmp/err" "~/.pgpass" "password refused"
if grep -q Secr3tPw "$tmp/err" "$tmp/out"; then
    echo "FAIL: the password is repeated"; fails=$((fails + 1))
fi
expect 1 "no server" -- "$bin" analyze "postgresql://barometer@127.0.0.1:1/x"
expect_text "$tmp/err" "cannot connect" "no server"

[ $fails -eq 0 ] && echo "store_pg: all checks passed"
[ $fails -eq 0 ]

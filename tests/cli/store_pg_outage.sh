#!/usr/bin/env bash
# The survey server when its PostgreSQL database goes away (issue 11), on
# a throwaway cluster (scripts/pg-cluster.sh; skipped, 77, when PostgreSQL
# is not installed):
#   - the research team's pages while the cluster is stopped: every page
#     (the monitor, the reminders and their CSV, the quotes, a login, an
#     approval) answers 503 with Retry-After and the whole retry page,
#     never a 500, a login page or half a page; after the cluster is
#     started again the same session sees the monitor, without a restart
#     of the server; and requests made while the cluster restarts get only
#     200 or such a 503;
#   - a silent drop: the server reaches the database through a TCP proxy
#     (tests/cli/pg_proxy.py) that stops forwarding without closing
#     anything, as a network partition looks; a page save in flight gets
#     503 within the bound (tcp_user_timeout=2000 in the store's address),
#     so does the next one (connect_timeout=2); when the proxy forwards
#     again the server saves again, and every acknowledged save is there.
# Usage: bash store_pg_outage.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tool=$(dirname "$bin")/fieldtool
[ -x "$tool" ] || { echo "SKIP: no $tool"; exit 77; }
command -v psql >/dev/null || { echo "SKIP: no psql"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }
tmp=$(mktemp -d)
BAR_PG_DIR=
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    [ -n "$BAR_PG_DIR" ] && "$root/scripts/pg-cluster.sh" stop "$BAR_PG_DIR"
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

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
cluster() { "$root/scripts/pg-cluster.sh" "$1" "$BAR_PG_DIR"; }

# serve STORE LOG: start a server; its base URL in $url, pid in $spid
serve() {
    "$bin" serve "$1" --listen 127.0.0.1:0 --threads 2 2>"$2" &
    spid=$!
    pids+=("$spid")
    local port=
    for _ in $(seq 100); do
        port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$2")
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { fail "the server did not start"; cat "$2"; exit 1; }
    url=http://127.0.0.1:$port
}

# req METHOD PATH [DATA]: status in $tmp/code ("CODE SECONDS"), page in
# $tmp/page, headers in $tmp/head; the cookies in $cookies
cookies=
req() {
    local data=()
    [ $# -ge 3 ] && data=(-H 'Content-Type: application/x-www-form-urlencoded'
                          --data-raw "$3")
    curl -s --noproxy '*' -m 30 -X "$1" -D "$tmp/head" -o "$tmp/page" \
        -H "Cookie: $cookies" -w '%{http_code} %{time_total}' "${data[@]}" \
        "$url$2" >"$tmp/code" || echo "000 0" >"$tmp/code"
}
code() { cut -d' ' -f1 "$tmp/code"; }
cookie_of() { sed -n "s/^Set-Cookie: $1=\([^;]*\);.*/\1/Ip" "$tmp/head" | tr -d '\r'; }
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/page" | head -1; }
# retry_page WHAT TEXT: the last answer was the whole 503 retry page
retry_page() {
    [ "$(code)" = 503 ] || { fail "$1: HTTP $(code), expected 503"; return; }
    grep -qi '^Retry-After: 5' "$tmp/head" || fail "$1: no Retry-After"
    grep -q "$2" "$tmp/page" || fail "$1: not the retry page: $(head -c 300 "$tmp/page")"
    [ "$(tail -c 8 "$tmp/page")" = "</html>" ] || fail "$1: half a page"
}

# ---- the research team's pages while the database is away ----
admin_uri=${uri%/*}/admin
psql -X -q "$uri" -c "CREATE DATABASE admin" || fail "create database"
cat >"$tmp/frame.csv" <<'CSV'
org_id,name,sector,cluster,email
o1,Gemeente Aa,gem,gemeente,a@aa.nl
o2,Ministerie Bee,rijk,rijk_beleid,b@bee.nl
o3,Waterschap Cee,ws,water,c@cee.nl
CSV
printf '%s\n' org_id,sector,cluster,innovated,description \
    'o1,gem,gemeente,1,Een app' >"$tmp/r.csv"
printf 'correct horse battery\n' >"$tmp/pw"
{ "$bin" init "$admin_uri" && "$bin" frame import "$admin_uri" "$tmp/frame.csv" &&
  "$bin" import "$admin_uri" "$tmp/r.csv" &&
  "$bin" admin add "$admin_uri" anna --password-file "$tmp/pw"; } >/dev/null ||
    fail "the admin store"
serve "$admin_uri" "$tmp/admin.log"
req GET "/admin/login?lang=en"
login=$(cookie_of __Secure-bar_login)
cookies="__Secure-bar_login=$login"
req POST "/admin/login?lang=en" "csrf=$(csrf_of)&name=anna&password=correct+horse+battery"
session=$(cookie_of __Secure-bar_admin)
[ -n "$session" ] || fail "no login: $(code)"
cookies="__Secure-bar_admin=$session"
req GET "/admin/quotes?lang=en"
[ "$(code)" = 200 ] || fail "quotes before the outage: $(code)"
csrf=$(csrf_of)
# the quote form names the answer by the BLAKE2b-256 hash of its text
hash=$(python3 -c 'import hashlib; print(hashlib.blake2b(b"Een app", digest_size=32).hexdigest())')

cluster pause || fail "pause the cluster"
for page in "/admin/?lang=en" "/admin/reminders?lang=en" \
            "/admin/reminders.csv?lang=en" "/admin/quotes?lang=en"; do
    req GET "$page"
    retry_page "GET $page while the database is away" "One moment, please"
done
req GET "/admin/"
retry_page "the monitor in Dutch" "Een ogenblik geduld"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=description&hash=$hash&action=approve"
retry_page "an approval while the database is away" "One moment, please"
cookies=
req GET "/admin/login?lang=en"
[ "$(code)" = 200 ] || fail "the login form needs no database: $(code)"
cookies="__Secure-bar_login=$(cookie_of __Secure-bar_login)"
req POST "/admin/login?lang=en" "csrf=$(csrf_of)&name=anna&password=correct+horse+battery"
retry_page "a login while the database is away" "One moment, please"
cookies="__Secure-bar_admin=$session"
cluster resume || fail "resume the cluster"
req GET "/admin/?lang=en"
[ "$(code)" = 200 ] || fail "the monitor after the outage: HTTP $(code)"
grep -q "Fieldwork" "$tmp/page" || fail "the monitor after the outage: $(head -c 300 "$tmp/page")"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=description&hash=$hash&action=approve"
[ "$(code)" = 303 ] || fail "an approval after the outage: HTTP $(code)"
[ "$(psql -X -Atq "$admin_uri" -c "SELECT count(*) FROM quote WHERE state = 'approved'")" = 1 ] ||
    fail "the approval after the outage is not stored"

# requests while the cluster restarts: 200 or the whole 503, nothing else
mkdir "$tmp/load"
(
    end=$((SECONDS + 4))
    i=0
    while [ $SECONDS -lt $end ]; do
        for page in "/admin/?lang=en" "/admin/reminders?lang=en"; do
            i=$((i + 1))
            curl -s --noproxy '*' -m 30 -D "$tmp/load/h$i" -o "$tmp/load/p$i" \
                -H "Cookie: $cookies" -w '%{http_code}\n' "$url$page" \
                >"$tmp/load/c$i" || echo 000 >"$tmp/load/c$i"
        done
    done
) &
load=$!
sleep 1
cluster restart || fail "restart the cluster"
wait "$load"
n200=0 n503=0
for c in "$tmp"/load/c*; do
    i=${c##*/c}
    case $(cat "$c") in
    200) n200=$((n200 + 1)) ;;
    503) n503=$((n503 + 1))
         grep -qi '^Retry-After: 5' "$tmp/load/h$i" && grep -q "One moment, please" "$tmp/load/p$i" &&
             [ "$(tail -c 8 "$tmp/load/p$i")" = "</html>" ] || fail "request $i: a 503 without the retry page" ;;
    *) fail "request $i during the restart: HTTP $(cat "$c")" ;;
    esac
done
echo "during the restart: $n200 answered 200, $n503 answered 503"
[ $n200 -gt 0 ] || fail "no request was served around the restart"
grep -q ' 500 ' "$tmp/admin.log" && fail "a 500 in the log: $(grep ' 500 ' "$tmp/admin.log" | head -3)"
grep -q "the database is unavailable" "$tmp/admin.log" ||
    fail "the outage is not in the server's log"
kill -TERM "$spid" && wait "$spid" || fail "the admin server exited $?"

# ---- a silent drop: the proxy stops forwarding without closing ----
drop_uri=${uri%/*}/drop
psql -X -q "$uri" -c "CREATE DATABASE drop" || fail "create database"
{
    echo "org_id,name,sector,cluster,email"
    for i in $(seq 12); do echo "d$i,Gemeente $i,gem,gemeente,d$i@example.nl"; done
} >"$tmp/frame12.csv"
{ "$bin" init "$drop_uri" && "$bin" frame import "$drop_uri" "$tmp/frame12.csv"; } >/dev/null ||
    fail "the drop store"
"$tool" token "$drop_uri" 2021 $(seq -f 'd%g' 12) >"$tmp/tokens" || fail "tokens"
tok() { awk -v o="$1" '$1 == o {print $2}' "$tmp/tokens"; }
pgport=${uri##*:}
pgport=${pgport%%/*}
python3 "$root/tests/cli/pg_proxy.py" "$pgport" "$tmp/proxy.port" 2>"$tmp/proxy.log" &
proxy=$!
pids+=("$proxy")
for _ in $(seq 100); do [ -s "$tmp/proxy.port" ] && break; sleep 0.1; done
via=postgresql://barometer@127.0.0.1:$(cat "$tmp/proxy.port")/drop
serve "$via?tcp_user_timeout=2000&connect_timeout=2" "$tmp/drop.log"
grep -q "tcp_user_timeout" "$tmp/drop.log" && fail "the address's parameters are logged"
acked=()
save() { # save ORG: page 0 of ORG's questionnaire; its status in $tmp/code
    url=$url req POST "/s/$(tok "$1")/p/0" "size=2"
    [ "$(code)" = 303 ] && acked+=("$1")
}
for o in d1 d2 d3 d4; do save $o; done
[ ${#acked[@]} = 4 ] || fail "saves before the drop: ${acked[*]}"
kill -USR1 "$proxy"
sleep 0.2
for o in d5 d6; do
    save $o
    read -r c secs <"$tmp/code"
    [ "$c" = 503 ] || fail "a save during the drop ($o): HTTP $c, expected 503"
    grep -q "One moment, please\|Een ogenblik geduld" "$tmp/page" || fail "$o: not the retry page"
    awk -v s="$secs" 'BEGIN { exit !(s < 6) }' ||
        fail "a save during the drop ($o) waited $secs s, more than the bound (2 s) allows"
    echo "a save during the drop: $c after $secs s"
done
kill -USR2 "$proxy"
for o in d5 d6 d7 d8; do
    save $o
    [ "$(code)" = 303 ] || fail "a save after the drop ($o): HTTP $(code)"
done
got=$(psql -X -Atq "$drop_uri" -c "SELECT org_id FROM draft ORDER BY org_id" | tr '\n' ' ')
for o in "${acked[@]}"; do
    case " $got" in *" $o "*) ;; *) fail "the acknowledged save of $o is lost (drafts: $got)" ;; esac
done
echo "acknowledged: ${acked[*]}; in the store: $got"
grep -q "no answer within 2000 ms" "$tmp/drop.log" ||
    fail "the stall is not in the log: $(grep error "$tmp/drop.log" | head -3)"
grep -q ' 500 ' "$tmp/drop.log" && fail "a 500 in the log"

[ $fails -eq 0 ] && echo "store_pg_outage: all passed"
[ $fails -eq 0 ]

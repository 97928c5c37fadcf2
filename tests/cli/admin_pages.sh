#!/usr/bin/env bash
# The research team's pages of `barometer serve` with curl against a real
# server on a free loopback port: login right and wrong (the same answer
# for an unknown name), the growing delay after failures, the login form's
# and every other form's CSRF check (a polite 403), the session cookie's
# attributes, logout, session expiry (BAR_TEST_SESSION_IDLE), the monitor's
# numbers for a fixture of nine organisations (Table 1, response over time,
# the R-indicator and which groups to remind first), the reminder list and
# its CSV download, and the approval of open answers (approve, withdraw).
# The stores are new SQLite files, or new PostgreSQL databases with
# BAR_TEST_STORE (tests/cli/stores.bash, tests/cli/store_pg_suite.sh).
# Usage: bash admin_pages.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tool=$(dirname "$bin")/fieldtool
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }
[ -x "$tool" ] || { echo "SKIP: no $tool"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
. "$root/tests/cli/expect.bash"
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Nine organisations: gem 3 of 4 completed, ws 1 of 2, rijk 1 of 3;
# personal links for o1-o6; o2 starts (a draft) through its link.
. "$root/tests/cli/stores.bash"
db=$(new_store s) || { echo "FAIL: no store"; exit 1; }
# sql QUERY: QUERY on the store, rows as a|b; dump: the whole store as text
sql() { store_sql "$db" "$1"; }
dump() { store_dump "$db"; }
client=sqlite3
store_is_pg "$db" && client=psql
cat >"$tmp/frame.csv" <<'CSV'
org_id,name,sector,cluster,email
o1,Gemeente Aa,gem,gemeente,a@aa.nl
o2,Ministerie Bee,rijk,rijk_beleid,b@bee.nl
o3,Waterschap Cee,ws,water,c@cee.nl
o4,Gemeente Dee,gem,gemeente,d@dee.nl
o5,Gemeente Ee,gem,gemeente,e@ee.nl
o6,Ministerie Ef,rijk,rijk_beleid,f@ef.nl
o7,=SUM(A1),rijk,rijk_beleid,g@gee.nl
o8,"Gemeente Ha, de",gem,gemeente,h@ha.nl
o9,Waterschap Ie,ws,water,i@ie.nl
CSV
cat >"$tmp/r.csv" <<'CSV'
org_id,sector,cluster,innovated,description
o1,gem,gemeente,1,Een app voor <b>burgers</b>
o3,ws,water,0,
o4,gem,gemeente,0,
o5,gem,gemeente,0,
o6,rijk,rijk_beleid,1,Een portaal
CSV
expect 0 "init" -- "$bin" init "$db"
expect 0 "frame" -- "$bin" frame import "$db" "$tmp/frame.csv"
expect 0 "import" -- "$bin" import "$db" "$tmp/r.csv"
"$tool" token "$db" 2021 o1 o2 o3 o4 o5 o6 >"$tmp/tokens" ||
    fail "fieldtool token"
t2=$(awk '$1 == "o2" {print $2}' "$tmp/tokens")
printf 'correct horse battery\n' >"$tmp/pw"
expect 0 "account" -- "$bin" admin add "$db" anna --password-file "$tmp/pw"

BAR_TEST_SESSION_IDLE=3 BAR_TEST_LOGIN_DELAY_MS=400 \
    "$bin" serve "$db" --listen 127.0.0.1:0 --threads 2 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 200); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { fail "the server did not start"; cat "$tmp/log"; exit 1; }
url=http://127.0.0.1:$port

# req METHOD PATH [DATA]: with the cookies in $cookies; status and Location
# into $tmp/code, the page into $tmp/page, headers into $tmp/head, seconds
# into $tmp/time.
cookies=
req() {
    local data=()
    [ $# -ge 3 ] && data=(-H 'Content-Type: application/x-www-form-urlencoded'
                          --data-raw "$3")
    curl -s --noproxy '*' -m 40 -X "$1" -D "$tmp/head" -o "$tmp/page" \
        -H "Cookie: $cookies" \
        -w '%{http_code} %{redirect_url} %{time_total}' "${data[@]}" \
        "$url$2" >"$tmp/code" || echo "000" >"$tmp/code"
}
want() {
    local code loc
    read -r code loc _ <"$tmp/code"
    if [ "$code" != "$1" ]; then
        fail "$3: HTTP $code, expected $1"
    elif [ -n "$2" ] && [ "${loc%"$2"}" = "$loc" ]; then
        fail "$3: redirected to '$loc', expected ...$2"
    fi
}
seconds() { awk '{print $NF}' "$tmp/code"; }
cookie_of() { sed -n "s/^Set-Cookie: $1=\([^;]*\);.*/\1/Ip" "$tmp/head" | tr -d '\r'; }
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/page" | head -1; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# o2 opens its link in English: a draft (started)
curl -s --noproxy '*' -o /dev/null "$url/s/$t2?lang=en"

# ---- not logged in: to the login page
req GET /admin/
want 303 /admin/login "the monitor without a session"
req GET /admin/reminders.csv
want 303 /admin/login "the CSV without a session"
req POST /admin/quotes "org=o1&var=description&action=approve"
want 401 "" "a POST without a session"

# ---- the login form and its cookie
req GET "/admin/login?lang=en"
want 200 "" "login form"
expect_text "$tmp/page" 'autocomplete="current-password"' "login form"
login=$(cookie_of __Secure-bar_login)
lcsrf=$(csrf_of)
[ -n "$login" ] && [ -n "$lcsrf" ] || fail "no login cookie or CSRF token"
expect_text "$tmp/head" "Path=/admin; HttpOnly; Secure; SameSite=Strict" \
    "login cookie attributes"
pw=$(enc 'correct horse battery')

# a login without the form's token, or with another cookie: 403
cookies="__Secure-bar_login=$login"
req POST "/admin/login?lang=en" "name=anna&password=$pw"
want 403 "" "login without CSRF"
expect_text "$tmp/page" "Nothing was changed" "polite 403"
cookies="__Secure-bar_login=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=$pw"
want 403 "" "login with another cookie's CSRF"

# ---- wrong passwords: the same page for an unknown name; slower each time
cookies="__Secure-bar_login=$login"
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=wrong-password-1"
want 401 "" "wrong password"
expect_text "$tmp/page" "account name or password is not right" "wrong"
cp "$tmp/page" "$tmp/wrong1"
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=nobody&password=wrong-password-1"
want 401 "" "unknown name"
s2=$(seconds)
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=wrong-password-2"
want 401 "" "wrong password again"
s3=$(seconds)
awk -v a="$s2" -v b="$s3" 'BEGIN { exit !(a >= 0.35 && b >= 0.75) }' ||
    fail "no growing delay: ${s2}s then ${s3}s"
# the unknown name's page says the same as the wrong password's
diff <(grep -v 'csrf' "$tmp/wrong1") <(grep -v 'csrf' "$tmp/page") \
    >/dev/null || fail "an unknown name answered otherwise"
grep -q "failed login from 127.0.0.1 (failure 3)" "$tmp/log" ||
    fail "failures not logged"
grep -q "wrong-password\|nobody" "$tmp/log" && fail "a password or name logged"
# while a fourth failure waits (3.2 s), even the right password is
# refused unseen: too soon after failures
curl -s --noproxy '*' -m 40 -o /dev/null -H "Cookie: $cookies" \
    --data-raw "csrf=$lcsrf&name=anna&password=wrong-password-3" \
    "$url/admin/login" &
bg=$!
sleep 0.5
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=$pw"
want 401 "" "a right password too soon after failures"
wait "$bg"
grep -q "refused: too many failures" "$tmp/log" || fail "refusal not logged"
sleep 3.5

# ---- the right password
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=$pw"
want 303 "/admin/?lang=en" "login"
sid=$(cookie_of __Secure-bar_admin)
[ ${#sid} -eq 43 ] || fail "session id '$sid'"
expect_text "$tmp/head" "__Secure-bar_admin=$sid; Path=/admin; HttpOnly; Secure; SameSite=Strict" \
    "session cookie attributes"
cookies="__Secure-bar_admin=$sid"

# ---- the monitor
req GET "/admin/?lang=en"
want 200 "" "monitor"
cp "$tmp/page" "$tmp/monitor.html"
for h in "Content-Security-Policy: default-src 'none'" "Cache-Control: no-store" \
         "X-Frame-Options: DENY"; do
    expect_text "$tmp/head" "$h" "monitor header"
done
grep -q 'http-equiv="refresh"' "$tmp/page" && fail "a refresh not asked for"
expect_text "$tmp/page" \
    '<tr><th scope="row">Municipalities</th><td>4</td><td>3</td><td>0</td><td>3</td><td>75.0%</td></tr>' \
    "Table 1: municipalities"
expect_text "$tmp/page" \
    '<tr><th scope="row">Central government</th><td>3</td><td>2</td><td>1</td><td>1</td><td>33.3%</td></tr>' \
    "Table 1: central government"
expect_text "$tmp/page" \
    '<tr><th scope="row">Water management</th><td>2</td><td>1</td><td>0</td><td>1</td><td>50.0%</td></tr>' \
    "Table 1: water cluster"
expect_text "$tmp/page" \
    '<tr class="total"><th scope="row">Total</th><td>9</td><td>6</td><td>1</td><td>5</td><td>55.6%</td></tr>' \
    "Table 1: total"
today=$(date -u +%Y-%m-%d)
expect_text "$tmp/page" "<tr><th scope=\"row\">$today</th><td>5</td><td>5</td></tr>" \
    "completed per day"
expect_text "$tmp/page" '<svg class="chart" role="img"' "the chart"
# R = 1 - 2 S, S^2 = (396/1296) / 8: 0.609
expect_text "$tmp/page" "<dd>0.609 (standard error" "R-indicator"
grep -A2 'class="remind"' "$tmp/page" | grep -q "Sector: Central government" ||
    fail "remind central government first"
req GET "/admin/"
expect_text "$tmp/page" "<dd>0,609 (standaardfout" "R-indicator in Dutch"
req GET "/admin/?auto=1"
expect_text "$tmp/page" '<meta http-equiv="refresh" content="60">' "refresh"
expect_text "$tmp/page" "Niet meer verversen" "refresh can be stopped"
if grep -qiE '<script|style=| on[a-z]+=' "$tmp/monitor.html"; then
    fail "monitor: script, inline style or event handler"
fi

# ---- the reminder list and its CSV
req GET "/admin/reminders?lang=en"
want 200 "" "reminders"
for o in o2 o7 o8 o9; do
    expect_text "$tmp/page" "<tr><td>$o</td>" "reminders: $o"
done
grep -q "<tr><td>o1</td>" "$tmp/page" && fail "a completed one to remind"
req GET "/admin/reminders.csv"
want 200 "" "reminders.csv"
expect_text "$tmp/head" "Content-Type: text/csv; charset=utf-8" "csv type"
expect_text "$tmp/head" 'Content-Disposition: attachment; filename="reminders-2021.csv"' \
    "csv download"
printf '%s\r\n' "org_id,name,email,sector,cluster,invited,started" \
    "o2,Ministerie Bee,b@bee.nl,rijk,rijk_beleid,1,1" \
    "o7,'=SUM(A1),g@gee.nl,rijk,rijk_beleid,0,0" \
    "o8,\"Gemeente Ha, de\",h@ha.nl,gem,gemeente,0,0" \
    "o9,Waterschap Ie,i@ie.nl,ws,water,0,0" >"$tmp/want.csv"
cmp -s "$tmp/page" "$tmp/want.csv" ||
    { fail "reminders.csv"; diff "$tmp/page" "$tmp/want.csv"; }
grep -q "reminders.csv" "$tmp/log" || fail "the download not logged"

# ---- quotes: approve and withdraw, with CSRF
req GET "/admin/quotes?lang=en"
want 200 "" "quotes"
csrf=$(csrf_of)
expect_text "$tmp/page" "Een app voor &lt;b&gt;burgers&lt;/b&gt;" "escaped quote"
expect_text "$tmp/page" "Een portaal" "second quote"
req POST "/admin/quotes?lang=en" "org=o1&var=description&action=approve"
want 403 "" "approve without CSRF"
req POST "/admin/quotes?lang=en" "csrf=AAAA&org=o1&var=description&action=approve"
want 403 "" "approve with a wrong CSRF token"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=description&action=approve"
want 303 "/admin/quotes?lang=en" "approve"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=size&action=approve"
want 400 "" "approve another variable"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=zz&var=description&action=approve"
want 404 "" "approve an organisation not in the frame"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o2&var=description&action=approve"
want 404 "" "approve an organisation without a response"
expect_text "$tmp/page" "There is no completed response" "not completed"
req GET "/admin/quotes?lang=en"
expect_text "$tmp/page" "Approved (anna, $today" "approved"
expect_text "$tmp/page" "Withdraw the approval" "withdraw button"
sql "SELECT org_id, variable, approved_by FROM approval" \
    >"$tmp/approvals" 2>/dev/null && {
    [ "$(cat "$tmp/approvals")" = "o1|description|anna" ] ||
        fail "approval table: $(cat "$tmp/approvals")"
}
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=description&action=withdraw"
want 303 "/admin/quotes?lang=en" "withdraw"
req GET "/admin/quotes?lang=en"
grep -q "Approved (" "$tmp/page" && fail "still approved after withdrawing"

# ---- the store keeps only the session's hash
if command -v "$client" >/dev/null; then
    n=$(sql "SELECT count(*) FROM session WHERE length(hash) = 32")
    [ "$n" = 1 ] || fail "sessions in the store: $n"
    dump | grep -q "$sid" && fail "the session id in the store"
fi

# ---- a hash made with weaker limits is renewed at login
if command -v "$client" >/dev/null; then
    "$tool" weakhash "$db" anna 'correct horse battery' || fail "weakhash"
    old=$(sql "SELECT hash FROM account WHERE name = 'anna'")
    saved=$cookies
    cookies="__Secure-bar_login=$login"
    req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=$pw"
    want 303 "/admin/?lang=en" "login with a weak hash"
    new=$(sql "SELECT hash FROM account WHERE name = 'anna'")
    [ "$old" != "$new" ] && [ "${new#\$argon2id\$v=19\$m=65536,t=2,}" != "$new" ] ||
        fail "the hash was not renewed: $old -> $new"
    cookies=$saved
fi

# ---- logout: CSRF checked; then the session is gone
req POST "/admin/logout?lang=en" "csrf=AAAA"
want 403 "" "logout without the right CSRF"
req POST "/admin/logout?lang=en" "csrf=$csrf"
want 303 "/admin/login?lang=en" "logout"
expect_text "$tmp/head" "Max-Age=0" "logout clears the cookie"
req GET "/admin/reminders"
want 303 /admin/login "the old cookie after logout"

# ---- expiry: idle for longer than BAR_TEST_SESSION_IDLE (3 s)
cookies="__Secure-bar_login=$login"
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=$pw"
want 303 "/admin/?lang=en" "login again"
cookies="__Secure-bar_admin=$(cookie_of __Secure-bar_admin)"
req GET "/admin/reminders"
want 200 "" "a fresh session"
sleep 4
req GET "/admin/reminders?lang=en"
want 401 "" "an idle session"
expect_text "$tmp/page" "Your session has ended" "expired"

# ---- unknown pages, the respondent's side untouched
req GET "/admin/nothing"
want 401 "" "an unknown admin page without a session"
req GET /print
want 200 "" "the respondent's pages still served"
grep -q "$sid" "$tmp/log" && fail "a session id in the log"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" = 0 ] || fail "the server exited $rc"
grep -E "ERROR: |runtime error" "$tmp/log" && fail "sanitizer reports"

# ---- the degenerate cases in words: no response yet; everyone responded;
# a group where all responded (separation)
# serve_store DB: a server on DB, logged in as anna ($url, $cookies)
serve_store() {
    "$bin" serve "$1" --listen 127.0.0.1:0 --threads 1 2>"$tmp/log2" &
    pid=$!
    port=
    for _ in $(seq 200); do
        port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log2")
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { fail "the server on $1 did not start"; cat "$tmp/log2"; }
    url=http://127.0.0.1:$port
    cookies=
    req GET /admin/login
    cookies="__Secure-bar_login=$(cookie_of __Secure-bar_login)"
    req POST /admin/login "csrf=$(csrf_of)&name=anna&password=$pw"
    cookies="__Secure-bar_admin=$(cookie_of __Secure-bar_admin)"
}
stop_store() {
    kill -TERM "$pid"
    wait "$pid" || fail "the server exited $?"
    pid=
    grep -E "ERROR: |runtime error" "$tmp/log2" && fail "sanitizer reports"
}
head -4 "$tmp/frame.csv" >"$tmp/frame3.csv"
for case in none all sep; do
    d=$(new_store "$case") || fail "store $case"
    { "$bin" init "$d" && "$bin" frame import "$d" "$tmp/frame3.csv" &&
      "$bin" admin add "$d" anna --password-file "$tmp/pw"; } >/dev/null ||
        fail "setup $case"
    if [ "$case" != none ]; then
        printf '%s\n' org_id,sector,cluster,innovated o1,gem,gemeente,0 \
            o2,rijk,rijk_beleid,0 o3,ws,water,0 >"$tmp/r3.csv"
        [ "$case" = sep ] && sed -i '3,4d' "$tmp/r3.csv"
        "$bin" import "$d" "$tmp/r3.csv" >/dev/null || fail "import $case"
    fi
    serve_store "$d"
    req GET "/admin/?lang=en"
    want 200 "" "monitor ($case)"
    case $case in
    none) expect_text "$tmp/page" "No response yet: the R-indicator is computed" \
              "no response yet"
          expect_text "$tmp/page" "No organisation has completed" "no days" ;;
    all) expect_text "$tmp/page" "Every organisation in the frame has responded" \
             "everyone responded"
         expect_text "$tmp/page" \
             '<td>3</td><td>0</td><td>0</td><td>3</td><td>100.0%</td>' "all" ;;
    sep) expect_text "$tmp/page" \
             "Not yet computable: in the group &quot;Municipalities&quot;" \
             "separation" ;;
    esac
    req GET "/admin/reminders.csv"
    [ "$case" = all ] && { [ "$(wc -l <"$tmp/page")" = 1 ] ||
        fail "reminders when everyone responded"; }
    stop_store
done

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok"

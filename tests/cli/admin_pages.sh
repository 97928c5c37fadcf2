#!/usr/bin/env bash
# The research team's pages of `barometer serve` with curl against a real
# server on a free loopback port: login right and wrong (the same answer
# for an unknown name), the growing delay after failures, the login form's
# and every other form's CSRF check (a polite 403), the session cookie's
# attributes, logout, session expiry (BAR_TEST_SESSION_IDLE), the monitor's
# numbers for a fixture of nine organisations (Table 1, response over time,
# the R-indicator and which groups to remind first), the reminder list and
# its CSV download, and the research team's decisions on quotes (approve,
# reject, change of mind; the store's row with the text's BLAKE2b hash and
# the audit line; a changed answer no longer approved; CSRF refused; pages
# of 50), and login attempts sent side by side (one checked, the others
# refused unchecked).
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

BAR_TEST_SESSION_IDLE=6 BAR_TEST_LOGIN_DELAY_MS=400 \
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

# ---- quotes: approve and reject, with CSRF and the text's hash
# hash_of ORG VAR: the hash the page's form for that answer carries
hash_of() {
    sed -n "s/.*name=\"org\" value=\"$1\"><input type=\"hidden\" name=\"var\" value=\"$2\"><input type=\"hidden\" name=\"hash\" value=\"\([0-9a-f]*\)\".*/\1/p" \
        "$tmp/page" | head -1
}
# blake2b TEXT: BLAKE2b-256 of TEXT, in hex (as bar_store_quote_hash)
blake2b() { python3 -c 'import sys, hashlib; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())' "$1"; }
# decisions: the quote table as org|variable|state|by|hash (lower-case hex)
decisions() {
    if [ "$client" = psql ]; then
        sql "SELECT org_id, variable, state, decided_by, encode(text_hash, 'hex') FROM quote ORDER BY org_id, variable"
    else
        sql "SELECT org_id, variable, state, decided_by, lower(hex(text_hash)) FROM quote ORDER BY org_id, variable"
    fi
}
req GET "/admin/quotes?lang=en"
want 200 "" "quotes"
csrf=$(csrf_of)
expect_text "$tmp/page" "Een app voor &lt;b&gt;burgers&lt;/b&gt;" "escaped quote"
expect_text "$tmp/page" "Een portaal" "second quote"
expect_text "$tmp/page" "Gemeente Aa (o1)" "the organisation's name"
[ "$(grep -c 'Not decided yet.' "$tmp/page")" = 2 ] || fail "two undecided"
grep -q 'class="pager"' "$tmp/page" && fail "a pager for two answers"
h1=$(hash_of o1 description)
h6=$(hash_of o6 description)
[ "$h1" = "$(blake2b 'Een app voor <b>burgers</b>')" ] ||
    fail "the form's hash is not BLAKE2b-256 of the text: $h1"
q1="org=o1&var=description&hash=$h1&at=1"
req POST "/admin/quotes?lang=en" "$q1&action=approve"
want 403 "" "approve without CSRF"
expect_text "$tmp/page" "Nothing was changed" "polite 403 for a quote"
req POST "/admin/quotes?lang=en" "csrf=AAAA&$q1&action=approve"
want 403 "" "approve with a wrong CSRF token"
if command -v "$client" >/dev/null; then
    [ -z "$(decisions)" ] || fail "a decision without CSRF: $(decisions)"
fi
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=size&hash=$h1&action=approve"
want 400 "" "approve another variable"
req POST "/admin/quotes?lang=en" "csrf=$csrf&$q1&action=withdraw"
want 400 "" "an unknown action"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=description&hash=abc&action=approve"
want 400 "" "no hash"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=zz&var=description&hash=$h1&action=approve"
want 404 "" "approve an organisation not in the frame"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o2&var=description&hash=$h1&action=approve"
want 404 "" "approve an organisation without a response"
expect_text "$tmp/page" "There is no completed response" "not completed"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o1&var=description&hash=$h6&action=approve"
want 409 "" "approve a text other than the answer's"
expect_text "$tmp/page" "The answer has changed since the page was shown" "409"
req POST "/admin/quotes?lang=en" "csrf=$csrf&$q1&action=approve"
want 303 "/admin/quotes?page=1&lang=en#q1" "approve"
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o6&var=description&hash=$h6&at=2&action=reject"
want 303 "/admin/quotes?page=1&lang=en#q2" "reject"
req GET "/admin/quotes?lang=en"
expect_text "$tmp/page" "Approved by anna on $today" "approved"
expect_text "$tmp/page" "Rejected by anna on $today" "rejected"
grep -q "Not decided yet." "$tmp/page" && fail "still undecided"
expect_text "$tmp/page" '<dt>Approved</dt><dd>1</dd>' "count approved"
expect_text "$tmp/page" '<dt>Rejected</dt><dd>1</dd>' "count rejected"
if command -v "$client" >/dev/null; then
    [ "$(decisions)" = "o1|description|approved|anna|$h1
o6|description|rejected|anna|$h6" ] || fail "quote table: $(decisions)"
    [ "$(sql "SELECT count(*) FROM audit WHERE action = 'quote_approve' AND rows = 1")" = 1 ] ||
        fail "no audit line of the approval"
    [ "$(sql "SELECT count(*) FROM audit WHERE action = 'quote_reject'")" = 1 ] ||
        fail "no audit line of the rejection"
fi
grep -q "quote approved: wave 2021, o1, description, by anna" "$tmp/log" ||
    fail "the approval not logged"
# change of mind: the rejected one approved; the decision replaced
req POST "/admin/quotes?lang=en" "csrf=$csrf&org=o6&var=description&hash=$h6&at=2&action=approve"
want 303 "#q2" "approve after rejecting"
if command -v "$client" >/dev/null; then
    [ "$(sql "SELECT state FROM quote WHERE org_id = 'o6'")" = approved ] ||
        fail "the later decision did not replace the earlier"
fi
# the answer changes after its approval (imported again): no longer
# approved, and the old text's hash is refused
printf '%s\n' org_id,sector,cluster,innovated,description \
    "o1,gem,gemeente,1,Een app voor burgers en bedrijven" >"$tmp/r1.csv"
expect 0 "import a changed answer" -- "$bin" import "$db" "$tmp/r1.csv" --replace
req GET "/admin/quotes?lang=en"
expect_text "$tmp/page" "UTC, but not this text: the answer has changed since" \
    "a changed answer is no longer approved"
expect_text "$tmp/page" '<dt>Changed since approval</dt><dd>1</dd>' "count changed"
expect_text "$tmp/page" '<dt>Approved</dt><dd>1</dd>' "o6 still approved"
h1new=$(hash_of o1 description)
[ "$h1new" = "$(blake2b 'Een app voor burgers en bedrijven')" ] ||
    fail "the changed answer's hash: $h1new"
req POST "/admin/quotes?lang=en" "csrf=$csrf&$q1&action=approve"
want 409 "" "approve the old text of a changed answer"
if command -v "$client" >/dev/null; then
    [ "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'quote_%'")" = 3 ] ||
        fail "a decision written for a refused one"
fi

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
    cookies="__Secure-bar_login=$login"
    req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=$pw"
    want 303 "/admin/?lang=en" "login with a weak hash"
    new=$(sql "SELECT hash FROM account WHERE name = 'anna'")
    [ "$old" != "$new" ] && [ "${new#\$argon2id\$v=19\$m=65536,t=2,}" != "$new" ] ||
        fail "the hash was not renewed: $old -> $new"
    # on with the new session: the old one may have been idle too long
    # while the hashes were made (BAR_TEST_SESSION_IDLE)
    cookies="__Secure-bar_admin=$(cookie_of __Secure-bar_admin)"
    req GET "/admin/?lang=en"
    want 200 "" "the monitor in the new session"
    csrf=$(csrf_of)
fi

# ---- logout: CSRF checked; then the session is gone
req POST "/admin/logout?lang=en" "csrf=AAAA"
want 403 "" "logout without the right CSRF"
req POST "/admin/logout?lang=en" "csrf=$csrf"
want 303 "/admin/login?lang=en" "logout"
expect_text "$tmp/head" "Max-Age=0" "logout clears the cookie"
req GET "/admin/reminders"
want 303 /admin/login "the old cookie after logout"

# ---- expiry: idle for longer than BAR_TEST_SESSION_IDLE (6 s: long
# enough for the steps above on a loaded machine)
cookies="__Secure-bar_login=$login"
req POST "/admin/login?lang=en" "csrf=$lcsrf&name=anna&password=$pw"
want 303 "/admin/?lang=en" "login again"
cookies="__Secure-bar_admin=$(cookie_of __Secure-bar_admin)"
req GET "/admin/reminders"
want 200 "" "a fresh session"
sleep 7
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
# start_on DB THREADS: a server on DB logging into $tmp/log2 ($pid, $url)
start_on() {
    # emptied here, not only by the server's redirection, which may come
    # after the first look below: that found the last server's port
    : >"$tmp/log2"
    "$bin" serve "$1" --listen 127.0.0.1:0 --threads "$2" 2>"$tmp/log2" &
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
}
# serve_store DB: a server on DB, logged in as anna ($url, $cookies)
serve_store() {
    start_on "$1" 1
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

# ---- quotes in pages of 50: 61 organisations with an open answer
d=$tmp/pages.db
{ echo org_id,name,sector,cluster,email
  for i in $(seq -w 1 61); do echo "p$i,Gemeente $i,gem,gemeente,p$i@x.nl"; done
} >"$tmp/frame61.csv"
{ echo org_id,sector,cluster,innovated,description
  for i in $(seq -w 1 61); do echo "p$i,gem,gemeente,1,Antwoord nummer $i"; done
} >"$tmp/r61.csv"
{ "$bin" init "$d" && "$bin" frame import "$d" "$tmp/frame61.csv" &&
  "$bin" import "$d" "$tmp/r61.csv" &&
  "$bin" admin add "$d" anna --password-file "$tmp/pw"; } >/dev/null ||
    fail "setup pages"
serve_store "$d"
req GET "/admin/quotes?lang=en"
want 200 "" "quotes, page 1"
[ "$(grep -c '<article class="quote"' "$tmp/page")" = 50 ] ||
    fail "page 1 does not show 50 answers"
expect_text "$tmp/page" "Antwoord nummer 01" "page 1 starts with the first"
expect_text "$tmp/page" "Antwoord nummer 50" "page 1 ends with the 50th"
grep -q "Antwoord nummer 51" "$tmp/page" && fail "the 51st on page 1"
expect_text "$tmp/page" "Page 1 of 2" "pager"
expect_text "$tmp/page" 'href="/admin/quotes?page=2&amp;lang=en" rel="next"' "next link"
req GET "/admin/quotes?page=2&lang=en"
want 200 "" "quotes, page 2"
[ "$(grep -c '<article class="quote"' "$tmp/page")" = 11 ] ||
    fail "page 2 does not show 11 answers"
expect_text "$tmp/page" 'id="q61"' "the last answer's anchor"
expect_text "$tmp/page" 'rel="prev"' "previous link"
csrf=$(csrf_of)
h=$(hash_of p55 description)
req POST "/admin/quotes?page=2&lang=en" "csrf=$csrf&org=p55&var=description&hash=$h&at=55&action=approve"
want 303 "/admin/quotes?page=2&lang=en#q55" "approve on page 2: back to page 2"
req GET "/admin/quotes?page=9"
want 200 "" "a page past the last"
expect_text "$tmp/page" "Pagina 2 van 2" "the last page instead, in Dutch"
expect_text "$tmp/page" "Goedgekeurd door anna" "approved, in Dutch"
stop_store

# ---- attempts sent side by side: while the first is being verified the
# others are refused unchecked, so that parallel connections do not
# multiply the guesses (each attempt counts as a failure from its start)
start_on "$db" 4
req GET /admin/login
cookies="__Secure-bar_login=$(cookie_of __Secure-bar_login)"
pcsrf=$(csrf_of)
bgs=()
for i in 1 2 3 4; do
    curl -s --noproxy '*' -m 40 -o /dev/null -H "Cookie: $cookies" \
        --data-raw "csrf=$pcsrf&name=nobody&password=parallel-$i" \
        "$url/admin/login" &
    bgs+=($!)
done
wait "${bgs[@]}"
n=$(grep -c "failed login from 127.0.0.1" "$tmp/log2")
[ "$n" = 1 ] || fail "$n of 4 parallel attempts checked, expected 1"
n=$(grep -c "refused: too many failures" "$tmp/log2")
[ "$n" = 3 ] || fail "$n of 4 parallel attempts refused unchecked, expected 3"
stop_store

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok"

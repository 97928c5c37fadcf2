#!/usr/bin/env bash
# The respondent's pages in Chromium (tests/web/axe.js): axe-core with zero
# violations on every page type (a single question, several, a refused
# page with its error summary, multi-response and text, a grid, the
# review in both languages, thank-you, locked, closed, unknown link, not
# found, the printable questionnaire), the error summary's link focusing
# its field, a visible focus on every control, and a keyboard-only
# completion; then the research team's pages (axe.js admin) on a second
# store with a fixture of nine organisations. Every page must also reflow
# at 320 px (400% zoom) without a horizontal scroll. Needs node with
# axe-core and playwright-core (cd tests/web && npm ci; or
# BAR_NODE_MODULES=DIR) and Chromium; skips (77) without them.
# SHOTS_DIR=DIR keeps screenshots of every page at 1280 and 390 px.
# Usage: bash serve_axe.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tool=$(dirname "$bin")/fieldtool
modules=${BAR_NODE_MODULES:-$root/tests/web/node_modules}
chromium=${CHROMIUM:-/usr/bin/chromium}
for need in "$modules/axe-core" "$modules/playwright-core" "$chromium" \
            "$tool"; do
    [ -e "$need" ] || { echo "SKIP: no $need"; exit 77; }
done
command -v node >/dev/null || { echo "SKIP: no node"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

db=$tmp/s.db
printf 'org_id,name,sector,cluster,email\no1,A,gem,gemeente,a@a.nl\no2,B,rijk,rijk_beleid,b@b.nl\no3,C,ws,water,c@c.nl\n' \
    >"$tmp/frame.csv"
"$bin" init "$db" >/dev/null && "$bin" frame import "$db" "$tmp/frame.csv" \
    >/dev/null && "$tool" token "$db" 2021 o1 o2 o3 >"$tmp/tokens" ||
    { echo "FAIL: setup"; exit 1; }
tok() { awk -v o="$1" '$1 == o {print $2}' "$tmp/tokens"; }
"$bin" serve "$db" --listen 127.0.0.1:0 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 50); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; exit 1; }
url=http://127.0.0.1:$port
export NODE_PATH=$modules
[ -n "${SHOTS_DIR:-}" ] && mkdir -p "$SHOTS_DIR"
no_proxy='*' timeout 300 node "$root/tests/web/axe.js" walk "$url" \
    "$(tok o2)" "$(tok o1)" ${SHOTS_DIR:+"$SHOTS_DIR"} || exit 1
"$tool" dates "$db" 2021 2020-01-01 2020-06-30 || exit 1
no_proxy='*' timeout 120 node "$root/tests/web/axe.js" pages "$url" \
    "closed=/s/$(tok o3)" "closed-en=/s/$(tok o3)?lang=en" || exit 1
# both completions are in the store
"$bin" export "$db" "$tmp/x.csv" >/dev/null || exit 1
[ "$(grep -c '^o[12],' "$tmp/x.csv")" = 2 ] ||
    { echo "FAIL: the two completions are not in the store"; exit 1; }
kill "$pid" && wait "$pid" 2>/dev/null
pid=

# ---- the research team's pages: gem 3 of 4 completed, ws 1 of 2, rijk 1
# of 3 (an R-indicator and groups to remind), two open answers
db=$tmp/a.db
printf '%s\n' org_id,name,sector,cluster,email \
    o1,A,gem,gemeente,a@a.nl o2,B,rijk,rijk_beleid,b@b.nl \
    o3,C,ws,water,c@c.nl o4,D,gem,gemeente,d@d.nl o5,E,gem,gemeente,e@e.nl \
    o6,F,rijk,rijk_beleid,f@f.nl o7,G,rijk,rijk_beleid,g@g.nl \
    o8,H,gem,gemeente,h@h.nl o9,I,ws,water,i@i.nl >"$tmp/frame9.csv"
printf '%s\n' org_id,sector,cluster,innovated,description \
    "o1,gem,gemeente,1,Een app voor burgers" o3,ws,water,0, \
    o4,gem,gemeente,0, o5,gem,gemeente,0, \
    "o6,rijk,rijk_beleid,1,Een portaal" >"$tmp/r9.csv"
printf 'correct horse battery\n' >"$tmp/pw"
{ "$bin" init "$db" && "$bin" frame import "$db" "$tmp/frame9.csv" &&
  "$bin" import "$db" "$tmp/r9.csv" &&
  "$tool" token "$db" 2021 o1 o2 o3 o4 o5 o6 &&
  "$bin" admin add "$db" anna --password-file "$tmp/pw"; } >/dev/null ||
    { echo "FAIL: admin setup"; exit 1; }
: >"$tmp/log" # the first server's port must not be found below
BAR_TEST_LOGIN_DELAY_MS=1000 "$bin" serve "$db" --listen 127.0.0.1:0 \
    2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 50); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; exit 1; }
no_proxy='*' timeout 120 node "$root/tests/web/axe.js" admin \
    "http://127.0.0.1:$port" anna 'correct horse battery' \
    ${SHOTS_DIR:+"$SHOTS_DIR"} || exit 1
echo "ok"

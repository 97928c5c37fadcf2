#!/usr/bin/env bash
# A wave from invitation to analysis, as it runs for real: a store with a
# frame and open dates, `barometer invite` through a real SMTP server
# (aiosmtpd, tests/cli/smtp_sink.py), the links taken from the messages as
# a mail program decodes them, `barometer serve`, and Chromium following
# each link with the mouse (tests/web/e2e.js): an innovator and a
# non-innovator in Dutch and in English. Then `barometer remind` reaches
# only those who did not answer, the research team's monitor (logged in
# with Chromium) shows 6 invited, 4 started and 4 completed, and
# `barometer analyze` counts the four responses with the right answers.
# The store is a SQLite file, or a PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash). Skips (77) without aiosmtpd, node's
# playwright-core or Chromium.
# Usage: bash e2e.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
modules=${BAR_NODE_MODULES:-$root/tests/web/node_modules}
chromium=${CHROMIUM:-/usr/bin/chromium}
py=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import aiosmtpd' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "SKIP: no python3 with aiosmtpd"; exit 77; }
for need in "$modules/playwright-core" "$chromium"; do
    [ -e "$need" ] || { echo "SKIP: no $need"; exit 77; }
done
command -v node >/dev/null || { echo "SKIP: no node"; exit 77; }
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# the store: 6 organisations, open now
cat >"$tmp/frame.csv" <<'CSV'
org_id,name,sector,cluster,email
g1,Gemeente Súdwest-Fryslân,gem,gemeente,info@g1.example.nl
g2,Gemeente Ede,gem,gemeente,info@g2.example.nl
w1,Waterschap De Dommel,ws,water,post@w1.example.nl
p1,Provincie Drenthe,prov,overig,post@p1.example.nl
r1,Ministerie van Binnenlandse Zaken,rijk,rijk_beleid,post@r1.example.nl
r2,Ministerie van Financiën,rijk,rijk_beleid,post@r2.example.nl
CSV
# a new SQLite file, or a new PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash, tests/cli/store_pg_suite.sh)
. "$root/tests/cli/stores.bash"
db=$(new_store s) || { echo "FAIL: no store"; exit 1; }
"$bin" init "$db" --opens 2020-01-01 --closes 2099-12-31 >/dev/null &&
    "$bin" frame import "$db" "$tmp/frame.csv" >/dev/null ||
    { echo "FAIL: setup"; exit 1; }

# the survey server first: the links must point at it
"$bin" serve "$db" --listen 127.0.0.1:0 2>"$tmp/serve.log" &
pids+=($!)
port=
for _ in $(seq 50); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; exit 1; }
base=http://127.0.0.1:$port

# the SMTP server, and the invitations through it
mkdir "$tmp/mail"
"$py" "$root/tests/cli/smtp_sink.py" "$tmp/mail" "$tmp/smtp.port" \
    2>"$tmp/smtp.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/smtp.port" ] && break; sleep 0.1; done
smtp=smtp://127.0.0.1:$(cat "$tmp/smtp.port")
"$bin" invite "$db" --base-url "$base" --smtp "$smtp" \
    --from onderzoek@barometer.example.nl --rate 50 >"$tmp/out" 2>&1 ||
    { fail "invite: $(cat "$tmp/out")"; exit 1; }
[ "$(ls "$tmp/mail" | grep -c '\.eml$')" = 6 ] || fail "not 6 invitations"

# the link of each organisation, as a mail program reads the message
links=$("$py" - "$tmp/mail" <<'PY'
import email, email.policy, os, re, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    if not f.endswith('.eml'):
        continue
    m = email.message_from_binary_file(open(os.path.join(d, f), 'rb'),
                                       policy=email.policy.default)
    to = m['To'].addresses[0].addr_spec
    body = m.get_body(('plain',)).get_content()
    link = re.search(r'https?://\S+/s/[A-Za-z0-9_-]{22}', body)
    print(to.split('@')[1].split('.')[0], link.group(0) if link else '-')
PY
)
link() { awk -v o="$1" '$1 == o {print $2}' <<<"$links"; }
for o in g1 g2 w1 p1; do
    case $(link $o) in
    "$base"/s/*) ;;
    *) fail "no link for $o in its message: $(link $o)" ;;
    esac
done

export NODE_PATH=$modules
no_proxy='*' timeout 300 node "$root/tests/web/e2e.js" \
    "innovator-nl=$(link g1)" "non-innovator-en=$(link w1)" \
    "innovator-en=$(link p1)" "non-innovator-nl=$(link g2)" ||
    fail "the walks in Chromium"

# a reminder reaches only the two who did not answer
"$bin" remind "$db" --base-url "$base" --smtp "$smtp" \
    --from onderzoek@barometer.example.nl --rate 50 >"$tmp/out" 2>&1 ||
    fail "remind: $(cat "$tmp/out")"
reminded=$(grep -h '^To:' $(ls -t "$tmp"/mail/*.eml | head -2) |
    sed 's/.*@\([a-z0-9]*\)\..*/\1/' | sort | tr '\n' ' ')
[ "$(ls "$tmp/mail" | grep -c '\.eml$')" = 8 ] ||
    fail "remind sent $(($(ls "$tmp/mail" | grep -c '\.eml$') - 6)), not 2"
[ "$reminded" = "r1 r2 " ] || fail "reminded '$reminded', not r1 r2"

# the monitor shows them: log in as the research team does
printf 'een goed wachtwoord\n' >"$tmp/pw"
"$bin" admin add "$db" anna --password-file "$tmp/pw" >/dev/null ||
    fail "admin add"
total=$(no_proxy='*' timeout 120 node "$root/tests/web/e2e.js" monitor \
    "$base" anna "een goed wachtwoord") || fail "the monitor: $total"
echo "monitor: $total"
[ "$(grep '^total' <<<"$total")" = "total 6 6 4 4" ] ||
    fail "the monitor's total row: '$total', not 'total 6 6 4 4'"

# the analysis counts the four, with their answers
"$bin" export "$db" "$tmp/x.csv" >/dev/null || fail "export"
"$py" - "$tmp/x.csv" <<'PY' || fail "the exported answers"
import csv, sys
rows = {r['org_id']: r for r in csv.DictReader(open(sys.argv[1]))}
want = {'g1': '1', 'p1': '1', 'g2': '0', 'w1': '0'}
assert set(rows) == set(want), sorted(rows)
for o, v in want.items():
    assert rows[o]['innovated'] == v, (o, rows[o]['innovated'])
assert rows['g1']['description'].startswith('Een digitaal loket'), rows['g1']
assert rows['g2']['description'] == '', rows['g2']
PY
"$bin" analyze "$db" --json "$tmp/r.json" >/dev/null 2>&1 || fail "analyze"
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["cases"] == 4, d["cases"]' \
    "$tmp/r.json" || fail "analyze does not count 4 cases"

[ "$fails" -eq 0 ] && echo "e2e: all passed"
exit $((fails > 0))

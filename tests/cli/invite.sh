#!/usr/bin/env bash
# Invitations and reminders through a real SMTP server (aiosmtpd,
# tests/cli/smtp_sink.py): every message checked (headers, encoding, line
# lengths; its link's token hashes to one the store keeps for the
# organisation it went to), a rerun sends nothing, remind reaches only
# those without a response, a kill -9 in the middle of sending sends
# nothing twice, the mail-merge file, login, STARTTLS refused, and bad
# input (no frame, bad base URL, unreachable server: clear errors, nothing
# logged as sent). Also `wave` and `init --opens/--closes`. The stores are
# SQLite files, or PostgreSQL databases with BAR_TEST_STORE
# (tests/cli/stores.bash, tests/cli/store_pg_suite.sh); the checks read
# them through tests/cli/store_query.py.
# Usage: bash invite.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
sinks=()
cleanup() {
    for p in "${sinks[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0

. "$root/tests/cli/expect.bash"
. "$root/tests/cli/stores.bash"
export PYTHONPATH=$root/tests/cli${PYTHONPATH:+:$PYTHONPATH}

# aiosmtpd is Debian's python3-aiosmtpd; the python3 on PATH may be
# another one
py=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import aiosmtpd' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "SKIP: no python3 with aiosmtpd"; exit 77; }

# sink NAME [ARGS...]: start an SMTP sink writing to $tmp/NAME; its port
# in $port
sink() {
    local name=$1
    shift
    mkdir -p "$tmp/$name"
    rm -f "$tmp/$name.port"
    "$py" "$root/tests/cli/smtp_sink.py" "$tmp/$name" "$tmp/$name.port" \
        "$@" 2>"$tmp/$name.log" &
    sinks+=($!)
    for _ in $(seq 100); do
        [ -s "$tmp/$name.port" ] && break
        sleep 0.1
    done
    port=$(cat "$tmp/$name.port")
}
count() { ls "$tmp/$1" 2>/dev/null | grep -c '\.eml$'; }

# a frame of the 2021 instrument: a name with accents, one with a quote,
# one long enough to need folding
cat >"$tmp/frame.csv" <<'EOF'
org_id,name,sector,cluster,email
o1,Gemeente Súdwest-Fryslân,gem,gemeente,info@sudwest.example.nl
o2,"Waterschap ""De Dommel""",ws,water,post@dommel.example.nl
o3,Gemeente Aa en Hunze,gem,gemeente,gemeente@aaenhunze.example.nl
o4,Stichting Uitvoering Landelijke Regelingen voor Onderwijs en Wetenschap in Caribisch Nederland,zbo,zbo,info@sulrow.example.nl
o5,Provincie Drenthe,prov,overig,post@drenthe.example.nl
o6,Gemeente Ede,gem,gemeente,info@ede.example.nl
EOF
db=$(new_store s) || { echo "FAIL: no store"; exit 1; }
from='Ministerie van BZK <innovatiebarometer@minbzk.example.nl>'
url=https://enquete.example.nl/ibo

for cmd in invite remind wave; do
    expect 0 "$cmd --help" -- "$bin" "$cmd" --help
    expect_text "$tmp/out" "Usage: barometer $cmd" "$cmd --help"
    expect_text "$tmp/out" "Exit status" "$cmd --help"
done

# ---- wave dates ----
expect 2 "init with a bad date" -- "$bin" init "$db" --opens 2021-02-30
expect_text "$tmp/err" "'2021-02-30': not a date" "bad date"
expect 2 "the store after a bad date" -- "$bin" wave "$db"
expect 2 "init closing before opening" -- "$bin" init "$db" \
    --opens 2021-03-01 --closes 2021-02-01
expect 0 "init with dates" -- "$bin" init "$db" --opens 2021-03-01 \
    --closes 2099-04-15
expect 0 "wave" -- "$bin" wave "$db"
expect_text "$tmp/out" "opens: 2021-03-01" "wave shows opens"
expect_text "$tmp/out" "closes: 2099-04-15" "wave shows closes"
expect_text "$tmp/out" "open now: yes" "wave is open"
expect 0 "wave --closes" -- "$bin" wave "$db" --closes 2099-05-31
expect_text "$tmp/out" "closes: 2099-05-31" "closes changed"
expect_text "$tmp/out" "opens: 2021-03-01" "opens kept"
expect 2 "wave --closes before opens" -- "$bin" wave "$db" \
    --closes 2020-01-01
expect_text "$tmp/err" "before it opens" "closing before opening"

# ---- bad input ----
sink main
expect 2 "invite without a frame" -- "$bin" invite "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from"
expect_text "$tmp/err" "wave 2021 has no frame" "no frame"
expect 0 "frame import" -- "$bin" frame import "$db" "$tmp/frame.csv"
for bad in "ftp://x.nl" "https://" "https://x.nl/?a=1" "https://x .nl" \
           "enquete.example.nl"; do
    expect 2 "bad base URL $bad" -- "$bin" invite "$db" --base-url "$bad" \
        --smtp "smtp://127.0.0.1:$port" --from "$from"
    expect_text "$tmp/err" "is not a base URL" "bad base URL $bad"
done
expect 2 "no --base-url" -- "$bin" invite "$db" \
    --smtp "smtp://127.0.0.1:$port" --from "$from"
expect 2 "both --smtp and --mail-merge" -- "$bin" invite "$db" \
    --base-url "$url" --smtp "smtp://127.0.0.1:$port" --from "$from" \
    --mail-merge "$tmp/m.csv"
expect 2 "--smtp without --from" -- "$bin" invite "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port"
expect 2 "a bad --from" -- "$bin" invite "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "nobody"
expect 2 "http is not SMTP" -- "$bin" invite "$db" --base-url "$url" \
    --smtp "http://127.0.0.1:$port" --from "$from"
# a port nobody listens on: one attempt, logged failed, the run stops
closed=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
expect 1 "unreachable SMTP server" -- "$bin" invite "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$closed" --from "$from"
expect_text "$tmp/err" "nothing more was sent" "unreachable: stops"
expect_text "$tmp/err" "127.0.0.1:$closed" "unreachable: names the server"
expect 0 "wave after the failure" -- "$bin" wave "$db"
expect_text "$tmp/out" "invite: failed 1" "one failed attempt logged"
if grep -q "sent\|sending" "$tmp/out"; then
    echo "FAIL: a message logged as sent or sending after a failed connection"
    fails=$((fails + 1))
fi
# STARTTLS required, and the test server offers none: nothing goes out
expect 1 "--starttls against a server without TLS" -- "$bin" invite "$db" \
    --base-url "$url" --smtp "smtp://127.0.0.1:$port" --from "$from" \
    --starttls
[ "$(count main)" -eq 0 ] || { echo "FAIL: a message went out without STARTTLS"; fails=$((fails + 1)); }

# ---- the invitations ----
expect 0 "invite" -- "$bin" invite "$db" --base-url "$url/" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --rate 100
expect_text "$tmp/out" "sent: 6" "invite: 6 sent"
[ "$(count main)" -eq 6 ] || { echo "FAIL: $(count main) messages, not 6"; fails=$((fails + 1)); }

# check_mail FOLDER KIND N...: the messages in FOLDER numbered from N
check_mail() {
    "$py" - "$db" "$@" <<'PY'
import email, email.policy, glob, hashlib, os, re, sys
from store_query import rows
db, folder, kind, first = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
emails = dict(rows(db, "SELECT email, org_id FROM frame"))
names = dict(rows(db, "SELECT org_id, name FROM frame"))
tokens = dict(rows(db, "SELECT hash, org_id FROM token"))
logs = {r[0]: r[1:] for r in rows(db, "SELECT token_hash, kind, state, answer FROM send_log")}
bad = 0
def fail(m):
    global bad
    bad += 1
    print("FAIL:", m)
files = sorted(glob.glob(os.path.join(folder, "*.eml")))[first - 1:]
seen = set()
for f in files:
    raw = open(f, "rb").read()
    # CRLF only, 7-bit, no line over 78 (76 in the body)
    if re.search(rb"(?<!\r)\n", raw):
        fail(f + ": a bare LF")
    if any(b > 127 for b in raw):
        fail(f + ": not 7-bit")
    head, _, body = raw.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if len(line) > 78:
            fail(f + ": header line of %d" % len(line))
    for line in body.split(b"\r\n"):
        if len(line) > 76:
            fail(f + ": body line of %d" % len(line))
    m = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("From", "To", "Subject", "Date", "Message-ID"):
        if m[h] is None:
            fail(f + ": no " + h)
    if m.get_content_type() != "text/plain" or \
       m.get_content_charset() != "utf-8" or \
       m["Content-Transfer-Encoding"] != "quoted-printable":
        fail(f + ": not text/plain UTF-8 quoted-printable")
    if m["From"].addresses[0].addr_spec != "innovatiebarometer@minbzk.example.nl" \
       or m["From"].addresses[0].display_name != "Ministerie van BZK":
        fail(f + ": From " + str(m["From"]))
    to = m["To"].addresses[0]
    org = emails.get(to.addr_spec)
    if org is None:
        fail(f + ": To " + to.addr_spec + " is not in the frame")
        continue
    if to.display_name != names[org]:
        fail(f + ": To name %r, frame %r" % (to.display_name, names[org]))
    rcpt = open(f[:-4] + ".rcpt").read().split()
    if rcpt != [to.addr_spec]:
        fail(f + ": envelope %r" % rcpt)
    text = m.get_content()
    want = "Uitnodiging" if kind == "invite" else "Herinnering"
    if not m["Subject"].startswith(want):
        fail(f + ": Subject " + m["Subject"])
    if names[org] not in text or "31 mei 2099" not in text:
        fail(f + ": the name or the closing date is not in the text")
    links = re.findall(r"https://enquete\.example\.nl/ibo/s/([A-Za-z0-9_-]{22})\b", text)
    if len(links) != 1:
        fail(f + ": %d links" % len(links))
        continue
    h = hashlib.blake2b(links[0].encode(), digest_size=32).digest()
    if tokens.get(h) != org:
        fail(f + ": the link's token is not one of " + org)
    log = logs.get(h)
    if not log or log[0] != kind or log[1] != "sent" or "queued as" not in (log[2] or ""):
        fail(f + ": send log %r" % (log,))
    seen.add(org)
print(" ".join(sorted(seen)))
sys.exit(1 if bad else 0)
PY
}
check_mail "$tmp/main" invite 1 >"$tmp/orgs" || fails=$((fails + 1))
[ "$(cat "$tmp/orgs")" = "o1 o2 o3 o4 o5 o6" ] ||
    { echo "FAIL: invited $(cat "$tmp/orgs")"; fails=$((fails + 1)); }

expect 0 "invite again" -- "$bin" invite "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --rate 100
expect_text "$tmp/out" "had this message already: 6" "rerun: all had it"
expect_text "$tmp/out" "sent: 0" "rerun: none sent"
[ "$(count main)" -eq 6 ] || { echo "FAIL: the rerun sent $(($(count main) - 6))"; fails=$((fails + 1)); }

# ---- reminders: o2 and o5 have completed ----
printf '%s\n' org_id,sector,cluster o2,ws,water o5,prov,overig >"$tmp/done.csv"
expect 0 "import two responses" -- "$bin" import "$db" "$tmp/done.csv"
expect 0 "remind" -- "$bin" remind "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --rate 100
expect_text "$tmp/out" "2 completed" "remind: 2 completed"
expect_text "$tmp/out" "sent: 4" "remind: 4 sent"
check_mail "$tmp/main" remind-1 7 >"$tmp/orgs" || fails=$((fails + 1))
[ "$(cat "$tmp/orgs")" = "o1 o3 o4 o6" ] ||
    { echo "FAIL: reminded $(cat "$tmp/orgs")"; fails=$((fails + 1)); }
expect 0 "remind again" -- "$bin" remind "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --rate 100
expect_text "$tmp/out" "sent: 0" "remind rerun: none"
expect 0 "remind round 2" -- "$bin" remind "$db" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --rate 100 --round 2
expect_text "$tmp/out" "sent: 4" "round 2: 4 sent"
[ "$(count main)" -eq 14 ] || { echo "FAIL: $(count main) messages, not 14"; fails=$((fails + 1)); }
expect 0 "wave with a send log" -- "$bin" wave "$db"
# the two failed: the unreachable server and the refused STARTTLS
expect_text "$tmp/out" "invite: sent 6 failed 2" "wave: invite counts"
expect_text "$tmp/out" "remind-1: sent 4" "wave: remind-1 counts"
expect_text "$tmp/out" "remind-2: sent 4" "wave: remind-2 counts"
# the two failed attempts were followed by a sent invitation: settled
if grep -q "not delivered" "$tmp/out"; then
    echo "FAIL: settled failures listed"; fails=$((fails + 1))
fi

# ---- a refused recipient: logged failed, the others go on ----
db2=$(new_store r) || { echo "FAIL: no store"; exit 1; }
"$bin" init "$db2" --closes 2099-05-31 >/dev/null
"$bin" frame import "$db2" "$tmp/frame.csv" >/dev/null
# one refused at RCPT TO, one after its body: neither delivered
sink refuse --refuse post@dommel.example.nl --refuse-data info@ede.example.nl
expect 1 "invite with a refused recipient" -- "$bin" invite "$db2" \
    --base-url "$url" --smtp "smtp://127.0.0.1:$port" --from "$from" \
    --rate 100
expect_text "$tmp/out" "sent: 4" "refused: 4 sent"
expect_text "$tmp/out" "refused (not delivered; a rerun tries again): 2" \
    "refused: 2 counted"
[ "$(count refuse)" -eq 4 ] || { echo "FAIL: $(count refuse) delivered, not 4"; fails=$((fails + 1)); }
expect 0 "wave lists the refused" -- "$bin" wave "$db2"
expect_text "$tmp/out" "not delivered (refused or no connection; a rerun tries again): 2" \
    "wave: refused counted"
expect_text "$tmp/out" "  o2 invite failed " "wave: the refused org"
expect_text "$tmp/out" "550 5.1.1 mailbox unavailable" "wave: the RCPT answer"
expect_text "$tmp/out" "  o6 invite failed " "wave: the org refused after DATA"
expect_text "$tmp/out" "554 5.7.1 message refused" "wave: the DATA answer"

# ---- a login ----
db3=$(new_store l) || { echo "FAIL: no store"; exit 1; }
"$bin" init "$db3" --closes 2099-05-31 >/dev/null
"$bin" frame import "$db3" "$tmp/frame.csv" >/dev/null
sink login --user bzk --password 'geheim wachtwoord'
printf 'fout\n' >"$tmp/wrong"
expect 1 "a wrong password" -- "$bin" invite "$db3" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --smtp-user bzk \
    --smtp-password-file "$tmp/wrong"
expect_text "$tmp/err" "nothing more was sent" "wrong password stops"
printf 'geheim wachtwoord\n' >"$tmp/pw"
expect 0 "login with a password file" -- "$bin" invite "$db3" \
    --base-url "$url" --smtp "smtp://127.0.0.1:$port" --from "$from" \
    --smtp-user bzk --smtp-password-file "$tmp/pw" --rate 100
expect_text "$tmp/out" "sent: 6" "login: 6 sent"
expect 0 "login with the environment" -- env \
    BAROMETER_SMTP_PASSWORD='geheim wachtwoord' "$bin" remind "$db3" \
    --base-url "$url" --smtp "smtp://127.0.0.1:$port" --from "$from" \
    --smtp-user bzk --rate 100

# ---- kill -9 while sending: nothing twice ----
db4=$(new_store k) || { echo "FAIL: no store"; exit 1; }
"$bin" init "$db4" --closes 2099-05-31 >/dev/null
"$bin" frame import "$db4" "$tmp/frame.csv" >/dev/null
sink slow --delay 2
"$bin" invite "$db4" --base-url "$url" --smtp "smtp://127.0.0.1:$port" \
    --from "$from" --rate 100 >"$tmp/kill.out" 2>&1 &
victim=$!
# kill while the third message waits for the server's answer
for _ in $(seq 200); do
    [ "$(count slow)" -ge 2 ] && break
    sleep 0.05
done
sleep 0.5
{ kill -9 "$victim" && wait "$victim"; } 2>/dev/null
sleep 2.5 # the slow server takes in the message it was sent
sink fast
expect 0 "invite after the crash" -- "$bin" invite "$db4" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --rate 100
expect_text "$tmp/out" "unconfirmed from an earlier run, not sent again: 1" \
    "crash: one unconfirmed"
"$py" - "$tmp/slow" "$tmp/fast" <<'PY' || fails=$((fails + 1))
import collections, glob, os, sys
n = collections.Counter()
for d in sys.argv[1:]:
    for f in glob.glob(os.path.join(d, "*.rcpt")):
        n[open(f).read().strip()] += 1
# the message in flight at the kill may or may not have arrived (the
# server drops what a dead connection sent); either way nobody has two,
# and only that one is missing
twice = [a for a, c in n.items() if c > 1]
if twice or len(n) < 5:
    print("FAIL: after the crash: %r" % dict(n))
    sys.exit(1)
PY
expect 0 "wave lists the unconfirmed" -- "$bin" wave "$db4"
expect_text "$tmp/out" "unconfirmed messages" "wave: unconfirmed"
expect_text "$tmp/out" " invite sending " "wave: the entry"
expect 0 "resend the unconfirmed" -- "$bin" invite "$db4" --base-url "$url" \
    --smtp "smtp://127.0.0.1:$port" --from "$from" --rate 100 \
    --resend-unconfirmed
expect_text "$tmp/out" "sent: 1" "resend: 1"
expect 0 "wave after the resend" -- "$bin" wave "$db4"
expect_text "$tmp/out" "superseded 1" "resend: the old entry superseded"
if grep -q "unconfirmed messages" "$tmp/out"; then
    echo "FAIL: unconfirmed after the resend"; fails=$((fails + 1))
fi

# ---- two runs at once: each organisation gets one message ----
db6=$(new_store t) || { echo "FAIL: no store"; exit 1; }
"$bin" init "$db6" --closes 2099-05-31 >/dev/null
"$bin" frame import "$db6" "$tmp/frame.csv" >/dev/null
sink twin --delay 0.2
for i in 1 2; do
    "$bin" invite "$db6" --base-url "$url" --smtp "smtp://127.0.0.1:$port" \
        --from "$from" --rate 100 >"$tmp/twin$i.out" 2>&1 &
    twins[$i]=$!
done
wait "${twins[1]}" "${twins[2]}"
[ "$(count twin)" -eq 6 ] || { echo "FAIL: two runs sent $(count twin), not 6"; fails=$((fails + 1)); }
n=$(( $(sed -n 's/^sent: //p' "$tmp/twin1.out") + $(sed -n 's/^sent: //p' "$tmp/twin2.out") ))
[ "$n" = 6 ] || { echo "FAIL: the two runs say they sent $n"; cat "$tmp"/twin*.out; fails=$((fails + 1)); }
cat "$tmp"/twin/*.rcpt | sort | uniq -d | grep -q . &&
    { echo "FAIL: an address got two"; fails=$((fails + 1)); }

# ---- the mail merge ----
db5=$(new_store m) || { echo "FAIL: no store"; exit 1; }
"$bin" init "$db5" --closes 2099-05-31 >/dev/null
"$bin" frame import "$db5" "$tmp/frame.csv" >/dev/null
expect 2 "--mail-merge with --from" -- "$bin" invite "$db5" \
    --base-url "$url" --mail-merge "$tmp/links.csv" --from "$from"
expect 0 "mail merge" -- "$bin" invite "$db5" --base-url "$url" \
    --mail-merge "$tmp/links.csv" --lang en
expect_text "$tmp/out" "written to the mail merge: 6" "merge: 6 rows"
mode=$(stat -c %a "$tmp/links.csv")
[ "$mode" = 600 ] || { echo "FAIL: the mail merge is mode $mode"; fails=$((fails + 1)); }
"$py" - "$db5" "$tmp/links.csv" <<'PY' || fails=$((fails + 1))
import csv, hashlib, sys
from store_query import rows as query
db = sys.argv[1]
rows = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
frame = {r[0]: r[1:] for r in query(db, "SELECT org_id, name, email FROM frame")}
links = {r[0]: r[1:] for r in query(db, "SELECT t.hash, t.org_id, l.state, l.channel"
                                        " FROM token t JOIN send_log l"
                                        " ON l.token_hash = t.hash")}
bad = []
if [list(rows[0].keys())] != [["org_id", "name", "email", "link", "language"]]:
    bad.append("header %r" % list(rows[0].keys()))
if sorted(r["org_id"] for r in rows) != sorted(frame):
    bad.append("orgs %r" % [r["org_id"] for r in rows])
for r in rows:
    if (r["name"], r["email"]) != frame.get(r["org_id"]) or r["language"] != "en":
        bad.append("row %r" % r)
    prefix = "https://enquete.example.nl/ibo/s/"
    tok = r["link"][len(prefix):]
    h = hashlib.blake2b(tok.encode(), digest_size=32).digest()
    got = links.get(h)
    if not r["link"].startswith(prefix) or got != (r["org_id"], "merged", "mail-merge"):
        bad.append("link of %s: %r" % (r["org_id"], got))
for b in bad:
    print("FAIL: mail merge:", b)
sys.exit(1 if bad else 0)
PY
expect 0 "mail merge again" -- "$bin" invite "$db5" --base-url "$url" \
    --mail-merge "$tmp/links2.csv"
expect_text "$tmp/out" "written to the mail merge: 0" "merge rerun: none"
[ -e "$tmp/links2.csv" ] && { echo "FAIL: an empty mail merge was written"; fails=$((fails + 1)); }

# ---- a closed wave ----
expect 0 "close the wave" -- "$bin" wave "$db5" --opens 2021-03-01 \
    --closes 2021-04-01
expect 2 "remind after the close" -- "$bin" remind "$db5" --base-url "$url" \
    --mail-merge "$tmp/late.csv"
expect_text "$tmp/err" "wave 2021 closed on 2021-04-01" "closed wave"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok"

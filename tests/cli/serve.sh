#!/usr/bin/env bash
# The survey server through the binary and curl: a store with a frame and
# personal links (tests/tools/fieldtool beside the binary makes them
# through the library), `barometer serve` on a free loopback port, the
# whole questionnaire walked as an innovator in Dutch and as a
# non-innovator in English: routing, validation (the error summary linked
# to the fields), resume, going back and changing an answer, the review,
# the final submit and the lock; a closed wave, an unknown and a malformed
# link (the same page, logged without the token), the printable
# questionnaire, the style sheet, the security headers, the body cap; then
# `barometer analyze` counts both responses, and SIGTERM stops the server.
# Usage: bash serve.sh /path/to/barometer /path/to/source-root
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

# a new SQLite file, or a new PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash, tests/cli/store_pg_suite.sh)
. "$root/tests/cli/stores.bash"
db=$(new_store s) || { echo "FAIL: no store"; exit 1; }
cat >"$tmp/frame.csv" <<'CSV'
org_id,name,sector,cluster,email
o1,Gemeente Aa,gem,gemeente,a@aa.nl
o2,Ministerie Bee,rijk,rijk_beleid,b@bee.nl
o3,Waterschap Cee,ws,water,c@cee.nl
o4,Gemeente Dee,gem,gemeente,d@dee.nl
o5,Gemeente Ee,gem,gemeente,e@ee.nl
o6,Provincie Ef,prov,overig,f@ef.nl
o7,Rijksdienst Gee,rijk,rijk_uitvoering,g@gee.nl
o8,Gemeente Ha,gem,gemeente,h@ha.nl
o9,Waterschap Ie,ws,water,i@ie.nl
o10,Gemeente Jee,gem,gemeente,j@jee.nl
CSV
expect 0 "init" -- "$bin" init "$db"
expect 0 "frame" -- "$bin" frame import "$db" "$tmp/frame.csv"
"$tool" token "$db" 2021 o1 o2 o3 o4 o5 o6 o7 o8 o9 o10 >"$tmp/tokens" || fail "fieldtool token"
t1=$(awk '$1 == "o1" {print $2}' "$tmp/tokens")
t2=$(awk '$1 == "o2" {print $2}' "$tmp/tokens")
t3=$(awk '$1 == "o3" {print $2}' "$tmp/tokens")

expect 0 "serve --help" -- "$bin" serve --help
expect_text "$tmp/out" "Usage: barometer serve STORE" "serve --help"
expect 2 "serve without a store" -- "$bin" serve
expect 2 "serve of a missing store" -- "$bin" serve "$tmp/nope.db" \
    --listen 127.0.0.1:0
expect 2 "serve --listen without a port" -- "$bin" serve "$db" \
    --listen 127.0.0.1

"$bin" serve "$db" --listen 127.0.0.1:0 --threads 2 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 50); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { fail "the server did not start"; cat "$tmp/log"; exit 1; }
url=http://127.0.0.1:$port

# req METHOD PATH [DATA]: status and Location into $tmp/code, the page
# into $tmp/page, headers into $tmp/head.
req() {
    local data=()
    [ $# -ge 3 ] && data=(-H 'Content-Type: application/x-www-form-urlencoded'
                          --data-raw "$3")
    curl -s --noproxy '*' -m 20 -X "$1" -D "$tmp/head" -o "$tmp/page" \
        -w '%{http_code} %{redirect_url}' "${data[@]}" "$url$2" \
        >"$tmp/code" || echo "000" >"$tmp/code"
}
# want CODE [LOCATION-SUFFIX] DESCRIPTION
want() {
    local code loc
    read -r code loc <"$tmp/code"
    if [ "$code" != "$1" ]; then
        fail "$3: HTTP $code, expected $1"
    elif [ -n "$2" ] && [ "${loc%"$2"}" = "$loc" ]; then
        fail "$3: redirected to '$loc', expected ...$2"
    fi
}

# ---- the security headers, the style sheet, the printable questionnaire
req GET /print
want 200 "" "print"
for h in "Content-Security-Policy: default-src 'none'; style-src 'self'" \
         "frame-ancestors 'none'" "X-Content-Type-Options: nosniff" \
         "Referrer-Policy: no-referrer" "Cache-Control: no-store"; do
    expect_text "$tmp/head" "$h" "security header"
done
if grep -qiE '<script|style=| on[a-z]+=' "$tmp/page"; then
    fail "print: script, inline style or event handler"
fi
expect_text "$tmp/page" '<html lang="nl">' "print in Dutch by default"
expect_text "$tmp/page" "Hoeveel medewerkers werken er in uw organisatie?" \
    "print: the first question"
expect_text "$tmp/page" "Alleen als bij vraag 13 ‘Niet samengewerkt’ niet is aangekruist." \
    "print: the routing of phase"
expect_text "$tmp/page" "Alleen als het antwoord op vraag 9" "print: tech_new"
req GET "/print?lang=en"
expect_text "$tmp/page" '<html lang="en">' "print?lang=en"
expect_text "$tmp/page" "How many people work in your organisation?" \
    "print in English"
req GET /static/survey.css
want 200 "" "the style sheet"
expect_text "$tmp/head" "Content-Type: text/css" "css type"
req GET /nothing
want 404 "" "an unknown path"

# ---- unknown and malformed links: the same page, slowed, logged without
# the token
t0=$(date +%s%N)
req GET /s/AAAAAAAAAAAAAAAAAAAAAA
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -ge 240 ] || fail "an unknown token answered after $ms ms, not 250"
want 404 "" "unknown token"
# the delay holds no worker thread: with 2 workers and 8 unknown links
# waiting, a page is served at once. Were the workers held, the page sent
# 0.2 s after the eight would wait for four rounds of 250 ms to end (about
# 800 ms); the bound of 500 ms leaves room for a loaded machine.
for _ in 1 2 3 4 5 6 7 8; do
    curl -s --noproxy '*' -m 20 -o /dev/null "$url/s/BBBBBBBBBBBBBBBBBBBBBB" &
done
sleep 0.2
t0=$(date +%s%N)
curl -s --noproxy '*' -m 20 -o /dev/null "$url/print"
ms=$((($(date +%s%N) - t0) / 1000000))
wait $(jobs -p | grep -v "^$pid\$") 2>/dev/null
[ "$ms" -lt 500 ] || fail "a page took $ms ms while unknown links waited"
cp "$tmp/page" "$tmp/unknown.html"
expect_text "$tmp/page" "Deze link werkt niet" "unknown token page"
req GET /s/not-a-token/p/0
want 404 "" "malformed token"
cmp -s "$tmp/page" "$tmp/unknown.html" || fail "malformed and unknown differ"
expect_text "$tmp/log" "unknown personal link from 127.0.0.1" "unknown logged"
grep -q AAAAAAAAAAAAAAAAAAAAAA "$tmp/log" && fail "a token in the log"

# ---- o1: an innovator, in Dutch
req GET "/s/$t1"
want 303 "/s/$t1/p/0" "a new link starts at the first page"
req GET "/s/$t1/p/0"
want 200 "" "page 0"
expect_text "$tmp/page" "Onderdeel 1 van 5" "progress"
expect_text "$tmp/page" '<progress aria-labelledby="progress-label"' \
    "progress bar"
expect_text "$tmp/page" 'href="?lang=en"' "language switch"
req POST "/s/$t1/p/0" "size=9"
want 422 "" "a code that is not one"
expect_text "$tmp/page" 'class="error-summary"' "error summary"
expect_text "$tmp/page" 'href="#f-size-0"' "summary links to the field"
expect_text "$tmp/page" 'id="e-size"' "message beside the field"
curl -s --noproxy '*' -m 20 -o "$tmp/page" -w '%{http_code}' \
    -F size=2 "$url/s/$t1/p/0" >"$tmp/code"
[ "$(cat "$tmp/code")" = 400 ] || fail "a multipart form: $(cat "$tmp/code")"
expect_text "$tmp/page" "Het formulier kon niet worden gelezen" "bad form page"
req POST "/s/$t1/p/0" "size=%ZZ"
want 400 "" "a bad escape"
req POST "/s/$t1/p/0" "size=2"
want 303 "/s/$t1/p/1" "page 0 saved"
req POST "/s/$t1/p/1" \
    "covid_production=3&covid_homework=2&covid_facilities=1"
want 303 "/s/$t1/p/2" "page 1 saved"
req POST "/s/$t1/p/2" ""
want 422 "" "innovated decides the routing: required"
expect_text "$tmp/page" "Beantwoord deze vraag" "required message"
req POST "/s/$t1/p/2" "innovated=1"
want 303 "/s/$t1/p/3" "an innovator goes on in block C"
# resume where it stopped (another device: no cookie, only the link)
req GET "/s/$t1"
want 303 "/s/$t1/p/3" "resume"
req POST "/s/$t1/p/3" \
    "type_product=1&type_service=1&description=Een+nieuwe+app+%C3%A9%C3%A9n&origin=1&tech_share=1"
want 303 "/s/$t1/p/4" "page 3 saved"
req GET "/s/$t1/p/4"
grep -q 'name="tech_new"' "$tmp/page" && fail "tech_new asked with tech_share 1"
# back: tech_share 3 makes tech_new asked
req POST "/s/$t1/p/3" \
    "type_product=1&type_service=1&description=Een+nieuwe+app+%C3%A9%C3%A9n&origin=1&tech_share=3"
want 303 "/s/$t1/p/4" "page 3 changed"
req GET "/s/$t1/p/4"
expect_text "$tmp/page" 'name="tech_new"' "tech_new asked with tech_share 3"
req POST "/s/$t1/p/4" "tech_new=2&driver_political=1&collab_none=1&collab_citizens=1"
want 422 "" "collab_none with another option"
expect_text "$tmp/page" 'href="#f-collab_none"' "summary links to collab_none"
expect_text "$tmp/page" "niet samen met andere antwoorden" "exclusive message"
expect_text "$tmp/page" 'name="collab_citizens" value="1" checked' \
    "the refused form keeps what was ticked"
req POST "/s/$t1/p/4" "tech_new=2&driver_political=1&collab_citizens=1"
want 303 "/s/$t1/p/5" "page 4 saved"
req GET "/s/$t1/p/5"
expect_text "$tmp/page" 'name="phase_analysis"' "phase asked without collab_none"
req POST "/s/$t1/p/5" "phase_analysis=1&dissemination=1&strategy=2&factor_team_diversity=4&result_other=Sneller"
want 303 "/s/$t1/p/6" "page 5 saved"
req GET "/s/$t1/review"
want 303 "/s/$t1/p/6" "no review before every page is seen"
req POST "/s/$t1/p/6" "clim_collab_external=4&clim_ideas_valued=5"
want 303 "/s/$t1/p/7" "page 6 saved"
req POST "/s/$t1/p/7" "work_safe_mistakes=3"
want 303 "/s/$t1/review" "page 7 saved: the review"
# go back and change an answer of the first page
req POST "/s/$t1/p/0" "size=3"
want 303 "/s/$t1/p/1" "page 0 changed"
# "Change" on the review returns there
req GET "/s/$t1/review"
expect_text "$tmp/page" "href=\"/s/$t1/p/1?return=review\"" "a Change link"
req GET "/s/$t1/p/1?return=review"
expect_text "$tmp/page" 'name="return" value="review"' "the form returns"
req POST "/s/$t1/p/1" \
    "return=review&covid_production=4&covid_homework=2&covid_facilities=1"
want 303 "/s/$t1/review" "back to the review after a change"
req GET "/s/$t1/review"
want 200 "" "review"
expect_text "$tmp/page" "250-499" "review shows the changed answer"
expect_text "$tmp/page" "Een nieuwe app één" "review shows the text"
expect_text "$tmp/page" "action=\"/s/$t1/submit\"" "review: the submit form"
req POST "/s/$t1/submit" ""
want 303 "/s/$t1/done" "submit"
req GET "/s/$t1/done"
want 200 "" "thank you"
expect_text "$tmp/page" "Hartelijk dank" "thank-you page"
req GET "/s/$t1/p/0"
want 200 "" "locked"
expect_text "$tmp/page" "Uw antwoorden zijn verzonden" "locked page"
req POST "/s/$t1/p/0" "size=1"
want 200 "" "a post after the lock"
expect_text "$tmp/page" "Uw antwoorden zijn verzonden" "locked page on post"
req POST "/s/$t1/submit" ""
expect_text "$tmp/page" "Uw antwoorden zijn verzonden" "second submit"

# ---- o2: a non-innovator, in English (remembered in the draft)
req GET "/s/$t2?lang=en"
want 303 "/s/$t2/p/0" "o2 starts"
req GET "/s/$t2/p/0"
expect_text "$tmp/page" '<html lang="en">' "the language is remembered"
expect_text "$tmp/page" "Part 1 of 5" "progress in English"
req POST "/s/$t2/p/0" "size=1"
req POST "/s/$t2/p/1" "covid_production=2"
req POST "/s/$t2/p/2" "innovated=0"
want 303 "/s/$t2/p/6" "a non-innovator skips block C"
req GET "/s/$t2/p/3"
want 303 "/s/$t2/p/6" "block C is not shown to a non-innovator"
req POST "/s/$t2/p/6" "clim_collab_external=2"
req POST "/s/$t2/p/7" "work_improve=4"
want 303 "/s/$t2/review" "o2 review"
req GET "/s/$t2/review?lang=nl"
expect_text "$tmp/page" "Controleer uw antwoorden" "switch to Dutch on the review"
req GET "/s/$t2/review?lang=en"
expect_text "$tmp/page" "Check your answers" "and back to English"
grep -q "De meest recente innovatie (2 van 4)\|The most recent innovation (2 of 4)" \
    "$tmp/page" && fail "review of a non-innovator shows block C"
req POST "/s/$t2/submit" ""
want 303 "/s/$t2/done" "o2 submit"
req GET "/s/$t2/done"
expect_text "$tmp/page" "Thank you" "o2 thank-you page in English"

# ---- o4 .. o10: more respondents, so that the analysis has enough cases
# (analyze refuses a wave of very few); innovators and non-innovators
for o in o4 o5 o6 o7 o8 o9 o10; do
    t=$(awk -v o=$o '$1 == o {print $2}' "$tmp/tokens")
    n=${o#o}
    req POST "/s/$t/p/0" "size=$((n % 4 + 1))"
    req POST "/s/$t/p/1" "covid_production=$((n % 5 + 1))&covid_homework=2"
    req POST "/s/$t/p/2" "innovated=$((n % 2))"
    if [ $((n % 2)) -eq 1 ]; then
        req POST "/s/$t/p/3" "type_service=1&origin=2&tech_share=$((n % 4 + 1))"
        req POST "/s/$t/p/4" "driver_employees=1&collab_internal_units=1"
        req POST "/s/$t/p/5" "phase_development=1&dissemination=0&strategy=1"
    fi
    req POST "/s/$t/p/6" "clim_collab_external=$((n % 5 + 1))&clim_ideas_valued=$(((n + 2) % 5 + 1))"
    req POST "/s/$t/p/7" "work_safe_mistakes=$(((n + 1) % 5 + 1))&work_improve=3"
    want 303 "/s/$t/review" "$o reaches the review"
    req POST "/s/$t/submit" ""
    want 303 "/s/$t/done" "$o submits"
done

# ---- a closed wave
"$tool" dates "$db" 2021 2020-01-01 2020-12-31 || fail "fieldtool dates"
req GET "/s/$t3"
want 410 "" "closed wave"
expect_text "$tmp/page" "De vragenlijst is gesloten" "closed page"
req GET "/s/$t1"
expect_text "$tmp/page" "Uw antwoorden zijn verzonden" "locked also when closed"
"$tool" dates "$db" 2021 - - || fail "fieldtool dates"
req GET "/s/$t3"
want 303 "/s/$t3/p/0" "open again"
# o3: a non-innovator at the review changes innovated: the review sends
# on to the pages of block C that are now asked
req POST "/s/$t3/p/0" "size=2"
req POST "/s/$t3/p/1" "covid_production=2"
req POST "/s/$t3/p/2" "innovated=0"
req POST "/s/$t3/p/6" "clim_collab_external=2"
req POST "/s/$t3/p/7" "work_improve=4"
want 303 "/s/$t3/review" "o3 review"
req POST "/s/$t3/p/2" "return=review&innovated=1"
want 303 "/s/$t3/review" "o3 changes innovated"
req GET "/s/$t3/review"
want 303 "/s/$t3/p/3" "the review sends on to block C"
req POST "/s/$t3/submit" ""
want 303 "/s/$t3/p/3" "no submit with block C unseen"

# ---- the body cap
head -c 1200000 /dev/zero | tr '\0' 'a' >"$tmp/big"
curl -s --noproxy '*' -m 20 -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary @"$tmp/big" "$url/s/$t3/p/0" >"$tmp/code"
[ "$(cat "$tmp/code")" = 413 ] || fail "a body over the cap: $(cat "$tmp/code")"

# ---- the log: no token, no answer
for t in "$t1" "$t2" "$t3"; do
    grep -qF "$t" "$tmp/log" && fail "a token in the access log"
done
grep -q "nieuwe app" "$tmp/log" && fail "an answer in the access log"
expect_text "$tmp/log" "POST /s/-/submit 303" "access log line"

# ---- stop, then analyze counts both
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" -eq 0 ] || fail "serve exited $rc on SIGTERM"
expect_text "$tmp/log" "stopping" "graceful stop"
expect 0 "analyze" -- "$bin" analyze "$db"
expect_text "$tmp/out" '"cases": 9' "analyze counts o1, o2 and the seven others"
expect 0 "export" -- "$bin" export "$db" "$tmp/export.csv"
python3 - "$tmp/export.csv" <<'PY' || fail "the exported responses"
import csv, sys
rows = {r["org_id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
o1, o2 = rows["o1"], rows["o2"]
checks = [
    (o1["size"], "3"), (o1["innovated"], "1"), (o1["tech_new"], "2"),
    (o1["collab_none"], "0"), (o1["collab_citizens"], "1"),
    (o1["phase_analysis"], "1"), (o1["factor_team_diversity"], "4"), (o1["type_process"], "0"),
    (o1["description"], "Een nieuwe app één"),
    (o2["innovated"], "0"), (o2["type_product"], ""), (o2["tech_new"], ""),
    (o2["covid_homework"], ""), (o2["work_improve"], "4"),
]
bad = [(i, got, want) for i, (got, want) in enumerate(checks) if got != want]
if bad:
    print("export mismatches:", bad)
    sys.exit(1)
PY

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok"

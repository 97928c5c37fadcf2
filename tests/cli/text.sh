#!/usr/bin/env bash
# barometer text, and the text figure of the report (issue 12): the CLI's
# output against golden files (BAR_UPDATE_GOLDEN=1 rewrites them), usage
# errors, and the privacy rules: no answer text, e-mail address or URL in
# results.json, the report, its CSV files or the command's output.
#   bash text.sh /path/to/barometer /path/to/source-root
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
answers="$src/tests/data/text/answers.csv"

golden() { # golden NAME FILE
    if [ "${BAR_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$2" "$src/tests/golden/$1"
    else
        cmp -s "$2" "$src/tests/golden/$1" ||
            { diff "$src/tests/golden/$1" "$2" | sed -n 1,40p;
              fail "$1 differs from tests/golden/$1"; }
    fi
}

"$bin" text "$answers" --column answer > "$tmp/out.txt" || fail "text exited $?"
golden text-answers.txt "$tmp/out.txt"
"$bin" text "$answers" --column answer --json > "$tmp/out.json" ||
    fail "text --json exited $?"
golden text-answers.json "$tmp/out.json"
# the two themes of the fixture, as the 2021 report named them
grep -F '1. data & digitaal' "$tmp/out.txt" >/dev/null || fail "no data & digitaal"
grep -F '2. thuiswerken & overleg' "$tmp/out.txt" >/dev/null ||
    fail "no thuiswerken & overleg"

# The demo's simulated descriptions give its themes (docs/text-mining.md)
"$bin" simulate > "$tmp/demo.csv"
"$bin" text "$tmp/demo.csv" --column description > "$tmp/demo.txt"
# (each theme named by its two most central terms, in either order)
for theme in "data digitaal" "thuiswerken overleg" \
             "inwoners dienstverlening" "duurzaamheid energie"; do
    set -- $theme
    grep -E "^[0-9]+\. ($1 & $2|$2 & $1) \(" "$tmp/demo.txt" >/dev/null ||
        { cat "$tmp/demo.txt"; fail "the demo lacks the theme $1 & $2"; }
done

# R's igraph finds the same communities in the same graph (when R with
# igraph and jsonlite is installed: scripts/install-deps.sh --with-tools)
if command -v Rscript >/dev/null &&
   Rscript -e 'suppressMessages({library(igraph); library(jsonlite)})' \
       >/dev/null 2>&1; then
    "$bin" text "$tmp/demo.csv" --column description --json > "$tmp/demo.json"
    Rscript "$src/tests/ref/text_groups.R" "$tmp/demo.json" \
        "$src/tests/golden/text-answers.json" || fail "R's igraph differs"
else
    echo "text: R with igraph not installed, the cross-check skipped"
fi

# The same groups with the answers in the opposite order (deterministic,
# and not by the order the answers come in)
python3 - "$tmp/demo.csv" "$tmp/rev.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines(True)
open(sys.argv[2], "w", encoding="utf-8").writelines([lines[0]] + lines[:0:-1])
PY
"$bin" text "$tmp/rev.csv" --column description > "$tmp/rev.txt"
cmp -s "$tmp/demo.txt" "$tmp/rev.txt" ||
    { diff "$tmp/demo.txt" "$tmp/rev.txt" | sed -n 1,20p; fail "order matters"; }

# usage: exit 2
set +e
"$bin" text "$answers" > /dev/null 2>&1; [ $? -eq 2 ] || fail "no --column: not 2"
"$bin" text --column answer > /dev/null 2>&1; [ $? -eq 2 ] || fail "no CSV: not 2"
"$bin" text "$answers" --column nosuch > /dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "unknown column: exit $rc"
grep -F "nosuch" "$tmp/err" >/dev/null || fail "unknown column not named"
"$bin" text "$answers" --column answer --min-count 2 > /dev/null 2>&1
[ $? -eq 2 ] || fail "--min-count 2 accepted"
set -e
"$bin" text --help | grep -F -- '--column NAME' >/dev/null || fail "help"

# The report of a simulated wave whose answers hold addresses: nothing of
# the text but single terms of >= 3 answers reaches any output.
"$bin" simulate --cases 200 > "$tmp/sim.csv"
python3 - "$tmp/sim.csv" "$tmp/leaks.txt" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, body = rows[0], rows[1:]
d, o = head.index("description"), head.index("result_other")
secrets = []
n = 0
for r in body:
    if r[d]:
        n += 1
        if n % 7 == 0:
            mail = "geheim%d.persoon@gemeente-lek%d.nl" % (n, n)
            url = "https://intranet.lek%d.example.org/pad/%d" % (n, n)
            r[d] += " Zie %s of mail %s." % (url, mail)
            secrets += [mail, url, "gemeente-lek%d" % n, "lek%d.example" % n]
    for col in (d, o):
        if r[col]:
            secrets.append(r[col])
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows([head] + body)
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(secrets) + "\n")
PY
"$bin" report "$tmp/sim.csv" --out "$tmp/rep" > /dev/null || fail "report exited $?"
"$bin" text "$tmp/sim.csv" --column description --json > "$tmp/rep/cli.json"
"$bin" text "$tmp/sim.csv" --column description > "$tmp/rep/cli.txt"
python3 - "$tmp/rep" "$tmp/leaks.txt" <<'PY' || fail "privacy"
import glob, json, sys
rep, secrets = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().split("\n")
secrets = [s for s in secrets if s]
files = [rep + "/results.json", rep + "/index.html", rep + "/cli.json",
         rep + "/cli.txt"] + glob.glob(rep + "/data/*.csv")
bad = []
for path in files:
    text = open(path, encoding="utf-8").read()
    for s in secrets:
        # an answer of one word may be a term: only longer texts count
        if (" " in s or "@" in s or "." in s) and s in text:
            bad.append((path, s[:60]))
for b in bad[:10]:
    print("leak:", b)
assert not bad, "%d leaks" % len(bad)
assert "@" not in open(rep + "/results.json").read()
d = json.load(open(rep + "/results.json"))
f = [x for x in d["figures"] if x["kind"] == "text"][0]
assert f["variables"] == ["description", "result_other"]
assert f["min_count"] >= 3 and len(f["items"]) >= 2
for it in f["items"]:
    for t in it["terms"]:
        assert t["count"] >= 3, t
        assert " " not in t["term"] and "@" not in t["term"], t
assert [b["by"] for b in f["breakdowns"]] == ["sector", "climate_group"]
print("privacy: %d texts and addresses checked in %d files" %
      (len(secrets), len(files)))
PY
# Quotes: only approved answers whose text is still the one approved, every
# address hidden; none without approvals.
"$bin" demo --out "$tmp/dq" > /dev/null 2>&1 || fail "demo exited $?"
grep -F 'class="quote"' "$tmp/dq/index.html" >/dev/null && fail "quotes without approvals"
python3 - "$tmp/dq/barometer.sqlite" <<'PY' || fail "approvals"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
wave, = db.execute("SELECT max(wave) FROM wave").fetchone()
orgs = [r[0] for r in db.execute(
    "SELECT org_id FROM response WHERE wave = ? AND description <> '' "
    "ORDER BY org_id LIMIT 3", (wave,))]
texts = {orgs[0]: "Uniek antwoord A: zie https://geheim.example.nl/x of "
                  "mail a.b@geheim.nl.",
         orgs[1]: "Uniek antwoord B, veranderd na de goedkeuring.",
         orgs[2]: "Uniek antwoord C, afgewezen."}
h = lambda t: hashlib.blake2b(t.encode(), digest_size=32).digest()
for o, t in texts.items():
    db.execute("UPDATE response SET description = ? WHERE wave = ? AND "
               "org_id = ?", (t, wave, o))
for o, t, state in ((orgs[0], texts[orgs[0]], "approved"),
                    (orgs[1], "de oude tekst", "approved"),
                    (orgs[2], texts[orgs[2]], "rejected")):
    db.execute("INSERT INTO quote VALUES (?, ?, 'description', ?, ?, 'team', "
               "'2026-12-01T06:00:00Z')", (wave, o, h(t), state))
db.commit()
PY
"$bin" report "$tmp/dq/barometer.sqlite" --out "$tmp/rq" > /dev/null ||
    fail "report with quotes exited $?"
q="$tmp/rq/index.html"
grep -F 'Uniek antwoord A: zie [â¦] of mail [â¦]' "$q" >/dev/null ||
    grep -F "Uniek antwoord A: zie […] of mail […]" "$q" >/dev/null ||
    fail "the approved quote is not shown, addresses hidden"
for x in geheim "antwoord B" "antwoord C"; do
    grep -F "$x" "$q" >/dev/null && fail "shown: $x"
done
for f in "$tmp/rq/results.json" "$tmp/rq"/data/*.csv; do
    grep -F "Uniek antwoord" "$f" >/dev/null && fail "quote text in $f"
done
echo "text: ok"

#!/usr/bin/env bash
# A second study runs end to end with no code change: a study file of
# another year (2023), with one chapter renamed and Sweden as the main
# comparison country (tests/data/study/ibo-2023.json), through init
# --study, simulate, frame import, import, analyze and report; and the same
# study for a CSV source with --study. The store is a SQLite file, or a
# PostgreSQL database with BAR_TEST_STORE (tests/cli/stores.bash).
# Usage: bash study.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
study=$root/tests/data/study/ibo-2023.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

. "$root/tests/cli/expect.bash"

# expect_no_text FILE TEXT DESCRIPTION: FILE does not contain TEXT.
expect_no_text() {
    if grep -qF -- "$2" "$1"; then
        echo "FAIL: $3: '$2' found in $1"
        fails=$((fails + 1))
    fi
}

. "$root/tests/cli/stores.bash"
db=$(new_store s) || { echo "FAIL: no store"; exit 1; }
expect 0 "simulate the 2023 wave" -- "$bin" simulate --study "$study" \
    --cases 300 --seed 23 --frame "$tmp/frame.csv"
cp "$tmp/out" "$tmp/responses.csv"
if [ "$(sed -n '2p' "$tmp/responses.csv" | cut -d, -f2)" != 2023 ]; then
    echo "FAIL: the simulated rows are not of 2023"; fails=$((fails + 1))
fi
expect 0 "init --study" -- "$bin" init "$db" --study "$study"
expect_text "$tmp/out" "added wave 2023 (study ibo-2023, instrument ibo-2021" \
    "init: the study's year"
expect 0 "frame import" -- "$bin" frame import "$db" "$tmp/frame.csv"
expect_text "$tmp/out" "into wave 2023" "frame import"
expect 0 "import" -- "$bin" import "$db" "$tmp/responses.csv"
expect_text "$tmp/out" "imported 300 responses into wave 2023" "import"

# analyze: the year of the study's wave, no --study needed (the store
# keeps it)
expect 0 "analyze" -- "$bin" analyze "$db" --json "$tmp/r.json"
python3 - "$tmp/r.json" <<'PY' || { echo "FAIL: results"; fails=$((fails + 1)); }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["wave"] == 2023, d["wave"]
assert d["cases"] == 300
PY

# report nl: the year, the renamed chapter, Sweden in the comparison
# finding and not Denmark
expect 0 "report nl" -- "$bin" report "$db" --out "$tmp/rep"
html=$tmp/rep/index.html
expect_text "$html" "Innovatie Barometer Overheid 2023" "the study's title"
expect_text "$html" "Meting 2023" "the year"
expect_text "$html" "Klimaat voor vernieuwing</h2>" "the renamed chapter"
expect_no_text "$html" "Het innovatieklimaat</h2>" "the old chapter title"
expect_text "$html" "Innovaties in organisaties</h2>" "a chapter kept"
# the comparison finding: one sentence about the main comparison country
grep -oE '(Het grootste significante verschil met|Geen van de [0-9]+ vergelijkingen met|De vergelijking met) [A-Za-z]+[^<]*' \
    "$html" >"$tmp/finding" || true
expect_text "$tmp/finding" "met Zweden" "the finding names Sweden"
expect_no_text "$tmp/finding" "Denemarken" "the finding about Sweden"

# the same study for a CSV source (--study), and the 2021 study is the
# default for a CSV: its finding is about Denmark
expect 0 "report of the CSV with --study" -- "$bin" report \
    "$tmp/responses.csv" --study "$study" --out "$tmp/rep-csv"
expect_text "$tmp/rep-csv/index.html" "Klimaat voor vernieuwing</h2>" \
    "the CSV's renamed chapter"
expect_text "$tmp/rep-csv/index.html" "Meting 2023" "the CSV's year"
expect 0 "analyze of the CSV with the default study" -- "$bin" analyze \
    "$tmp/responses.csv" --json "$tmp/r21.json"
expect 0 "report of the CSV with the default study" -- "$bin" report \
    "$tmp/responses.csv" --out "$tmp/rep21"
grep -oE '(Het grootste significante verschil met|Geen van de [0-9]+ vergelijkingen met|De vergelijking met) [A-Za-z]+[^<]*' \
    "$tmp/rep21/index.html" >"$tmp/finding21" || true
expect_text "$tmp/finding21" "met Denemarken" "the 2021 finding"
expect_text "$tmp/rep21/index.html" "Het innovatieklimaat</h2>" \
    "the 2021 chapter"

# a study that breaks a rule is refused, naming the key
sed 's/"main_country": "SE"/"main_country": "XX"/' "$study" >"$tmp/bad.json"
expect 2 "a study with an unknown main country" -- "$bin" init \
    "$tmp/bad.db" --study "$tmp/bad.json"
expect_text "$tmp/err" "\"main_country\" must be the code of one of the countries" \
    "bad study message"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "study: all checks passed"

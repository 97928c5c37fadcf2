#!/usr/bin/env bash
# barometer analyze and report on the hand-made fixture and on a store.
#   bash analyze.sh /path/to/barometer /path/to/source-root
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mini="$src/tests/data/analysis/mini.csv"

# To stdout, and to a file (the same document).
"$bin" analyze "$mini" > "$tmp/stdout.json" || fail "analyze exited $?"
"$bin" analyze "$mini" --json "$tmp/out.json" || fail "--json exited $?"
cmp -s "$tmp/stdout.json" "$tmp/out.json" || fail "stdout and --json differ"
python3 - "$tmp/out.json" <<'PY' || fail "results content"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["id"]: x for x in d["figures"]}
assert d["min_group"] == 5 and d["cases"] == 22
assert f["fig1"]["n"] == 21
yes = [c for c in f["fig1"]["categories"] if c["code"] == 1][0]
assert yes["count"] == 18
assert abs(yes["ci_low"] - 65.3639397193791) < 1e-6
assert f["fig2"]["n"] == 18
assert f["fig3"]["n"] == 20
rows = f["table1"]["rows"]
# hcs (2) + prov (1) are too few, so the smallest group (zbo) joins them
assert [r["codes"] for r in rows] == [["gem"], ["gr"], ["hcs", "prov", "zbo"]]
assert rows[2]["completed"] == 8 and rows[2]["suppressed"] is False
assert d["min_cell"] == 3 and d["disclosure"]["min_cell"] == 3
assert f["table1"]["frame"] is False
PY

# --min-group changes the merging.
"$bin" analyze "$mini" --min-group 3 --json "$tmp/min3.json"
python3 - "$tmp/min3.json" <<'PY' || fail "--min-group 3"
import json, sys
d = json.load(open(sys.argv[1]))
t = [x for x in d["figures"] if x["id"] == "table1"][0]
assert d["min_group"] == 3
assert t["rows"][-1]["completed"] == 3
PY

# report: both files, Dutch by default, English on request.
"$bin" report "$mini" --out "$tmp/rep" > /dev/null || fail "report exited"
[ -s "$tmp/rep/index.html" ] && [ -s "$tmp/rep/results.json" ] \
  || fail "report files"
grep -q '<html lang="nl">' "$tmp/rep/index.html" || fail "not nl"
"$bin" report "$mini" --out "$tmp/rep-en" --lang en > /dev/null
grep -q 'Figure 1\.' "$tmp/rep-en/index.html" || fail "not en"
for f in "$tmp/rep/index.html" "$tmp/rep/results.json" "$tmp/out.json"; do
  if grep -q 'org_id\|"r0[0-9]"\|>r0[0-9]<' "$f"; then fail "id in $f"; fi
done

# From a store with a frame: sent and response per sector.
"$bin" demo --out "$tmp/demo" --cases 100 --seed 7 > /dev/null
"$bin" analyze "$tmp/demo/barometer.sqlite" --json "$tmp/store.json"
python3 - "$tmp/store.json" <<'PY' || fail "store results"
import json, sys
d = json.load(open(sys.argv[1]))
t = [x for x in d["figures"] if x["id"] == "table1"][0]
assert t["frame"] is True and t["n"] == 100, t["n"]
assert t["total"]["sent"] == round(100 * 1374 / 366), t["total"]["sent"]
PY

# Errors: usage is 2; a missing file fails and is named; a bad CSV is 2.
set +e
"$bin" analyze > /dev/null 2>&1; [ $? -eq 2 ] || fail "no source: not 2"
"$bin" analyze "$mini" --min-group 0 > /dev/null 2>&1
[ $? -eq 2 ] || fail "--min-group 0: not 2"
"$bin" analyze "$tmp/nope.csv" > /dev/null 2> "$tmp/err"
[ $? -ne 0 ] || fail "missing csv: exit 0"
grep -q "nope.csv" "$tmp/err" || fail "missing file not named"
"$bin" report "$mini" > /dev/null 2>&1; [ $? -eq 2 ] || fail "no --out: not 2"
printf 'org_id,sector,innovated\nx1,gem,7\n' > "$tmp/bad.csv"
"$bin" analyze "$tmp/bad.csv" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "bad csv: not 2"
grep -q "bad.csv:2" "$tmp/err" || fail "bad cell not located"
set -e
"$bin" analyze --help | grep "Usage: barometer analyze" >/dev/null || fail "help"
"$bin" report --help | grep "Usage: barometer report" >/dev/null || fail "help"
echo "analyze: ok"

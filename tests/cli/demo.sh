#!/usr/bin/env bash
# barometer demo: the whole pipeline in one command. Usage:
#   bash demo.sh /path/to/barometer /path/to/source-root
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out="$tmp/demo"
"$bin" demo --out "$out" > "$tmp/stdout" || fail "demo exited $?"
grep -q "Report: $out/index.html" "$tmp/stdout" || fail "no report path"
for f in index.html results.json frame.csv responses.csv barometer.sqlite \
         .barometer-demo; do
  [ -s "$out/$f" ] || fail "$f missing or empty"
done

# results.json: table1, fig1, fig2, fig3, n = 366 on the base-all figures.
python3 - "$out/results.json" <<'PY' || fail "results.json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 1 and d["cases"] == 366, d.get("cases")
figs = {f["id"]: f for f in d["figures"]}
for fid in ("table1", "fig1", "fig2", "fig3"):
    assert fid in figs, fid
assert figs["table1"]["n"] == 366
assert figs["table1"]["total"]["sent"] == 1374
assert figs["fig1"]["n"] == 366 and figs["fig3"]["n"] == 366
assert figs["fig2"]["base"] == "innovators"
innovators = [c for c in figs["fig1"]["categories"] if c["code"] == 1][0]
assert figs["fig2"]["base_n"] == innovators["count"]
assert any(b["country"] == "DK" for b in figs["fig1"]["benchmarks"])
# small sectors never on their own
for r in figs["table1"]["rows"]:
    if r["completed"] is not None:
        assert r["completed"] >= d["min_group"], r
PY

# No identifier ever leaves the store.
first_id=$(sed -n 2p "$out/responses.csv" | cut -d, -f1)
[ -n "$first_id" ] || fail "no org_id in responses.csv"
for f in index.html results.json; do
  if grep -q "org_id" "$out/$f"; then fail "org_id in $f"; fi
  if grep -qF "$first_id" "$out/$f"; then fail "an org_id value in $f"; fi
  if grep -q "@" "$out/$f"; then fail "an e-mail address in $f"; fi
done
grep -q '<html lang="nl">' "$out/index.html" || fail "not Dutch"
grep -q 'Figuur 3\.' "$out/index.html" || fail "no Figuur 3"
grep -q "Gesimuleerde gegevens" "$out/index.html" || fail "the report does not say its data are simulated"
grep -q '"data": "simulated"' "$out/results.json" || fail "results.json does not say simulated"

# A second run into the demo's own folder is fine and gives the same
# results.
cp "$out/results.json" "$tmp/first.json"
"$bin" demo --out "$out" > /dev/null || fail "rerun exited $?"
cmp -s "$out/results.json" "$tmp/first.json" || fail "rerun differs"

# A non-empty folder the demo did not make is refused, and left alone.
mkdir "$tmp/mine"
echo precious > "$tmp/mine/notes.txt"
set +e
"$bin" demo --out "$tmp/mine" > /dev/null 2> "$tmp/stderr"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "demo overwrote a foreign folder"
grep -q "not made by 'barometer demo'" "$tmp/stderr" || fail "unclear refusal"
[ "$(cat "$tmp/mine/notes.txt")" = precious ] || fail "foreign file touched"
[ ! -e "$tmp/mine/index.html" ] || fail "wrote into a foreign folder"

# Bad usage is exit 2.
set +e
"$bin" demo --cases zero > /dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad --cases gave $rc"
echo "demo: ok"

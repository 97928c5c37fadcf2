#!/usr/bin/env bash
# Provenance through the store: whether a wave's data are simulated is kept
# with the wave, so every later analyze, report (nl, en, --pdf) and export
# (.xlsx, .sav) of it says so, whichever way it was marked:
#   init --simulated (then real-looking responses imported),
#   simulate | import (org_ids 'sim-...'),
#   demo;
# a CSV written by simulate says so when analysed directly; a real wave
# (init, import of real-looking responses) says nothing of the kind.
# The stores are SQLite files, or PostgreSQL databases with
# BAR_TEST_STORE (tests/cli/stores.bash).
# Usage: bash provenance.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
real=$root/tests/data/analysis/wave366.csv # org_ids org00001, ...: real
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
. "$(dirname "$(readlink -f "$0")")/stores.bash"
flag=$(new_store flag) && piped=$(new_store piped) && realdb=$(new_store real) ||
    { echo "FAIL: no store"; exit 1; }
cd "$tmp" || exit 1

# check NAME SOURCE WANT(1 simulated, 0 real) [store]: analyze, report nl and
# en of SOURCE (a store or a CSV); for a store also export .xlsx and .sav.
check() {
    local name=$1 src=$2 want=$3 store=${4:-}
    local d=$tmp/out-$name
    mkdir -p "$d"
    "$bin" analyze "$src" --json "$d/results.json" >/dev/null 2>"$d/err" ||
        { fail "$name: analyze"; cat "$d/err"; return; }
    "$bin" report "$src" --out "$d/nl" >/dev/null 2>"$d/err" ||
        { fail "$name: report nl"; cat "$d/err"; return; }
    "$bin" report "$src" --out "$d/en" --lang en >/dev/null 2>"$d/err" ||
        { fail "$name: report en"; cat "$d/err"; return; }
    local -a has=()
    grep -q '"data": "simulated"' "$d/results.json" && has+=(analyze)
    grep -q '"data": "simulated"' "$d/nl/results.json" && has+=(results)
    grep -q 'class="notice" role="note">Gesimuleerde gegevens' \
        "$d/nl/index.html" && has+=(nl)
    grep -q 'class="notice" role="note">Simulated data' \
        "$d/en/index.html" && has+=(en)
    local all="analyze results nl en"
    if [ -n "$store" ]; then
        all="$all xlsx xlsx-props sav-label sav-doc"
        "$bin" export "$src" "$d/out.xlsx" >/dev/null 2>"$d/err" ||
            { fail "$name: export xlsx"; cat "$d/err"; return; }
        "$bin" export "$src" "$d/out.sav" >/dev/null 2>"$d/err" ||
            { fail "$name: export sav"; cat "$d/err"; return; }
        local x
        x=$(python3 - "$d/out.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]*)"', wb)
assert names[:3] == ["data", "variabelen", "over"], names
about = z.read("xl/worksheets/sheet3.xml").decode()
strings = z.read("xl/sharedStrings.xml").decode() \
    if "xl/sharedStrings.xml" in z.namelist() else about
out = []
if "Gesimuleerde gegevens (barometer simulate)" in strings:
    out.append("xlsx")
if "Gesimuleerde gegevens" in z.read("docProps/core.xml").decode():
    out.append("xlsx-props")
print(" ".join(out))
PY
        ) || { fail "$name: reading the .xlsx"; return; }
        has+=($x)
        if command -v pspp >/dev/null; then
            printf "SYSFILE INFO FILE='%s'.\n" "$d/out.sav" >"$d/info.sps"
            pspp -O format=txt -o "$d/info.txt" "$d/info.sps" \
                >/dev/null 2>&1 || fail "$name: pspp"
            grep -q 'GESIMULEERD: Innovatie Barometer' "$d/info.txt" &&
                has+=(sav-label)
            grep -q 'Gesimuleerde gegevens (barometer simulate)' \
                "$d/info.txt" && has+=(sav-doc)
        else
            echo "skipped: the .sav checks need pspp"
            all="${all% sav-label sav-doc}"
        fi
    fi
    local got="${has[*]:-}"
    if [ "$want" = 1 ] && [ "$got" != "$all" ]; then
        fail "$name: simulated, but only [$got] of [$all] say so"
    elif [ "$want" = 0 ] && [ -n "$got" ]; then
        fail "$name: real data, but [$got] say simulated"
    fi
}

# 1. init --simulated: the mark is the wave's, whatever is imported.
"$bin" init "$flag" --simulated >out.txt || fail "init --simulated"
grep -q "simulated data" out.txt || fail "init --simulated: message"
"$bin" import "$flag" "$real" >/dev/null || fail "import into flag.db"
check init-simulated "$flag" 1 store

# 2. simulate | import marks a wave that was created plain.
"$bin" init "$piped" >/dev/null || fail "init piped.db"
"$bin" simulate --cases 60 --seed 8 | "$bin" import "$piped" /dev/stdin \
    >out.txt || fail "simulate | import"
grep -q "the wave is marked simulated" out.txt ||
    fail "simulate | import: message"
check simulate-import "$piped" 1 store

# 3. demo: its store says so for every later run.
"$bin" demo --out demo --cases 60 >/dev/null || fail "demo"
check demo demo/barometer.sqlite 1 store

# 4. A CSV written by simulate, analysed directly.
"$bin" simulate --cases 60 --seed 9 >sim.csv || fail "simulate"
check simulate-csv sim.csv 1

# 5. --pdf prints the same cover (when Chromium is installed).
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null
then
    "$bin" report "$piped" --out pdf --pdf >/dev/null 2>err.txt ||
        { fail "report --pdf"; cat err.txt; }
    head -c 4 pdf/report.pdf | grep -q '%PDF' || fail "--pdf: not a PDF"
    grep -q 'class="notice" role="note">Gesimuleerde gegevens' \
        pdf/index.html || fail "--pdf: the printed page has no notice"
fi

# 6. A real wave says nothing of the kind.
"$bin" init "$realdb" >/dev/null || fail "init real.db"
"$bin" import "$realdb" "$real" >out.txt || fail "import into real.db"
grep -q "simulated" out.txt && fail "real import: says simulated"
check real "$realdb" 0 store
check real-csv "$real" 0

[ "$fails" -eq 0 ] || exit 1
echo "provenance: ok"

#!/usr/bin/env bash
# report --out DIR replaces the report folder whole (core/adir.h): kill -9
# at 50 random moments of `report --out` over an existing report always
# leaves a complete report, equal to the old one or the new one. Then: a
# folder the barometer did not write is refused unless --force, stale
# folders of killed runs are cleaned up, SIGTERM leaves no temporary folder,
# and a report folder keeps its mode.
# Usage: bash report_swap.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export SOURCE_DATE_EPOCH=1700000000

"$bin" simulate --cases 366 --seed 1 >"$tmp/a.csv" || exit 1
"$bin" simulate --cases 366 --seed 2 >"$tmp/b.csv" || exit 1
for v in a b; do
    "$bin" report "$tmp/$v.csv" --out "$tmp/ref-$v" >/dev/null ||
        { echo "FAIL: reference report $v"; exit 1; }
done
cmp -s "$tmp/ref-a/results.json" "$tmp/ref-b/results.json" &&
    { echo "FAIL: the two reports must differ"; exit 1; }

# complete DIR: every file index.html links to is there and not empty,
# results.json parses, every CSV is non-empty; prints nothing when so.
complete() {
    python3 - "$1" <<'PY'
import json, os, re, sys
d = sys.argv[1]
try:
    html = open(os.path.join(d, "index.html"), encoding="utf-8").read()
    json.load(open(os.path.join(d, "results.json")))
except Exception as e:
    print("unreadable:", e)
    sys.exit(0)
refs = set(re.findall(r'(?:href|src)="([^"#:]+)"', html))
for r in sorted(refs) + ["report.css", "results.json", ".barometer-report"]:
    p = os.path.join(d, r)
    if not os.path.isfile(p) or os.path.getsize(p) == 0:
        print("missing or empty:", r)
for f in os.listdir(os.path.join(d, "data")):
    if os.path.getsize(os.path.join(d, "data", f)) == 0:
        print("empty CSV:", f)
PY
}

# ms_to_s MS: MS milliseconds as seconds for sleep (also 1000 and more).
ms_to_s() { awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }'; }

# How long a report run takes, to spread the kills over it.
rep=$tmp/rep
"$bin" report "$tmp/a.csv" --out "$rep" >/dev/null || exit 1
t0=$(date +%s%N)
for i in 1 2 3; do
    "$bin" report "$tmp/a.csv" --out "$rep" >/dev/null || exit 1
done
run_ms=$((($(date +%s%N) - t0) / 3000000))
[ "$run_ms" -ge 1 ] || run_ms=1
span=$((run_ms * 13 / 10 + 5)) # a little past the end, too

cur=a
old_seen=0
new_seen=0
for i in $(seq 1 50); do
    if [ $cur = a ]; then next=b; else next=a; fi
    delay_ms=$((RANDOM % span))
    "$bin" report "$tmp/$next.csv" --out "$rep" >/dev/null 2>&1 &
    pid=$!
    sleep "$(ms_to_s "$delay_ms")"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    problems=$(complete "$rep")
    if [ -n "$problems" ]; then
        fail "kill $i after ${delay_ms} ms: incomplete report: $problems"
    elif diff -r -q "$rep" "$tmp/ref-$cur" >/dev/null; then
        old_seen=$((old_seen + 1))
    elif diff -r -q "$rep" "$tmp/ref-$next" >/dev/null; then
        new_seen=$((new_seen + 1))
        cur=$next
    else
        fail "kill $i after ${delay_ms} ms: neither the old nor the new" \
            "report: $(diff -r -q "$rep" "$tmp/ref-$cur" | head -3)"
    fi
done
echo "50 kills over ${span} ms (a run takes ${run_ms} ms): old report" \
    "$old_seen times, new report $new_seen times"
[ "$old_seen" -gt 0 ] || fail "no kill landed before the swap"

# Stale folders of killed runs block nothing and are cleaned up by the
# next run.
stale=$(find "$tmp" -maxdepth 1 -name 'rep.tmp-*' -o -maxdepth 1 \
    -name 'rep.old-*' | wc -l)
"$bin" report "$tmp/a.csv" --out "$rep" >/dev/null ||
    fail "a run after the kills failed"
left=$(find "$tmp" -maxdepth 1 \( -name 'rep.tmp-*' -o -name 'rep.old-*' \) |
    wc -l)
[ "$left" = 0 ] || fail "$left stale folders left (of $stale)"
diff -r -q "$rep" "$tmp/ref-a" >/dev/null || fail "the last run's report"

# SIGTERM mid-run: the old report stays, no temporary folder is left.
for i in 1 2 3 4 5; do
    "$bin" report "$tmp/b.csv" --out "$rep" >/dev/null 2>&1 &
    pid=$!
    sleep "$(ms_to_s $((RANDOM % (run_ms / 2 + 1))))"
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ -z "$(complete "$rep")" ] || fail "SIGTERM $i: incomplete report"
    # The handler removed the folder it was building (unless the run had
    # finished, in which case there is nothing to remove).
    left=$(find "$tmp" -maxdepth 1 \( -name 'rep.tmp-*' -o \
        -name 'rep.old-*' \) | wc -l)
    [ "$left" = 0 ] || fail "SIGTERM $i: $left temporary folders left:" \
        "$(find "$tmp" -maxdepth 1 \( -name 'rep.tmp-*' -o -name 'rep.old-*' \) \
           -printf '%f ' -exec ls -A {} \;)"
    "$bin" report "$tmp/a.csv" --out "$rep" >/dev/null
done

# A folder the barometer did not write: refused (nothing touched), or
# replaced with --force. An empty folder is fine.
mkdir "$tmp/mine"
echo precious >"$tmp/mine/notes.txt"
"$bin" report "$tmp/a.csv" --out "$tmp/mine" >/dev/null 2>"$tmp/err"
[ $? = 1 ] || fail "a foreign folder: exit status"
grep -qF "mine is not empty and was not written by the barometer" \
    "$tmp/err" || fail "a foreign folder: message: $(cat "$tmp/err")"
[ "$(cat "$tmp/mine/notes.txt")" = precious ] || fail "notes.txt touched"
[ "$(ls -A "$tmp" | grep -c '^mine\.')" = 0 ] ||
    fail "a refused run left a folder beside it"
"$bin" report "$tmp/a.csv" --out "$tmp/mine" --force >/dev/null ||
    fail "--force"
[ ! -e "$tmp/mine/notes.txt" ] && [ -z "$(complete "$tmp/mine")" ] ||
    fail "--force did not replace the folder"
mkdir "$tmp/empty"
"$bin" report "$tmp/a.csv" --out "$tmp/empty" >/dev/null ||
    fail "an empty folder"
printf x >"$tmp/file"
"$bin" report "$tmp/a.csv" --out "$tmp/file" >/dev/null 2>"$tmp/err" &&
    fail "a file at DIR"
grep -qF "exists and is not a folder" "$tmp/err" || fail "file message"

# The folder keeps its mode; a link to it is followed and stays a link.
chmod 750 "$rep"
"$bin" report "$tmp/b.csv" --out "$rep" >/dev/null || fail "mode run"
[ "$(stat -c %a "$rep")" = 750 ] || fail "mode $(stat -c %a "$rep")"
ln -s rep "$tmp/rep-link"
"$bin" report "$tmp/a.csv" --out "$tmp/rep-link" >/dev/null ||
    fail "through a link"
[ -L "$tmp/rep-link" ] || fail "the link was replaced"
diff -r -q "$rep" "$tmp/ref-a" >/dev/null || fail "through a link: content"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "report_swap: all checks passed"

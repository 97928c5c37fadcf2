#!/usr/bin/env bash
# Progress on stderr only when stderr is a terminal:
# - under `script` (util-linux: a pseudo-terminal) import, analyze and
#   report draw their bar ("barometer: lines read ... 100%", "responses
#   stored N/N" into the store, "responses loaded N/N" from it, "figures
#   computed N/N", "figures written N/N") and erase it (CR, ESC [K) before
#   the next output;
# - with stderr a file, the same commands write nothing to stderr, and
#   their stdout is the same as under the terminal (bar aside).
# Exits 77 (skipped) when `script` is not installed.
# The store is a SQLite file, or a PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash).
# Usage: bash progress.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
. "$(dirname "$(readlink -f "$0")")/stores.bash"
adb=$(new_store a) && bdb=$(new_store b) ||
    { echo "FAIL: no store"; exit 1; }
cd "$tmp" || exit 1
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1)"; exit 77; }

"$bin" simulate --cases 9000 --seed 5 >r.csv || fail "simulate"
"$bin" init "$adb" >/dev/null || fail "init a"
"$bin" init "$bdb" >/dev/null || fail "init b"

# Not a terminal: quiet.
"$bin" import "$adb" r.csv >quiet.out 2>quiet.err || fail "import (quiet)"
"$bin" analyze r.csv --json q.json >>quiet.out 2>>quiet.err ||
    fail "analyze (quiet)"
"$bin" report "$adb" --out qrep >>quiet.out 2>>quiet.err || fail "report (quiet)"
[ -s quiet.err ] && fail "stderr not a terminal, yet: $(head -c 300 quiet.err)"

# A terminal: the bar, then erased.
script -qec "'$bin' import ${bdb} r.csv; '$bin' analyze r.csv --json t.json; \
'$bin' report ${bdb} --out trep" /dev/null </dev/null >tty.raw 2>&1 ||
    fail "commands under script"
python3 - tty.raw quiet.out <<'PY' || fail "the bar on the terminal"
import re, sys
raw = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
quiet = open(sys.argv[2], encoding="utf-8").read()
ok = True
def need(pattern, what):
    global ok
    if not re.search(pattern, raw):
        print(f"no {what} ({pattern!r}) in {raw[:400]!r}")
        ok = False
need(r"\r\x1b\[Kbarometer: lines read 9001/9001 \[#{20}\] 100%", "read bar")
need(r"barometer: responses stored 9000/9000 \[#{20}\] 100%", "store bar")
need(r"barometer: responses loaded 9000/9000 \[#{20}\] 100%", "load bar")
need(r"barometer: figures computed (\d+)/\1 \[#{20}\] 100%", "analysis bar")
need(r"barometer: figures written (\d+)/\1 \[#{20}\] 100%", "report bar")
# every bar is erased before the next output
need(r"100%\r\x1b\[Kimported 9000 responses", "bar erased before stdout")
# without the bars the terminal shows what the quiet run printed
text = re.sub(r"\r\x1b\[K(barometer: [^\r]*)?", "", raw).replace("\r\n", "\n")
want = quiet.replace("qrep", "trep")
if text != want:
    print(f"terminal output {text!r} is not the quiet run's {want!r}")
    ok = False
sys.exit(0 if ok else 1)
PY
cmp -s q.json t.json || fail "analyze output differs with a terminal"
cmp -s qrep/results.json trep/results.json ||
    fail "report results differ with a terminal"

[ "$fails" -eq 0 ] || exit 1
echo "progress: drawn on a terminal, quiet otherwise"

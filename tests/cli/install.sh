#!/usr/bin/env bash
# `cmake --install` lays out the program where Debian puts things, and the
# installed program reads its data from its prefix, not from the source
# tree it was built in:
# - P/bin/barometer, P/share/barometer/{instrument,report,benchmarks}/...,
#   P/share/man/man1/barometer.1.gz;
# - `P/bin/barometer --version` names P/share/barometer as its data;
# - an installed instrument made broken on purpose breaks `init` with a
#   message naming the installed file (so it is the file read);
# - BAROMETER_DATA still overrides (development);
# - a copy of the program with no share/barometer beside it falls back to
#   the source tree's data/ recorded at build time.
# Usage: bash install.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
build=$(dirname "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v cmake >/dev/null 2>&1 || { echo "SKIP: no cmake"; exit 77; }
cd "$tmp" || exit 1

P=$tmp/prefix
cmake --install "$build" --prefix "$P" >install.log 2>&1 ||
    { cat install.log; fail "cmake --install"; exit 1; }
for f in bin/barometer share/barometer/instrument/ibo-2021.json \
         share/barometer/report/ibo-2021.json \
         share/barometer/benchmarks/nordic-2021.csv \
         share/barometer/benchmarks/nordic-2021-labels.csv \
         share/man/man1/barometer.1.gz; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done
[ -x "$P/bin/barometer" ] || fail "bin/barometer not executable"

# The data folder is the prefix's.
env -u BAROMETER_DATA "$P/bin/barometer" --version >v.txt ||
    fail "--version"
grep -qx "data: $P/share/barometer" v.txt ||
    fail "installed data folder: $(cat v.txt)"
# ... and it is the one read.
chmod u+w "$P/share/barometer/instrument/ibo-2021.json"
echo '{' >"$P/share/barometer/instrument/ibo-2021.json"
env -u BAROMETER_DATA -u BAROMETER_INSTRUMENT "$P/bin/barometer" init a.db \
    >out.txt 2>err.txt && fail "init with a broken installed instrument"
grep -qF "$P/share/barometer/instrument/ibo-2021.json" err.txt ||
    fail "message does not name the installed instrument: $(cat err.txt)"
# BAROMETER_DATA overrides.
BAROMETER_DATA="$root/data" "$P/bin/barometer" --version | \
    grep -qx "data: $root/data" || fail "BAROMETER_DATA not used"
BAROMETER_DATA="$root/data" "$P/bin/barometer" init b.db >/dev/null ||
    fail "init with BAROMETER_DATA"
# Without share/barometer beside it: the build's record.
mkdir -p loose/bin
cp "$P/bin/barometer" loose/bin/
env -u BAROMETER_DATA loose/bin/barometer --version | \
    grep -qx "data: $root/data" || fail "uninstalled copy: not the source data"

[ "$fails" -eq 0 ] || exit 1
echo "install: layout and data folder checked"

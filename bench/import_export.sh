#!/usr/bin/env bash
# Import and export of 100,000 simulated responses, against the sqlite3
# shell's `.import` of the same CSV into a fresh table as the baseline.
# Prints wall times (hyperfine when installed, else /usr/bin/time -v),
# peak memory, the ratio import / baseline, and the machine, as a Markdown
# section for docs/performance.md.
# Usage: bench/import_export.sh [path/to/barometer] [cases]
#   (default: build/barometer, 100000; work files go to bench/out/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/build/barometer}")
cases=${2:-100000}
out=$root/bench/out
mkdir -p "$out"
cd "$out"
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell" >&2; exit 2; }
[ -x "$bin" ] || { echo "no barometer at $bin (build first)" >&2; exit 2; }

"$bin" simulate --cases "$cases" --seed 1 > responses.csv
size=$(du -h responses.csv | cut -f1)
cols=$(head -1 responses.csv | tr ',' '\n' | wc -l)

import_cmd="rm -f store.db store.db-wal store.db-shm && $bin init store.db >/dev/null && $bin import store.db responses.csv >/dev/null"
export_cmd="$bin export store.db export.csv >/dev/null"
base_cmd="rm -f base.db base.db-wal base.db-shm && sqlite3 base.db -cmd '.mode csv' '.import responses.csv t'"

# Peak resident memory (kB) of one run of a command.
peak_rss() {
    /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null |
        awk -F': ' '/Maximum resident/ {print $2}'
}

if command -v hyperfine >/dev/null; then
    tool="hyperfine (3 warm-up runs, 10 timed runs)"
    hyperfine -N -w 3 -r 10 --export-csv times.csv \
        -n "barometer init + import" "bash -c '$import_cmd'" \
        -n "sqlite3 .import (baseline)" "bash -c \"$base_cmd\"" \
        -n "barometer export" "bash -c '$export_cmd'" >/dev/null
    # command,mean,stddev,median,user,system,min,max
    mapfile -t t < <(tail -n +2 times.csv | awk -F, '{printf "%.3f %.3f\n", $2, $3}')
else
    tool="/usr/bin/time -v (one run each)"
    t=()
    for c in "$import_cmd" "$base_cmd" "$export_cmd"; do
        wall=$( { /usr/bin/time -f '%e' bash -c "$c" >/dev/null; } 2>&1 | tail -1)
        t+=("$wall 0")
    done
fi
read -r imp imp_sd <<<"${t[0]}"
read -r base base_sd <<<"${t[1]}"
read -r exp exp_sd <<<"${t[2]}"
rss_imp=$(peak_rss "$import_cmd")
rss_base=$(peak_rss "$base_cmd")
rss_exp=$(peak_rss "$export_cmd")
ratio=$(awk -v a="$imp" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
same=$(cmp -s export.csv responses.csv && echo "identical to" || echo "DIFFERS from")

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
ram=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
cat <<MD
## Import and export (issue 2)

Command: \`bench/import_export.sh $(basename "$bin") $cases\` ($tool), on
$(date -u +%Y-%m-%d). Input: \`barometer simulate --cases $cases --seed 1\`,
$size, $cols columns. Machine: $(nproc) CPUs, $cpu, $ram RAM.

| step | wall (s) | ± sd | peak RSS (MB) |
|---|---|---|---|
| barometer init + import (validate every cell, one transaction) | $imp | $imp_sd | $((rss_imp / 1024)) |
| sqlite3 shell \`.import\` into a fresh table (baseline) | $base | $base_sd | $((rss_base / 1024)) |
| barometer export (CSV, temp file + rename) | $exp | $exp_sd | $((rss_exp / 1024)) |

Import / baseline: **${ratio}x** (goal: within 2x). The export is $same the
imported CSV.
MD

#!/usr/bin/env bash
# The responses import, two builds side by side (e.g. before and after a
# change to the CSV reader), on simulated waves of each size given.
# Two measurements per build and size, with hyperfine:
#   read + validate: `import STORE FILE --wave 2030` reads and checks every
#     cell, then stops at the first case (its wave is 2021, exit 2) before
#     the store is touched: the CSV reader and the importer alone;
#   init + import: a fresh store and the whole import (one transaction).
# Prints a Markdown section for docs/performance.md: mean wall time ± sd,
# user CPU time, and the ratio before / after.
# Usage: bench/csv_import.sh BEFORE AFTER [cases ...]
#   (default sizes 100000 1000000; work files go to bench/out/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 BEFORE AFTER [cases ...]" >&2; exit 2; }
before=$(realpath "$1")
after=$(realpath "$2")
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
command -v hyperfine >/dev/null ||
    { echo "needs hyperfine (scripts/install-deps.sh --with-tools)" >&2; exit 2; }
out=$root/bench/out
mkdir -p "$out"
cd "$out"

rows=()
for n in "${sizes[@]}"; do
    "$after" simulate --cases "$n" --seed 1 >"r$n.csv"
    size=$(du -h "r$n.csv" | cut -f1)
    runs=10
    [ "$n" -ge 1000000 ] && runs=3
    rm -f ro.db && "$after" init ro.db >/dev/null
    hyperfine -N -i -w 1 -r "$runs" --export-csv "t$n.csv" \
        -n "read+validate before" "$before import ro.db r$n.csv --wave 2030" \
        -n "read+validate after" "$after import ro.db r$n.csv --wave 2030" \
        -n "init+import before" \
        "bash -c 'rm -f s.db && $before init s.db >/dev/null && $before import s.db r$n.csv >/dev/null'" \
        -n "init+import after" \
        "bash -c 'rm -f s.db && $after init s.db >/dev/null && $after import s.db r$n.csv >/dev/null'" \
        >/dev/null
    # command,mean,stddev,median,user,system,min,max
    mapfile -t t < <(tail -n +2 "t$n.csv" |
        awk -F, '{printf "%.3f %.3f %.3f\n", $2, $3, $5}')
    for k in 0 2; do
        read -r m0 s0 u0 <<<"${t[$k]}"
        read -r m1 s1 u1 <<<"${t[$((k + 1))]}"
        what=$([ "$k" -eq 0 ] && echo "read + validate" || echo "init + import")
        ratio=$(awk -v a="$m0" -v b="$m1" 'BEGIN {printf "%.2f", a / b}')
        uratio=$(awk -v a="$u0" -v b="$u1" 'BEGIN {printf "%.2f", a / b}')
        rows+=("| $n ($size) | $what | $m0 ± $s0 | $u0 | $m1 ± $s1 | $u1 | ${ratio}x | ${uratio}x |")
    done
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
ram=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
cat <<MD
Command: \`bench/csv_import.sh BEFORE AFTER ${sizes[*]}\` (hyperfine, 1
warm-up run, 10 timed runs, 3 at 1,000,000), on $(date -u +%Y-%m-%d).
Input: \`barometer simulate --cases N --seed 1\`. Machine: $(nproc) CPUs,
$cpu, $ram RAM, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end.

| cases (file) | step | before: wall (s) | before: user (s) | after: wall (s) | after: user (s) | wall before / after | user before / after |
|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")
MD

#!/usr/bin/env bash
# Report generation for 366 and 100,000 simulated cases: `barometer
# analyze` and `barometer report` on the same CSV in one run, so that the
# difference is the rendering (charts, tables, CSV downloads, HTML); wall
# time and peak memory with /usr/bin/time. Prints a Markdown table.
# Usage: bench/report.sh [path/to/barometer] [cases ...]
#   (default: build/barometer, 366 100000; work files in bench/out/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/build/barometer}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(366 100000)
out=$root/bench/out
mkdir -p "$out"
cd "$out"
[ -x "$bin" ] || { echo "no barometer at $bin (build first)" >&2; exit 2; }

# wall seconds and peak RSS (MB) of one command, as "S MB"
measure() {
    /usr/bin/time -f '%e %M' -o time.txt "$@" >/dev/null 2>&1
    awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' time.txt
}

echo "| cases | analyze (s) | report (s) | rendering (s) | report peak RSS (MB) | files written |"
echo "|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
    "$bin" simulate --cases "$n" --seed 1 > "r$n.csv"
    read -r ta _ < <(measure "$bin" analyze "r$n.csv" --json "a$n.json")
    rm -rf "rep$n"
    read -r tr mr < <(measure "$bin" report "r$n.csv" --out "rep$n")
    files=$(find "rep$n" -type f | wc -l)
    render=$(awk -v a="$ta" -v r="$tr" 'BEGIN { printf "%.2f", r - a }')
    echo "| $n | $ta | $tr | $render | $mr | $files |"
done
echo
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); $(date -u +%Y-%m-%d)."

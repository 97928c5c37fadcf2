#!/usr/bin/env bash
# The R-indicator (src/stats/rindicator.c) against its R reference
# (tests/ref/rindicator.R: base R glm and the same formulas) on simulated
# frames of each size given: `barometer simulate --cases K --seed 1 --frame`
# with K = units * 366 / 1374, response = among the simulated respondents;
# auxiliary variables sector and cluster.
# Prints a Markdown section for docs/performance.md: median wall time of
# the computation (CSV reading not timed), both R values, and R's time
# over ours.
# Usage (from anywhere): bench/rindicator.sh BUILD_DIR [units ...]
#   (default sizes 1374 100000 1000000; work files go to bench/out/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [units ...]" >&2; exit 2; }
build=$(realpath "$1")
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1374 100000 1000000)
command -v Rscript >/dev/null ||
    { echo "needs R (scripts/install-deps.sh --with-tools)" >&2; exit 2; }
out=$root/bench/out
mkdir -p "$out"

echo "## R-indicator (issue 10)"
echo
echo "Command: \`bench/rindicator.sh BUILD_DIR ${sizes[*]}\`, on $(date -u +%F)."
echo "Machine: $(nproc) CPUs, $(uname -m); $(R --version | sed -n 1p)."
echo
echo "| units | barometer (s) | R glm + formulas (s) | runs | R (ours) | R (R) | x faster |"
echo "|---|---|---|---|---|---|---|"
for units in "${sizes[@]}"; do
    cases=$(( (units * 366 + 687) / 1374 ))
    "$build/barometer" simulate --cases "$cases" --seed 1 \
        --frame "$out/frame$units.raw" >"$out/wave$units.csv"
    # sector,cluster,response: response = the org_id is in the wave.
    awk -F, 'NR == FNR { if (FNR > 1) seen[$1] = 1; next }
             FNR == 1 { print "sector,cluster,response"; next }
             { print $3 "," $4 "," ($1 in seen ? 1 : 0) }' \
        "$out/wave$units.csv" "$out/frame$units.raw" >"$out/frame$units.csv"
    runs=5
    [ "$units" -ge 1000000 ] && runs=3
    c=$("$build/bench_rindicator" "$out/frame$units.csv" "$runs")
    r=$(cd "$root" && Rscript bench/rindicator.R "$out/frame$units.csv" "$runs")
    IFS=, read -r n _ ct _ cr _ _ <<<"$c"
    IFS=, read -r _ _ rt _ rr _ _ <<<"$r"
    ratio=$(awk -v a="$rt" -v b="$ct" 'BEGIN { printf "%.1f", a / b }')
    printf '| %s | %.4f | %.4f | %s | %.10f | %.10f | %s |\n' \
        "$n" "$ct" "$rt" "$runs" "$cr" "$rr" "$ratio"
done

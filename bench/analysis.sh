#!/usr/bin/env bash
# The full analysis (`barometer analyze responses.csv --json out.json`, every
# entry of data/report/ibo-2021.json) against R (bench/analysis.R: the same
# computations with R's own functions) and PSPP (bench/analysis.sps: what
# PSPP can do of them), on the same simulated CSV, at several sizes, in one
# run. Prints a Markdown section for docs/performance.md: wall time (median
# of the runs) and peak RSS (/usr/bin/time), ratios against R, the
# barometer's time without the models (a spec without the model entry), R's
# time per part, whether barometer and R agree, and the machine.
#
# Usage: bench/analysis.sh [--skip-slow] [--sizes "366 100000 1000000"]
#                          [--runs N] [--timeout SECONDS] [--spec FILE]
#                          [path/to/barometer]
#   --skip-slow   do not run R and PSPP at 1,000,000 cases
#   --runs N      timed runs per program at the smallest size (default 5,
#                 after one warm-up); larger sizes get one run each (a run
#                 of R or of barometer takes minutes there)
#   --timeout S   give up a run of R or PSPP after S seconds (default 1800)
#   --spec FILE   report specification (default data/report/ibo-2021.json;
#                 analysis.R and analysis.sps follow that file's entries)
#   default barometer: build-bench/barometer (cmake -S . -B build-bench
#   -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -t barometer)
# Work files go to bench/out/. Needs Rscript (psych, jsonlite; data.table
# is used when installed), pspp and GNU time (/usr/bin/time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmdline="bench/analysis.sh${*:+ $*}"
sizes="366 100000 1000000"
runs=5
timeout_s=1800
skip_slow=false
spec=$root/data/report/ibo-2021.json
bin=$root/build-bench/barometer
while [ $# -gt 0 ]; do
    case $1 in
    --skip-slow) skip_slow=true ;;
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --timeout) timeout_s=$2; shift ;;
    --spec) spec=$(realpath "$2"); shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) bin=$1 ;;
    esac
    shift
done
bin=$(realpath "$bin")
out=$root/bench/out/analysis  # own folder: bench/out is shared
mkdir -p "$out"
cd "$out"
[ -x "$bin" ] || { echo "no barometer at $bin (build first)" >&2; exit 2; }
for t in Rscript pspp /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 2; }
done
Rscript -e 'stopifnot(requireNamespace("psych"), requireNamespace("jsonlite"))' \
    >/dev/null 2>&1 || { echo "R needs psych and jsonlite" >&2; exit 2; }
bench_csv=$root/data/benchmarks/nordic-2021.csv
log=$out/analysis.log
: > "$log"

# The report spec as it is now (kept for the whole run), and without its
# model entries: the barometer's time without the three models.
cp "$spec" spec.json
Rscript -e 'a <- commandArgs(TRUE); s <- jsonlite::read_json(a[1]);
    s$figures <- Filter(function(f) f$kind != "model", s$figures);
    jsonlite::write_json(s, a[2], auto_unbox = TRUE, pretty = TRUE)' \
    spec.json spec-nomodel.json

# measure NAME RUNS TIMEOUT CMD...: runs CMD (after one warm-up when RUNS
# > 1), sets wall (median, s), range ("min-max" or ""), rss (max, MB) and
# ok (false when a run failed or timed out).
measure() {
    local name=$1 n=$2 limit=$3
    shift 3
    local walls=() maxk=0 i status
    ok=true
    [ "$n" -gt 1 ] && { "$@" >/dev/null 2>>"$log" || true; }
    for ((i = 0; i < n; i++)); do
        status=0
        /usr/bin/time -f '%e %M' -o time.txt timeout "$limit" "$@" \
            >/dev/null 2>>"$log" || status=$?
        if [ "$status" -ne 0 ]; then
            echo "$name: exit $status (124 = timed out after $limit s)" >>"$log"
            ok=false
            return
        fi
        read -r w k < <(tail -1 time.txt)
        walls+=("$w")
        [ "$k" -gt "$maxk" ] && maxk=$k
    done
    wall=$(printf '%s\n' "${walls[@]}" | sort -g |
        awk '{a[NR] = $1}
             END {m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
                  printf "%.2f", m}')
    range=""
    [ "$n" -gt 1 ] && range=$(printf '%s\n' "${walls[@]}" | sort -g |
        awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f-%.2f", lo, hi}')
    rss=$((maxk / 1024))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f", b / a}'; }

rows=""
notes=""
smallest=$(printf '%s\n' $sizes | sort -g | sed -n 1p)
for n in $sizes; do
    csv=responses-$n.csv
    "$bin" simulate --cases "$n" --seed 1 > "$csv"
    ln -sf "$csv" responses.csv   # what analysis.sps reads
    mb=$(du -m "$csv" | cut -f1)
    r=1
    [ "$n" = "$smallest" ] && r=$runs
    slow=false
    [ "$n" -ge 1000000 ] && $skip_slow && slow=true

    measure barometer "$r" 0 "$bin" analyze "$csv" --spec spec.json \
        --json "c-$n.json"
    $ok || { echo "barometer analyze failed on $n cases; see $log" >&2; exit 1; }
    c_wall=$wall c_range=$range c_rss=$rss
    measure barometer-nomodel 1 0 "$bin" analyze "$csv" \
        --spec spec-nomodel.json --json "c-nomodel-$n.json"
    nm_wall=$wall
    nfig=$(grep -o '"kind": *"[a-z_]*"' "c-$n.json" | wc -l)

    r_wall="" r_rss="" p_wall="" p_rss="" r_range="" p_range=""
    if $slow; then
        notes+="- $n cases: R and PSPP not run (--skip-slow)."$'\n'
    else
        measure R "$r" "$timeout_s" Rscript "$root/bench/analysis.R" "$csv" \
            "R-$n.json" "$bench_csv"
        if $ok; then r_wall=$wall r_range=$range r_rss=$rss
        else notes+="- $n cases: R did not finish within $timeout_s s."$'\n'; fi
        measure PSPP "$r" "$timeout_s" pspp -o "pspp-$n.txt" \
            "$root/bench/analysis.sps"
        if $ok; then p_wall=$wall p_range=$range p_rss=$rss
        else notes+="- $n cases: PSPP did not finish within $timeout_s s."$'\n'; fi
    fi
    runs_txt=$r
    [ "$r" -gt 1 ] && runs_txt="$r (+1 warm-up)"
    rows+="| $n ($mb MB) | barometer analyze ($nfig figures) | $c_wall | $c_range | $c_rss | $runs_txt | $(ratio "$c_wall" "$r_wall") |"$'\n'
    rows+="| | barometer without the 3 models | $nm_wall | | | 1 | $(ratio "$nm_wall" "$r_wall") |"$'\n'
    if [ -n "$r_wall" ]; then
        parts=$(Rscript -e 'x <- jsonlite::read_json(commandArgs(TRUE)[1])$seconds;
            cat(paste(sprintf("%s %.1f", names(x), unlist(x)), collapse = ", "))' "R-$n.json")
        rows+="| | Rscript bench/analysis.R ($parts) | $r_wall | $r_range | $r_rss | $runs_txt | 1 |"$'\n'
        agree=$(Rscript "$root/bench/analysis.R" --compare "c-$n.json" "R-$n.json" 2>&1 || true)
        notes+="- $n cases, barometer against R: $agree"$'\n'
    fi
    [ -n "$p_wall" ] && rows+="| | pspp bench/analysis.sps | $p_wall | $p_range | $p_rss | $runs_txt | $(ratio "$p_wall" "$r_wall") |"$'\n'
    printf '%s%s' "$rows" "$notes" > partial.md   # progress, for long runs
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
ram=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
rver=$(Rscript -e 'cat(R.version$major, R.version$minor, sep = ".")')
pver=$(pspp --version | awk 'NR == 1 {print $NF}')
cat <<MD
## Analysis (issue 3)

Command: \`$cmdline\` (barometer: $(basename "$(dirname "$bin")")/$(basename "$bin")), on
$(date -u +%Y-%m-%d). Input: \`barometer simulate --cases N --seed 1\`, 98
columns. Machine: $(nproc) CPUs, $cpu, $ram RAM; R $rver, PSPP $pver.
Wall time is the median of the runs, peak RSS the largest of them
(/usr/bin/time). "x faster" is R's wall time over the row's.

| cases | program | wall (s) | range | peak RSS (MB) | runs | x faster than R |
|---|---|---|---|---|---|---|
$rows
$notes
MD

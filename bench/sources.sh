#!/usr/bin/env bash
# The analysis read from a CSV file and from the store, against R and the
# raw sqlite3 shell, in one run (issue 7). For each size: simulate a wave
# (seed 1), import it into a fresh store, then time
#   barometer analyze responses.csv           (the whole report spec)
#   barometer analyze barometer.sqlite        (the same, read from the store)
#   barometer analyze ... --spec read.json    (read + derive + one frequency:
#                                              the cost of reading a wave)
#   sqlite3 barometer.sqlite 'SELECT * FROM response ...' > /dev/null
#                                             (the shell reading the table)
#   Rscript bench/analysis.R responses.csv    (R's own functions; skipped at
#                                              1,000,000 unless --with-r-1m)
#   and, with --before BIN, an older barometer on the CSV.
# Wall time and peak RSS come from /usr/bin/time -v; the median of --runs
# runs at the smallest size (one run at larger sizes). Checks that the CSV
# and store results are the same numbers and whether barometer and R agree
# (bench/analysis.R --compare). Prints a Markdown section for
# docs/performance.md with the command, the machine and its load.
#
# Usage: bench/sources.sh [--sizes "100000 1000000"] [--runs N]
#                         [--before OLD_BAROMETER] [--with-r-1m]
#                         [--timeout S] [path/to/barometer]
#   default barometer: build-rel/barometer (cmake -S . -B build-rel
#   -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -t barometer)
# Work files go to bench/out/sources/. Needs Rscript (psych, jsonlite),
# sqlite3 and GNU time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmdline="bench/sources.sh${*:+ $*}"
sizes="100000 1000000"
runs=3
before=""
r_1m=false
timeout_s=3600
bin=$root/build-rel/barometer
while [ $# -gt 0 ]; do
    case $1 in
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --before) before=$(realpath "$2"); shift ;;
    --with-r-1m) r_1m=true ;;
    --timeout) timeout_s=$2; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) bin=$1 ;;
    esac
    shift
done
bin=$(realpath "$bin")
[ -x "$bin" ] || { echo "no barometer at $bin (build first)" >&2; exit 2; }
for t in Rscript sqlite3 /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 2; }
done
out=$root/bench/out/sources
mkdir -p "$out"
cd "$out"
log=$out/sources.log
: > "$log"
bench_csv=$root/data/benchmarks/nordic-2021.csv
spec=$root/data/report/ibo-2021.json

# read.json: the report spec with only its first frequency figure, so that
# a run is reading the wave, deriving, and one small table.
Rscript -e 'a <- commandArgs(TRUE); s <- jsonlite::read_json(a[1]);
    f <- Filter(function(f) f$kind == "frequency", s$figures);
    s$figures <- f[1];
    jsonlite::write_json(s, a[2], auto_unbox = TRUE, pretty = TRUE)' \
    "$spec" read.json

# measure NAME RUNS CMD...: sets wall (median, s), range, cpu (user + sys
# of the median-wall run, s), rss (max, MB) and ok; stdout of CMD goes to
# /dev/null.
measure() {
    local name=$1 n=$2
    shift 2
    local walls=() cpus=() maxk=0 i status w k c
    ok=true
    for ((i = 0; i < n; i++)); do
        status=0
        /usr/bin/time -v -o time.txt timeout "$timeout_s" "$@" \
            >/dev/null 2>>"$log" || status=$?
        if [ "$status" -ne 0 ]; then
            echo "$name: exit $status (124 = timed out)" >>"$log"
            ok=false
            return
        fi
        w=$(awk -F': ' '/Elapsed \(wall clock\)/ {
                n = split($2, p, ":"); s = 0
                for (j = 1; j <= n; j++) s = s * 60 + p[j]
                print s}' time.txt)
        k=$(awk -F': ' '/Maximum resident set size/ {print $2}' time.txt)
        c=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' \
            time.txt)
        walls+=("$w")
        cpus+=("$w $c")
        [ "$k" -gt "$maxk" ] && maxk=$k
    done
    wall=$(printf '%s\n' "${walls[@]}" | sort -g |
        awk '{a[NR] = $1}
             END {m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
                  printf "%.2f", m}')
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -g |
        awk '{a[NR] = $2} END {printf "%.2f", a[int((NR + 1) / 2)]}')
    range=""
    [ "$n" -gt 1 ] && range=$(printf '%s\n' "${walls[@]}" | sort -g |
        awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f-%.2f", lo, hi}')
    rss=$((maxk / 1024))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.1f", b / a}'; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
rows=""
notes=""
smallest=$(printf '%s\n' $sizes | sort -g | sed -n 1p)
for n in $sizes; do
    csv=responses-$n.csv
    db=store-$n.sqlite
    "$bin" simulate --cases "$n" --seed 1 > "$csv"
    rm -f "$db" "$db-wal" "$db-shm"
    "$bin" init "$db" --wave 2021 >/dev/null
    "$bin" import "$db" "$csv" >/dev/null
    mb=$(du -m "$csv" | cut -f1)
    dbmb=$(du -m "$db" | cut -f1)
    r=1
    [ "$n" = "$smallest" ] && r=$runs
    runs_txt=$r

    measure csv "$r" "$bin" analyze "$csv" --json "c-csv-$n.json"
    $ok || { echo "analyze $csv failed; see $log" >&2; exit 1; }
    csv_wall=$wall csv_range=$range csv_rss=$rss csv_cpu=$cpu
    measure store "$r" "$bin" analyze "$db" --json "c-store-$n.json"
    $ok || { echo "analyze $db failed; see $log" >&2; exit 1; }
    st_wall=$wall st_range=$range st_rss=$rss st_cpu=$cpu
    measure read-csv "$r" "$bin" analyze "$csv" --spec read.json \
        --json /dev/null
    rc_wall=$wall rc_rss=$rss rc_cpu=$cpu
    measure read-store "$r" "$bin" analyze "$db" --spec read.json \
        --json /dev/null
    rs_wall=$wall rs_rss=$rss rs_cpu=$cpu
    measure sqlite3 "$r" sqlite3 "$db" \
        "SELECT * FROM response WHERE wave = 2021 ORDER BY org_id"
    sq_wall=$wall sq_rss=$rss sq_cpu=$cpu

    old_wall="" old_rss="" old_cpu=""
    if [ -n "$before" ]; then
        measure before 1 "$before" analyze "$csv" --json "c-before-$n.json"
        if $ok; then old_wall=$wall old_rss=$rss old_cpu=$cpu
        else notes+="- $n cases: the --before binary failed."$'\n'; fi
    fi

    r_wall="" r_rss="" r_cpu=""
    if [ "$n" -ge 1000000 ] && ! $r_1m; then
        notes+="- $n cases: R not run (it takes about 15 minutes here; --with-r-1m runs it)."$'\n'
    else
        measure R 1 Rscript "$root/bench/analysis.R" "$csv" "R-$n.json" \
            "$bench_csv"
        if $ok; then r_wall=$wall r_rss=$rss r_cpu=$cpu
        else notes+="- $n cases: R did not finish within $timeout_s s."$'\n'; fi
    fi

    # The CSV and the store give the same numbers (the results differ only
    # in where they were read from).
    same=$(Rscript -e 'a <- commandArgs(TRUE);
        f <- function(p) { x <- jsonlite::read_json(p); x$figures };
        cat(if (identical(f(a[1]), f(a[2]))) "identical" else "DIFFERENT")' \
        "c-csv-$n.json" "c-store-$n.json")
    notes+="- $n cases: figures from the CSV and from the store: $same."$'\n'
    if [ -n "$r_wall" ]; then
        agree=$(Rscript "$root/bench/analysis.R" --compare "c-csv-$n.json" \
            "R-$n.json" 2>&1 || true)
        notes+="- $n cases, barometer against R: $agree"$'\n'
    fi

    rows+="| $n ($mb MB CSV, $dbmb MB store) | barometer analyze responses.csv | $csv_wall | $csv_range | $csv_cpu | $csv_rss | $runs_txt | $(ratio "$csv_wall" "$r_wall") |"$'\n'
    rows+="| | barometer analyze barometer.sqlite | $st_wall | $st_range | $st_cpu | $st_rss | $runs_txt | $(ratio "$st_wall" "$r_wall") |"$'\n'
    rows+="| | read only (read.json), from the CSV | $rc_wall | | $rc_cpu | $rc_rss | $runs_txt | |"$'\n'
    rows+="| | read only (read.json), from the store | $rs_wall | | $rs_cpu | $rs_rss | $runs_txt | |"$'\n'
    rows+="| | sqlite3 shell: SELECT * of the wave | $sq_wall | | $sq_cpu | $sq_rss | $runs_txt | |"$'\n'
    if [ -n "$old_wall" ]; then
        rows+="| | before: $(basename "$before") analyze responses.csv | $old_wall | | $old_cpu | $old_rss | 1 | $(ratio "$old_wall" "$r_wall") |"$'\n'
    fi
    if [ -n "$r_wall" ]; then
        rows+="| | Rscript bench/analysis.R | $r_wall | | $r_cpu | $r_rss | 1 | 1 |"$'\n'
    fi
    printf '%s%s' "$rows" "$notes" > partial.md   # progress, for long runs
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
ram=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
rver=$(Rscript -e 'cat(R.version$major, R.version$minor, sep = ".")')
sver=$(sqlite3 --version | cut -d' ' -f1)
cat <<MD
## Reading from the CSV and from the store (issue 7)

Command: \`$cmdline\` (barometer: $(basename "$(dirname "$bin")")/$(basename "$bin")), on
$(date -u +%Y-%m-%d). Input: \`barometer simulate --cases N --seed 1\`,
imported with \`barometer import\` into a fresh store. Machine: nproc
$(nproc), $cpu, $ram RAM; R $rver, sqlite3 $sver. Load average (1, 5, 15
min) at the start: $load_start; at the end: $load_end. Wall time is the
median of the runs, CPU the user + system time of that run (more than
the wall time when the model refits use both cores; less affected by
other load than the wall time), peak RSS the largest (/usr/bin/time -v).
"x R" is R's wall time over the row's.

| cases | program | wall (s) | range | CPU (s) | peak RSS (MB) | runs | x R |
|---|---|---|---|---|---|---|---|
$rows
$notes
MD

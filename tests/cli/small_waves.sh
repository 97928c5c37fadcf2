#!/usr/bin/env bash
# Small waves, as in the first days of fieldwork: every wave of 1 to 40
# simulated responses (three seeds) analyses and reports without an error
# (suppressed values are null where the results schema allows it).
# Usage: bash small_waves.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
for seed in 1 2 3; do
    for n in $(seq 1 40); do
        "$bin" simulate --cases "$n" --seed "$seed" >"$tmp/r.csv" || exit 1
        if ! "$bin" analyze "$tmp/r.csv" >/dev/null 2>"$tmp/err"; then
            echo "FAIL: seed $seed, $n cases: $(head -c 300 "$tmp/err")"
            fails=$((fails + 1))
        fi
    done
done
# one report of a tiny wave (the renderers take the nulls too)
"$bin" simulate --cases 4 --seed 1 >"$tmp/r.csv"
"$bin" report "$tmp/r.csv" --out "$tmp/rep" >/dev/null 2>"$tmp/err" ||
    { echo "FAIL: report of 4 cases: $(head -c 300 "$tmp/err")"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] && echo "small_waves: all passed"
exit $((fails > 0))

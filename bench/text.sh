#!/usr/bin/env bash
# The text mining of open answers (src/text/, `barometer text`) on 366 and
# 100,000 simulated descriptions, with a baseline in the same run: Python's
# snowballstemmer (Debian python3-snowballstemmer, the same Snowball Dutch
# algorithm) stemming the same answers' words, split by a regular
# expression and with the same stop list, as a program that does only that
# step would. Each measurement is the median of 5 runs of /usr/bin/time:
# wall time and peak resident memory (max RSS).
# Prints a Markdown section for docs/performance.md.
# Usage: bench/text.sh [BAROMETER] [answers ...]
#   (default build/barometer, sizes 366 100000; work files in bench/out/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/build/barometer}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(366 100000)
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
/usr/bin/python3 -c 'import snowballstemmer' 2>/dev/null ||
    { echo "needs python3-snowballstemmer (scripts/install-deps.sh --with-tools)" >&2; exit 2; }
out=$root/bench/out
mkdir -p "$out"
cd "$out"

cat > stem.py <<'PY'
# the baseline: split, drop stop words, stem every word (Snowball Dutch)
import csv, re, sys, snowballstemmer
csv.field_size_limit(1 << 20)
stop = set()
for line in open(sys.argv[2], encoding="utf-8"):
    w = line.split("|")[0].strip()
    if w:
        stop.add(w)
st = snowballstemmer.stemmer("dutch")
word = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
terms, n = {}, 0
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    r = csv.reader(f)
    next(r)
    for row in r:
        if not row or not row[0]:
            continue
        n += 1
        words = [w.lower().replace("-", "") for w in word.findall(row[0])]
        for s in set(st.stemWords([w for w in words if w not in stop])):
            terms[s] = terms.get(s, 0) + 1
print(n, "answers,", sum(1 for c in terms.values() if c >= 3), "terms")
PY

# median of 5: "seconds kilobytes"
measure() {
    local i
    for i in 1 2 3 4 5; do
        /usr/bin/time -f "%e %M" -o t.txt "$@" > /dev/null
        cat t.txt
    done | sort -n | sed -n 3p
}

echo "### Text mining (bench/text.sh)"
echo
echo "Command: \`bench/text.sh\` ($(nproc) cores, $(date -u +%Y-%m-%d));"
echo "the median of 5 runs each."
echo
echo "| answers | barometer text: time (s) | peak memory (MB) | baseline (Python snowballstemmer, stemming only): time (s) | peak memory (MB) |"
echo "|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
    # simulated descriptions, the first n non-empty ones (about 4 in 5
    # cases describe an innovation)
    cases=$(( n * 13 / 10 + 500 ))
    "$bin" simulate --cases "$cases" --seed 7 > sim$n.csv
    /usr/bin/python3 - sim$n.csv a$n.csv "$n" <<'PY'
import csv, sys
csv.field_size_limit(1 << 20)
rows = csv.reader(open(sys.argv[1], encoding="utf-8", newline=""))
head = next(rows)
d = head.index("description")
want = int(sys.argv[3])
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["description"])
    k = 0
    for r in rows:
        if r[d] and k < want:
            w.writerow([r[d]])
            k += 1
if k < want:
    sys.exit("only %d answers" % k)
PY
    read -r bt bm < <(measure "$bin" text a$n.csv --column description)
    read -r pt pm < <(measure /usr/bin/python3 stem.py a$n.csv \
                          "$root/data/text/stop-nl.txt")
    printf '| %s | %s | %.1f | %s | %.1f |\n' "$n" "$bt" \
        "$(echo "$bm / 1024" | bc -l)" "$pt" "$(echo "$pm / 1024" | bc -l)"
done

#!/usr/bin/env bash
# The responses import on SQLite and on PostgreSQL, several builds side by
# side (e.g. before and after the PostgreSQL import went into batches), in
# one run: a throwaway cluster of scripts/pg-cluster.sh (Debian's
# PostgreSQL on loopback, fsync on), `barometer simulate --cases N` with
# its frame, and for each build with hyperfine: a fresh store (a new file,
# or the database dropped and created again), init, frame import and
# import of the N responses (one transaction). Prints a Markdown table for
# docs/performance.md: mean wall time ± sd and user CPU time.
# Usage: [RUNS=5] bench/import_pg.sh CASES NAME=BINARY...
#   e.g. bench/import_pg.sh 100000 before=/tmp/old/barometer after=build/barometer
#   (work files go to bench/out/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 CASES NAME=BINARY..." >&2; exit 2; }
n=$1
shift
command -v hyperfine >/dev/null ||
    { echo "needs hyperfine (scripts/install-deps.sh --with-tools)" >&2; exit 2; }
out=$root/bench/out
mkdir -p "$out"
cd "$out"
BAR_PG_DIR=
trap '[ -n "$BAR_PG_DIR" ] && "$root/scripts/pg-cluster.sh" stop "$BAR_PG_DIR"' EXIT
eval "$("$root/scripts/pg-cluster.sh" start)"
uri=$BAR_TEST_PG_URI
base=${uri%/*}
last=${*: -1}
"${last#*=}" simulate --cases "$n" --seed 1 --frame "f$n.csv" >"r$n.csv"
size=$(du -h "r$n.csv" | cut -f1)

args=()
names=()
for b in "$@"; do
    name=${b%%=*}
    bin=$(realpath "${b#*=}")
    names+=("$name")
    args+=(-n "$name SQLite" "bash -c 'rm -f s.db && $bin init s.db >/dev/null && $bin frame import s.db f$n.csv >/dev/null && $bin import s.db r$n.csv >/dev/null'")
    args+=(-n "$name PostgreSQL" "bash -c 'psql -Xq $uri -c \"DROP DATABASE IF EXISTS imp\" -c \"CREATE DATABASE imp\" && $bin init $base/imp >/dev/null && $bin frame import $base/imp f$n.csv >/dev/null && $bin import $base/imp r$n.csv >/dev/null'")
done
hyperfine -N -w 1 -r "${RUNS:-5}" --export-csv "imp$n.csv" "${args[@]}" >/dev/null
# command,mean,stddev,median,user,system,min,max
rows=()
while IFS=, read -r cmd mean sd _ user _; do
    rows+=("$(printf '| %s | %.3f ± %.3f | %.3f |' "$cmd" "$mean" "$sd" "$user")")
done < <(tail -n +2 "imp$n.csv")

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
ram=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
pgv=$(psql -XAtq "$uri" -c 'SHOW server_version')
cat <<MD
Command: \`bench/import_pg.sh $n ${names[*]/%/=...}\` (hyperfine, 1 warm-up
run, ${RUNS:-5} timed runs), on $(date -u +%Y-%m-%d). Input: \`barometer simulate
--cases $n --seed 1\` with its frame ($size). Each run: a fresh store
(SQLite: a new file; PostgreSQL $pgv: the database dropped and created,
on a throwaway cluster on loopback), init, frame import, import. Machine:
$(nproc) CPUs, $cpu, $ram RAM, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end.

| build, store | wall (s) | user (s) |
|---|---|---|
$(printf '%s\n' "${rows[@]}")
MD

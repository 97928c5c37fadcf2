#!/usr/bin/env bash
# The survey server on PostgreSQL (issue 11, docs/performance.md): durable
# page saves (POST, acknowledged after their group commits) with one server
# and with two servers on one database, 64 connections in all, beside
# pgbench's raw rate of single-row inserts (one row per transaction) on the
# same throwaway cluster in the same run; with each phase of the servers
# the commits and WAL flushes PostgreSQL counted (pg_stat_database,
# pg_stat_wal): writes per commit is the group commit of a server,
# commits per flush the group commit across connections.
#
# With each figure the CPU it took, in cores (CPU seconds per second of
# the phase): each server process, PostgreSQL (the postmaster and every
# backend, ended ones included), the load generator (wrk or pgbench), and
# how busy the whole machine was (/proc/stat, other work included): on a
# small machine the question is whether the servers wait for the disk or
# for a CPU.
#
# One server and two servers take turns, ROUNDS times (on a shared machine
# the disk and the CPUs change from one minute to the next: the ratio of
# the medians of rounds that alternate says more than one pair).
# Usage: bench/serve_pg.sh BAROMETER FIELDTOOL [SECONDS] [THREADS] [ROUNDS]
# (SECONDS: of each phase; THREADS: the --threads of each server, the
# requests it serves at once)
set -euo pipefail
bin=$(readlink -f "$1")
tool=$(readlink -f "$2")
secs=${3:-10}
threads=${4:-4}
rounds=${5:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
eval "$("$root/scripts/pg-cluster.sh" start)"
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    "$root/scripts/pg-cluster.sh" stop "$BAR_PG_DIR" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
uri=$BAR_TEST_PG_URI
n=2000
{
  echo "org_id,name,sector,cluster,email"
  for i in $(seq -w 1 $n); do echo "b$i,Org $i,gem,gemeente,b$i@x.nl"; done
} >"$tmp/frame.csv"
"$bin" init "$uri" >/dev/null
"$bin" frame import "$uri" "$tmp/frame.csv" >/dev/null
"$tool" token "$uri" 2021 $(seq -f 'b%04g' 1 $n) >"$tmp/tokens"
# half the tokens for each server, so that no two requests save one draft
lua() { # lua FIRST LAST: a wrk script cycling over tokens FIRST..LAST
  echo "local t = {}"
  awk -v a="$1" -v b="$2" 'NR >= a && NR <= b {printf "t[#t+1] = \"%s\"\n", $2}' \
      "$tmp/tokens"
  cat <<'LUA'
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "size=2"
request = function()
  i = i % #t + 1
  return wrk.format(nil, "/s/" .. t[i] .. "/p/0")
end
LUA
}
lua 1 $n >"$tmp/all.lua"
lua 1 $((n / 2)) >"$tmp/a.lua"
lua $((n / 2 + 1)) $n >"$tmp/b.lua"
start() { # start NAME: a server on a free port, its port in $port
  "$bin" serve "$uri" --listen 127.0.0.1:0 --threads "$threads" \
      2>"$tmp/$1.log" &
  pids+=($!)
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/$1.log" \
           2>/dev/null || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
}
start a; pa=$port; sa=${pids[-1]}
start b; pb=$port; sb=${pids[-1]}

# ---- CPU accounting (clock ticks) ----
tck=$(getconf CLK_TCK)
pm=$(head -1 "$BAR_PG_DIR/data/postmaster.pid")
ticks() { # a process's own ticks, and those of its ended children
  awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"
}
pg_ticks() { # the postmaster (its ended backends included) and its children
  local t c
  t=$(ticks "$pm")
  for c in $(pgrep -P "$pm" || true); do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
wal() { # write transactions (transaction ids given out) and WAL flushes
  # so far (pg_stat_wal lags by about a second under load)
  psql -XAtq -F ' ' "$uri" -c "SELECT pg_snapshot_xmax(pg_current_snapshot()),
      wal_sync FROM pg_stat_wal"
}
snap() { # server a, server b, PostgreSQL, machine busy, machine idle
  echo "$(ticks "$sa") $(ticks "$sb") $(pg_ticks)" \
       "$(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat)"
}
# flushes W0 W1 REQUESTS_PER_S: commits and WAL flushes of a phase
flushes() {
  local c0 f0 c1 f1
  read -r c0 f0 <<<"$1"
  read -r c1 f1 <<<"$2"
  awk -v c=$((c1 - c0)) -v f=$((f1 - f0)) -v r="$3" -v s="$secs" 'BEGIN {
    printf "write transactions %d (%.1f page saves each), WAL flushes " \
           "%d (%.1f transactions each)\n", c, c ? r * s / c : 0, f,
           f ? c / f : 0 }'
}
# cpu BEFORE AFTER GENERATOR_SECONDS: one line of cores per process
cpu() {
  local a0 b0 p0 u0 i0 a1 b1 p1 u1 i1
  read -r a0 b0 p0 u0 i0 <<<"$1"
  read -r a1 b1 p1 u1 i1 <<<"$2"
  awk -v t="$tck" -v s="$secs" -v a=$((a1 - a0)) -v b=$((b1 - b0)) \
      -v p=$((p1 - p0)) -v g="$3" -v u=$((u1 - u0)) -v i=$((i1 - i0)) \
      -v n="$(nproc)" 'BEGIN {
        printf "cpu (cores): server a %.2f, server b %.2f, postgres %.2f, " \
               "load generator %.2f; the machine %.0f%% busy (%d cores, " \
               "other work included)\n", a / t / s, b / t / s, p / t / s,
               g / s, 100 * u / (u + i), n }'
}
timed() { # timed OUT CMD...: run CMD, its output to OUT, its CPU seconds to OUT.cpu
  local out=$1
  shift
  /usr/bin/time -f "%U %S" -o "$out.time" "$@" >"$out" 2>&1
  awk '{print $1 + $2}' "$out.time" >"$out.cpu"
}
rate() { grep -E "Requests/sec" | awk '{print $2}'; }
errors() { grep -E "Non-2xx|Socket errors" || true; }

psql -q "$uri" -c "CREATE TABLE bench_raw (id bigserial PRIMARY KEY, a text)"
echo "INSERT INTO bench_raw (a) VALUES (repeat('x', 200));" >"$tmp/raw.sql"
ones=()
twos=()
raws=()
for round in $(seq "$rounds"); do
  echo "== round $round: one server: POST a page, 64 connections, ${secs}s, --threads $threads"
  w0=$(wal); s0=$(snap)
  timed "$tmp/w1" wrk -t2 -c64 -d"${secs}s" -s "$tmp/all.lua" "http://127.0.0.1:$pa"
  s1=$(snap); w1=$(wal)
  one=$(rate <"$tmp/w1")
  ones+=("$one")
  echo "requests/sec: $one"
  errors <"$tmp/w1"
  cpu "$s0" "$s1" "$(cat "$tmp/w1.cpu")"
  flushes "$w0" "$w1" "$one"

  echo "== round $round: two servers: POST a page, 32 connections each, ${secs}s"
  w0=$(wal); s0=$(snap)
  timed "$tmp/wa" wrk -t1 -c32 -d"${secs}s" -s "$tmp/a.lua" "http://127.0.0.1:$pa" &
  wa=$!
  timed "$tmp/wb" wrk -t1 -c32 -d"${secs}s" -s "$tmp/b.lua" "http://127.0.0.1:$pb"
  wait "$wa"
  s1=$(snap); w1=$(wal)
  ra=$(rate <"$tmp/wa"); rb=$(rate <"$tmp/wb")
  two=$(awk -v a="$ra" -v b="$rb" 'BEGIN {print a + b}')
  twos+=("$two")
  echo "requests/sec: $ra + $rb = $two"
  errors <"$tmp/wa"
  errors <"$tmp/wb"
  cpu "$s0" "$s1" "$(awk '{s += $1} END {print s}' "$tmp/wa.cpu" "$tmp/wb.cpu")"
  flushes "$w0" "$w1" "$two"

  echo "== round $round: pgbench: raw single-row inserts, one per transaction, 1 client, ${secs}s"
  s0=$(snap)
  timed "$tmp/p1" pgbench -n -c 1 -T "$secs" -f "$tmp/raw.sql" "$uri"
  sleep 0.5 # its backend ends and is counted
  s1=$(snap)
  grep -E "^tps|error|ERROR|FATAL" "$tmp/p1" || true
  raws+=("$(awk '/^tps/ {print $3}' "$tmp/p1")")
  cpu "$s0" "$s1" "$(cat "$tmp/p1.cpu")"
done

echo "== pgbench: raw single-row inserts, 8 clients, ${secs}s"
s0=$(snap)
timed "$tmp/p8" pgbench -n -c 8 -j 2 -T "$secs" -f "$tmp/raw.sql" "$uri"
sleep 0.5
s1=$(snap)
grep -E "^tps|error|ERROR|FATAL" "$tmp/p8" || true
cpu "$s0" "$s1" "$(cat "$tmp/p8.cpu")"

echo "== summary"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
  print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
one=$(median "${ones[@]}")
two=$(median "${twos[@]}")
raw1=$(median "${raws[@]}")
echo "one server, requests/s: ${ones[*]} (median $one)"
echo "two servers, requests/s: ${twos[*]} (median $two)"
echo "pgbench 1 client, tps: ${raws[*]} (median $raw1)"
awk -v one="$one" -v two="$two" -v raw="$raw1" 'BEGIN {
  printf "two servers / one server (medians): %.2f (aim: at least 1.6)\n", two / one
  printf "one server / pgbench 1 client (medians): %.2f, two servers / " \
         "pgbench 1 client: %.2f (aim: both at least 1)\n", one / raw, two / raw }'

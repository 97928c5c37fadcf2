#!/usr/bin/env bash
# The survey server on PostgreSQL (issue 11, docs/performance.md): durable
# page saves (POST, acknowledged after their group commits) with one server
# and with two servers on one database, 64 connections in all, beside
# pgbench's raw rate of single-row inserts (one row per transaction) on the
# same throwaway cluster in the same run.
# Usage: bench/serve_pg.sh BAROMETER FIELDTOOL [SECONDS] [THREADS]
set -euo pipefail
bin=$(readlink -f "$1")
tool=$(readlink -f "$2")
secs=${3:-10}
threads=${4:-4}
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
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/$1.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
}
start a; pa=$port
start b; pb=$port
rate() { grep -E "Requests/sec" | awk '{print $2}'; }
echo "== one server: POST a page, 64 connections, ${secs}s"
one=$(wrk -t2 -c64 -d"${secs}s" -s "$tmp/all.lua" "http://127.0.0.1:$pa" | rate)
echo "requests/sec: $one"
echo "== two servers: POST a page, 32 connections each, ${secs}s"
wrk -t1 -c32 -d"${secs}s" -s "$tmp/a.lua" "http://127.0.0.1:$pa" >"$tmp/wa" &
wa=$!
wrk -t1 -c32 -d"${secs}s" -s "$tmp/b.lua" "http://127.0.0.1:$pb" >"$tmp/wb"
wait "$wa"
ra=$(rate <"$tmp/wa"); rb=$(rate <"$tmp/wb")
echo "requests/sec: $ra + $rb = $(awk -v a="$ra" -v b="$rb" 'BEGIN {print a + b}')"
echo "== pgbench: raw single-row inserts, one per transaction, 8 clients, ${secs}s"
psql -q "$uri" -c "CREATE TABLE bench_raw (id bigserial PRIMARY KEY, a text)"
echo "INSERT INTO bench_raw (a) VALUES (repeat('x', 200));" >"$tmp/raw.sql"
pgbench -n -c 8 -j 2 -T "$secs" -f "$tmp/raw.sql" "$uri" 2>&1 |
    grep -E "^tps|error|ERROR|FATAL" || true
echo "== pgbench: the same, 1 client"
pgbench -n -c 1 -T "$secs" -f "$tmp/raw.sql" "$uri" 2>&1 |
    grep -E "^tps|error|ERROR|FATAL" || true

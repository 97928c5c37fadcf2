#!/usr/bin/env bash
# The survey server under wrk on loopback (docs/performance.md): a survey
# page (GET /s/TOKEN/p/0) and a page submission (POST /s/TOKEN/p/0, a
# durable draft save: acknowledged after its group commits), 64
# connections, beside the raw rate of durable single-row inserts into
# SQLite (WAL, synchronous=FULL, one row per transaction) on the same
# machine in the same run.
# Usage: bench/serve.sh BAROMETER FIELDTOOL [SECONDS] [THREADS]
set -euo pipefail
bin=$1
tool=$2
secs=${3:-10}
threads=${4:-4}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid"; rm -rf "$tmp"' EXIT
n=1000
{
  echo "org_id,name,sector,cluster,email"
  for i in $(seq -w 1 $n); do echo "b$i,Org $i,gem,gemeente,b$i@x.nl"; done
} >"$tmp/frame.csv"
"$bin" init "$tmp/s.db" >/dev/null
"$bin" frame import "$tmp/s.db" "$tmp/frame.csv" >/dev/null
"$tool" token "$tmp/s.db" 2021 $(seq -f 'b%04g' 1 $n) >"$tmp/tokens"
"$bin" serve "$tmp/s.db" --listen 127.0.0.1:0 --threads "$threads" \
    2>"$tmp/log" &
pid=$!
sleep 0.5
port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
tok=$(awk 'NR == 1 {print $2}' "$tmp/tokens")
# the Lua script cycles over every token, one POST per request
{
  echo "local t = {}"
  awk '{printf "t[#t+1] = \"%s\"\n", $2}' "$tmp/tokens"
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
} >"$tmp/post.lua"
echo "== GET a survey page, 64 connections, ${secs}s, $threads threads"
wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:$port/s/$tok/p/0" |
    grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
echo "== POST a page (durable draft save), 64 connections, ${secs}s"
wrk -t2 -c64 -d"${secs}s" --latency -s "$tmp/post.lua" \
    "http://127.0.0.1:$port" |
    grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
echo "== raw durable single-row inserts (WAL, synchronous=FULL)"
python3 - "$tmp/raw.db" "$secs" <<'PY'
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")
con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)")
n, end = 0, time.time() + float(sys.argv[2])
while time.time() < end:
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO t (a) VALUES (?)", ("x" * 200,))
    con.execute("COMMIT")
    n += 1
print(f"inserts/sec: {n / float(sys.argv[2]):.0f}")
PY

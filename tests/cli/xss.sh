#!/usr/bin/env bash
# What goes into HTML: a report from a hostile data folder (every label,
# question text, title, chapter and benchmark source an XSS payload, made by
# xss_make.py) in Dutch and English has no live markup the report does not
# write itself (xss_scan.py: elements, attributes, hrefs), and the payloads
# did reach the page, as text. Usage: bash xss.sh BAROMETER SOURCE_ROOT
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$src/tests/cli/xss_make.py" "$src" "$tmp/data" || fail "xss_make"
export BAROMETER_DATA="$tmp/data"
"$bin" simulate --cases 120 --seed 5 > "$tmp/responses.csv" \
  || fail "simulate exited $?"
for lang in nl en; do
  out="$tmp/report-$lang"
  "$bin" report "$tmp/responses.csv" --out "$out" --lang "$lang" \
    --spec "$tmp/data/report/ibo-2021.json" > /dev/null \
    || fail "report --lang $lang exited $?"
  python3 "$src/tests/cli/xss_scan.py" "$out/index.html" 100 \
    || fail "$lang: live markup in index.html"
done
echo "ok"

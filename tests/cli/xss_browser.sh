#!/usr/bin/env bash
# What goes into HTML, seen by a browser: the hostile report of xss.sh is
# loaded in headless Chromium, and the DOM it built (--dump-dom, after the
# page's load) has no element or attribute the report does not write and
# no data-pwned attribute, which every payload's script would set. Skips
# (exit 77) without Chromium. Usage: bash xss_browser.sh BAROMETER SOURCE_ROOT
set -euo pipefail
bin=$1
src=$2
browser=""
for b in chromium chromium-browser /usr/bin/chromium; do
  if command -v "$b" > /dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "skipped: no Chromium"
  exit 77
fi
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
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
    --no-first-run --disable-extensions --user-data-dir="$tmp/profile" \
    --dump-dom "file://$out/index.html" > "$tmp/dom-$lang.html" \
    2> "$tmp/chromium.log" || fail "$lang: chromium exited $?"
  [ -s "$tmp/dom-$lang.html" ] || fail "$lang: empty DOM"
  if grep -q 'data-pwned="' "$tmp/dom-$lang.html"; then
    fail "$lang: a payload ran"
  fi
  python3 "$src/tests/cli/xss_scan.py" "$tmp/dom-$lang.html" 100 \
    || fail "$lang: live markup in the DOM"
done
echo "ok"

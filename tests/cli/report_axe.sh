#!/usr/bin/env bash
# The published report in Chromium (tests/web/axe.js report): the Dutch
# and English pages of a simulated wave, with the demo study's authored
# texts, at 1280, 800 and 390 px: axe-core (WCAG 2.0/2.1 A and AA, best
# practices) with zero violations, no horizontal scroll of the page, every
# scrolling table focusable with a name and role region, the skip link
# first and leading into <main>, the contents outside <main>. Needs node
# with axe-core and playwright-core (cd tests/web && npm ci; or
# BAR_NODE_MODULES=DIR) and Chromium; skips (77) without them.
# SHOTS_DIR=DIR keeps a screenshot of each page at each width.
# Usage: bash report_axe.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
modules=${BAR_NODE_MODULES:-$root/tests/web/node_modules}
chromium=${CHROMIUM:-/usr/bin/chromium}
for need in "$modules/axe-core" "$modules/playwright-core" "$chromium"; do
    [ -e "$need" ] || { echo "SKIP: no $need"; exit 77; }
done
command -v node >/dev/null || { echo "SKIP: no node"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" simulate --cases 120 --seed 5 >"$tmp/r.csv" || { echo "FAIL: simulate"; exit 1; }
for lang in nl en; do
    "$bin" report "$tmp/r.csv" --out "$tmp/$lang" --lang "$lang" >/dev/null ||
        { echo "FAIL: report --lang $lang"; exit 1; }
done
[ -n "${SHOTS_DIR:-}" ] && mkdir -p "$SHOTS_DIR"
export NODE_PATH=$modules
timeout 500 node "$root/tests/web/axe.js" report "$tmp/nl/index.html" \
    "$tmp/en/index.html" || exit 1
echo ok

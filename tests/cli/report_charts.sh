#!/usr/bin/env bash
# The report's charts with the shipped font: the demo's report in Dutch and
# English carries the font (fonts/: both faces and the licence, the same
# bytes as data/fonts/), report.css loads it, every chart names it first,
# and no chart label extends past its chart's edge when measured with the
# font's own advance widths (chart_fit.py). The metrics table the charts
# are laid out with matches the font files (scripts/font-metrics.py
# --check). Then, where node with playwright-core and Chromium are found
# (tests/web: npm ci; or BAR_NODE_MODULES=DIR), the pages in Chromium with
# only the shipped font and DejaVu available (tests/web/charts.js): every
# label's getBBox inside its svg's viewBox at 1280 and 390 px, the font
# loaded, and at 390 px no horizontal scrolling and no chart label under
# 11 px; the PDF (--pdf) embeds the shipped font and no other (pdffonts,
# where poppler-utils is installed). SHOTS_DIR=DIR keeps the screenshots. Needs python3 with fontTools
# (Debian python3-fonttools, python3-brotli); skips (77) without it.
# Usage: bash report_charts.sh /path/to/barometer /path/to/source-root
set -euo pipefail
bin=$1
root=$2
py=/usr/bin/python3
"$py" -c 'import fontTools, brotli' 2>/dev/null ||
    { echo "SKIP: no python3-fonttools/python3-brotli"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$py" "$root/scripts/font-metrics.py" --check ||
    fail "src/render/font_metrics.inc does not match data/fonts"

"$bin" demo --out "$tmp/demo" >/dev/null 2>&1 || fail "demo exited $?"
"$bin" report "$tmp/demo/barometer.sqlite" --out "$tmp/en" --lang en \
    >/dev/null 2>&1 || fail "report --lang en exited $?"
for d in demo en; do
  for f in BarometerSans-Regular.woff2 BarometerSans-Bold.woff2 LICENSE; do
    cmp -s "$root/data/fonts/$f" "$tmp/$d/fonts/$f" ||
        fail "$d: fonts/$f missing or not the shipped file"
  done
  grep 'SIL Open Font License' "$tmp/$d/fonts/LICENSE" >/dev/null ||
      fail "$d: no licence text"
  grep 'src:url("fonts/BarometerSans-Regular.woff2") format("woff2")' \
      "$tmp/$d/report.css" >/dev/null || fail "$d: report.css loads no font"
  grep 'font-family="&#39;Barometer Sans&#39;' "$tmp/$d/index.html" \
      >/dev/null || fail "$d: the charts do not name the shipped font"
done
"$py" "$root/tests/cli/chart_fit.py" "$root/data/fonts" \
    "$tmp/demo/index.html" "$tmp/en/index.html" ||
    fail "a chart label extends past its chart"

# In Chromium, with the shipped font and DejaVu only.
modules=${BAR_NODE_MODULES:-$root/tests/web/node_modules}
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -e "$modules/playwright-core" ] || [ ! -x "$chromium" ] ||
   ! command -v node >/dev/null; then
  echo "note: no playwright-core, node or Chromium: browser check skipped"
  exit 0
fi
dejavu=$(fc-list : file 2>/dev/null | sed -n 's|^\(.*/dejavu\)/DejaVuSans\.ttf:.*|\1|p' | sed -n 1p)
[ -n "$dejavu" ] || dejavu=/usr/share/fonts/truetype/dejavu
mkdir -p "$tmp/fc/cache"
cat >"$tmp/fc/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$dejavu</dir><cachedir>$tmp/fc/cache</cachedir></fontconfig>
CONF
[ -n "${SHOTS_DIR:-}" ] && mkdir -p "$SHOTS_DIR"
for d in demo en; do
  FONTCONFIG_FILE=$tmp/fc/fonts.conf NODE_PATH=$modules HOME=$tmp \
      timeout 300 node "$root/tests/web/charts.js" "$tmp/$d/index.html" \
      ${SHOTS_DIR:+"$SHOTS_DIR"} || fail "$d: in Chromium"
done
# The PDF (Chromium embeds the fonts it drew with): the shipped font only.
if command -v pdffonts >/dev/null; then
  FONTCONFIG_FILE=$tmp/fc/fonts.conf HOME=$tmp \
      "$bin" report "$tmp/demo/barometer.sqlite" --out "$tmp/pdf" --pdf \
      >/dev/null 2>&1 || fail "report --pdf exited $?"
  pdffonts "$tmp/pdf/report.pdf" >"$tmp/fonts.txt" || fail "pdffonts"
  grep 'BarometerSans-Regular' "$tmp/fonts.txt" >/dev/null ||
      fail "the PDF does not embed the shipped font"
  if sed -n '3,$p' "$tmp/fonts.txt" | grep -v 'BarometerSans' >/dev/null; then
    cat "$tmp/fonts.txt"
    fail "the PDF uses another font than the shipped one"
  fi
fi
echo "ok"

#!/usr/bin/env bash
# barometer report: the publication folder from a simulated CSV, in Dutch
# and English. Usage:
#   bash report.sh /path/to/barometer /path/to/source-root
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" simulate --cases 120 --seed 5 > "$tmp/responses.csv" \
  || fail "simulate exited $?"

for lang in nl en; do
  out="$tmp/report-$lang"
  "$bin" report "$tmp/responses.csv" --out "$out" --lang "$lang" \
    > "$tmp/stdout" || fail "report --lang $lang exited $?"
  grep -qx "$out/index.html" "$tmp/stdout" || fail "$lang: no path printed"
  for f in index.html report.css results.json; do
    [ -s "$out/$f" ] || fail "$lang: $f missing or empty"
  done
  grep -q "<html lang=\"$lang\">" "$out/index.html" || fail "$lang: lang"

  # The open answers' words (the concept groups' names and terms) are
  # Dutch: marked lang="nl" on a page in another language (WCAG 3.1.2),
  # with a note saying so; unmarked on a Dutch page.
  python3 - "$out" "$lang" <<'PY' || fail "$lang: the language of the answers' words"
import re, sys
out, lang = sys.argv[1], sys.argv[2]
html = open(out + "/index.html", encoding="utf-8").read()
heads = re.findall(r'<h3 id="concept-\d+">(.*?)</h3>', html)
clouds = html.count('<section class="concept"')
assert heads and clouds, "no concept groups"
marked = [h for h in heads if re.fullmatch(r'<span lang="nl">[^<]+</span>', h)]
groups = html.count('<g lang="nl">')
note = "respondents&#39; own words, in Dutch" in html
if lang == "nl":
    assert not marked and groups == 0 and not note, (len(marked), groups)
else:
    assert len(marked) == len(heads), (len(marked), len(heads))
    assert groups == 2 * clouds, (groups, clouds)  # the wide and narrow
    assert note, "no note"
PY

  # A CSV file for every figure of the results, and every CSV link of the
  # page points at a file that exists.
  python3 - "$out" <<'PY' || fail "$lang: data/*.csv"
import json, os, re, sys
out = sys.argv[1]
doc = json.load(open(os.path.join(out, "results.json")))
for f in doc["figures"]:
    path = os.path.join(out, "data", f["id"] + ".csv")
    assert os.path.getsize(path) > 0, path
html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
links = re.findall(r'href="(data/[^"]+)"', html)
assert links, "no CSV links"
for l in links:
    assert os.path.isfile(os.path.join(out, l)), l
# every figure has its block, every anchor of the contents exists
for f in doc["figures"]:
    assert 'id="%s"' % f["id"] in html, f["id"]
for a in re.findall(r'href="#([^"]+)"', html):
    assert 'id="%s"' % a in html, a
PY

  # The downloads in the page's notation and digits: nl ';' and a decimal
  # comma, en ',' and a decimal point; numbers rounded (at most 3 decimals;
  # p-values below 0.001 as 1,23e-04).
  python3 - "$out" "$lang" <<'PY' || fail "$lang: CSV notation"
import csv, glob, os, re, sys
out, lang = sys.argv[1], sys.argv[2]
sep, point, other = (";", ",", ".") if lang == "nl" else (",", ".", ",")
files = glob.glob(os.path.join(out, "data", "*.csv"))
assert files
for path in files:
    rows = list(csv.reader(open(path, encoding="utf-8", newline=""),
                           delimiter=sep))
    assert len(rows[0]) > 1, (path, "separator")
    for row in rows[1:]:
        for v in row:
            assert not re.fullmatch(r"-?\d+" + re.escape(other) + r"\d+", v), \
                (path, v)
            m = re.fullmatch(r"-?\d+" + re.escape(point) + r"(\d+)", v)
            assert not m or len(m.group(1)) <= 3, (path, v)
PY

  # Nothing from the network: every <img>, <link> and <script> is local or
  # absent; the only URL is the SVG namespace.
  if grep -q '<script' "$out/index.html"; then fail "$lang: a script"; fi
  python3 - "$out/index.html" <<'PY' || fail "$lang: an external reference"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for tag in re.findall(r'<(?:img|link|script)\b[^>]*>', html):
    for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
        assert "://" not in url and not url.startswith("//"), tag
for url in re.findall(r'https?://[^"\s<]+', html):
    assert url.startswith("http://www.w3.org/2000/svg"), url
PY

  # No identifier and no open answer anywhere in the folder.
  first_id=$(sed -n 2p "$tmp/responses.csv" | cut -d, -f1)
  [ -n "$first_id" ] || fail "no org_id in the responses"
  if grep -rqF "$first_id" "$out"; then fail "$lang: an org_id value"; fi
  if grep -rq "org_id" "$out"; then fail "$lang: org_id"; fi
  python3 - "$tmp/responses.csv" "$out" <<'PY' || fail "$lang: open answer"
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
# open answers: the free-text cells (a space, 20 characters or more)
answers = {v for r in rows for v in r.values() if v and " " in v and
           len(v) >= 20}
assert answers, "the simulated responses have no open answers"
text = ""
for root, _, files in os.walk(sys.argv[2]):
    for f in files:
        text += open(os.path.join(root, f), encoding="utf-8",
                     errors="replace").read()
for a in answers:
    assert a not in text, a[:40]
PY
done

grep -q 'Innovaties in organisaties' "$tmp/report-nl/index.html" \
  || fail "nl chapter title"
grep -q 'Innovations in organisations' "$tmp/report-en/index.html" \
  || fail "en chapter title"
grep -q 'Ongewogen' "$tmp/report-nl/index.html" || fail "nl: unweighted"
grep -q 'Unweighted' "$tmp/report-en/index.html" || fail "en: unweighted"
grep -q '@media print' "$tmp/report-nl/report.css" || fail "print css"

# Bad usage: exit 2.
set +e
"$bin" report "$tmp/responses.csv" --out "$tmp/x" --lang fr 2> /dev/null
[ $? -eq 2 ] || fail "--lang fr is not exit 2"
"$bin" report "$tmp/responses.csv" 2> /dev/null
[ $? -eq 2 ] || fail "no --out is not exit 2"
set -e

# --pdf: a PDF with Chromium; without it, exit 1 and a clear message.
if command -v chromium > /dev/null || command -v chromium-browser \
     > /dev/null; then
  "$bin" report "$tmp/responses.csv" --out "$tmp/pdf" --pdf > /dev/null \
    || fail "--pdf exited $?"
  [ "$(head -c 4 "$tmp/pdf/report.pdf")" = '%PDF' ] || fail "not a PDF"
  # the printed pages (pdftotext, poppler-utils): no number on the cover,
  # "2 / N" and the running header on page 2, the colophon last, no page
  # without text, no link target printed after a link
  if command -v pdftotext > /dev/null; then
    pages=$(pdfinfo "$tmp/pdf/report.pdf" | sed -n 's/^Pages: *//p')
    [ "$pages" -gt 10 ] || fail "PDF: $pages pages"
    pdftotext -f 1 -l 1 "$tmp/pdf/report.pdf" "$tmp/p1.txt"
    grep "1 / $pages" "$tmp/p1.txt" > /dev/null && fail "PDF: a number on the cover"
    pdftotext -f 2 -l 2 "$tmp/pdf/report.pdf" "$tmp/p2.txt"
    grep "2 / $pages" "$tmp/p2.txt" > /dev/null || fail "PDF: no page number"
    grep "Innovatie Barometer Overheid 2021" "$tmp/p2.txt" > /dev/null ||
      fail "PDF: no running header"
    pdftotext -f "$pages" -l "$pages" "$tmp/pdf/report.pdf" "$tmp/pl.txt"
    grep "Colofon" "$tmp/pl.txt" > /dev/null || fail "PDF: no colophon last"
    for k in $(seq 1 "$pages"); do
      pdftotext -f "$k" -l "$k" "$tmp/pdf/report.pdf" "$tmp/pk.txt"
      [ "$(tr -d ' \n\f' < "$tmp/pk.txt" | wc -c)" -gt 40 ] ||
        fail "PDF: page $k is (nearly) blank"
    done
    pdftotext "$tmp/pdf/report.pdf" "$tmp/all.txt"
    grep '(data/' "$tmp/all.txt" > /dev/null && fail "PDF: a link target printed"
  fi
fi
mkdir "$tmp/emptybin"
set +e
PATH="$tmp/emptybin" "$bin" report "$tmp/responses.csv" --out "$tmp/nopdf" \
  --pdf > /dev/null 2> "$tmp/stderr"
status=$?
set -e
[ $status -eq 1 ] || fail "--pdf without chromium: exit $status, not 1"
grep -q "chromium" "$tmp/stderr" || fail "--pdf without chromium: message"
echo "report: ok"

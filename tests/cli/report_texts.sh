#!/usr/bin/env bash
# barometer report with the study's authored texts (docs/study-format.md
# "texts"): the demo study's introduction and Tekstvak 1 in nl and en, each
# in its place and framed as the researchers' text; a study text with raw
# HTML, a javascript: link and an image comes out escaped; a missing file
# fails the report with exit 1 and a message naming the file.
# Usage: bash report_texts.sh /path/to/barometer /path/to/source-root
set -eu
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" simulate --cases 80 --seed 3 >"$tmp/r.csv" || fail "simulate"
for lang in nl en; do
  "$bin" report "$tmp/r.csv" --out "$tmp/$lang" --lang "$lang" >/dev/null ||
    fail "report --lang $lang"
done
python3 - "$tmp" <<'PY' || fail "the demo's texts"
import sys
tmp = sys.argv[1]
want = {"nl": ["Inleiding", "Tekstvak 1. Vier innovatiestrategie\u00ebn",
               "Onder de radar", "Tekst van de auteurs"],
        "en": ["Introduction", "Box 1. Four innovation strategies",
               "Under the radar", "Text by the authors"]}
for lang, words in want.items():
    html = open(f"{tmp}/{lang}/index.html", encoding="utf-8").read()
    for w in words:
        assert w in html, (lang, w)
    # the introduction before chapter 1, Tekstvak 1 right before Figure 12
    assert html.index('id="text-introduction"') < html.index('id="ch-innovations"')
    assert html.index('id="text-box1"') < html.index('id="fig12"')
    assert html.index('id="fig11"') < html.index('id="text-box1"')
PY

# hostile Markdown and a missing file, through a study of our own
cat >"$tmp/hostile.md" <<'MD'
# Kop

<script>document.title='pwned'</script>

Een [link](javascript:alert(1)) en <img src=x onerror=alert(2)> en
![plaatje](http://example.org/x.png).
MD
python3 - "$root/data/study/ibo-2021.json" "$tmp" <<'PY'
import json, sys
study = json.load(open(sys.argv[1], encoding="utf-8"))
tmp = sys.argv[2]
study["texts"] = [{"id": "evil", "after": "fig1",
                   "file": {"nl": f"{tmp}/hostile.md", "en": f"{tmp}/hostile.md"}}]
json.dump(study, open(f"{tmp}/evil.json", "w"))
study["texts"][0]["file"]["nl"] = f"{tmp}/no-such-text.nl.md"
json.dump(study, open(f"{tmp}/missing.json", "w"))
PY
"$bin" report "$tmp/r.csv" --study "$tmp/evil.json" --out "$tmp/evil" \
  >/dev/null || fail "report with a hostile text"
python3 - "$tmp/evil/index.html" <<'PY' || fail "hostile text not escaped"
import sys
html = open(sys.argv[1], encoding="utf-8").read()
i = html.index('id="text-evil"')
part = html[i:html.index("</div>", i)]
assert "&lt;script&gt;" in part and "<script" not in html, part
assert "&lt;img src=x onerror=alert(2)&gt;" in part, part
assert "<img" not in html and "javascript:" not in html, part
assert "plaatje" in part, part
PY
if "$bin" report "$tmp/r.csv" --study "$tmp/missing.json" \
     --out "$tmp/missing" >/dev/null 2>"$tmp/err"; then
  fail "a missing text file was not an error"
else
  rc=$?
fi
[ "$rc" = 1 ] || fail "exit $rc for a missing text (want 1)"
grep 'no-such-text.nl.md' "$tmp/err" >/dev/null ||
  fail "the message does not name the file: $(cat "$tmp/err")"
grep "text 'evil'" "$tmp/err" >/dev/null ||
  fail "the message does not name the text: $(cat "$tmp/err")"
echo ok

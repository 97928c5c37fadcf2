"""Write a hostile data folder for the XSS tests (tests/cli/xss*.sh).

Copies the data folder (instrument, report spec, benchmarks) and replaces
every text a reader sees with an XSS payload around the original text:
labels, question texts, titles, the spec's chapters, category labels, and
the benchmarks' source. Ids, variable names, country codes and periods
stay (their loaders restrict their characters); the renderer's escaping of
those is tested in tests/test_render.c on a results document in which
every string is hostile.

Usage: python3 xss_make.py SOURCE_ROOT OUT_DIR
"""
import csv
import json
import os
import shutil
import sys

PAYLOADS = [
    '"><img src=x onerror="document.documentElement.setAttribute('
    "'data-pwned','1')\">",
    "</title><script>document.documentElement.setAttribute("
    "'data-pwned','2')</script>",
    "' onmouseover='alert(3)' x='",
    "<svg onload=alert(4)><a href=\"javascript:alert(5)\">x</a>",
]
MARK = "XSSMARK"
count = 0


def hostile(text):
    global count
    count += 1
    return "%s%d %s %s" % (MARK, count, PAYLOADS[count % len(PAYLOADS)], text)


def poison_labels(o, under_text=False):
    """Every "nl"/"en" string of a label, text or title object."""
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("nl", "en") and isinstance(v, str) and under_text:
                o[k] = hostile(v)
            else:
                poison_labels(v, k in ("label", "text", "title",
                                       "other_label"))
    elif isinstance(o, list):
        for v in o:
            poison_labels(v)


def main():
    root, out = sys.argv[1], sys.argv[2]
    shutil.copytree(os.path.join(root, "data"), out)
    path = os.path.join(out, "instrument", "ibo-2021.json")
    ins = json.load(open(path, encoding="utf-8"))
    poison_labels(ins)
    json.dump(ins, open(path, "w", encoding="utf-8"), ensure_ascii=False)

    path = os.path.join(out, "report", "ibo-2021.json")
    spec = json.load(open(path, encoding="utf-8"))
    poison_labels(spec)
    for e in spec["figures"]:
        # Every chapter a payload of its own, known chapters included.
        e["chapter"] = hostile(e.get("chapter", ""))
    json.dump(spec, open(path, "w", encoding="utf-8"), ensure_ascii=False)

    path = os.path.join(out, "benchmarks", "nordic-2021.csv")
    # One payload per source, the same in the benchmarks and in the file
    # of their labels (which must name every source it labels).
    sources = {}

    def source(s):
        if s not in sources:
            sources[s] = hostile(s)
        return sources[s]

    rewrite(path, lambda r: r.update(source=source(r["source"])))
    path = os.path.join(out, "benchmarks", "nordic-2021-labels.csv")
    if os.path.exists(path):
        rewrite(path, lambda r: r.update(
            source=source(r["source"]), label_nl=hostile(r["label_nl"]),
            label_en=hostile(r["label_en"])))


def rewrite(path, change):
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    for r in rows:
        change(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


main()

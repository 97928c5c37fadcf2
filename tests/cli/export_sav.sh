#!/usr/bin/env bash
# The exports of a simulated wave: .csv, .sav and .xlsx of one store.
# - CSV: open answers that a spreadsheet would run ('=', '+', '-', '@')
#   come out with a leading apostrophe.
# - .sav read back with PSPP (DISPLAY DICTIONARY, SAVE TRANSLATE to CSV):
#   every variable, its label and measure level, every value label and
#   every value equal the CSV export and the codebook sheet of the .xlsx.
# - .xlsx opened as a zip: the sheets, the header rows and the data cells.
# Without PSPP (pspp not on PATH) the .sav cannot be read back: the CSV and
# .xlsx checks still run, then the script exits 77, which ctest reports as
# skipped (SKIP_RETURN_CODE in CMakeLists.txt), not as passed.
# The store is a SQLite file, or a PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash).
# Usage: bash export_sav.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$(dirname "$(readlink -f "$0")")/stores.bash"
db=$(new_store s) || fail "no store"
cd "$tmp" || exit 1

"$bin" init "$db" >/dev/null || fail "init"
"$bin" simulate --cases 80 --seed 4 --frame frame.csv >sim.csv ||
    fail "simulate"
# Open answers that start like formulas, in the first four descriptions.
python3 - <<'PY' || fail "preparing the responses"
import csv
rows = list(csv.reader(open("sim.csv", newline="")))
d = rows[0].index("description")
bad = ["=1+2", "+31 6 1234", "-2+3", "@SUM(A1:A9)"]
k = 0
for r in rows[1:]:
    if r[d] and k < len(bad):
        r[d] = bad[k]
        k += 1
assert k == len(bad), "not enough descriptions"
csv.writer(open("resp.csv", "w", newline=""), lineterminator="\n").writerows(rows)
PY
"$bin" frame import "$db" frame.csv >/dev/null || fail "frame import"
"$bin" import "$db" resp.csv >/dev/null || fail "import"
for ext in csv sav xlsx; do
    "$bin" export "$db" "out.$ext" >out.txt 2>err.txt ||
        { cat err.txt; fail "export .$ext"; }
    grep -q "exported 80 responses of wave 2021 to out.$ext" out.txt ||
        fail "export .$ext message: $(cat out.txt)"
done
"$bin" export "$db" out.txt >/dev/null 2>err.txt && fail "export .txt"
grep -q "unknown output format" err.txt || fail "export .txt message"

# ---- CSV: neutralised formulas ----
for v in "'=1+2" "'+31 6 1234" "'-2+3" "'@SUM(A1:A9)"; do
    grep -qF ",$v," out.csv || fail "CSV: no neutralised '$v'"
done

# ---- .xlsx: sheets, header rows, cells; the codebook for the .sav ----
python3 - <<'PY' || fail "xlsx"
import csv, re, zipfile, json
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile("out.xlsx")
wb = ET.fromstring(z.read("xl/workbook.xml"))
names = [s.get("name") for s in wb.find("m:sheets", ns)]
assert names[:2] == ["data", "variabelen"], names
assert "fig1" in names and "tekstvak2" in names and "climate_scale" in names, names
assert len(set(n.lower() for n in names)) == len(names), "duplicate sheets"
assert all(len(n) <= 31 for n in names)
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
    shared = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))
              for si in sst]
def sheet(i):
    root = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % i))
    rows = {}
    for row in root.iter("{%s}row" % ns["m"]):
        for c in row.findall("m:c", ns):
            ref = c.get("r")
            col = re.match(r"[A-Z]+", ref).group(0)
            n = 0
            for ch in col:
                n = n * 26 + ord(ch) - 64
            t = c.get("t")
            if t == "inlineStr":
                v = "".join(x.text or "" for x in c.iter("{%s}t" % ns["m"]))
            elif t == "s":
                v = shared[int(c.find("m:v", ns).text)]
            else:
                v = c.find("m:v", ns).text
            rows.setdefault(int(row.get("r")), {})[n - 1] = v
    return rows
data = sheet(1)
csvrows = list(csv.reader(open("out.csv", newline="")))
head = csvrows[0]
assert [data[1][i] for i in range(len(head))] == head, "data header"
inn = head.index("innovated")
assert data[2][inn].startswith("Heeft uw organisatie"), data[2][inn]
def unguard(s):
    return s[1:] if re.match(r"^'+[=+\-@\t\r]", s) else s
for r, row in enumerate(csvrows[1:], start=3):
    for c, want in enumerate(row):
        got = data.get(r, {}).get(c, "")
        want = unguard(want)
        if want and re.fullmatch(r"-?\d+(\.\d+)?", want) and head[c] != "org_id":
            assert float(got) == float(want), (r, head[c], got, want)
        else:
            assert got == want, (r, head[c], got, want)
book = sheet(2)
codebook = []
for r in sorted(book)[1:]:
    codebook.append([book[r].get(i, "") for i in range(6)])
assert [v[0] for v in codebook] == head, "codebook variables"
json.dump(codebook, open("codebook.json", "w"))
fig1 = sheet(names.index("fig1") + 1)
assert fig1[1][0] == "Cijfers bij figuur 1", fig1[1]
assert fig1[2][0] == "Antwoord" and fig1[2][1] == "Aantal", fig1[2]
# p-values stay numbers, shown as the report shows them below 0.001
styles = z.read("xl/styles.xml").decode("utf-8")
assert "&lt; 0,001" in styles and "0.000" in styles, "p-value format"
print("xlsx: %d sheets, %d data rows checked" % (len(names), len(csvrows) - 1))
PY

# ---- .sav through PSPP ----
if ! command -v pspp >/dev/null 2>&1; then
    echo "SKIP: pspp is not installed; the .sav round trip was not checked"
    exit 77
fi
cat >read.sps <<'SPS'
GET FILE='out.sav'.
DISPLAY DICTIONARY.
SAVE TRANSLATE /OUTFILE='pspp.csv' /TYPE=CSV /REPLACE /FIELDNAMES
  /CELLS=VALUES.
SPS
pspp -O format=csv -o dict.csv read.sps >pspp.log 2>&1 ||
    { cat pspp.log; fail "pspp could not read out.sav"; }
python3 - <<'PY' || fail "sav round trip"
import csv, json, re
codebook = json.load(open("codebook.json"))
lines = open("dict.csv", encoding="utf-8").read().split("\n\n")
tables = {}
for block in lines:
    block = block.strip()
    if block.startswith("Table: "):
        title, _, body = block.partition("\n")
        tables[title[7:]] = list(csv.reader(body.splitlines()))
vars_ = tables["Variables"]
hdr = vars_[0]
name_i, label_i, level_i = (hdr.index("Name"), hdr.index("Label"),
                            hdr.index("Measurement Level"))
assert [r[name_i] for r in vars_[1:]] == [v[0] for v in codebook], \
    "variables differ"
for r, v in zip(vars_[1:], codebook):
    assert r[label_i] == v[1], (v[0], r[label_i], v[1])
    grid = re.match(r"(factor|clim|work)_", v[0]) and v[3] == "single"
    want = ("Scale" if v[3] in ("integer", "number") else
            "Ordinal" if grid else "Nominal")
    assert r[level_i] == want, (v[0], r[level_i], want)
# Value labels: groups in variable order, each headed by the label.
got = []
for row in tables["Value Labels"][1:]:
    if row[0]:
        got.append([])
    got[-1].append((row[1], row[2]))
want = []
for v in codebook:
    if v[4]:
        want.append([tuple(p.split(" = ", 1)) for p in v[4].split("; ")])
assert len(got) == len(want), (len(got), len(want))
for g, w in zip(got, want):  # PSPP lists a variable's labels sorted
    assert sorted(g) == sorted(w), (g, w)
nlab = sum(len(w) for w in want)
# Values: every cell of the PSPP data equals the CSV export.
a = list(csv.reader(open("out.csv", newline="", encoding="utf-8")))
b = list(csv.reader(open("pspp.csv", newline="", encoding="utf-8")))
assert a[0] == b[0], "header"
assert len(a) == len(b), (len(a), len(b))
def unguard(s):
    return s[1:] if re.match(r"^'+[=+\-@\t\r]", s) else s
n = 0
for ra, rb in zip(a[1:], b[1:]):
    for name, x, y in zip(a[0], ra, rb):
        x, y = unguard(x), y.rstrip()
        if re.fullmatch(r"-?\d+(\.\d+)?", x) and name != "org_id":
            assert y != "" and float(x) == float(y), (ra[0], name, x, y)
        else:
            assert x.rstrip() == y, (ra[0], name, x, y)
        n += 1
print("sav: %d variables, %d value labels, %d values equal the CSV"
      % (len(codebook), nlab, n))
PY
echo "ok"

#!/usr/bin/env python3
"""Check data/instrument/ibo-2021.json against the codebook (a dev check).

Reads the codebook's markdown tables and option lists for backtick variable
names and their codes, and confirms that
  - every codebook variable (frame, asked, derived, each multi option and grid
    item) is in the instrument, and every instrument variable in the codebook,
    in the codebook's order and with the codebook's role and base;
  - codes match (sector and cluster codes and labels, single codes, yes/no,
    the Likert and influence scales of grid items, derived codes);
  - multi options, text questions, the exclusive option and the routing
    conditions the codebook states are encoded as such;
  - every label has non-empty nl and en strings, names match [a-z][a-z0-9_]*
    (at most 63 bytes) and are unique, and no object has an unknown key.

Usage: check_instrument.py [INSTRUMENT.json [CODEBOOK.md]]
Exit status 0 when everything matches, 1 otherwise (each problem printed).
Python 3 standard library only; not part of CTest.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_INSTRUMENT = os.path.join(ROOT, "data", "instrument", "ibo-2021.json")
DEFAULT_CODEBOOK = os.path.normpath(
    os.path.join(ROOT, "..", "shared", "spec", "codebook.md"))
if not os.path.exists(DEFAULT_CODEBOOK):
    DEFAULT_CODEBOOK = "/work/shared/spec/codebook.md"

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TICK_RE = re.compile(r"`([a-z][a-z0-9_]*(?:_\*)?)`")
CODE_RE = re.compile(r"(?<![\d.])(\d+)\s*=")
RANGE_RE = re.compile(r"(?<![\d.])(\d+)-(\d+) types")
OPTION_LABEL_MAX = 60

problems = []
warnings = []


def problem(msg):
    problems.append(msg)


# ---------------------------------------------------------------- codebook

class Expect:
    """What the codebook says about one variable."""

    def __init__(self, name, role, kind, base=None, codes=None):
        self.name = name
        self.role = role        # frame | asked | derived
        self.kind = kind        # id integer category single multi text grid number
        self.base = base        # all | innovators | None
        self.codes = codes      # set of ints, list of str, or None
        self.labels = None      # category: list of (nl, en or None)
        self.asked_if = None    # (var, op, value)
        self.exclusive = False
        self.scale = None       # grid items: likert5 | influence5


def cells(line):
    parts = [c.strip() for c in line.strip().strip("|").split("|")]
    return parts


def int_codes(text):
    found = {int(c) for c in CODE_RE.findall(text)}
    for lo, hi in RANGE_RE.findall(text):
        found.update(range(int(lo), int(hi) + 1))
    return found


def parse_codebook(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()

    # Sections: heading text -> list of body lines.
    sections = []
    for line in lines:
        if line.startswith("#"):
            sections.append((line.lstrip("#").strip(), []))
        elif sections:
            sections[-1][1].append(line)

    text = "\n".join(lines)
    scale_codes = {}
    for key, pat in (("likert5", r"Likert 5:(.*?)(?:\n- |\n\n)"),
                     ("influence5", r"Influence 5:(.*?)(?:\n- |\n\n)")):
        m = re.search(pat, text, re.S)
        scale_codes[key] = int_codes(m.group(1)) if m else set()
        if not scale_codes[key]:
            problem("codebook: cannot read the %s codes" % key)

    # Option lists: prefix -> ordered names (with their annotation text).
    option_lists = {}
    for head, body in sections:
        m = TICK_RE.search(head)
        if not m or not m.group(1).endswith("_*"):
            continue
        prefix = m.group(1)[:-1]
        para = " ".join(body)
        names = []
        for nm in re.finditer(r"`([a-z][a-z0-9_]*)`\s*(\([^)]*\))?", para):
            if nm.group(1).startswith(prefix):
                names.append((nm.group(1), nm.group(2) or ""))
        option_lists[prefix] = names

    expects = []

    def table_rows(body):
        rows = [cells(l) for l in body if l.strip().startswith("|")]
        if len(rows) < 2:
            return [], []
        header = [h.lower() for h in rows[0]]
        return header, rows[2:]

    for head, body in sections:
        header, rows = table_rows(body)
        if not rows:
            continue
        low = head.lower()
        if low.startswith("frame variables"):
            kinds = {"string": "id", "integer": "integer", "single": "category"}
            for r in rows:
                for nm in TICK_RE.findall(r[0]):
                    expects.append(Expect(nm, "frame", kinds.get(r[1], r[1])))
        elif low.startswith("sectors") or low.startswith("thematic clusters"):
            var = "sector" if low.startswith("sectors") else "cluster"
            target = [e for e in expects if e.name == var]
            if not target:
                problem("codebook: %s codes before the frame table" % var)
                continue
            codes, labels = [], []
            for r in rows:
                m = TICK_RE.search(r[0])
                if not m:
                    continue    # the total row
                codes.append(m.group(1))
                en = r[2] if var == "sector" else None
                labels.append((r[1], en))
            target[0].codes, target[0].labels = codes, labels
        elif low.startswith("block"):
            block_base = "all" if "base: all" in low else None
            block_text = (head + " " + " ".join(body)).lower()
            col = {h: i for i, h in enumerate(header)}
            for r in rows:
                names = TICK_RE.findall(r[0])
                if not names:
                    continue
                qtext = r[1] if len(r) > 1 else ""
                rtype = r[col["type"]].lower() if "type" in col else ""
                base = r[col["base"]] if "base" in col else block_base
                ctext = r[col["codes"]] if "codes" in col else ""
                route = None
                m = re.search(r"asked when `([a-z0-9_]+)` (>=|<=|==|!=|>|<) (\d+)",
                              qtext)
                if m:
                    route = (m.group(1), m.group(2), int(m.group(3)))
                m = re.search(r"asked unless `([a-z0-9_]+)` = (\d+)", qtext)
                if m:
                    route = (m.group(1), "!=", int(m.group(2)))
                if len(names) > 1 or names[0].endswith("_*"):
                    # A multi (or a grid) with its options.
                    if names[0].endswith("_*"):
                        prefix = names[0][:-1]
                        inline = TICK_RE.findall(ctext)
                        opts = ([(n, "") for n in inline] if inline
                                else option_lists.get(prefix, []))
                    else:
                        opts = [(n, "") for n in names]
                    if not opts:
                        problem("codebook: no options found for %s" % names[0])
                    grid = "influence 5" in rtype
                    for n, note in opts:
                        if grid:
                            e = Expect(n, "asked", "grid", base,
                                       scale_codes["influence5"])
                            e.scale = "influence5"
                        else:
                            e = Expect(n, "asked", "multi", base)
                            e.exclusive = "exclusive" in note
                        e.asked_if = route
                        expects.append(e)
                    continue
                name = names[0]
                if "codes" not in col and "likert 5" in block_text:
                    e = Expect(name, "asked", "grid", base,
                               scale_codes["likert5"])
                    e.scale = "likert5"
                elif rtype == "text":
                    e = Expect(name, "asked", "text", base)
                else:
                    e = Expect(name, "asked", "single", base, int_codes(ctext))
                e.asked_if = route
                expects.append(e)
        elif low.startswith("derived"):
            for r in rows:
                for nm in TICK_RE.findall(r[0]):
                    codes = int_codes(r[1])
                    kind = "single" if codes else "number"
                    expects.append(Expect(nm, "derived", kind, None,
                                          codes or None))
    return expects


# -------------------------------------------------------------- instrument

KEYS = {
    "root": {"format", "id", "wave", "title", "scales", "frame", "blocks",
             "derived"},
    "label": {"nl", "en"},
    "code": {"code", "label"},
    "frame": {"name", "type", "label", "min", "max", "codes"},
    "block": {"id", "title", "base", "questions"},
    "question": {"id", "type", "base", "text", "codes", "scale", "options",
                 "items", "asked_if", "max_length"},
    "option": {"name", "label", "exclusive"},
    "item": {"name", "label"},
    "asked_if": {"var", "op", "value"},
    "derived": {"name", "type", "label", "codes", "scale", "min", "max"},
}


def keys(obj, kind, where):
    if not isinstance(obj, dict):
        problem("%s: not an object" % where)
        return
    extra = set(obj) - KEYS[kind]
    if extra:
        problem("%s: unknown key(s) %s" % (where, ", ".join(sorted(extra))))


def label(obj, where):
    if not isinstance(obj, dict):
        problem("%s: label missing or not an object" % where)
        return
    keys(obj, "label", where)
    for lang in ("nl", "en"):
        v = obj.get(lang)
        if not isinstance(v, str) or not v.strip():
            problem("%s: %s label missing or empty" % (where, lang))
        elif v != v.strip():
            problem("%s: %s label has surrounding blanks" % (where, lang))


def code_list(codes, where, want_str=False):
    out = []
    if not isinstance(codes, list) or not codes:
        problem("%s: codes missing or empty" % where)
        return out
    for i, c in enumerate(codes):
        w = "%s code %d" % (where, i)
        keys(c, "code", w)
        label(c.get("label"), w)
        v = c.get("code")
        ok = isinstance(v, str) if want_str else (
            isinstance(v, int) and not isinstance(v, bool))
        if not ok:
            problem("%s: code %r has the wrong type" % (w, v))
        out.append(v)
    if len(set(map(repr, out))) != len(out):
        problem("%s: duplicate codes" % where)
    return out


class Var:
    def __init__(self, name, role, kind, base=None, codes=None):
        self.name, self.role, self.kind = name, role, kind
        self.base, self.codes = base, codes
        self.labels = None
        self.asked_if = None
        self.exclusive = False
        self.scale = None


def parse_instrument(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problem("%s: not valid UTF-8 (%s)" % (path, e))
        return []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        problem("%s:%d:%d: %s" % (path, e.lineno, e.colno, e.msg))
        return []

    keys(doc, "root", "instrument")
    if doc.get("format") != 1:
        problem("instrument: format is not 1")
    if not isinstance(doc.get("id"), str) or not doc.get("id"):
        problem("instrument: id missing")
    w = doc.get("wave")
    if not isinstance(w, int) or not 2000 <= w <= 2100:
        problem("instrument: wave not an integer 2000-2100")
    label(doc.get("title"), "instrument title")

    scales = {}
    for sname, sc in (doc.get("scales") or {}).items():
        scales[sname] = set(code_list(sc, "scale " + sname))

    out = []
    for i, fv in enumerate(doc.get("frame") or []):
        where = "frame[%d]" % i
        keys(fv, "frame", where)
        label(fv.get("label"), where)
        v = Var(fv.get("name"), "frame", fv.get("type"))
        if v.kind == "category":
            v.codes = code_list(fv.get("codes"), where, want_str=True)
            v.labels = [(c.get("label", {}).get("nl"),
                         c.get("label", {}).get("en"))
                        for c in fv.get("codes") or []]
        if v.kind == "integer" and not (
                isinstance(fv.get("min"), int) and isinstance(fv.get("max"), int)
                and fv["min"] <= fv["max"]):
            problem("%s: integer needs min <= max" % where)
        out.append(v)

    qids = set()
    for bi, block in enumerate(doc.get("blocks") or []):
        bwhere = "block %s" % block.get("id", bi)
        keys(block, "block", bwhere)
        label(block.get("title"), bwhere)
        bbase = block.get("base", "all")
        for qi, q in enumerate(block.get("questions") or []):
            qid = q.get("id")
            where = "%s question %s" % (bwhere, qid or qi)
            keys(q, "question", where)
            label(q.get("text"), where)
            if qid in qids:
                problem("%s: duplicate question id" % where)
            qids.add(qid)
            base = q.get("base", bbase)
            if base not in ("all", "innovators"):
                problem("%s: base %r" % (where, base))
            route = None
            if "asked_if" in q:
                a = q["asked_if"]
                keys(a, "asked_if", where + " asked_if")
                route = (a.get("var"), a.get("op"), a.get("value"))
                if route[0] not in [x.name for x in out]:
                    problem("%s: asked_if names %r, not an earlier variable"
                            % (where, route[0]))
            qtype = q.get("type")

            def codes_of(obj, w):
                if "scale" in obj:
                    if obj["scale"] not in scales:
                        problem("%s: unknown scale %r" % (w, obj["scale"]))
                    return scales.get(obj["scale"], set())
                return set(code_list(obj.get("codes"), w))

            if qtype in ("single", "text"):
                v = Var(qid, "asked", qtype, base,
                        codes_of(q, where) if qtype == "single" else None)
                if qtype == "text":
                    ml = q.get("max_length", 4000)
                    if not isinstance(ml, int) or not 1 <= ml <= 65536:
                        problem("%s: max_length %r" % (where, ml))
                v.asked_if = route
                out.append(v)
            elif qtype == "multi":
                nexcl = 0
                for oi, o in enumerate(q.get("options") or []):
                    ow = "%s option %d" % (where, oi)
                    keys(o, "option", ow)
                    label(o.get("label"), ow)
                    for lang in ("nl", "en"):
                        s = (o.get("label") or {}).get(lang) or ""
                        if len(s) > OPTION_LABEL_MAX:
                            warnings.append("%s: %s label is %d characters"
                                            % (ow, lang, len(s)))
                    v = Var(o.get("name"), "asked", "multi", base)
                    v.exclusive = o.get("exclusive") is True
                    nexcl += v.exclusive
                    v.asked_if = route
                    out.append(v)
                if nexcl > 1:
                    problem("%s: more than one exclusive option" % where)
                if not q.get("options"):
                    problem("%s: multi without options" % where)
            elif qtype == "grid":
                gcodes = codes_of(q, where)
                for ii, it in enumerate(q.get("items") or []):
                    iw = "%s item %d" % (where, ii)
                    keys(it, "item", iw)
                    label(it.get("label"), iw)
                    v = Var(it.get("name"), "asked", "grid", base, gcodes)
                    v.scale = q.get("scale")
                    v.asked_if = route
                    out.append(v)
                if not q.get("items"):
                    problem("%s: grid without items" % where)
            else:
                problem("%s: unknown question type %r" % (where, qtype))

    for i, d in enumerate(doc.get("derived") or []):
        where = "derived[%d]" % i
        keys(d, "derived", where)
        label(d.get("label"), where)
        kind = d.get("type")
        codes = None
        if kind == "single":
            if "scale" in d:
                codes = scales.get(d["scale"])
            else:
                codes = set(code_list(d.get("codes"), where))
        elif kind == "number":
            if not (isinstance(d.get("min"), (int, float))
                    and isinstance(d.get("max"), (int, float))
                    and d["min"] <= d["max"]):
                problem("%s: number needs min <= max" % where)
        elif kind == "binary":
            codes = {0, 1}
        else:
            problem("%s: unknown derived type %r" % (where, kind))
        out.append(Var(d.get("name"), "derived", kind, None, codes))
    return out


# -------------------------------------------------------------- comparison

def compare(expects, vars_):
    names = [v.name for v in vars_]
    seen = set()
    for v in vars_:
        if not isinstance(v.name, str) or not NAME_RE.match(v.name) \
                or len(v.name.encode()) > 63:
            problem("instrument: bad variable name %r" % (v.name,))
        if v.name in seen:
            problem("instrument: duplicate variable %r" % v.name)
        seen.add(v.name)
    ids = [v for v in vars_ if v.kind == "id"]
    if len(ids) != 1 or ids[0].name != "org_id":
        problem("instrument: need exactly one id variable, org_id")

    want = {e.name: e for e in expects}
    have = {v.name: v for v in vars_}
    for n in want:
        if n not in have:
            problem("missing from the instrument: %s" % n)
    for n in have:
        if n not in want:
            problem("not in the codebook: %s" % n)

    for role in ("frame", "asked", "derived"):
        a = [e.name for e in expects if e.role == role]
        b = [v.name for v in vars_ if v.role == role and v.name in want]
        a = [n for n in a if n in have]
        if a != b:
            for i, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    problem("%s variables out of codebook order at %d: "
                            "codebook %s, instrument %s" % (role, i, x, y))
                    break

    for n, e in want.items():
        v = have.get(n)
        if v is None:
            continue
        if v.role != e.role:
            problem("%s: role %s, codebook %s" % (n, v.role, e.role))
        if e.kind != v.kind:
            problem("%s: type %s, codebook %s" % (n, v.kind, e.kind))
        if e.base and v.base != e.base:
            problem("%s: base %s, codebook %s" % (n, v.base, e.base))
        if e.kind == "category":
            if v.codes != e.codes:
                problem("%s: codes %s, codebook %s" % (n, v.codes, e.codes))
            elif v.labels and e.labels:
                for code, (enl, een), (inl, ien) in zip(e.codes, e.labels,
                                                        v.labels):
                    if enl != inl:
                        problem("%s %s: nl label %r, codebook %r"
                                % (n, code, inl, enl))
                    if een is not None and een != ien:
                        problem("%s %s: en label %r, codebook %r"
                                % (n, code, ien, een))
        elif e.codes is not None and e.codes != v.codes:
            problem("%s: codes %s, codebook %s"
                    % (n, sorted(v.codes or []), sorted(e.codes)))
        if e.scale and e.scale != v.scale:
            problem("%s: scale %s, codebook %s" % (n, v.scale, e.scale))
        if e.exclusive != v.exclusive:
            problem("%s: exclusive %s, codebook %s"
                    % (n, v.exclusive, e.exclusive))
        if e.asked_if != v.asked_if:
            problem("%s: asked_if %s, codebook %s" % (n, v.asked_if, e.asked_if))
    return len(names)


def main(argv):
    instrument = argv[1] if len(argv) > 1 else DEFAULT_INSTRUMENT
    codebook = argv[2] if len(argv) > 2 else DEFAULT_CODEBOOK
    expects = parse_codebook(codebook)
    vars_ = parse_instrument(instrument)
    n = compare(expects, vars_) if vars_ else 0
    for w in warnings:
        print("warning: " + w)
    for p in problems:
        print("error: " + p)
    if problems:
        print("FAIL: %d problem(s) in %s" % (len(problems), instrument))
        return 1
    roles = {r: sum(1 for v in vars_ if v.role == r)
             for r in ("frame", "asked", "derived")}
    print("OK: %s matches %s: %d variables (%d frame, %d asked, %d derived)"
          % (instrument, codebook, n, roles["frame"], roles["asked"],
             roles["derived"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
# results-keys.py - the mechanical step of issue 9 (results): find, or replace
# with their BAR_RK_* constants, the results-document key literals in
# json_pack argument lists (parsed from the format), json_object_get/set/
# del, bar__set and the renderers' readers. Kept so that a branch that
# edited the same files in parallel can be brought in line after a merge:
#   grep -o "BAR_RK_[A-Z0-9_]*" src/results/results.h | sed s/BAR_RK_// |
#     tr A-Z a-z > /tmp/known; scripts/results-keys.py replace /tmp/known FILES
"""Find (and optionally replace) results-document key literals in C sources.
usage: keys.py list FILES...   | keys.py replace KEYSFILE FILES..."""
import re, sys

KEYFUNCS = {'json_object_get', 'json_object_set', 'json_object_set_new',
            'json_object_del', 'bar__set', 'bar__note', 'get', 'get_str',
            'get_int', 'get_num', 'get_label', 'opt_str', 'opt_label',
            'opt_num', 'str_of', 'num_of', 'label_of', 'bar__label_get',
            'bar_results_num', 'bar_results_int', 'bar_results_str',
            'bar_results_label', 'bar_results_array', 'bar_results_obj',
            'bar_results_bool', 'str', 'find_figure', 'set_key', 'set_p',
            'need_array'}
# position of the key argument in each function (0-based)
KEYPOS = {'set_key': 4, 'set_p': 4, 'need_array': 2, 'find_figure': 2, 'get': 2, 'get_str': 2, 'get_int': 2, 'get_num': 2, 'get_label': 2}

def split_args(src, i):
    """src[i] == '('. Return (list of (start,end) of args, index after ')')."""
    depth = 0; j = i; args = []; start = i + 1
    while j < len(src):
        ch = src[j]
        if ch == '"' or ch == "'":
            q = ch; j += 1
            while src[j] != q:
                if src[j] == '\\': j += 1
                j += 1
        elif src.startswith('/*', j):
            j = src.index('*/', j) + 1
        elif src.startswith('//', j):
            j = src.index('\n', j)
        elif ch in '([{':
            depth += 1
        elif ch in ')]}':
            depth -= 1
            if depth == 0:
                args.append((start, j)); return args, j + 1
        elif ch == ',' and depth == 1:
            args.append((start, j)); start = j + 1
        j += 1
    raise ValueError('unbalanced')

LIT = re.compile(r'^\s*"([^"\\]*)"\s*$')
def literal(s):
    m = LIT.match(s)
    return m.group(1) if m else None

def concat_literals(s):
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', s)
    rest = re.sub(r'"((?:[^"\\]|\\.)*)"', '', s)
    rest = re.sub(r'/\*.*?\*/', '', rest, flags=re.S)
    if rest.strip():
        return None
    return ''.join(parts)

def pack_key_positions(fmt):
    """Arg indexes (after the format) that are object keys."""
    pos = 0; keys = []; stack = []; expect_key = False; k = 0
    while k < len(fmt):
        c = fmt[k]
        if c in ' \t\n:,':
            if c == ',' and stack and stack[-1] == '{':
                expect_key = True
            k += 1; continue
        if c == '{':
            stack.append('{'); expect_key = True; k += 1; continue
        if c == '[':
            stack.append('['); expect_key = False; k += 1; continue
        if c in '}]':
            stack.pop(); expect_key = False; k += 1; continue
        iskey = expect_key and stack and stack[-1] == '{'
        expect_key = False
        if c == 's':
            if iskey: keys.append(pos)
            pos += 1; k += 1
            while k < len(fmt) and fmt[k] in '?*#%+':
                if fmt[k] in '#%+': pos += 1
                k += 1
        elif c == 'n':
            k += 1
        elif c in 'biIfoO':
            pos += 1; k += 1
            while k < len(fmt) and fmt[k] in '?*':
                k += 1
        else:
            raise ValueError('format char %r in %r' % (c, fmt))
    return keys

CALL = re.compile(r'\b(json_pack|json_pack_ex|' + '|'.join(sorted(KEYFUNCS, key=len, reverse=True)) + r')\s*\(')

def scan(src):
    """Yield (start, end, key) of key literals."""
    for m in CALL.finditer(src):
        name = m.group(1)
        # skip definitions/declarations: preceded by a type word on the line
        line_start = src.rfind('\n', 0, m.start()) + 1
        prefix = src[line_start:m.start()]
        if re.search(r'\b(static|const char|double|long long|json_t|bar_status|int|bool)\s*\**\s*$', prefix) and name not in ('json_object_get',):
            continue
        try:
            args, _ = split_args(src, m.end() - 1)
        except Exception:
            continue
        if name in ('json_pack', 'json_pack_ex'):
            fi = 0 if name == 'json_pack' else 2
            if len(args) <= fi: continue
            fmt = concat_literals(src[args[fi][0]:args[fi][1]])
            if fmt is None: continue
            try:
                kp = pack_key_positions(fmt)
            except Exception as e:
                print('skip', e, file=sys.stderr); continue
            for p in kp:
                a = fi + 1 + p
                if a < len(args):
                    s, e = args[a]
                    key = literal(src[s:e])
                    if key is not None:
                        yield s, e, key
        else:
            p = KEYPOS.get(name, 1)
            if len(args) > p:
                s, e = args[p]
                key = literal(src[s:e])
                if key is not None and re.match(r'^[a-z_][a-z0-9_]*$', key):
                    yield s, e, key

def const(key):
    return 'BAR_RK_' + key.upper()

if sys.argv[1] == 'list':
    for f in sys.argv[2:]:
        src = open(f).read()
        for s, e, key in scan(src):
            print(key, f, src.count('\n', 0, s) + 1)
else:
    known = set(open(sys.argv[2]).read().split())
    for f in sys.argv[3:]:
        src = open(f).read()
        out = []; last = 0; n = 0
        for s, e, key in sorted(set(scan(src))):
            if key not in known: continue
            if s < last: continue
            seg = src[s:e]
            lead = seg[:len(seg) - len(seg.lstrip())]
            trail = seg[len(seg.rstrip()):]
            out.append(src[last:s]); out.append(lead + const(key) + trail)
            last = e; n += 1
        out.append(src[last:])
        open(f, 'w').write(''.join(out))
        print(f, n, file=sys.stderr)

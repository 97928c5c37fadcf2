#!/usr/bin/env bash
# The man page man/barometer.1 is in step with --help:
# - every command of `barometer --help` has a subsection ".SS barometer CMD"
#   under COMMANDS, and every such subsection is a command;
# - for every command, each option that `barometer CMD --help` lists (the
#   lines of its Options: block) is a .TP item of that subsection, and each
#   .TP option of the subsection is in --help;
# - the .TH line names the version `barometer --version` prints;
# - groff renders it without a warning (-ww), and the sections NAME,
#   SYNOPSIS, COMMANDS, EXIT STATUS, FILES, ENVIRONMENT are there.
# Usage: bash man.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
page=$root/man/barometer.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -f "$page" ] || { echo "FAIL: no $page"; exit 1; }

"$bin" --help >"$tmp/help" || { echo "FAIL: barometer --help"; exit 1; }
"$bin" --version >"$tmp/version" || { echo "FAIL: --version"; exit 1; }
for cmd in $(sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' "$tmp/help"); do
    "$bin" "$cmd" --help >"$tmp/help-$cmd" ||
        { echo "FAIL: barometer $cmd --help"; exit 1; }
done

python3 - "$page" "$tmp" <<'PY'
import glob, os, re, sys
page, tmp = sys.argv[1], sys.argv[2]
src = open(page, encoding="utf-8").read().splitlines()
fails = []

def opts_of_help(text):
    """The options of an Options: block: '  --wave YEAR ...', '  -h, --help'."""
    found, on = set(), False
    for line in text.splitlines():
        if line.startswith("Options:"):
            on = True
            continue
        if on and not line.strip():
            break
        m = re.match(r"^  (?:-\w, )?(--[a-z][a-z-]*)", line) if on else None
        if m:
            found.add(m.group(1))
    return found

# The subsections of COMMANDS and the .TP options in each.
sections, cur, in_cmds, tp = {}, None, False, False
for line in src:
    if line.startswith(".SH "):
        in_cmds = line.strip() == ".SH COMMANDS"
        cur = None
        continue
    if in_cmds and line.startswith(".SS "):
        m = re.match(r'\.SS "?barometer ([a-z]+)', line)
        if not m:
            fails.append("subsection not of a command: " + line)
            continue
        cur = m.group(1)
        sections[cur] = set()
        continue
    if line.startswith(".TP"):
        tp = True
        continue
    if tp:
        tp = False
        if cur:
            for o in re.findall(r"\\-\\-([a-z][a-z\\-]*)", line):
                sections[cur].add("--" + o.replace("\\-", "-"))

helps = {os.path.basename(p)[5:]: open(p, encoding="utf-8").read()
         for p in glob.glob(os.path.join(tmp, "help-*"))}
for cmd in sorted(set(helps) - set(sections)):
    fails.append(f"command {cmd}: no '.SS barometer {cmd}' in the man page")
for cmd in sorted(set(sections) - set(helps)):
    fails.append(f"man page section {cmd}: not a command of --help")
for cmd in sorted(set(helps) & set(sections)):
    want = opts_of_help(helps[cmd])
    if not want:
        fails.append(f"{cmd} --help: no options found")
    for o in sorted(want - sections[cmd]):
        fails.append(f"{cmd}: {o} is in --help but not in the man page")
    for o in sorted(sections[cmd] - want):
        fails.append(f"{cmd}: {o} is in the man page but not in --help")

version = open(os.path.join(tmp, "version")).read().split()[1]
th = [l for l in src if l.startswith(".TH ")]
if not th or f'"barometer {version}"' not in th[0]:
    fails.append(f".TH does not name barometer {version}: {th}")
for sh in ["NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS", "FILES",
           "ENVIRONMENT"]:
    if not any(l.strip() in (f".SH {sh}", f'.SH "{sh}"') for l in src):
        fails.append(f"no section {sh}")
for f in fails:
    print("FAIL:", f)
print(f"man page: {len(sections)} commands checked")
sys.exit(1 if fails else 0)
PY
rc=$?

if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$page" 2>"$tmp/groff.txt"
    if [ -s "$tmp/groff.txt" ]; then
        cat "$tmp/groff.txt"
        echo "FAIL: groff warns about the man page"
        rc=1
    fi
fi
exit $rc

#!/usr/bin/env bash
# The source follows the style rules of scripts/checksrc.sh, and the checker
# itself refuses what it is meant to refuse (planted cases in a scratch tree).
# Usage: checksrc.sh BUILD_DIR SOURCE_DIR
set -u
src=$2
fail() { echo "FAIL: $*"; exit 1; }

bash "$src/scripts/checksrc.sh" "$src" || fail "the source tree breaks a rule"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# case @ script line @ must be refused
while IFS='@' read -r name line refuse; do
    rm -rf "$tmp/t" && mkdir -p "$tmp/t/tests/cli" "$tmp/t/src/core"
    printf '#!/usr/bin/env bash\nset -euo pipefail\n%s\n' "$line" >"$tmp/t/tests/cli/x.sh"
    : >"$tmp/t/src/core/x.c"
    out=$(bash "$src/scripts/checksrc.sh" "$tmp/t" </dev/null 2>&1); rc=$?
    if [ "$refuse" = yes ]; then
        [ "$rc" -ne 0 ] || fail "$name: not refused"
        case "$out" in *SIGPIPE*) ;; *) fail "$name: wrong message: $out" ;; esac
    else
        [ "$rc" -eq 0 ] || fail "$name: refused: $out"
    fi
done <<'CASES'
grep -q after a pipe@ldconfig -p | grep -q libc@yes
grep -Fq after a pipe@ldconfig -p | grep -Fqx libc@yes
head after a pipe@ldconfig -p | head -1@yes
awk exit after a pipe@ldconfig -p | awk '$1 == "x" {print; exit}'@yes
grep reading all@ldconfig -p | grep libc >/dev/null@no
grep -q on a file@grep -q libc /etc/hosts@no
awk first match reading all@ldconfig -p | awk '!f && $1 == "x" {print; f = 1}'@no
CASES
# without pipefail the reader's early exit does not fail the pipeline
printf '#!/bin/sh\nldconfig -p | grep -q libc\n' >"$tmp/t/tests/cli/x.sh"
bash "$src/scripts/checksrc.sh" "$tmp/t" </dev/null >/dev/null 2>&1 ||
    fail "a script without pipefail was refused"
echo "checksrc: source clean, 7 planted cases as expected"

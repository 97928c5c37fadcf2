#!/usr/bin/env bash
# Reject what the style guide bans in src/: unbounded string functions,
# atoi-style parsing without error checks, abort/exit in the library, and
# printing from the library (only src/cli/ talks to the user).
# Usage: scripts/checksrc.sh [SOURCE_ROOT]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
fail=0
report() { echo "checksrc: $1"; fail=1; }

while IFS= read -r hit; do report "banned function: $hit"; done < <(
  grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok)\s*\(' \
    src/*/*.c src/*/*.h 2>/dev/null)
while IFS= read -r hit; do report "the library must not abort or exit: $hit"; done < <(
  grep -nE '\b(abort|exit)\s*\(' $(ls src/*/*.c | grep -v '^src/cli/') 2>/dev/null)
while IFS= read -r hit; do report "the library must not print: $hit"; done < <(
  grep -nE '\b(printf|puts|perror)\s*\(|fprintf\s*\(\s*std(out|err)' \
    $(ls src/*/*.c | grep -v '^src/cli/') 2>/dev/null)
exit $fail

#!/usr/bin/env bash
# Reject what the style guide bans in src/: unbounded string functions,
# atoi-style parsing without error checks, abort/exit in the library,
# printing from the library (only src/cli/ talks to the user), and HTML or
# SVG written around the escaping writer (render/markup.h).
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
# HTML and SVG are written through render/markup.h only (escaped by
# construction): no direct buffer write to the page or chart buffer, and raw
# markup only from literals through the bar_markup_literal macro.
while IFS= read -r hit; do report "markup written around render/markup.h: $hit"; done < <(
  grep -nE 'bar_buf_(printf|vprintf|puts|add|put_html)\s*\(\s*(&?p(->|\.)out|out)\b' \
    src/render/report_html.c src/render/svg.c src/render/wordcloud.c 2>/dev/null
  grep -nE 'bar_markup_raw_\s*\(' $(ls src/*/*.c src/*/*.h | grep -v '^src/render/markup\.') 2>/dev/null)
# The results document's keys are constants of src/results/results.h (a
# misspelt key does not compile): no key literal in a get/set/pack call or
# an accessor outside src/results/. spec.c and instrument.c read other
# documents (the report specification, the instrument).
results_readers=$(ls src/analysis/*.c src/render/*.c src/cli/*.c src/export/*.c src/wave/wave.c 2>/dev/null |
  grep -v -e '^src/analysis/spec\.c$')
while IFS= read -r hit; do report "results key literal (use BAR_RK_*): $hit"; done < <(
  grep -nE '(json_object_(get|set|set_new|del)|bar_results_[a-z]+|bar__set|bar__note)\s*\([^,()]*(\([^()]*\))?[^,()]*,\s*"' \
    $results_readers 2>/dev/null
  grep -nE 'json_pack\s*\(\s*"[^"]*"\s*,\s*"[a-z_0-9]+"' $results_readers 2>/dev/null
  grep -nE '\b(set_key|set_p|need_array)\s*\([^;"]*"[a-z_0-9]+"' $results_readers 2>/dev/null)
# Shell scripts that turn pipefail on: a reader that stops early (grep -q,
# head, awk's exit) kills the writer with SIGPIPE, and the pipeline fails
# with 141 when the writer had more to say (stop 16's CI: ldconfig -p | awk
# '... exit'). Read the whole input instead: grep PATTERN >/dev/null,
# sed -n 1p, awk '!found && ... {found = 1}'.
pipefail_scripts=$(grep -lE '^[[:space:]]*set -[a-z]*o[[:space:]]+pipefail' \
  scripts/*.sh tests/cli/*.sh bench/*.sh .ci/run 2>/dev/null)
while IFS= read -r hit; do report "early-exit reader under pipefail (SIGPIPE): $hit"; done < <(
  [ -z "$pipefail_scripts" ] ||
  grep -nHE '\|[[:space:]]*(grep[[:space:]]+-[a-zA-Z]*q|head\b|awk\b.*\bexit\b)' \
    $pipefail_scripts 2>/dev/null)
exit $fail

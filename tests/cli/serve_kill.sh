#!/usr/bin/env bash
# The survey server under a bounded load of submissions, killed with
# SIGKILL at random moments and restarted, 20 times: every acknowledged
# answer is in the store, nothing half-written, the store passes its
# integrity check (tests/cli/serve_kill.py).
# Usage: bash serve_kill.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tool=$(dirname "$bin")/fieldtool
[ -x "$tool" ] || { echo "SKIP: no $tool"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/tests/cli/serve_kill.py" "$bin" "$tool" "$tmp"

#!/usr/bin/env bash
# The source follows the banned-function and no-print rules (scripts/checksrc.sh).
exec bash "$2/scripts/checksrc.sh" "$2"

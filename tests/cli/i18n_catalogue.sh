#!/usr/bin/env bash
# The catalogues (po/*.po, docs/internals/i18n.md) against the sources: the
# message ids are extracted with xgettext (keywords bar_tr:2,
# bar_trc:2c,3, bar_results_note:3, N_ and NC_:1c,2); every one must have a non-empty,
# non-fuzzy translation in po/nl.po and po/en.po, and no po file may keep
# a message id the sources no longer use (stale). Every po file must pass
# msgfmt --check. A partial catalogue (de) only has to be clean.
# Usage: bash i18n_catalogue.sh /path/to/barometer /path/to/source-root
set -u
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v xgettext >/dev/null || { echo "SKIP: no xgettext"; exit 77; }
cd "$root" || exit 1

xgettext --from-code=UTF-8 -k -kbar_tr:2 -kbar_trc:2c,3 -kbar_results_note:3 -kN_ -kNC_:1c,2 -kcli_usage:2 \
    --no-location -o "$tmp/barometer.pot" $(find src -name '*.c' | sort) \
    2>"$tmp/xgettext.err" || { fail "xgettext"; cat "$tmp/xgettext.err"; }
n=$(grep -c '^msgid ' "$tmp/barometer.pot")
[ "$n" -gt 300 ] || fail "only $n message ids extracted"

for po in po/*.po; do
    lang=$(basename "$po" .po)
    msgfmt --check -o /dev/null "$po" 2>"$tmp/msgfmt.err" ||
        { fail "$po: msgfmt --check"; cat "$tmp/msgfmt.err"; }
    # stale: message ids of the po file the sources do not use
    msgmerge -q --no-fuzzy-matching --no-wrap "$po" "$tmp/barometer.pot" \
        -o "$tmp/$lang.merged.po" 2>/dev/null || fail "$po: msgmerge"
    if grep -q '^#~ msgid' "$tmp/$lang.merged.po"; then
        fail "$po: message ids no source uses:"
        grep -A1 '^#~ msgctxt\|^#~ msgid' "$tmp/$lang.merged.po" | head -20
    fi
    # fuzzy entries are not translations
    if [ -n "$(msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null)" ]; then
        fail "$po: fuzzy entries"
    fi
done

# nl and en are complete: every message id translated, not fuzzy, not empty
for lang in nl en; do
    msgcmp "po/$lang.po" "$tmp/barometer.pot" 2>"$tmp/msgcmp.err" ||
        { fail "po/$lang.po lacks translations:"; head -20 "$tmp/msgcmp.err"; }
    untranslated=$(msgattrib --untranslated --no-obsolete "po/$lang.po" |
                   grep -c '^msgid ' || true)
    # the header entry is the one "untranslated"-looking entry allowed
    [ "$untranslated" -le 1 ] || fail "po/$lang.po: $untranslated empty"
done

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok: $n message ids, $(ls po/*.po | wc -l) catalogues"

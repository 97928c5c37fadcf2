#!/usr/bin/env bash
# A third language needs no C: po/de.po (a partial catalogue) is built by
# msgfmt with the others, and `report --lang de` writes a German report:
# German where de.po translates (words of the page, decimal comma, CSV
# separator ';'), English everywhere else (untranslated words, the labels
# of the instrument). A language without a catalogue is refused (exit 2).
# And the command line's own messages in the person's language.
# The store is a SQLite file, or a PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash).
# Usage: bash report_de.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
. "$(dirname "$(readlink -f "$0")")/stores.bash"
db=$(new_store s) ||
    { echo "FAIL: no store"; exit 1; }
cd "$tmp" || exit 1

"$bin" init "$db" >/dev/null || fail "init"
"$bin" simulate --cases 300 --seed 3 >sim.csv || fail "simulate"
"$bin" import "$db" sim.csv >/dev/null || fail "import"
"$bin" report "$db" --out de --lang de >/dev/null 2>err.txt ||
    { fail "report --lang de"; cat err.txt; }
"$bin" report "$db" --out en --lang en >/dev/null 2>&1 || fail "report en"

# has TEXT WHY: the German page contains TEXT
has() { grep -qF -- "$1" de/index.html || fail "de: no '$1' ($2)"; }
lacks() { ! grep -qF -- "$1" de/index.html || fail "de: has '$1' ($2)"; }
has '<html lang="de"' "the page's language"
has '>Inhalt<' "translated: Contents"
has 'Zusammenfassung' "translated: Management summary"
has 'Abbildung 1' "translated: Figure"
has 'Als CSV herunterladen' "translated: Download as CSV"
has 'Key findings' "not in de.po: English"
has 'organisations completed the questionnaire' "a sentence: English"
lacks '>Contents<' "translated"
lacks 'Managementsamenvatting' "Dutch is not the fallback"
lacks 'Rapport' "Dutch is not the fallback"
# numbers: de.po's decimal comma; the English report has a point
grep -qE '>[0-9]+,[0-9]+<' de/index.html || fail "de: no decimal comma"
grep -qE '>[0-9]+\.[0-9]+<' en/index.html || fail "en: no decimal point"
# the CSV downloads: de.po's separator
head -1 de/data/climate_scale-distribution.csv | grep -q ';' ||
    fail "de: CSV separator is not ';'"
head -1 en/data/climate_scale-distribution.csv | grep -q ',' ||
    fail "en: CSV separator is not ','"

"$bin" report "$db" --out xx --lang xx >/dev/null 2>err.txt
got=$?
[ "$got" -eq 2 ] || fail "--lang xx: exit $got, not 2"
grep -q "no catalogue for 'xx'" err.txt || { fail "--lang xx: message"; cat err.txt; }
[ ! -e xx ] || fail "--lang xx wrote a folder"

# The command line's messages for people follow LANGUAGE/LC_ALL/
# LC_MESSAGES/LANG: Dutch from nl.po, English for a language without them.
LANGUAGE=nl "$bin" report "$db" --out x --wave 3 2>err.txt
grep -q "^barometer report: --wave heeft een jaartal 2000-2100 nodig, niet '3'$" err.txt ||
    { fail "LANGUAGE=nl: message"; cat err.txt; }
grep -q "^Zie 'barometer report --help'.$" err.txt || fail "LANGUAGE=nl: Zie"
LANGUAGE= LC_ALL= LC_MESSAGES= LANG=nl_NL.UTF-8 "$bin" >out.txt 2>&1
grep -q "^Opdrachten:$" out.txt || { fail "LANG=nl_NL.UTF-8: usage"; cat out.txt; }
LANGUAGE=de "$bin" report "$db" --out x --wave 3 2>err.txt
grep -q "needs a year 2000-2100, not '3'" err.txt ||
    { fail "LANGUAGE=de: English fallback"; cat err.txt; }
LANGUAGE= LC_ALL=C "$bin" report "$db" --out x --wave 3 2>err.txt
grep -q "needs a year 2000-2100" err.txt || { fail "LC_ALL=C"; cat err.txt; }

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo ok

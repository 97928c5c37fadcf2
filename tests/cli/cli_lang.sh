#!/usr/bin/env bash
# The command line speaks the person's language (cli_lang, cli_common.c):
# every command's --help, its messages and the words of the exports come
# from the catalogues. The language is the first of LANGUAGE, LC_ALL,
# LC_MESSAGES, LANG that is set, by its code before '_', '.', '@' or ':',
# when a catalogue of that code exists; English otherwise, and English
# when none is set (the default, byte for byte the English --help).
# `export --lang` takes every catalogue language (po/de.po is partial:
# English where it has no text), and refuses one without a catalogue.
# Usage: bash cli_lang.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cd "$tmp" || exit 1
# run ENV... -- ARGS: the program with only the given locale variables
run() {
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "${envs[@]}" \
        "$bin" "$@"
}

# 1. Every command's --help: Dutch with nl, English by default; the
#    default is the English text, and a language whose catalogue lacks
#    the text (de) falls back to it.
for cmd in init frame import export analyze report simulate demo; do
    run -- "$cmd" --help >en.txt || fail "$cmd --help: exit $?"
    run LANGUAGE=en -- "$cmd" --help >en2.txt
    run LANGUAGE=nl -- "$cmd" --help >nl.txt || fail "nl $cmd --help: exit"
    run LANGUAGE=de -- "$cmd" --help >de.txt
    head -1 en.txt | grep -q "^Usage: barometer $cmd" ||
        fail "$cmd: default is not English: $(head -1 en.txt)"
    cmp -s en.txt en2.txt || fail "$cmd: default differs from LANGUAGE=en"
    cmp -s en.txt de.txt || fail "$cmd: de is not the English fallback"
    head -1 nl.txt | grep -q "^Gebruik: barometer $cmd" ||
        fail "$cmd: LANGUAGE=nl is not Dutch: $(head -1 nl.txt)"
    grep -q "^Opties:$" nl.txt || fail "$cmd: no 'Opties:' in Dutch"
    grep -q "^  -h, --help .*deze hulptekst tonen$" nl.txt ||
        fail "$cmd: no Dutch -h line"
    grep -q "^Afsluitstatus: 0 " nl.txt || fail "$cmd: no Dutch exit status"
    awk 'length > 79 { exit 1 }' nl.txt || fail "$cmd: a Dutch line > 79"
done

# 2. Which variable wins (a table: environment | expected first word).
while IFS='|' read -r envs want; do
    # shellcheck disable=SC2086
    got=$(run $envs -- analyze --help | head -1 | cut -d' ' -f1)
    [ "$got" = "$want" ] || fail "env '$envs': '$got', not '$want'"
done <<'EOF'
LANGUAGE=nl|Gebruik:
LC_ALL=nl_NL.UTF-8|Gebruik:
LC_MESSAGES=nl_BE|Gebruik:
LANG=nl_NL.UTF-8|Gebruik:
LANG=nl@euro|Gebruik:
LANGUAGE=nl:en|Gebruik:
LANGUAGE=en LC_ALL=nl_NL.UTF-8|Usage:
LC_ALL=en_GB.UTF-8 LANG=nl_NL.UTF-8|Usage:
LC_ALL=C LANG=nl_NL.UTF-8|Usage:
LANGUAGE=xx_XX|Usage:
LANG=POSIX|Usage:
LANGUAGE=de|Usage:
EOF

# 3. The messages of the commands (stdout) and the progress stage names.
run -- init s.db >out.txt || fail "init"
grep -q "^added wave 2021 (study ibo-2021, instrument " out.txt ||
    { fail "init: English"; cat out.txt; }
run LANGUAGE=nl -- init s2.db --simulated >out.txt || fail "init nl"
grep -q "^meting 2021 (studie ibo-2021, instrument .*, gesimuleerde gegevens) toegevoegd aan s2.db$" out.txt ||
    { fail "init: Dutch"; cat out.txt; }
run -- simulate --cases 200 --seed 5 >sim.csv || fail "simulate"
run LANGUAGE=nl -- import s.db sim.csv >out.txt || fail "import nl"
grep -q "^200 antwoorden geïmporteerd in meting 2021 (gesimuleerde gegevens: de meting is gemarkeerd als gesimuleerd)$" out.txt ||
    { fail "import: Dutch"; cat out.txt; }

# An error the command line makes itself, in Dutch; English by default.
mkdir full && touch full/x
run LANGUAGE=nl -- demo --out full >/dev/null 2>err.txt
grep -q "^barometer demo: full is niet leeg en is niet gemaakt door 'barometer demo'; de map wordt niet overschreven" err.txt ||
    { fail "demo: Dutch error"; cat err.txt; }
run -- demo --out full >/dev/null 2>err.txt
grep -q "^barometer demo: full is not empty and was not made by 'barometer demo'" err.txt ||
    { fail "demo: English error"; cat err.txt; }

# 4. export --lang: every catalogue language, English fallback.
run -- export s.db nl.xlsx >out.txt || fail "export nl.xlsx"
grep -q "^exported 200 responses of wave 2021 to nl.xlsx$" out.txt ||
    { fail "export: English message"; cat out.txt; }
run LANGUAGE=nl -- export s.db en.xlsx --lang en >out.txt ||
    fail "export --lang en"
grep -q "^200 antwoorden van meting 2021 geëxporteerd naar en.xlsx$" out.txt ||
    { fail "export: Dutch message"; cat out.txt; }
run -- export s.db de.xlsx --lang de >/dev/null 2>err.txt ||
    { fail "export --lang de"; cat err.txt; }
run -- export s.db de.sav --lang de >/dev/null || fail "export de.sav"
run -- export s.db nl.sav >/dev/null || fail "export nl.sav"
run -- export s.db en.sav --lang en >/dev/null || fail "export en.sav"
run -- export s.db xx.xlsx --lang xx >/dev/null 2>err.txt
got=$?
[ "$got" -eq 2 ] || fail "--lang xx: exit $got, not 2"
grep -q "no catalogue for 'xx'" err.txt || { fail "--lang xx"; cat err.txt; }
[ ! -e xx.xlsx ] || fail "--lang xx wrote a file"

# The sheet 'over' (third sheet) in the language; the layout's sheet names
# are the same in every language.
about() { unzip -p "$1" xl/worksheets/sheet3.xml; }
# has FILE TEXT: the 'over' sheet of FILE has TEXT
has() { about "$1" | grep -qF -- "$2" || fail "$1: no '$2'"; }
lacks() { ! about "$1" | grep -qF -- "$2" || fail "$1: has '$2'"; }
has nl.xlsx '>Onderzoek<'
has nl.xlsx '>Gesimuleerde gegevens (barometer simulate): de cijfers'
has en.xlsx '>Survey<'
has en.xlsx '>Simulated data (barometer simulate): the figures'
has de.xlsx '>Survey<'  # not in de.po: English
lacks de.xlsx '>Onderzoek<'
for f in nl.xlsx en.xlsx de.xlsx; do
    unzip -p "$f" xl/workbook.xml | grep -q 'name="variabelen"' ||
        fail "$f: no sheet 'variabelen'"
done
# p-values shown with the language's decimal separator (de.po: ',')
unzip -p de.xlsx xl/styles.xml | grep -qF '&lt; 0,001' ||
    fail "de.xlsx: p format without a decimal comma"
unzip -p en.xlsx xl/styles.xml | grep -qF '&lt; 0.001' ||
    fail "en.xlsx: p format without a decimal point"
# .sav: the file label and variable labels in --lang
grep -qa 'GESIMULEERD: ' nl.sav || fail "nl.sav: no Dutch file label"
grep -qa 'SIMULATED: ' en.sav || fail "en.sav: no English file label"
grep -qa 'SIMULATED: ' de.sav || fail "de.sav: no English fallback"
! grep -qa 'GESIMULEERD' en.sav || fail "en.sav: Dutch file label"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo ok

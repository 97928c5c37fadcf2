#!/usr/bin/env bash
# Writing files through the binary: what is at the output path is written
# the careful way (core/afile.h). A private file stays private, new exports
# are private, a link is followed, a dangling link and a folder are
# refused, a device stays a device, a FIFO is written (and one without a
# reader fails at once), a stale temporary file blocks nothing.
# Usage: bash afile.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
umask 022

. "$root/tests/cli/expect.bash"

# check DESCRIPTION TEST...: a shell test that must hold.
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what"
        fails=$((fails + 1))
    fi
}
mode() { stat -c %a "$1"; }

"$bin" simulate --cases 60 --seed 3 --frame "$tmp/frame.csv" \
    >"$tmp/resp.csv"
check "a new frame file is private" [ "$(mode "$tmp/frame.csv")" = 600 ]
db=$tmp/st.db
expect 0 "init" -- "$bin" init "$db"
expect 0 "import" -- "$bin" import "$db" "$tmp/resp.csv"
check "a new store is private ($(mode "$db"))" [ "$(mode "$db")" = 600 ]
for f in "$db"-wal "$db"-shm; do
    [ ! -e "$f" ] || check "$f is private" [ "$(mode "$f")" = 600 ]
done

# ---- modes: exports hold org_id and open answers ----
for ext in csv xlsx sav; do
    expect 0 "new .$ext" -- "$bin" export "$db" "$tmp/new.$ext"
    check "a new .$ext export is private ($(mode "$tmp/new.$ext"))" \
        [ "$(mode "$tmp/new.$ext")" = 600 ]
    printf 'old\n' >"$tmp/kept.$ext"
    chmod 640 "$tmp/kept.$ext"
    expect 0 "export over a 640 .$ext" -- "$bin" export "$db" "$tmp/kept.$ext"
    check "an existing .$ext keeps 640 ($(mode "$tmp/kept.$ext"))" \
        [ "$(mode "$tmp/kept.$ext")" = 640 ]
done
printf 'old\n' >"$tmp/made-private.csv"
chmod 600 "$tmp/made-private.csv"
(umask 000 && "$bin" export "$db" "$tmp/made-private.csv" >/dev/null)
check "a file made private stays private" \
    [ "$(mode "$tmp/made-private.csv")" = 600 ]
expect 0 "analyze --json" -- "$bin" analyze "$tmp/resp.csv" --json "$tmp/r.json"
check "results.json follows the umask" [ "$(mode "$tmp/r.json")" = 644 ]

# ---- a link is followed; a dangling one is refused ----
printf 'old\n' >"$tmp/target.csv"
chmod 600 "$tmp/target.csv"
ln -s target.csv "$tmp/link.csv"
expect 0 "export through a link" -- "$bin" export "$db" "$tmp/link.csv"
check "the link stays a link" [ -L "$tmp/link.csv" ]
check "the target is written" cmp -s "$tmp/target.csv" "$tmp/new.csv"
check "the target stays private" [ "$(mode "$tmp/target.csv")" = 600 ]
ln -s missing.csv "$tmp/dangling.csv"
expect 1 "export through a dangling link" -- \
    "$bin" export "$db" "$tmp/dangling.csv"
expect_text "$tmp/err" "dangling.csv: a symbolic link to nothing" "dangling"
check "the dangling link stays" [ -L "$tmp/dangling.csv" ]
check "nothing is created behind it" [ ! -e "$tmp/missing.csv" ]

# ---- a folder is refused ----
mkdir "$tmp/folder.csv"
expect 1 "export onto a folder" -- "$bin" export "$db" "$tmp/folder.csv"
expect_text "$tmp/err" "folder.csv: is a folder, not a file" "folder"

# ---- a device stays a device (our own null device when root) ----
dev=/dev/null
if [ "$(id -u)" = 0 ] && mknod -m 666 "$tmp/null" c 1 3 2>/dev/null &&
    printf x >"$tmp/null" 2>/dev/null; then
    dev=$tmp/null
fi
for fmt in csv xlsx sav; do
    ln -sf "$dev" "$tmp/dev.$fmt"
    expect 0 "export .$fmt to a device" -- "$bin" export "$db" "$tmp/dev.$fmt"
    check "$dev stays a device after .$fmt" [ -c "$dev" ]
done
expect 0 "analyze --json DEVICE" -- \
    "$bin" analyze "$tmp/resp.csv" --json "$dev"
check "$dev stays a device after analyze" [ -c "$dev" ]

# ---- a FIFO: written when read, refused at once when not ----
mkfifo "$tmp/pipe.csv"
start=$(date +%s)
expect 1 "export to a FIFO with no reader" -- \
    timeout 10 "$bin" export "$db" "$tmp/pipe.csv"
expect_text "$tmp/err" "pipe.csv: a FIFO with no reader" "fifo"
check "no waiting for a reader" [ $(($(date +%s) - start)) -lt 5 ]
cat "$tmp/pipe.csv" >"$tmp/piped.csv" &
reader=$!
sleep 0.2
expect 0 "export to a FIFO with a reader" -- \
    timeout 10 "$bin" export "$db" "$tmp/pipe.csv"
wait "$reader"
check "the FIFO stays a FIFO" [ -p "$tmp/pipe.csv" ]
check "the reader got the export" cmp -s "$tmp/piped.csv" "$tmp/new.csv"

# ---- temporary files: none left, a stale one blocks nothing ----
touch "$tmp/stale.csv.tmp-AAAAAA" "$tmp/stale.csv.tmp$$"
expect 0 "export beside stale temporary files" -- \
    "$bin" export "$db" "$tmp/stale.csv"
left=$(find "$tmp" -name '*.tmp-*' ! -name 'stale.csv.tmp-AAAAAA' | wc -l)
check "no temporary file left ($left)" [ "$left" = 0 ]

# ---- an output that resolves to an input is refused, nothing written ----
cp "$db" "$tmp/st.sav"
cp "$tmp/st.sav" "$tmp/st.sav.before"
ln -s st.sav "$tmp/st-link.sav"
ln "$tmp/resp.csv" "$tmp/resp-hard.csv"
mkdir "$tmp/rep"
cp "$tmp/resp.csv" "$tmp/rep/resp.csv"
cp "$tmp/resp.csv" "$tmp/resp.before"
spec=$root/data/report/ibo-2021.json
cp "$spec" "$tmp/spec.json"
cp "$spec" "$tmp/spec.before"
printf 'wal\n' >"$tmp/st.sav-wal"
refuse() { # refuse WHAT TEXT -- COMMAND...
    local what=$1 text=$2
    shift 2
    expect 2 "$what" "$@"
    expect_text "$tmp/err" "$text" "$what"
}
refuse "export onto the store" "st.sav is the input $tmp/st.sav" -- \
    "$bin" export "$tmp/st.sav" "$tmp/st.sav"
refuse "export onto a link to the store" "is the input $tmp/st.sav" -- \
    "$bin" export "$tmp/st.sav" "$tmp/st-link.sav"
refuse "analyze --json onto the store's -wal" \
    "is the input $tmp/st.sav-wal" -- \
    "$bin" analyze "$tmp/st.sav" --json "$tmp/st.sav-wal"
check "the store is untouched" cmp -s "$tmp/st.sav" "$tmp/st.sav.before"
refuse "analyze --json onto its CSV" "is the input $tmp/resp.csv" -- \
    "$bin" analyze "$tmp/resp.csv" --json "$tmp/resp.csv"
refuse "analyze --json onto a hard link of its CSV" "is the input" -- \
    "$bin" analyze "$tmp/resp.csv" --json "$tmp/resp-hard.csv"
refuse "analyze --json onto its spec" "is the input $tmp/spec.json" -- \
    "$bin" analyze "$tmp/resp.csv" --spec "$tmp/spec.json" \
    --json "$tmp/spec.json"
check "the CSV is untouched" cmp -s "$tmp/resp.csv" "$tmp/resp.before"
check "the spec is untouched" cmp -s "$tmp/spec.json" "$tmp/spec.before"
refuse "report --out a folder holding its CSV" \
    "rep holds the input $tmp/rep/resp.csv" -- \
    "$bin" report "$tmp/rep/resp.csv" --out "$tmp/rep"
refuse "report --out the folder of the store" "holds the input" -- \
    "$bin" report "$tmp/st.sav" --out "$tmp"
check "the folder is untouched" cmp -s "$tmp/rep/resp.csv" "$tmp/resp.before"
cp "$root/data/instrument/ibo-2021.json" "$tmp/ins.json"
sed "s|\"instrument/ibo-2021.json\"|\"$tmp/ins.json\"|" \
    "$root/data/study/ibo-2021.json" >"$tmp/study.json"
refuse "simulate --frame onto the study's instrument" \
    "is the input $tmp/ins.json" -- \
    "$bin" simulate --study "$tmp/study.json" --frame "$tmp/ins.json"
refuse "simulate --frame onto the study" "is the input $tmp/study.json" -- \
    "$bin" simulate --study "$tmp/study.json" --frame "$tmp/study.json"
refuse "analyze --json onto the study of a CSV" \
    "is the input $tmp/study.json" -- \
    "$bin" analyze "$tmp/resp.csv" --study "$tmp/study.json" \
    --json "$tmp/study.json"
left=$(find "$tmp" -name '*.tmp-*' ! -name 'stale.csv.tmp-AAAAAA' | wc -l)
check "no temporary file left after the refusals ($left)" [ "$left" = 0 ]

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "afile: all checks passed"

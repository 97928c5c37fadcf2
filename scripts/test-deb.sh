#!/usr/bin/env bash
# Build the .deb, install it as a user would, and run it away from the
# source: the package must carry everything the program reads.
#   1. copy the source tree (without build folders) to a temporary folder,
#      build and package it there (cpack -G DEB), then delete that copy, so
#      the data path the build recorded does not exist any more;
#   2. apt-get install ./barometer_*.deb (apt fetches the Depends that
#      dpkg-shlibdeps computed);
#   3. from a fresh empty folder: `barometer --version` names
#      /usr/share/barometer, `barometer demo --out X` writes X/index.html
#      (with the report's font in X/fonts/, from the package)
#      and X/results.json, `man -w barometer` finds the page;
#   4. remove the package (also when a step failed).
# Needs root and apt (CI runs it as root on Debian 12, .ci/run). Leaves the
# .deb in OUT_DIR when given: scripts/test-deb.sh [OUT_DIR]
# Exit status: 0 the package installed and ran; 1 a step failed; 77 not
# run (not root, no apt-get).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out_dir=${1:-}
jobs=${JOBS:-2}

[ "$(id -u)" -eq 0 ] || { echo "test-deb: needs root (apt-get install)"; exit 77; }
command -v apt-get >/dev/null || { echo "test-deb: needs apt-get"; exit 77; }
if dpkg -s barometer >/dev/null 2>&1; then
    echo "test-deb: a barometer package is installed already; not touching it"
    exit 1
fi

work=$(mktemp -d /tmp/barometer-deb.XXXXXX)
installed=0
cleanup() {
    if [ "$installed" -eq 1 ]; then
        apt-get remove -y barometer >/dev/null 2>&1 ||
            echo "test-deb: could not remove the package"
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-deb: FAIL: $*"; exit 1; }

# 1. build and package from a copy that is deleted afterwards
src=$work/src
mkdir -p "$src"
tar -C "$root" --exclude='./build*' --exclude=./.git \
    --exclude=./barometer-demo -cf - . | tar -C "$src" -xf -
cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$src/build" -j"$jobs" --target barometer manpage >/dev/null
(cd "$src/build" && cpack -G DEB >cpack.log 2>&1) ||
    { cat "$src/build/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$src"/build/barometer_*.deb)
mv "$deb" "$work/"
deb=$work/$(basename "$deb")
echo "test-deb: built $(basename "$deb")"
dpkg-deb -f "$deb" Depends | sed 's/^/test-deb: Depends: /'
dpkg-deb -f "$deb" Depends | grep 'libreadstat' >/dev/null ||
    fail "Depends lacks the runtime libraries (dpkg-shlibdeps)"
# Every library the program names (NEEDED) comes from a package in Depends:
# then apt brings them all on a clean machine.
depends=$(dpkg-deb -f "$deb" Depends)
dpkg-deb -x "$deb" "$work/x"
for lib in $(objdump -p "$work/x/usr/bin/barometer" | awk '$1 == "NEEDED" {print $2}'); do
    path=$(ldconfig -p | awk -v l="$lib" '!found && $1 == l {print $NF; found = 1}')
    [ -n "$path" ] || fail "NEEDED $lib: not found by ldconfig"
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null ||
          dpkg -S "$path" 2>/dev/null) || fail "NEEDED $lib: no package owns $path"
    pkg=${pkg%%:*}
    case ", $depends" in
        *", $pkg "*|*", $pkg,"*|*", $pkg") ;;
        *) fail "NEEDED $lib is in package $pkg, which Depends does not name" ;;
    esac
done
rm -rf "$work/x"
if [ -n "$out_dir" ]; then cp "$deb" "$out_dir/"; fi
rm -rf "$src"

# 2. install
apt-get install -y "$deb" >"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log"; fail "apt-get install"; }
installed=1

# 3. run from elsewhere
run=$(mktemp -d "$work/run.XXXXXX")
cd "$run"
prog=$(command -v barometer) || fail "barometer not on PATH"
[ "$prog" = /usr/bin/barometer ] || fail "barometer is $prog, not /usr/bin"
env -u BAROMETER_DATA barometer --version | tee version.txt
grep -qx 'data: /usr/share/barometer' version.txt ||
    fail "the installed program does not read /usr/share/barometer"
env -u BAROMETER_DATA -u BAROMETER_INSTRUMENT \
    barometer demo --out demo >demo.log 2>&1 ||
    { cat demo.log; fail "barometer demo"; }
[ -s demo/index.html ] || fail "no demo/index.html"
[ -s demo/results.json ] || fail "no demo/results.json"
grep -q '<html' demo/index.html || fail "demo/index.html is not a page"
# the report carries its font (render/font.h) from /usr/share/barometer
for f in BarometerSans-Regular.woff2 BarometerSans-Bold.woff2 LICENSE; do
    [ -s "demo/fonts/$f" ] || fail "no demo/fonts/$f"
    cmp -s "/usr/share/barometer/fonts/$f" "demo/fonts/$f" ||
        fail "demo/fonts/$f is not the packaged file"
done
dpkg-deb -c "$deb" | grep '/usr/share/man/man1/barometer.1.gz$' >/dev/null ||
    fail "the package has no man page"
# (a minimal image may drop /usr/share/man through dpkg's path-exclude)
if command -v man >/dev/null && [ -e /usr/share/man/man1/barometer.1.gz ]; then
    man -w barometer >/dev/null || fail "man -w barometer"
fi
echo "test-deb: installed, ran 'barometer demo' in $run, removing"

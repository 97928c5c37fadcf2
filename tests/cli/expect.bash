# expect.bash - the checks the command-line tests share; source it after
# setting $tmp (a scratch folder) and fails=0. Not a test of its own (the
# tests are tests/cli/*.sh).

# expect STATUS DESCRIPTION -- COMMAND...: run it, compare the exit status.
expect() {
    local want=$1 what=$2
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want"
        sed 's/^/  stdout: /' "$tmp/out"
        sed 's/^/  stderr: /' "$tmp/err"
        fails=$((fails + 1))
    fi
}

# expect_text FILE TEXT DESCRIPTION: FILE contains TEXT.
expect_text() {
    if ! grep -qF -- "$2" "$1"; then
        echo "FAIL: $3: no '$2' in:"
        sed 's/^/  /' "$1"
        fails=$((fails + 1))
    fi
}

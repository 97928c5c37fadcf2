#!/usr/bin/env bash
# The research team's accounts through the binary: add, passwd, remove and
# list; passwords from a file or standard input (never the command line),
# kept only as Argon2id hashes; bad names, short passwords, an account
# twice. The terminal prompt is tested under script(1) when it is there.
# Usage: bash admin.sh /path/to/barometer /path/to/source-root
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

. "$root/tests/cli/expect.bash"

# a new SQLite file, or a new PostgreSQL database with BAR_TEST_STORE
# (tests/cli/stores.bash, tests/cli/store_pg_suite.sh)
. "$root/tests/cli/stores.bash"
missing=$tmp/nope.db
db=$(new_store s) || { echo "FAIL: no store"; exit 1; }
expect 0 "admin --help" -- "$bin" admin --help
expect_text "$tmp/out" "Usage: barometer admin add STORE NAME" "help"
expect 2 "admin without action" -- "$bin" admin
expect 2 "admin with an unknown action" -- "$bin" admin grant "$db" anna
expect_text "$tmp/err" "unknown action 'grant'" "unknown action"
expect 2 "a store that does not exist" -- "$bin" admin list "$missing"
expect 0 "init" -- "$bin" init "$db"

printf 'correct horse battery\n' >"$tmp/pw"
expect 0 "add from a file" -- "$bin" admin add "$db" anna \
    --password-file "$tmp/pw"
expect_text "$tmp/out" "added account anna" "add"
expect 1 "add twice" -- "$bin" admin add "$db" anna --password-file "$tmp/pw"
expect_text "$tmp/err" "account 'anna' exists already" "add twice"
expect 0 "add from stdin" -- sh -c \
    "printf 'another good secret\n' | '$bin' admin add '$db' bob.de-vries_2"
expect 2 "a bad name" -- "$bin" admin add "$db" Anna --password-file "$tmp/pw"
expect_text "$tmp/err" "'Anna' is not an account name" "bad name"
expect 2 "a name too long" -- "$bin" admin add "$db" \
    "$(printf 'a%.0s' $(seq 65))" --password-file "$tmp/pw"
printf 'short\n' >"$tmp/short"
expect 2 "a short password" -- "$bin" admin add "$db" carl \
    --password-file "$tmp/short"
expect_text "$tmp/err" "at least 12 characters" "short password"
printf 'aaaaaaaaaaaaaaaa\n' >"$tmp/same"
expect 2 "one repeated character" -- "$bin" admin add "$db" carl \
    --password-file "$tmp/same"
head -c 1100 /dev/zero | tr '\0' 'x' >"$tmp/long"
expect 2 "a password too long" -- "$bin" admin add "$db" carl \
    --password-file "$tmp/long"
expect 2 "no password on stdin" -- sh -c "'$bin' admin add '$db' carl </dev/null"
expect 2 "a password file that does not exist" -- "$bin" admin add "$db" \
    carl --password-file "$tmp/nope"
expect 2 "a password option for list" -- "$bin" admin list "$db" \
    --password-file "$tmp/pw"

expect 0 "list" -- "$bin" admin list "$db"
[ "$(cut -f1 "$tmp/out" | tr '\n' ' ')" = "anna bob.de-vries_2 " ] ||
    { echo "FAIL: list: $(cat "$tmp/out")"; fails=$((fails + 1)); }

# only the hash is kept: Argon2id, never the password
hash=$(store_sql "$db" "SELECT hash FROM account WHERE name = 'anna'")
case $hash in
'$argon2id$v=19$m=65536,t=2,p=1$'*) ;;
*) echo "FAIL: hash '$hash'"; fails=$((fails + 1)) ;;
esac
if store_dump "$db" | grep -q "correct horse"; then
    echo "FAIL: the password is in the store"; fails=$((fails + 1))
fi

printf 'a new good password\n' >"$tmp/pw2"
expect 0 "passwd" -- "$bin" admin passwd "$db" anna --password-file "$tmp/pw2"
[ "$(store_sql "$db" "SELECT hash FROM account WHERE name = 'anna'")" != "$hash" ] ||
    { echo "FAIL: passwd kept the hash"; fails=$((fails + 1)); }
expect 2 "passwd of nobody" -- "$bin" admin passwd "$db" zoe \
    --password-file "$tmp/pw2"
expect_text "$tmp/err" "no account 'zoe'" "passwd of nobody"
expect 0 "remove" -- "$bin" admin remove "$db" bob.de-vries_2
expect 2 "remove twice" -- "$bin" admin remove "$db" bob.de-vries_2
expect 0 "list after remove" -- "$bin" admin list "$db"
[ "$(cut -f1 "$tmp/out")" = "anna" ] ||
    { echo "FAIL: list after remove: $(cat "$tmp/out")"; fails=$((fails + 1)); }
[ "$(store_sql "$db" "SELECT action FROM audit WHERE action LIKE 'account%' ORDER BY id" | tr '\n' ' ')" = \
    "account_add account_add account_password account_remove " ] ||
    { echo "FAIL: audit"; fails=$((fails + 1)); }

# the terminal: asked twice without echo; two different answers refused
if command -v script >/dev/null; then
    # typed slowly: input typed ahead of the prompt is discarded, as by
    # getpass (TCSAFLUSH)
    { sleep 1; printf 'terminal secret 1\n'; sleep 1
      printf 'terminal secret 1\n'; sleep 1; } |
        script -qec "'$bin' admin add '$db' dora" /dev/null \
            >"$tmp/tty-out" 2>&1
    grep -q "added account dora" "$tmp/tty-out" ||
        { echo "FAIL: terminal: $(cat "$tmp/tty-out")"; fails=$((fails + 1)); }
    if grep -q "terminal secret" "$tmp/tty-out"; then
        echo "FAIL: the password was echoed"; fails=$((fails + 1))
    fi
    { sleep 1; printf 'terminal secret 1\n'; sleep 1
      printf 'terminal secret 2\n'; sleep 1; } |
        script -qec "'$bin' admin add '$db' emma" /dev/null \
            >"$tmp/tty-out" 2>&1
    grep -q "the two passwords differ" "$tmp/tty-out" ||
        { echo "FAIL: terminal mismatch: $(cat "$tmp/tty-out")"; fails=$((fails + 1)); }
fi

[ "$fails" -eq 0 ] && echo "admin: all passed"
exit $((fails > 0))

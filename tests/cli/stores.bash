# stores.bash - the stores a command-line test runs on, so that the same
# test runs on both backends (issue 11); source it after setting $tmp. Not
# a test of its own.
#
# BAR_TEST_STORE unset or empty: every store is a new SQLite file in $tmp
# (the default). BAR_TEST_STORE=postgresql://user@host:port/db, a database
# on a PostgreSQL server where the tests may create databases (the
# throwaway cluster of scripts/pg-cluster.sh; tests/cli/store_pg_suite.sh
# runs the tests so): every store is a new, empty database there.

# new_store NAME: print the address of a new, empty store (NAME: letters,
# digits, _).
new_store() {
    case ${BAR_TEST_STORE:-} in
    postgres://* | postgresql://*)
        local test name
        test=$(basename "$0" .sh | tr -c 'a-z0-9_\n' _)
        name="t_${test}_$1_$$"
        psql -X -q -v ON_ERROR_STOP=1 "$BAR_TEST_STORE" \
            -c "CREATE DATABASE $name" >/dev/null || return 1
        echo "${BAR_TEST_STORE%/*}/$name" ;;
    *)
        echo "$tmp/$1.db" ;;
    esac
}

# store_is_pg STORE: whether STORE is a PostgreSQL address.
store_is_pg() {
    case $1 in postgres://* | postgresql://*) return 0 ;; esac
    return 1
}

# store_sql STORE SQL: run SQL (the dialect both backends share) on STORE;
# the rows on stdout as a|b.
store_sql() {
    if store_is_pg "$1"; then
        psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2"
    else
        sqlite3 "$1" "$2"
    fi
}

# store_dump STORE: the whole store as text.
store_dump() {
    if store_is_pg "$1"; then
        pg_dump "$1"
    else
        sqlite3 "$1" .dump
    fi
}

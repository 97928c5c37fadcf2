"""store_query.py - read a store from a test's Python, on either backend.

rows(store, sql): the rows of sql (the dialect SQLite and PostgreSQL
share) on store, a SQLite file or a postgresql:// address (through psql),
as tuples of str, int and bytes (BYTEA and BLOB), None for NULL. Not a test
of its own: the command-line tests import it (tests/cli/stores.bash is the
shell's twin).
"""
import csv
import io
import sqlite3
import subprocess


def is_pg(store):
    return store.startswith(("postgres://", "postgresql://"))


def _value(text):
    # psql --csv: NULL is an unquoted empty field, which csv reads as ""
    # just like an empty string; the tests need no difference there
    if text.startswith("\\x"):
        return bytes.fromhex(text[2:])
    if text.lstrip("-").isdigit():
        return int(text)
    return text


def rows(store, sql):
    if not is_pg(store):
        con = sqlite3.connect(store)
        try:
            return [tuple(r) for r in con.execute(sql)]
        finally:
            con.close()
    out = subprocess.run(
        ["psql", "-X", "-q", "--csv", "-t", "-v", "ON_ERROR_STOP=1",
         store, "-c", sql],
        check=True, capture_output=True, text=True).stdout
    return [tuple(_value(c) for c in r) for r in csv.reader(io.StringIO(out))]

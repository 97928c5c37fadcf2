/* pg_test.h - a database of its own for each test case on PostgreSQL.
 *
 * The store tests run their cases on SQLite and, when BAR_TEST_PG_URI names
 * a database of a PostgreSQL cluster (tests/cli/store_pg.sh starts a
 * throwaway one with scripts/pg-cluster.sh), again on PostgreSQL. There a
 * case gets a new database of that cluster, created through the URI's
 * connection and dropped after. Include after <cmocka.h>.
 */
#ifndef BAR_TEST_PG_H
#define BAR_TEST_PG_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Run "VERB name" (CREATE DATABASE, DROP DATABASE) on base's server; name
 * is made by pg_test_create (letters, digits, _), quoted all the same. */
static inline void pg_test_admin(const char *base, const char *verb,
                                 const char *name)
{
    PGconn *c = PQconnectdb(base);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    char *q = PQescapeIdentifier(c, name, strlen(name));
    assert_non_null(q);
    char sql[256];
    snprintf(sql, sizeof sql, "%s %s%s", verb, q,
             strcmp(verb, "DROP DATABASE") == 0 ? " WITH (FORCE)" : "");
    PQfreemem(q);
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        print_error("%s: %s", sql, PQresultErrorMessage(res));
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    PQfinish(c);
}

/* A new database on base's server: its name into name (64 bytes), its URI
 * (base with the database replaced) into uri (size bytes). */
static inline void pg_test_create(const char *base, char name[64],
                                  char *uri, size_t size)
{
    static int serial;
    snprintf(name, 64, "bar_test_%ld_%d", (long)getpid(), ++serial);
    pg_test_admin(base, "CREATE DATABASE", name);
    const char *slash = strrchr(base, '/');
    assert_non_null(slash);
    assert_true((size_t)snprintf(uri, size, "%.*s/%s", (int)(slash - base),
                                 base, name) < size);
}

/* Drop the database pg_test_create made. */
static inline void pg_test_drop(const char *base, const char *name)
{
    pg_test_admin(base, "DROP DATABASE", name);
}

#endif

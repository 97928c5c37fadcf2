/* test_store.c - the store: opening and migrating, waves, frames and
 * responses, on SQLite files in a temporary folder, and, when
 * BAR_TEST_PG_URI names a PostgreSQL database (tests/cli/store_pg.sh starts
 * a throwaway cluster with scripts/pg-cluster.sh and sets it), the same
 * cases again on PostgreSQL: each case then gets a new database of that
 * cluster (pg_test.h), and the few statements a case runs beside the
 * store are written for both.
 *
 * Fixtures in tests/data/store/: mini.json (a small instrument with sector
 * and cluster, routing and an open answer), mini2.json (a later instrument
 * that adds the variable `remote`), mini2-lite.json (mini.json under
 * mini2's id), frame.csv (5 organisations: 2 gem, 1 ws, 2 zbo) and
 * responses.csv (4 responses of those organisations). The bad frames are
 * written by the tests from the table `bad_frames`, each with the status and
 * the located message it must produce (columns counted by hand).
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/status.h"
#include "dataset/dataset_csv.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"
#include "store/store.h"
#include "store/store_copy.h"
#include "pg_test.h"

/* The schema version a new store gets (store_sqlite.c migrations): 8 with
 * the admin pages' sessions and approvals, 9 with the quote decisions.
 * Branches that each add a migration bump it here once. */
enum { SCHEMA_NOW = 9 };

#define DATA BAR_TEST_DATA "/store/"

/* ---- helpers ---------------------------------------------------------- */

/* The PostgreSQL database the cases make theirs from (BAR_TEST_PG_URI);
 * NULL: the cases run on SQLite. */
static const char *pg_base;

typedef struct fixture {
    char dir[64];
    char db[256];     /* the store's URI: a file, or a postgresql:// URI */
    char pg_name[64]; /* the case's own database on PostgreSQL */
    bar_instrument *mini;
    bar_instrument *mini2;
    bar_instrument *lite;
} fixture;

static bar_instrument *load_ins(const char *path)
{
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_status rc = bar_instrument_load(path, &ins, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    bar_error_clear(&err);
    return ins;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/bar-store-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db, sizeof fx->db, "%s/store.db", fx->dir);
    if (pg_base) {
        pg_test_create(pg_base, fx->pg_name, fx->db, sizeof fx->db);
    }
    fx->mini = load_ins(DATA "mini.json");
    fx->mini2 = load_ins(DATA "mini2.json");
    fx->lite = load_ins(DATA "mini2-lite.json");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    DIR *d = opendir(fx->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", fx->dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(fx->dir);
    if (pg_base)
        pg_test_drop(pg_base, fx->pg_name);
    bar_instrument_free(fx->mini);
    bar_instrument_free(fx->mini2);
    bar_instrument_free(fx->lite);
    free(fx);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* Run one SQL statement (several when they return nothing) on the store
 * directly, beside the store's code; returns the first column of the first
 * row as an integer (0 when none). */
static long long sql_int(const char *db, const char *sql)
{
    if (strncmp(db, "postgresql://", 13) == 0) {
        PGconn *c = PQconnectdb(db);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *res = PQexec(c, sql);
        ExecStatusType t = PQresultStatus(res);
        if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK)
            print_error("%s: %s", sql, PQresultErrorMessage(res));
        assert_true(t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK);
        long long v = 0;
        if (t == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
            !PQgetisnull(res, 0, 0))
            v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
        PQfinish(c);
        return v;
    }
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *stmt = NULL;
    if (strchr(sql, ';')) {
        assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(h);
        return 0;
    }
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &stmt, NULL), SQLITE_OK);
    long long v = 0;
    int step = sqlite3_step(stmt);
    assert_true(step == SQLITE_ROW || step == SQLITE_DONE);
    if (step == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(h);
    return v;
}

/* Remove the store, so that the next open makes a new one. */
static void reset_store(fixture *fx)
{
    if (pg_base) {
        pg_test_drop(pg_base, fx->pg_name);
        pg_test_admin(pg_base, "CREATE DATABASE", fx->pg_name);
    } else {
        remove(fx->db);
    }
}

/* The statement counting the response table's columns, per backend. */
static const char *response_columns_sql(void)
{
    return pg_base ? "SELECT count(*) FROM information_schema.columns "
                     "WHERE table_schema = current_schema() AND "
                     "table_name = 'response'"
                   : "SELECT count(*) FROM pragma_table_info('response')";
}

/* A new store with the given waves (for mini, except 2023 for mini2). */
static bar_store *new_store(fixture *fx, const int *waves, size_t n)
{
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &st, &err),
                     BAR_OK);
    for (size_t i = 0; i < n; i++) {
        const bar_instrument *ins = waves[i] == 2023 ? fx->mini2 : fx->mini;
        bar_status rc = bar_store_wave_add(st, waves[i], ins, &err);
        if (rc != BAR_OK)
            print_error("%s\n", err.msg);
        assert_int_equal(rc, BAR_OK);
    }
    bar_error_clear(&err);
    return st;
}

static bar_dataset *read_csv_mem(const char *text, const bar_instrument *ins)
{
    bar_error err;
    bar_error_init(&err);
    bar_dataset *ds = NULL;
    bar_status rc = bar_dataset_read_csv_mem(text, strlen(text), "mem.csv",
                                             ins, &ds, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    bar_error_clear(&err);
    return ds;
}

static bar_dataset *read_responses(const bar_instrument *ins)
{
    bar_error err;
    bar_error_init(&err);
    bar_dataset *ds = NULL;
    bar_status rc = bar_dataset_read_csv(DATA "responses.csv", ins, &ds,
                                         &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    bar_error_clear(&err);
    return ds;
}

static void import_frame(bar_store *st, int wave, const bar_instrument *ins)
{
    bar_error err;
    bar_error_init(&err);
    size_t n = 0;
    bar_status rc = bar_store_frame_import(st, wave, ins, DATA "frame.csv",
                                           &n, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    assert_int_equal(n, 5);
    bar_error_clear(&err);
}

/* Compare two datasets over the same instrument cell by cell. */
static void assert_same_dataset(const bar_dataset *a, const bar_dataset *b)
{
    assert_int_equal(bar_dataset_nrows(a), bar_dataset_nrows(b));
    assert_int_equal(bar_dataset_ncols(a), bar_dataset_ncols(b));
    const bar_instrument *ins = bar_dataset_instrument(a);
    for (size_t r = 0; r < bar_dataset_nrows(a); r++) {
        for (size_t c = 0; c < bar_dataset_ncols(a); c++) {
            const bar_variable *v = bar_instrument_var(ins, c);
            bar_var_type t = bar_var_type_of(v);
            if (t == BAR_VAR_ID || t == BAR_VAR_TEXT) {
                const char *x = bar_dataset_get_str(a, r, c);
                const char *y = bar_dataset_get_str(b, r, c);
                if (!x || !y) {
                    if (x != y)
                        print_error("row %zu %s: %s vs %s\n", r,
                                    bar_var_name(v), x ? x : "(null)",
                                    y ? y : "(null)");
                    assert_true(x == y);
                } else {
                    assert_string_equal(x, y);
                }
                continue;
            }
            double x = bar_dataset_get(a, r, c), y = bar_dataset_get(b, r, c);
            if (isnan(x) != isnan(y) || (!isnan(x) && x != y))
                print_error("row %zu %s: %g vs %g\n", r, bar_var_name(v), x,
                            y);
            assert_int_equal(isnan(x), isnan(y));
            if (!isnan(x))
                assert_true(x == y);
        }
    }
}

static size_t load_count(bar_store *st, int wave, const bar_instrument *ins)
{
    bar_error err;
    bar_error_init(&err);
    bar_dataset *ds = NULL;
    assert_int_equal(bar_store_responses_load(st, wave, ins, &ds, &err),
                     BAR_OK);
    size_t n = bar_dataset_nrows(ds);
    bar_dataset_free(ds);
    bar_error_clear(&err);
    return n;
}

/* ---- opening, migrating, refusing ------------------------------------ */

static void test_open_create_and_migrate(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_EXISTING, &st, &err),
                     BAR_ENOTFOUND);
    assert_null(st);
    /* a SQLite store is a file; a PostgreSQL one a database made before */
    assert_non_null(strstr(err.msg, pg_base ? "an empty database, not a "
                                              "barometer store"
                                            : "no such store"));
    bar_error_clear(&err);

    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &st, &err),
                     BAR_OK);
    bar_store_close(st);
    st = NULL;
    assert_int_equal(sql_int(fx->db, "SELECT value FROM meta WHERE key = "
                                     "'schema_version'"), SCHEMA_NOW);
    assert_int_equal(sql_int(fx->db,
                             pg_base ? "SELECT count(*) FROM "
                                       "information_schema.tables WHERE "
                                       "table_schema = current_schema() AND "
                                       "table_name IN ('meta', 'wave', "
                                       "'frame', 'response', 'audit')"
                                     : "SELECT count(*) FROM sqlite_master "
                                       "WHERE type = 'table' AND name IN "
                                       "('meta', 'wave', 'frame', "
                                       "'response', 'audit')"), 5);
    if (!pg_base) {
        /* WAL is a property of the file. */
        sqlite3 *h = NULL;
        assert_int_equal(sqlite3_open(fx->db, &h), SQLITE_OK);
        sqlite3_stmt *stmt = NULL;
        assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1,
                                            &stmt, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(stmt, 0),
                            "wal");
        sqlite3_finalize(stmt);
        sqlite3_close(h);
    }

    /* Reopening an existing store works and does not migrate again. */
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_EXISTING, &st, &err),
                     BAR_OK);
    bar_store_close(st);
    bar_store_close(NULL);
    bar_error_clear(&err);
}

static void test_open_refuses_newer_schema(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, NULL, 0);
    bar_store_close(st);
    st = NULL;
    sql_int(fx->db, "UPDATE meta SET value = '99' WHERE key = "
                    "'schema_version'");
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_EXISTING, &st, &err),
                     BAR_ESTORE);
    assert_null(st);
    assert_non_null(strstr(err.msg, "schema version 99"));
    bar_error_clear(&err);
    /* Not even CREATE touches it. */
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &st, &err),
                     BAR_ESTORE);
    assert_int_equal(sql_int(fx->db, "SELECT value FROM meta"), 99);
    bar_error_clear(&err);
}

static void test_open_refuses_other_files(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    char path[256];

    /* a password in a PostgreSQL URI is refused, and not repeated */
    assert_int_equal(bar_store_open("postgresql://ann:s3cret@127.0.0.1:1/b",
                                    BAR_STORE_EXISTING, &st, &err),
                     BAR_EUSAGE);
    assert_null(st);
    assert_non_null(strstr(err.msg, "~/.pgpass"));
    assert_null(strstr(err.msg, "s3cret"));
    bar_error_clear(&err);
    assert_int_equal(bar_store_open("postgres://ann@127.0.0.1:1/b?password="
                                    "s3cret", BAR_STORE_CREATE, &st, &err),
                     BAR_EUSAGE);
    assert_null(strstr(err.msg, "s3cret"));
    bar_error_clear(&err);
    /* no server there: a failed operation, not bad usage */
    assert_int_equal(bar_store_open("postgresql://ann@127.0.0.1:1/b",
                                    BAR_STORE_EXISTING, &st, &err),
                     BAR_ESTORE);
    assert_null(st);
    assert_non_null(strstr(err.msg, "postgresql://ann@127.0.0.1:1/b: "
                                    "cannot connect"));
    bar_error_clear(&err);

    if (pg_base) {
        /* a database with tables of its own is not taken */
        sql_int(fx->db, "CREATE TABLE t (x integer);");
        assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &st,
                                        &err), BAR_ESTORE);
        assert_non_null(strstr(err.msg, "not a barometer store"));
        assert_null(st);
        bar_error_clear(&err);
        return;
    }

    snprintf(path, sizeof path, "%s/text.db", fx->dir);
    write_file(path, "this is not a database, just some text that is long "
                     "enough to fill the SQLite header of one hundred bytes "
                     "and then some more\n");
    assert_int_equal(bar_store_open(path, BAR_STORE_EXISTING, &st, &err),
                     BAR_ESTORE);
    assert_non_null(strstr(err.msg, "not a SQLite database"));
    bar_error_clear(&err);

    snprintf(path, sizeof path, "%s/other.db", fx->dir);
    sql_int(path, "CREATE TABLE t (x)");
    assert_int_equal(bar_store_open(path, BAR_STORE_CREATE, &st, &err),
                     BAR_ESTORE);
    assert_non_null(strstr(err.msg, "not a barometer store"));
    bar_error_clear(&err);
}

/* ---- waves ------------------------------------------------------------ */

static void test_waves(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, NULL, 0);
    int wave = 0;
    bool exists = true;
    assert_int_equal(bar_store_wave_latest(st, &wave, &err), BAR_ENOTFOUND);
    bar_error_clear(&err);
    assert_int_equal(bar_store_wave_exists(st, 2021, &exists, &err), BAR_OK);
    assert_false(exists);

    assert_int_equal(bar_store_wave_add(st, 2021, fx->mini, &err), BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2023, fx->mini2, &err), BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2022, fx->mini, &err), BAR_OK);
    assert_int_equal(bar_store_wave_latest(st, &wave, &err), BAR_OK);
    assert_int_equal(wave, 2023);
    assert_int_equal(bar_store_wave_exists(st, 2022, &exists, &err), BAR_OK);
    assert_true(exists);

    assert_int_equal(bar_store_wave_add(st, 2021, fx->mini, &err),
                     BAR_ECONFLICT);
    assert_non_null(strstr(err.msg, "wave 2021 already exists"));
    bar_error_clear(&err);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM wave"), 3);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM audit WHERE "
                                     "action = 'wave_add'"), 3);
    bar_store_close(st);
}

/* ---- provenance --------------------------------------------------------- */

/* Whether a wave's data are simulated is kept with the wave: set when it is
 * created so, or by importing simulated responses (org_ids "sim-..."); the
 * dataset loaded from it carries the mark. Real responses leave it unset. */
static void test_wave_provenance(void **state)
{
    fixture *fx = *state;
    static const char sim_csv[] =
        "org_id,wave,sector,cluster,size,innovated,type_product,"
        "type_service,factor_time,description\n"
        "sim-00001,2021,gem,gemeente,1,1,1,0,3,\n"
        "sim-00002,2021,ws,water,2,0,,,,\n";
    static const char real_csv[] =
        "org_id,wave,sector,cluster,size,innovated,type_product,"
        "type_service,factor_time,description\n"
        "g001,2021,gem,gemeente,1,1,1,0,3,\n"
        "simone,2021,ws,water,2,0,,,,\n";
    static const struct {
        const char *name;
        bool created_simulated;
        const char *csv;         /* imported, or NULL */
        bool simulated;          /* the wave and its dataset afterwards */
        long long audit_marks;   /* 'wave_simulated' lines */
    } cases[] = {
        {"real wave, real responses", false, real_csv, false, 0},
        {"init --simulated, nothing imported", true, NULL, true, 1},
        {"init --simulated, real-looking responses", true, real_csv, true,
         1},
        {"real wave, simulated responses", false, sim_csv, true, 1},
        {"simulated wave, simulated responses", true, sim_csv, true, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reset_store(fx);
        bar_error err;
        bar_error_init(&err);
        bar_store *st = new_store(fx, NULL, 0);
        bar_status rc = cases[i].created_simulated
                            ? bar_store_wave_add_simulated(st, 2021,
                                                           fx->mini, &err)
                            : bar_store_wave_add(st, 2021, fx->mini, &err);
        assert_int_equal(rc, BAR_OK);
        if (cases[i].csv) {
            bar_dataset *in = read_csv_mem(cases[i].csv, fx->mini);
            rc = bar_store_responses_import(st, 2021, in, false, &err);
            if (rc != BAR_OK)
                print_error("%s: %s\n", cases[i].name, err.msg);
            assert_int_equal(rc, BAR_OK);
            bar_dataset_free(in);
        }
        bool sim = !cases[i].simulated;
        assert_int_equal(bar_store_wave_simulated(st, 2021, &sim, &err),
                         BAR_OK);
        if (sim != cases[i].simulated)
            fail_msg("%s: wave simulated %d", cases[i].name, sim);
        bar_dataset *out = NULL;
        assert_int_equal(bar_store_responses_load(st, 2021, fx->mini, &out,
                                                  &err), BAR_OK);
        assert_int_equal(bar_dataset_simulated(out), cases[i].simulated);
        bar_dataset_free(out);
        assert_int_equal(bar_store_wave_simulated(st, 2019, &sim, &err),
                         BAR_ENOTFOUND);
        bar_error_clear(&err);
        bar_store_close(st);
        assert_int_equal(sql_int(fx->db, "SELECT simulated FROM wave"),
                         cases[i].simulated);
        assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM audit WHERE "
                                         "action = 'wave_simulated'"),
                         cases[i].audit_marks);
    }
}

/* A store of schema 1 (before provenance and studies) is migrated on open:
 * its waves read as real data and keep no study (the caller then uses the
 * default study). */
static void test_migrate_schema1(void **state)
{
    fixture *fx = *state;
    /* schema 1 as each backend's first migration made it */
    sql_int(fx->db, pg_base ?
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE wave (wave INTEGER PRIMARY KEY, instrument_id TEXT "
        "NOT NULL, created_at TEXT NOT NULL);"
        "CREATE TABLE frame (wave INTEGER NOT NULL REFERENCES wave(wave), "
        "org_id TEXT NOT NULL, name TEXT NOT NULL, sector TEXT NOT NULL, "
        "cluster TEXT NOT NULL, email TEXT NOT NULL, "
        "PRIMARY KEY (wave, org_id));"
        "CREATE TABLE response (wave INTEGER NOT NULL REFERENCES "
        "wave(wave), org_id TEXT NOT NULL, _created_at TEXT NOT NULL, "
        "_updated_at TEXT NOT NULL, PRIMARY KEY (wave, org_id));"
        "CREATE TABLE audit (id BIGINT GENERATED BY DEFAULT AS IDENTITY "
        "PRIMARY KEY, at TEXT NOT NULL, wave INTEGER, action TEXT NOT NULL, "
        "rows BIGINT NOT NULL, replaced BIGINT NOT NULL);"
        "INSERT INTO meta VALUES ('schema_version', '1');"
        "INSERT INTO wave VALUES (2021, 'mini', '2021-01-01T00:00:00Z');" :
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE wave (wave INTEGER PRIMARY KEY, instrument_id TEXT "
        "NOT NULL, created_at TEXT NOT NULL);"
        "CREATE TABLE frame (wave INTEGER NOT NULL REFERENCES wave(wave), "
        "org_id TEXT NOT NULL, name TEXT NOT NULL, sector TEXT NOT NULL, "
        "cluster TEXT NOT NULL, email TEXT NOT NULL, "
        "PRIMARY KEY (wave, org_id));"
        "CREATE TABLE response (wave INTEGER NOT NULL REFERENCES "
        "wave(wave), org_id TEXT NOT NULL, _created_at TEXT NOT NULL, "
        "_updated_at TEXT NOT NULL, PRIMARY KEY (wave, org_id));"
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
        "wave INTEGER, action TEXT NOT NULL, rows INTEGER NOT NULL, "
        "replaced INTEGER NOT NULL);"
        "INSERT INTO meta VALUES ('schema_version', '1');"
        "INSERT INTO wave VALUES (2021, 'mini', '2021-01-01T00:00:00Z');");
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_EXISTING, &st, &err),
                     BAR_OK);
    bool sim = true;
    assert_int_equal(bar_store_wave_simulated(st, 2021, &sim, &err), BAR_OK);
    assert_false(sim);
    char *study = (char *)"x";
    assert_int_equal(bar_store_wave_study(st, 2021, &study, &err), BAR_OK);
    assert_null(study);
    bar_store_close(st);
    assert_int_equal(sql_int(fx->db, "SELECT value FROM meta WHERE key = "
                                     "'schema_version'"), SCHEMA_NOW);
    bar_error_clear(&err);
}

/* ---- frames ----------------------------------------------------------- */

/* A wave keeps the text of its study: stored with the wave in one
 * transaction, read back byte for byte; a wave added without one has
 * none; an unknown wave is BAR_ENOTFOUND. */
static void test_wave_study(void **state)
{
    fixture *fx = *state;
    static const char text[] = "{\"format\": \"barometer-study\", "
                               "\"id\": \"t\u00e9st\"}";
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &st, &err),
                     BAR_OK);
    assert_int_equal(bar_store_wave_add_study(st, 2023, fx->mini, text, true,
                                              &err), BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2021, fx->mini, &err), BAR_OK);
    char *got = NULL;
    assert_int_equal(bar_store_wave_study(st, 2023, &got, &err), BAR_OK);
    assert_non_null(got);
    assert_string_equal(got, text);
    free(got);
    bool sim = false;
    assert_int_equal(bar_store_wave_simulated(st, 2023, &sim, &err), BAR_OK);
    assert_true(sim);
    got = (char *)"x";
    assert_int_equal(bar_store_wave_study(st, 2021, &got, &err), BAR_OK);
    assert_null(got);
    assert_int_equal(bar_store_wave_study(st, 2019, &got, &err),
                     BAR_ENOTFOUND);
    assert_null(got);
    /* a wave that exists is not added again, study or not */
    assert_int_equal(bar_store_wave_add_study(st, 2023, fx->mini, text,
                                              false, &err), BAR_ECONFLICT);
    bar_store_close(st);
    bar_error_clear(&err);
}

/* Fieldwork: a wave's dates (both forms, refused forms, closing before
 * opening) and whether it is open at a moment; tokens kept by their hash,
 * found again, refused for an organisation outside the frame and twice. */
static void test_fieldwork(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &st, &err),
                     BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2021, fx->mini, &err), BAR_OK);
    char opens[BAR_STORE_DATE_MAX], closes[BAR_STORE_DATE_MAX];
    assert_int_equal(bar_store_wave_dates(st, 2021, opens, closes, &err),
                     BAR_OK);
    assert_string_equal(opens, "");
    assert_string_equal(closes, "");
    static const struct {
        const char *opens, *closes;
        bar_status want;
    } dates[] = {
        {"2021-03-01", "2021-04-30", BAR_OK},
        {"2021-03-01T09:00:00Z", NULL, BAR_OK},
        {NULL, NULL, BAR_OK},
        {"2021-02-29", NULL, BAR_EINVALID},    /* not a leap year */
        {"2020-02-29", "2020-03-01", BAR_OK},  /* a leap year */
        {"2021-3-1", NULL, BAR_EINVALID},
        {"2021-03-01 09:00:00", NULL, BAR_EINVALID},
        {"2021-03-01T09:00:00+01:00", NULL, BAR_EINVALID},
        {"+021-03-01", NULL, BAR_EINVALID},
        {"2021-13-01", NULL, BAR_EINVALID},
        {"2021-03-01T24:00:00Z", NULL, BAR_EINVALID},
        {"2021-04-30", "2021-03-01", BAR_EINVALID},
        {"2021-03-01", "2021-03-01", BAR_OK},  /* open for that one day */
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (bar_store_wave_set_dates(st, 2021, dates[i].opens,
                                     dates[i].closes, &err) != dates[i].want)
            fail_msg("dates case %zu: %s", i, err.msg);
    assert_int_equal(bar_store_wave_set_dates(st, 2019, NULL, NULL, &err),
                     BAR_ENOTFOUND);
    assert_int_equal(bar_store_wave_dates(st, 2021, opens, closes, &err),
                     BAR_OK);
    assert_string_equal(opens, "2021-03-01");
    assert_string_equal(closes, "2021-03-01");
    /* open from 2021-03-01T00:00:00Z (1614556800) to the end of that day */
    static const struct {
        long long now;
        bool open;
    } moments[] = {
        {1614556799, false}, {1614556800, true}, {1614643199, true},
        {1614643200, false},
    };
    for (size_t i = 0; i < sizeof moments / sizeof moments[0]; i++) {
        bool open = !moments[i].open;
        assert_int_equal(bar_store_wave_is_open(st, 2021, moments[i].now,
                                                &open, &err), BAR_OK);
        if (open != moments[i].open)
            fail_msg("moment %lld: open %d", moments[i].now, (int)open);
    }
    /* tokens */
    import_frame(st, 2021, fx->mini);
    uint8_t h1[32], h2[32];
    memset(h1, 0x11, sizeof h1);
    memset(h2, 0x22, sizeof h2);
    assert_int_equal(bar_store_token_add(st, 2021, "g001", h1, &err), BAR_OK);
    assert_int_equal(bar_store_token_add(st, 2021, "g001", h2, &err), BAR_OK);
    assert_int_equal(bar_store_token_add(st, 2021, "g002", h1, &err),
                     BAR_EINVALID);
    uint8_t h3[32];
    memset(h3, 0x33, sizeof h3);
    assert_int_equal(bar_store_token_add(st, 2021, "nobody", h3, &err),
                     BAR_ENOTFOUND);
    assert_int_equal(bar_store_token_add(st, 2019, "g001", h3, &err),
                     BAR_ENOTFOUND);
    bool found = false;
    int wave = 0;
    char org[BAR_STORE_ORG_MAX];
    assert_int_equal(bar_store_token_find(st, h2, &found, &wave, org, &err),
                     BAR_OK);
    assert_true(found);
    assert_int_equal(wave, 2021);
    assert_string_equal(org, "g001");
    assert_int_equal(bar_store_token_find(st, h3, &found, &wave, org, &err),
                     BAR_OK);
    assert_false(found);
    assert_string_equal(org, "");
    bar_store_close(st);
    bar_error_clear(&err);
}

/* What the send log test collects: one line per entry. */
typedef struct log_lines {
    char text[512];
} log_lines;

static bar_status log_line(void *ctx, const bar_send_entry *e,
                           bar_error *err)
{
    (void)err;
    log_lines *l = ctx;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%s %s %s %s %s;", e->org_id,
             e->kind, e->channel == BAR_SEND_SMTP ? "smtp" : "merge",
             bar_send_state_name(e->state), e->answer ? e->answer : "-");
    return BAR_OK;
}

static bar_status contact_line(void *ctx, const bar_store_contact *c,
                               bar_error *err)
{
    (void)err;
    log_lines *l = ctx;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%s %s %d;", c->org_id,
             c->email, (int)c->completed);
    return BAR_OK;
}

/* The send log: a message is begun once per kind (sent, merged, sending
 * and unknown ones block a second; failed ones do not; with `again`
 * only sent and merged ones block, and the open ones are superseded);
 * the token it carries is kept; bad kinds, outcomes and organisations are
 * refused; the contacts say who has completed. */
static void test_send_log(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, (const int[]){2021}, 1);
    import_frame(st, 2021, fx->mini);
    uint8_t h[8][32];
    for (int i = 0; i < 8; i++)
        memset(h[i], 0x40 + i, sizeof h[i]);
    long long id[8] = {0};
    /* g001: invited, sent; a second invitation is refused */
    assert_int_equal(bar_store_send_begin(st, 2021, "g001", "invite",
                                          BAR_SEND_SMTP, h[0], false, &id[0],
                                          &err), BAR_OK);
    assert_true(id[0] > 0);
    assert_int_equal(bar_store_send_end(st, id[0], BAR_SEND_SENT,
                                        "250 queued", &err), BAR_OK);
    assert_int_equal(bar_store_send_begin(st, 2021, "g001", "invite",
                                          BAR_SEND_SMTP, h[1], true, &id[1],
                                          &err), BAR_ECONFLICT);
    assert_int_equal(id[1], 0);
    bar_error_clear(&err);
    bar_error_init(&err);
    /* the refused one kept no token */
    bool found = true;
    int wave = 0;
    char org[BAR_STORE_ORG_MAX];
    assert_int_equal(bar_store_token_find(st, h[1], &found, &wave, org, &err),
                     BAR_OK);
    assert_false(found);
    assert_int_equal(bar_store_token_find(st, h[0], &found, &wave, org, &err),
                     BAR_OK);
    assert_true(found);
    assert_string_equal(org, "g001");
    /* a reminder is another kind */
    assert_int_equal(bar_store_send_begin(st, 2021, "g001", "remind-1",
                                          BAR_SEND_MAIL_MERGE, h[2], false,
                                          &id[2], &err), BAR_OK);
    assert_int_equal(bar_store_send_end(st, id[2], BAR_SEND_MERGED, NULL,
                                        &err), BAR_OK);
    /* g002: failed, then sent */
    assert_int_equal(bar_store_send_begin(st, 2021, "g002", "invite",
                                          BAR_SEND_SMTP, h[3], false, &id[3],
                                          &err), BAR_OK);
    assert_int_equal(bar_store_send_end(st, id[3], BAR_SEND_FAILED,
                                        "550 no such mailbox", &err), BAR_OK);
    assert_int_equal(bar_store_send_begin(st, 2021, "g002", "invite",
                                          BAR_SEND_SMTP, h[4], false, &id[4],
                                          &err), BAR_OK);
    /* g002 is now 'sending' (a crash): blocked, unless again */
    assert_int_equal(bar_store_send_begin(st, 2021, "g002", "invite",
                                          BAR_SEND_SMTP, h[5], false, &id[5],
                                          &err), BAR_ECONFLICT);
    bar_error_clear(&err);
    bar_error_init(&err);
    assert_int_equal(bar_store_send_begin(st, 2021, "g002", "invite",
                                          BAR_SEND_SMTP, h[5], true, &id[5],
                                          &err), BAR_OK);
    assert_int_equal(bar_store_send_end(st, id[5], BAR_SEND_SENT, "250 ok",
                                        &err), BAR_OK);
    /* refused input */
    static const struct {
        const char *org, *kind;
        int wave;
        bar_status want;
    } bad[] = {
        {"g003", "remind-0", 2021, BAR_EINVALID},
        {"g003", "remind-100", 2021, BAR_EINVALID},
        {"g003", "remind-1x", 2021, BAR_EINVALID},
        {"g003", "INVITE", 2021, BAR_EINVALID},
        {"g003", "invite", 2019, BAR_ENOTFOUND},
        {"nobody", "invite", 2021, BAR_ENOTFOUND},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long long x = 0;
        bar_status rc = bar_store_send_begin(st, bad[i].wave, bad[i].org,
                                             bad[i].kind, BAR_SEND_SMTP, h[6],
                                             false, &x, &err);
        if (rc != bad[i].want || x != 0)
            fail_msg("bad case %zu: %d (%s)", i, (int)rc, err.msg);
        bar_error_clear(&err);
        bar_error_init(&err);
    }
    assert_int_equal(bar_store_send_end(st, id[0], BAR_SEND_SENDING, NULL,
                                        &err), BAR_EINVALID);
    assert_int_equal(bar_store_send_end(st, 99999, BAR_SEND_SENT, NULL,
                                        &err), BAR_ENOTFOUND);
    bar_error_clear(&err);
    bar_error_init(&err);
    log_lines l = {""};
    assert_int_equal(bar_store_send_log(st, 2021, NULL, log_line, &l, &err),
                     BAR_OK);
    assert_string_equal(l.text,
                        "g001 invite smtp sent 250 queued;"
                        "g001 remind-1 merge merged -;"
                        "g002 invite smtp failed 550 no such mailbox;"
                        "g002 invite smtp superseded -;"
                        "g002 invite smtp sent 250 ok;");
    l.text[0] = '\0';
    assert_int_equal(bar_store_send_log(st, 2021, "g002", log_line, &l,
                                        &err), BAR_OK);
    assert_int_equal(strncmp(l.text, "g002 invite smtp failed", 23), 0);
    /* contacts: who has a response after an import */
    bar_dataset *ds = read_responses(fx->mini);
    assert_int_equal(bar_store_responses_import(st, 2021, ds, false, &err),
                     BAR_OK);
    bar_dataset_free(ds);
    l.text[0] = '\0';
    assert_int_equal(bar_store_contacts(st, 2021, contact_line, &l, &err),
                     BAR_OK);
    /* responses.csv answers for all but z002 */
    assert_string_equal(l.text, "g001 info@aa.nl 1;g002 b@bee.nl 1;"
                                "w001 c@cee.nl 1;z001 d@dee.nl 1;"
                                "z002 e@ee.nl 0;");
    assert_int_equal(bar_store_contacts(st, 2019, contact_line, &l, &err),
                     BAR_ENOTFOUND);
    bar_store_close(st);
    bar_error_clear(&err);
}

static void test_frame_import_and_by_sector(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, (int[]){2021, 2022}, 2);
    import_frame(st, 2021, fx->mini);

    /* gem, ws, zbo */
    size_t counts[3], total = 0;
    assert_int_equal(bar_store_frame_by_sector(st, 2021, fx->mini, counts,
                                               &total, &err), BAR_OK);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 2);
    assert_int_equal(total, 5);
    /* A wave without a frame: zeros. */
    assert_int_equal(bar_store_frame_by_sector(st, 2022, fx->mini, counts,
                                               &total, &err), BAR_OK);
    assert_int_equal(counts[0] + counts[1] + counts[2], 0);
    assert_int_equal(total, 0);

    size_t n = 99;
    assert_int_equal(bar_store_frame_import(st, 2021, fx->mini,
                                            DATA "frame.csv", &n, &err),
                     BAR_ECONFLICT);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err.msg, "wave 2021 already has a frame of 5"));
    bar_error_clear(&err);
    assert_int_equal(bar_store_frame_import(st, 2030, fx->mini,
                                            DATA "frame.csv", &n, &err),
                     BAR_ENOTFOUND);
    assert_non_null(strstr(err.msg, "wave 2030 is not in the store"));
    bar_error_clear(&err);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM frame"), 5);
    assert_int_equal(sql_int(fx->db, "SELECT rows FROM audit WHERE action = "
                                     "'frame_import'"), 5);
    bar_store_close(st);
}

#define HEADER "org_id,name,sector,cluster,email\n"
#define GOOD_ROW "a1,Aa,gem,gemeente,a@a.nl\n"

static const struct bad_frame {
    const char *name;
    const char *csv;
    bar_status status;
    const char *msg;    /* what follows the file name in err.msg, exactly */
} bad_frames[] = {
    {"unknown sector", HEADER GOOD_ROW "a2,Bb,xx,gemeente,b@b.nl\n",
     BAR_EINVALID, ":3: field 3 'sector': unknown code 'xx' (expected gem, "
                   "ws or zbo)"},
    {"unknown cluster", HEADER GOOD_ROW "a2,Bb,gem,nope,b@b.nl\n",
     BAR_EINVALID, ":3: field 4 'cluster': unknown code 'nope' (expected "
                   "gemeente, water or zbo)"},
    {"duplicate org_id", HEADER GOOD_ROW "a1,Bb,gem,gemeente,b@b.nl\n",
     BAR_EINVALID, ":3: field 1 'org_id': duplicate org_id 'a1' (also on "
                   "line 2)"},
    {"email without @", HEADER GOOD_ROW "a2,Bb,gem,gemeente,bb.nl\n",
     BAR_EINVALID, ":3: field 5 'email': 'bb.nl' is not an e-mail address "
                   "(one '@' with text on both sides)"},
    {"email with two @", HEADER GOOD_ROW "a2,Bb,gem,gemeente,b@@b.nl\n",
     BAR_EINVALID, ":3: field 5 'email': 'b@@b.nl' is not an e-mail "
                   "address (one '@' with text on both sides)"},
    {"email ending in @", HEADER GOOD_ROW "a2,Bb,gem,gemeente,b@\n",
     BAR_EINVALID, ":3: field 5 'email': 'b@' is not an e-mail address "
                   "(one '@' with text on both sides)"},
    {"missing name", HEADER GOOD_ROW "a2,,gem,gemeente,b@b.nl\n",
     BAR_EINVALID, ":3: field 2 'name': empty: every organisation needs a "
                   "name"},
    {"org_id of spaces", HEADER "  ,Aa,gem,gemeente,a@a.nl\n", BAR_EINVALID,
     ":2: field 1 'org_id': blank: an org_id of only spaces identifies no "
     "organisation"},
    {"ids that differ only in surrounding spaces",
     HEADER GOOD_ROW " a1\t,Bb,gem,gemeente,b@b.nl\n", BAR_EINVALID,
     ":3: field 1 'org_id': duplicate org_id 'a1' (also on line 2)"},
    {"UTF-16", "\xFF\xFEo", BAR_EPARSE, ": the file is UTF-16LE "
     "(byte-order mark FF FE), not UTF-8: save it as \"CSV UTF-8\" or "
     "convert it (iconv -f UTF-16LE -t UTF-8)"},
    {"missing org_id", HEADER ",Aa,gem,gemeente,a@a.nl\n", BAR_EINVALID,
     ":2: field 1 'org_id': empty: every organisation needs an org_id"},
    {"header lacks cluster", "org_id,name,sector,email\na1,Aa,gem,a@a.nl\n",
     BAR_EINVALID, ":1: no column 'cluster': a frame has org_id, name, "
                   "sector, cluster and email"},
    {"misspelt column", "org_id,name,sectr,cluster,email\n"
                        "a1,Aa,gem,gemeente,a@a.nl\n",
     BAR_EINVALID, ":1: field 3 'sectr': unknown column; did you mean "
                   "'sector'? (the file has no column 'sector')"},
    {"unknown column", "org_id,name,sector,cluster,email,phone\n"
                       "a1,Aa,gem,gemeente,a@a.nl,0101\n",
     BAR_EINVALID, ":1: field 6 'phone': unknown column (a frame has "
                   "org_id, name, sector, cluster and email)"},
    {"column twice", "org_id,name,sector,cluster,email,name\n"
                     "a1,Aa,gem,gemeente,a@a.nl,Ab\n",
     BAR_EINVALID, ":1: field 6 'name': duplicate column (also field 2)"},
    {"ragged row", HEADER GOOD_ROW "a2,Bb,gem\n", BAR_EPARSE,
     ":3: row has 3 fields, the header has 5"},
    {"header without data rows", HEADER, BAR_EINVALID,
     ": no data rows (the file has only a header)"},
    {"empty file", "", BAR_EPARSE, ": empty file"},
};

static void test_frame_bad_cases(void **state)
{
    fixture *fx = *state;
    bar_store *st = new_store(fx, (int[]){2021}, 1);
    char path[256];
    snprintf(path, sizeof path, "%s/bad-frame.csv", fx->dir);
    for (size_t i = 0; i < sizeof bad_frames / sizeof bad_frames[0]; i++) {
        const struct bad_frame *c = &bad_frames[i];
        write_file(path, c->csv);
        bar_error err;
        bar_error_init(&err);
        size_t n = 99;
        bar_status rc = bar_store_frame_import(st, 2021, fx->mini, path, &n,
                                               &err);
        bool same = strncmp(err.msg, path, strlen(path)) == 0 &&
                    strcmp(err.msg + strlen(path), c->msg) == 0;
        if (rc != c->status || !same)
            print_error("case '%s': status %d, message: %s\n", c->name, rc,
                        err.msg);
        assert_int_equal(rc, c->status);
        assert_true(same);
        assert_int_equal(n, 0);
        bar_error_clear(&err);
    }
    /* Nothing was stored by any of them. */
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM frame"), 0);

    /* Every fault of a file is reported, not only the first. */
    write_file(path, HEADER "a1,,gem,gemeente,a@a.nl\n"
                            "a2,Bb,xx,gemeente,b@b.nl\n"
                            "a3,Cc,gem,gemeente,c.nl\n");
    bar_error err;
    bar_error_init(&err);
    size_t n = 0;
    assert_int_equal(bar_store_frame_import(st, 2021, fx->mini, path, &n,
                                            &err), BAR_EINVALID);
    assert_int_equal(err.count, 3);
    assert_non_null(strstr(err.log, ":3: field 3 'sector'"));
    assert_non_null(strstr(err.log, ":4: field 5 'email'"));
    bar_error_clear(&err);

    /* A padded org_id is stored trimmed, as the responses importer trims
     * it, so " a1 " in the frame and "a1" in the responses match. */
    write_file(path, HEADER " a1\t,Aa,gem,gemeente,a@a.nl\n"
                            "\xC2\xA0" "a 2,Bb,ws,water,b@b.nl\n");
    assert_int_equal(bar_store_frame_import(st, 2021, fx->mini, path, &n,
                                            &err), BAR_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM frame WHERE "
                                     "org_id IN ('a1', 'a 2')"), 2);
    bar_dataset *ds = read_csv_mem("org_id,sector,cluster\n a1 ,gem,"
                                   "gemeente\n", fx->mini);
    assert_int_equal(bar_store_responses_import(st, 2021, ds, false, &err),
                     BAR_OK);
    bar_dataset_free(ds);
    bar_store_close(st);
}

/* ---- responses -------------------------------------------------------- */

static void test_responses_round_trip(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, (int[]){2021}, 1);
    import_frame(st, 2021, fx->mini);
    bar_dataset *in = read_responses(fx->mini);
    assert_int_equal(bar_dataset_nrows(in), 4);
    bar_status rc = bar_store_responses_import(st, 2021, in, false, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);

    /* Categories are stored as their codes, numbers as integers. */
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM response WHERE "
                                     "sector = 'zbo' AND cluster = 'zbo'"),
                     1);
    assert_int_equal(sql_int(fx->db,
                             pg_base ? "SELECT count(*) FROM response WHERE "
                                       "pg_typeof(size) = 'bigint'::regtype"
                                     : "SELECT count(*) FROM response WHERE "
                                       "typeof(size) = 'integer'"), 4);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM response WHERE "
                                     "type_product IS NULL"), 1);

    bar_dataset *out = NULL;
    assert_int_equal(bar_store_responses_load(st, 2021, fx->mini, &out,
                                              &err), BAR_OK);
    assert_same_dataset(in, out);
    assert_string_equal(bar_dataset_get_str(out, 0, 9),
                        "A new \"portal\", with\ntwo lines");
    bar_dataset_free(out);
    out = NULL;

    /* Loading under a later instrument matches columns by name: the new
     * variable `remote` reads as missing. */
    assert_int_equal(bar_store_responses_load(st, 2021, fx->mini2, &out,
                                              &err), BAR_OK);
    long remote = bar_dataset_col(out, "remote");
    assert_true(remote >= 0);
    for (size_t r = 0; r < 4; r++)
        assert_true(isnan(bar_dataset_get(out, r, (size_t)remote)));
    assert_string_equal(bar_dataset_get_str(out, 2, 0), "w001");
    bar_dataset_free(out);

    assert_int_equal(bar_store_responses_load(st, 2019, fx->mini, &out,
                                              &err), BAR_ENOTFOUND);
    bar_error_clear(&err);
    bar_dataset_free(in);
    bar_store_close(st);
}

static void test_responses_replace_and_conflict(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, (int[]){2021}, 1);
    bar_dataset *in = read_responses(fx->mini);
    assert_int_equal(bar_store_responses_import(st, 2021, in, false, &err),
                     BAR_OK);

    bar_dataset *again = read_csv_mem(
        "org_id,wave,sector,cluster,size,innovated\n"
        "a9,2021,gem,gemeente,1,0\n"
        "w001,2021,ws,water,2,0\n", fx->mini);
    assert_int_equal(bar_store_responses_import(st, 2021, again, false,
                                                &err), BAR_ECONFLICT);
    assert_non_null(strstr(err.msg, "'w001' already has a response in wave "
                                    "2021"));
    bar_error_clear(&err);
    assert_int_equal(load_count(st, 2021, fx->mini), 4);

    assert_int_equal(bar_store_responses_import(st, 2021, again, true, &err),
                     BAR_OK);
    bar_dataset *out = NULL;
    assert_int_equal(bar_store_responses_load(st, 2021, fx->mini, &out,
                                              &err), BAR_OK);
    assert_int_equal(bar_dataset_nrows(out), 5);
    /* Ordered by org_id: a9, g001, g002, w001, z001. w001 is replaced
     * whole: size 2, innovated 0, and its old answers are gone. */
    assert_string_equal(bar_dataset_get_str(out, 0, 0), "a9");
    assert_string_equal(bar_dataset_get_str(out, 3, 0), "w001");
    assert_true(bar_dataset_get(out, 3, 4) == 2.0);
    assert_true(bar_dataset_get(out, 3, 5) == 0.0);
    assert_true(isnan(bar_dataset_get(out, 3, 7)));
    assert_null(bar_dataset_get_str(out, 3, 9));
    bar_dataset_free(out);
    assert_int_equal(sql_int(fx->db, "SELECT replaced FROM audit WHERE "
                                     "action = 'responses_replace'"), 1);
    assert_int_equal(sql_int(fx->db, "SELECT rows FROM audit WHERE "
                                     "action = 'responses_import'"), 4);
    bar_dataset_free(again);
    bar_dataset_free(in);
    bar_store_close(st);
}

static const struct bad_responses {
    const char *name;
    const char *csv;
    int wave;
    bar_status status;
    const char *msg;
} bad_responses[] = {
    {"org not in frame",
     "org_id,sector,cluster,size\ng001,gem,gemeente,1\nx999,gem,gemeente,2\n",
     2021, BAR_EINVALID,
     "mem.csv:3: field 1 'org_id': 'x999' is not in the frame of wave 2021"},
    {"sector disagrees with frame",
     "org_id,sector,cluster,size\nw001,gem,water,1\n", 2021, BAR_EINVALID,
     "mem.csv:2: field 2 'sector': 'gem' disagrees with the frame of wave "
     "2021 ('ws') for org_id 'w001'"},
    {"cluster disagrees with frame, after a quoted newline",
     "org_id,size,cluster,sector\ng001,1,gemeente,\"gem\"\n"
     "\"w001\",1,zbo,ws\n", 2021, BAR_EINVALID,
     "mem.csv:3: field 3 'cluster': 'zbo' disagrees with the frame of wave "
     "2021 ('water') for org_id 'w001'"},
    {"sector missing",
     "org_id,sector,cluster,size\nw001,,water,1\n", 2021, BAR_EINVALID,
     "mem.csv:2: field 2 'sector': missing; the frame of wave 2021 says "
     "'ws' for org_id 'w001'"},
    {"no sector column",
     "org_id,cluster,size\nw001,water,1\n", 2021, BAR_EINVALID,
     "mem.csv:2: variable 'sector': missing; the frame of wave 2021 says "
     "'ws' for org_id 'w001'"},
    {"wave column disagrees",
     "org_id,wave,sector,cluster\ng001,2020,gem,gemeente\n", 2021,
     BAR_EINVALID, "mem.csv:2: field 2 'wave': wave 2020, not 2021 (org_id "
                   "'g001')"},
    {"no such wave", "org_id,sector,cluster\ng001,gem,gemeente\n", 2025,
     BAR_ENOTFOUND, "wave 2025 is not in the store (add it with 'barometer "
                    "init STORE --wave 2025')"},
};

static void test_responses_bad_cases(void **state)
{
    fixture *fx = *state;
    bar_store *st = new_store(fx, (int[]){2021}, 1);
    import_frame(st, 2021, fx->mini);
    for (size_t i = 0; i < sizeof bad_responses / sizeof bad_responses[0];
         i++) {
        const struct bad_responses *c = &bad_responses[i];
        bar_dataset *ds = read_csv_mem(c->csv, fx->mini);
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_store_responses_import(st, c->wave, ds, false,
                                                   &err);
        if (rc != c->status || strcmp(err.msg, c->msg) != 0)
            print_error("case '%s': status %d, message: %s\n", c->name, rc,
                        err.msg);
        assert_int_equal(rc, c->status);
        assert_string_equal(err.msg, c->msg);
        bar_error_clear(&err);
        bar_dataset_free(ds);
    }
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM response"), 0);

    /* Responses of another instrument than the wave's are refused. */
    bar_dataset *ds = read_csv_mem("org_id,sector,cluster\ng001,gem,"
                                   "gemeente\n", fx->mini2);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_store_responses_import(st, 2021, ds, false, &err),
                     BAR_EINVALID);
    assert_non_null(strstr(err.msg, "created for instrument 'store-mini'"));
    bar_error_clear(&err);
    bar_dataset_free(ds);

    /* A dataset built in code knows no file: its cases are numbered. */
    ds = bar_dataset_new(fx->mini);
    size_t r = 0;
    assert_int_equal(bar_dataset_add_row(ds, &r), BAR_OK);
    bar_dataset_set_str(ds, r, (size_t)bar_instrument_find(fx->mini,
                                                           "org_id"), "x9");
    assert_int_equal(bar_store_responses_import(st, 2021, ds, false, &err),
                     BAR_EINVALID);
    assert_string_equal(err.msg, "variable 'org_id': case 1: 'x9' is not in "
                                 "the frame of wave 2021");
    bar_error_clear(&err);
    bar_dataset_free(ds);
    bar_store_close(st);
}

/* A failure after rows were written and a column was added leaves the store
 * as it was: no rows, no column, no audit line. */
static void test_failed_import_rolls_back(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, (int[]){2021, 2023}, 2);
    /* Wave 2023 is mini2's; mini2-lite has the same id without `remote`. */
    bar_dataset *first = read_csv_mem("org_id,sector,cluster,size\n"
                                      "g001,gem,gemeente,1\n", fx->lite);
    assert_int_equal(bar_store_responses_import(st, 2023, first, false,
                                                &err), BAR_OK);
    long long audit = sql_int(fx->db, "SELECT count(*) FROM audit");
    long long cols = sql_int(fx->db, response_columns_sql());

    bar_dataset *second = read_csv_mem(
        "org_id,sector,cluster,size,remote\n"
        "a1,ws,water,1,1\nb1,zbo,zbo,2,0\ng001,gem,gemeente,2,1\n",
        fx->mini2);
    assert_int_equal(bar_store_responses_import(st, 2023, second, false,
                                                &err), BAR_ECONFLICT);
    bar_error_clear(&err);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM response"), 1);
    assert_int_equal(sql_int(fx->db, response_columns_sql()), cols);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM audit"), audit);

    /* The same import with replace succeeds and adds the column. */
    assert_int_equal(bar_store_responses_import(st, 2023, second, true,
                                                &err), BAR_OK);
    assert_int_equal(sql_int(fx->db, response_columns_sql()),
                     cols + 1);
    assert_int_equal(sql_int(fx->db, "SELECT sum(remote) FROM response"), 2);
    bar_dataset_free(first);
    bar_dataset_free(second);
    bar_store_close(st);
}

/* ---- accounts ---------------------------------------------------------- */

static bar_status account_line(void *ctx, const char *name,
                               const char *created_at,
                               const char *updated_at, bar_error *err)
{
    (void)err;
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s%s", n ? "," : "", name);
    assert_int_equal(strlen(created_at), 20);
    assert_int_equal(strlen(updated_at), 20);
    return BAR_OK;
}

/* Accounts: added, read, listed in byte order of their names, given a new
 * hash, removed; each write audited; a second add, a change or removal of
 * an unknown name refused. */
static void test_accounts(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    bar_store *st = new_store(fx, NULL, 0);
    static const struct {
        const char *name, *hash;
    } adds[] = {{"zoe", "$argon2id$z"}, {"Bram", "$argon2id$b"},
                {"ann", "$argon2id$a"}};
    for (size_t i = 0; i < sizeof adds / sizeof adds[0]; i++)
        assert_int_equal(bar_store_account_add(st, adds[i].name,
                                               adds[i].hash, &err), BAR_OK);
    assert_int_equal(bar_store_account_add(st, "ann", "$x", &err),
                     BAR_ECONFLICT);
    bar_error_clear(&err);
    char list[256] = "";
    assert_int_equal(bar_store_account_each(st, account_line, list, &err),
                     BAR_OK);
    assert_string_equal(list, "Bram,ann,zoe");
    assert_int_equal(bar_store_account_set(st, "ann", "$argon2id$a2", &err),
                     BAR_OK);
    assert_int_equal(bar_store_account_set(st, "nobody", "$x", &err),
                     BAR_ENOTFOUND);
    bar_error_clear(&err);
    bool found = false;
    char hash[64];
    assert_int_equal(bar_store_account_get(st, "ann", &found, hash,
                                           sizeof hash, &err), BAR_OK);
    assert_true(found);
    assert_string_equal(hash, "$argon2id$a2");
    assert_int_equal(bar_store_account_remove(st, "zoe", &err), BAR_OK);
    assert_int_equal(bar_store_account_remove(st, "zoe", &err),
                     BAR_ENOTFOUND);
    bar_error_clear(&err);
    found = true;
    assert_int_equal(bar_store_account_get(st, "zoe", &found, hash,
                                           sizeof hash, &err), BAR_OK);
    assert_false(found);
    bar_store_close(st);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM account"), 2);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM audit WHERE "
                                     "action LIKE 'account_%'"), 5);
    bar_error_clear(&err);
}

/* ---- quotes ----------------------------------------------------------- */

/* The decisions of a wave as "org/variable=state(by,hashed)" lines. */
static bar_status quote_line(void *ctx, const bar_store_quote *q,
                             bar_error *err)
{
    (void)err;
    char *list = ctx;
    size_t n = strlen(list);
    snprintf(list + n, 512 - n, "%s/%s=%s(%s,%s);", q->org_id, q->variable,
             q->approved ? "approved" : "rejected", q->decided_by,
             q->has_hash ? "hashed" : "nohash");
    assert_int_equal(strlen(q->decided_at), 20);
    return BAR_OK;
}

/* A decision per open answer: approve, reject, change one's mind (the
 * later decision replaces the earlier), each with an audit line; the
 * hash decides whether a text is approved, so an answer changed after
 * its approval is not; an organisation outside the frame is
 * BAR_ENOTFOUND, a decision without account or hash BAR_EUSAGE; nothing
 * is written then. */
static void test_quotes(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    int waves[] = {2021, 2023};
    bar_store *st = new_store(fx, waves, 2);
    import_frame(st, 2021, fx->mini);
    import_frame(st, 2023, fx->mini2);
    static const char text[] = "Een nieuw \"portaal\" voor inwoners, "
                               "co\xc3\xb6rdinatie";
    uint8_t h[BAR_STORE_QUOTE_HASH], h2[BAR_STORE_QUOTE_HASH];
    assert_int_equal(bar_store_quote_hash(text, h, &err), BAR_OK);
    assert_int_equal(bar_store_quote_hash("Een nieuw portaal", h2, &err),
                     BAR_OK);
    assert_memory_not_equal(h, h2, sizeof h);
    /* BLAKE2b-256 of "abc" (RFC 7693's key-less hash, 32 bytes out) */
    static const uint8_t abc[32] = {
        0xbd, 0xdd, 0x81, 0x3c, 0x63, 0x42, 0x39, 0x72, 0x31, 0x71, 0xef,
        0x3f, 0xee, 0x98, 0x57, 0x9b, 0x94, 0x96, 0x4e, 0x3b, 0xb1, 0xcb,
        0x3e, 0x42, 0x72, 0x62, 0xc8, 0xc0, 0x68, 0xd5, 0x23, 0x19};
    uint8_t got[32];
    assert_int_equal(bar_store_quote_hash("abc", got, &err), BAR_OK);
    assert_memory_equal(got, abc, 32);

    static const struct {
        int wave;
        const char *org, *var;
        bool approve;
        const char *by;
        bar_status want;
    } steps[] = {
        {2021, "z002", "description", true, "ann", BAR_OK},
        {2021, "g001", "description", false, "Bram", BAR_OK},
        {2021, "g001", "result_other", true, "ann", BAR_OK},
        {2021, "g001", "result_other", false, "Bram", BAR_OK}, /* replaced */
        {2023, "z002", "description", true, "ann", BAR_OK},
        {2021, "x999", "description", true, "ann", BAR_ENOTFOUND},
        {2021, "g001", "description", true, "", BAR_EUSAGE},
        {2021, "", "description", true, "ann", BAR_EUSAGE},
        {2021, "g001", "", true, "ann", BAR_EUSAGE},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        bar_status rc = bar_store_quote_set(st, steps[i].wave, steps[i].org,
                                            steps[i].var, h,
                                            steps[i].approve, steps[i].by,
                                            &err);
        if (rc != steps[i].want)
            fail_msg("step %zu: %d (%s), want %d", i, (int)rc, err.msg,
                     (int)steps[i].want);
        bar_error_clear(&err);
    }
    assert_int_equal(bar_store_quote_set(st, 2021, "g001", "description",
                                         NULL, true, "ann", &err),
                     BAR_EUSAGE);
    bar_error_clear(&err);
    char list[512] = "";
    assert_int_equal(bar_store_quote_each(st, 2021, quote_line, list, &err),
                     BAR_OK);
    assert_string_equal(list, "g001/description=rejected(Bram,hashed);"
                              "g001/result_other=rejected(Bram,hashed);"
                              "z002/description=approved(ann,hashed);");
    /* approved: this text only, and only where approved */
    static const struct {
        int wave;
        const char *org, *var, *text;
        bool want;
    } asks[] = {
        {2021, "z002", "description", text, true},
        {2021, "z002", "description", "Een nieuw portaal", false},
        {2021, "z002", "description", "", false},
        {2021, "z002", "result_other", text, false},
        {2021, "g001", "description", text, false},   /* rejected */
        {2021, "g002", "description", text, false},   /* no decision */
        {2023, "z002", "description", text, true},
        {2022, "z002", "description", text, false},
    };
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        bool ok = !asks[i].want;
        assert_int_equal(bar_store_quote_approved(st, asks[i].wave,
                                                  asks[i].org, asks[i].var,
                                                  asks[i].text, &ok, &err),
                         BAR_OK);
        if (ok != asks[i].want)
            fail_msg("ask %zu: %d, want %d", i, ok, asks[i].want);
    }
    assert_false(bar_store_quote_current(NULL, text));
    bar_store_close(st);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM quote"), 4);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM audit WHERE "
                                     "action = 'quote_approve'"), 3);
    assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM audit WHERE "
                                     "action = 'quote_reject' AND "
                                     "wave = 2021 AND rows = 1"), 2);
    bar_error_clear(&err);
}

/* A store of schema 8 with an approval: migration 9 carries it into the
 * quote table as approved without a hash, which approves no text until
 * the team approves it again. */
static void test_quotes_migrate_schema8(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    int waves[] = {2021};
    bar_store *st = new_store(fx, waves, 1);
    import_frame(st, 2021, fx->mini);
    bar_store_close(st);
    /* back to schema 8: no quote table, an approval as schema 8 kept it */
    sql_int(fx->db, "DROP TABLE quote; UPDATE meta SET value = '8' WHERE "
                    "key = 'schema_version';");
    sql_int(fx->db, "INSERT INTO approval (wave, org_id, variable, "
                    "approved_by, approved_at) VALUES (2021, 'z002', "
                    "'description', 'ann', '2026-11-30T10:00:00Z');");
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_EXISTING, &st, &err),
                     BAR_OK);
    assert_int_equal(sql_int(fx->db, "SELECT value FROM meta WHERE key = "
                                     "'schema_version'"), SCHEMA_NOW);
    char list[512] = "";
    assert_int_equal(bar_store_quote_each(st, 2021, quote_line, list, &err),
                     BAR_OK);
    assert_string_equal(list, "z002/description=approved(ann,nohash);");
    bool ok = true;
    assert_int_equal(bar_store_quote_approved(st, 2021, "z002",
                                              "description", "any text", &ok,
                                              &err), BAR_OK);
    assert_false(ok);
    uint8_t h[BAR_STORE_QUOTE_HASH];
    assert_int_equal(bar_store_quote_hash("any text", h, &err), BAR_OK);
    assert_int_equal(bar_store_quote_set(st, 2021, "z002", "description", h,
                                         true, "Bram", &err), BAR_OK);
    assert_int_equal(bar_store_quote_approved(st, 2021, "z002",
                                              "description", "any text", &ok,
                                              &err), BAR_OK);
    assert_true(ok);
    bar_store_close(st);
    bar_error_clear(&err);
}

/* ---- store copy ---------------------------------------------------------- */

/* Fill every table of st: waves 2021 (mini, with dates) and 2023 (mini2),
 * 2021's frame and responses, two tokens, a draft, the send log (an
 * answer with a quote and an accent), two accounts, two admin sessions
 * (one past 2038), an approved quote (schema 8's approval) and two
 * quote decisions; the audit follows. */
static void fill_store(fixture *fx, bar_store *st)
{
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_store_wave_add(st, 2021, fx->mini, &err), BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2023, fx->mini2, &err), BAR_OK);
    assert_int_equal(bar_store_wave_set_dates(st, 2021, "2021-03-01",
                                              "2021-04-15", &err), BAR_OK);
    import_frame(st, 2021, fx->mini);
    bar_dataset *ds = read_responses(fx->mini);
    assert_int_equal(bar_store_responses_import(st, 2021, ds, false, &err),
                     BAR_OK);
    bar_dataset_free(ds);
    uint8_t h[2][32];
    for (int i = 0; i < 2; i++)
        for (int b = 0; b < 32; b++)
            h[i][b] = (uint8_t)(i * 101 + b * 7); /* 0x00 and 0xff too */
    long long id = 0;
    assert_int_equal(bar_store_send_begin(st, 2021, "z002", "invite",
                                          BAR_SEND_SMTP, h[0], false, &id,
                                          &err), BAR_OK);
    assert_int_equal(bar_store_send_end(st, id, BAR_SEND_SENT,
                                        "250 'ok' for Zbo \xc3\xa9", &err),
                     BAR_OK);
    assert_int_equal(bar_store_token_add(st, 2021, "z002", h[1], &err),
                     BAR_OK);
    assert_int_equal(bar_store_draft_put(st, 2021, "z002",
                                         "{\"size\": 2, \"note\": \"\xe2\x82"
                                         "\xac\"}", "nl", &err), BAR_OK);
    assert_int_equal(bar_store_account_add(st, "ann", "$argon2id$a", &err),
                     BAR_OK);
    assert_int_equal(bar_store_account_add(st, "Bram", "$argon2id$b", &err),
                     BAR_OK);
    assert_int_equal(bar_store_session_add(st, h[0], "ann", 1700000000LL, 0,
                                           0, &err), BAR_OK);
    assert_int_equal(bar_store_session_add(st, h[1], "Bram", 4102444800LL, 0,
                                           0, &err), BAR_OK);
    uint8_t qh[BAR_STORE_QUOTE_HASH];
    assert_int_equal(bar_store_quote_hash("Zbo \xc3\xa9\n'quote'", qh,
                                          &err), BAR_OK);
    assert_int_equal(bar_store_quote_set(st, 2021, "z002", "description", qh,
                                         true, "ann", &err), BAR_OK);
    assert_int_equal(bar_store_quote_set(st, 2021, "g001", "description", qh,
                                         false, "Bram", &err), BAR_OK);
    bar_error_clear(&err);
}

static void assert_same_sums(const bar_store_copy_report *a,
                             const bar_store_copy_report *b)
{
    assert_int_equal(a->n, BAR_STORE_COPY_TABLES);
    assert_int_equal(b->n, BAR_STORE_COPY_TABLES);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->tables[i].name, b->tables[i].name);
        assert_int_equal(a->tables[i].rows, b->tables[i].rows);
        assert_memory_equal(a->tables[i].checksum, b->tables[i].checksum,
                            BAR_STORE_COPY_SUM_BYTES);
    }
}

/* A store with every table filled, copied from SQLite into the case's
 * store (PostgreSQL when the cases run there) and back into a new SQLite
 * file: the three agree table by table (rows and checksums), the
 * responses load the same, new ids follow the copied ones; a copy into a
 * store that is not empty is BAR_ECONFLICT and changes nothing; a
 * changed value changes the checksum. */
static void test_copy(void **state)
{
    fixture *fx = *state;
    bar_error err;
    bar_error_init(&err);
    char src_path[160], back_path[160];
    snprintf(src_path, sizeof src_path, "%s/src.db", fx->dir);
    snprintf(back_path, sizeof back_path, "%s/back.db", fx->dir);
    bar_store *src = NULL, *mid = NULL, *back = NULL;
    assert_int_equal(bar_store_open(src_path, BAR_STORE_CREATE, &src, &err),
                     BAR_OK);
    fill_store(fx, src);
    /* an approval of schema 8 (the table is copied as it is) */
    sql_int(src_path, "INSERT INTO approval VALUES (2021, 'z002', 'note', "
                      "'ann', '2021-05-01T09:00:00Z');");
    /* a decision carried over from schema 8: no hash (NULL) */
    sql_int(src_path, "INSERT INTO quote VALUES (2021, 'w001', "
                      "'result_other', NULL, 'approved', 'ann', "
                      "'2021-05-01T10:00:00Z');");
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &mid, &err),
                     BAR_OK);
    assert_int_equal(bar_store_open(back_path, BAR_STORE_CREATE, &back,
                                    &err), BAR_OK);
    bar_store_copy_report r_src, r_mid, r_back, r_copy;
    assert_int_equal(bar_store_copy(src, mid, &r_copy, &err), BAR_OK);
    assert_int_equal(bar_store_copy(mid, back, NULL, &err), BAR_OK);
    assert_int_equal(bar_store_checksum(src, &r_src, &err), BAR_OK);
    assert_int_equal(bar_store_checksum(mid, &r_mid, &err), BAR_OK);
    assert_int_equal(bar_store_checksum(back, &r_back, &err), BAR_OK);
    assert_same_sums(&r_src, &r_copy);
    assert_same_sums(&r_src, &r_mid);
    assert_same_sums(&r_src, &r_back);
    static const struct {
        const char *table;
        size_t rows;
    } want[] = {{"wave", 2},  {"frame", 5},    {"response", 4},
                {"token", 2}, {"draft", 1},    {"send_log", 1},
                {"account", 2}, {"session", 2}, {"approval", 1},
                {"quote", 3}, {"audit", 9}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(r_mid.tables[i].name, want[i].table);
        assert_int_equal(r_mid.tables[i].rows, want[i].rows);
    }
    /* the responses, with mini2's column, read back the same */
    bar_dataset *a = NULL, *b = NULL;
    assert_int_equal(bar_store_responses_load(src, 2021, fx->mini, &a,
                                              &err), BAR_OK);
    assert_int_equal(bar_store_responses_load(back, 2021, fx->mini, &b,
                                              &err), BAR_OK);
    assert_same_dataset(a, b);
    bar_dataset_free(a);
    bar_dataset_free(b);
    /* a session read back from the round trip */
    uint8_t sh[32];
    for (int i = 0; i < 32; i++)
        sh[i] = (uint8_t)(101 + i * 7);
    bar_store_session ses = {0};
    assert_int_equal(bar_store_session_find(back, sh, &ses, &err), BAR_OK);
    assert_true(ses.found);
    assert_string_equal(ses.account, "Bram");
    assert_int_equal(ses.created_at, 4102444800LL);
    assert_int_equal(ses.seen_at, 4102444800LL);
    /* new rows of the copy follow the copied ids */
    uint8_t h[32];
    memset(h, 0x5a, sizeof h);
    long long id = 0;
    assert_int_equal(bar_store_send_begin(mid, 2021, "w001", "invite",
                                          BAR_SEND_SMTP, h, false, &id,
                                          &err), BAR_OK);
    assert_int_equal(id, 2);
    assert_int_equal(bar_store_account_add(mid, "cor", "$argon2id$c", &err),
                     BAR_OK);
    /* not into a store that has rows; nothing changes */
    assert_int_equal(bar_store_copy(src, mid, NULL, &err), BAR_ECONFLICT);
    assert_non_null(strstr(err.msg, "not empty"));
    bar_error_clear(&err);
    bar_store_copy_report r_after;
    assert_int_equal(bar_store_checksum(mid, &r_after, &err), BAR_OK);
    assert_int_equal(r_after.tables[5].rows, 2);  /* send_log */
    assert_int_equal(r_after.tables[10].rows, 10);  /* audit */
    /* the checksum sees a changed value */
    assert_int_equal(bar_store_account_set(back, "ann", "$argon2id$x", &err),
                     BAR_OK);
    assert_int_equal(bar_store_checksum(back, &r_back, &err), BAR_OK);
    assert_memory_not_equal(r_back.tables[6].checksum,
                            r_src.tables[6].checksum,
                            BAR_STORE_COPY_SUM_BYTES);
    bar_store_close(back);
    bar_store_close(mid);
    bar_store_close(src);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_create_and_migrate, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_open_refuses_newer_schema, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_open_refuses_other_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_waves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wave_provenance, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wave_study, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fieldwork, setup, teardown),
        cmocka_unit_test_setup_teardown(test_send_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_schema1, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_frame_import_and_by_sector,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_frame_bad_cases, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_responses_round_trip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_responses_replace_and_conflict,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_responses_bad_cases, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failed_import_rolls_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_migrate_schema8, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name("store on SQLite", tests, NULL,
                                             NULL);
    const char *uri = getenv("BAR_TEST_PG_URI");
    if (uri && *uri) {
        pg_base = uri;
        failed += cmocka_run_group_tests_name("store on PostgreSQL", tests,
                                              NULL, NULL);
    }
    return failed;
}

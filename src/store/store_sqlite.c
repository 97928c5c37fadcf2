/* store_sqlite.c - the SQLite backend of the store (libsqlite3).
 *
 * One database file per store, opened in WAL mode with foreign keys on,
 * synchronous=FULL and a busy timeout, so that the web server and the
 * command line can share it. The schema is in docs/internals/store.md;
 * `migrations` below is its history, applied in order in one transaction on
 * open. Every statement is prepared and bound; the only SQL assembled from
 * text is the list of response columns, whose names are instrument variable
 * names (checked by the instrument loader, and quoted here all the same).
 */
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "store/store_backend.h"

enum {
    BUSY_TIMEOUT_MS = 10000,
    SQL_MAX = 1 << 20,         /* bytes of one assembled statement */
    PROGRESS_ROWS = 4096       /* rows between two progress reports */
};

/* The schema, one step per version: migrations[i] takes a store from
 * version i to i + 1. Append only; never edit a step that has shipped. */
static const char *const migrations[] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);"
    "CREATE TABLE wave ("
    "  wave INTEGER PRIMARY KEY,"
    "  instrument_id TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE frame ("
    "  wave INTEGER NOT NULL REFERENCES wave(wave),"
    "  org_id TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  sector TEXT NOT NULL,"
    "  cluster TEXT NOT NULL,"
    "  email TEXT NOT NULL,"
    "  PRIMARY KEY (wave, org_id));"
    "CREATE TABLE response ("
    "  wave INTEGER NOT NULL REFERENCES wave(wave),"
    "  org_id TEXT NOT NULL,"
    "  _created_at TEXT NOT NULL,"
    "  _updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (wave, org_id));"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  wave INTEGER,"
    "  action TEXT NOT NULL,"
    "  rows INTEGER NOT NULL,"
    "  replaced INTEGER NOT NULL);",
    /* 1 -> 2: a wave's provenance: 1 when its data are simulated (set on
     * creation with --simulated, by the demo, or when simulated responses
     * are imported; never cleared). */
    "ALTER TABLE wave ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0"
    "  CHECK (simulated IN (0, 1));",
    /* 2 -> 3: the study of a wave (the text of its study file,
     * docs/study-format.md), kept with the wave. NULL for the waves of
     * older stores: they get the default study (the 2021 one) when read. */
    "ALTER TABLE wave ADD COLUMN"
    "  study TEXT;",
    /* 3 -> 4: fieldwork. A wave's opening and closing moments (ISO 8601,
     * UTC; NULL: not set), and the personal links: only the hash of each
     * token (field/token.h), any number per organisation (a reminder may
     * bring a new one; every one stays valid). */
    "ALTER TABLE wave ADD COLUMN opens_at TEXT;"
    "ALTER TABLE wave ADD COLUMN closes_at TEXT;"
    "CREATE TABLE token ("
    "  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
    "  wave INTEGER NOT NULL,"
    "  org_id TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  FOREIGN KEY (wave, org_id) REFERENCES frame(wave, org_id));"
    "CREATE INDEX token_org ON token(wave, org_id);",
    /* 4 -> 5: the research team's accounts for the fieldwork pages
     * (field/account.h): only the Argon2id hash string of a password. */
    "CREATE TABLE account ("
    "  name TEXT PRIMARY KEY,"
    "  hash TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);",
    /* 5 -> 6: the survey server's drafts (serve): the answers of one
     * organisation as they are saved page by page (a JSON object, owned by
     * field/draft.h), the language it chose, and when it submitted (then
     * the draft is locked and its answers are in the response table). */
    "CREATE TABLE draft ("
    "  wave INTEGER NOT NULL,"
    "  org_id TEXT NOT NULL,"
    "  answers TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  submitted_at TEXT,"
    "  PRIMARY KEY (wave, org_id),"
    "  FOREIGN KEY (wave, org_id) REFERENCES frame(wave, org_id));",
    /* 6 -> 7: the send log of invitations and reminders (field/invite.h):
     * one row per message, written 'sending' (and committed) before the
     * message goes out and brought to its outcome after, so that a crash
     * or a rerun never sends a message twice ('superseded': left
     * 'sending' or 'unknown', and sent again on request). kind: 'invite' or
     * 'remind-N'; channel: 'smtp' or 'mail-merge'; the hash of the token
     * the message carried; the server's last answer. */
    "CREATE TABLE send_log ("
    "  id INTEGER PRIMARY KEY,"
    "  wave INTEGER NOT NULL,"
    "  org_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind = 'invite' OR"
    "    (kind GLOB 'remind-[1-9]*' AND kind NOT GLOB 'remind-*[^0-9]*')),"
    "  channel TEXT NOT NULL CHECK (channel IN ('smtp', 'mail-merge')),"
    "  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'merged',"
    "    'failed', 'unknown', 'superseded')),"
    "  token_hash BLOB NOT NULL REFERENCES token(hash),"
    "  started_at TEXT NOT NULL,"
    "  finished_at TEXT,"
    "  answer TEXT,"
    "  FOREIGN KEY (wave, org_id) REFERENCES frame(wave, org_id));"
    "CREATE INDEX send_log_org ON send_log(wave, org_id, kind);",
    /* 7 -> 8: the research team's pages (admin): sessions, kept only as
     * the BLAKE2b-256 hash of their random id, with the account and the
     * moments (seconds since the epoch, UTC) of login and of the last
     * request, so that several servers can share them; and the open
     * answers approved for quoting (the text-mining work quotes only
     * these). */
    "CREATE TABLE session ("
    "  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
    "  account TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  seen_at INTEGER NOT NULL);"
    "CREATE TABLE approval ("
    "  wave INTEGER NOT NULL,"
    "  org_id TEXT NOT NULL,"
    "  variable TEXT NOT NULL,"
    "  approved_by TEXT NOT NULL,"
    "  approved_at TEXT NOT NULL,"
    "  PRIMARY KEY (wave, org_id, variable),"
    "  FOREIGN KEY (wave, org_id) REFERENCES frame(wave, org_id));",
    /* 8 -> 9: the research team's decisions on quotes: an open answer
     * approved or rejected for quoting, with the BLAKE2b-256 hash of the
     * text decided on (an answer changed afterwards is not approved), by
     * whom and when. The approvals of schema 8 are carried over without a
     * hash: they approve no text until the team approves it again. The
     * approval table stays, unused. */
    "CREATE TABLE quote ("
    "  wave INTEGER NOT NULL,"
    "  org_id TEXT NOT NULL,"
    "  variable TEXT NOT NULL,"
    "  text_hash BLOB CHECK (text_hash IS NULL OR length(text_hash) = 32),"
    "  state TEXT NOT NULL CHECK (state IN ('approved', 'rejected')),"
    "  decided_by TEXT NOT NULL,"
    "  decided_at TEXT NOT NULL,"
    "  PRIMARY KEY (wave, org_id, variable),"
    "  FOREIGN KEY (wave, org_id) REFERENCES frame(wave, org_id));"
    "INSERT INTO quote (wave, org_id, variable, text_hash, state,"
    "  decided_by, decided_at)"
    "  SELECT wave, org_id, variable, NULL, 'approved', approved_by,"
    "  approved_at FROM approval;",
};
enum { SCHEMA_VERSION = sizeof migrations / sizeof migrations[0] };
_Static_assert((int)SCHEMA_VERSION == (int)BAR_STORE_SCHEMA_VERSION,
               "a new migration: raise BAR_STORE_SCHEMA_VERSION and add "
               "its PostgreSQL step to store_pg.c");

/* Statements of the survey server's hot path (every page view reads a
 * token, a wave and a draft) are prepared once per connection and kept:
 * preparing them again on every call took about a tenth of a page view.
 * Only statements whose SQL is a string literal are kept, by its address. */
enum { HOT_MAX = 8 };

typedef struct sqlite_store {
    sqlite3 *db;
    char *path;     /* owned copy, for messages */
    struct {
        const char *sql;    /* a string literal */
        sqlite3_stmt *stmt;
    } hot[HOT_MAX];
} sqlite_store;

/* Put the database's last error on err as BAR_ESTORE (BAR_ECONFLICT is the
 * caller's business). */
static bar_status db_fail(sqlite_store *s, const char *what, bar_error *err)
{
    int code = sqlite3_errcode(s->db);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return bar_error_set(err, BAR_ESTORE,
                             "%s: %s: the store is busy (another process "
                             "holds its write lock)", s->path, what);
    if (code == SQLITE_NOTADB)
        return bar_error_set(err, BAR_ESTORE,
                             "%s: not a SQLite database", s->path);
    return bar_error_set(err, BAR_ESTORE, "%s: %s: %s", s->path, what,
                         sqlite3_errmsg(s->db));
}

static bar_status exec(sqlite_store *s, const char *sql, const char *what,
                       bar_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(s, what, err);
    return BAR_OK;
}

static bar_status prepare(sqlite_store *s, const char *sql,
                          sqlite3_stmt **stmt, bar_error *err)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL) != SQLITE_OK) {
        *stmt = NULL;
        return db_fail(s, "prepare", err);
    }
    return BAR_OK;
}

/* As prepare, for a statement of the hot path: sql must be a string
 * literal (the statement is kept by its address, for the connection's
 * life). Give it back with unprepare_hot, never sqlite3_finalize. */
static bar_status prepare_hot(sqlite_store *s, const char *sql,
                              sqlite3_stmt **stmt, bar_error *err)
{
    size_t i = 0;
    while (i < HOT_MAX && s->hot[i].sql && s->hot[i].sql != sql)
        i++;
    if (i < HOT_MAX && s->hot[i].sql == sql) {
        *stmt = s->hot[i].stmt;
        return BAR_OK;
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
                           NULL) != SQLITE_OK) {
        *stmt = NULL;
        return db_fail(s, "prepare", err);
    }
    if (i < HOT_MAX) { /* kept; with the table full, used once */
        s->hot[i].sql = sql;
        s->hot[i].stmt = *stmt;
    }
    return BAR_OK;
}

/* Done with a statement of prepare_hot: reset for its next use (or
 * finalized when it was not kept). */
static void unprepare_hot(sqlite_store *s, sqlite3_stmt *stmt)
{
    if (!stmt)
        return;
    for (size_t i = 0; i < HOT_MAX; i++)
        if (s->hot[i].stmt == stmt) {
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            return;
        }
    sqlite3_finalize(stmt);
}

/* The current time as ISO 8601 UTC ("2021-06-01T12:00:00Z"). */
static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) ||
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 32, "1970-01-01T00:00:00Z");
}

/* Run a query returning one integer (NULL reads as *null_out = true). */
static bar_status query_int(sqlite_store *s, const char *sql, int bind1,
                            bool has_bind, sqlite3_int64 *out, bool *is_null,
                            bar_error *err)
{
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, sql, &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (has_bind)
        sqlite3_bind_int(stmt, 1, bind1);
    int step = sqlite3_step(stmt);
    *out = 0;
    if (is_null)
        *is_null = true;
    if (step == SQLITE_ROW) {
        *out = sqlite3_column_int64(stmt, 0);
        if (is_null)
            *is_null = sqlite3_column_type(stmt, 0) == SQLITE_NULL;
    } else if (step != SQLITE_DONE) {
        rc = db_fail(s, "query", err);
    }
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- schema version and migrations ---- */

static bar_status schema_version(sqlite_store *s, long *version,
                                 bar_error *err)
{
    sqlite3_int64 n = 0;
    bar_status rc = query_int(s,
                              "SELECT count(*) FROM sqlite_master WHERE "
                              "type = 'table' AND name = 'meta'",
                              0, false, &n, NULL, err);
    if (rc != BAR_OK)
        return rc;
    if (n == 0) {
        rc = query_int(s,
                       "SELECT count(*) FROM sqlite_master WHERE name NOT "
                       "LIKE 'sqlite_%'",
                       0, false, &n, NULL, err);
        if (rc != BAR_OK)
            return rc;
        if (n > 0)
            return bar_error_set(err, BAR_ESTORE,
                                 "%s: a SQLite database, but not a barometer "
                                 "store (it has no table 'meta')", s->path);
        *version = 0;
        return BAR_OK;
    }
    sqlite3_int64 v = 0;
    bool is_null = true;
    rc = query_int(s,
                   "SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                   "'schema_version'",
                   0, false, &v, &is_null, err);
    if (rc != BAR_OK)
        return rc;
    if (is_null || v < 1)
        return bar_error_set(err, BAR_ESTORE,
                             "%s: the store has no valid schema_version",
                             s->path);
    *version = (long)v;
    return BAR_OK;
}

/* Bring the schema to SCHEMA_VERSION in one transaction; refuse a newer
 * store. With BAR_STORE_EXISTING, a database without a schema is
 * BAR_ENOTFOUND. */
static bar_status migrate(sqlite_store *s, bar_store_mode mode,
                          bar_error *err)
{
    long version = 0;
    bool open_tx = false;
    bar_status rc = exec(s, "BEGIN IMMEDIATE", "begin", err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = schema_version(s, &version, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (version > SCHEMA_VERSION) {
        rc = bar_error_set(err, BAR_ESTORE,
                           "%s: the store has schema version %ld, newer than "
                           "this program knows (%d); use a newer barometer",
                           s->path, version, (int)SCHEMA_VERSION);
        goto cleanup;
    }
    if (version == 0 && mode == BAR_STORE_EXISTING) {
        rc = bar_error_set(err, BAR_ENOTFOUND,
                           "%s: an empty database, not a barometer store "
                           "(create one with 'barometer init')", s->path);
        goto cleanup;
    }
    for (long v = version; v < SCHEMA_VERSION; v++) {
        rc = exec(s, migrations[v], "migrate the schema", err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    if (version < SCHEMA_VERSION) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "INSERT OR REPLACE INTO meta (key, value) VALUES "
                 "('schema_version', '%d')", (int)SCHEMA_VERSION);
        rc = exec(s, sql, "migrate the schema", err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    rc = exec(s, "COMMIT", "commit", err);
    open_tx = false;
cleanup:
    if (open_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- open, close, transactions ---- */

static void sq_close(void *impl)
{
    sqlite_store *s = impl;
    if (!s)
        return;
    for (size_t i = 0; i < HOT_MAX; i++)
        sqlite3_finalize(s->hot[i].stmt);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

static bar_status sq_open(const char *uri, bar_store_mode mode, void **impl,
                          bar_error *err)
{
    bar_status rc = BAR_OK;
    sqlite_store *s = calloc(1, sizeof *s);
    *impl = NULL;
    if (!s || !(s->path = strdup(uri))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    struct stat sb;
    if (mode == BAR_STORE_EXISTING && stat(uri, &sb) != 0) {
        rc = bar_error_set(err, BAR_ENOTFOUND,
                           "%s: no such store (create one with 'barometer "
                           "init')", uri);
        goto cleanup;
    }
    if (mode == BAR_STORE_CREATE) {
        /* The store holds org_id, names, e-mail addresses and open
         * answers: a new one is private (0600 less the umask; SQLite would
         * make it 0644). An empty file is an empty database, and SQLite
         * gives the -wal and -shm files the database's mode. */
        int fd = open(uri, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0)
            close(fd);
    }
    /* NOMUTEX: a store handle is used by one thread at a time (store.h),
     * so SQLite need not lock the connection on every call; reading a
     * wave makes two calls per cell. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (mode == BAR_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(uri, &s->db, flags, NULL) != SQLITE_OK) {
        rc = s->db ? db_fail(s, "open", err)
                   : bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    rc = exec(s,
              "PRAGMA journal_mode = WAL;"
              "PRAGMA foreign_keys = ON;"
              "PRAGMA synchronous = FULL;"
              "PRAGMA cache_size = -65536;",
              "configure", err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = migrate(s, mode, err);
    if (rc != BAR_OK)
        goto cleanup;
    *impl = s;
    s = NULL;
cleanup:
    sq_close(s);
    return rc;
}

static bar_status sq_begin(void *impl, bar_error *err)
{
    return exec(impl, "BEGIN IMMEDIATE", "begin a transaction", err);
}

static bar_status sq_commit(void *impl, bar_error *err)
{
    return exec(impl, "COMMIT", "commit", err);
}

static void sq_rollback(void *impl)
{
    sqlite_store *s = impl;
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- waves ---- */

static bar_status sq_wave_insert(void *impl, int wave,
                                 const char *instrument_id, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(s,
                            "INSERT INTO wave (wave, instrument_id, "
                            "created_at) VALUES (?1, ?2, ?3)",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    sqlite3_bind_text(stmt, 2, instrument_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
            rc = bar_error_set(err, BAR_ECONFLICT,
                               "wave %d already exists in %s", wave, s->path);
        else
            rc = db_fail(s, "add a wave", err);
    }
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_wave_get(void *impl, int wave, bool *exists, char *id,
                              bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    *exists = false;
    bar_status rc = prepare_hot(s,
                            "SELECT instrument_id FROM wave WHERE wave = ?1",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        *exists = true;
        if (id) {
            const unsigned char *t = sqlite3_column_text(stmt, 0);
            snprintf(id, BAR_STORE_ID_MAX, "%s", t ? (const char *)t : "");
        }
    } else if (step != SQLITE_DONE) {
        rc = db_fail(s, "look up a wave", err);
    }
cleanup:
    unprepare_hot(s, stmt);
    return rc;
}

/* Run sql, an UPDATE of the wave row ?1 = wave (with ?2 = text when text
 * is not NULL; borrowed); BAR_ENOTFOUND when no such wave. what names the
 * work in messages. */
static bar_status update_wave(sqlite_store *s, const char *sql, int wave,
                              const char *text, const char *what,
                              bar_error *err)
{
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, sql, &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    if (text)
        sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, what, err);
    else if (sqlite3_changes(s->db) != 1)
        rc = bar_error_set(err, BAR_ENOTFOUND, "wave %d is not in %s", wave,
                           s->path);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_wave_simulated(void *impl, int wave, bool *simulated,
                                    bar_error *err)
{
    sqlite3_int64 v = 0;
    bool is_null = true;
    bar_status rc = query_int(impl, "SELECT simulated FROM wave WHERE wave = "
                              "?1", wave, true, &v, &is_null, err);
    *simulated = rc == BAR_OK && !is_null && v != 0;
    return rc;
}

/* As on PostgreSQL: only an unmarked wave is updated (*marked: this call
 * marked it); SQLite's one writer makes it exact in any case. */
static bar_status sq_wave_mark_simulated(void *impl, int wave, bool *marked,
                                         bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bool simulated = false;
    *marked = false;
    bar_status rc = prepare(s, "UPDATE wave SET simulated = 1 WHERE wave = ?1 "
                               "AND simulated = 0", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        rc = db_fail(s, "mark a wave simulated", err);
        goto cleanup;
    }
    *marked = sqlite3_changes(s->db) == 1;
    if (*marked)
        goto cleanup;
    rc = sq_wave_simulated(s, wave, &simulated, err);
    if (rc == BAR_OK && !simulated)
        rc = bar_error_set(err, BAR_ENOTFOUND, "wave %d is not in %s", wave,
                           s->path);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_wave_set_study(void *impl, int wave, const char *study,
                                    bar_error *err)
{
    return update_wave(impl, "UPDATE wave SET study = ?2 WHERE wave = ?1",
                       wave, study, "store the study of a wave", err);
}

static bar_status sq_wave_study(void *impl, int wave, char **study,
                                bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    *study = NULL;
    bar_status rc = prepare(s, "SELECT study FROM wave WHERE wave = ?1",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(stmt, 0);
        if (t && !(*study = strdup((const char *)t)))
            rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory",
                               s->path);
    } else if (step != SQLITE_DONE) {
        rc = db_fail(s, "read the study of a wave", err);
    }
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_wave_latest(void *impl, int *wave, bool *found,
                                 bar_error *err)
{
    sqlite3_int64 v = 0;
    bool is_null = true;
    bar_status rc = query_int(impl, "SELECT max(wave) FROM wave", 0, false,
                              &v, &is_null, err);
    *found = rc == BAR_OK && !is_null;
    if (*found)
        *wave = (int)v;
    return rc;
}

/* ---- frames ---- */

static bar_status sq_frame_count(void *impl, int wave, size_t *n,
                                 bar_error *err)
{
    sqlite3_int64 v = 0;
    bar_status rc = query_int(impl,
                              "SELECT count(*) FROM frame WHERE wave = ?1",
                              wave, true, &v, NULL, err);
    *n = rc == BAR_OK ? (size_t)v : 0;
    return rc;
}

static bar_status sq_frame_insert(void *impl, int wave,
                                  const bar_frame_row *rows, size_t n,
                                  bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s,
                            "INSERT INTO frame (wave, org_id, name, sector, "
                            "cluster, email) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_text(stmt, 2, rows[i].org_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, rows[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 4, rows[i].sector, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 5, rows[i].cluster, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 6, rows[i].email, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            rc = db_fail(s, "store the frame", err);
            goto cleanup;
        }
        sqlite3_reset(stmt);
    }
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_frame_each(void *impl, int wave, bar_frame_fn fn,
                                void *ctx, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s,
                            "SELECT org_id, sector, cluster FROM frame "
                            "WHERE wave = ?1 ORDER BY org_id",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        rc = fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
                (const char *)sqlite3_column_text(stmt, 1),
                (const char *)sqlite3_column_text(stmt, 2), err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read the frame", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- responses ---- */

/* The names of the response table's columns; owned. */
/* The table_columns entry of this backend (below). */
static bar_status sq_table_columns(void *impl, const char *table,
                                   bar_table_columns *c, bar_error *err);

/* Whether the response table has the column name (SQLite compares identifiers without case). */
static bool columns_has(const bar_table_columns *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (sqlite3_stricmp(c->cols[i].name, name) == 0)
            return true;
    return false;
}

/* The response table's columns, appended to the empty c. */
static bar_status columns_read(sqlite_store *s, bar_table_columns *c,
                               bar_error *err)
{
    return sq_table_columns(s, "response", c, err);
}

/* Whether variable v has a column of its own in the response table: frame
 * and asked variables except org_id and wave (which are keys). */
static bool stored_var(const bar_variable *v)
{
    return bar_var_role_of(v) != BAR_ROLE_DERIVED &&
           bar_var_type_of(v) != BAR_VAR_ID &&
           strcmp(bar_var_name(v), "wave") != 0;
}

static const char *sql_type(bar_var_type t)
{
    switch (t) {
    case BAR_VAR_INTEGER:
    case BAR_VAR_SINGLE:
    case BAR_VAR_BINARY:
        return "INTEGER";
    case BAR_VAR_NUMBER:
        return "REAL";
    default:
        return "TEXT";
    }
}

/* Append name as a quoted SQL identifier. */
static void put_ident(bar_buf *b, const char *name)
{
    bar_buf_puts(b, "\"");
    for (const char *p = name; *p; p++)
        bar_buf_puts(b, *p == '"' ? "\"\"" : (char[2]){*p, '\0'});
    bar_buf_puts(b, "\"");
}

/* Add a column for every stored variable of ins the table lacks; the list
 * of stored variables goes to vars (indexes, caller frees). */
static bar_status ensure_columns(sqlite_store *s, const bar_instrument *ins,
                                 bar_table_columns *have, size_t **vars, size_t *nvars,
                                 bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf sql;
    bar_buf_init(&sql, SQL_MAX);
    size_t n = bar_instrument_nvars(ins);
    *vars = malloc((n ? n : 1) * sizeof **vars);
    *nvars = 0;
    if (!*vars) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        if (!stored_var(v))
            continue;
        (*vars)[(*nvars)++] = i;
        if (columns_has(have, bar_var_name(v)))
            continue;
        bar_buf_reset(&sql);
        bar_buf_puts(&sql, "ALTER TABLE response ADD COLUMN ");
        put_ident(&sql, bar_var_name(v));
        bar_buf_printf(&sql, " %s", sql_type(bar_var_type_of(v)));
        if (bar_buf_status(&sql) != BAR_OK) {
            rc = bar_error_set(err, bar_buf_status(&sql), "%s",
                               bar_strerror(bar_buf_status(&sql)));
            goto cleanup;
        }
        rc = exec(s, sql.data, "add a column", err);
        if (rc != BAR_OK)
            goto cleanup;
    }
cleanup:
    bar_buf_clear(&sql);
    return rc;
}

/* INSERT of wave, org_id, the stored variables and the timestamps; with
 * replace, an upsert that overwrites every column of an existing row (those
 * of other instruments become NULL). */
static bar_status insert_sql(const bar_instrument *ins, const size_t *vars,
                             size_t nvars, const bar_table_columns *have, bool replace,
                             bar_buf *sql, bar_error *err)
{
    bar_buf_puts(sql, "INSERT INTO response (wave, org_id, _created_at, "
                      "_updated_at");
    for (size_t i = 0; i < nvars; i++) {
        bar_buf_puts(sql, ", ");
        put_ident(sql, bar_var_name(bar_instrument_var(ins, vars[i])));
    }
    bar_buf_puts(sql, ") VALUES (?1, ?2, ?3, ?3");
    for (size_t i = 0; i < nvars; i++)
        bar_buf_printf(sql, ", ?%zu", i + 4);
    bar_buf_puts(sql, ")");
    if (replace) {
        bar_buf_puts(sql, " ON CONFLICT (wave, org_id) DO UPDATE SET "
                          "_updated_at = excluded._updated_at");
        for (size_t c = 0; c < have->n; c++) {
            const char *name = have->cols[c].name;
            if (!strcmp(name, "wave") || !strcmp(name, "org_id") ||
                !strcmp(name, "_created_at") || !strcmp(name, "_updated_at"))
                continue;
            bool ours = false;
            for (size_t i = 0; i < nvars && !ours; i++)
                ours = sqlite3_stricmp(
                           name, bar_var_name(bar_instrument_var(
                                     ins, vars[i]))) == 0;
            bar_buf_puts(sql, ", ");
            put_ident(sql, name);
            bar_buf_puts(sql, " = ");
            if (ours) {
                bar_buf_puts(sql, "excluded.");
                put_ident(sql, name);
            } else {
                bar_buf_puts(sql, "NULL");
            }
        }
        /* Variables added by this import are not in have yet. */
        for (size_t i = 0; i < nvars; i++) {
            const char *name = bar_var_name(bar_instrument_var(ins, vars[i]));
            if (columns_has(have, name))
                continue;
            bar_buf_puts(sql, ", ");
            put_ident(sql, name);
            bar_buf_puts(sql, " = excluded.");
            put_ident(sql, name);
        }
    }
    bar_status st = bar_buf_status(sql);
    if (st != BAR_OK)
        return bar_error_set(err, st, "assembling the INSERT: %s",
                             bar_strerror(st));
    return BAR_OK;
}

/* Bind one cell of ds to parameter p (NULL when missing); num is the
 * variable's numeric column. Strings are bound without copying: ds outlives
 * the step. */
static void bind_cell(sqlite3_stmt *stmt, int p, const bar_dataset *ds,
                      size_t row, const bar_variable *v, const double *num)
{
    bar_var_type t = bar_var_type_of(v);
    if (t == BAR_VAR_TEXT || t == BAR_VAR_ID) {
        const char *str = bar_dataset_get_str(ds, row, bar_var_index(v));
        if (str)
            sqlite3_bind_text(stmt, p, str, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(stmt, p);
        return;
    }
    double x = num[row];
    if (isnan(x)) {
        sqlite3_bind_null(stmt, p);
    } else if (t == BAR_VAR_CATEGORY) {
        const char *code = x >= 0 && x < (double)bar_var_ncodes(v)
                               ? bar_var_code_str(v, (size_t)x) : NULL;
        if (code)
            sqlite3_bind_text(stmt, p, code, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(stmt, p);
    } else if (t == BAR_VAR_NUMBER || x != floor(x) || fabs(x) > 9e15) {
        sqlite3_bind_double(stmt, p, x);
    } else {
        sqlite3_bind_int64(stmt, p, (sqlite3_int64)x);
    }
}

static bar_status sq_responses_insert(void *impl, int wave,
                                      const bar_dataset *ds, bool replace,
                                      const bar_progress *progress,
                                      size_t *replaced, bar_error *err)
{
    sqlite_store *s = impl;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    bar_table_columns have = {0};
    size_t *vars = NULL, nvars = 0;
    const bar_variable **v = NULL;
    const double **num = NULL;
    sqlite3_stmt *stmt = NULL;
    bar_buf sql;
    bar_buf_init(&sql, SQL_MAX);
    char now[32];
    now_iso(now);
    *replaced = 0;
    long org_col = bar_instrument_find(ins, "org_id");
    size_t nrows = bar_dataset_nrows(ds);
    sqlite3_int64 before = 0, after = 0;
    bar_status rc = columns_read(s, &have, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ensure_columns(s, ins, &have, &vars, &nvars, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = insert_sql(ins, vars, nvars, &have, replace, &sql, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = query_int(s, "SELECT count(*) FROM response WHERE wave = ?1", wave,
                   true, &before, NULL, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = prepare(s, sql.data, &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    /* The variables and their numeric columns, looked up once. */
    v = malloc((nvars ? nvars : 1) * sizeof *v);
    num = malloc((nvars ? nvars : 1) * sizeof *num);
    if (!v || !num) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < nvars; i++) {
        v[i] = bar_instrument_var(ins, vars[i]);
        num[i] = bar_dataset_column(ds, vars[i]);
    }
    sqlite3_bind_int(stmt, 1, wave);
    sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
    for (size_t r = 0; r < nrows; r++) {
        const char *org_id = bar_dataset_get_str(ds, r, (size_t)org_col);
        sqlite3_bind_text(stmt, 2, org_id, -1, SQLITE_STATIC);
        for (size_t i = 0; i < nvars; i++)
            bind_cell(stmt, (int)i + 4, ds, r, v[i], num[i]);
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            if (sqlite3_extended_errcode(s->db) ==
                SQLITE_CONSTRAINT_PRIMARYKEY)
                rc = bar_error_at(err, BAR_ECONFLICT, NULL, 0, 0, "org_id",
                                  "case %zu: '%s' already has a response in "
                                  "wave %d (import with replace to overwrite "
                                  "it)",
                                  r + 1, org_id, wave);
            else
                rc = db_fail(s, "store a response", err);
            goto cleanup;
        }
        sqlite3_reset(stmt);
        if ((r + 1) % PROGRESS_ROWS == 0)
            bar_progress_report(progress, "responses stored", r + 1, nrows);
    }
    rc = query_int(s, "SELECT count(*) FROM response WHERE wave = ?1", wave,
                   true, &after, NULL, err);
    if (rc != BAR_OK)
        goto cleanup;
    *replaced = nrows - (size_t)(after - before);
    bar_progress_report(progress, "responses stored", nrows, nrows);
cleanup:
    sqlite3_finalize(stmt);
    bar_buf_clear(&sql);
    free(num);
    free(v);
    free(vars);
    bar__table_columns_clear(&have);
    return rc;
}

/* Set one cell of ds from result column c. */
static bar_status load_cell(sqlite_store *s, sqlite3_stmt *stmt, int c,
                            bar_dataset *ds, size_t row,
                            const bar_variable *v, const char *org_id,
                            bar_error *err)
{
    (void)s;
    /* One column call a cell: the value's type and number are then read
     * from the protected value (each sqlite3_column_* call looks the
     * column up again). */
    sqlite3_value *val = sqlite3_column_value(stmt, c);
    if (sqlite3_value_type(val) == SQLITE_NULL)
        return BAR_OK;
    size_t col = bar_var_index(v);
    switch (bar_var_type_of(v)) {
    case BAR_VAR_TEXT:
    case BAR_VAR_ID: {
        bar_status rc = bar_dataset_set_str(
            ds, row, col, (const char *)sqlite3_column_text(stmt, c));
        if (rc != BAR_OK)
            return bar_error_set(err, rc, "out of memory");
        return BAR_OK;
    }
    case BAR_VAR_CATEGORY: {
        const char *code = (const char *)sqlite3_column_text(stmt, c);
        long i = code ? bar_var_code_find(v, code) : -1;
        if (i < 0)
            return bar_error_set(err, BAR_EINVALID,
                                 "%s: org_id '%s': variable '%s': stored "
                                 "code '%s' is not a code of instrument",
                                 s->path, org_id, bar_var_name(v),
                                 code ? code : "");
        bar_dataset_set(ds, row, col, (double)i);
        return BAR_OK;
    }
    default:
        bar_dataset_set(ds, row, col, sqlite3_value_double(val));
        return BAR_OK;
    }
}

static bar_status sq_responses_load(void *impl, int wave, bar_dataset *ds,
                                    const bar_progress *progress,
                                    bar_error *err)
{
    sqlite_store *s = impl;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    bar_table_columns have = {0};
    const bar_variable **vars = NULL;
    size_t nvars = 0;
    sqlite3_stmt *stmt = NULL;
    bool open_tx = false;
    bar_buf sql;
    bar_buf_init(&sql, SQL_MAX);
    long org_col = bar_instrument_find(ins, "org_id");
    long wave_col = bar_instrument_find(ins, "wave");
    size_t n = bar_instrument_nvars(ins);
    bar_status rc = exec(s, "BEGIN", "begin a read", err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = columns_read(s, &have, err);
    if (rc != BAR_OK)
        goto cleanup;
    vars = malloc((n ? n : 1) * sizeof *vars);
    if (!vars) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    bar_buf_puts(&sql, "SELECT org_id");
    for (size_t i = 0; i < n; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        if (!stored_var(v) || !columns_has(&have, bar_var_name(v)))
            continue;
        vars[nvars++] = v;
        bar_buf_puts(&sql, ", ");
        put_ident(&sql, bar_var_name(v));
    }
    bar_buf_puts(&sql, " FROM response WHERE wave = ?1 ORDER BY org_id");
    if (bar_buf_status(&sql) != BAR_OK) {
        rc = bar_error_set(err, bar_buf_status(&sql),
                           "assembling the SELECT: %s",
                           bar_strerror(bar_buf_status(&sql)));
        goto cleanup;
    }
    sqlite3_int64 count = 0;
    rc = query_int(s, "SELECT count(*) FROM response WHERE wave = ?1", wave,
                   true, &count, NULL, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_dataset_reserve(ds, (size_t)count);
    if (rc != BAR_OK) {
        bar_error_set(err, rc, "%s: %lld responses: %s", s->path,
                      (long long)count, bar_strerror(rc));
        goto cleanup;
    }
    rc = prepare(s, sql.data, &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        size_t row = 0;
        rc = bar_dataset_add_row(ds, &row);
        if (rc != BAR_OK) {
            bar_error_set(err, rc, "%s: %s", s->path, bar_strerror(rc));
            goto cleanup;
        }
        const char *org_id = (const char *)sqlite3_column_text(stmt, 0);
        if (org_col >= 0) {
            rc = bar_dataset_set_str(ds, row, (size_t)org_col, org_id);
            if (rc != BAR_OK) {
                bar_error_set(err, rc, "out of memory");
                goto cleanup;
            }
        }
        if (wave_col >= 0)
            bar_dataset_set(ds, row, (size_t)wave_col, (double)wave);
        for (size_t i = 0; i < nvars; i++) {
            rc = load_cell(s, stmt, (int)i + 1, ds, row, vars[i],
                           org_id ? org_id : "", err);
            if (rc != BAR_OK)
                goto cleanup;
        }
        if ((row + 1) % PROGRESS_ROWS == 0)
            bar_progress_report(progress, "responses loaded", row + 1,
                                (size_t)count);
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read the responses", err);
    else
        bar_progress_report(progress, "responses loaded",
                            bar_dataset_nrows(ds), (size_t)count);
cleanup:
    sqlite3_finalize(stmt);
    if (open_tx)
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    bar_buf_clear(&sql);
    free(vars);
    bar__table_columns_clear(&have);
    return rc;
}

/* ---- audit ---- */

static bar_status sq_audit_add(void *impl, const bar_audit_entry *e,
                               bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(s,
                            "INSERT INTO audit (at, wave, action, rows, "
                            "replaced) VALUES (?1, ?2, ?3, ?4, ?5)",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, e->wave);
    sqlite3_bind_text(stmt, 3, e->action, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 4, (sqlite3_int64)e->rows);
    sqlite3_bind_int64(stmt, 5, (sqlite3_int64)e->replaced);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "write the audit", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- fieldwork ---- */

static bar_status sq_wave_set_dates(void *impl, int wave, const char *opens,
                                    const char *closes, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "UPDATE wave SET opens_at = ?2, closes_at = ?3 "
                               "WHERE wave = ?1", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    if (opens)
        sqlite3_bind_text(stmt, 2, opens, -1, SQLITE_STATIC);
    if (closes)
        sqlite3_bind_text(stmt, 3, closes, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "set the dates of a wave", err);
    else if (sqlite3_changes(s->db) != 1)
        rc = bar_error_set(err, BAR_ENOTFOUND, "wave %d is not in %s", wave,
                           s->path);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static void copy_col(sqlite3_stmt *stmt, int col, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

static bar_status sq_wave_dates(void *impl, int wave,
                                char opens[BAR_STORE_DATE_MAX],
                                char closes[BAR_STORE_DATE_MAX],
                                bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare_hot(s, "SELECT opens_at, closes_at FROM wave "
                               "WHERE wave = ?1", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        copy_col(stmt, 0, opens, BAR_STORE_DATE_MAX);
        copy_col(stmt, 1, closes, BAR_STORE_DATE_MAX);
    } else if (step == SQLITE_DONE) {
        rc = bar_error_set(err, BAR_ENOTFOUND, "wave %d is not in %s", wave,
                           s->path);
    } else {
        rc = db_fail(s, "read the dates of a wave", err);
    }
cleanup:
    unprepare_hot(s, stmt);
    return rc;
}

static bar_status sq_token_insert(void *impl, int wave, const char *org_id,
                                  const uint8_t *hash, size_t hash_len,
                                  bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(s, "INSERT INTO token (hash, wave, org_id, "
                               "created_at) VALUES (?1, ?2, ?3, ?4)",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_blob(stmt, 1, hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, wave);
    sqlite3_bind_text(stmt, 3, org_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt) & 0xff; /* the primary result code */
    if (step == SQLITE_CONSTRAINT &&
        sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
        rc = bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, org_id,
                          "wave %d: no such organisation in the frame", wave);
    else if (step == SQLITE_CONSTRAINT)
        rc = bar_error_set(err, BAR_EINVALID, "%s: this token is already "
                           "in use", s->path);
    else if (step != SQLITE_DONE)
        rc = db_fail(s, "store a token", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_token_find(void *impl, const uint8_t *hash,
                                size_t hash_len, bool *found, int *wave,
                                char org_id[BAR_STORE_ID_MAX], bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare_hot(s, "SELECT wave, org_id FROM token "
                               "WHERE hash = ?1", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_blob(stmt, 1, hash, (int)hash_len, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        *found = true;
        *wave = sqlite3_column_int(stmt, 0);
        copy_col(stmt, 1, org_id, BAR_STORE_ID_MAX);
    } else if (step != SQLITE_DONE) {
        rc = db_fail(s, "look up a token", err);
    }
cleanup:
    unprepare_hot(s, stmt);
    return rc;
}

/* ---- drafts (serve) ---- */

static bar_status sq_frame_get(void *impl, int wave, const char *org_id,
                               bool *found, char sector[BAR_STORE_ID_MAX],
                               char cluster[BAR_STORE_ID_MAX], bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    *found = false;
    bar_status rc = prepare_hot(s, "SELECT sector, cluster FROM frame "
                               "WHERE wave = ?1 AND org_id = ?2", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    sqlite3_bind_text(stmt, 2, org_id, -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        *found = true;
        copy_col(stmt, 0, sector, BAR_STORE_ID_MAX);
        copy_col(stmt, 1, cluster, BAR_STORE_ID_MAX);
    } else if (step != SQLITE_DONE) {
        rc = db_fail(s, "read an organisation of the frame", err);
    }
cleanup:
    unprepare_hot(s, stmt);
    return rc;
}

static bar_status sq_draft_get(void *impl, int wave, const char *org_id,
                               bar_store_draft *d, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare_hot(s,
        "SELECT d.answers, d.lang, d.submitted_at IS NOT NULL, "
        "  EXISTS (SELECT 1 FROM response r WHERE r.wave = ?1 "
        "          AND r.org_id = ?2) "
        "FROM (SELECT 1) LEFT JOIN draft d ON d.wave = ?1 AND d.org_id = ?2",
        &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    sqlite3_bind_text(stmt, 2, org_id, -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    if (step != SQLITE_ROW) {
        rc = db_fail(s, "read a draft", err);
        goto cleanup;
    }
    d->completed = sqlite3_column_int(stmt, 3) != 0;
    if (sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
        const unsigned char *a = sqlite3_column_text(stmt, 0);
        d->exists = true;
        d->submitted = sqlite3_column_int(stmt, 2) != 0;
        copy_col(stmt, 1, d->lang, sizeof d->lang);
        if (!(d->answers = strdup(a ? (const char *)a : ""))) {
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
cleanup:
    unprepare_hot(s, stmt);
    return rc;
}

static bar_status sq_draft_put(void *impl, int wave, const char *org_id,
                               const char *answers, const char *lang,
                               bool submit, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(s,
        "INSERT INTO draft (wave, org_id, answers, lang, updated_at, "
        "  submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, "
        "  CASE WHEN ?6 THEN ?5 END) "
        "ON CONFLICT (wave, org_id) DO UPDATE SET "
        "  answers = excluded.answers, lang = excluded.lang, "
        "  updated_at = excluded.updated_at, "
        "  submitted_at = excluded.submitted_at "
        "WHERE draft.submitted_at IS NULL",
        &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    sqlite3_bind_text(stmt, 2, org_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, answers, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 6, submit ? 1 : 0);
    int step = sqlite3_step(stmt) & 0xff;
    if (step == SQLITE_CONSTRAINT)
        rc = bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, org_id,
                          "wave %d: no such organisation in the frame", wave);
    else if (step != SQLITE_DONE)
        rc = db_fail(s, "save a draft", err);
    else if (sqlite3_changes(s->db) == 0)
        rc = bar_error_at(err, BAR_ECONFLICT, NULL, 0, 0, org_id,
                          "wave %d: the response is already submitted",
                          wave);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_savepoint(void *impl, bar_error *err)
{
    return exec(impl, "SAVEPOINT one_write", "open a savepoint", err);
}

static bar_status sq_release(void *impl, bar_error *err)
{
    return exec(impl, "RELEASE one_write", "release a savepoint", err);
}

static void sq_rollback_to(void *impl)
{
    sqlite_store *s = impl;
    sqlite3_exec(s->db, "ROLLBACK TO one_write; RELEASE one_write", NULL,
                 NULL, NULL);
}

/* ---- accounts ---- */

static bar_status sq_account_put(void *impl, const char *name,
                                 const char *hash, bool replace,
                                 bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(
        s,
        replace ? "UPDATE account SET hash = ?2, updated_at = ?3 "
                  "WHERE name = ?1"
                : "INSERT INTO account (name, hash, created_at, updated_at) "
                  "VALUES (?1, ?2, ?3, ?3)",
        &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt) & 0xff;
    if (step == SQLITE_CONSTRAINT)
        rc = bar_error_set(err, BAR_ECONFLICT, "account '%s' exists already",
                           name);
    else if (step != SQLITE_DONE)
        rc = db_fail(s, "store an account", err);
    else if (replace && sqlite3_changes(s->db) != 1)
        rc = bar_error_set(err, BAR_ENOTFOUND, "no account '%s'", name);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_account_get(void *impl, const char *name, bool *found,
                                 char *hash, size_t size, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "SELECT hash FROM account WHERE name = ?1",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        *found = true;
        copy_col(stmt, 0, hash, size);
    } else if (step != SQLITE_DONE) {
        rc = db_fail(s, "read an account", err);
    }
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_account_delete(void *impl, const char *name,
                                    bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "DELETE FROM account WHERE name = ?1", &stmt,
                            err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "remove an account", err);
    else if (sqlite3_changes(s->db) != 1)
        rc = bar_error_set(err, BAR_ENOTFOUND, "no account '%s'", name);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_account_each(void *impl, bar_account_fn fn, void *ctx,
                                  bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "SELECT name, created_at, updated_at "
                               "FROM account ORDER BY name", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        const char *created = (const char *)sqlite3_column_text(stmt, 1);
        const char *updated = (const char *)sqlite3_column_text(stmt, 2);
        if ((rc = fn(ctx, name ? name : "", created ? created : "",
                     updated ? updated : "", err)) != BAR_OK)
            goto cleanup;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "list the accounts", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- the send log ---- */

static bar_status sq_contacts_each(void *impl, int wave,
                                   bar_store_contact_fn fn, void *ctx,
                                   bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s,
                            "SELECT f.org_id, f.name, f.email, "
                            "r.org_id IS NOT NULL FROM frame f "
                            "LEFT JOIN response r ON r.wave = f.wave AND "
                            "r.org_id = f.org_id WHERE f.wave = ?1 "
                            "ORDER BY f.org_id",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        bar_store_contact c = {
            .org_id = (const char *)sqlite3_column_text(stmt, 0),
            .name = (const char *)sqlite3_column_text(stmt, 1),
            .email = (const char *)sqlite3_column_text(stmt, 2),
            .completed = sqlite3_column_int(stmt, 3) != 0,
        };
        if ((rc = fn(ctx, &c, err)) != BAR_OK)
            goto cleanup;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read the frame", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_send_insert(void *impl, int wave, const char *org_id,
                                 const char *kind, const char *channel,
                                 const uint8_t *hash, size_t hash_len,
                                 long long *id, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(s, "INSERT INTO send_log (wave, org_id, kind, "
                               "channel, state, token_hash, started_at) "
                               "VALUES (?1, ?2, ?3, ?4, 'sending', ?5, ?6)",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    sqlite3_bind_text(stmt, 2, org_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, channel, -1, SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 5, hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 6, now, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "write the send log", err);
    else
        *id = (long long)sqlite3_last_insert_rowid(s->db);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_send_update(void *impl, long long id, const char *state,
                                 const char *answer, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(s, "UPDATE send_log SET state = ?2, "
                               "finished_at = ?3, answer = ?4 WHERE id = ?1",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int64(stmt, 1, (sqlite3_int64)id);
    sqlite3_bind_text(stmt, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
    if (answer)
        sqlite3_bind_text(stmt, 4, answer, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "write the send log", err);
    else if (sqlite3_changes(s->db) != 1)
        rc = bar_error_set(err, BAR_ENOTFOUND, "%s: no send log entry %lld",
                           s->path, id);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_send_each(void *impl, int wave, const char *org_id,
                               bar_send_row_fn fn, void *ctx, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    /* two statements, so that one organisation's entries come through
     * the index send_log_org */
    bar_status rc = prepare(s,
                            org_id ? "SELECT id, org_id, kind, channel, "
                                     "state, token_hash, started_at, "
                                     "finished_at, answer FROM send_log "
                                     "WHERE wave = ?1 AND org_id = ?2 "
                                     "ORDER BY id"
                                   : "SELECT id, org_id, kind, channel, "
                                     "state, token_hash, started_at, "
                                     "finished_at, answer FROM send_log "
                                     "WHERE wave = ?1 ORDER BY id",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    if (org_id)
        sqlite3_bind_text(stmt, 2, org_id, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        bar_send_row e = {
            .id = (long long)sqlite3_column_int64(stmt, 0),
            .wave = wave,
            .org_id = (const char *)sqlite3_column_text(stmt, 1),
            .kind = (const char *)sqlite3_column_text(stmt, 2),
            .channel = (const char *)sqlite3_column_text(stmt, 3),
            .state = (const char *)sqlite3_column_text(stmt, 4),
            .started_at = (const char *)sqlite3_column_text(stmt, 6),
            .finished_at = (const char *)sqlite3_column_text(stmt, 7),
            .answer = (const char *)sqlite3_column_text(stmt, 8),
        };
        const void *h = sqlite3_column_blob(stmt, 5);
        if (h && sqlite3_column_bytes(stmt, 5) == BAR_SEND_HASH_BYTES)
            memcpy(e.token_hash, h, BAR_SEND_HASH_BYTES);
        if ((rc = fn(ctx, &e, err)) != BAR_OK)
            goto cleanup;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read the send log", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- sessions and the monitor (admin) ---- */

static bar_status sq_session_put(void *impl, const uint8_t *hash,
                                 size_t hash_len, const char *account,
                                 long long now, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "INSERT INTO session (hash, account, "
                               "created_at, seen_at) VALUES (?1, ?2, ?3, ?3)",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_blob(stmt, 1, hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, now);
    int step = sqlite3_step(stmt) & 0xff;
    if (step == SQLITE_CONSTRAINT)
        rc = bar_error_set(err, BAR_EINVALID, "the session exists already");
    else if (step != SQLITE_DONE)
        rc = db_fail(s, "store a session", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_session_get(void *impl, const uint8_t *hash,
                                 size_t hash_len, bar_store_session *out,
                                 bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "SELECT account, created_at, seen_at "
                               "FROM session WHERE hash = ?1", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_blob(stmt, 1, hash, (int)hash_len, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        out->found = true;
        copy_col(stmt, 0, out->account, sizeof out->account);
        out->created_at = sqlite3_column_int64(stmt, 1);
        out->seen_at = sqlite3_column_int64(stmt, 2);
    } else if (step != SQLITE_DONE) {
        rc = db_fail(s, "read a session", err);
    }
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_session_touch(void *impl, const uint8_t *hash,
                                   size_t hash_len, long long now,
                                   bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "UPDATE session SET seen_at = ?2 "
                               "WHERE hash = ?1", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_blob(stmt, 1, hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, now);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "update a session", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_session_delete(void *impl, const uint8_t *hash,
                                    size_t hash_len, long long idle_before,
                                    long long created_before, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "DELETE FROM session WHERE hash = ?1 OR "
                               "seen_at < ?2 OR created_at < ?3", &stmt,
                            err);
    if (rc != BAR_OK)
        goto cleanup;
    if (hash)
        sqlite3_bind_blob(stmt, 1, hash, (int)hash_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, 1);
    sqlite3_bind_int64(stmt, 2, idle_before);
    sqlite3_bind_int64(stmt, 3, created_before);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "remove sessions", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static const char *col_text(sqlite3_stmt *stmt, int col)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    return t ? (const char *)t : "";
}

static bar_status sq_field_each(void *impl, int wave, bar_store_field_fn fn,
                                void *ctx, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s,
        "SELECT f.org_id, f.name, f.email, f.sector, f.cluster, "
        "  EXISTS (SELECT 1 FROM token t WHERE t.wave = f.wave "
        "          AND t.org_id = f.org_id), "
        "  EXISTS (SELECT 1 FROM draft d WHERE d.wave = f.wave "
        "          AND d.org_id = f.org_id), "
        "  r._created_at "
        "FROM frame f LEFT JOIN response r "
        "  ON r.wave = f.wave AND r.org_id = f.org_id "
        "WHERE f.wave = ?1 ORDER BY f.org_id", &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        bar_store_field_org o = {
            .org_id = col_text(stmt, 0), .name = col_text(stmt, 1),
            .email = col_text(stmt, 2), .sector = col_text(stmt, 3),
            .cluster = col_text(stmt, 4),
            .invited = sqlite3_column_int(stmt, 5) != 0,
            .started = sqlite3_column_int(stmt, 6) != 0,
            .completed = sqlite3_column_type(stmt, 7) != SQLITE_NULL,
            .completed_at = col_text(stmt, 7)};
        if ((rc = fn(ctx, &o, err)) != BAR_OK)
            goto cleanup;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read the fieldwork status", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- quotes (schema 9) ---- */

static bar_status sq_quote_put(void *impl, int wave, const char *org_id,
                               const char *variable, const uint8_t *hash,
                               size_t hash_len, bool approved, const char *by,
                               bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_iso(now);
    bar_status rc = prepare(
        s,
        "INSERT INTO quote (wave, org_id, variable, text_hash, state, "
        "decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (wave, org_id, variable) DO UPDATE SET "
        "text_hash = excluded.text_hash, state = excluded.state, "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    sqlite3_bind_text(stmt, 2, org_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, variable, -1, SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 4, hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, approved ? "approved" : "rejected", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 6, by, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 7, now, -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_CONSTRAINT_FOREIGNKEY)
        rc = bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, org_id,
                          "wave %d: no such organisation in the frame", wave);
    else if (step != SQLITE_DONE)
        rc = db_fail(s, "store a quote decision", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_quote_each(void *impl, int wave, bar_store_quote_fn fn,
                                void *ctx, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "SELECT org_id, variable, text_hash, state, "
                               "decided_by, decided_at FROM quote "
                               "WHERE wave = ?1 ORDER BY org_id, variable",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_int(stmt, 1, wave);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        bar_store_quote q = {
            .org_id = col_text(stmt, 0),
            .variable = col_text(stmt, 1),
            .approved = strcmp(col_text(stmt, 3), "approved") == 0,
            .decided_by = col_text(stmt, 4),
            .decided_at = col_text(stmt, 5),
        };
        const void *h = sqlite3_column_blob(stmt, 2);
        if (h && sqlite3_column_bytes(stmt, 2) == BAR_STORE_QUOTE_HASH) {
            memcpy(q.text_hash, h, BAR_STORE_QUOTE_HASH);
            q.has_hash = true;
        }
        if ((rc = fn(ctx, &q, err)) != BAR_OK)
            goto cleanup;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read the quote decisions", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- whole tables (store copy) ---- */

static bar_cell_kind kind_of(const char *decl)
{
    if (!decl)
        return BAR_CELL_TEXT;
    if (sqlite3_stricmp(decl, "INTEGER") == 0)
        return BAR_CELL_INT;
    if (sqlite3_stricmp(decl, "REAL") == 0)
        return BAR_CELL_REAL;
    if (sqlite3_stricmp(decl, "BLOB") == 0)
        return BAR_CELL_BLOB;
    return BAR_CELL_TEXT;
}

static const char *kind_type(bar_cell_kind k)
{
    switch (k) {
    case BAR_CELL_INT:
        return "INTEGER";
    case BAR_CELL_REAL:
        return "REAL";
    case BAR_CELL_BLOB:
        return "BLOB";
    default:
        return "TEXT";
    }
}

static bar_status sq_table_columns(void *impl, const char *table,
                                   bar_table_columns *c, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_status rc = prepare(s, "SELECT name, type FROM pragma_table_info(?1)",
                            &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        bar_table_column *cols = realloc(c->cols, (c->n + 1) * sizeof *cols);
        if (!cols) {
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
            goto cleanup;
        }
        c->cols = cols;
        const unsigned char *name = sqlite3_column_text(stmt, 0);
        c->cols[c->n].kind =
            kind_of((const char *)sqlite3_column_text(stmt, 1));
        if (!(c->cols[c->n].name = strdup(name ? (const char *)name : ""))) {
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
            goto cleanup;
        }
        c->n++;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read the columns", err);
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

static bar_status sq_table_each(void *impl, const char *table,
                                const bar_table_columns *cols, size_t norder,
                                bar_row_fn fn, void *ctx, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_cell *cells = NULL;
    bar_buf sql;
    bar_buf_init(&sql, SQL_MAX);
    bar_status rc = BAR_OK;
    bar_buf_puts(&sql, "SELECT ");
    for (size_t i = 0; i < cols->n; i++) {
        if (i)
            bar_buf_puts(&sql, ", ");
        put_ident(&sql, cols->cols[i].name);
    }
    bar_buf_puts(&sql, " FROM ");
    put_ident(&sql, table);
    for (size_t i = 0; i < norder && i < cols->n; i++) {
        bar_buf_puts(&sql, i ? ", " : " ORDER BY ");
        put_ident(&sql, cols->cols[i].name);
    }
    if (bar_buf_status(&sql) != BAR_OK) {
        rc = bar_error_set(err, bar_buf_status(&sql), "%s",
                           bar_strerror(bar_buf_status(&sql)));
        goto cleanup;
    }
    cells = calloc(cols->n ? cols->n : 1, sizeof *cells);
    if (!cells) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    rc = prepare(s, sql.data, &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (size_t i = 0; i < cols->n; i++) {
            int c = (int)i;
            bar_cell *cell = &cells[i];
            *cell = (bar_cell){.null = sqlite3_column_type(stmt, c) ==
                                       SQLITE_NULL};
            if (cell->null)
                continue;
            switch (cols->cols[i].kind) {
            case BAR_CELL_INT:
                cell->i = (long long)sqlite3_column_int64(stmt, c);
                break;
            case BAR_CELL_REAL:
                cell->r = sqlite3_column_double(stmt, c);
                break;
            case BAR_CELL_BLOB:
                cell->s = sqlite3_column_blob(stmt, c);
                cell->len = (size_t)sqlite3_column_bytes(stmt, c);
                break;
            default:
                cell->s = (const char *)sqlite3_column_text(stmt, c);
                cell->len = (size_t)sqlite3_column_bytes(stmt, c);
                break;
            }
        }
        if ((rc = fn(ctx, cells, err)) != BAR_OK)
            goto cleanup;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(s, "read a table", err);
cleanup:
    sqlite3_finalize(stmt);
    free(cells);
    bar_buf_clear(&sql);
    return rc;
}

static bar_status sq_table_add_column(void *impl, const char *table,
                                      const bar_table_column *col,
                                      bar_error *err)
{
    bar_buf sql;
    bar_buf_init(&sql, SQL_MAX);
    bar_buf_puts(&sql, "ALTER TABLE ");
    put_ident(&sql, table);
    bar_buf_puts(&sql, " ADD COLUMN ");
    put_ident(&sql, col->name);
    bar_buf_printf(&sql, " %s", kind_type(col->kind));
    bar_status rc = bar_buf_status(&sql);
    if (rc != BAR_OK)
        rc = bar_error_set(err, rc, "%s", bar_strerror(rc));
    else
        rc = exec(impl, sql.data, "add a column", err);
    bar_buf_clear(&sql);
    return rc;
}

static bar_status sq_table_insert(void *impl, const char *table,
                                  const bar_table_columns *cols,
                                  const bar_cell *cells, bar_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = NULL;
    bar_buf sql;
    bar_buf_init(&sql, SQL_MAX);
    bar_status rc = BAR_OK;
    bar_buf_puts(&sql, "INSERT INTO ");
    put_ident(&sql, table);
    bar_buf_puts(&sql, " (");
    for (size_t i = 0; i < cols->n; i++) {
        if (i)
            bar_buf_puts(&sql, ", ");
        put_ident(&sql, cols->cols[i].name);
    }
    bar_buf_puts(&sql, ") VALUES (");
    for (size_t i = 0; i < cols->n; i++)
        bar_buf_printf(&sql, "%s?%zu", i ? ", " : "", i + 1);
    bar_buf_puts(&sql, ")");
    if (bar_buf_status(&sql) != BAR_OK) {
        rc = bar_error_set(err, bar_buf_status(&sql), "%s",
                           bar_strerror(bar_buf_status(&sql)));
        goto cleanup;
    }
    rc = prepare(s, sql.data, &stmt, err);
    if (rc != BAR_OK)
        goto cleanup;
    for (size_t i = 0; i < cols->n; i++) {
        int p = (int)i + 1;
        const bar_cell *c = &cells[i];
        if (c->null)
            continue;
        switch (cols->cols[i].kind) {
        case BAR_CELL_INT:
            sqlite3_bind_int64(stmt, p, (sqlite3_int64)c->i);
            break;
        case BAR_CELL_REAL:
            sqlite3_bind_double(stmt, p, c->r);
            break;
        case BAR_CELL_BLOB:
            sqlite3_bind_blob(stmt, p, c->s, (int)c->len, SQLITE_STATIC);
            break;
        default:
            sqlite3_bind_text(stmt, p, c->s, (int)c->len, SQLITE_STATIC);
            break;
        }
    }
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = db_fail(s, "copy a row", err);
cleanup:
    sqlite3_finalize(stmt);
    bar_buf_clear(&sql);
    return rc;
}

/* INTEGER PRIMARY KEY continues after the largest id by itself. */
static bar_status sq_table_fixup(void *impl, bar_error *err)
{
    (void)impl;
    (void)err;
    return BAR_OK;
}

const bar_store_ops bar__store_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .wave_insert = sq_wave_insert,
    .wave_get = sq_wave_get,
    .wave_latest = sq_wave_latest,
    .wave_mark_simulated = sq_wave_mark_simulated,
    .wave_simulated = sq_wave_simulated,
    .wave_set_study = sq_wave_set_study,
    .wave_study = sq_wave_study,
    .frame_count = sq_frame_count,
    .frame_insert = sq_frame_insert,
    .frame_each = sq_frame_each,
    .responses_insert = sq_responses_insert,
    .responses_load = sq_responses_load,
    .audit_add = sq_audit_add,
    .wave_set_dates = sq_wave_set_dates,
    .wave_dates = sq_wave_dates,
    .token_insert = sq_token_insert,
    .token_find = sq_token_find,
    .frame_get = sq_frame_get,
    .draft_get = sq_draft_get,
    .draft_put = sq_draft_put,
    .savepoint = sq_savepoint,
    .release = sq_release,
    .rollback_to = sq_rollback_to,
    .account_put = sq_account_put,
    .account_get = sq_account_get,
    .account_delete = sq_account_delete,
    .account_each = sq_account_each,
    .contacts_each = sq_contacts_each,
    .send_insert = sq_send_insert,
    .send_update = sq_send_update,
    .send_each = sq_send_each,
    .session_put = sq_session_put,
    .session_get = sq_session_get,
    .session_touch = sq_session_touch,
    .session_delete = sq_session_delete,
    .field_each = sq_field_each,
    .quote_put = sq_quote_put,
    .quote_each = sq_quote_each,
    .table_columns = sq_table_columns,
    .table_each = sq_table_each,
    .table_add_column = sq_table_add_column,
    .table_insert = sq_table_insert,
    .table_fixup = sq_table_fixup,
};

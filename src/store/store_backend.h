/* store_backend.h - what a store backend provides (internal to src/store).
 *
 * store.c holds everything that does not depend on the database: choosing
 * the backend from the URI, reading and checking a frame CSV, checking
 * responses against the frame, counting per sector, and the transaction
 * around each write. A backend fills one bar_store_ops table of primitive
 * operations on its own handle (`impl`); store_sqlite.c is the SQLite one. A
 * PostgreSQL backend is a second table with the same entries.
 *
 * Conventions for every entry: errors are a bar_status with a message on
 * err; strings passed in are borrowed for the duration of the call; BAR_OK
 * is returned when nothing failed. Writes are only called between begin and
 * commit/rollback.
 *
 * Not API outside src/store.
 */
#ifndef BAR_STORE_BACKEND_H
#define BAR_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"
#include "store/store.h"

/* The most bytes of an instrument id a wave records. */
enum { BAR_STORE_ID_MAX = 256 };

/* The schema version of a store, the same in every backend: each backend
 * has one migration step per version (store_sqlite.c, store_pg.c) and
 * checks its count against this at compile time. */
enum { BAR_STORE_SCHEMA_VERSION = 9 };

/* One organisation of a sampling frame; the strings are borrowed. sector and
 * cluster are the instrument's string codes. */
typedef struct bar_frame_row {
    const char *org_id;
    const char *name;
    const char *sector;
    const char *cluster;
    const char *email;
} bar_frame_row;

/* Called for every organisation of a frame; the strings live until it
 * returns. A status other than BAR_OK stops the walk and is returned. */
typedef bar_status (*bar_frame_fn)(void *ctx, const char *org_id,
                                   const char *sector, const char *cluster,
                                   bar_error *err);

/* One row of the send log as the backend reads it; strings borrowed for
 * the call (see bar_send_entry in store.h). */
typedef struct bar_send_row {
    long long id;
    int wave;
    const char *org_id, *kind, *channel, *state;
    uint8_t token_hash[BAR_SEND_HASH_BYTES];
    const char *started_at, *finished_at, *answer; /* may be NULL */
} bar_send_row;
typedef bar_status (*bar_send_row_fn)(void *ctx, const bar_send_row *row,
                                      bar_error *err);

/* What the audit table records of one write. */
typedef struct bar_audit_entry {
    int wave;
    const char *action;    /* "wave_add", "frame_import", "responses_import",
                              "responses_replace", "wave_simulated",
                              "wave_dates", "account_add",
                              "account_password", "account_remove",
                              "quote_approve", "quote_reject" */
    size_t rows;           /* rows written */
    size_t replaced;       /* of which replaced an existing row */
} bar_audit_entry;

/* What `store copy` moves (store_copy.c): the kind of a column, the same
 * in both backends (SQLite INTEGER, REAL, TEXT, BLOB; PostgreSQL integer or
 * bigint, double precision, text, bytea). */
typedef enum bar_cell_kind {
    BAR_CELL_INT,
    BAR_CELL_REAL,
    BAR_CELL_TEXT,
    BAR_CELL_BLOB
} bar_cell_kind;

/* One column of a table: its name (owned by the list) and kind. */
typedef struct bar_table_column {
    char *name;
    bar_cell_kind kind;
} bar_table_column;

/* The columns of a table; release with bar__table_columns_clear. */
typedef struct bar_table_columns {
    bar_table_column *cols;
    size_t n;
} bar_table_columns;
void bar__table_columns_clear(bar_table_columns *c);

/* One cell of a row: null, or the value of the column's kind (text and
 * blob: bytes s[0..len), borrowed for the call; text also ends in a
 * NUL). */
typedef struct bar_cell {
    bool null;
    long long i;
    double r;
    const char *s;
    size_t len;
} bar_cell;
typedef bar_status (*bar_row_fn)(void *ctx, const bar_cell *cells,
                                 bar_error *err);

typedef struct bar_store_ops {
    const char *name;   /* "sqlite", "postgresql" */

    /* Open (and with BAR_STORE_CREATE create) the store at uri, migrating
     * its schema; *impl gets the backend's handle. */
    bar_status (*open)(const char *uri, bar_store_mode mode, void **impl,
                       bar_error *err);
    /* Release the handle; NULL is accepted. */
    void (*close)(void *impl);

    /* One write transaction (taking the write lock at once). rollback never
     * fails from the caller's view: it is called on the way out of an
     * error. */
    bar_status (*begin)(void *impl, bar_error *err);
    bar_status (*commit)(void *impl, bar_error *err);
    void (*rollback)(void *impl);
    /* The write transaction of the survey server's drafts and submits
     * (bar_store_draft_put, _submit, _group) of the n organisations orgs
     * (borrowed; repeats allowed) of a wave: it may run beside others of
     * other organisations, never beside a begin transaction (a bulk write,
     * which must see stable tables), and two of one organisation wait for
     * each other. NULL: begin (one writer at a time, SQLite). */
    bar_status (*begin_orgs)(void *impl, int wave, const char *const *orgs,
                             size_t n, bar_error *err);

    /* Waves. wave_get: *exists, and the instrument id (copied into id, of
     * BAR_STORE_ID_MAX bytes, when id is not NULL). wave_latest: *found is
     * false when there is no wave. */
    bar_status (*wave_insert)(void *impl, int wave, const char *instrument_id,
                              bar_error *err);
    bar_status (*wave_get)(void *impl, int wave, bool *exists, char *id,
                           bar_error *err);
    bar_status (*wave_latest)(void *impl, int *wave, bool *found,
                              bar_error *err);
    /* Provenance (schema 2). wave_mark_simulated: set the wave's simulated
     * flag (a write; BAR_ENOTFOUND when there is no such wave; setting it
     * again is no change); *marked: this call set it (false when it was
     * set already, also by a transaction that committed while this one
     * waited for the row: of two at once, one only). wave_simulated:
     * *simulated gets the flag (false for a wave that does not exist). */
    bar_status (*wave_mark_simulated)(void *impl, int wave, bool *marked,
                                      bar_error *err);
    bar_status (*wave_simulated)(void *impl, int wave, bool *simulated,
                                 bar_error *err);
    /* The study (schema 3): wave_set_study stores the text of the wave's
     * study file (copied; a write; BAR_ENOTFOUND when there is no such
     * wave). wave_study: *study a new copy the caller frees, NULL when the
     * wave has none (a wave of an older store) or does not exist. */
    bar_status (*wave_set_study)(void *impl, int wave, const char *study,
                                 bar_error *err);
    bar_status (*wave_study)(void *impl, int wave, char **study,
                             bar_error *err);

    /* Frames. frame_insert writes n rows (checked by the caller). */
    bar_status (*frame_count)(void *impl, int wave, size_t *n,
                              bar_error *err);
    bar_status (*frame_insert)(void *impl, int wave, const bar_frame_row *rows,
                               size_t n, bar_error *err);
    bar_status (*frame_each)(void *impl, int wave, bar_frame_fn fn, void *ctx,
                             bar_error *err);

    /* Responses. insert: every frame and asked variable of ds's instrument
     * except org_id and wave becomes a column (added when missing); an
     * existing org_id is BAR_ECONFLICT unless replace; *replaced counts the
     * rows that replaced one. load: append the wave's rows, ordered by
     * org_id, to the empty dataset ds, matching columns by name. Both tell
     * progress (borrowed, may be NULL) the rows done out of the rows in
     * all, as "responses stored" and "responses loaded" (the last call
     * with done == total when they succeed). */
    bar_status (*responses_insert)(void *impl, int wave, const bar_dataset *ds,
                                   bool replace, const bar_progress *progress,
                                   size_t *replaced, bar_error *err);
    bar_status (*responses_load)(void *impl, int wave, bar_dataset *ds,
                                 const bar_progress *progress,
                                 bar_error *err);

    /* Append one line to the audit table. */
    bar_status (*audit_add)(void *impl, const bar_audit_entry *entry,
                            bar_error *err);

    /* Fieldwork. wave_set_dates: NULL clears a date; BAR_ENOTFOUND without
     * the wave. wave_dates: "" for a date not set. token_insert: the hash
     * of a new token of an organisation of the wave's frame (BAR_ENOTFOUND
     * when the frame has no such organisation, BAR_EINVALID when the hash
     * is already there). token_find: *found false when no token has the
     * hash; otherwise its wave and organisation. */
    bar_status (*wave_set_dates)(void *impl, int wave, const char *opens,
                                 const char *closes, bar_error *err);
    bar_status (*wave_dates)(void *impl, int wave,
                             char opens[BAR_STORE_DATE_MAX],
                             char closes[BAR_STORE_DATE_MAX], bar_error *err);
    bar_status (*token_insert)(void *impl, int wave, const char *org_id,
                               const uint8_t *hash, size_t hash_len,
                               bar_error *err);
    bar_status (*token_find)(void *impl, const uint8_t *hash, size_t hash_len,
                             bool *found, int *wave,
                             char org_id[BAR_STORE_ID_MAX], bar_error *err);

    /* Drafts of the survey server (schema 6). frame_get: *found, and the
     * organisation's sector and cluster codes. draft_get: fills d (its
     * answers a new string the caller frees; d->exists false and nothing
     * else set when there is no draft; d->completed from the response
     * table). draft_put: insert or replace the draft (a write), with
     * submit marking it submitted; BAR_ECONFLICT when the draft is
     * submitted already, BAR_ENOTFOUND when the frame has no such
     * organisation. */
    bar_status (*frame_get)(void *impl, int wave, const char *org_id,
                            bool *found, char sector[BAR_STORE_ID_MAX],
                            char cluster[BAR_STORE_ID_MAX], bar_error *err);
    bar_status (*draft_get)(void *impl, int wave, const char *org_id,
                            bar_store_draft *d, bar_error *err);
    bar_status (*draft_put)(void *impl, int wave, const char *org_id,
                            const char *answers, const char *lang,
                            bool submit, bar_error *err);
    /* A savepoint inside a transaction, for one write of a group
     * (bar_store_draft_group): savepoint opens it, release keeps its
     * work, rollback_to undoes it (and never fails from the caller's
     * view). */
    bar_status (*savepoint)(void *impl, bar_error *err);
    bar_status (*release)(void *impl, bar_error *err);
    void (*rollback_to)(void *impl);
    /* Save the n drafts w[i] (none a submit: w[i].ds NULL) of a group in
     * a constant number of statements, setting every w[i].status (and
     * w[i].err) as draft_get, the check of bar_store_draft_put and
     * draft_put would one by one: BAR_ECONFLICT when submitted or with a
     * response, BAR_ENOTFOUND outside the frame; a later write of one
     * organisation wins, as in order. Any other return: nothing of the n
     * is written and the transaction may be unusable (the caller rolls
     * back; BAR_EUNAVAILABLE: the connection is lost). NULL: the caller
     * saves them one by one in savepoints. */
    bar_status (*draft_put_many)(void *impl, int wave,
                                 bar_store_draft_write *w, size_t n,
                                 bar_error *err);

    /* Accounts. account_put: insert (BAR_ECONFLICT when the name exists)
     * or, with replace, change the hash of an existing one (BAR_ENOTFOUND
     * when none). account_get: *found and the hash into hash (size bytes).
     * account_delete: BAR_ENOTFOUND when none. account_each: in name
     * order. */
    bar_status (*account_put)(void *impl, const char *name, const char *hash,
                              bool replace, bar_error *err);
    bar_status (*account_get)(void *impl, const char *name, bool *found,
                              char *hash, size_t size, bar_error *err);
    bar_status (*account_delete)(void *impl, const char *name,
                                 bar_error *err);
    bar_status (*account_each)(void *impl, bar_account_fn fn, void *ctx,
                               bar_error *err);

    /* The send log (schema 7). contacts_each: every organisation of the
     * wave's frame, ordered by org_id, with whether it has a response.
     * send_insert: a new row in state 'sending' with the start time; *id
     * its id (a write; the token hash must be in the token table).
     * send_update: the row's state, finish time and answer (NULL: none; a
     * write; BAR_ENOTFOUND without the row). send_each: the rows of the
     * wave (of org_id only, when not NULL), in the order written. */
    bar_status (*contacts_each)(void *impl, int wave, bar_store_contact_fn fn,
                                void *ctx, bar_error *err);
    bar_status (*send_insert)(void *impl, int wave, const char *org_id,
                              const char *kind, const char *channel,
                              const uint8_t *hash, size_t hash_len,
                              long long *id, bar_error *err);
    bar_status (*send_update)(void *impl, long long id, const char *state,
                              const char *answer, bar_error *err);
    bar_status (*send_each)(void *impl, int wave, const char *org_id,
                            bar_send_row_fn fn, void *ctx, bar_error *err);

    /* Whole tables, for `store copy` (store_copy.c); table is one of the
     * schema's table names (never input). table_columns: the table's
     * columns in their order (c empty on entry; the caller clears it).
     * table_each: every row of the columns cols, ordered by the columns
     * order (their first norder), text in byte order. table_add_column:
     * add a column (a write). table_insert: one row of cells for cols (a
     * write). table_fixup: after rows were inserted with their ids, make
     * the next id follow the largest (a write). */
    bar_status (*table_columns)(void *impl, const char *table,
                                bar_table_columns *c, bar_error *err);
    bar_status (*table_each)(void *impl, const char *table,
                             const bar_table_columns *cols, size_t norder,
                             bar_row_fn fn, void *ctx, bar_error *err);
    bar_status (*table_add_column)(void *impl, const char *table,
                                   const bar_table_column *col,
                                   bar_error *err);
    bar_status (*table_insert)(void *impl, const char *table,
                               const bar_table_columns *cols,
                               const bar_cell *cells, bar_error *err);
    bar_status (*table_fixup)(void *impl, bar_error *err);

    /* The admin pages (schema 8). session_put: a new session (a write;
     * BAR_EINVALID when the hash is there already). session_get: fills
     * out (out->found false when there is none). session_touch: its last
     * request at now (a write). session_delete: the session of hash (NULL:
     * none) and every session idle since before idle_before or created
     * before created_before (a write). field_each: every organisation of
     * the wave's frame with its fieldwork status, in org_id order. */
    bar_status (*session_put)(void *impl, const uint8_t *hash,
                              size_t hash_len, const char *account,
                              long long now, bar_error *err);
    bar_status (*session_get)(void *impl, const uint8_t *hash,
                              size_t hash_len, bar_store_session *out,
                              bar_error *err);
    bar_status (*session_touch)(void *impl, const uint8_t *hash,
                                size_t hash_len, long long now,
                                bar_error *err);
    bar_status (*session_delete)(void *impl, const uint8_t *hash,
                                 size_t hash_len, long long idle_before,
                                 long long created_before, bar_error *err);
    bar_status (*field_each)(void *impl, int wave, bar_store_field_fn fn,
                             void *ctx, bar_error *err);

    /* Quotes (schema 9). quote_put: insert or replace the decision on the
     * open answer variable of org_id (hash: hash_len bytes of the text
     * decided on; by: the account), decided now (a write; BAR_ENOTFOUND
     * when the frame has no such organisation). quote_each: every
     * decision of the wave, in org_id, variable order (byte order). */
    bar_status (*quote_put)(void *impl, int wave, const char *org_id,
                            const char *variable, const uint8_t *hash,
                            size_t hash_len, bool approved, const char *by,
                            bar_error *err);
    bar_status (*quote_each)(void *impl, int wave, bar_store_quote_fn fn,
                             void *ctx, bar_error *err);
} bar_store_ops;

/* The backend and handle of an open store (store.c), for store_copy.c. */
const bar_store_ops *bar__store_ops(bar_store *st, void **impl);

/* The SQLite backend (store_sqlite.c). */
extern const bar_store_ops bar__store_sqlite_ops;
/* The PostgreSQL backend (store_pg.c): postgresql:// and postgres://. */
extern const bar_store_ops bar__store_pg_ops;

#endif

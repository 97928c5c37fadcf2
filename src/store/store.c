/* store.c - the backend-neutral half of the store (see store.h).
 *
 * Chooses the backend from the URI and does, once for every backend, what
 * needs no database: reading and checking a frame CSV, checking responses
 * against the wave, the frame and each other, counting the frame per
 * sector, and wrapping every write in one transaction with its audit line.
 * The backend's primitives are in store_backend.h.
 */
#include "store/store.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/csv.h"
#include "store/store_backend.h"

struct bar_store {
    const bar_store_ops *ops;
    void *impl;
    bar_progress progress; /* bar_store_set_progress; zero: none */
};

/* Caps on the fields of a frame row (bytes). */
enum {
    ORG_ID_MAX = 255,
    NAME_MAX_BYTES = 1000,
    EMAIL_MAX = 254,
    FRAME_LOOKUP_MAX = 16   /* rows checked against the frame one by one */
};

/* ---- a small string-keyed hash map (org_id -> two small ints) ---- */

typedef struct idslot {
    const char *key;   /* borrowed; NULL for an empty slot */
    int a, b;
} idslot;

typedef struct idmap {
    idslot *slots;
    size_t cap;        /* a power of two */
    size_t n;
} idmap;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static void idmap_clear(idmap *m)
{
    free(m->slots);
    *m = (idmap){0};
}

static bar_status idmap_grow(idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    idslot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return BAR_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = (size_t)hash_str(m->slots[i].key) & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return BAR_OK;
}

/* Add key (borrowed: it must outlive the map) unless present; *dup says
 * whether it was. BAR_ENOMEM when the table cannot grow. */
static bar_status idmap_put(idmap *m, const char *key, int a, int b,
                            bool *dup)
{
    *dup = false;
    if ((m->n + 1) * 2 > m->cap && idmap_grow(m) != BAR_OK)
        return BAR_ENOMEM;
    size_t j = (size_t)hash_str(key) & (m->cap - 1);
    while (m->slots[j].key) {
        if (strcmp(m->slots[j].key, key) == 0) {
            *dup = true;
            return BAR_OK;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->slots[j] = (idslot){.key = key, .a = a, .b = b};
    m->n++;
    return BAR_OK;
}

static const idslot *idmap_get(const idmap *m, const char *key)
{
    if (m->cap == 0)
        return NULL;
    size_t j = (size_t)hash_str(key) & (m->cap - 1);
    while (m->slots[j].key) {
        if (strcmp(m->slots[j].key, key) == 0)
            return &m->slots[j];
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

/* ---- opening and closing ---- */

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bar_status bar_store_open(const char *uri, bar_store_mode mode,
                          bar_store **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_store *st = NULL;
    *out = NULL;
    if (!uri || !*uri) {
        rc = bar_error_set(err, BAR_EUSAGE, "no store given");
        goto cleanup;
    }
    st = calloc(1, sizeof *st);
    if (!st) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    st->ops = has_prefix(uri, "postgresql://") ||
                      has_prefix(uri, "postgres://")
                  ? &bar__store_pg_ops
                  : &bar__store_sqlite_ops;
    rc = st->ops->open(uri, mode, &st->impl, err);
    if (rc != BAR_OK)
        goto cleanup;
    *out = st;
    st = NULL;
cleanup:
    bar_store_close(st);
    return rc;
}

const bar_store_ops *bar__store_ops(bar_store *st, void **impl)
{
    *impl = st->impl;
    return st->ops;
}

void bar__table_columns_clear(bar_table_columns *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->cols[i].name);
    free(c->cols);
    c->cols = NULL;
    c->n = 0;
}

void bar_store_close(bar_store *st)
{
    if (!st)
        return;
    if (st->impl)
        st->ops->close(st->impl);
    free(st);
}

void bar_store_set_progress(bar_store *st, const bar_progress *progress)
{
    st->progress = progress ? *progress : (bar_progress){.fn = NULL};
}

/* ---- waves ---- */

/* Mark the wave simulated, with its audit line (inside a transaction);
 * the line only when this transaction marked it: two submits of the
 * survey servers at once both find the wave unmarked, and only the first
 * to update it marks it (wave_mark_simulated). */
static bar_status mark_simulated(bar_store *st, int wave, bar_error *err)
{
    bool marked = false;
    bar_status rc = st->ops->wave_mark_simulated(st->impl, wave, &marked,
                                                 err);
    if (rc == BAR_OK && marked)
        rc = st->ops->audit_add(st->impl,
                                &(bar_audit_entry){
                                    .wave = wave,
                                    .action = "wave_simulated"},
                                err);
    return rc;
}

static bar_status wave_add(bar_store *st, int wave, const bar_instrument *ins,
                           const char *study, bool simulated, bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    bar_status rc = ops->begin(st->impl, err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = ops->wave_insert(st->impl, wave, bar_instrument_id(ins), err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ops->audit_add(st->impl,
                        &(bar_audit_entry){.wave = wave, .action = "wave_add"},
                        err);
    if (rc != BAR_OK)
        goto cleanup;
    if (simulated) {
        rc = mark_simulated(st, wave, err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    if (study) {
        rc = ops->wave_set_study(st->impl, wave, study, err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    return rc;
}

bar_status bar_store_wave_add(bar_store *st, int wave,
                              const bar_instrument *ins, bar_error *err)
{
    return wave_add(st, wave, ins, NULL, false, err);
}

bar_status bar_store_wave_add_simulated(bar_store *st, int wave,
                                        const bar_instrument *ins,
                                        bar_error *err)
{
    return wave_add(st, wave, ins, NULL, true, err);
}

bar_status bar_store_wave_add_study(bar_store *st, int wave,
                                    const bar_instrument *ins,
                                    const char *study, bool simulated,
                                    bar_error *err)
{
    return wave_add(st, wave, ins, study, simulated, err);
}

bar_status bar_store_wave_latest(bar_store *st, int *wave, bar_error *err)
{
    bool found = false;
    bar_status rc = st->ops->wave_latest(st->impl, wave, &found, err);
    if (rc == BAR_OK && !found)
        rc = bar_error_set(err, BAR_ENOTFOUND,
                           "the store has no wave yet (add one with "
                           "'barometer init')");
    return rc;
}

bar_status bar_store_wave_exists(bar_store *st, int wave, bool *exists,
                                 bar_error *err)
{
    return st->ops->wave_get(st->impl, wave, exists, NULL, err);
}

/* Fail with BAR_ENOTFOUND unless the wave exists; its instrument id goes to
 * id (BAR_STORE_ID_MAX bytes). */
static bar_status need_wave(bar_store *st, int wave, char *id, bar_error *err)
{
    bool exists = false;
    bar_status rc = st->ops->wave_get(st->impl, wave, &exists, id, err);
    if (rc == BAR_OK && !exists)
        rc = bar_error_set(err, BAR_ENOTFOUND,
                           "wave %d is not in the store (add it with "
                           "'barometer init STORE --wave %d')", wave, wave);
    return rc;
}

bar_status bar_store_wave_study(bar_store *st, int wave, char **study,
                                bar_error *err)
{
    *study = NULL;
    bar_status rc = need_wave(st, wave, NULL, err);
    if (rc == BAR_OK)
        rc = st->ops->wave_study(st->impl, wave, study, err);
    return rc;
}

bar_status bar_store_wave_simulated(bar_store *st, int wave, bool *simulated,
                                    bar_error *err)
{
    *simulated = false;
    bar_status rc = need_wave(st, wave, NULL, err);
    if (rc == BAR_OK)
        rc = st->ops->wave_simulated(st->impl, wave, simulated, err);
    return rc;
}

/* ---- the frame ---- */

enum { F_ORG_ID, F_NAME, F_SECTOR, F_CLUSTER, F_EMAIL, F_COUNT };
static const char *const frame_cols[F_COUNT] = {
    [F_ORG_ID] = "org_id", [F_NAME] = "name", [F_SECTOR] = "sector",
    [F_CLUSTER] = "cluster", [F_EMAIL] = "email"
};
static const size_t frame_caps[F_COUNT] = {
    [F_ORG_ID] = ORG_ID_MAX, [F_NAME] = NAME_MAX_BYTES,
    [F_SECTOR] = ORG_ID_MAX, [F_CLUSTER] = ORG_ID_MAX, [F_EMAIL] = EMAIL_MAX
};

typedef struct frame_reader {
    const char *path;
    const bar_variable *sector;   /* may be NULL: no check */
    const bar_variable *cluster;
    long col[F_COUNT];            /* field index of each column */
    bool have_header;
    bar_frame_row *rows;          /* each row's strings in one block, owned
                                     through rows[i].org_id */
    size_t n, cap;
    idmap ids;                    /* org_id -> (line, 0) */
    size_t nrows;                 /* data rows read */
    bool failed;                  /* a row broke a rule */
} frame_reader;

static void frame_reader_clear(frame_reader *fr)
{
    for (size_t i = 0; i < fr->n; i++)
        free((char *)fr->rows[i].org_id);
    free(fr->rows);
    idmap_clear(&fr->ids);
}

/* bar_csv_suggest's view of the frame's columns not yet in the header. */
static const char *free_frame_col(void *ctx, size_t i)
{
    const frame_reader *fr = ctx;
    return fr->col[i] < 0 ? frame_cols[i] : NULL;
}

/* Record a fault of field i (0-based) of the row on line. */
__attribute__((format(printf, 6, 7))) static void
frame_fail(frame_reader *fr, bar_error *err, long line, size_t i,
           const char *name, const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bar_error_cell(err, BAR_EINVALID, fr->path, line, i + 1, name, "%s",
                   msg);
    fr->failed = true;
}

/* The header: every column named once, none unknown, none missing. Every
 * fault is reported; then the read stops (BAR_EINVALID). */
static bar_status frame_header(frame_reader *fr, const bar_csv_row *row,
                               bar_error *err)
{
    long line = row->line;
    for (int c = 0; c < F_COUNT; c++)
        fr->col[c] = -1;
    int *which = malloc((row->nfields + 1) * sizeof *which);
    if (!which)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    for (size_t i = 0; i < row->nfields; i++) {
        int c = 0;
        while (c < F_COUNT && strcmp(row->fields[i], frame_cols[c]) != 0)
            c++;
        which[i] = c;
        if (c < F_COUNT && fr->col[c] < 0)
            fr->col[c] = (long)i;
    }
    for (size_t i = 0; i < row->nfields; i++) {
        int c = which[i];
        const char *name = row->fields[i];
        if (c == F_COUNT) {
            long near = bar_csv_suggest(name, row->lens[i], free_frame_col,
                                        fr, F_COUNT);
            if (near >= 0)
                frame_fail(fr, err, line, i, name,
                           "unknown column; did you mean '%s'? (the file "
                           "has no column '%s')", frame_cols[near],
                           frame_cols[near]);
            else
                frame_fail(fr, err, line, i, name,
                           "unknown column (a frame has org_id, name, "
                           "sector, cluster and email)");
        } else if (fr->col[c] != (long)i) {
            frame_fail(fr, err, line, i, name,
                       "duplicate column (also field %ld)", fr->col[c] + 1);
        }
    }
    free(which);
    for (int c = 0; c < F_COUNT; c++) {
        if (fr->col[c] >= 0)
            continue;
        bar_error_at(err, BAR_EINVALID, fr->path, line, 0, NULL,
                     "no column '%s': a frame has org_id, name, sector, "
                     "cluster and email", frame_cols[c]);
        fr->failed = true;
    }
    fr->have_header = true;
    return fr->failed ? BAR_EINVALID : BAR_OK;
}

/* "gem, rijk or ws": the codes of v, for messages. */
static void codes_of(const bar_variable *v, char *buf, size_t size)
{
    size_t used = 0, n = bar_var_ncodes(v);
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s",
                         i == 0 ? "" : i + 1 == n ? " or " : ", ",
                         bar_var_code_str(v, i));
        if (k < 0 || (size_t)k >= size - used)
            break;
        used += (size_t)k;
    }
}

/* Field c of a row: org_id trimmed as the responses importer trims it
 * (bar_csv_trim_id), the others as they are. */
static void frame_field(const frame_reader *fr, const bar_csv_row *row,
                        int c, const char **s, size_t *n)
{
    size_t i = (size_t)fr->col[c];
    *s = row->fields[i];
    *n = row->lens[i];
    if (c == F_ORG_ID)
        bar_csv_trim_id(s, n);
}

/* Check one field; false (with the message on err) when it breaks a rule. */
static bool frame_field_ok(frame_reader *fr, const bar_csv_row *row, int c,
                           bar_error *err)
{
    size_t i = (size_t)fr->col[c];
    const char *s = row->fields[i];
    const char *name = frame_cols[c];
    long line = row->line;
    size_t len = 0;
    const char *trimmed = NULL;
    frame_field(fr, row, c, &trimmed, &len);
    if (len == 0 && row->lens[i] > 0) {
        frame_fail(fr, err, line, i, name, "blank: an %s of only spaces "
                   "identifies no organisation", name);
        return false;
    }
    if (row->lens[i] == 0) {
        frame_fail(fr, err, line, i, name, "empty: every organisation "
                   "needs a%s %s", c == F_ORG_ID || c == F_EMAIL ? "n" : "",
                   name);
        return false;
    }
    if (len > frame_caps[c]) {
        frame_fail(fr, err, line, i, name, "longer than %zu bytes",
                   frame_caps[c]);
        return false;
    }
    const bar_variable *v = c == F_SECTOR ? fr->sector
                          : c == F_CLUSTER ? fr->cluster : NULL;
    if (v && bar_var_code_find(v, s) < 0) {
        char codes[256];
        codes_of(v, codes, sizeof codes);
        frame_fail(fr, err, line, i, name, "unknown code '%s' (expected %s)",
                   s, codes);
        return false;
    }
    if (c == F_EMAIL) {
        const char *at = strchr(s, '@');
        if (!at || at == s || !at[1] || strchr(at + 1, '@')) {
            frame_fail(fr, err, line, i, name,
                       "'%s' is not an e-mail address (one '@' with text "
                       "on both sides)", s);
            return false;
        }
    }
    return true;
}

static bar_status frame_row(void *ctx, const bar_csv_row *row,
                            bar_error *err)
{
    frame_reader *fr = ctx;
    if (!fr->have_header)
        return frame_header(fr, row, err);
    fr->nrows++;
    bool ok = true;
    for (int c = 0; c < F_COUNT; c++)
        ok = frame_field_ok(fr, row, c, err) && ok;
    if (!ok)
        return BAR_OK;   /* keep going: report every bad row */
    if (fr->n >= BAR_DATASET_MAX_ROWS)
        return bar_error_at(err, BAR_ELIMIT, fr->path, row->line, 0, NULL,
                            "more than %d organisations",
                            BAR_DATASET_MAX_ROWS);
    if (fr->n == fr->cap) {
        size_t cap = fr->cap ? fr->cap * 2 : 256;
        bar_frame_row *rows = realloc(fr->rows, cap * sizeof *rows);
        if (!rows)
            return bar_error_set(err, BAR_ENOMEM, "out of memory");
        fr->rows = rows;
        fr->cap = cap;
    }
    size_t total = 0;
    for (int c = 0; c < F_COUNT; c++)
        total += row->lens[fr->col[c]] + 1;
    char *block = malloc(total);
    if (!block)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    const char *copy[F_COUNT];
    char *p = block;
    for (int c = 0; c < F_COUNT; c++) {
        const char *s = NULL;
        size_t len = 0;
        frame_field(fr, row, c, &s, &len);
        memcpy(p, s, len);
        p[len] = '\0';
        copy[c] = p;
        p += len + 1;
    }
    fr->rows[fr->n++] = (bar_frame_row){
        .org_id = copy[F_ORG_ID], .name = copy[F_NAME],
        .sector = copy[F_SECTOR], .cluster = copy[F_CLUSTER],
        .email = copy[F_EMAIL]};
    const idslot *first = idmap_get(&fr->ids, copy[F_ORG_ID]);
    if (first) {
        frame_fail(fr, err, row->line, (size_t)fr->col[F_ORG_ID], "org_id",
                   "duplicate org_id '%s' (also on line %d)", copy[F_ORG_ID],
                   first->a);
        return BAR_OK;
    }
    bool dup = false;
    if (idmap_put(&fr->ids, copy[F_ORG_ID], (int)row->line, 0, &dup) !=
        BAR_OK)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    return BAR_OK;
}

static const bar_variable *find_var(const bar_instrument *ins,
                                    const char *name)
{
    long i = bar_instrument_find(ins, name);
    return i < 0 ? NULL : bar_instrument_var(ins, (size_t)i);
}

bar_status bar_store_frame_import(bar_store *st, int wave,
                                  const bar_instrument *ins,
                                  const char *csv_path, size_t *count,
                                  bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    frame_reader fr = {
        .path = csv_path,
        .sector = find_var(ins, "sector"),
        .cluster = find_var(ins, "cluster"),
    };
    *count = 0;
    bar_status rc = bar_csv_parse_file(csv_path, frame_row, &fr, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (!fr.have_header) {
        rc = bar_error_at(err, BAR_EPARSE, csv_path, 0, 0, NULL,
                          "empty file");
        goto cleanup;
    }
    if (fr.nrows == 0) {
        rc = bar_error_at(err, BAR_EINVALID, csv_path, 0, 0, NULL,
                          "no data rows (the file has only a header)");
        goto cleanup;
    }
    if (fr.failed) {
        rc = BAR_EINVALID;
        goto cleanup;
    }
    rc = ops->begin(st->impl, err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = need_wave(st, wave, NULL, err);
    if (rc != BAR_OK)
        goto cleanup;
    size_t existing = 0;
    rc = ops->frame_count(st->impl, wave, &existing, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (existing > 0) {
        rc = bar_error_set(err, BAR_ECONFLICT,
                           "wave %d already has a frame of %zu "
                           "organisations", wave, existing);
        goto cleanup;
    }
    rc = ops->frame_insert(st->impl, wave, fr.rows, fr.n, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ops->audit_add(st->impl,
                        &(bar_audit_entry){.wave = wave,
                                           .action = "frame_import",
                                           .rows = fr.n},
                        err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
    if (rc == BAR_OK)
        *count = fr.n;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    frame_reader_clear(&fr);
    return rc;
}

typedef struct sector_count {
    const bar_variable *sector;
    size_t *counts;
    size_t total;
} sector_count;

static bar_status count_sector(void *ctx, const char *org_id,
                               const char *sector, const char *cluster,
                               bar_error *err)
{
    sector_count *sc = ctx;
    (void)cluster;
    long i = bar_var_code_find(sc->sector, sector);
    if (i < 0)
        return bar_error_set(err, BAR_EINVALID,
                             "organisation '%s' of the frame has sector '%s', "
                             "which is not a code of this instrument",
                             org_id, sector);
    sc->counts[i]++;
    sc->total++;
    return BAR_OK;
}

bar_status bar_store_frame_by_sector(bar_store *st, int wave,
                                     const bar_instrument *ins,
                                     size_t *counts, size_t *total,
                                     bar_error *err)
{
    const bar_variable *sector = find_var(ins, "sector");
    *total = 0;
    if (!sector)
        return bar_error_set(err, BAR_EUSAGE,
                             "instrument '%s' has no variable 'sector'",
                             bar_instrument_id(ins));
    size_t ncodes = bar_var_ncodes(sector);
    for (size_t i = 0; i < ncodes; i++)
        counts[i] = 0;
    sector_count sc = {.sector = sector, .counts = counts};
    bar_status rc = need_wave(st, wave, NULL, err);
    if (rc == BAR_OK)
        rc = st->ops->frame_each(st->impl, wave, count_sector, &sc, err);
    if (rc == BAR_OK)
        *total = sc.total;
    return rc;
}

/* ---- responses ---- */

/* The frame of a wave as org_id -> (sector index, cluster index) of the
 * dataset's instrument, -1 for a code it does not know. Owns copies of the
 * org_ids. */
typedef struct frame_map {
    idmap map;
    char **keys;
    size_t n, cap;
    const bar_variable *sector, *cluster;
} frame_map;

static void frame_map_clear(frame_map *fm)
{
    for (size_t i = 0; i < fm->n; i++)
        free(fm->keys[i]);
    free(fm->keys);
    idmap_clear(&fm->map);
}

static bar_status frame_map_add(void *ctx, const char *org_id,
                                const char *sector, const char *cluster,
                                bar_error *err)
{
    frame_map *fm = ctx;
    if (fm->n == fm->cap) {
        size_t cap = fm->cap ? fm->cap * 2 : 256;
        char **keys = realloc(fm->keys, cap * sizeof *keys);
        if (!keys)
            return bar_error_set(err, BAR_ENOMEM, "out of memory");
        fm->keys = keys;
        fm->cap = cap;
    }
    char *key = strdup(org_id);
    if (!key)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    fm->keys[fm->n++] = key;
    int s = fm->sector ? (int)bar_var_code_find(fm->sector, sector) : -1;
    int c = fm->cluster ? (int)bar_var_code_find(fm->cluster, cluster) : -1;
    bool dup = false;
    if (idmap_put(&fm->map, key, s, c, &dup) != BAR_OK)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    return BAR_OK;
}

/* Check that a category cell of a response agrees with the frame's code. */
static void check_frame_code(const bar_dataset *ds, size_t row, long col,
                             const bar_variable *v, int frame_code,
                             const char *org_id, int wave, bool *ok,
                             bar_error *err)
{
    if (col < 0 || !v)
        return;
    double x = bar_dataset_get(ds, row, (size_t)col);
    if (!isnan(x) && frame_code >= 0 && (int)x == frame_code)
        return;
    const char *frame_str = frame_code >= 0
        ? bar_var_code_str(v, (size_t)frame_code) : "(unknown code)";
    if (isnan(x))
        bar_dataset_cell_error(ds, row, (size_t)col, BAR_EINVALID, err,
                               "missing; the frame of wave %d says '%s' for "
                               "org_id '%s'", wave, frame_str, org_id);
    else
        bar_dataset_cell_error(ds, row, (size_t)col, BAR_EINVALID, err,
                               "'%s' disagrees with the frame of wave %d "
                               "('%s') for org_id '%s'",
                               bar_var_code_str(v, (size_t)x), wave,
                               frame_str, org_id);
    *ok = false;
}

/* Every check of responses that needs no column of the store: org_ids
 * present and unique, wave matching, and, when the wave has a frame,
 * org_id in it with the same sector and cluster. Each fault goes to err;
 * returns BAR_EINVALID when there was any. */
static bar_status check_responses(bar_store *st, int wave,
                                  const bar_dataset *ds, bar_error *err)
{
    const bar_instrument *ins = bar_dataset_instrument(ds);
    long org_col = bar_instrument_find(ins, "org_id");
    long wave_col = bar_instrument_find(ins, "wave");
    long sector_col = bar_instrument_find(ins, "sector");
    long cluster_col = bar_instrument_find(ins, "cluster");
    size_t nrows = bar_dataset_nrows(ds);
    idmap seen = {0};
    frame_map fm = {
        .sector = sector_col < 0 ? NULL
                                 : bar_instrument_var(ins, (size_t)sector_col),
        .cluster = cluster_col < 0
                       ? NULL : bar_instrument_var(ins, (size_t)cluster_col),
    };
    bool ok = true;
    bar_status rc = BAR_OK;
    if (org_col < 0) {
        rc = bar_error_set(err, BAR_EINVALID,
                           "instrument '%s' has no variable 'org_id'",
                           bar_instrument_id(ins));
        goto cleanup;
    }
    /* A few rows (a submit of the survey server): their organisations
     * one by one, and the frame counted only when none of them is in it,
     * not the whole frame read for every submit. Else the whole frame. */
    size_t framed = 0;
    bool few = nrows <= FRAME_LOOKUP_MAX;
    for (size_t r = 0; few && r < nrows; r++) {
        const char *org_id = bar_dataset_get_str(ds, r, (size_t)org_col);
        char sector[BAR_STORE_ID_MAX], cluster[BAR_STORE_ID_MAX];
        bool found = false;
        if (!org_id || !*org_id)
            continue;
        rc = st->ops->frame_get(st->impl, wave, org_id, &found, sector,
                                cluster, err);
        if (rc == BAR_OK && found)
            rc = frame_map_add(&fm, org_id, sector, cluster, err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    framed = fm.n;
    if (framed == 0) {
        rc = st->ops->frame_count(st->impl, wave, &framed, err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    if (framed > 0 && !few) {
        rc = st->ops->frame_each(st->impl, wave, frame_map_add, &fm, err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    for (size_t r = 0; r < nrows; r++) {
        const char *org_id = bar_dataset_get_str(ds, r, (size_t)org_col);
        if (!org_id || !*org_id) {
            bar_dataset_cell_error(ds, r, (size_t)org_col, BAR_EINVALID, err,
                                   "missing");
            ok = false;
            continue;
        }
        bool dup = false;
        if (idmap_put(&seen, org_id, 0, 0, &dup) != BAR_OK) {
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
            goto cleanup;
        }
        if (dup) {
            bar_dataset_cell_error(ds, r, (size_t)org_col, BAR_EINVALID, err,
                                   "'%s' appears more than once", org_id);
            ok = false;
        }
        if (wave_col >= 0) {
            double w = bar_dataset_get(ds, r, (size_t)wave_col);
            if (!isnan(w) && w != (double)wave) {
                bar_dataset_cell_error(ds, r, (size_t)wave_col, BAR_EINVALID,
                                       err, "wave %.0f, not %d (org_id "
                                       "'%s')", w, wave, org_id);
                ok = false;
            }
        }
        if (framed == 0)
            continue;
        const idslot *f = idmap_get(&fm.map, org_id);
        if (!f) {
            bar_dataset_cell_error(ds, r, (size_t)org_col, BAR_EINVALID, err,
                                   "'%s' is not in the frame of wave %d",
                                   org_id, wave);
            ok = false;
            continue;
        }
        check_frame_code(ds, r, sector_col, fm.sector, f->a, org_id, wave,
                         &ok, err);
        check_frame_code(ds, r, cluster_col, fm.cluster, f->b, org_id, wave,
                         &ok, err);
    }
    if (!ok)
        rc = BAR_EINVALID;
cleanup:
    idmap_clear(&seen);
    frame_map_clear(&fm);
    return rc;
}

/* The work of an import inside the caller's transaction. */
static bar_status import_in_tx(bar_store *st, int wave, const bar_dataset *ds,
                               bool replace, bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    char id[BAR_STORE_ID_MAX] = "";
    bar_status rc = need_wave(st, wave, id, err);
    if (rc != BAR_OK)
        return rc;
    if (strcmp(id, bar_instrument_id(ins)) != 0)
        return bar_error_set(err, BAR_EINVALID,
                             "wave %d was created for instrument '%s'; these "
                             "responses are of '%s'", wave, id,
                             bar_instrument_id(ins));
    rc = check_responses(st, wave, ds, err);
    if (rc != BAR_OK)
        return rc;
    size_t replaced = 0;
    rc = ops->responses_insert(st->impl, wave, ds, replace, &st->progress,
                               &replaced, err);
    if (rc != BAR_OK)
        return rc;
    if (bar_dataset_simulated(ds)) {
        bool already = false;
        rc = ops->wave_simulated(st->impl, wave, &already, err);
        if (rc == BAR_OK && !already)
            rc = mark_simulated(st, wave, err);
        if (rc != BAR_OK)
            return rc;
    }
    return ops->audit_add(st->impl,
                          &(bar_audit_entry){
                              .wave = wave,
                              .action = replace ? "responses_replace"
                                                : "responses_import",
                              .rows = bar_dataset_nrows(ds),
                              .replaced = replaced},
                          err);
}

bar_status bar_store_responses_import(bar_store *st, int wave,
                                      const bar_dataset *ds, bool replace,
                                      bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    bar_status rc = ops->begin(st->impl, err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = import_in_tx(st, wave, ds, replace, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    return rc;
}

bar_status bar_store_responses_prepare(bar_store *st, int wave,
                                       const bar_instrument *ins,
                                       bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    bar_dataset *none = bar_dataset_new(ins);
    size_t replaced = 0;
    char id[BAR_STORE_ID_MAX] = "";
    bar_status rc = BAR_OK;
    if (!none) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    rc = ops->begin(st->impl, err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = need_wave(st, wave, id, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (strcmp(id, bar_instrument_id(ins)) != 0) {
        rc = bar_error_set(err, BAR_EINVALID,
                           "wave %d was created for instrument '%s', not "
                           "'%s'", wave, id, bar_instrument_id(ins));
        goto cleanup;
    }
    /* no rows: only the columns the table lacks are added */
    rc = ops->responses_insert(st->impl, wave, none, false,
                               &(bar_progress){0}, &replaced, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    bar_dataset_free(none);
    return rc;
}

bar_status bar_store_responses_load(bar_store *st, int wave,
                                    const bar_instrument *ins,
                                    bar_dataset **out, bar_error *err)
{
    bar_dataset *ds = NULL;
    *out = NULL;
    bar_status rc = need_wave(st, wave, NULL, err);
    if (rc != BAR_OK)
        goto cleanup;
    ds = bar_dataset_new(ins);
    if (!ds) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    rc = st->ops->responses_load(st->impl, wave, ds, &st->progress, err);
    if (rc != BAR_OK)
        goto cleanup;
    bool simulated = false;
    rc = st->ops->wave_simulated(st->impl, wave, &simulated, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (simulated)
        bar_dataset_mark_simulated(ds);
    *out = ds;
    ds = NULL;
cleanup:
    bar_dataset_free(ds);
    return rc;
}

/* ---- fieldwork ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* A wave date (see bar_store_wave_set_dates) as seconds since the epoch:
 * a plain date is the start of its day, or with closing the end of it
 * (the first second of the next day, exclusive). false when text is not
 * of either form or not a real date. */
static bool parse_moment(const char *text, bool closing, long long *out)
{
    unsigned y, mo, d, h = 0, mi = 0, s = 0;
    int n = 0;
    size_t len = strlen(text);
    if (len == 10) {
        if (sscanf(text, "%4u-%2u-%2u%n", &y, &mo, &d, &n) != 3 || n != 10)
            return false;
    } else if (len == 20) {
        if (sscanf(text, "%4u-%2u-%2uT%2u:%2u:%2uZ%n", &y, &mo, &d, &h, &mi,
                   &s, &n) != 6 || n != 20)
            return false;
    } else {
        return false;
    }
    for (size_t i = 0; i < len; i++) /* sscanf accepts signs and spaces */
        if (!(text[i] >= '0' && text[i] <= '9') && i != 4 && i != 7 &&
            i != 10 && i != 13 && i != 16 && i != 19)
            return false;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
        (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || s > 59)
        return false;
    long long t = days_from_civil(y, mo, d) * 86400LL + h * 3600LL +
                  mi * 60LL + s;
    if (len == 10 && closing)
        t += 86400;
    *out = t;
    return true;
}

bar_status bar_store_dates_check(const char *opens, const char *closes,
                                 bar_error *err)
{
    long long from = 0, to = 0;
    if ((opens && !parse_moment(opens, false, &from)) ||
        (closes && !parse_moment(closes, true, &to)))
        return bar_error_set(err, BAR_EINVALID,
                             "'%s': not a date (YYYY-MM-DD) or moment "
                             "(YYYY-MM-DDTHH:MM:SSZ, UTC)",
                             opens && !parse_moment(opens, false, &from)
                                 ? opens
                                 : closes);
    if (opens && closes && to <= from)
        return bar_error_set(err, BAR_EINVALID, "the wave would close (%s) "
                             "before it opens (%s)", closes, opens);
    return BAR_OK;
}

bar_status bar_store_wave_set_dates(bar_store *st, int wave,
                                    const char *opens, const char *closes,
                                    bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    bar_status rc = bar_store_dates_check(opens, closes, err);
    if (rc != BAR_OK)
        goto cleanup;
    if ((rc = need_wave(st, wave, NULL, err)) != BAR_OK ||
        (rc = ops->begin(st->impl, err)) != BAR_OK)
        goto cleanup;
    open_tx = true;
    if ((rc = ops->wave_set_dates(st->impl, wave, opens, closes, err)) !=
            BAR_OK ||
        (rc = ops->audit_add(st->impl,
                             &(bar_audit_entry){.wave = wave,
                                                .action = "wave_dates"},
                             err)) != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    return rc;
}

bar_status bar_store_wave_dates(bar_store *st, int wave,
                                char opens[BAR_STORE_DATE_MAX],
                                char closes[BAR_STORE_DATE_MAX],
                                bar_error *err)
{
    opens[0] = closes[0] = '\0';
    return st->ops->wave_dates(st->impl, wave, opens, closes, err);
}

bar_status bar_store_wave_is_open(bar_store *st, int wave, long long now,
                                  bool *open, bar_error *err)
{
    char opens[BAR_STORE_DATE_MAX], closes[BAR_STORE_DATE_MAX];
    *open = false;
    bar_status rc = bar_store_wave_dates(st, wave, opens, closes, err);
    if (rc != BAR_OK)
        return rc;
    long long from = 0, to = 0;
    if ((*opens && !parse_moment(opens, false, &from)) ||
        (*closes && !parse_moment(closes, true, &to)))
        return bar_error_set(err, BAR_ESTORE, "wave %d: the store holds "
                             "an unreadable date", wave);
    *open = (!*opens || now >= from) && (!*closes || now < to);
    return BAR_OK;
}

bar_status bar_store_token_add(bar_store *st, int wave, const char *org_id,
                               const uint8_t hash[32], bar_error *err)
{
    bar_status rc = need_wave(st, wave, NULL, err);
    if (rc == BAR_OK)
        rc = st->ops->token_insert(st->impl, wave, org_id, hash, 32, err);
    return rc;
}

bar_status bar_store_token_find(bar_store *st, const uint8_t hash[32],
                                bool *found, int *wave,
                                char org_id[BAR_STORE_ORG_MAX],
                                bar_error *err)
{
    *found = false;
    *wave = 0;
    org_id[0] = '\0';
    return st->ops->token_find(st->impl, hash, 32, found, wave, org_id, err);
}

/* ---- drafts of the survey server ---- */

void bar_store_draft_clear(bar_store_draft *d)
{
    if (!d)
        return;
    free(d->answers);
    *d = (bar_store_draft){0};
}

bar_status bar_store_frame_org(bar_store *st, int wave, const char *org_id,
                               char sector[BAR_STORE_ORG_MAX],
                               char cluster[BAR_STORE_ORG_MAX],
                               bar_error *err)
{
    bool found = false;
    sector[0] = cluster[0] = '\0';
    bar_status rc = st->ops->frame_get(st->impl, wave, org_id, &found, sector,
                                       cluster, err);
    if (rc == BAR_OK && !found)
        rc = bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, org_id,
                          "wave %d: no such organisation in the frame", wave);
    return rc;
}

bar_status bar_store_draft_get(bar_store *st, int wave, const char *org_id,
                               bar_store_draft *d, bar_error *err)
{
    *d = (bar_store_draft){0};
    return st->ops->draft_get(st->impl, wave, org_id, d, err);
}

/* Begin the write transaction of drafts and submits of the n
 * organisations orgs (borrowed): the backend's begin_orgs (PostgreSQL:
 * beside other organisations' writes), else its one-writer begin. */
static bar_status begin_orgs(bar_store *st, int wave,
                             const char *const *orgs, size_t n,
                             bar_error *err)
{
    if (st->ops->begin_orgs)
        return st->ops->begin_orgs(st->impl, wave, orgs, n, err);
    return st->ops->begin(st->impl, err);
}

/* Save (or with submit also lock) a draft inside the caller's transaction,
 * refusing a locked one. */
static bar_status draft_put_in_tx(bar_store *st, int wave, const char *org_id,
                                  const char *answers, const char *lang,
                                  bool submit, bar_error *err)
{
    bar_store_draft d = {0};
    bar_status rc = st->ops->draft_get(st->impl, wave, org_id, &d, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (d.submitted || d.completed) {
        rc = bar_error_at(err, BAR_ECONFLICT, NULL, 0, 0, org_id,
                          "wave %d: the response is already submitted",
                          wave);
        goto cleanup;
    }
    rc = st->ops->draft_put(st->impl, wave, org_id, answers, lang, submit,
                            err);
cleanup:
    bar_store_draft_clear(&d);
    return rc;
}

bar_status bar_store_draft_put(bar_store *st, int wave, const char *org_id,
                               const char *answers, const char *lang,
                               bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    bar_status rc = begin_orgs(st, wave, &org_id, 1, err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = draft_put_in_tx(st, wave, org_id, answers, lang, false, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    return rc;
}

bar_status bar_store_draft_submit(bar_store *st, int wave, const char *org_id,
                                  const bar_dataset *ds, const char *answers,
                                  const char *lang, bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    bar_status rc = BAR_OK;
    if (bar_dataset_nrows(ds) != 1) {
        rc = bar_error_set(err, BAR_EUSAGE, "a submit is one response, "
                           "not %zu", bar_dataset_nrows(ds));
        goto cleanup;
    }
    rc = begin_orgs(st, wave, &org_id, 1, err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = draft_put_in_tx(st, wave, org_id, answers, lang, true, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = import_in_tx(st, wave, ds, false, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    return rc;
}

/* One write of a group in its own savepoint: a draft saved or a submit
 * (its status to w->status). */
static void group_one(bar_store *st, int wave, bar_store_draft_write *w)
{
    const bar_store_ops *ops = st->ops;
    bar_status one = ops->savepoint(st->impl, w->err);
    if (one == BAR_OK && w->ds && bar_dataset_nrows(w->ds) != 1)
        one = bar_error_set(w->err, BAR_EUSAGE, "a submit is one "
                            "response, not %zu", bar_dataset_nrows(w->ds));
    if (one == BAR_OK)
        one = draft_put_in_tx(st, wave, w->org_id, w->answers, w->lang,
                              w->ds != NULL, w->err);
    if (one == BAR_OK && w->ds)
        one = import_in_tx(st, wave, w->ds, false, w->err);
    if (one == BAR_OK)
        one = ops->release(st->impl, w->err);
    if (one != BAR_OK)
        ops->rollback_to(st->impl);
    w->status = one;
}

/* The group in one transaction: with batch, each run of saves (no
 * submit between them) through the backend's draft_put_many in one go,
 * the submits one by one; else every write in its savepoint. *batch_failed:
 * a draft_put_many call failed (the caller may try again without). */
static bar_status group_run(bar_store *st, int wave,
                            bar_store_draft_write *w, size_t n,
                            const char *const *orgs, bool batch,
                            bool *batch_failed, bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    *batch_failed = false;
    bar_status rc = begin_orgs(st, wave, orgs, n, err);
    if (rc != BAR_OK)
        goto cleanup;
    open_tx = true;
    for (size_t i = 0; i < n;) {
        if (!batch || w[i].ds) {
            group_one(st, wave, &w[i]);
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !w[j].ds)
            j++;
        rc = ops->draft_put_many(st->impl, wave, w + i, j - i, err);
        if (rc != BAR_OK) {
            *batch_failed = true;
            goto cleanup;
        }
        i = j;
    }
    rc = ops->commit(st->impl, err);
    open_tx = rc != BAR_OK; /* a failed commit leaves it open: undo */
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    return rc;
}

bar_status bar_store_draft_group(bar_store *st, int wave,
                                 bar_store_draft_write *w, size_t n,
                                 bar_error *err)
{
    bar_status rc = BAR_OK;
    bool batch_failed = false;
    bar_error first;
    bar_error_init(&first);
    const char **orgs = malloc((n ? n : 1) * sizeof *orgs);
    if (!orgs) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        orgs[i] = w[i].org_id;
    bool batch = st->ops->draft_put_many != NULL;
    rc = group_run(st, wave, w, n, orgs, batch, &batch_failed,
                   batch ? &first : err);
    if (batch && rc != BAR_OK) {
        /* Nothing of the group is written. Unless the database is gone,
         * a failure of the batched saves (a cap, a statement the
         * database refused) may be one write's: the group once more,
         * every write in its own savepoint, as without batches, so that
         * each gets its status alone. */
        if (batch_failed && rc != BAR_EUNAVAILABLE) {
            for (size_t i = 0; i < n; i++)
                bar_error_clear(w[i].err);
            rc = group_run(st, wave, w, n, orgs, false, &batch_failed, err);
        } else {
            rc = bar_error_set(err, rc, "%s", first.msg);
        }
    }
cleanup:
    if (rc != BAR_OK)
        for (size_t i = 0; i < n; i++)
            w[i].status = rc;
    free(orgs);
    bar_error_clear(&first);
    return rc;
}

/* ---- accounts ---- */

/* One write of an account (put or delete) with its audit line, in one
 * transaction. */
static bar_status account_write(bar_store *st, const char *name,
                                const char *hash, int what, bar_error *err)
{
    enum { ADD, SET, REMOVE };
    static const char *const actions[] = {
        [ADD] = "account_add", [SET] = "account_password",
        [REMOVE] = "account_remove"};
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    bar_status rc = BAR_OK;
    if ((rc = ops->begin(st->impl, err)) != BAR_OK)
        goto cleanup;
    open_tx = true;
    rc = what == REMOVE ? ops->account_delete(st->impl, name, err)
                        : ops->account_put(st->impl, name, hash, what == SET,
                                           err);
    if (rc != BAR_OK ||
        (rc = ops->audit_add(st->impl,
                             &(bar_audit_entry){.action = actions[what],
                                                .rows = 1},
                             err)) != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    return rc;
}

bar_status bar_store_account_add(bar_store *st, const char *name,
                                 const char *hash, bar_error *err)
{
    return account_write(st, name, hash, 0, err);
}

bar_status bar_store_account_set(bar_store *st, const char *name,
                                 const char *hash, bar_error *err)
{
    return account_write(st, name, hash, 1, err);
}

bar_status bar_store_account_remove(bar_store *st, const char *name,
                                    bar_error *err)
{
    return account_write(st, name, NULL, 2, err);
}

bar_status bar_store_account_get(bar_store *st, const char *name,
                                 bool *found, char *hash, size_t size,
                                 bar_error *err)
{
    *found = false;
    if (size > 0)
        hash[0] = '\0';
    return st->ops->account_get(st->impl, name, found, hash, size, err);
}

bar_status bar_store_account_each(bar_store *st, bar_account_fn fn,
                                  void *ctx, bar_error *err)
{
    return st->ops->account_each(st->impl, fn, ctx, err);
}

/* ---- the send log ---- */

static const char *const send_states[] = {
    [BAR_SEND_SENDING] = "sending", [BAR_SEND_SENT] = "sent",
    [BAR_SEND_MERGED] = "merged",   [BAR_SEND_FAILED] = "failed",
    [BAR_SEND_UNKNOWN] = "unknown", [BAR_SEND_SUPERSEDED] = "superseded",
};
static const char *const send_channels[] = {
    [BAR_SEND_SMTP] = "smtp", [BAR_SEND_MAIL_MERGE] = "mail-merge",
};

const char *bar_send_state_name(bar_send_state state)
{
    return (size_t)state < sizeof send_states / sizeof send_states[0]
               ? send_states[state]
               : "?";
}

bool bar_send_kind(int round, char out[BAR_SEND_KIND_MAX])
{
    out[0] = '\0';
    if (round < 0 || round > 99)
        return false;
    if (round == 0)
        snprintf(out, BAR_SEND_KIND_MAX, "invite");
    else
        snprintf(out, BAR_SEND_KIND_MAX, "remind-%d", round);
    return true;
}

/* Whether kind is one bar_send_kind makes. */
static bool kind_ok(const char *kind)
{
    char want[BAR_SEND_KIND_MAX];
    for (int r = 0; r <= 99; r++)
        if (bar_send_kind(r, want) && strcmp(want, kind) == 0)
            return true;
    return false;
}

bar_status bar_store_contacts(bar_store *st, int wave,
                              bar_store_contact_fn fn, void *ctx,
                              bar_error *err)
{
    bar_status rc = need_wave(st, wave, NULL, err);
    if (rc == BAR_OK)
        rc = st->ops->contacts_each(st->impl, wave, fn, ctx, err);
    return rc;
}

/* What send_begin looks for in an organisation's log. */
enum { MAX_SUPERSEDE = 64 };
typedef struct send_check {
    const char *kind;
    bool again;
    bool blocked;
    long long maybe[MAX_SUPERSEDE]; /* the entries to supersede */
    size_t nmaybe;
} send_check;

static bar_status check_sent(void *ctx, const bar_send_row *r,
                             bar_error *err)
{
    (void)err;
    send_check *c = ctx;
    if (strcmp(r->kind, c->kind) != 0)
        return BAR_OK;
    bool delivered = strcmp(r->state, "sent") == 0 ||
                     strcmp(r->state, "merged") == 0;
    bool maybe = strcmp(r->state, "sending") == 0 ||
                 strcmp(r->state, "unknown") == 0;
    if (delivered || (maybe && !c->again))
        c->blocked = true;
    if (maybe && c->nmaybe < MAX_SUPERSEDE)
        c->maybe[c->nmaybe++] = r->id;
    return BAR_OK;
}

bar_status bar_store_send_begin(bar_store *st, int wave, const char *org_id,
                                const char *kind, bar_send_channel channel,
                                const uint8_t hash[BAR_SEND_HASH_BYTES],
                                bool again, long long *id, bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    bool open_tx = false;
    *id = 0;
    bar_status rc = BAR_OK;
    if (!kind || !kind_ok(kind) ||
        (size_t)channel >= sizeof send_channels / sizeof send_channels[0]) {
        rc = bar_error_set(err, BAR_EINVALID, "send log: '%s' is not a "
                           "kind of message", kind ? kind : "");
        goto cleanup;
    }
    if ((rc = need_wave(st, wave, NULL, err)) != BAR_OK ||
        (rc = ops->begin(st->impl, err)) != BAR_OK)
        goto cleanup;
    open_tx = true;
    send_check check = {.kind = kind, .again = again};
    if ((rc = ops->send_each(st->impl, wave, org_id, check_sent, &check,
                             err)) != BAR_OK)
        goto cleanup;
    if (check.blocked) {
        rc = bar_error_at(err, BAR_ECONFLICT, NULL, 0, 0, org_id,
                          "wave %d: a message '%s' went out already (or may "
                          "have)", wave, kind);
        goto cleanup;
    }
    for (size_t i = 0; i < check.nmaybe; i++)
        if ((rc = ops->send_update(st->impl, check.maybe[i], "superseded",
                                   NULL, err)) != BAR_OK)
            goto cleanup;
    if ((rc = ops->token_insert(st->impl, wave, org_id, hash,
                                BAR_SEND_HASH_BYTES, err)) != BAR_OK ||
        (rc = ops->send_insert(st->impl, wave, org_id, kind,
                               send_channels[channel], hash,
                               BAR_SEND_HASH_BYTES, id, err)) != BAR_OK)
        goto cleanup;
    rc = ops->commit(st->impl, err);
    open_tx = false;
cleanup:
    if (open_tx)
        ops->rollback(st->impl);
    if (rc != BAR_OK)
        *id = 0;
    return rc;
}

bar_status bar_store_send_end(bar_store *st, long long id,
                              bar_send_state state, const char *answer,
                              bar_error *err)
{
    const bar_store_ops *ops = st->ops;
    if (state == BAR_SEND_SENDING ||
        (size_t)state >= sizeof send_states / sizeof send_states[0])
        return bar_error_set(err, BAR_EINVALID, "send log: not an outcome");
    bar_status rc = ops->begin(st->impl, err);
    if (rc != BAR_OK)
        return rc;
    rc = ops->send_update(st->impl, id, send_states[state], answer, err);
    if (rc == BAR_OK)
        rc = ops->commit(st->impl, err);
    if (rc != BAR_OK)
        ops->rollback(st->impl);
    return rc;
}

/* Hands the backend's rows on as entries. */
typedef struct send_walk {
    bar_send_fn fn;
    void *ctx;
} send_walk;

static bar_status walk_row(void *ctx, const bar_send_row *r, bar_error *err)
{
    send_walk *w = ctx;
    bar_send_entry e = {
        .id = r->id, .wave = r->wave, .org_id = r->org_id, .kind = r->kind,
        .started_at = r->started_at, .finished_at = r->finished_at,
        .answer = r->answer,
    };
    memcpy(e.token_hash, r->token_hash, sizeof e.token_hash);
    bool known = false;
    for (size_t i = 0; i < sizeof send_states / sizeof send_states[0]; i++)
        if (strcmp(r->state, send_states[i]) == 0) {
            e.state = (bar_send_state)i;
            known = true;
        }
    for (size_t i = 0; i < sizeof send_channels / sizeof send_channels[0];
         i++)
        if (strcmp(r->channel, send_channels[i]) == 0)
            e.channel = (bar_send_channel)i;
    if (!known)
        return bar_error_set(err, BAR_ESTORE, "send log entry %lld: unknown "
                             "state '%s'", r->id, r->state);
    return w->fn(w->ctx, &e, err);
}

bar_status bar_store_send_log(bar_store *st, int wave, const char *org_id,
                              bar_send_fn fn, void *ctx, bar_error *err)
{
    bar_status rc = need_wave(st, wave, NULL, err);
    send_walk w = {.fn = fn, .ctx = ctx};
    if (rc == BAR_OK)
        rc = st->ops->send_each(st->impl, wave, org_id, walk_row, &w, err);
    return rc;
}

/* ---- sessions, monitor (admin) ---- */

/* The end of a one-write transaction: commit when rc is BAR_OK, else
 * roll back; returns the outcome. */
static bar_status tx_end(bar_store *st, bar_status rc, bar_error *err)
{
    if (rc == BAR_OK)
        return st->ops->commit(st->impl, err);
    st->ops->rollback(st->impl);
    return rc;
}

bar_status bar_store_session_add(bar_store *st,
                                 const uint8_t hash[BAR_STORE_SESSION_HASH],
                                 const char *account, long long now,
                                 long long idle_before,
                                 long long created_before, bar_error *err)
{
    bar_status rc = st->ops->begin(st->impl, err);
    if (rc != BAR_OK)
        return rc;
    rc = st->ops->session_delete(st->impl, NULL, 0, idle_before,
                                 created_before, err);
    if (rc == BAR_OK)
        rc = st->ops->session_put(st->impl, hash, BAR_STORE_SESSION_HASH,
                                  account, now, err);
    return tx_end(st, rc, err);
}

bar_status bar_store_session_find(bar_store *st,
                                  const uint8_t hash[BAR_STORE_SESSION_HASH],
                                  bar_store_session *out, bar_error *err)
{
    *out = (bar_store_session){0};
    return st->ops->session_get(st->impl, hash, BAR_STORE_SESSION_HASH, out,
                                err);
}

bar_status bar_store_session_touch(bar_store *st,
                                   const uint8_t hash[BAR_STORE_SESSION_HASH],
                                   long long now, bar_error *err)
{
    bar_status rc = st->ops->begin(st->impl, err);
    if (rc != BAR_OK)
        return rc;
    rc = st->ops->session_touch(st->impl, hash, BAR_STORE_SESSION_HASH, now,
                                err);
    return tx_end(st, rc, err);
}

bar_status bar_store_session_remove(bar_store *st,
                                    const uint8_t
                                        hash[BAR_STORE_SESSION_HASH],
                                    bar_error *err)
{
    bar_status rc = st->ops->begin(st->impl, err);
    if (rc != BAR_OK)
        return rc;
    rc = st->ops->session_delete(st->impl, hash, BAR_STORE_SESSION_HASH, 0,
                                 0, err);
    return tx_end(st, rc, err);
}

bar_status bar_store_field_each(bar_store *st, int wave,
                                bar_store_field_fn fn, void *ctx,
                                bar_error *err)
{
    return st->ops->field_each(st->impl, wave, fn, ctx, err);
}

/* ---- quotes (schema 9) ---- */

bar_status bar_store_quote_hash(const char *text,
                                uint8_t hash[BAR_STORE_QUOTE_HASH],
                                bar_error *err)
{
    if (sodium_init() < 0)
        return bar_error_set(err, BAR_ESTORE, "libsodium did not start");
    const char *t = text ? text : "";
    crypto_generichash(hash, BAR_STORE_QUOTE_HASH, (const unsigned char *)t,
                       (unsigned long long)strlen(t), NULL, 0);
    return BAR_OK;
}

bar_status bar_store_quote_set(bar_store *st, int wave, const char *org_id,
                               const char *variable,
                               const uint8_t text_hash[BAR_STORE_QUOTE_HASH],
                               bool approved, const char *account,
                               bar_error *err)
{
    if (!org_id || !*org_id || !variable || !*variable || !account ||
        !*account || !text_hash)
        return bar_error_set(err, BAR_EUSAGE,
                             "a quote decision needs an organisation, a "
                             "variable, an account and the text's hash");
    const bar_store_ops *ops = st->ops;
    bar_status rc = ops->begin(st->impl, err);
    if (rc != BAR_OK)
        return rc;
    rc = ops->quote_put(st->impl, wave, org_id, variable, text_hash,
                        BAR_STORE_QUOTE_HASH, approved, account, err);
    if (rc == BAR_OK)
        rc = ops->audit_add(st->impl,
                            &(bar_audit_entry){
                                .wave = wave,
                                .action = approved ? "quote_approve"
                                                   : "quote_reject",
                                .rows = 1},
                            err);
    return tx_end(st, rc, err);
}

bar_status bar_store_quote_each(bar_store *st, int wave,
                                bar_store_quote_fn fn, void *ctx,
                                bar_error *err)
{
    return st->ops->quote_each(st->impl, wave, fn, ctx, err);
}

bool bar_store_quote_current(const bar_store_quote *q, const char *text)
{
    uint8_t h[BAR_STORE_QUOTE_HASH];
    bar_error err;
    bar_error_init(&err);
    bool ok = q && text && q->approved && q->has_hash &&
              bar_store_quote_hash(text, h, &err) == BAR_OK &&
              sodium_memcmp(h, q->text_hash, sizeof h) == 0;
    bar_error_clear(&err);
    return ok;
}

/* Looking for one decision among the wave's. */
typedef struct quote_find {
    const char *org_id, *variable, *text;
    bool approved;
} quote_find;

static bar_status quote_match(void *ctx, const bar_store_quote *q,
                              bar_error *err)
{
    (void)err;
    quote_find *f = ctx;
    if (strcmp(q->org_id, f->org_id) == 0 &&
        strcmp(q->variable, f->variable) == 0)
        f->approved = bar_store_quote_current(q, f->text);
    return BAR_OK;
}

bar_status bar_store_quote_approved(bar_store *st, int wave,
                                    const char *org_id, const char *variable,
                                    const char *text, bool *approved,
                                    bar_error *err)
{
    quote_find f = {.org_id = org_id, .variable = variable, .text = text};
    *approved = false;
    if (!org_id || !variable || !text)
        return BAR_OK;
    bar_status rc = st->ops->quote_each(st->impl, wave, quote_match, &f,
                                        err);
    if (rc == BAR_OK)
        *approved = f.approved;
    return rc;
}

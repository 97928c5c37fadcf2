/* store_copy.c - a whole store copied into another (store_copy.h).
 *
 * Through the backends' table primitives (store_backend.h): for each table
 * of `tables`, in an order that has every row's parent before it, the
 * source's columns (the destination gets the response columns it lacks),
 * its rows in key order, each written into the destination and folded
 * into a checksum; then the destination's rows of the same columns, read
 * back in the same order inside the transaction, folded into a second one.
 *
 * The checksum of a table is BLAKE2b-256 (libsodium) over its rows, each
 * cell as a tag and its value: 'N' for null; 'I' and the integer, 'R' and
 * the number with 17 significant digits, then ';'; 'T' (text) or 'B'
 * (bytes), the length, ':' and the bytes. A table's column kinds and
 * order come from the source, so both sides fold the same text.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_backend.h"
#include "store/store_copy.h"

/* The tables in copy order (parents first) and how many of their leading
 * columns are their key, which orders the rows. meta is not copied: both
 * stores have this program's schema version. */
static const struct {
    const char *name;
    size_t nkey;
} tables[BAR_STORE_COPY_TABLES] = {
    {"wave", 1},    {"frame", 2},    {"response", 2}, {"token", 1},
    {"draft", 2},   {"send_log", 1}, {"account", 1},  {"session", 1},
    {"approval", 3}, {"quote", 3},   {"audit", 1},
};

/* A running count and checksum of rows. */
typedef struct fold {
    crypto_generichash_state h;
    size_t rows;
    const bar_table_columns *cols;
} fold;

static void fold_init(fold *f, const bar_table_columns *cols)
{
    crypto_generichash_init(&f->h, NULL, 0, BAR_STORE_COPY_SUM_BYTES);
    f->rows = 0;
    f->cols = cols;
}

static void fold_row(fold *f, const bar_cell *cells)
{
    for (size_t i = 0; i < f->cols->n; i++) {
        const bar_cell *c = &cells[i];
        char head[48];
        int n = 0;
        if (c->null) {
            n = snprintf(head, sizeof head, "N");
        } else {
            switch (f->cols->cols[i].kind) {
            case BAR_CELL_INT:
                n = snprintf(head, sizeof head, "I%lld;", c->i);
                break;
            case BAR_CELL_REAL:
                n = snprintf(head, sizeof head, "R%.17g;", c->r);
                break;
            case BAR_CELL_BLOB:
                n = snprintf(head, sizeof head, "B%zu:", c->len);
                break;
            default:
                n = snprintf(head, sizeof head, "T%zu:", c->len);
                break;
            }
        }
        crypto_generichash_update(&f->h, (const unsigned char *)head,
                                  (unsigned long long)n);
        if (!c->null && c->len > 0 &&
            (f->cols->cols[i].kind == BAR_CELL_TEXT ||
             f->cols->cols[i].kind == BAR_CELL_BLOB))
            crypto_generichash_update(&f->h, (const unsigned char *)c->s,
                                      (unsigned long long)c->len);
    }
    f->rows++;
}

static bar_status fold_cb(void *ctx, const bar_cell *cells, bar_error *err)
{
    (void)err;
    fold_row(ctx, cells);
    return BAR_OK;
}

/* Writing one row into the destination, and folding it. */
typedef struct copier {
    const bar_store_ops *ops;
    void *impl;
    const char *table;
    fold f;
} copier;

static bar_status copy_cb(void *ctx, const bar_cell *cells, bar_error *err)
{
    copier *c = ctx;
    bar_status rc = c->ops->table_insert(c->impl, c->table, c->f.cols, cells,
                                         err);
    if (rc == BAR_OK)
        fold_row(&c->f, cells);
    return rc;
}

static bool has_column(const bar_table_columns *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->cols[i].name, name) == 0)
            return true;
    return false;
}

/* Read the columns of table t of a store; none is a damaged store. */
static bar_status columns_of(const bar_store_ops *ops, void *impl,
                             const char *t, bar_table_columns *cols,
                             bar_error *err)
{
    bar_status rc = ops->table_columns(impl, t, cols, err);
    if (rc == BAR_OK && cols->n == 0)
        rc = bar_error_set(err, BAR_ESTORE, "the store has no table '%s'",
                           t);
    return rc;
}

/* Copy table i; its entry of report filled. */
static bar_status copy_table(const bar_store_ops *sops, void *simpl,
                             const bar_store_ops *dops, void *dimpl,
                             size_t i, bar_store_copy_table *out,
                             bar_error *err)
{
    const char *t = tables[i].name;
    bar_table_columns scols = {0}, dcols = {0};
    copier cp = {.ops = dops, .impl = dimpl, .table = t};
    fold back;
    uint8_t sum[BAR_STORE_COPY_SUM_BYTES], sum_back[BAR_STORE_COPY_SUM_BYTES];
    bar_status rc = columns_of(sops, simpl, t, &scols, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = columns_of(dops, dimpl, t, &dcols, err);
    if (rc != BAR_OK)
        goto cleanup;
    fold_init(&back, &dcols);
    rc = dops->table_each(dimpl, t, &dcols, 0, fold_cb, &back, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (back.rows > 0) {
        rc = bar_error_set(err, BAR_ECONFLICT,
                           "the destination is not empty (table '%s' has "
                           "%zu rows); copy into a new store", t, back.rows);
        goto cleanup;
    }
    for (size_t c = 0; c < scols.n; c++) {
        if (has_column(&dcols, scols.cols[c].name))
            continue;
        rc = dops->table_add_column(dimpl, t, &scols.cols[c], err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    fold_init(&cp.f, &scols);
    rc = sops->table_each(simpl, t, &scols, tables[i].nkey, copy_cb, &cp,
                          err);
    if (rc != BAR_OK)
        goto cleanup;
    crypto_generichash_final(&cp.f.h, sum, sizeof sum);
    fold_init(&back, &scols);
    rc = dops->table_each(dimpl, t, &scols, tables[i].nkey, fold_cb, &back,
                          err);
    if (rc != BAR_OK)
        goto cleanup;
    crypto_generichash_final(&back.h, sum_back, sizeof sum_back);
    if (back.rows != cp.f.rows ||
        memcmp(sum, sum_back, sizeof sum) != 0) {
        rc = bar_error_set(err, BAR_ESTORE,
                           "table '%s': %zu rows copied, %zu read back%s; "
                           "the copy is undone", t, cp.f.rows, back.rows,
                           back.rows == cp.f.rows ? " with other values"
                                                  : "");
        goto cleanup;
    }
    out->name = t;
    out->rows = cp.f.rows;
    memcpy(out->checksum, sum, sizeof sum);
cleanup:
    bar__table_columns_clear(&scols);
    bar__table_columns_clear(&dcols);
    return rc;
}

bar_status bar_store_copy(bar_store *src, bar_store *dst,
                          bar_store_copy_report *report, bar_error *err)
{
    void *simpl = NULL, *dimpl = NULL;
    const bar_store_ops *sops = bar__store_ops(src, &simpl);
    const bar_store_ops *dops = bar__store_ops(dst, &dimpl);
    bar_store_copy_report local;
    bool src_tx = false, dst_tx = false;
    if (!report)
        report = &local;
    memset(report, 0, sizeof *report);
    bar_status rc = BAR_OK;
    if (sodium_init() < 0) {
        rc = bar_error_set(err, BAR_ESTORE, "libsodium did not start");
        goto cleanup;
    }
    rc = sops->begin(simpl, err);
    if (rc != BAR_OK)
        goto cleanup;
    src_tx = true;
    rc = dops->begin(dimpl, err);
    if (rc != BAR_OK)
        goto cleanup;
    dst_tx = true;
    for (size_t i = 0; i < BAR_STORE_COPY_TABLES; i++) {
        rc = copy_table(sops, simpl, dops, dimpl, i, &report->tables[i],
                        err);
        if (rc != BAR_OK)
            goto cleanup;
        report->n = i + 1;
    }
    rc = dops->table_fixup(dimpl, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = dops->commit(dimpl, err);
    dst_tx = rc != BAR_OK;
cleanup:
    if (dst_tx)
        dops->rollback(dimpl);
    if (src_tx)
        sops->rollback(simpl);
    if (rc != BAR_OK)
        memset(report, 0, sizeof *report);
    return rc;
}

bar_status bar_store_checksum(bar_store *st, bar_store_copy_report *report,
                              bar_error *err)
{
    void *impl = NULL;
    const bar_store_ops *ops = bar__store_ops(st, &impl);
    bar_table_columns cols = {0};
    bool tx = false;
    memset(report, 0, sizeof *report);
    bar_status rc = BAR_OK;
    if (sodium_init() < 0) {
        rc = bar_error_set(err, BAR_ESTORE, "libsodium did not start");
        goto cleanup;
    }
    rc = ops->begin(impl, err);
    if (rc != BAR_OK)
        goto cleanup;
    tx = true;
    for (size_t i = 0; i < BAR_STORE_COPY_TABLES; i++) {
        fold f;
        rc = columns_of(ops, impl, tables[i].name, &cols, err);
        if (rc != BAR_OK)
            goto cleanup;
        fold_init(&f, &cols);
        rc = ops->table_each(impl, tables[i].name, &cols, tables[i].nkey,
                             fold_cb, &f, err);
        if (rc != BAR_OK)
            goto cleanup;
        bar_store_copy_table *t = &report->tables[i];
        t->name = tables[i].name;
        t->rows = f.rows;
        crypto_generichash_final(&f.h, t->checksum, sizeof t->checksum);
        report->n = i + 1;
        bar__table_columns_clear(&cols);
    }
cleanup:
    bar__table_columns_clear(&cols);
    if (tx)
        ops->rollback(impl);
    return rc;
}

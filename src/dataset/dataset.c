/* dataset.c - the columnar table of cases x variables, and the check of one
 * case against its instrument (codes and routing). */
#include "dataset/dataset.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What check_row needs of a variable, gathered once (the instrument's
 * accessors cost a call each, and check_row runs once per imported row). */
typedef struct var_info {
    const bar_variable *var;
    const char *name;
    bar_var_type type;
    bar_var_role role;
    long min, max;
    size_t ncodes;
    uint64_t codes;   /* SINGLE: bit k set when k (0..63) is a code */
    bool small_codes; /* SINGLE: every code is in 0..63 */
} var_info;

/* A multi question with an exclusive option. */
typedef struct exclusive {
    size_t ex;        /* the exclusive option's variable */
    size_t first, n;  /* the question's options: first .. first + n - 1 */
} exclusive;

struct bar_dataset {
    const bar_instrument *ins; /* borrowed */
    var_info *info;            /* ncols entries; owned */
    exclusive *excl;           /* nexcl entries; owned */
    size_t nexcl;
    long innovated;            /* column of innovated, or -1 */
    size_t ncols;
    size_t nrows;
    size_t cap;                /* rows allocated in every column */
    double **num;              /* ncols columns of cap doubles; owned */
    char ***str;               /* per column: NULL for numeric columns, else
                                  cap owned strings (NULL = missing) */
    /* Where the rows were read from (bar_dataset_set_origin); all owned,
     * NULL when built in code or loaded from the store. */
    char *origin;
    long *origin_fields;       /* ncols: 1-based field, 0 = not in file */
    long *origin_lines;        /* origin_nlines: line where a row starts */
    size_t origin_nlines;
    bool simulated;            /* marked simulated (bar_dataset_simulated) */
};

static bool is_string_type(bar_var_type t)
{
    return t == BAR_VAR_ID || t == BAR_VAR_TEXT;
}

/* A new, empty dataset over ins; see dataset.h. */
bar_dataset *bar_dataset_new(const bar_instrument *ins)
{
    if (!ins)
        return NULL;
    bar_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    ds->ins = ins;
    ds->ncols = bar_instrument_nvars(ins);
    ds->innovated = bar_instrument_find(ins, "innovated");
    size_t nq = bar_instrument_nquestions(ins);
    ds->num = calloc(ds->ncols + 1, sizeof *ds->num);
    ds->str = calloc(ds->ncols + 1, sizeof *ds->str);
    ds->info = calloc(ds->ncols + 1, sizeof *ds->info);
    ds->excl = calloc(nq + 1, sizeof *ds->excl);
    if (!ds->num || !ds->str || !ds->info || !ds->excl) {
        bar_dataset_free(ds);
        return NULL;
    }
    for (size_t c = 0; c < ds->ncols; c++) {
        const bar_variable *v = bar_instrument_var(ins, c);
        var_info *vi = &ds->info[c];
        *vi = (var_info){
            .var = v,
            .name = bar_var_name(v),
            .type = bar_var_type_of(v),
            .role = bar_var_role_of(v),
            .min = bar_var_min(v),
            .max = bar_var_max(v),
            .ncodes = bar_var_ncodes(v),
            .small_codes = true,
        };
        if (vi->type == BAR_VAR_SINGLE) {
            for (size_t k = 0; k < vi->ncodes; k++) {
                long code = bar_var_code(v, k);
                if (code < 0 || code > 63)
                    vi->small_codes = false;
                else
                    vi->codes |= (uint64_t)1 << code;
            }
        }
    }
    for (size_t qi = 0; qi < nq; qi++) {
        const bar_question *q = bar_instrument_question(ins, qi);
        const bar_variable *ex = bar_question_exclusive(q);
        if (!ex || bar_question_nvars(q) == 0)
            continue;
        ds->excl[ds->nexcl++] = (exclusive){
            .ex = bar_var_index(ex),
            .first = bar_var_index(bar_question_var(q, 0)),
            .n = bar_question_nvars(q),
        };
    }
    return ds;
}

void bar_dataset_free(bar_dataset *ds)
{
    if (!ds)
        return;
    for (size_t c = 0; c < ds->ncols; c++) {
        if (ds->num)
            free(ds->num[c]);
        if (ds->str && ds->str[c]) {
            for (size_t r = 0; r < ds->nrows; r++)
                free(ds->str[c][r]);
            free(ds->str[c]);
        }
    }
    free(ds->num);
    free(ds->str);
    free(ds->origin);
    free(ds->origin_fields);
    free(ds->origin_lines);
    free(ds->info);
    free(ds->excl);
    free(ds);
}

const bar_instrument *bar_dataset_instrument(const bar_dataset *ds)
{
    return ds->ins;
}

void bar_dataset_mark_simulated(bar_dataset *ds)
{
    ds->simulated = true;
}

bool bar_dataset_simulated(const bar_dataset *ds)
{
    if (ds->simulated)
        return true;
    long col = bar_dataset_col(ds, "org_id");
    if (col < 0 || !ds->str[col])
        return false;
    size_t len = strlen(BAR_DATASET_SIMULATED_PREFIX);
    for (size_t r = 0; r < ds->nrows; r++) {
        const char *id = ds->str[col][r];
        if (id && strncmp(id, BAR_DATASET_SIMULATED_PREFIX, len) == 0)
            return true;
    }
    return false;
}

size_t bar_dataset_nrows(const bar_dataset *ds)
{
    return ds->nrows;
}

size_t bar_dataset_ncols(const bar_dataset *ds)
{
    return ds->ncols;
}

/* Make room for n more rows; see dataset.h. The new room is filled with
 * missing values column by column (a sequential sweep, much faster than
 * filling row by row across columns), so add_row only counts. Invariant:
 * every cell from nrows to cap is NAN / NULL. On failure the columns that
 * did grow keep their larger, filled blocks, which is harmless. */
bar_status bar_dataset_reserve(bar_dataset *ds, size_t n)
{
    if (n > BAR_DATASET_MAX_ROWS || ds->nrows > BAR_DATASET_MAX_ROWS - n)
        return BAR_ELIMIT;
    size_t need = ds->nrows + n;
    if (need <= ds->cap)
        return BAR_OK;
    /* Double on the way (amortised add_row); a large reservation is taken
     * as it is. */
    size_t ncap = ds->cap ? ds->cap * 2 : 64;
    if (ncap < need)
        ncap = need;
    if (ncap > BAR_DATASET_MAX_ROWS)
        ncap = BAR_DATASET_MAX_ROWS;
    for (size_t c = 0; c < ds->ncols; c++) {
        double *col = realloc(ds->num[c], ncap * sizeof *col);
        if (!col)
            return BAR_ENOMEM;
        ds->num[c] = col;
        for (size_t r = ds->cap; r < ncap; r++)
            col[r] = NAN;
        if (is_string_type(ds->info[c].type)) {
            char **s = realloc(ds->str[c], ncap * sizeof *s);
            if (!s)
                return BAR_ENOMEM;
            ds->str[c] = s;
            for (size_t r = ds->cap; r < ncap; r++)
                s[r] = NULL;
        }
    }
    ds->cap = ncap;
    return BAR_OK;
}

/* Append a row of missing values; see dataset.h. */
bar_status bar_dataset_add_row(bar_dataset *ds, size_t *row)
{
    bar_status rc = bar_dataset_reserve(ds, 1);
    if (rc != BAR_OK)
        return rc;
    size_t r = ds->nrows++;
    if (row)
        *row = r;
    return BAR_OK;
}

double bar_dataset_get(const bar_dataset *ds, size_t row, size_t col)
{
    if (row >= ds->nrows || col >= ds->ncols)
        return NAN;
    return ds->num[col][row];
}

/* Set a numeric cell; ignored for ID/TEXT columns and out-of-range
 * indexes. */
void bar_dataset_set(bar_dataset *ds, size_t row, size_t col, double value)
{
    if (row >= ds->nrows || col >= ds->ncols || ds->str[col])
        return;
    ds->num[col][row] = value;
}

const double *bar_dataset_column(const bar_dataset *ds, size_t col)
{
    if (col >= ds->ncols)
        return NULL;
    return ds->num[col];
}

const char *bar_dataset_get_str(const bar_dataset *ds, size_t row,
                                size_t col)
{
    if (row >= ds->nrows || col >= ds->ncols || !ds->str[col])
        return NULL;
    return ds->str[col][row];
}

/* Copy s into a string cell; see dataset.h. BAR_EUSAGE for a numeric
 * column or an index out of range. */
bar_status bar_dataset_set_str(bar_dataset *ds, size_t row, size_t col,
                               const char *s)
{
    if (row >= ds->nrows || col >= ds->ncols || !ds->str[col])
        return BAR_EUSAGE;
    char *copy = NULL;
    if (s) {
        size_t n = strlen(s);
        copy = malloc(n + 1);
        if (!copy)
            return BAR_ENOMEM;
        memcpy(copy, s, n + 1);
    }
    free(ds->str[col][row]);
    ds->str[col][row] = copy;
    return BAR_OK;
}

/* Take ownership of s (heap, may be NULL) as a string cell; see
 * dataset.h. */
bar_status bar_dataset_take_str(bar_dataset *ds, size_t row, size_t col,
                                char *s)
{
    if (row >= ds->nrows || col >= ds->ncols || !ds->str[col]) {
        free(s);
        return BAR_EUSAGE;
    }
    free(ds->str[col][row]);
    ds->str[col][row] = s;
    return BAR_OK;
}

void bar_dataset_row(const bar_dataset *ds, size_t row, double *buf)
{
    for (size_t c = 0; c < ds->ncols; c++)
        buf[c] = row < ds->nrows ? ds->num[c][row] : NAN;
}

long bar_dataset_col(const bar_dataset *ds, const char *name)
{
    return bar_instrument_find(ds->ins, name);
}

/* Record where the rows came from; see dataset.h. */
bar_status bar_dataset_set_origin(bar_dataset *ds, const char *file,
                                  const long *fields, long *lines)
{
    size_t n = strlen(file);
    char *name = malloc(n + 1);
    long *f = malloc((ds->ncols + 1) * sizeof *f);
    if (!name || !f) {
        free(name);
        free(f);
        free(lines);
        return BAR_ENOMEM;
    }
    memcpy(name, file, n + 1);
    memcpy(f, fields, ds->ncols * sizeof *f);
    free(ds->origin);
    free(ds->origin_fields);
    free(ds->origin_lines);
    ds->origin = name;
    ds->origin_fields = f;
    ds->origin_lines = lines;
    ds->origin_nlines = lines ? ds->nrows : 0;
    return BAR_OK;
}

/* Record a fault of one cell, located by its origin; see dataset.h. */
bar_status bar_dataset_cell_error(const bar_dataset *ds, size_t row,
                                  size_t col, bar_status code, bar_error *err,
                                  const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *name = col < ds->ncols ? ds->info[col].name : "?";
    if (!ds->origin || row >= ds->origin_nlines)
        return bar_error_at(err, code, NULL, 0, 0, name, "case %zu: %s",
                            row + 1, msg);
    long line = ds->origin_lines[row];
    long field = col < ds->ncols ? ds->origin_fields[col] : 0;
    if (field > 0)
        return bar_error_cell(err, code, ds->origin, line, (size_t)field,
                              name, "%s", msg);
    return bar_error_at(err, code, ds->origin, line, 0, name, "%s", msg);
}

/* Append text to buf at *used without overflowing; marks truncation with
 * "...". */
static void put(char *buf, size_t size, size_t *used, const char *text)
{
    if (*used + 1 >= size)
        return;
    size_t room = size - *used - 1;
    size_t n = strlen(text);
    if (n > room) {
        if (size > 4) {
            *used = size - 4;
            memcpy(buf + *used, "...", 4);
            *used = size - 1;
        }
        return;
    }
    memcpy(buf + *used, text, n + 1);
    *used += n;
}

/* Describe the values col accepts; see dataset.h. */
void bar_dataset_expected(const bar_dataset *ds, size_t col, char *buf,
                          size_t size)
{
    if (!size)
        return;
    buf[0] = '\0';
    if (col >= ds->ncols)
        return;
    const bar_variable *v = bar_instrument_var(ds->ins, col);
    size_t used = 0;
    char item[96];
    switch (bar_var_type_of(v)) {
    case BAR_VAR_INTEGER:
        snprintf(item, sizeof item, "%ld to %ld", bar_var_min(v),
                 bar_var_max(v));
        put(buf, size, &used, item);
        return;
    case BAR_VAR_BINARY:
        put(buf, size, &used, "0 or 1");
        return;
    case BAR_VAR_NUMBER:
        put(buf, size, &used, "a number");
        return;
    case BAR_VAR_TEXT:
        snprintf(item, sizeof item, "text of at most %ld characters",
                 bar_var_max(v));
        put(buf, size, &used, item);
        return;
    case BAR_VAR_ID:
        put(buf, size, &used, "a non-empty identifier");
        return;
    case BAR_VAR_SINGLE:
    case BAR_VAR_CATEGORY:
        break;
    }
    size_t n = bar_var_ncodes(v);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            put(buf, size, &used, i + 1 == n ? " or " : ", ");
        if (bar_var_type_of(v) == BAR_VAR_CATEGORY)
            snprintf(item, sizeof item, "%s", bar_var_code_str(v, i));
        else
            snprintf(item, sizeof item, "%ld", bar_var_code(v, i));
        put(buf, size, &used, item);
    }
}

/* Whether x is a whole number a long can hold. */
static bool is_whole(double x)
{
    return isfinite(x) && x == floor(x) && fabs(x) < 9.0e15;
}

/* Whether x is a code of the SINGLE variable vi. */
static bool is_code(const var_info *vi, double x)
{
    if (!is_whole(x))
        return false;
    if (vi->small_codes)
        return x >= 0 && x <= 63 && (vi->codes >> (int)x & 1);
    return bar_var_code_pos(vi->var, (long)x) >= 0;
}

/* Check the value of one numeric cell against its variable; on a fault,
 * writes the message to why and returns false. */
static bool value_ok(const bar_dataset *ds, size_t col, double x, char *why,
                     size_t size)
{
    const var_info *vi = &ds->info[col];
    char expected[256];
    bool ok = true;
    switch (vi->type) {
    case BAR_VAR_INTEGER:
        ok = is_whole(x) && x >= (double)vi->min && x <= (double)vi->max;
        break;
    case BAR_VAR_SINGLE:
        ok = is_code(vi, x);
        break;
    case BAR_VAR_BINARY:
        ok = x == 0.0 || x == 1.0;
        break;
    case BAR_VAR_CATEGORY:
        ok = is_whole(x) && x >= 0 && x < (double)vi->ncodes;
        break;
    case BAR_VAR_NUMBER:
        ok = isfinite(x);
        break;
    case BAR_VAR_ID:
    case BAR_VAR_TEXT:
        ok = true; /* their numeric column is not used */
        break;
    }
    if (!ok) {
        bar_dataset_expected(ds, col, expected, sizeof expected);
        const char *what = vi->type == BAR_VAR_SINGLE ? "code" : "value";
        snprintf(why, size, "%s %.17g out of range (expected %s)", what, x,
                 expected);
    }
    return ok;
}

/* The characters (Unicode code points) of a UTF-8 string: its bytes less
 * the continuation bytes. "é" is 1 (2 bytes), "€" 1 (3 bytes). */
static size_t characters(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* Whether the cell holds an answer. */
static bool answered(const bar_dataset *ds, size_t row, size_t col)
{
    if (ds->str[col])
        return ds->str[col][row] != NULL;
    return !isnan(ds->num[col][row]);
}

/* Append a routing condition that fails for this case, and what the case
 * has instead, to cond ("tech_share >= 2") and here ("tech_share = 1",
 * "innovated is missing"). */
static void add_condition(const char *var, const char *op, long value,
                          double x, char *cond, size_t *clen, char *here,
                          size_t *hlen, size_t size)
{
    int n = snprintf(cond + *clen, size - *clen, "%s%s %s %ld",
                     *clen ? " and " : "", var,
                     strcmp(op, "==") == 0 ? "=" : op, value);
    if (n > 0 && (size_t)n < size - *clen)
        *clen += (size_t)n;
    if (isnan(x))
        n = snprintf(here + *hlen, size - *hlen, "%s%s is missing",
                     *hlen ? " and " : "", var);
    else
        n = snprintf(here + *hlen, size - *hlen, "%s%s = %.17g",
                     *hlen ? " and " : "", var, x);
    if (n > 0 && (size_t)n < size - *hlen)
        *hlen += (size_t)n;
}

/* Why v is not asked of this case, generated from the conditions of its
 * question's base and routing that fail: "tech_new is asked only when
 * tech_share >= 2; here tech_share = 1". */
static void not_asked_reason(const bar_dataset *ds, const bar_variable *v,
                             const double *vals, char *why, size_t size)
{
    char cond[256], here[256];
    size_t clen = 0, hlen = 0;
    cond[0] = here[0] = '\0';
    const bar_question *q = bar_var_question(v);
    long inn = ds->innovated;
    if (q && bar_question_base(q) == BAR_BASE_INNOVATORS && inn >= 0) {
        double x = vals[inn];
        if (!(x == 1.0))
            add_condition(ds->info[inn].name, "==", 1, x, cond, &clen, here,
                          &hlen, sizeof cond);
    }
    const bar_variable *cv = NULL;
    const char *op = NULL;
    long value = 0;
    if (q && bar_question_asked_if(q, &cv, &op, &value)) {
        double x = vals[bar_var_index(cv)];
        bool holds = !isnan(x) &&
                     (strcmp(op, "==") == 0   ? x == (double)value
                      : strcmp(op, "!=") == 0 ? x != (double)value
                      : strcmp(op, ">=") == 0 ? x >= (double)value
                      : strcmp(op, "<=") == 0 ? x <= (double)value
                      : strcmp(op, ">") == 0  ? x > (double)value
                                              : x < (double)value);
        if (!holds)
            add_condition(bar_var_name(cv), op, value, x, cond, &clen, here,
                          &hlen, sizeof cond);
    }
    if (clen == 0) {
        snprintf(why, size, "%s is not asked of this case", bar_var_name(v));
        return;
    }
    snprintf(why, size, "%s is asked only when %s; here %s", bar_var_name(v),
             cond, here);
}

/* Report one fault of a cell: located by field when the place knows it,
 * by variable otherwise. */
__attribute__((format(printf, 6, 7))) static bar_status
cell_fault(const bar_dataset *ds, const bar_row_place *at, size_t col,
           bar_status code, bar_error *err, const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long field = at->fields ? at->fields[col] : 0;
    long line = at->lines && at->lines[col] ? at->lines[col] : at->line;
    if (field > 0)
        return bar_error_cell(err, code, at->file, line, (size_t)field,
                              ds->info[col].name, "%s", msg);
    return bar_error_at(err, code, at->file, line, 0, ds->info[col].name,
                        "%s", msg);
}

/* Check one case at a place in a file; see dataset.h. */
bar_status bar_dataset_check_row_at(const bar_dataset *ds, size_t row,
                                    const bar_row_place *at, bar_error *err)
{
    bar_status rc = BAR_OK;
    if (row >= ds->nrows)
        return bar_error_at(err, BAR_EUSAGE, at->file, at->line, 0, NULL,
                            "row %zu does not exist", row);
    enum { STACK_COLS = 512 };
    double stack[STACK_COLS];
    double *vals = ds->ncols <= STACK_COLS ? stack
                                           : malloc(ds->ncols * sizeof *vals);
    if (!vals)
        return bar_error_at(err, BAR_ENOMEM, at->file, at->line, 0, NULL,
                            "out of memory");
    bar_dataset_row(ds, row, vals);
    char why[512];
    for (size_t c = 0; c < ds->ncols; c++) {
        if (!answered(ds, row, c))
            continue;
        const var_info *vi = &ds->info[c];
        const bar_variable *v = vi->var;
        bar_var_type t = vi->type;
        if (t == BAR_VAR_TEXT) {
            size_t len = characters(ds->str[c][row]);
            if ((long)len > vi->max) {
                rc = cell_fault(ds, at, c, BAR_EINVALID, err,
                                "answer of %zu characters is longer than "
                                "the maximum of %ld",
                                len, vi->max);
                continue;
            }
        } else if (!value_ok(ds, c, vals[c], why, sizeof why)) {
            rc = cell_fault(ds, at, c, BAR_EINVALID, err, "%s", why);
            continue;
        }
        if (vi->role == BAR_ROLE_ASKED && !(at->unrouted && at->unrouted[c]) &&
            !bar_var_asked(v, vals)) {
            not_asked_reason(ds, v, vals, why, sizeof why);
            rc = cell_fault(ds, at, c, BAR_EINVALID, err, "answered, but %s",
                            why);
        }
    }
    /* An exclusive option (collab_none) set to 1 excludes the others. */
    for (size_t e = 0; e < ds->nexcl; e++) {
        const exclusive *x = &ds->excl[e];
        if (!(vals[x->ex] == 1.0))
            continue;
        for (size_t oi = x->first; oi < x->first + x->n; oi++) {
            if (oi == x->ex || !(vals[oi] == 1.0))
                continue;
            rc = cell_fault(ds, at, oi, BAR_EINVALID, err,
                            "ticked together with '%s', which excludes "
                            "the other options",
                            ds->info[x->ex].name);
        }
    }
    if (vals != stack)
        free(vals);
    return rc;
}

/* Check one case; see dataset.h. */
bar_status bar_dataset_check_row(const bar_dataset *ds, size_t row,
                                 const char *file, long line, bar_error *err)
{
    bar_row_place at = {.file = file, .line = line};
    return bar_dataset_check_row_at(ds, row, &at, err);
}

/* dataset_csv.c - a responses CSV to and from a dataset, every cell checked
 * against the instrument.
 *
 * Reading is one pass over the text: bar_csv_parse hands over each row, the
 * header row maps columns to variables, and each data row becomes a
 * dataset row whose cells are parsed in place (numbers never allocate) and
 * then checked as a whole by bar_dataset_check_row_cols (codes, routing,
 * exclusive options). org_id uniqueness is checked in a hash table. Errors
 * are collected (up to BAR_ERROR_LOG_MAX) and the result is all or nothing.
 */
#include "dataset/dataset_csv.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"

/* The longest org_id accepted, in bytes. */
enum { ORG_ID_MAX = 255 };

/* The largest responses file read (4 GiB - 1). */
static const size_t file_cap = (size_t)UINT32_MAX;

typedef struct org_entry {
    uint64_t hash;
    size_t row1;   /* dataset row + 1; 0 = empty slot */
    long line;     /* CSV line of that row */
} org_entry;

typedef struct importer {
    const bar_instrument *ins; /* borrowed */
    bar_dataset *ds;           /* owned until handed out */
    const char *name;
    bar_error *err;
    bar_status first;          /* first status recorded by this layer */
    size_t nerrors;
    bool header_done;
    size_t nvars;
    size_t nfields;            /* fields of the header */
    long *field_var;           /* per CSV field: variable index or -1 */
    long *var_field;           /* per variable: CSV field or -1 */
    long *fields;              /* per variable: 1-based field or 0 */
    bool *unrouted;            /* per variable: its routing column is
                                  missing (reported once at the header) */
    size_t nrows;              /* data rows read */
    long *row_lines;           /* per dataset row: its line; owned until
                                  handed to the dataset */
    size_t row_lines_cap;
    const bar_variable **vars; /* per variable: the instrument's (borrowed) */
    bar_var_type *types;       /* per variable: its type, looked up once */
    org_entry *orgs;           /* open addressing, orgs_cap a power of 2 */
    size_t orgs_cap;
    size_t orgs_len;
    const bar_progress *progress; /* borrowed, may be NULL */
    size_t lines;              /* lines of the text, for progress */
} importer;

/* Rows between two progress reports while reading. */
enum { PROGRESS_ROWS = 4096 };

static bool too_many(const importer *im)
{
    if (!im->err)
        return im->nerrors > 0;
    return im->err->count >= BAR_ERROR_LOG_MAX;
}

/* Record a located error of this layer. */
__attribute__((format(printf, 6, 7))) static void
fail_at(importer *im, bar_status code, long line, long col, const char *var,
        const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bar_error_at(im->err, code, im->name, line, col, var, "%s", msg);
    if (im->first == BAR_OK)
        im->first = code;
    im->nerrors++;
}

/* Record an error of field f (0-based) of a row: "field N 'name': ...";
 * name may be NULL or empty (then "field N: ..."). */
__attribute__((format(printf, 6, 7))) static void
field_fail(importer *im, bar_status code, long line, size_t f,
           const char *name, const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bar_error_cell(im->err, code, im->name, line, f + 1, name, "%s", msg);
    if (im->first == BAR_OK)
        im->first = code;
    im->nerrors++;
}

/* A printable excerpt of a cell for messages: at most ~60 bytes, cut at a
 * character boundary, control characters shown as '?'. */
static const char *shown(const char *s, size_t n, char *out, size_t size)
{
    size_t lim = size - 4, k = 0;
    for (; k < n && k < lim; k++)
        out[k] = (unsigned char)s[k] < 0x20 ? '?' : s[k];
    if (k < n) {
        while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
            k--;
        memcpy(out + k, "...", 4);
    } else {
        out[k] = '\0';
    }
    return out;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Trim spaces and tabs on both ends: *s and *n are updated. */
static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_blank(**s))
        (*s)++, (*n)--;
    while (*n > 0 && is_blank((*s)[*n - 1]))
        (*n)--;
}

static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

typedef enum num_fault {
    NUM_OK,
    NUM_NOT_NUMBER,
    NUM_DECIMAL_COMMA,
    NUM_NOT_WHOLE,
    NUM_TOO_LONG
} num_fault;

/* Parse a plain decimal integer (optional sign, at most 15 digits) from
 * s[0..n), already trimmed and non-empty. */
static num_fault parse_int(const char *s, size_t n, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (s[0] == '-' || s[0] == '+')
        neg = s[0] == '-', i = 1;
    if (all_digits(s + i, n - i)) {
        if (n - i > 15)
            return NUM_TOO_LONG;
        double v = 0;
        for (; i < n; i++)
            v = v * 10 + (s[i] - '0');
        *out = neg ? -v : v;
        return NUM_OK;
    }
    const char *sep = memchr(s + i, ',', n - i);
    if (!sep)
        sep = memchr(s + i, '.', n - i);
    if (sep) {
        size_t a = (size_t)(sep - (s + i)), b = n - i - a - 1;
        if (all_digits(s + i, a) && all_digits(sep + 1, b))
            return *sep == ',' ? NUM_DECIMAL_COMMA : NUM_NOT_WHOLE;
    }
    return NUM_NOT_NUMBER;
}

/* Parse a plain decimal number (sign, digits, fraction, exponent) for
 * NUMBER variables. */
static bool parse_real(const char *s, size_t n, double *out)
{
    char buf[64];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    size_t i = 0, digits = 0;
    if (buf[i] == '+' || buf[i] == '-')
        i++;
    for (; buf[i] >= '0' && buf[i] <= '9'; i++)
        digits++;
    if (buf[i] == '.')
        for (i++; buf[i] >= '0' && buf[i] <= '9'; i++)
            digits++;
    if (digits == 0)
        return false;
    if (buf[i] == 'e' || buf[i] == 'E') {
        i++;
        if (buf[i] == '+' || buf[i] == '-')
            i++;
        if (!(buf[i] >= '0' && buf[i] <= '9'))
            return false;
        while (buf[i] >= '0' && buf[i] <= '9')
            i++;
    }
    if (buf[i] != '\0')
        return false;
    *out = strtod(buf, NULL);
    return isfinite(*out);
}

static uint64_t hash_bytes(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Make room in the org_id table for one more entry. */
static bool orgs_grow(importer *im)
{
    if (im->orgs_cap && (im->orgs_len + 1) * 2 <= im->orgs_cap)
        return true;
    size_t ncap = im->orgs_cap ? im->orgs_cap * 2 : 1024;
    org_entry *t = calloc(ncap, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < im->orgs_cap; i++) {
        if (!im->orgs[i].row1)
            continue;
        size_t k = im->orgs[i].hash & (ncap - 1);
        while (t[k].row1)
            k = (k + 1) & (ncap - 1);
        t[k] = im->orgs[i];
    }
    free(im->orgs);
    im->orgs = t;
    im->orgs_cap = ncap;
    return true;
}

/* Insert the org_id of row (in column col); *dup_line gets the line of an
 * earlier row with the same id, or 0. False when out of memory. */
static bool orgs_insert(importer *im, size_t col, size_t row, long line,
                        long *dup_line)
{
    *dup_line = 0;
    if (!orgs_grow(im))
        return false;
    const char *id = bar_dataset_get_str(im->ds, row, col);
    uint64_t h = hash_bytes(id);
    size_t k = h & (im->orgs_cap - 1);
    for (; im->orgs[k].row1; k = (k + 1) & (im->orgs_cap - 1)) {
        const org_entry *e = &im->orgs[k];
        if (e->hash == h &&
            strcmp(bar_dataset_get_str(im->ds, e->row1 - 1, col), id) == 0) {
            *dup_line = e->line;
            return true;
        }
    }
    im->orgs[k] = (org_entry){.hash = h, .row1 = row + 1, .line = line};
    im->orgs_len++;
    return true;
}

/* What the header says of one field. */
typedef enum head_fault {
    HEAD_OK, HEAD_EMPTY, HEAD_UNKNOWN, HEAD_DERIVED, HEAD_DUPLICATE
} head_fault;

/* bar_csv_suggest's view of the instrument: importable variables that
 * have no column yet. */
static const char *free_var_name(void *ctx, size_t i)
{
    const importer *im = ctx;
    const bar_variable *v = im->vars[i];
    if (im->var_field[i] >= 0 || bar_var_role_of(v) == BAR_ROLE_DERIVED)
        return NULL;
    return bar_var_name(v);
}

/* Names of up to three variables whose routing `decider` decides, for the
 * message about its missing column: "origin, tech_new and 3 more". */
static void dependants(const importer *im, size_t decider,
                       const long *decided_by, char *out, size_t size)
{
    size_t used = 0, count = 0, total = 0;
    out[0] = '\0';
    for (size_t v = 0; v < im->nvars; v++)
        total += decided_by[v] == (long)decider ||
                 decided_by[im->nvars + v] == (long)decider;
    for (size_t v = 0; v < im->nvars && count < 3; v++) {
        if (decided_by[v] != (long)decider &&
            decided_by[im->nvars + v] != (long)decider)
            continue;
        count++;
        const char *sep = count == 1 ? ""
                          : count == total ? " and "
                                           : ", ";
        int n = snprintf(out + used, size - used, "%s%s", sep,
                         bar_var_name(im->vars[v]));
        if (n > 0 && (size_t)n < size - used)
            used += (size_t)n;
    }
    if (total > count)
        snprintf(out + used, size - used, " and %zu more", total - count);
}

/* The header row: map columns to variables, then report, in field order,
 * what is wrong with each name, then the columns that are missing. Returns
 * BAR_ENOMEM when out of memory, else BAR_OK (faults are recorded). */
static bar_status read_header(importer *im, const bar_csv_row *row)
{
    bar_status rc = BAR_OK;
    long line = row->line;
    im->nfields = row->nfields;
    head_fault *fault = calloc(row->nfields + 1, sizeof *fault);
    long *decided_by = malloc((2 * im->nvars + 1) * sizeof *decided_by);
    if (!fault || !decided_by) {
        fail_at(im, BAR_ENOMEM, line, 0, NULL, "out of memory");
        rc = BAR_ENOMEM;
        goto cleanup;
    }
    for (size_t f = 0; f < row->nfields; f++) {
        im->field_var[f] = -1;
        const char *s = row->fields[f];
        size_t n = row->lens[f];
        trim(&s, &n);
        long v = -1;
        if (n > 0 && n <= 63) {
            char key[64];
            memcpy(key, s, n);
            key[n] = '\0';
            v = bar_instrument_find(im->ins, key);
        }
        if (n == 0)
            fault[f] = HEAD_EMPTY;
        else if (v < 0)
            fault[f] = HEAD_UNKNOWN;
        else if (bar_var_role_of(im->vars[v]) == BAR_ROLE_DERIVED)
            fault[f] = HEAD_DERIVED;
        else if (im->var_field[v] >= 0)
            fault[f] = HEAD_DUPLICATE;
        else
            im->var_field[v] = (long)f;
        if (fault[f] == HEAD_OK)
            im->field_var[f] = v;
    }
    for (size_t f = 0; f < row->nfields; f++) {
        const char *s = row->fields[f];
        size_t n = row->lens[f];
        trim(&s, &n);
        char name[80];
        shown(s, n, name, sizeof name);
        switch (fault[f]) {
        case HEAD_OK:
            break;
        case HEAD_EMPTY:
            field_fail(im, BAR_EINVALID, line, f, NULL, "empty column name");
            break;
        case HEAD_UNKNOWN: {
            long near = bar_csv_suggest(s, n, free_var_name, im, im->nvars);
            if (near >= 0) {
                const char *vn = bar_var_name(im->vars[near]);
                field_fail(im, BAR_EINVALID, line, f, name,
                           "unknown column; did you mean '%s'? (the file "
                           "has no column '%s')", vn, vn);
            } else {
                field_fail(im, BAR_EINVALID, line, f, name,
                           "unknown column (not a variable of instrument "
                           "%s)", bar_instrument_id(im->ins));
            }
            break;
        }
        case HEAD_DERIVED:
            field_fail(im, BAR_EINVALID, line, f, name,
                       "a derived variable: it is computed by the analysis "
                       "and cannot be imported");
            break;
        case HEAD_DUPLICATE: {
            char key[64];
            memcpy(key, s, n);
            key[n] = '\0';
            long v = bar_instrument_find(im->ins, key);
            field_fail(im, BAR_EINVALID, line, f, name,
                       "duplicate column (also field %ld)",
                       im->var_field[v] + 1);
            break;
        }
        }
    }
    /* Required columns: the identifier, and every column that decides
     * whether a present column is asked (innovated for the innovators'
     * questions, the variable of an asked_if). */
    bool has_id = false;
    for (size_t v = 0; v < im->nvars; v++)
        if (im->types[v] == BAR_VAR_ID && im->var_field[v] >= 0)
            has_id = true;
    if (!has_id) {
        long id = -1;
        for (size_t v = 0; v < im->nvars && id < 0; v++)
            if (im->types[v] == BAR_VAR_ID)
                id = (long)v;
        fail_at(im, BAR_EINVALID, line, 0, NULL,
                "no column '%s': every row needs the organisation's "
                "identifier", id >= 0 ? bar_var_name(im->vars[id]) : "org_id");
    }
    long innovated = bar_instrument_find(im->ins, "innovated");
    for (size_t v = 0; v < im->nvars; v++) {
        decided_by[v] = decided_by[im->nvars + v] = -1;
        const bar_question *q = bar_var_question(im->vars[v]);
        if (im->var_field[v] < 0 || !q)
            continue;
        if (bar_question_base(q) == BAR_BASE_INNOVATORS && innovated >= 0 &&
            im->var_field[innovated] < 0)
            decided_by[v] = innovated;
        const bar_variable *cv = NULL;
        if (bar_question_asked_if(q, &cv, NULL, NULL) &&
            im->var_field[bar_var_index(cv)] < 0)
            decided_by[im->nvars + v] = (long)bar_var_index(cv);
        im->unrouted[v] = decided_by[v] >= 0 || decided_by[im->nvars + v] >= 0;
    }
    for (size_t d = 0; d < im->nvars; d++) {
        char list[256];
        dependants(im, d, decided_by, list, sizeof list);
        if (list[0])
            fail_at(im, BAR_EINVALID, line, 0, NULL,
                    "no column '%s', which decides who is asked %s",
                    bar_var_name(im->vars[d]), list);
    }
    for (size_t v = 0; v < im->nvars; v++)
        im->fields[v] = im->var_field[v] + 1;
    im->header_done = true;
cleanup:
    free(fault);
    free(decided_by);
    return rc;
}

/* One cell of a data row. Returns BAR_ENOMEM when out of memory (the read
 * stops), BAR_OK otherwise (faults are recorded). */
static bar_status read_cell(importer *im, size_t r, size_t col,
                            const char *s, size_t n, long line, size_t f)
{
    const bar_variable *v = im->vars[col];
    const char *name = bar_var_name(v);
    bar_var_type t = im->types[col];
    char show[80], expected[256];
    if (t == BAR_VAR_ID || t == BAR_VAR_TEXT) {
        if (t == BAR_VAR_ID && n > 0) {
            bar_csv_trim_id(&s, &n);
            if (n == 0) {
                field_fail(im, BAR_EINVALID, line, f, name,
                           "blank: an %s of only spaces identifies no "
                           "organisation", name);
                return BAR_OK;
            }
        }
        if (n == 0)
            return BAR_OK;
        /* The guard is looked for in what is kept: a trimmed id no longer
         * ends where the field does. */
        char *copy = malloc(n + 1);
        if (!copy)
            return BAR_ENOMEM;
        memcpy(copy, s, n);
        copy[n] = '\0';
        if (bar_csv_guarded(copy))
            memmove(copy, copy + 1, n);
        return bar_dataset_take_str(im->ds, r, col, copy);
    }
    trim(&s, &n);
    if (n == 0)
        return BAR_OK; /* missing */
    double x = NAN;
    if (t == BAR_VAR_CATEGORY) {
        long pos = -1;
        if (n < 128) {
            char key[128];
            memcpy(key, s, n);
            key[n] = '\0';
            pos = bar_var_code_find(v, key);
        }
        if (pos < 0) {
            bar_dataset_expected(im->ds, col, expected, sizeof expected);
            field_fail(im, BAR_EINVALID, line, f, name,
                    "unknown code '%s' (expected %s)",
                    shown(s, n, show, sizeof show), expected);
            return BAR_OK;
        }
        x = (double)pos;
    } else if (t == BAR_VAR_NUMBER) {
        if (!parse_real(s, n, &x)) {
            field_fail(im, BAR_EINVALID, line, f, name,
                    "'%s' is not a number",
                    shown(s, n, show, sizeof show));
            return BAR_OK;
        }
    } else {
        num_fault nf = parse_int(s, n, &x);
        if (nf != NUM_OK) {
            bar_dataset_expected(im->ds, col, expected, sizeof expected);
            shown(s, n, show, sizeof show);
            switch (nf) {
            case NUM_DECIMAL_COMMA:
                field_fail(im, BAR_EINVALID, line, f, name,
                        "'%s' has a decimal comma; write whole numbers "
                        "without decimals (expected %s)",
                        show, expected);
                break;
            case NUM_NOT_WHOLE:
                field_fail(im, BAR_EINVALID, line, f, name,
                        "'%s' is not a whole number (expected %s)", show,
                        expected);
                break;
            case NUM_TOO_LONG:
                field_fail(im, BAR_EINVALID, line, f, name,
                        "'%s' is too large (expected %s)", show, expected);
                break;
            default:
                field_fail(im, BAR_EINVALID, line, f, name,
                        "'%s' is not a number (expected %s)", show,
                        expected);
                break;
            }
            return BAR_OK;
        }
    }
    bar_dataset_set(im->ds, r, col, x);
    return BAR_OK;
}

/* bar_csv_row_fn: the header, then one dataset row per CSV row. */
static bar_status on_row(void *ctx, const bar_csv_row *row, bar_error *err)
{
    (void)err;
    importer *im = ctx;
    if (!im->header_done) {
        bar_status rc = read_header(im, row);
        if (rc != BAR_OK)
            return rc;
        return too_many(im) ? im->first : BAR_OK;
    }
    long line = row->line;
    size_t r;
    if (im->progress && im->nrows % PROGRESS_ROWS == 0 && line > 1)
        bar_progress_report(im->progress, N_("lines read"),
                            (size_t)line - 1 < im->lines ? (size_t)line - 1
                                                         : im->lines,
                            im->lines);
    bar_status rc = bar_dataset_add_row(im->ds, &r);
    if (rc != BAR_OK) {
        if (rc == BAR_ELIMIT)
            fail_at(im, rc, line, 0, NULL, "more than %d rows",
                    BAR_DATASET_MAX_ROWS);
        else
            fail_at(im, rc, line, 0, NULL, "out of memory");
        return rc;
    }
    im->nrows++;
    if (r >= im->row_lines_cap) {
        size_t ncap = im->row_lines_cap ? im->row_lines_cap * 2 : 1024;
        long *grown = realloc(im->row_lines, ncap * sizeof *grown);
        if (!grown) {
            fail_at(im, BAR_ENOMEM, line, 0, NULL, "out of memory");
            return BAR_ENOMEM;
        }
        im->row_lines = grown;
        im->row_lines_cap = ncap;
    }
    im->row_lines[r] = line;
    for (size_t f = 0; f < row->nfields && f < im->nfields; f++) {
        long v = im->field_var[f];
        if (v < 0)
            continue;
        rc = read_cell(im, r, (size_t)v, row->fields[f], row->lens[f], line,
                       f);
        if (rc != BAR_OK) {
            fail_at(im, rc, line, 0, NULL, "out of memory");
            return rc;
        }
    }
    for (size_t v = 0; v < im->nvars; v++) {
        long f = im->var_field[v];
        if (im->types[v] != BAR_VAR_ID || f < 0)
            continue;
        const char *name = bar_var_name(im->vars[v]);
        const char *id = bar_dataset_get_str(im->ds, r, v);
        if (!id) {
            if (row->lens[f] == 0) /* else: blank, reported by read_cell */
                field_fail(im, BAR_EINVALID, line, (size_t)f, name,
                           "empty: every row needs an %s", name);
            continue;
        }
        size_t idlen = strlen(id);
        if (idlen > ORG_ID_MAX) {
            field_fail(im, BAR_EINVALID, line, (size_t)f, name,
                       "identifier of %zu bytes is longer than %d", idlen,
                       ORG_ID_MAX);
            continue;
        }
        long dup = 0;
        if (!orgs_insert(im, v, r, line, &dup)) {
            fail_at(im, BAR_ENOMEM, line, 0, NULL, "out of memory");
            return BAR_ENOMEM;
        }
        if (dup) {
            char show[80];
            field_fail(im, BAR_EINVALID, line, (size_t)f, name,
                       "duplicate %s '%s' (also on line %ld)", name,
                       shown(id, idlen, show, sizeof show), dup);
        }
    }
    bar_row_place at = {
        .file = im->name,
        .line = line,
        .fields = im->fields,
        .unrouted = im->unrouted,
    };
    if (bar_dataset_check_row_at(im->ds, r, &at, im->err) != BAR_OK) {
        if (im->first == BAR_OK)
            im->first = BAR_EINVALID;
        im->nerrors++;
    }
    return too_many(im) ? im->first : BAR_OK;
}

/* Read a responses CSV: from a writable buffer of len + 1 bytes (parsed
 * in place, overwritten) when text is non-NULL, else from data (copied
 * once by bar_csv_parse). */
static bar_status read_csv(char *text, const char *data, size_t len,
                           const char *name, const bar_instrument *ins,
                           const bar_progress *progress, bar_dataset **out,
                           bar_error *err)
{
    if (text)
        data = text;
    bar_status rc = BAR_OK;
    size_t entry_count = err ? err->count : 0;
    importer im = {.ins = ins, .name = name, .err = err,
                   .progress = progress};
    *out = NULL;
    im.nvars = bar_instrument_nvars(ins);
    im.ds = bar_dataset_new(ins);
    im.field_var = malloc(BAR_CSV_COLS_MAX * sizeof *im.field_var);
    im.var_field = malloc((im.nvars + 1) * sizeof *im.var_field);
    im.fields = calloc(im.nvars + 1, sizeof *im.fields);
    im.unrouted = calloc(im.nvars + 1, sizeof *im.unrouted);
    im.vars = malloc((im.nvars + 1) * sizeof *im.vars);
    im.types = malloc((im.nvars + 1) * sizeof *im.types);
    if (!im.ds || !im.field_var || !im.var_field || !im.fields ||
        !im.unrouted || !im.vars || !im.types) {
        rc = bar_error_at(err, BAR_ENOMEM, name, 0, 0, NULL, "out of memory");
        goto cleanup;
    }
    for (size_t v = 0; v < im.nvars; v++) {
        im.var_field[v] = -1;
        im.vars[v] = bar_instrument_var(ins, v);
        im.types[v] = bar_var_type_of(im.vars[v]);
    }
    /* One reservation for all rows: one line per row is the usual case. */
    size_t lines = 0;
    for (const char *p = data, *end = data + len;
         p && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        lines++;
    /* the last line need not end in a newline */
    im.lines = lines + (len > 0 && data[len - 1] != '\n');
    if (lines > BAR_DATASET_MAX_ROWS)
        lines = BAR_DATASET_MAX_ROWS;
    bar_dataset_reserve(im.ds, lines); /* a hint: failure is not fatal */

    rc = text ? bar_csv_parse_mut(text, len, name, on_row, &im, err)
              : bar_csv_parse(data, len, name, on_row, &im, err);
    if (rc == BAR_OK)
        rc = im.first;
    if (rc == BAR_OK && im.nrows == 0)
        rc = bar_error_at(err, BAR_EINVALID, name, 0, 0, NULL,
                          "no data rows (the file has only a header)");
    if (rc != BAR_OK && err && entry_count == 0 && err->count > 0)
        rc = err->code; /* the status of the first message */
    if (rc != BAR_OK)
        goto cleanup;
    bar_progress_report(progress, N_("lines read"), im.lines, im.lines);
    rc = bar_dataset_set_origin(im.ds, name, im.fields, im.row_lines);
    im.row_lines = NULL; /* taken over */
    if (rc != BAR_OK) {
        bar_error_at(err, rc, name, 0, 0, NULL, "out of memory");
        goto cleanup;
    }
    *out = im.ds;
    im.ds = NULL;
cleanup:
    bar_dataset_free(im.ds);
    free(im.field_var);
    free(im.var_field);
    free(im.fields);
    free(im.unrouted);
    free(im.vars);
    free(im.types);
    free(im.orgs);
    free(im.row_lines);
    return rc;
}

/* Read a responses CSV held in memory; see csv.h. */
bar_status bar_dataset_read_csv_mem(const char *data, size_t len,
                                    const char *name,
                                    const bar_instrument *ins,
                                    bar_dataset **out, bar_error *err)
{
    return read_csv(NULL, data, len, name, ins, NULL, out, err);
}

/* Read a responses CSV file, parsed in place in the buffer it is read
 * into; see csv.h. */
bar_status bar_dataset_read_csv(const char *path, const bar_instrument *ins,
                                bar_dataset **out, bar_error *err)
{
    return bar_dataset_read_csv_progress(path, ins, NULL, out, err);
}

/* As bar_dataset_read_csv, reporting lines read to progress; see
 * dataset_csv.h. */
bar_status bar_dataset_read_csv_progress(const char *path,
                                         const bar_instrument *ins,
                                         const bar_progress *progress,
                                         bar_dataset **out, bar_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    bar_status rc = bar_file_read(path, file_cap, &data, &len, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = read_csv(data, NULL, len, path, ins, progress, out, err);
cleanup:
    free(data);
    return rc;
}

/* Append one numeric cell to the line. */
static void put_number(bar_buf *line, const bar_variable *v, double x)
{
    if (isnan(x))
        return;
    if (bar_var_type_of(v) == BAR_VAR_CATEGORY && x >= 0 &&
        x < (double)bar_var_ncodes(v) && x == floor(x)) {
        bar_buf_puts(line, bar_var_code_str(v, (size_t)x));
        return;
    }
    char num[40];
    if (isfinite(x) && x == floor(x) && fabs(x) < 9.0e15) {
        /* Whole numbers as integers, without printf's float machinery. */
        char *p = num + sizeof num;
        long long k = (long long)fabs(x);
        do
            *--p = (char)('0' + k % 10);
        while ((k /= 10) > 0);
        if (x < 0)
            *--p = '-';
        bar_buf_add(line, p, (size_t)(num + sizeof num - p));
        return;
    }
    snprintf(num, sizeof num, "%.17g", x);
    bar_buf_puts(line, num);
}

/* Write ds as CSV; see csv.h. Lines end in LF. Numeric cells are built in
 * a line buffer; text cells go through bar_csv_write_field. */
bar_status bar_dataset_write_csv(const bar_dataset *ds, FILE *f,
                                 bool with_derived, bar_error *err)
{
    bar_status rc = BAR_OK;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    size_t ncols = bar_dataset_ncols(ds), nrows = bar_dataset_nrows(ds);
    bar_buf line;
    bar_buf_init(&line, (size_t)1 << 20);
    bool ok = true, any = false;
    for (size_t c = 0; c < ncols && ok; c++) {
        const bar_variable *v = bar_instrument_var(ins, c);
        if (!with_derived && bar_var_role_of(v) == BAR_ROLE_DERIVED)
            continue;
        if (any)
            ok = fputc(',', f) != EOF;
        ok = ok && bar_csv_write_field(f, bar_var_name(v), false);
        any = true;
    }
    ok = ok && fputc('\n', f) != EOF;
    for (size_t r = 0; r < nrows && ok; r++) {
        any = false;
        bar_buf_reset(&line);
        for (size_t c = 0; c < ncols && ok; c++) {
            const bar_variable *v = bar_instrument_var(ins, c);
            if (!with_derived && bar_var_role_of(v) == BAR_ROLE_DERIVED)
                continue;
            if (any)
                bar_buf_add(&line, ",", 1);
            any = true;
            bar_var_type t = bar_var_type_of(v);
            if (t != BAR_VAR_ID && t != BAR_VAR_TEXT) {
                put_number(&line, v, bar_dataset_column(ds, c)[r]);
                continue;
            }
            const char *s = bar_dataset_get_str(ds, r, c);
            if (!s || !*s)
                continue;
            /* Flush what is built, then stream the (quoted) text. */
            ok = (line.len == 0 ||
                  fwrite(line.data, 1, line.len, f) == line.len) &&
                 bar_csv_write_field(f, s, true);
            bar_buf_reset(&line);
        }
        bar_buf_add(&line, "\n", 1);
        if (bar_buf_status(&line) != BAR_OK) {
            rc = bar_error_set(err, bar_buf_status(&line),
                               "writing CSV failed: row %zu too long", r);
            goto cleanup;
        }
        ok = ok && fwrite(line.data, 1, line.len, f) == line.len;
    }
    if (!ok || ferror(f))
        rc = bar_error_set(err, BAR_EIO, "writing CSV failed");
cleanup:
    bar_buf_clear(&line);
    return rc;
}

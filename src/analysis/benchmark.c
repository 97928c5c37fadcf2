/* benchmark.c - loading and validating benchmark files (see benchmark.h). */
#include "analysis/benchmark.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"

enum { MAX_FILE = 16 * 1024 * 1024 };

enum column {
    COL_FIGURE, COL_VARIABLE, COL_CATEGORY, COL_COUNTRY, COL_PERIOD,
    COL_PERCENT, COL_QUALIFIER, COL_N, COL_SOURCE, NCOLS
};

static const char *const column_names[NCOLS] = {
    [COL_FIGURE] = "figure",       [COL_VARIABLE] = "variable",
    [COL_CATEGORY] = "category",   [COL_COUNTRY] = "country",
    [COL_PERIOD] = "period",       [COL_PERCENT] = "percent",
    [COL_QUALIFIER] = "qualifier", [COL_N] = "n",
    [COL_SOURCE] = "source",
};

/* The words a source may use for an inexact value. */
static const char *const qualifiers[] = {
    "", "about", "almost", "just over", "just under", "more than",
    "less than", "over", "under",
};

/* One row's strings are kept in one allocation: the record points into
 * it. */
typedef struct entry {
    bar_benchmark b;
    char *strings;
} entry;

/* One label row: source, country, label_nl, label_en in one allocation. */
typedef struct label_row {
    char *source, *country, *nl, *en;
    long line;
} label_row;

struct bar_benchmarks {
    entry *rows;
    size_t count;
    size_t alloc;
    label_row *labels;  /* owned; strings in labels[i].source's block */
    size_t nlabels;
};

/* State of one parse. */
typedef struct parser {
    const char *name;
    bar_benchmarks *set;
    long col_of[NCOLS];  /* field index of each column, from the header */
    bool header_done;
    size_t faults;
    bar_error *err;
} parser;

void bar_benchmarks_free(bar_benchmarks *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++)
        free(set->rows[i].strings);
    free(set->rows);
    for (size_t i = 0; i < set->nlabels; i++)
        free(set->labels[i].source);
    free(set->labels);
    free(set);
}

size_t bar_benchmarks_count(const bar_benchmarks *set)
{
    return set ? set->count : 0;
}

const bar_benchmark *bar_benchmarks_get(const bar_benchmarks *set, size_t i)
{
    return set && i < set->count ? &set->rows[i].b : NULL;
}

const bar_benchmark *bar_benchmarks_next(const bar_benchmarks *set,
                                         const char *variable,
                                         const char *category, size_t *pos)
{
    if (!set)
        return NULL;
    for (size_t i = *pos; i < set->count; i++) {
        const bar_benchmark *b = &set->rows[i].b;
        if (strcmp(b->variable, variable) == 0 &&
            strcmp(b->category, category) == 0) {
            *pos = i + 1;
            return b;
        }
    }
    *pos = set->count;
    return NULL;
}

/* Record one fault of a cell and go on (the caller fails at the end). */
static void fault(parser *p, const bar_csv_row *row, enum column c,
                  const char *what, const char *value)
{
    long field = p->col_of[c];
    p->faults++;
    bar_error_at(p->err, BAR_EINVALID, p->name, row->line,
                 row->columns[field], column_names[c], "%s: '%s'", what,
                 value);
}

static bool is_name(const char *s, bool first_alpha)
{
    if (!*s || strlen(s) > 63)
        return false;
    if (first_alpha && !(*s >= 'a' && *s <= 'z'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

/* "1", "1+2", "10+11+12": codes joined by '+'. */
static bool is_category(const char *s)
{
    if (!*s || strlen(s) > 32)
        return false;
    bool digit_before = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit_before = true;
        else if (*s == '+' && digit_before)
            digit_before = false;
        else
            return false;
    }
    return digit_before;
}

static bool is_year(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* "", "2020" or "2018-2019" (first year not after the second). */
static bool is_period(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return true;
    if (n == 4)
        return is_year(s);
    return n == 9 && is_year(s) && s[4] == '-' && is_year(s + 5) &&
           strncmp(s, s + 5, 4) <= 0;
}

static bool is_qualifier(const char *s)
{
    for (size_t i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++)
        if (strcmp(s, qualifiers[i]) == 0)
            return true;
    return false;
}

static bar_status header(parser *p, const bar_csv_row *row)
{
    for (size_t c = 0; c < NCOLS; c++)
        p->col_of[c] = -1;
    for (size_t f = 0; f < row->nfields; f++) {
        size_t c = 0;
        while (c < NCOLS && strcmp(row->fields[f], column_names[c]) != 0)
            c++;
        if (c == NCOLS)
            return bar_error_at(p->err, BAR_EINVALID, p->name, row->line,
                                row->columns[f], NULL,
                                "unknown column '%s'", row->fields[f]);
        if (p->col_of[c] >= 0)
            return bar_error_at(p->err, BAR_EINVALID, p->name, row->line,
                                row->columns[f], NULL,
                                "column '%s' appears twice", row->fields[f]);
        p->col_of[c] = (long)f;
    }
    for (size_t c = 0; c < NCOLS; c++)
        if (p->col_of[c] < 0)
            return bar_error_at(p->err, BAR_EINVALID, p->name, row->line, 0,
                                NULL, "missing column '%s'",
                                column_names[c]);
    p->header_done = true;
    return BAR_OK;
}

/* Copy the row's fields into one allocation and fill e->b. */
static bar_status keep(parser *p, const bar_csv_row *row, entry *e)
{
    size_t total = 0;
    for (size_t c = 0; c < NCOLS; c++)
        total += row->lens[p->col_of[c]] + 1;
    e->strings = malloc(total);
    if (!e->strings)
        return bar_error_set(p->err, BAR_ENOMEM, "%s: out of memory",
                             p->name);
    const char *at[NCOLS];
    char *w = e->strings;
    for (size_t c = 0; c < NCOLS; c++) {
        size_t n = row->lens[p->col_of[c]];
        memcpy(w, row->fields[p->col_of[c]], n);
        w[n] = '\0';
        at[c] = w;
        w += n + 1;
    }
    e->b.figure = at[COL_FIGURE];
    e->b.variable = at[COL_VARIABLE];
    e->b.category = at[COL_CATEGORY];
    e->b.country = at[COL_COUNTRY];
    e->b.period = at[COL_PERIOD];
    e->b.qualifier = at[COL_QUALIFIER];
    e->b.source = at[COL_SOURCE];
    e->b.line = row->line;
    return BAR_OK;
}

static bool same_key(const bar_benchmark *a, const bar_benchmark *b)
{
    return strcmp(a->variable, b->variable) == 0 &&
           strcmp(a->category, b->category) == 0 &&
           strcmp(a->country, b->country) == 0 &&
           strcmp(a->period, b->period) == 0;
}

static bar_status on_row(void *ctx, const bar_csv_row *row, bar_error *err)
{
    parser *p = ctx;
    (void)err;
    if (!p->header_done)
        return header(p, row);
    if (p->set->count >= BAR_BENCHMARK_MAX_ROWS)
        return bar_error_at(p->err, BAR_ELIMIT, p->name, row->line, 0, NULL,
                            "more than %d benchmarks",
                            BAR_BENCHMARK_MAX_ROWS);

    const char *f[NCOLS];
    for (size_t c = 0; c < NCOLS; c++) {
        f[c] = row->fields[p->col_of[c]];
        if (row->lens[p->col_of[c]] > BAR_BENCHMARK_FIELD_MAX) {
            fault(p, row, c, "longer than 256 bytes", "...");
            return BAR_OK;
        }
    }
    size_t before = p->faults;
    if (!is_name(f[COL_FIGURE], false))
        fault(p, row, COL_FIGURE, "not a figure id", f[COL_FIGURE]);
    if (!is_name(f[COL_VARIABLE], true))
        fault(p, row, COL_VARIABLE, "not a variable name", f[COL_VARIABLE]);
    if (!is_category(f[COL_CATEGORY]))
        fault(p, row, COL_CATEGORY,
              "not a code or codes joined by '+'", f[COL_CATEGORY]);
    const unsigned char *cc = (const unsigned char *)f[COL_COUNTRY];
    if (!(strlen(f[COL_COUNTRY]) == 2 && isupper(cc[0]) && isupper(cc[1])))
        fault(p, row, COL_COUNTRY, "not a two-letter country code",
              f[COL_COUNTRY]);
    if (!is_period(f[COL_PERIOD]))
        fault(p, row, COL_PERIOD, "not a year or YYYY-YYYY", f[COL_PERIOD]);
    char *end;
    errno = 0;
    double percent = strtod(f[COL_PERCENT], &end);
    if (end == f[COL_PERCENT] || *end || errno || !(percent >= 0.0) ||
        percent > 100.0)
        fault(p, row, COL_PERCENT, "not a percentage from 0 to 100",
              f[COL_PERCENT]);
    if (!is_qualifier(f[COL_QUALIFIER]))
        fault(p, row, COL_QUALIFIER,
              "not one of about, almost, just over, just under, more than, "
              "less than, over, under", f[COL_QUALIFIER]);
    long n = 0;
    if (*f[COL_N]) {
        errno = 0;
        n = strtol(f[COL_N], &end, 10);
        if (*end || errno || n < 1 || n > 1000000000L)
            fault(p, row, COL_N, "not a whole number of organisations",
                  f[COL_N]);
    }
    if (!*f[COL_SOURCE])
        fault(p, row, COL_SOURCE, "empty source", f[COL_SOURCE]);
    if (p->faults != before)
        return BAR_OK;

    if (p->set->count == p->set->alloc) {
        size_t grow = p->set->alloc ? 2 * p->set->alloc : 64;
        entry *rows = realloc(p->set->rows, grow * sizeof *rows);
        if (!rows)
            return bar_error_set(p->err, BAR_ENOMEM, "%s: out of memory",
                                 p->name);
        p->set->rows = rows;
        p->set->alloc = grow;
    }
    entry *e = &p->set->rows[p->set->count];
    *e = (entry){.b = {.percent = percent, .n = n}};
    bar_status rc = keep(p, row, e);
    if (rc != BAR_OK)
        return rc;
    for (size_t i = 0; i < p->set->count; i++)
        if (same_key(&p->set->rows[i].b, &e->b)) {
            p->faults++;
            bar_error_at(p->err, BAR_EINVALID, p->name, row->line, 0, NULL,
                         "%s %s %s %s repeats line %ld", e->b.variable,
                         e->b.category, e->b.country, e->b.period,
                         p->set->rows[i].b.line);
            free(e->strings);
            return BAR_OK;
        }
    p->set->count++;
    return BAR_OK;
}

bar_status bar_benchmarks_parse(const char *data, size_t len,
                                const char *name, bar_benchmarks **out,
                                bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    parser p = {.name = name, .err = err};
    p.set = calloc(1, sizeof *p.set);
    if (!p.set) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", name);
        goto cleanup;
    }
    rc = bar_csv_parse(data, len, name, on_row, &p, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (p.faults > 0) {
        rc = BAR_EINVALID;
        goto cleanup;
    }
    *out = p.set;
    p.set = NULL;
cleanup:
    bar_benchmarks_free(p.set);
    return rc;
}

bar_status bar_benchmarks_load(const char *path, bar_benchmarks **out,
                               bar_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    bar_status rc = bar_file_read(path, MAX_FILE, &data, &len, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_benchmarks_parse(data, len, path, out, err);
cleanup:
    free(data);
    return rc;
}

/* ---- labels ------------------------------------------------------------ */

enum label_column { LC_SOURCE, LC_COUNTRY, LC_NL, LC_EN, NLCOLS };

static const char *const label_column_names[NLCOLS] = {
    [LC_SOURCE] = "source", [LC_COUNTRY] = "country",
    [LC_NL] = "label_nl", [LC_EN] = "label_en",
};

/* State of one labels parse; the rows go to `rows` and replace the set's
 * only when everything is valid. */
typedef struct label_parser {
    const char *name;
    long col_of[NLCOLS];
    bool header_done;
    label_row *rows;
    size_t count, alloc;
    size_t faults;
    bar_error *err;
} label_parser;

static void free_label_rows(label_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].source);
    free(rows);
}

static bar_status label_header(label_parser *p, const bar_csv_row *row)
{
    for (size_t c = 0; c < NLCOLS; c++)
        p->col_of[c] = -1;
    for (size_t f = 0; f < row->nfields; f++) {
        size_t c = 0;
        while (c < NLCOLS && strcmp(row->fields[f], label_column_names[c]))
            c++;
        if (c == NLCOLS || p->col_of[c] >= 0)
            return bar_error_at(p->err, BAR_EINVALID, p->name, row->line,
                                row->columns[f], NULL,
                                c == NLCOLS ? "unknown column '%s'"
                                            : "column '%s' appears twice",
                                row->fields[f]);
        p->col_of[c] = (long)f;
    }
    for (size_t c = 0; c < NLCOLS; c++)
        if (p->col_of[c] < 0)
            return bar_error_at(p->err, BAR_EINVALID, p->name, row->line, 0,
                                NULL, "missing column '%s'",
                                label_column_names[c]);
    p->header_done = true;
    return BAR_OK;
}

static bar_status on_label_row(void *ctx, const bar_csv_row *row,
                               bar_error *err)
{
    label_parser *p = ctx;
    (void)err;
    if (!p->header_done)
        return label_header(p, row);
    if (p->count >= BAR_BENCHMARK_MAX_ROWS)
        return bar_error_at(p->err, BAR_ELIMIT, p->name, row->line, 0, NULL,
                            "more than %d labels", BAR_BENCHMARK_MAX_ROWS);
    size_t before = p->faults;
    size_t total = 0;
    for (size_t c = 0; c < NLCOLS; c++) {
        long f = p->col_of[c];
        if (row->lens[f] == 0 || row->lens[f] > BAR_BENCHMARK_FIELD_MAX) {
            p->faults++;
            bar_error_at(p->err, BAR_EINVALID, p->name, row->line,
                         row->columns[f], label_column_names[c],
                         "empty or longer than 256 bytes");
        }
        total += row->lens[f] + 1;
    }
    if (p->faults != before)
        return BAR_OK;
    const char *country = row->fields[p->col_of[LC_COUNTRY]];
    const unsigned char *cc = (const unsigned char *)country;
    if (!(strlen(country) == 2 && isupper(cc[0]) && isupper(cc[1]))) {
        p->faults++;
        bar_error_at(p->err, BAR_EINVALID, p->name, row->line,
                     row->columns[p->col_of[LC_COUNTRY]], "country",
                     "not a two-letter country code: '%s'", country);
        return BAR_OK;
    }
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->rows[i].source, row->fields[p->col_of[LC_SOURCE]]) ==
                0 &&
            strcmp(p->rows[i].country, country) == 0) {
            p->faults++;
            bar_error_at(p->err, BAR_EINVALID, p->name, row->line, 0, NULL,
                         "%s %s repeats line %ld", p->rows[i].source,
                         country, p->rows[i].line);
            return BAR_OK;
        }
    if (p->count == p->alloc) {
        size_t grow = p->alloc ? 2 * p->alloc : 16;
        label_row *rows = realloc(p->rows, grow * sizeof *rows);
        if (!rows)
            return bar_error_set(p->err, BAR_ENOMEM, "%s: out of memory",
                                 p->name);
        p->rows = rows;
        p->alloc = grow;
    }
    char *block = malloc(total);
    if (!block)
        return bar_error_set(p->err, BAR_ENOMEM, "%s: out of memory",
                             p->name);
    char *at[NLCOLS], *w = block;
    for (size_t c = 0; c < NLCOLS; c++) {
        size_t n = row->lens[p->col_of[c]];
        memcpy(w, row->fields[p->col_of[c]], n);
        w[n] = '\0';
        at[c] = w;
        w += n + 1;
    }
    p->rows[p->count++] = (label_row){.source = at[LC_SOURCE],
                                      .country = at[LC_COUNTRY],
                                      .nl = at[LC_NL], .en = at[LC_EN],
                                      .line = row->line};
    return BAR_OK;
}

bar_status bar_benchmarks_parse_labels(bar_benchmarks *set, const char *data,
                                       size_t len, const char *name,
                                       bar_error *err)
{
    label_parser p = {.name = name, .err = err};
    size_t *which = NULL; /* label row of each benchmark */
    bar_status rc = bar_csv_parse(data, len, name, on_label_row, &p, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (!p.header_done) {
        rc = bar_error_at(err, BAR_EINVALID, name, 1, 0, NULL,
                          "no header");
        goto cleanup;
    }
    /* every benchmark's source and country must have a label */
    which = set->count ? calloc(set->count, sizeof *which) : NULL;
    if (set->count && !which) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", name);
        goto cleanup;
    }
    for (size_t i = 0; i < set->count; i++) {
        const bar_benchmark *b = &set->rows[i].b;
        size_t k = 0;
        while (k < p.count && (strcmp(p.rows[k].source, b->source) != 0 ||
                               strcmp(p.rows[k].country, b->country) != 0))
            k++;
        if (k == p.count) {
            p.faults++;
            bar_error_at(err, BAR_EINVALID, name, 0, 0, NULL,
                         "no label for source '%s', country %s (benchmark "
                         "line %ld)", b->source, b->country, b->line);
        }
        which[i] = k;
    }
    if (p.faults > 0) {
        rc = BAR_EINVALID;
        goto cleanup;
    }
    for (size_t i = 0; i < set->count; i++) {
        set->rows[i].b.label_nl = p.rows[which[i]].nl;
        set->rows[i].b.label_en = p.rows[which[i]].en;
    }
    free_label_rows(set->labels, set->nlabels);
    set->labels = p.rows;
    set->nlabels = p.count;
    p.rows = NULL;
    p.count = 0;
cleanup:
    free(which);
    free_label_rows(p.rows, p.count);
    return rc;
}

bar_status bar_benchmarks_load_labels(bar_benchmarks *set, const char *path,
                                      bar_error *err)
{
    char *data = NULL;
    size_t len = 0;
    bar_status rc = bar_file_read(path, MAX_FILE, &data, &len, err);
    if (rc == BAR_OK)
        rc = bar_benchmarks_parse_labels(set, data, len, path, err);
    free(data);
    return rc;
}

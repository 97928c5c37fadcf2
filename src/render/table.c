/* table.c - the numbers of every figure as plain tables (render/table.h).
 *
 * Each kind of the results document has a builder that reads the entry and
 * appends tables of cells. A builder never computes a statistic: it copies
 * values, and only decides labels, order and decimals. `null` values become
 * empty cells. Allocation failures are remembered on the builder's context
 * and reported once at the end, which keeps the builders straight-line.
 */
#include "render/table.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "render/numfmt.h"
#include "render/report_text.h"
#include "results/results.h"

enum { TABLE_TEXT_MAX = 4096 }; /* bytes of one formatted cell text */

struct bar_table {
    bar_lang lang;   /* of its words, and of the numbers in its CSV */
    char *id;
    char *title;
    char *note;
    size_t ncols;
    char **headers;  /* ncols, owned */
    size_t nrows;
    size_t cap;      /* rows allocated */
    bar_cell *cells; /* nrows x ncols; TEXT cells own their text */
};

/* The state of one call of bar_tables_of_figure. */
typedef struct ctx {
    const json_t *fig;
    const char *fid;   /* the figure's id, for messages */
    bar_lang lang;
    const bar_instrument *ins; /* variable labels; NULL: the document's */
    const bar_study *study;    /* country names; NULL: the codes */
    bar_table **tables;
    size_t ntables;
    size_t cap;
    bool oom;          /* an allocation failed somewhere */
    bar_status rc;     /* first schema error */
    bar_error *err;
} ctx;

/* ---- small helpers --------------------------------------------------- */

/* The text of a label object in the context's language (nl as fallback),
 * a plain string as itself, else "". Borrowed from the document. */
static const char *label_of(const ctx *c, const json_t *label)
{
    return bar_results_label_text(label, c->lang);
}

/* The translation of the document's English words (test names, method
 * descriptions; the qualifiers' words are report_text's); other text is
 * returned as is. */
static const char *word(const ctx *c, const char *s)
{
    static const char *const words[] = {
        N_("two-proportion z-test"),
        N_("exact binomial test"),
        N_("Pearson chi-square"),
        N_("chi-square test for trend in proportions"),
        /* The analysis' method descriptions and reasons. */
        N_("one-factor principal axis factoring (SMC start, iterated), "
           "Pearson correlations of complete cases"),
        N_("optimal one-dimensional k-means (exact dynamic programming)"),
        N_("backward elimination by likelihood-ratio test"),
        N_("mean of the retained items answered; missing when fewer than "
           "half were answered"),
        N_("no answers"),
        N_("constant (no variation)"),
    };
    if (!s)
        return s;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i]) == 0)
            return bar_tr(c->lang, words[i]);
    return s;
}

/* A string of the document, "" when absent (bar_results_str is NULL). */
static const char *str_of(const json_t *o, const char *key)
{
    const char *s = bar_results_str(o, key);
    return s ? s : "";
}

/* The label of variable (or predictor "origin==2") `name` from the
 * instrument in the context's language; the name itself without one. */
static const char *var_label(const ctx *c, char *buf, size_t size,
                             const char *name)
{
    return bar_text_variable_label(buf, size, name ? name : "", c->ins,
                                   c->lang);
}

static char *dup_str(ctx *c, const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        c->oom = true;
    return d;
}

static char *fmt_str(ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *fmt_str(ctx *c, const char *fmt, ...)
{
    char buf[TABLE_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return dup_str(c, buf);
}

/* Record a schema fault (the first one wins). */
static void invalid(ctx *c, const char *field)
{
    if (c->rc == BAR_OK)
        c->rc = bar_error_set(c->err, BAR_EINVALID,
                              "results: figure '%s': field '%s' is missing "
                              "or not of the schema's type", c->fid, field);
}

static const json_t *need_array(ctx *c, const json_t *o, const char *key)
{
    const json_t *a = json_object_get(o, key);
    if (!json_is_array(a)) {
        invalid(c, key);
        return NULL;
    }
    return a;
}

static bool ok(const ctx *c)
{
    return c->rc == BAR_OK && !c->oom;
}

/* ---- building tables ------------------------------------------------- */

static void table_free_cells(bar_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        if (t->cells[i].kind == BAR_CELL_TEXT)
            free((char *)t->cells[i].text);
}

void bar_table_free(bar_table *t)
{
    if (!t)
        return;
    if (t->cells)
        table_free_cells(t);
    free(t->cells);
    for (size_t i = 0; t->headers && i < t->ncols; i++)
        free(t->headers[i]);
    free(t->headers);
    free(t->id);
    free(t->title);
    free(t->note);
    free(t);
}

/* A new table appended to the context with ncols columns named by the
 * NULL-terminated headers. NULL (and c->oom) when memory ran out. */
static bar_table *table_add(ctx *c, const char *id, const char *title,
                            const char *const *headers)
{
    if (!ok(c))
        return NULL;
    size_t ncols = 0;
    while (headers[ncols])
        ncols++;
    bar_table *t = calloc(1, sizeof *t);
    if (!t) {
        c->oom = true;
        return NULL;
    }
    t->lang = c->lang;
    t->headers = calloc(ncols ? ncols : 1, sizeof *t->headers);
    t->id = dup_str(c, id);
    t->title = dup_str(c, title);
    if (t->headers) {
        t->ncols = ncols;
        for (size_t i = 0; i < ncols; i++)
            t->headers[i] = dup_str(c, headers[i]);
    } else {
        c->oom = true;
    }
    if (c->ntables == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        bar_table **nt = realloc(c->tables, cap * sizeof *nt);
        if (!nt) {
            c->oom = true;
            bar_table_free(t);
            return NULL;
        }
        c->tables = nt;
        c->cap = cap;
    }
    c->tables[c->ntables++] = t;
    if (c->oom)
        return NULL;
    return t;
}

/* A table whose headers are built at run time: the first `fixed` headers,
 * then n more from names (owned by the caller), then the tail headers. */
static bar_table *table_add_dyn(ctx *c, const char *id, const char *title,
                                const char *const *fixed, size_t nfixed,
                                const char *const *names, size_t n,
                                const char *const *tail, size_t ntail)
{
    size_t total = nfixed + n + ntail;
    const char **h = calloc(total + 1, sizeof *h);
    if (!h) {
        c->oom = true;
        return NULL;
    }
    for (size_t i = 0; i < nfixed; i++)
        h[i] = fixed[i];
    for (size_t i = 0; i < n; i++)
        h[nfixed + i] = names[i] ? names[i] : "";
    for (size_t i = 0; i < ntail; i++)
        h[nfixed + n + i] = tail[i];
    bar_table *t = table_add(c, id, title, h);
    free(h);
    return t;
}

/* Append an empty row; returns its index, or SIZE_MAX (and c->oom). */
static size_t row_add(ctx *c, bar_table *t)
{
    if (!t || !ok(c))
        return SIZE_MAX;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        bar_cell *nc = realloc(t->cells, cap * (t->ncols ? t->ncols : 1) *
                                             sizeof *nc);
        if (!nc) {
            c->oom = true;
            return SIZE_MAX;
        }
        t->cells = nc;
        t->cap = cap;
    }
    size_t r = t->nrows++;
    for (size_t i = 0; i < t->ncols; i++)
        t->cells[r * t->ncols + i] = (bar_cell){.kind = BAR_CELL_EMPTY};
    return r;
}

static bar_cell *cell_at(bar_table *t, size_t r, size_t col)
{
    if (!t || r == SIZE_MAX || r >= t->nrows || col >= t->ncols)
        return NULL;
    return &t->cells[r * t->ncols + col];
}

/* Cell text: a copy of s ("" or NULL leaves the cell empty). */
static void set_text(ctx *c, bar_table *t, size_t r, size_t col,
                     const char *s)
{
    bar_cell *cell = cell_at(t, r, col);
    if (!cell || !s || !*s)
        return;
    char *d = dup_str(c, s);
    if (!d)
        return;
    if (cell->kind == BAR_CELL_TEXT)
        free((char *)cell->text);
    *cell = (bar_cell){.kind = BAR_CELL_TEXT, .text = d};
}

/* Cell text that takes ownership of s (NULL: nothing). */
static void set_text_own(bar_table *t, size_t r, size_t col, char *s)
{
    bar_cell *cell = cell_at(t, r, col);
    if (!cell || !s || !*s) {
        free(s);
        return;
    }
    *cell = (bar_cell){.kind = BAR_CELL_TEXT, .text = s};
}

static void set_num(bar_table *t, size_t r, size_t col, const json_t *v,
                    int decimals);

static void set_double(bar_table *t, size_t r, size_t col, double v,
                       int decimals)
{
    bar_cell *cell = cell_at(t, r, col);
    if (!cell || !isfinite(v))
        return;
    *cell = (bar_cell){.kind = BAR_CELL_NUMBER, .value = v,
                       .decimals = decimals};
}

/* A p-value from key of o: three digits, "< 0,001" below 0.001. */
static void set_p(bar_table *t, size_t r, size_t col, const json_t *o,
                  const char *key)
{
    set_num(t, r, col, json_object_get(o, key), 3);
    bar_cell *cell = cell_at(t, r, col);
    if (cell && cell->kind == BAR_CELL_NUMBER)
        cell->pvalue = true;
}

/* A JSON number (integer or real) as a cell; null or absent stays empty. */
static void set_num(bar_table *t, size_t r, size_t col, const json_t *v,
                    int decimals)
{
    if (json_is_number(v))
        set_double(t, r, col, json_number_value(v), decimals);
}

static void set_key(bar_table *t, size_t r, size_t col, const json_t *o,
                    const char *key, int decimals)
{
    set_num(t, r, col, json_object_get(o, key), decimals);
}

static void set_note(ctx *c, bar_table *t, const char *note)
{
    if (!t || !note || !*note)
        return;
    char *d = dup_str(c, note);
    if (!d)
        return;
    if (t->note) {
        char *both = fmt_str(c, "%s %s", t->note, d);
        free(d);
        if (!both)
            return;
        d = both;
    }
    free(t->note);
    t->note = d;
}

/* The note or error obj[key] of the analysis (English in the document)
 * under t, in the context's language (bar_text_note); none: nothing. */
static void set_doc_note(ctx *c, bar_table *t, const json_t *obj,
                         const char *key)
{
    char buf[TABLE_TEXT_MAX];
    set_note(c, t, bar_text_note(buf, sizeof buf, obj, key, c->ins, c->lang));
}

/* "Cijfers bij figuur 4" and the like. */
static char *title_for(ctx *c, const char *what_en)
{
    const char *cap = str_of(c->fig, BAR_RK_CAPTION);
    json_int_t num = json_integer_value(json_object_get(c->fig, BAR_RK_NUMBER));
    const char *noun = N_("figure");
    if (strcmp(cap, "table") == 0)
        noun = N_("table");
    else if (strcmp(cap, "box") == 0)
        noun = N_("text box");
    else if (strcmp(cap, "section") == 0)
        noun = N_("section");
    const char *what = bar_tr(c->lang, what_en);
    if (num > 0)
        return fmt_str(c, "%s %s %" JSON_INTEGER_FORMAT, what,
                       bar_tr(c->lang, noun), num);
    return fmt_str(c, "%s: %s", what, label_of(c, json_object_get(c->fig,
                                                                   BAR_RK_TITLE)));
}

static bar_table *table_titled(ctx *c, const char *id, const char *what_en,
                               const char *const *headers)
{
    char *title = title_for(c, what_en);
    if (!title)
        return NULL;
    bar_table *t = table_add(c, id, title, headers);
    free(title);
    return t;
}

/* "1,80; 1,90; 2,00" from a JSON array of numbers, `decimals` digits in
 * the context's language. */
static char *join_numbers(ctx *c, const json_t *a, int decimals)
{
    char buf[TABLE_TEXT_MAX];
    size_t len = 0;
    buf[0] = '\0';
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v) {
        if (!json_is_number(v))
            continue;
        char num[BAR_NUMFMT_MAX];
        int k = snprintf(buf + len, sizeof buf - len, "%s%s",
                         len ? "; " : "",
                         bar_numfmt_decimal(num, sizeof num,
                                            json_number_value(v), decimals,
                                            c->lang));
        if (k < 0 || (size_t)k >= sizeof buf - len) {
            buf[len] = '\0';
            break;
        }
        len += (size_t)k;
    }
    return dup_str(c, buf);
}

/* ---- benchmarks (frequency, multi_response) ------------------------- */

/* The label of benchmark category `cat` ("1", "1+2") of a frequency entry:
 * the category labels joined by " + ". */
static char *category_label(ctx *c, const json_t *categories,
                            const char *cat)
{
    char buf[TABLE_TEXT_MAX];
    size_t len = 0;
    buf[0] = '\0';
    const char *p = cat;
    while (*p) {
        char *end;
        long code = strtol(p, &end, 10);
        if (end == p)
            return dup_str(c, cat);
        const char *lab = NULL;
        size_t i;
        const json_t *cg;
        json_array_foreach(categories, i, cg) {
            if (json_integer_value(json_object_get(cg, BAR_RK_CODE)) == code)
                lab = label_of(c, json_object_get(cg, BAR_RK_LABEL));
        }
        if (!lab)
            return dup_str(c, cat);
        int k = snprintf(buf + len, sizeof buf - len, "%s%s",
                         len ? " + " : "", lab);
        if (k < 0 || (size_t)k >= sizeof buf - len)
            return dup_str(c, cat);
        len += (size_t)k;
        p = *end == '+' ? end + 1 : end;
        if (*end && *end != '+')
            return dup_str(c, cat);
    }
    return dup_str(c, buf);
}

static const char *item_label(ctx *c, const json_t *items, const char *var)
{
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it) {
        if (strcmp(str_of(it, BAR_RK_VARIABLE), var) == 0)
            return label_of(c, json_object_get(it, BAR_RK_LABEL));
    }
    return var;
}

/* The comparison table: one row per benchmark entry. For a frequency
 * entry `categories` names the categories, for a multi-response entry
 * `items` the options. */
static void comparison_table(ctx *c, const json_t *categories,
                             const json_t *items)
{
    const json_t *bms = json_object_get(c->fig, BAR_RK_BENCHMARKS);
    if (!json_is_array(bms) || json_array_size(bms) == 0)
        return;
    const char *h[] = {
        items ? bar_tr(c->lang, "Option") : bar_tr(c->lang, "Answer"),
        bar_tr(c->lang, "Compared with"),
        bar_tr(c->lang, "Period"),
        bar_tr(c->lang, "Benchmark %"),
        bar_tr(c->lang, "As published"),
        bar_tr(c->lang, "n benchmark"),
        bar_tr(c->lang, "Our %"), bar_tr(c->lang, "Our n"),
        bar_tr(c->lang, "Difference (points)"),
        bar_tr(c->lang, "Test"), bar_trc(c->lang, "test", "Statistic"), "p",
        bar_tr(c->lang, "Significant (p < 0.05)"),
        bar_tr(c->lang, "Source"), NULL};
    bar_table *t = table_titled(c, "comparison", N_("Comparison for"), h);
    size_t i;
    const json_t *b;
    json_array_foreach(bms, i, b) {
        size_t r = row_add(c, t);
        if (r == SIZE_MAX)
            return;
        const char *cat = str_of(b, BAR_RK_CATEGORY);
        if (items)
            set_text(c, t, r, 0,
                     item_label(c, items, str_of(b, BAR_RK_VARIABLE)));
        else
            set_text_own(t, r, 0, category_label(c, categories, cat));
        /* the series' name, the same in every figure; the country's name
         * in the reader's language in documents without one */
        const char *series = label_of(c, json_object_get(b, BAR_RK_LABEL));
        set_text(c, t, r, 1,
                 *series ? series
                         : bar_text_country(c->study, str_of(b, BAR_RK_COUNTRY),
                                            c->lang));
        set_text(c, t, r, 2, str_of(b, BAR_RK_PERIOD));
        set_key(t, r, 3, b, BAR_RK_PERCENT, 1);
        char published[64];
        set_text(c, t, r, 4, bar_text_published(published, sizeof published,
                                                b, c->lang));
        set_key(t, r, 5, b, BAR_RK_N, 0);
        const json_t *cmp = json_object_get(b, BAR_RK_COMPARISON);
        set_key(t, r, 6, cmp, BAR_RK_PERCENT, 1);
        set_key(t, r, 7, cmp, BAR_RK_N, 0);
        set_key(t, r, 8, cmp, BAR_RK_DIFFERENCE, 1);
        const char *no_test = bar_text_no_test(str_of(cmp, BAR_RK_NO_TEST),
                                               c->lang);
        set_text(c, t, r, 9, no_test ? no_test
                                     : word(c, str_of(cmp, BAR_RK_TEST)));
        set_key(t, r, 10, cmp, BAR_RK_STATISTIC, 2);
        set_p(t, r, 11, cmp, BAR_RK_P);
        const json_t *p = json_object_get(cmp, BAR_RK_P);
        if (json_is_number(p))
            set_text(c, t, r, 12, json_number_value(p) < 0.05
                                      ? bar_tr(c->lang, "yes")
                                      : bar_tr(c->lang, "no"));
        set_text(c, t, r, 13, str_of(b, BAR_RK_SOURCE));
        const char *note = str_of(cmp, BAR_RK_NOTE);
        if (*note) {
            char buf[TABLE_TEXT_MAX];
            const char *said = bar_text_note(buf, sizeof buf, cmp,
                                             BAR_RK_NOTE, c->ins, c->lang);
            char *n = *series
                          ? fmt_str(c, "%s: %s", series, said)
                          : fmt_str(c, "%s %s: %s",
                                    bar_text_country(c->study,
                                                     str_of(b, BAR_RK_COUNTRY),
                                                     c->lang),
                                    str_of(b, BAR_RK_PERIOD), said);
            set_note(c, t, n);
            free(n);
        }
    }
}

/* ---- kinds ------------------------------------------------------------ */

/* A count or percentage of a response_by_group row into (r, col); where
 * the document has none, words saying why, so that no cell of Table 1 or
 * 2 is blank: too small to show (a suppressed row), or not known. */
static void set_count_or_words(ctx *c, bar_table *t, size_t r, size_t col,
                               const json_t *row, const char *key,
                               int decimals)
{
    const json_t *v = json_object_get(row, key);
    if (json_is_number(v)) {
        set_num(t, r, col, v, decimals);
        return;
    }
    set_text(c, t, r, col,
             json_is_true(json_object_get(row, BAR_RK_SUPPRESSED))
                 ? bar_tr(c->lang, "too small to show")
                 : bar_tr(c->lang, "not known"));
}

/* Table 1 and 2. Without a frame (responses from a CSV) the sent counts
 * and the response are not known for any group: those columns are left
 * out (the notes say why), rather than shown empty. */
static void response_by_group(ctx *c)
{
    const json_t *rows = need_array(c, c->fig, BAR_RK_ROWS);
    if (!rows)
        return;
    bool frame = json_is_true(json_object_get(c->fig, BAR_RK_FRAME));
    const char *h[6];
    size_t nh = 0;
    h[nh++] = bar_tr(c->lang, "Group");
    if (frame)
        h[nh++] = bar_tr(c->lang, "Sent");
    h[nh++] = bar_tr(c->lang, "Completed");
    if (frame)
        h[nh++] = bar_tr(c->lang, "Response %");
    h[nh++] = bar_tr(c->lang, "Share %");
    h[nh] = NULL;
    bar_table *t = table_titled(c, "numbers", N_("Numbers for"), h);
    /* the columns, in the order of h */
    static const struct {
        const char *key;
        int decimals;
        bool frame_only;
    } cols[] = {
        {"sent", 0, true}, {"completed", 0, false}, {"percent", 1, true},
        {"share", 1, false},
    };
    const json_t *total = json_object_get(c->fig, BAR_RK_TOTAL);
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, label_of(c, json_object_get(row, BAR_RK_LABEL)));
        size_t col = 1;
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            if (frame || !cols[k].frame_only)
                set_count_or_words(c, t, r, col++, row, cols[k].key,
                                   cols[k].decimals);
    }
    if (json_is_object(total)) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0,
                 label_of(c, json_object_get(total, BAR_RK_LABEL)));
        size_t col = 1;
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            if (frame || !cols[k].frame_only)
                set_count_or_words(c, t, r, col++, total, cols[k].key,
                                   cols[k].decimals);
    }
    const json_t *ml = json_object_get(c->fig, BAR_RK_MERGED_LABELS);
    if (json_is_array(ml) && json_array_size(ml) > 0) {
        char buf[TABLE_TEXT_MAX];
        size_t len =
            (size_t)snprintf(buf, sizeof buf, "%s",
                             bar_tr(c->lang, "Merged (below the minimum group "
                                             "size):"));
        const json_t *l;
        json_array_foreach(ml, i, l) {
            int k = snprintf(buf + len, sizeof buf - len, "%s %s",
                             i ? "," : "", label_of(c, l));
            if (k < 0 || (size_t)k >= sizeof buf - len)
                break;
            len += (size_t)k;
        }
        set_note(c, t, buf);
    }
}

/* Fill h[7] with the headers of a percentage table. */
static void pct_headers(ctx *c, const char *first, const char *h[7])
{
    h[0] = first;
    h[1] = bar_tr(c->lang, "Count");
    h[2] = "n";
    h[3] = "%";
    h[4] = bar_tr(c->lang, "95% interval low");
    h[5] = bar_tr(c->lang, "95% interval high");
    h[6] = NULL;
}

static void pct_row(ctx *c, bar_table *t, const char *label,
                    const json_t *o, const json_t *n)
{
    size_t r = row_add(c, t);
    set_text(c, t, r, 0, label);
    set_key(t, r, 1, o, BAR_RK_COUNT, 0);
    set_num(t, r, 2, n, 0);
    set_key(t, r, 3, o, BAR_RK_PERCENT, 1);
    set_key(t, r, 4, o, BAR_RK_CI_LOW, 1);
    set_key(t, r, 5, o, BAR_RK_CI_HIGH, 1);
}

static void frequency(ctx *c)
{
    const json_t *cats = need_array(c, c->fig, BAR_RK_CATEGORIES);
    if (!cats)
        return;
    const char *copy[7];
    pct_headers(c, bar_tr(c->lang, "Answer"), copy);
    bar_table *t = table_titled(c, "numbers", N_("Numbers for"),
                                copy);
    const json_t *n = json_object_get(c->fig, BAR_RK_N);
    size_t i;
    const json_t *cg;
    json_array_foreach(cats, i, cg)
        pct_row(c, t, label_of(c, json_object_get(cg, BAR_RK_LABEL)), cg, n);
    const json_t *merged = json_object_get(c->fig, BAR_RK_MERGED_CATEGORIES);
    json_array_foreach(merged, i, cg) {
        char *lab = category_label(c, cats, str_of(cg, BAR_RK_CATEGORY));
        pct_row(c, t, lab ? lab : "", cg, n);
        free(lab);
    }
    comparison_table(c, cats, NULL);
}

static void multi_response(ctx *c)
{
    const json_t *items = need_array(c, c->fig, BAR_RK_ITEMS);
    if (!items)
        return;
    const char *copy[7];
    pct_headers(c, bar_tr(c->lang, "Option"), copy);
    bar_table *t = table_titled(c, "numbers", N_("Numbers for"),
                                copy);
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it)
        pct_row(c, t, label_of(c, json_object_get(it, BAR_RK_LABEL)), it,
                json_object_get(it, BAR_RK_N));
    set_note(c, t,
             bar_tr(c->lang,
                    "Several answers possible: the percentages add up to "
                    "more than 100."));
    comparison_table(c, NULL, items);
}

static void likert(ctx *c)
{
    const json_t *codes = need_array(c, c->fig, BAR_RK_CODES);
    const json_t *items = need_array(c, c->fig, BAR_RK_ITEMS);
    if (!codes || !items)
        return;
    size_t k = json_array_size(codes);
    const char **names = calloc(k ? k : 1, sizeof *names);
    if (!names) {
        c->oom = true;
        return;
    }
    char **owned = calloc(k ? k : 1, sizeof *owned);
    if (!owned) {
        free(names);
        c->oom = true;
        return;
    }
    for (size_t j = 0; j < k; j++) {
        const json_t *cd = json_array_get(codes, j);
        owned[j] = fmt_str(c, "%s %%",
                           label_of(c, json_object_get(cd, BAR_RK_LABEL)));
        names[j] = owned[j];
    }
    const char *fixed[] = {"Item", "n"};
    const char *tail[] = {bar_tr(c->lang, "% positive"),
                          bar_tr(c->lang, "95% interval low"),
                          bar_tr(c->lang, "95% interval high"),
                          bar_tr(c->lang, "Mean")};
    char *title = title_for(c, N_("Numbers for"));
    bar_table *t = title ? table_add_dyn(c, "numbers", title, fixed, 2,
                                         names, k, tail, 4)
                         : NULL;
    free(title);
    for (size_t j = 0; j < k; j++)
        free(owned[j]);
    free(owned);
    free(names);
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, label_of(c, json_object_get(it, BAR_RK_LABEL)));
        set_key(t, r, 1, it, BAR_RK_N, 0);
        const json_t *pc = json_object_get(it, BAR_RK_PERCENTS);
        for (size_t j = 0; j < k; j++)
            set_num(t, r, 2 + j, json_array_get(pc, j), 1);
        const json_t *pos = json_object_get(it, BAR_RK_POSITIVE);
        set_key(t, r, 2 + k, pos, BAR_RK_PERCENT, 1);
        set_key(t, r, 3 + k, pos, BAR_RK_CI_LOW, 1);
        set_key(t, r, 4 + k, pos, BAR_RK_CI_HIGH, 1);
        set_key(t, r, 5 + k, it, BAR_RK_MEAN, 2);
        const char *note = str_of(it, BAR_RK_NOTE);
        if (*note) {
            char buf[TABLE_TEXT_MAX];
            char *n = fmt_str(c, "%s: %s",
                              label_of(c, json_object_get(it, BAR_RK_LABEL)),
                              bar_text_note(buf, sizeof buf, it, BAR_RK_NOTE,
                                            c->ins, c->lang));
            set_note(c, t, n);
            free(n);
        }
    }
}

/* Group labels of a crosstab or boxplot entry as an array of borrowed
 * strings (free the array only). */
static const char **group_labels(ctx *c, const json_t *groups)
{
    size_t g = json_array_size(groups);
    const char **names = calloc(g ? g : 1, sizeof *names);
    if (!names) {
        c->oom = true;
        return NULL;
    }
    for (size_t j = 0; j < g; j++)
        names[j] = label_of(c, json_object_get(json_array_get(groups, j),
                                               BAR_RK_LABEL));
    return names;
}

/* The chi-square's small-expected-counts warning in the context's
 * language, from the test's numbers (the document's `warning` is
 * English). */
static char *expected_warning(ctx *c, const json_t *test)
{
    char num[BAR_NUMFMT_MAX], cells[BAR_NUMFMT_MAX];
    bar_numfmt_count(cells, sizeof cells,
                     (double)json_integer_value(json_object_get(
                         test, BAR_RK_CELLS_BELOW_5)), c->lang);
    bar_numfmt_decimal(num, sizeof num,
                       json_number_value(json_object_get(test,
                                                         BAR_RK_MIN_EXPECTED)),
                       2, c->lang);
    return fmt_str(c,
                   bar_tr(c->lang,
                          "%s cell(s) expect fewer than 5 cases (smallest "
                          "%s): the chi-square p is approximate."),
                   cells, num);
}

static void crosstab_tests(ctx *c, const json_t *tables)
{
    const char *h[] = {bar_tr(c->lang, "Variable"),
                       bar_tr(c->lang, "Test"), bar_tr(c->lang, "Chi-square"),
                       "df", "p", bar_tr(c->lang, "Cramér's V"),
                       bar_tr(c->lang, "Smallest expected count"),
                       bar_tr(c->lang, "Cells expected < 5"),
                       bar_tr(c->lang, "Note"), NULL};
    bar_table *t = table_titled(c, "tests", N_("Tests for"), h);
    size_t i;
    const json_t *tb;
    json_array_foreach(tables, i, tb) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, label_of(c, json_object_get(tb, BAR_RK_LABEL)));
        const json_t *test = json_object_get(tb, BAR_RK_TEST);
        if (json_is_object(test)) {
            set_text(c, t, r, 1, word(c, str_of(test, BAR_RK_TEST)));
            set_key(t, r, 2, test, BAR_RK_STATISTIC, 2);
            set_key(t, r, 3, test, BAR_RK_DF, 0);
            set_p(t, r, 4, test, BAR_RK_P);
            set_key(t, r, 5, test, BAR_RK_CRAMERS_V, 3);
            set_key(t, r, 6, test, BAR_RK_MIN_EXPECTED, 1);
            set_key(t, r, 7, test, BAR_RK_CELLS_BELOW_5, 0);
            if (*str_of(test, BAR_RK_WARNING))
                set_text_own(t, r, 8, expected_warning(c, test));
        } else {
            char buf[TABLE_TEXT_MAX];
            set_text(c, t, r, 8, bar_text_note(buf, sizeof buf, tb,
                                               BAR_RK_NOTE, c->ins, c->lang));
        }
    }
}

/* The trend tests of a crosstab (tables[].trend), when it has any. */
static void crosstab_trends(ctx *c, const json_t *tables)
{
    size_t i;
    const json_t *tb;
    bool any = false;
    json_array_foreach(tables, i, tb)
        any |= json_object_get(tb, BAR_RK_TREND) != NULL;
    if (!any)
        return;
    const char *h[] = {bar_tr(c->lang, "Variable"),
                       bar_tr(c->lang, "Test"), bar_tr(c->lang, "Chi-square"),
                       "df", "p", "z",
                       bar_tr(c->lang, "Slope (percentage points per step)"),
                       bar_tr(c->lang, "Note"), NULL};
    bar_table *t = table_titled(c, "trend", N_("Trend tests for"), h);
    json_array_foreach(tables, i, tb) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, label_of(c, json_object_get(tb, BAR_RK_LABEL)));
        const json_t *test = json_object_get(tb, BAR_RK_TREND);
        if (json_is_object(test)) {
            set_text(c, t, r, 1, word(c, str_of(test, BAR_RK_TEST)));
            set_key(t, r, 2, test, BAR_RK_STATISTIC, 2);
            set_key(t, r, 3, test, BAR_RK_DF, 0);
            set_p(t, r, 4, test, BAR_RK_P);
            set_key(t, r, 5, test, BAR_RK_Z, 2);
            set_key(t, r, 6, test, BAR_RK_SLOPE, 1);
        } else {
            set_text(c, t, r, 7, str_of(tb, BAR_RK_TREND_NOTE));
        }
    }
}

static void crosstab(ctx *c)
{
    const json_t *groups = need_array(c, c->fig, BAR_RK_GROUPS);
    const json_t *tables = need_array(c, c->fig, BAR_RK_TABLES);
    if (!groups || !tables)
        return;
    size_t g = json_array_size(groups);
    const char **names = group_labels(c, groups);
    if (!names)
        return;
    const char *by = label_of(c, json_object_get(c->fig, BAR_RK_BY_LABEL));
    char *title = title_for(c, N_("Numbers for"));
    const char *tail[] = {bar_tr(c->lang, "Total")};
    bool focus = json_array_size(tables) > 0 &&
                 json_is_integer(json_object_get(json_array_get(tables, 0),
                                                 BAR_RK_FOCUS_ROW));
    bar_table *t = NULL;
    if (focus) {
        /* Options or items: one row each, the focus row's column %. */
        const char *fixed[] = {"Item"};
        t = title ? table_add_dyn(c, "numbers", title, fixed, 1, names, g,
                                  tail, 1)
                  : NULL;
        size_t i;
        const json_t *tb;
        json_array_foreach(tables, i, tb) {
            size_t r = row_add(c, t);
            set_text(c, t, r, 0,
                     label_of(c, json_object_get(tb, BAR_RK_LABEL)));
            size_t fr = (size_t)json_integer_value(json_object_get(
                tb, BAR_RK_FOCUS_ROW));
            const json_t *row =
                json_array_get(json_object_get(tb, BAR_RK_ROWS), fr);
            const json_t *pc = json_object_get(row, BAR_RK_PERCENTS);
            for (size_t j = 0; j < g; j++)
                set_num(t, r, 1 + j, json_array_get(pc, j), 1);
            set_key(t, r, 1 + g, row, BAR_RK_TOTAL_PERCENT, 1);
        }
        const json_t *row0 = json_array_get(json_object_get(
            json_array_get(tables, 0), BAR_RK_ROWS), 0);
        char *n =
            fmt_str(c,
                    bar_tr(c->lang, "Percentage '%s' per group of %s (column "
                                    "percentages)."),
                    label_of(c, json_object_get(row0, BAR_RK_LABEL)), by);
        set_note(c, t, n);
        free(n);
    } else {
        /* A variable: categories x groups, then the n per group. */
        const char *fixed[] = {bar_tr(c->lang, "Answer")};
        t = title ? table_add_dyn(c, "numbers", title, fixed, 1, names, g,
                                  tail, 1)
                  : NULL;
        const json_t *tb = json_array_get(tables, 0);
        size_t i;
        const json_t *row;
        json_array_foreach(json_object_get(tb, BAR_RK_ROWS), i, row) {
            size_t r = row_add(c, t);
            set_text(c, t, r, 0,
                     label_of(c, json_object_get(row, BAR_RK_LABEL)));
            const json_t *pc = json_object_get(row, BAR_RK_PERCENTS);
            for (size_t j = 0; j < g; j++)
                set_num(t, r, 1 + j, json_array_get(pc, j), 1);
            set_key(t, r, 1 + g, row, BAR_RK_TOTAL_PERCENT, 1);
        }
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, "n");
        const json_t *gn = json_object_get(tb, BAR_RK_GROUP_N);
        for (size_t j = 0; j < g; j++)
            set_num(t, r, 1 + j, json_array_get(gn, j), 0);
        set_key(t, r, 1 + g, tb, BAR_RK_N, 0);
        char *n = fmt_str(
            c, bar_tr(c->lang, "Column percentages per group of %s."), by);
        set_note(c, t, n);
        free(n);
    }
    free(title);
    free(names);
    crosstab_tests(c, tables);
    crosstab_trends(c, tables);
}

static void box_row(ctx *c, bar_table *t, const json_t *g)
{
    size_t r = row_add(c, t);
    set_text(c, t, r, 0, label_of(c, json_object_get(g, BAR_RK_LABEL)));
    set_key(t, r, 1, g, BAR_RK_N, 0);
    set_key(t, r, 2, g, BAR_RK_WHISKER_LOW, 2);
    set_key(t, r, 3, g, BAR_RK_Q1, 2);
    set_key(t, r, 4, g, BAR_RK_MEDIAN, 2);
    set_key(t, r, 5, g, BAR_RK_Q3, 2);
    set_key(t, r, 6, g, BAR_RK_WHISKER_HIGH, 2);
    set_key(t, r, 7, g, BAR_RK_MEAN, 2);
    const json_t *out = json_object_get(g, BAR_RK_OUTLIERS);
    if (json_is_array(out)) {
        set_double(t, r, 8, (double)json_array_size(out), 0);
        set_text_own(t, r, 9, join_numbers(c, out, 2));
    }
}

static void boxplot(ctx *c)
{
    const json_t *groups = need_array(c, c->fig, BAR_RK_GROUPS);
    if (!groups)
        return;
    const char *h[] = {bar_tr(c->lang, "Group"), "n",
                       bar_tr(c->lang, "Lower whisker"),
                       bar_tr(c->lang, "First quartile"),
                       bar_tr(c->lang, "Median"),
                       bar_tr(c->lang, "Third quartile"),
                       bar_tr(c->lang, "Upper whisker"),
                       bar_tr(c->lang, "Mean"),
                       bar_tr(c->lang, "Outliers (count)"),
                       bar_tr(c->lang, "Outliers"), NULL};
    bar_table *t = table_titled(c, "numbers", N_("Numbers for"),
                                h);
    size_t i;
    const json_t *g;
    json_array_foreach(groups, i, g)
        box_row(c, t, g);
    const json_t *total = json_object_get(c->fig, BAR_RK_TOTAL);
    if (json_is_object(total))
        box_row(c, t, total);
    set_note(c, t,
             bar_tr(c->lang,
                    "Quartiles of type 7; whiskers: the most extreme "
                    "values within 1.5 times the interquartile range."));
}

static void scale_loadings(ctx *c, const json_t *sel)
{
    const json_t *rounds = json_object_get(sel, BAR_RK_ROUNDS);
    size_t nr = json_array_size(rounds);
    if (nr == 0)
        return;
    char **owned = calloc(nr, sizeof *owned);
    if (!owned) {
        c->oom = true;
        return;
    }
    for (size_t j = 0; j < nr; j++)
        owned[j] = fmt_str(c, bar_tr(c->lang, "Loading round %zu"),
                           j + 1);
    const char *fixed[] = {"Item"};
    char *title = title_for(c, N_("Factor loadings for"));
    bar_table *t = title ? table_add_dyn(c, "loadings", title, fixed, 1,
                                         (const char *const *)owned, nr,
                                         NULL, 0)
                         : NULL;
    free(title);
    for (size_t j = 0; j < nr; j++)
        free(owned[j]);
    free(owned);
    /* Rows: the items of round 1 (every later round is a subset). */
    const json_t *items0 = json_object_get(json_array_get(rounds, 0),
                                           BAR_RK_ITEMS);
    size_t i;
    const json_t *var;
    json_array_foreach(items0, i, var) {
        size_t r = row_add(c, t);
        const char *name = json_string_value(var);
        char lab[TABLE_TEXT_MAX];
        set_text(c, t, r, 0, var_label(c, lab, sizeof lab, name));
        for (size_t j = 0; j < nr; j++) {
            const json_t *rd = json_array_get(rounds, j);
            const json_t *its = json_object_get(rd, BAR_RK_ITEMS);
            size_t p;
            const json_t *v;
            json_array_foreach(its, p, v) {
                if (name && json_is_string(v) &&
                    strcmp(json_string_value(v), name) == 0)
                    set_num(t, r, 1 + j, json_array_get(
                        json_object_get(rd, BAR_RK_LOADINGS), p), 3);
            }
        }
    }
    static const struct {
        const char *key, *en;
        int dec;
    } extra[] = {
        {"explained", N_("Variance explained %"), 1},
        {"ncomplete", N_("Complete cases"), 0},
        {"iterations", N_("Iterations"), 0},
    };
    for (size_t e = 0; e < sizeof extra / sizeof extra[0]; e++) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, bar_tr(c->lang, extra[e].en));
        for (size_t j = 0; j < nr; j++)
            set_key(t, r, 1 + j, json_array_get(rounds, j), extra[e].key,
                    extra[e].dec);
    }
    char minl[BAR_NUMFMT_MAX];
    double min_loading =
        json_number_value(json_object_get(sel, BAR_RK_MIN_LOADING));
    bar_numfmt_decimal(minl, sizeof minl, min_loading, 2, c->lang);
    char *n =
        fmt_str(c, bar_tr(c->lang, "%s; items loading below %s are dropped."),
                word(c, str_of(sel, BAR_RK_METHOD)), minl);
    set_note(c, t, n);
    free(n);
    set_doc_note(c, t, sel, BAR_RK_ERROR);

    const json_t *dropped = json_object_get(sel, BAR_RK_DROPPED);
    if (json_array_size(dropped) == 0)
        return;
    const char *h[] = {"Item", bar_tr(c->lang, "Reason"),
                       bar_tr(c->lang, "Round"), bar_tr(c->lang, "Loading"),
                       NULL};
    bar_table *d = table_titled(c, "dropped", N_("Dropped items for"), h);
    const json_t *dr;
    json_array_foreach(dropped, i, dr) {
        size_t r = row_add(c, d);
        const char *lab = label_of(c, json_object_get(dr, BAR_RK_LABEL));
        char buf[TABLE_TEXT_MAX];
        set_text(
            c, d, r, 0,
            *lab ? lab
                 : var_label(c, buf, sizeof buf, str_of(dr, BAR_RK_VARIABLE)));
        /* A loading below the minimum is said from the numbers; the
         * document's reason is English ("|loading| 0.245 < 0.40"). */
        const json_t *ld = json_object_get(dr, BAR_RK_LOADING);
        if (json_is_number(ld) &&
            strncmp(str_of(dr, BAR_RK_REASON), "|loading|", 9) == 0) {
            char a[BAR_NUMFMT_MAX];
            bar_numfmt_decimal(a, sizeof a, fabs(json_number_value(ld)), 3,
                               c->lang);
            set_text_own(
                d, r, 1,
                fmt_str(c, bar_tr(c->lang, "|loading| %s < %s"), a, minl));
        } else {
            set_text(c, d, r, 1, word(c, str_of(dr, BAR_RK_REASON)));
        }
        set_key(d, r, 2, dr, BAR_RK_ROUND, 0);
        set_key(d, r, 3, dr, BAR_RK_LOADING, 3);
    }
}

/* A reliability object as a table: id "reliability" (the retained items)
 * or "reliability-all" (every item before the selection). */
static void scale_reliability(ctx *c, const json_t *rel, bool before)
{
    if (!json_is_object(rel))
        return;
    const char *h[] = {"Item", bar_tr(c->lang, "Alpha if item deleted"),
                       bar_tr(c->lang, "Corrected item-total correlation"),
                       NULL};
    bar_table *t =
        before ? table_titled(c, "reliability-all",
                              N_("Reliability of every statement, before the "
                                 "selection, for"),
                              h)
               : table_titled(c, "reliability", N_("Reliability for"), h);
    size_t r = row_add(c, t);
    set_text(c, t, r, 0,
             before ? bar_tr(c->lang,
                             "Cronbach's alpha (every statement, before the "
                             "selection)")
                    : bar_tr(c->lang, "Cronbach's alpha (all items)"));
    set_key(t, r, 1, rel, BAR_RK_ALPHA, 3);
    size_t i;
    const json_t *it;
    json_array_foreach(json_object_get(rel, BAR_RK_ITEMS), i, it) {
        r = row_add(c, t);
        char lab[TABLE_TEXT_MAX];
        set_text(c, t, r, 0, var_label(c, lab, sizeof lab,
                                       str_of(it, BAR_RK_VARIABLE)));
        set_key(t, r, 1, it, BAR_RK_ALPHA_IF_DELETED, 3);
        set_key(t, r, 2, it, BAR_RK_ITEM_TOTAL_R, 3);
    }
    if (json_is_integer(json_object_get(rel, BAR_RK_NCOMPLETE))) {
        char num[BAR_NUMFMT_MAX];
        bar_numfmt_count(num, sizeof num,
                         (double)json_integer_value(json_object_get(
                             rel, BAR_RK_NCOMPLETE)), c->lang);
        char *n = fmt_str(c, bar_tr(c->lang, "Complete cases: %s."), num);
        set_note(c, t, n);
        free(n);
    }
    set_doc_note(c, t, rel, BAR_RK_ERROR);
}

static void scale_distribution(ctx *c, const json_t *dist)
{
    if (!json_is_object(dist))
        return;
    const char *h[] = {bar_trc(c->lang, "measure", "Statistic"),
                       bar_tr(c->lang, "Value"), NULL};
    bar_table *t = table_titled(c, "distribution", N_("Distribution for"), h);
    static const struct {
        const char *key, *en;
        int dec;
    } rows[] = {
        {"n", N_("n"), 0},
        {"mean", N_("Mean"), 2},
        {"sd", N_("Standard deviation"), 2},
        {"min", N_("Minimum"), 2},
        {"max", N_("Maximum"), 2},
        {"skewness", N_("Skewness"), 3},
        {"kurtosis", N_("Kurtosis (excess)"), 3},
        {"shapiro_w", N_("Shapiro-Wilk W"), 3},
        {"shapiro_p", N_("Shapiro-Wilk p"), 3},
    };
    for (size_t e = 0; e < sizeof rows / sizeof rows[0]; e++) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, bar_tr(c->lang, rows[e].en));
        if (strcmp(rows[e].key, "shapiro_p") == 0)
            set_p(t, r, 1, dist, rows[e].key);
        else
            set_key(t, r, 1, dist, rows[e].key, rows[e].dec);
    }
    set_doc_note(c, t, dist, BAR_RK_SHAPIRO_NOTE);
    const json_t *hist = json_object_get(dist, BAR_RK_HISTOGRAM);
    if (json_array_size(hist) == 0)
        return;
    const char *hh[] = {bar_tr(c->lang, "Bin"), bar_tr(c->lang, "From"),
                        bar_tr(c->lang, "To"), bar_tr(c->lang, "Count"), NULL};
    bar_table *ht = table_titled(c, "histogram", N_("Histogram for"), hh);
    size_t i;
    const json_t *b;
    json_array_foreach(hist, i, b) {
        size_t r = row_add(c, ht);
        char from[BAR_NUMFMT_MAX], to[BAR_NUMFMT_MAX];
        char *lab = fmt_str(
            c, "%s\xe2\x80\x93%s",
            bar_numfmt_decimal(
                from, sizeof from,
                json_number_value(json_object_get(b, BAR_RK_FROM)), 2,
                c->lang),
            bar_numfmt_decimal(
                to, sizeof to,
                json_number_value(json_object_get(b, BAR_RK_TO)), 2, c->lang));
        set_text_own(ht, r, 0, lab);
        set_key(ht, r, 1, b, BAR_RK_FROM, 2);
        set_key(ht, r, 2, b, BAR_RK_TO, 2);
        set_key(ht, r, 3, b, BAR_RK_COUNT, 0);
    }
    set_note(c, ht, bar_tr(c->lang, "The last bin includes its upper edge."));
}

static void scale_groups(ctx *c, const json_t *grp)
{
    if (!json_is_object(grp))
        return;
    const char *h[] = {bar_tr(c->lang, "Group"),
                       bar_tr(c->lang, "Centre"), bar_tr(c->lang, "Count"),
                       "%", bar_tr(c->lang, "95% interval low"),
                       bar_tr(c->lang, "95% interval high"), NULL};
    bar_table *t = table_titled(c, "groups", N_("Climate groups for"), h);
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(grp, BAR_RK_GROUPS), i, g) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, label_of(c, json_object_get(g, BAR_RK_LABEL)));
        set_key(t, r, 1, g, BAR_RK_CENTER, 2);
        set_key(t, r, 2, g, BAR_RK_COUNT, 0);
        set_key(t, r, 3, g, BAR_RK_PERCENT, 1);
        set_key(t, r, 4, g, BAR_RK_CI_LOW, 1);
        set_key(t, r, 5, g, BAR_RK_CI_HIGH, 1);
    }
    const json_t *cuts = json_object_get(grp, BAR_RK_CUTS);
    if (json_array_size(cuts) > 0) {
        char *list = join_numbers(c, cuts, 2);
        char *n = fmt_str(c, "%s; %s: %s.", word(c, str_of(grp, BAR_RK_METHOD)),
                          bar_tr(c->lang, "cuts"), list ? list : "");
        set_note(c, t, n);
        free(n);
        free(list);
    }
    set_doc_note(c, t, grp, BAR_RK_NOTE);
    set_doc_note(c, t, grp, BAR_RK_ERROR);
}

static void scale(ctx *c)
{
    const json_t *sel = json_object_get(c->fig, BAR_RK_SELECTION);
    if (json_is_object(sel))
        scale_loadings(c, sel);
    scale_reliability(c, json_object_get(c->fig, BAR_RK_RELIABILITY), false);
    scale_reliability(c, json_object_get(c->fig, BAR_RK_RELIABILITY_ALL),
                      true);
    scale_distribution(c, json_object_get(c->fig, BAR_RK_DISTRIBUTION));
    scale_groups(c, json_object_get(c->fig, BAR_RK_GROUPS));
}

static void term_row(ctx *c, bar_table *t, const json_t *term)
{
    size_t r = row_add(c, t);
    char lab[TABLE_TEXT_MAX];
    set_text(c, t, r, 0, var_label(c, lab, sizeof lab, str_of(term,
                                                              BAR_RK_NAME)));
    if (json_is_true(json_object_get(term, BAR_RK_ALIASED))) {
        set_text(c, t, r, 10, bar_tr(c->lang, "aliased"));
        return;
    }
    static const struct {
        const char *key;
        int dec;
    } cols[] = {{"b", 3}, {"se", 3}, {"wald", 3}, {"df", 0}, {"p", 3},
                {"exp_b", 3}, {"exp_b_low", 3}, {"exp_b_high", 3}};
    for (size_t j = 0; j < sizeof cols / sizeof cols[0]; j++)
        set_key(t, r, 1 + j, term, cols[j].key, cols[j].dec);
    set_p(t, r, 5, term, BAR_RK_P);
    const json_t *p = json_object_get(term, BAR_RK_P);
    if (json_is_number(p))
        set_text(c, t, r, 9,
                 json_number_value(p) < 0.05 ? bar_tr(c->lang, "yes")
                                             : bar_tr(c->lang, "no"));
}

static void model_outcome(ctx *c, const json_t *m)
{
    const char *outcome = str_of(m, BAR_RK_OUTCOME);
    const char *olabel = label_of(c, json_object_get(m, BAR_RK_LABEL));
    const json_t *steps = json_object_get(m, BAR_RK_STEPS);
    const json_t *final = json_object_get(json_array_get(
        steps, json_array_size(steps) ? json_array_size(steps) - 1 : 0),
        BAR_RK_MODEL);

    /* Summary first: it exists even when the model failed. */
    const char *hs[] = {bar_trc(c->lang, "measure", "Statistic"),
                        bar_tr(c->lang, "Value"), NULL};
    char *id = fmt_str(c, "summary-%s", outcome);
    char *title = fmt_str(c, bar_tr(c->lang, "Model summary: %s"), olabel);
    bar_table *s = id && title ? table_add(c, id, title, hs) : NULL;
    free(id);
    free(title);
    size_t r = row_add(c, s);
    set_text(c, s, r, 0, bar_tr(c->lang, "Cases in the base"));
    set_key(s, r, 1, m, BAR_RK_BASE_N, 0);
    r = row_add(c, s);
    set_text(c, s, r, 0, bar_tr(c->lang, "Complete cases (n)"));
    set_key(s, r, 1, m, BAR_RK_N, 0);
    r = row_add(c, s);
    set_text(c, s, r, 0, bar_tr(c->lang, "Cases with outcome 1"));
    set_key(s, r, 1, m, BAR_RK_EVENTS, 0);
    if (json_is_object(final)) {
        const json_t *hl = json_object_get(final, BAR_RK_HOSMER_LEMESHOW);
        const json_t *cl = json_object_get(final, BAR_RK_CLASSIFICATION);
        const struct {
            const char *en;
            const json_t *o;
            const char *key;
            int dec;
        } rows[] = {
            {N_("Deviance (-2LL)"), final, "minus2ll", 3},
            {N_("Deviance constant only (-2LL)"), final, "minus2ll_null", 3},
            {N_("Cox & Snell R²"), final, "cox_snell_r2", 3},
            {N_("Nagelkerke R²"), final, "nagelkerke_r2", 3},
            {N_("Hosmer-Lemeshow chi-square"),
             hl, "chisq", 3},
            {N_("Hosmer-Lemeshow df"), hl, "df", 0},
            {N_("Hosmer-Lemeshow p"), hl, "p", 3},
            {N_("Percentage correct"), cl,
             "percent_correct", 1},
            {N_("Iterations"), final, "iterations", 0},
        };
        for (size_t e = 0; e < sizeof rows / sizeof rows[0]; e++) {
            r = row_add(c, s);
            set_text(c, s, r, 0, bar_tr(c->lang, rows[e].en));
            if (strcmp(rows[e].key, "p") == 0)
                set_p(s, r, 1, rows[e].o, rows[e].key);
            else
                set_key(s, r, 1, rows[e].o, rows[e].key, rows[e].dec);
        }
    }
    set_doc_note(c, s, m, BAR_RK_ERROR);
    if (!json_is_object(final))
        return;

    /* The final model's terms, the constant last as SPSS shows it. */
    const char *ht[] = {bar_tr(c->lang, "Term"), "B", "SE", "Wald", "df", "p",
                        "Exp(B)", bar_tr(c->lang, "95% CI Exp(B) low"),
                        bar_tr(c->lang, "95% CI Exp(B) high"),
                        bar_tr(c->lang, "Significant (p < 0.05)"),
                        bar_tr(c->lang, "Note"), NULL};
    id = fmt_str(c, "model-%s", outcome);
    title = fmt_str(c, bar_tr(c->lang, "Final model: %s"), olabel);
    bar_table *t = id && title ? table_add(c, id, title, ht) : NULL;
    free(id);
    free(title);
    size_t i;
    const json_t *term;
    json_array_foreach(json_object_get(final, BAR_RK_TERMS), i, term)
        term_row(c, t, term);
    const json_t *icpt = json_object_get(final, BAR_RK_INTERCEPT);
    if (json_is_object(icpt))
        term_row(c, t, icpt);

    /* The backward steps. */
    const char *hb[] = {bar_tr(c->lang, "Step"),
                        bar_tr(c->lang, "Removed"),
                        bar_tr(c->lang, "LR chi-square"), "p",
                        bar_tr(c->lang, "Deviance (-2LL)"),
                        bar_tr(c->lang, "Terms"), NULL};
    id = fmt_str(c, "steps-%s", outcome);
    title = fmt_str(c, bar_tr(c->lang, "Steps (backward elimination): %s"),
                    olabel);
    bar_table *b = id && title ? table_add(c, id, title, hb) : NULL;
    free(id);
    free(title);
    const json_t *st;
    json_array_foreach(steps, i, st) {
        r = row_add(c, b);
        set_key(b, r, 0, st, BAR_RK_STEP, 0);
        char lab[TABLE_TEXT_MAX];
        if (*str_of(st, BAR_RK_REMOVED))
            set_text(c, b, r, 1, var_label(c, lab, sizeof lab,
                                           str_of(st, BAR_RK_REMOVED)));
        set_key(b, r, 2, st, BAR_RK_LR_CHISQ, 3);
        set_p(b, r, 3, st, BAR_RK_LR_P);
        const json_t *mod = json_object_get(st, BAR_RK_MODEL);
        set_key(b, r, 4, mod, BAR_RK_MINUS2LL, 3);
        set_double(b, r, 5,
                   (double)json_array_size(json_object_get(mod, BAR_RK_TERMS)),
                   0);
    }
    /* Predictors set aside before the first step, with the reason. */
    const json_t *rd;
    json_array_foreach(json_object_get(m, BAR_RK_REDUNDANT), i, rd) {
        char lab[512], why[2048];
        char *n =
            fmt_str(c,
                    bar_tr(c->lang, "Left out before step 1 as redundant: "
                                    "%s (%s)."),
                    var_label(c, lab, sizeof lab, str_of(rd, BAR_RK_NAME)),
                    bar_text_redundant(why, sizeof why, rd, c->ins, c->lang));
        set_note(c, b, n);
        free(n);
    }
}

static void model(ctx *c)
{
    const json_t *models = need_array(c, c->fig, BAR_RK_MODELS);
    if (!models)
        return;
    size_t i;
    const json_t *m;
    json_array_foreach(models, i, m) {
        if (!json_is_object(m)) {
            invalid(c, "models[]");
            return;
        }
        model_outcome(c, m);
    }
}

/* ---- frequencies: the appendix of every variable ------------------------ */

static const char *type_word(ctx *c, const char *type)
{
    static const struct {
        const char *type, *en;
    } words[] = {
        {"single", N_("choice")}, {"binary", N_("ticked (0/1)")},
        {"category", N_("category")}, {"number", N_("number")},
        {"integer", N_("whole number")},
        {"text", N_("open answer")},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(type, words[i].type) == 0)
            return bar_tr(c->lang, words[i].en);
    return type;
}

static const char *role_word(ctx *c, const char *role)
{
    return strcmp(role, "frame") == 0 ? bar_tr(c->lang, "frame")
           : strcmp(role, "derived") == 0 ? bar_tr(c->lang, "derived")
                                          : bar_tr(c->lang, "asked");
}

/* "Gesteld aan: organisaties met een innovatie, als 'Geen samenwerking'
 * != 1." and the like; "Basis: ..." for frame and derived variables. */
static char *asked_text(ctx *c, const json_t *v)
{
    char cbuf[1024];
    const char *base = str_of(v, BAR_RK_BASE);
    const char *cond = bar_text_condition(cbuf, sizeof cbuf,
                                          str_of(v, BAR_RK_ASKED_IF), c->ins,
                                          c->lang);
    if (strcmp(str_of(v, BAR_RK_ROLE), "asked") != 0)
        return fmt_str(c, "%s", bar_tr(c->lang, "Base: every organisation."));
    const char *who = strcmp(base, "innovators") == 0
                          ? bar_tr(c->lang, "organisations with an innovation")
                          : bar_tr(c->lang, "every organisation");
    if (*cond)
        return fmt_str(c, bar_tr(c->lang, "Asked of: %s, if %s."), who, cond);
    return fmt_str(c, bar_tr(c->lang, "Asked of: %s."), who);
}

/* The overview: one row per variable (what SPSS FREQUENCIES gives as its
 * Statistics table). */
static void frequencies_overview(ctx *c, const json_t *vars)
{
    const char *h[] = {bar_tr(c->lang, "Variable"),
                       bar_tr(c->lang, "Type"),
                       bar_trc(c->lang, "origin", "Source"),
                       bar_tr(c->lang, "Asked"),
                       bar_tr(c->lang, "Valid"),
                       bar_tr(c->lang, "No answer"),
                       bar_tr(c->lang, "Not asked"),
                       NULL};
    bar_table *t = table_titled(c, "overview", N_("Overview for"), h);
    size_t i;
    const json_t *v;
    json_array_foreach(vars, i, v) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, label_of(c, json_object_get(v, BAR_RK_LABEL)));
        set_text(c, t, r, 1, type_word(c, str_of(v, BAR_RK_TYPE)));
        set_text(c, t, r, 2, role_word(c, str_of(v, BAR_RK_ROLE)));
        set_key(t, r, 3, v, BAR_RK_ASKED, 0);
        set_key(t, r, 4, v, BAR_RK_N, 0);
        set_key(t, r, 5, v, BAR_RK_MISSING, 0);
        set_key(t, r, 6, v, BAR_RK_NOT_ASKED, 0);
    }
    set_note(c, t,
             bar_tr(c->lang,
                    "Each variable within its own base (who was asked). "
                    "Unweighted."));
}

/* The rows every variable's table ends with: valid, no answer, not
 * asked, their counts in column col (and 100% after the valid count when
 * pct). */
static void frequency_tail(ctx *c, bar_table *t, const json_t *v,
                           size_t col, bool pct)
{
    size_t r = row_add(c, t);
    set_text(c, t, r, 0, bar_tr(c->lang, "Total valid"));
    set_key(t, r, col, v, BAR_RK_N, 0);
    if (pct && json_integer_value(json_object_get(v, BAR_RK_N)) > 0 &&
        !json_is_true(json_object_get(v, BAR_RK_SUPPRESSED)))
        set_double(t, r, col + 1, 100.0, 1);
    r = row_add(c, t);
    set_text(c, t, r, 0, bar_tr(c->lang, "No answer"));
    set_key(t, r, col, v, BAR_RK_MISSING, 0);
    r = row_add(c, t);
    set_text(c, t, r, 0, bar_tr(c->lang, "Not asked"));
    set_key(t, r, col, v, BAR_RK_NOT_ASKED, 0);
}

static void frequency_table(ctx *c, const json_t *v)
{
    const char *name = str_of(v, BAR_RK_VARIABLE);
    const char *type = str_of(v, BAR_RK_TYPE);
    char *title =
        fmt_str(c, "%s", label_of(c, json_object_get(v, BAR_RK_LABEL)));
    bar_table *t = NULL;
    if (json_is_array(json_object_get(v, BAR_RK_CATEGORIES))) {
        const char *h[] = {bar_tr(c->lang, "Answer"), "Code",
                           bar_tr(c->lang, "Count"),
                           bar_tr(c->lang, "Percent (of valid)"), NULL};
        t = title ? table_add(c, name, title, h) : NULL;
        size_t i;
        const json_t *cat;
        json_array_foreach(json_object_get(v, BAR_RK_CATEGORIES), i, cat) {
            size_t r = row_add(c, t);
            set_text(c, t, r, 0,
                     label_of(c, json_object_get(cat, BAR_RK_LABEL)));
            const json_t *code = json_object_get(cat, BAR_RK_CODE);
            if (json_is_string(code))
                set_text(c, t, r, 1, json_string_value(code));
            else
                set_num(t, r, 1, code, 0);
            set_key(t, r, 2, cat, BAR_RK_COUNT, 0);
            set_key(t, r, 3, cat, BAR_RK_PERCENT, 1);
        }
        const json_t *m = json_object_get(v, BAR_RK_MERGED);
        if (json_is_object(m)) {
            size_t r = row_add(c, t);
            set_text(c, t, r, 0,
                     label_of(c, json_object_get(m, BAR_RK_LABEL)));
            set_key(t, r, 2, m, BAR_RK_COUNT, 0);
            set_key(t, r, 3, m, BAR_RK_PERCENT, 1);
            char *codes = NULL;
            size_t j;
            const json_t *cd;
            json_array_foreach(json_object_get(m, BAR_RK_CODES), j, cd) {
                char *next = fmt_str(c, "%s%s%s", codes ? codes : "",
                                     codes ? ", " : "",
                                     json_string_value(cd)
                                         ? json_string_value(cd)
                                         : "?");
                free(codes);
                codes = next;
                if (!codes)
                    break;
            }
            bool sup = json_is_true(json_object_get(m, BAR_RK_SUPPRESSED));
            char *n = fmt_str(
                c,
                bar_tr(c->lang, "Merged (below the minimum group "
                                "size): %s%s."),
                codes ? codes : "",
                sup ? bar_tr(c->lang, "; too few to show even together") : "");
            set_note(c, t, n);
            free(n);
            free(codes);
        }
        frequency_tail(c, t, v, 2, true);
    } else if (strcmp(type, "text") == 0) {
        const char *h[] = {bar_tr(c->lang, "Answer"),
                           bar_tr(c->lang, "Count"), NULL};
        t = title ? table_add(c, name, title, h) : NULL;
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, bar_tr(c->lang, "Answered"));
        set_key(t, r, 1, v, BAR_RK_N, 0);
        r = row_add(c, t);
        set_text(c, t, r, 0, bar_tr(c->lang, "Not answered"));
        set_key(t, r, 1, v, BAR_RK_MISSING, 0);
        r = row_add(c, t);
        set_text(c, t, r, 0, bar_tr(c->lang, "Not asked"));
        set_key(t, r, 1, v, BAR_RK_NOT_ASKED, 0);
        set_note(c, t,
                 bar_tr(c->lang,
                        "Open answer: only counted, the text is never "
                        "published."));
    } else {
        const char *h[] = {bar_tr(c->lang, "Statistic"),
                           bar_tr(c->lang, "Value"), NULL};
        t = title ? table_add(c, name, title, h) : NULL;
        const json_t *sm = json_object_get(v, BAR_RK_SUMMARY);
        static const struct {
            const char *key, *en;
        } rows[] = {
            {"mean", N_("Mean")},
            {"sd", N_("Standard deviation")},
            {"q1", N_("First quartile")},
            {"median", N_("Median")},
            {"q3", N_("Third quartile")},
        };
        for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
            size_t r = row_add(c, t);
            set_text(c, t, r, 0, bar_tr(c->lang, rows[k].en));
            set_key(t, r, 1, sm, rows[k].key, 2);
        }
        frequency_tail(c, t, v, 1, false);
    }
    free(title);
    char *asked = asked_text(c, v);
    set_note(c, t, asked);
    free(asked);
    set_note(c, t, str_of(v, BAR_RK_NOTE));
}

static void frequencies(ctx *c)
{
    const json_t *vars = need_array(c, c->fig, BAR_RK_VARIABLES);
    if (!vars)
        return;
    frequencies_overview(c, vars);
    size_t i;
    const json_t *v;
    json_array_foreach(vars, i, v) {
        if (!json_is_object(v)) {
            invalid(c, "variables[]");
            return;
        }
        frequency_table(c, v);
    }
}

/* ---- public ------------------------------------------------------------ */

/* kind "text": the concept groups (terms, answers touching each), then
 * per breakdown the share touching each group per group of its variable
 * (docs/results-schema.md). */
static void text_terms(ctx *c, bar_table *t, size_t r, const json_t *it)
{
    char buf[TABLE_TEXT_MAX];
    size_t len = 0;
    buf[0] = '\0';
    size_t i;
    const json_t *term;
    json_array_foreach(json_object_get(it, BAR_RK_TERMS), i, term) {
        char num[BAR_NUMFMT_MAX];
        bar_numfmt_count(num, sizeof num,
                         (double)json_integer_value(json_object_get(
                             term, BAR_RK_COUNT)), c->lang);
        int k = snprintf(buf + len, sizeof buf - len, "%s%s (%s)",
                         i ? ", " : "", str_of(term, BAR_RK_TERM), num);
        if (k < 0 || (size_t)k >= sizeof buf - len)
            break;
        len += (size_t)k;
    }
    set_text(c, t, r, 1, buf);
}

static void text(ctx *c)
{
    /* without items the figure is a note (no text specification) */
    const json_t *items = json_object_get(c->fig, BAR_RK_ITEMS);
    if (!items)
        return;
    if (!json_is_array(items)) {
        invalid(c, BAR_RK_ITEMS);
        return;
    }
    const char *h[] = {bar_tr(c->lang, "Concept group"),
                       bar_tr(c->lang, "Terms (answers)"),
                       bar_tr(c->lang, "Count"), "n", "%",
                       bar_tr(c->lang, "95% interval low"),
                       bar_tr(c->lang, "95% interval high"), NULL};
    bar_table *t = table_titled(c, "numbers", N_("Numbers for"), h);
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it) {
        size_t r = row_add(c, t);
        set_text(c, t, r, 0, label_of(c, json_object_get(it, BAR_RK_LABEL)));
        text_terms(c, t, r, it);
        set_key(t, r, 2, it, BAR_RK_COUNT, 0);
        set_key(t, r, 3, it, BAR_RK_N, 0);
        set_key(t, r, 4, it, BAR_RK_PERCENT, 1);
        set_key(t, r, 5, it, BAR_RK_CI_LOW, 1);
        set_key(t, r, 6, it, BAR_RK_CI_HIGH, 1);
    }
    char *note = fmt_str(
        c,
        bar_tr(c->lang, "An answer touches a group when it holds one of "
                        "its terms; an answer may touch several groups. "
                        "Only terms of at least %lld answers are shown."),
        (long long)json_integer_value(json_object_get(c->fig,
                                                      BAR_RK_MIN_COUNT)));
    set_note(c, t, note);
    free(note);
    const json_t *bd;
    json_array_foreach(json_object_get(c->fig, BAR_RK_BREAKDOWNS), i, bd) {
        const json_t *groups = json_object_get(bd, BAR_RK_GROUPS);
        const json_t *tables = json_object_get(bd, BAR_RK_TABLES);
        size_t g = json_array_size(groups);
        const char **names = group_labels(c, groups);
        if (!names)
            return;
        const char *by = label_of(c, json_object_get(bd, BAR_RK_BY_LABEL));
        char id[80];
        snprintf(id, sizeof id, "by-%.64s", str_of(bd, BAR_RK_BY));
        char *title = fmt_str(c, bar_tr(c->lang, "Concept groups by %s"), by);
        const char *fixed[] = {bar_tr(c->lang, "Concept group")};
        const char *tail[] = {bar_tr(c->lang, "Total")};
        bar_table *bt = title ? table_add_dyn(c, id, title, fixed, 1, names,
                                              g, tail, 1)
                              : NULL;
        free(title);
        size_t k;
        const json_t *tb;
        json_array_foreach(tables, k, tb) {
            size_t r = row_add(c, bt);
            set_text(c, bt, r, 0,
                     label_of(c, json_object_get(tb, BAR_RK_LABEL)));
            const json_t *row = json_array_get(
                json_object_get(tb, BAR_RK_ROWS), 0);
            const json_t *pc = json_object_get(row, BAR_RK_PERCENTS);
            for (size_t j = 0; j < g; j++)
                set_num(bt, r, 1 + j, json_array_get(pc, j), 1);
            set_key(bt, r, 1 + g, row, BAR_RK_TOTAL_PERCENT, 1);
        }
        size_t r = row_add(c, bt);
        set_text(c, bt, r, 0, "n");
        const json_t *gn = json_object_get(json_array_get(tables, 0),
                                           BAR_RK_GROUP_N);
        for (size_t j = 0; j < g; j++)
            set_num(bt, r, 1 + j, json_array_get(gn, j), 0);
        set_key(bt, r, 1 + g, bd, BAR_RK_N, 0);
        char *n = fmt_str(c,
                          bar_tr(c->lang, "Percentage of the answers per "
                                          "group of %s that touch each "
                                          "concept group."),
                          by);
        set_note(c, bt, n);
        free(n);
        free(names);
    }
}

bar_status bar_tables_of_figure(const json_t *figure,
                                const bar_instrument *ins,
                                const bar_study *study, bar_lang lang,
                                bar_table ***out, size_t *count,
                                bar_error *err)
{
    *out = NULL;
    *count = 0;
    ctx c = {.fig = figure, .lang = lang, .ins = ins, .study = study,
             .err = err,
             .fid = "?"};
    bar_status rc = BAR_OK;
    if (!json_is_object(figure)) {
        rc = bar_error_set(err, BAR_EINVALID,
                           "results: a figure entry is not an object");
        goto cleanup;
    }
    const char *id = json_string_value(json_object_get(figure, BAR_RK_ID));
    const char *kind = json_string_value(json_object_get(figure, BAR_RK_KIND));
    if (id)
        c.fid = id;
    if (!id || !kind) {
        invalid(&c, id ? "kind" : "id");
        rc = c.rc;
        goto cleanup;
    }
    static const struct {
        const char *kind;
        void (*build)(ctx *);
    } kinds[] = {
        {"response_by_group", response_by_group}, {"frequency", frequency},
        {"multi_response", multi_response}, {"likert", likert},
        {"crosstab", crosstab}, {"boxplot", boxplot}, {"scale", scale},
        {"model", model}, {"frequencies", frequencies}, {"text", text},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (strcmp(kind, kinds[k].kind) == 0)
            kinds[k].build(&c);
    if (c.rc != BAR_OK) {
        rc = c.rc;
        goto cleanup;
    }
    if (c.oom) {
        rc = bar_error_set(err, BAR_ENOMEM, "results: figure '%s': out of "
                                            "memory", c.fid);
        goto cleanup;
    }
    /* The entry's own note or error goes under its first table. */
    if (c.ntables > 0) {
        set_doc_note(&c, c.tables[0], figure, BAR_RK_NOTE);
        set_doc_note(&c, c.tables[0], figure, BAR_RK_ERROR);
        if (c.oom) {
            rc = bar_error_set(err, BAR_ENOMEM, "results: figure '%s': out "
                                                "of memory", c.fid);
            goto cleanup;
        }
    }
    *out = c.tables;
    *count = c.ntables;
    c.tables = NULL;
    c.ntables = 0;
cleanup:
    for (size_t i = 0; i < c.ntables; i++)
        bar_table_free(c.tables[i]);
    free(c.tables);
    return rc;
}

const char *bar_table_title(const bar_table *t) { return t->title; }
const char *bar_table_id(const bar_table *t) { return t->id; }
size_t bar_table_ncols(const bar_table *t) { return t->ncols; }
size_t bar_table_nrows(const bar_table *t) { return t->nrows; }
const char *bar_table_note(const bar_table *t) { return t->note; }

const char *bar_table_header(const bar_table *t, size_t c)
{
    return c < t->ncols ? t->headers[c] : NULL;
}

const bar_cell *bar_table_cell(const bar_table *t, size_t r, size_t c)
{
    if (r >= t->nrows || c >= t->ncols)
        return NULL;
    return &t->cells[r * t->ncols + c];
}

const char *bar_table_number_text(const bar_cell *cell, bar_lang lang,
                                  char *buf, size_t size)
{
    if (size > 0)
        buf[0] = '\0';
    if (!cell || cell->kind != BAR_CELL_NUMBER)
        return buf;
    if (cell->pvalue)
        return bar_numfmt_p(buf, size, cell->value, lang);
    return bar_numfmt_decimal(buf, size, cell->value, cell->decimals, lang);
}

/* A number cell for the CSV: the table's decimals, no thousands
 * separator; a p-value below 0.001 with three significant digits so that
 * the column stays numeric and never reads 0. */
static const char *csv_number(char *buf, size_t size, const bar_cell *cell,
                              bar_lang lang)
{
    if (cell->pvalue)
        return bar_numfmt_plain_p(buf, size, cell->value, lang);
    return bar_numfmt_plain(buf, size, cell->value, cell->decimals, lang);
}

bar_status bar_table_write_csv(const bar_table *t, FILE *f, bar_error *err)
{
    int sep = bar_numfmt_separator(t->lang, NC_("number", "CSV separator"));
    bool good = true;
    for (size_t c = 0; c < t->ncols && good; c++) {
        if (c > 0)
            good = fputc(sep, f) != EOF;
        good = good && bar_csv_write_field(f, t->headers[c], true);
    }
    good = good && fputc('\n', f) != EOF;
    for (size_t r = 0; r < t->nrows && good; r++) {
        for (size_t c = 0; c < t->ncols && good; c++) {
            if (c > 0)
                good = fputc(sep, f) != EOF;
            const bar_cell *cell = &t->cells[r * t->ncols + c];
            if (cell->kind == BAR_CELL_TEXT) {
                good = good && bar_csv_write_field(f, cell->text, true);
            } else if (cell->kind == BAR_CELL_NUMBER) {
                char buf[BAR_NUMFMT_MAX];
                csv_number(buf, sizeof buf, cell, t->lang);
                good = good && fputs(buf, f) != EOF;
            }
        }
        good = good && fputc('\n', f) != EOF;
    }
    if (!good || ferror(f))
        return bar_error_set(err, BAR_EIO, "table '%s': cannot write CSV",
                             t->id);
    return BAR_OK;
}

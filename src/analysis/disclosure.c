/* disclosure.c - statistical disclosure control of the results document
 * (disclosure.h; the policy is docs/disclosure.md).
 *
 * The document is read into one set of count cells for the whole wave:
 * each cell knows its value, where the document holds it (slots), and the
 * quantity it counts (a link key: base, variable = category, group
 * variable = group, and the population total). Relations the document
 * publishes between cells (a row and its total, ...) are lines. Then:
 * 1. primary rules mark cells;
 * 2. secondary suppression: every line with exactly one suppressed cell
 *    gets a second one (one that mends another line first, a margin last,
 *    the smallest non-zero), every suppression spreads to the cells of the
 *    same quantity in other figures, until nothing changes; then an exact
 *    check of all relations (reduced echelon form) adds suppressions until
 *    no suppressed count is derivable;
 * 3. suppressed cells and every number derived from them (dependencies)
 *    are set to null in the document, and doc["disclosure"] says where
 *    and by which rules.
 * A cell the document holds as null already (the analysis suppressed it:
 * a group below min_group) enters as suppressed.
 */
#include "analysis/disclosure.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "results/results.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    R_MIN_GROUP = 1,  /* a group (or its merged rest) below min_group */
    R_THRESHOLD = 2,  /* a count of 1 .. min_cell - 1 */
    R_GROUP = 4,      /* all of a group in one category */
    R_SECONDARY = 8,  /* so that a suppressed cell cannot be derived */
    R_LINKED = 16,    /* the same count is suppressed in another figure */
    NRULES = 5
};
static const char *const rule_names[NRULES] = {
    "min_group", "min_cell", "group_disclosure", "secondary", "linked"};

#define NONE SIZE_MAX

enum { MAX_SLOTS = 4, KEY_MAX = 512 };

/* Where a value lives: parent[key], or parent[idx] when key is NULL. */
typedef struct slot {
    json_t *parent; /* borrowed from the document */
    const char *key;
    size_t idx;
} slot;

typedef struct cell {
    long long value;    /* -1: null in the document already */
    bool sup;           /* suppressed */
    unsigned rules;     /* R_* that suppressed it */
    bool fixed;         /* a published grand total, suppressed last */
    bool implicit;      /* not published but derivable: never chosen */
    bool margin;        /* a total: chosen after the inner cells */
    size_t table;       /* index into sdc.tables */
    char *link;         /* owned; NULL: no other figure holds it */
    size_t link_id;
    json_t *row, *col;  /* labels, borrowed (col NULL: none) */
    slot slots[MAX_SLOTS];
    size_t nslots;
} cell;

typedef enum dep_kind { DEP_NULL, DEP_TRUE, DEP_NOTE } dep_kind;

/* s is nulled (DEP_NULL), set to true, or given a note, when any cell of
 * [c0, c1) or extra is suppressed. */
typedef struct dep {
    size_t c0, c1, extra;
    dep_kind kind;
    slot s;
} dep;

typedef struct table_info {
    const char *figure; /* borrowed id */
    json_t *label;      /* borrowed label or NULL */
} table_info;

typedef struct sdc {
    long long min_group, min_cell;
    const char *total_nl, *total_en;
    cell *cells;
    size_t ncells, acells;
    size_t *li;          /* cells of the lines, flattened */
    size_t nli, ali;
    size_t *lines;       /* line k = li[lines[k] .. lines[k + 1]) */
    size_t nlines, alines;
    dep *deps;
    size_t ndeps, adeps;
    table_info *tables;
    size_t ntables, atables;
    size_t *order;       /* cells sorted by link, for spreading */
    size_t *link_first;  /* per link id: start in order[] */
    size_t *cell_first;  /* per cell: start in cell_lines (ncells + 1) */
    size_t *cell_lines;  /* the lines of each cell, flattened */
    size_t nlinks;
    json_t *owned;       /* labels made here, released at the end */
    bool oom;
} sdc;

/* ---- building ----------------------------------------------------- */

static long long int_of(const json_t *v)
{
    return json_is_integer(v) ? (long long)json_integer_value(v)
           : json_is_real(v)  ? (long long)(json_real_value(v) + 0.5)
                              : -1;
}

static size_t add_table(sdc *s, const char *figure, json_t *label)
{
    if (!bar_array_grow((void **)&s->tables, &s->atables, s->ntables + 1,
                        sizeof *s->tables)) {
        s->oom = true;
        return NONE;
    }
    s->tables[s->ntables] = (table_info){figure, label};
    return s->ntables++;
}

/* A new cell of value v (JSON; null = suppressed before) in table t. */
static size_t add_cell(sdc *s, size_t t, const json_t *v, json_t *row,
                       json_t *col)
{
    if (s->oom || t == NONE ||
        !bar_array_grow((void **)&s->cells, &s->acells, s->ncells + 1,
                        sizeof *s->cells)) {
        s->oom = true;
        return NONE;
    }
    cell *c = &s->cells[s->ncells];
    *c = (cell){.value = int_of(v), .table = t, .row = row, .col = col,
                .link_id = NONE};
    if (c->value < 0) {
        c->sup = true;
        c->rules = R_MIN_GROUP;
    }
    return s->ncells++;
}

static size_t add_value(sdc *s, size_t t, long long v, json_t *row,
                        json_t *col)
{
    json_t *j = v >= 0 ? json_integer(v) : json_null();
    /* NULL is not a suppressed cell: out of memory (analyze N=26219) */
    if (!j) {
        s->oom = true;
        return NONE;
    }
    size_t i = add_cell(s, t, j, row, col);
    json_decref(j);
    return i;
}

static void add_slot(sdc *s, size_t i, json_t *parent, const char *key,
                     size_t idx)
{
    if (i == NONE || !parent)
        return;
    cell *c = &s->cells[i];
    if (c->nslots < MAX_SLOTS)
        c->slots[c->nslots++] = (slot){parent, key, idx};
}

static void set_link(sdc *s, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_link(sdc *s, size_t i, const char *fmt, ...)
{
    if (i == NONE)
        return;
    char buf[KEY_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        return; /* too long to be a key: the cell stays unlinked */
    s->cells[i].link = strdup(buf);
    if (!s->cells[i].link)
        s->oom = true;
}

static void add_line(sdc *s, const size_t *idx, size_t n)
{
    if (s->oom || n < 2 ||
        !bar_array_grow((void **)&s->li, &s->ali, s->nli + n,
                        sizeof *s->li) ||
        !bar_array_grow((void **)&s->lines, &s->alines, s->nlines + 2,
                        sizeof *s->lines)) {
        s->oom = s->oom || n >= 2;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        if (idx[k] == NONE)
            return;
        s->li[s->nli + k] = idx[k];
    }
    s->lines[s->nlines] = s->nli;
    s->nli += n;
    s->lines[++s->nlines] = s->nli;
}

static void add_dep(sdc *s, size_t c0, size_t c1, size_t extra,
                    dep_kind kind, json_t *parent, const char *key)
{
    if (s->oom || c0 == NONE || !parent ||
        !bar_array_grow((void **)&s->deps, &s->adeps, s->ndeps + 1,
                        sizeof *s->deps)) {
        s->oom = s->oom || (c0 != NONE && parent);
        return;
    }
    s->deps[s->ndeps++] = (dep){c0, c1, extra, kind, {parent, key, 0}};
}

/* arr[idx] (a percentage) is nulled with cell i or its denominator d. */
static void add_dep_at(sdc *s, size_t i, size_t d, json_t *arr, size_t idx)
{
    add_dep(s, i, i + 1, d, DEP_NULL, arr, NULL);
    if (!s->oom && i != NONE)
        s->deps[s->ndeps - 1].s.idx = idx;
}

/* percent, ci_low, ci_high of obj rest on cell i (and denominator d). */
static void add_share_deps(sdc *s, size_t i, size_t d, json_t *obj)
{
    static const char *const keys[] = {BAR_RK_PERCENT, BAR_RK_CI_LOW,
                                       BAR_RK_CI_HIGH, BAR_RK_SHARE};
    for (size_t k = 0; k < 4; k++)
        if (json_object_get(obj, keys[k]))
            add_dep(s, i, i + 1, d, DEP_NULL, obj, keys[k]);
}

static void primary(sdc *s, size_t i, unsigned rule)
{
    if (i == NONE)
        return;
    s->cells[i].sup = true;
    s->cells[i].rules |= rule;
}

/* The threshold rule on an answer count. */
static void threshold(sdc *s, size_t i)
{
    if (i != NONE && s->cells[i].value >= 1 &&
        s->cells[i].value < s->min_cell)
        primary(s, i, R_THRESHOLD);
}

/* The group-size rule on a group's count: 1 .. min_group - 1 (zero_too:
 * also 0, for a group that exists in the wave but not in this figure). */
static void group_size(sdc *s, size_t i, bool zero_too)
{
    if (i != NONE && s->cells[i].value >= (zero_too ? 0 : 1) &&
        s->cells[i].value < s->min_group)
        primary(s, i, R_MIN_GROUP);
}

/* Group disclosure: of the cells idx[0..n) of a group whose count is
 * cell total, one holds all of it. */
static void group_disclosure(sdc *s, const size_t *idx, size_t n,
                             size_t total)
{
    if (total == NONE || s->cells[total].value <= 0)
        return;
    for (size_t k = 0; k < n; k++)
        if (idx[k] != NONE &&
            s->cells[idx[k]].value == s->cells[total].value)
            primary(s, idx[k], R_GROUP);
}

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

/* A group's codes joined by '+', as the codes of its key. */
static void codes_str(const json_t *codes, char *buf, size_t size)
{
    size_t len = 0, i;
    const json_t *c;
    buf[0] = '\0';
    json_array_foreach(codes, i, c) {
        int k = json_is_string(c)
                    ? snprintf(buf + len, size - len, "%s%s", i ? "+" : "",
                               json_string_value(c))
                    : snprintf(buf + len, size - len, "%s%lld",
                               i ? "+" : "",
                               (long long)json_integer_value(c));
        if (k < 0 || (size_t)k >= size - len)
            return;
        len += (size_t)k;
    }
}

/* The population a count is of, for its link key: "@all" when it is
 * every case of the base, else "@VAR#N": the N cases of the base with a
 * valid VAR (and, for a figure by groups, a group). Two figures with the
 * same key count the same cases. */
static void popstr(char *buf, size_t size, long long base_n, long long n,
                   const char *var)
{
    if (base_n >= 0 && n == base_n)
        snprintf(buf, size, "@all");
    else
        snprintf(buf, size, "@%s#%lld", var, n);
}

static json_t *own_label(sdc *s, const char *nl, const char *en)
{
    json_t *l = json_pack("{s:s, s:s}", BAR_RK_NL, nl, BAR_RK_EN, en);
    if (!l || json_array_append_new(s->owned, l)) {
        s->oom = true;
        return NULL;
    }
    return l;
}

/* The benchmark comparisons of variable = category rest on cell i. */
static void bench_deps(sdc *s, json_t *fig, const char *variable,
                       const char *category, size_t i)
{
    size_t k;
    json_t *b;
    json_array_foreach(json_object_get(fig, BAR_RK_BENCHMARKS), k, b) {
        if (strcmp(str(b, BAR_RK_VARIABLE), variable) != 0 ||
            strcmp(str(b, BAR_RK_CATEGORY), category) != 0)
            continue;
        json_t *cmp = json_object_get(b, BAR_RK_COMPARISON);
        static const char *const keys[] = {BAR_RK_COUNT, BAR_RK_PERCENT,
                                           BAR_RK_DIFFERENCE, BAR_RK_STATISTIC,
                                           BAR_RK_P};
        for (size_t j = 0; j < 5; j++)
            if (json_object_get(cmp, keys[j]))
                add_dep(s, i, i + 1, NONE, DEP_NULL, cmp, keys[j]);
        add_dep(s, i, i + 1, NONE, DEP_NOTE, cmp, "note");
    }
}

/* ---- the kinds ---------------------------------------------------- */

static void frequency(sdc *s, json_t *fig, const char *id)
{
    json_t *cats = json_object_get(fig, BAR_RK_CATEGORIES);
    size_t ncat = json_array_size(cats);
    if (ncat == 0)
        return;
    const char *base = str(fig, BAR_RK_BASE), *var = str(fig, BAR_RK_VARIABLE);
    long long n = int_of(json_object_get(fig, BAR_RK_N));
    char pop[KEY_MAX / 4];
    popstr(pop, sizeof pop, int_of(json_object_get(fig, BAR_RK_BASE_N)), n,
           var);
    size_t t = add_table(s, id, json_object_get(fig, BAR_RK_LABEL));
    size_t *idx = calloc(ncat + 1, sizeof *idx);
    if (!idx) {
        s->oom = true;
        return;
    }
    size_t ncell = add_value(s, t, n, NULL, NULL);
    if (ncell != NONE) {
        s->cells[ncell].fixed = true;
        s->cells[ncell].margin = true;
        add_slot(s, ncell, fig, "n", 0);
    }
    size_t k;
    json_t *cg;
    json_array_foreach(cats, k, cg) {
        size_t i = add_cell(s, t, json_object_get(cg, BAR_RK_COUNT),
                            json_object_get(cg, BAR_RK_LABEL), NULL);
        idx[k] = i;
        add_slot(s, i, cg, "count", 0);
        /* codes are numbers, or strings for frame variables (sector) */
        json_t *cj = json_object_get(cg, BAR_RK_CODE);
        char category[64];
        if (json_is_string(cj))
            snprintf(category, sizeof category, "%s", json_string_value(cj));
        else
            snprintf(category, sizeof category, "%lld", int_of(cj));
        set_link(s, i, "%s|%s=%s%s", base, var, category, pop);
        threshold(s, i);
        add_share_deps(s, i, ncell, cg);
        bench_deps(s, fig, var, category, i);
    }
    /* the frequency appendix's row of merged small codes: one more part
     * of n */
    json_t *mg = json_object_get(fig, BAR_RK_MERGED);
    size_t nparts = ncat;
    if (json_is_object(mg) &&
        json_is_integer(json_object_get(mg, BAR_RK_COUNT))) {
        size_t *grown = realloc(idx, (ncat + 2) * sizeof *idx);
        if (!grown) {
            s->oom = true;
            free(idx);
            return;
        }
        idx = grown;
        size_t i = add_cell(s, t, json_object_get(mg, BAR_RK_COUNT),
                            json_object_get(mg, BAR_RK_LABEL), NULL);
        add_slot(s, i, mg, "count", 0);
        threshold(s, i);
        add_share_deps(s, i, ncell, mg);
        idx[nparts++] = i;
    }
    idx[nparts] = ncell;
    add_line(s, idx, nparts + 1);
    group_disclosure(s, idx, nparts, ncell);
    /* merged categories "1+2": the parts and their sum */
    size_t *line = calloc(ncat + 2, sizeof *line);
    if (!line) {
        s->oom = true;
        free(idx);
        return;
    }
    json_array_foreach(json_object_get(fig, BAR_RK_MERGED_CATEGORIES), k, cg) {
        const char *name = str(cg, BAR_RK_CATEGORY);
        size_t i = add_cell(s, t, json_object_get(cg, BAR_RK_COUNT),
                            own_label(s, name, name), NULL);
        add_slot(s, i, cg, "count", 0);
        set_link(s, i, "%s|%s=%s%s", base, var, name, pop);
        threshold(s, i);
        add_share_deps(s, i, ncell, cg);
        bench_deps(s, fig, var, name, i);
        size_t m = 0, j;
        json_t *code;
        json_array_foreach(json_object_get(cg, BAR_RK_CODES), j, code)
            for (size_t c = 0; c < ncat && m < ncat; c++)
                if (int_of(json_object_get(json_array_get(cats, c),
                                           BAR_RK_CODE)) == int_of(code))
                    line[m++] = idx[c];
        line[m] = i;
        add_line(s, line, m + 1);
        /* the merged category with the other categories and n */
        size_t h = 0;
        line[h++] = i;
        for (size_t c = 0; c < ncat; c++) {
            bool member = false;
            json_array_foreach(json_object_get(cg, BAR_RK_CODES), j, code)
                member |= int_of(json_object_get(json_array_get(cats, c),
                                                 BAR_RK_CODE)) == int_of(code);
            if (!member && h < ncat)
                line[h++] = idx[c];
        }
        line[h++] = ncell;
        add_line(s, line, h);
    }
    free(line);
    free(idx);
}

/* The frequency appendix: every variable's table as a frequency figure
 * of its own (its object has the same keys), under the id
 * "<id>/<variable>". */
static void frequencies(sdc *s, json_t *fig, const char *id)
{
    size_t k;
    json_t *v;
    json_array_foreach(json_object_get(fig, BAR_RK_VARIABLES), k, v) {
        if (json_is_true(json_object_get(v, BAR_RK_SUPPRESSED)))
            continue;
        char sub[KEY_MAX / 2];
        snprintf(sub, sizeof sub, "%s/%s", id, str(v, BAR_RK_VARIABLE));
        /* the tables keep the name: owned by s */
        json_t *name = json_string(sub);
        if (!name || json_array_append_new(s->owned, name)) {
            s->oom = true;
            return;
        }
        frequency(s, v, json_string_value(name));
        if (s->oom)
            return;
    }
}

static void multi_response(sdc *s, json_t *fig, const char *id)
{
    const char *base = str(fig, BAR_RK_BASE);
    size_t t = add_table(s, id, json_object_get(fig, BAR_RK_LABEL));
    size_t k;
    json_t *it;
    json_array_foreach(json_object_get(fig, BAR_RK_ITEMS), k, it) {
        long long n = int_of(json_object_get(it, BAR_RK_N));
        const char *var = str(it, BAR_RK_VARIABLE);
        json_t *label = json_object_get(it, BAR_RK_LABEL);
        size_t c = add_cell(s, t, json_object_get(it, BAR_RK_COUNT), label,
                            NULL);
        add_slot(s, c, it, "count", 0);
        char pop[KEY_MAX / 4];
        popstr(pop, sizeof pop, int_of(json_object_get(fig, BAR_RK_BASE_N)), n,
               var);
        set_link(s, c, "%s|%s=1%s", base, var, pop);
        long long cv = c == NONE ? -1 : s->cells[c].value;
        size_t rest = add_value(s, t, cv >= 0 && n >= cv ? n - cv : -1,
                                label, NULL);
        size_t nc = add_value(s, t, n, label, NULL);
        if (rest == NONE || nc == NONE)
            return;
        s->cells[rest].implicit = true;
        s->cells[nc].fixed = true;
        s->cells[nc].margin = true;
        add_slot(s, nc, it, "n", 0);
        threshold(s, c);
        threshold(s, rest);
        size_t line[3] = {c, rest, nc};
        add_line(s, line, 3);
        group_disclosure(s, line, 2, nc);
        add_share_deps(s, c, nc, it);
        bench_deps(s, fig, var, "1", c);
    }
}

static void likert(sdc *s, json_t *fig, const char *id)
{
    const char *base = str(fig, BAR_RK_BASE);
    json_t *codes = json_object_get(fig, BAR_RK_CODES);
    json_t *pos = json_object_get(fig, BAR_RK_POSITIVE_CODES);
    size_t nc = json_array_size(codes);
    size_t t = add_table(s, id, json_object_get(fig, BAR_RK_LABEL));
    size_t *idx = calloc(nc + 1, sizeof *idx);
    size_t *pidx = calloc(nc + 1, sizeof *pidx);
    size_t *hidx = calloc(nc + 2, sizeof *hidx);
    if (!idx || !pidx || !hidx) {
        s->oom = true;
        goto cleanup;
    }
    char poskey[64];
    codes_str(pos, poskey, sizeof poskey);
    size_t k;
    json_t *it;
    json_array_foreach(json_object_get(fig, BAR_RK_ITEMS), k, it) {
        long long n = int_of(json_object_get(it, BAR_RK_N));
        const char *var = str(it, BAR_RK_VARIABLE);
        json_t *label = json_object_get(it, BAR_RK_LABEL);
        json_t *counts = json_object_get(it, BAR_RK_COUNTS);
        json_t *pcts = json_object_get(it, BAR_RK_PERCENTS);
        char pop[KEY_MAX / 4];
        popstr(pop, sizeof pop, int_of(json_object_get(fig, BAR_RK_BASE_N)), n,
               var);
        size_t ncell = add_value(s, t, n, label, NULL);
        if (ncell == NONE)
            goto cleanup;
        s->cells[ncell].fixed = true;
        s->cells[ncell].margin = true;
        add_slot(s, ncell, it, "n", 0);
        size_t first = s->ncells, np = 0;
        for (size_t j = 0; j < nc; j++) {
            json_t *cd = json_array_get(codes, j);
            long long code = int_of(json_object_get(cd, BAR_RK_CODE));
            size_t i = add_cell(s, t, json_array_get(counts, j), label,
                                json_object_get(cd, BAR_RK_LABEL));
            idx[j] = i;
            add_slot(s, i, counts, NULL, j);
            set_link(s, i, "%s|%s=%lld%s", base, var, code, pop);
            threshold(s, i);
            if (json_array_get(pcts, j))
                add_dep_at(s, i, ncell, pcts, j);
            size_t q;
            json_t *p;
            json_array_foreach(pos, q, p)
                if (int_of(p) == code)
                    pidx[np++] = i;
        }
        idx[nc] = ncell;
        add_line(s, idx, nc + 1);
        group_disclosure(s, idx, nc, ncell);
        size_t last = s->ncells;
        json_t *share = json_object_get(it, BAR_RK_POSITIVE);
        if (json_is_object(share) && np > 0) {
            size_t pc = add_cell(s, t, json_object_get(share, BAR_RK_COUNT),
                                 label, own_label(s, "positief",
                                                  "positive"));
            add_slot(s, pc, share, "count", 0);
            set_link(s, pc, "%s|%s=%s%s", base, var, poskey, pop);
            threshold(s, pc);
            add_share_deps(s, pc, ncell, share);
            pidx[np] = pc;
            add_line(s, pidx, np + 1);
            /* and the item with its positive codes as one: the other
             * codes, the positive count and n (else the positive count
             * would be n minus the other codes) */
            size_t m = 0;
            for (size_t j = 0; j < nc; j++) {
                bool p = false;
                for (size_t q = 0; q < np; q++)
                    p |= pidx[q] == idx[j];
                if (!p)
                    hidx[m++] = idx[j];
            }
            hidx[m++] = pc;
            hidx[m++] = ncell;
            add_line(s, hidx, m);
        }
        add_dep(s, first, last, NONE, DEP_NULL, it, "mean");
    }
cleanup:
    free(idx);
    free(pidx);
    free(hidx);
}

/* The groups of a crosstab or boxplot: the cells of groups[].n (one line
 * with the figure's n). Returns the first cell (the groups follow in
 * order) or NONE. */
static size_t group_cells(sdc *s, json_t *fig, size_t t, long long n,
                          bool min_group_zero, const char *popvar)
{
    char pop[KEY_MAX / 4];
    popstr(pop, sizeof pop, int_of(json_object_get(fig, BAR_RK_BASE_N)), n,
           popvar);
    const char *base = str(fig, BAR_RK_BASE), *by = str(fig, BAR_RK_BY);
    json_t *groups = json_object_get(fig, BAR_RK_GROUPS);
    size_t ng = json_array_size(groups);
    size_t *line = calloc(ng + 1, sizeof *line);
    if (!line) {
        s->oom = true;
        return NONE;
    }
    size_t first = s->ncells, k;
    json_t *g;
    json_array_foreach(groups, k, g) {
        size_t i = add_cell(s, t, json_object_get(g, BAR_RK_N),
                            own_label(s, "n", "n"),
                            json_object_get(g, BAR_RK_LABEL));
        line[k] = i;
        add_slot(s, i, g, "n", 0);
        char gk[KEY_MAX / 2];
        codes_str(json_object_get(g, BAR_RK_CODES), gk, sizeof gk);
        set_link(s, i, "%s|%s=%s%s", base, by, gk, pop);
        group_size(s, i, min_group_zero);
        if (i != NONE)
            s->cells[i].margin = true;
        add_dep(s, i, i + 1, NONE, DEP_TRUE, g, "suppressed");
    }
    size_t nc = add_value(s, t, n, NULL, NULL);
    if (nc != NONE) {
        s->cells[nc].fixed = true;
        s->cells[nc].margin = true;
        add_slot(s, nc, fig, "n", 0);
    }
    line[ng] = nc;
    add_line(s, line, ng + 1);
    free(line);
    return ng ? first : NONE;
}

static void crosstab(sdc *s, json_t *fig, const char *id)
{
    const char *base = str(fig, BAR_RK_BASE), *by = str(fig, BAR_RK_BY);
    json_t *groups = json_object_get(fig, BAR_RK_GROUPS);
    size_t ng = json_array_size(groups);
    size_t ft = add_table(s, id, json_object_get(fig, BAR_RK_LABEL));
    const char *what = json_object_get(fig, BAR_RK_QUESTION)
                           ? str(fig, BAR_RK_QUESTION)
                           : str(fig, BAR_RK_VARIABLE);
    size_t g0 = group_cells(s, fig, ft, int_of(json_object_get(fig, BAR_RK_N)),
                            true, what);
    if (g0 == NONE)
        return;
    /* a grid's rows are its positive codes (1) and the rest (0): keyed
     * as the likert figure keys its positive share */
    char poskey[64] = "";
    if (json_object_get(fig, BAR_RK_POSITIVE_CODES))
        codes_str(json_object_get(fig, BAR_RK_POSITIVE_CODES), poskey,
                  sizeof poskey);
    char (*gk)[KEY_MAX / 2] = calloc(ng, sizeof *gk);
    size_t *gn = calloc(ng + 1, sizeof *gn);
    size_t *col = NULL, *row = NULL;
    if (!gk || !gn) {
        s->oom = true;
        goto cleanup;
    }
    for (size_t g = 0; g < ng; g++)
        codes_str(json_object_get(json_array_get(groups, g), BAR_RK_CODES),
                  gk[g], sizeof gk[g]);
    size_t k;
    json_t *tb;
    json_array_foreach(json_object_get(fig, BAR_RK_TABLES), k, tb) {
        json_t *rows = json_object_get(tb, BAR_RK_ROWS);
        size_t nr = json_array_size(rows);
        json_t *group_n = json_object_get(tb, BAR_RK_GROUP_N);
        const char *var = str(tb, BAR_RK_VARIABLE);
        long long n = int_of(json_object_get(tb, BAR_RK_N));
        char pop[KEY_MAX / 4];
        popstr(pop, sizeof pop, int_of(json_object_get(fig, BAR_RK_BASE_N)), n,
               var);
        size_t t = add_table(s, id, json_object_get(tb, BAR_RK_LABEL));
        free(col);
        free(row);
        col = calloc(nr + 1, sizeof *col);
        row = calloc(ng + 1, sizeof *row);
        if (!col || !row) {
            s->oom = true;
            goto cleanup;
        }
        size_t first = s->ncells;
        size_t nt = add_value(s, t, n, NULL, NULL);
        if (nt == NONE)
            goto cleanup;
        s->cells[nt].fixed = true;
        s->cells[nt].margin = true;
        add_slot(s, nt, tb, "n", 0);
        for (size_t g = 0; g < ng; g++) {
            json_t *glabel = json_object_get(json_array_get(groups, g),
                                             BAR_RK_LABEL);
            size_t i = add_cell(s, t, json_array_get(group_n, g),
                                own_label(s, "n", "n"), glabel);
            gn[g] = i;
            add_slot(s, i, group_n, NULL, g);
            set_link(s, i, "%s|%s=%s%s", base, by, gk[g], pop);
            group_size(s, i, true);
            if (i != NONE)
                s->cells[i].margin = true;
        }
        gn[ng] = nt;
        add_line(s, gn, ng + 1);
        /* the inner cells, row by row; cell (r, g) = in0 + r * (ng + 1)
         * + g, the row total at g = ng */
        size_t in0 = s->ncells;
        size_t r;
        json_t *rw;
        json_array_foreach(rows, r, rw) {
            json_t *counts = json_object_get(rw, BAR_RK_COUNTS);
            json_t *pcts = json_object_get(rw, BAR_RK_PERCENTS);
            long long code = int_of(json_object_get(rw, BAR_RK_CODE));
            char ck[80];
            if (*poskey)
                snprintf(ck, sizeof ck, "%s%s", code ? "" : "not ", poskey);
            else
                snprintf(ck, sizeof ck, "%lld", code);
            json_t *rlabel = json_object_get(rw, BAR_RK_LABEL);
            for (size_t g = 0; g < ng; g++) {
                size_t i = add_cell(s, t, json_array_get(counts, g), rlabel,
                                    json_object_get(json_array_get(groups,
                                                                   g),
                                                    BAR_RK_LABEL));
                row[g] = i;
                add_slot(s, i, counts, NULL, g);
                set_link(s, i, "%s|%s=%s|%s=%s%s", base, var, ck, by,
                         gk[g], pop);
                threshold(s, i);
                if (gn[g] != NONE && s->cells[gn[g]].sup &&
                    (s->cells[gn[g]].rules & R_MIN_GROUP))
                    primary(s, i, R_MIN_GROUP);
                if (json_array_get(pcts, g))
                    add_dep_at(s, i, gn[g], pcts, g);
            }
            size_t tot = add_cell(s, t, json_object_get(rw, BAR_RK_TOTAL_COUNT),
                                  rlabel,
                                  own_label(s, s->total_nl, s->total_en));
            add_slot(s, tot, rw, "total_count", 0);
            set_link(s, tot, "%s|%s=%s%s", base, var, ck, pop);
            threshold(s, tot);
            if (tot != NONE)
                s->cells[tot].margin = true;
            add_dep(s, tot, tot + 1, nt, DEP_NULL, rw, "total_percent");
            row[ng] = tot;
            add_line(s, row, ng + 1);
        }
        if (s->oom)
            goto cleanup;
        /* columns: the inner cells and the group's n; the totals and n */
        for (size_t g = 0; g <= ng; g++) {
            for (size_t q = 0; q < nr; q++)
                col[q] = in0 + q * (ng + 1) + g;
            col[nr] = g < ng ? gn[g] : nt;
            add_line(s, col, nr + 1);
            group_disclosure(s, col, nr, col[nr]);
        }
        /* the test rests on every count of the table */
        add_dep(s, first, s->ncells, NONE, DEP_NULL, tb, "test");
        add_dep(s, first, s->ncells, NONE, DEP_NOTE, tb, "note");
    }
cleanup:
    free(gk);
    free(gn);
    free(col);
    free(row);
}

static void boxplot(sdc *s, json_t *fig, const char *id)
{
    size_t t = add_table(s, id, json_object_get(fig, BAR_RK_LABEL));
    size_t g0 = group_cells(s, fig, t, int_of(json_object_get(fig, BAR_RK_N)),
                            true, str(fig, BAR_RK_VARIABLE));
    if (g0 == NONE)
        return;
    static const char *const keys[] = {
        BAR_RK_Q1,          BAR_RK_MEDIAN,       BAR_RK_Q3,       BAR_RK_MEAN,
        BAR_RK_WHISKER_LOW, BAR_RK_WHISKER_HIGH, BAR_RK_OUTLIERS, BAR_RK_NOTE};
    size_t k;
    json_t *g;
    json_array_foreach(json_object_get(fig, BAR_RK_GROUPS), k, g)
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
            if (json_object_get(g, keys[j]))
                add_dep(s, g0 + k, g0 + k + 1, NONE, DEP_NULL, g, keys[j]);
}

/* A text figure: its concept groups counted as the options of a
 * multi-response figure, each breakdown as a crosstab. */
static void crosstab(sdc *s, json_t *fig, const char *id);
static void text(sdc *s, json_t *fig, const char *id)
{
    multi_response(s, fig, id);
    size_t k;
    json_t *bd;
    json_array_foreach(json_object_get(fig, BAR_RK_BREAKDOWNS), k, bd)
        crosstab(s, bd, id);
}

static void response_by_group(sdc *s, json_t *fig, const char *id)
{
    const char *base = str(fig, BAR_RK_BASE), *var = str(fig, BAR_RK_VARIABLE);
    json_t *rows = json_object_get(fig, BAR_RK_ROWS);
    json_t *total = json_object_get(fig, BAR_RK_TOTAL);
    long long n = int_of(json_object_get(total, BAR_RK_COMPLETED));
    size_t nr = json_array_size(rows);
    size_t t = add_table(s, id, json_object_get(fig, BAR_RK_TITLE));
    size_t *line = calloc(nr + 1, sizeof *line);
    if (!line) {
        s->oom = true;
        return;
    }
    size_t tc = add_value(s, t, n, own_label(s, s->total_nl, s->total_en),
                          NULL);
    if (tc != NONE) {
        s->cells[tc].fixed = true;
        s->cells[tc].margin = true;
        add_slot(s, tc, total, "completed", 0);
        add_slot(s, tc, fig, "n", 0);
        add_dep(s, tc, tc + 1, NONE, DEP_NULL, total, "percent");
    }
    size_t k;
    json_t *rw;
    json_array_foreach(rows, k, rw) {
        size_t i = add_cell(s, t, json_object_get(rw, BAR_RK_COMPLETED),
                            json_object_get(rw, BAR_RK_LABEL), NULL);
        line[k] = i;
        add_slot(s, i, rw, "completed", 0);
        char gk[KEY_MAX / 2];
        codes_str(json_object_get(rw, BAR_RK_CODES), gk, sizeof gk);
        char pop[KEY_MAX / 4];
        popstr(pop, sizeof pop,
               int_of(json_object_get(fig, BAR_RK_MISSING)) == 0 ? n : -1, n,
               var);
        set_link(s, i, "%s|%s=%s%s", base, var, gk, pop);
        group_size(s, i, false);
        add_share_deps(s, i, tc, rw);
        add_dep(s, i, i + 1, NONE, DEP_TRUE, rw, "suppressed");
    }
    line[nr] = tc;
    add_line(s, line, nr + 1);
    free(line);
}

static void scale(sdc *s, json_t *fig, const char *id)
{
    const char *base = str(fig, BAR_RK_BASE);
    json_t *dist = json_object_get(fig, BAR_RK_DISTRIBUTION);
    json_t *bins = json_object_get(dist, BAR_RK_HISTOGRAM);
    size_t nb = json_array_size(bins);
    json_t *grp = json_object_get(fig, BAR_RK_GROUPS);
    json_t *list = json_object_get(grp, BAR_RK_GROUPS);
    size_t ng = json_array_size(list);
    size_t *line = calloc((nb > ng ? nb : ng) + 1, sizeof *line);
    if (!line) {
        s->oom = true;
        return;
    }
    if (nb > 0) {
        size_t t = add_table(s, id, own_label(s, "histogram", "histogram"));
        size_t nc = add_value(s, t, int_of(json_object_get(dist, BAR_RK_N)),
                              NULL, NULL);
        if (nc != NONE) {
            s->cells[nc].fixed = true;
            add_slot(s, nc, dist, "n", 0);
        }
        size_t k;
        json_t *b;
        json_array_foreach(bins, k, b) {
            /* the class in each language's notation (1,75-2,00) */
            char en[64], nl[64];
            snprintf(en, sizeof en, "%.2f-%.2f",
                     json_number_value(json_object_get(b, BAR_RK_FROM)),
                     json_number_value(json_object_get(b, BAR_RK_TO)));
            snprintf(nl, sizeof nl, "%s", en);
            for (char *q = nl; *q; q++)
                if (*q == '.')
                    *q = ',';
            size_t i = add_cell(s, t, json_object_get(b, BAR_RK_COUNT),
                                own_label(s, nl, en), NULL);
            line[k] = i;
            add_slot(s, i, b, "count", 0);
            threshold(s, i);
        }
        line[nb] = nc;
        add_line(s, line, nb + 1);
    }
    if (ng > 0) {
        const char *var = str(grp, BAR_RK_VARIABLE);
        long long n = 0;
        size_t k;
        json_t *g;
        json_array_foreach(list, k, g) {
            long long v = int_of(json_object_get(g, BAR_RK_COUNT));
            n = v < 0 || n < 0 ? -1 : n + v;
        }
        if (n < 0)
            n = int_of(json_object_get(fig, BAR_RK_N));
        size_t t = add_table(s, id, own_label(s, "groepen", "groups"));
        size_t nc = add_value(s, t, n, NULL, NULL);
        if (nc != NONE)
            s->cells[nc].fixed = true;
        json_array_foreach(list, k, g) {
            size_t i = add_cell(s, t, json_object_get(g, BAR_RK_COUNT),
                                json_object_get(g, BAR_RK_LABEL), NULL);
            line[k] = i;
            add_slot(s, i, g, "count", 0);
            add_slot(s, i, g, "n", 0);
            char pop[KEY_MAX / 4];
            popstr(pop, sizeof pop,
                   int_of(json_object_get(fig, BAR_RK_BASE_N)), n, var);
            set_link(s, i, "%s|%s=%lld%s", base, var,
                     int_of(json_object_get(g, BAR_RK_CODE)), pop);
            group_size(s, i, false);
            threshold(s, i);
            add_share_deps(s, i, nc, g);
        }
        line[ng] = nc;
        add_line(s, line, ng + 1);
    }
    free(line);
}

/* The classification table of one model: observed x predicted, rows
 * adding up to the published n - events and events, the diagonal to
 * percent_correct x n. */
static void classification(sdc *s, json_t *model, const char *id,
                           json_t *label)
{
    json_t *cl = json_object_get(model, BAR_RK_CLASSIFICATION);
    json_t *tab = json_object_get(cl, BAR_RK_TABLE);
    if (json_array_size(tab) != 2)
        return;
    size_t t = add_table(s, id, label);
    size_t c[2][2];
    static const char *const obs[2][2] = {{"waargenomen 0", "observed 0"},
                                          {"waargenomen 1", "observed 1"}};
    static const char *const pred[2][2] = {{"voorspeld 0", "predicted 0"},
                                           {"voorspeld 1", "predicted 1"}};
    for (size_t r = 0; r < 2; r++)
        for (size_t k = 0; k < 2; k++) {
            json_t *rw = json_array_get(tab, r);
            c[r][k] = add_cell(s, t, json_array_get(rw, k),
                               own_label(s, obs[r][0], obs[r][1]),
                               own_label(s, pred[k][0], pred[k][1]));
            add_slot(s, c[r][k], rw, NULL, k);
            threshold(s, c[r][k]);
        }
    long long sums[2];
    for (size_t r = 0; r < 2; r++) {
        long long a = c[r][0] == NONE ? -1 : s->cells[c[r][0]].value;
        long long b = c[r][1] == NONE ? -1 : s->cells[c[r][1]].value;
        sums[r] = a < 0 || b < 0 ? -1 : a + b;
    }
    for (size_t r = 0; r < 2; r++) {
        size_t tot = add_value(s, t, sums[r], NULL, NULL);
        if (tot == NONE)
            return;
        s->cells[tot].fixed = true;
        size_t line[3] = {c[r][0], c[r][1], tot};
        add_line(s, line, 3);
    }
    long long d = c[0][0] == NONE || c[1][1] == NONE ||
                          s->cells[c[0][0]].value < 0 ||
                          s->cells[c[1][1]].value < 0
                      ? -1
                      : s->cells[c[0][0]].value + s->cells[c[1][1]].value;
    size_t pc = add_value(s, t, d, own_label(s, "juist", "correct"), NULL);
    add_slot(s, pc, cl, "percent_correct", 0);
    size_t line[3] = {c[0][0], c[1][1], pc};
    add_line(s, line, 3);
}

static void model(sdc *s, json_t *fig, const char *id)
{
    size_t k;
    json_t *m;
    json_array_foreach(json_object_get(fig, BAR_RK_MODELS), k, m) {
        size_t j;
        json_t *st;
        json_array_foreach(json_object_get(m, BAR_RK_STEPS), j, st)
            classification(s, json_object_get(st, BAR_RK_MODEL), id,
                           json_object_get(m, BAR_RK_LABEL));
    }
}

/* ---- suppression -------------------------------------------------- */

typedef struct keyed {
    const char *link;
    size_t cell;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->link, y->link);
    return c ? c : (x->cell > y->cell) - (x->cell < y->cell);
}

/* Give every cell with a key the id of its quantity (link_id), and the
 * cells of each quantity a run in s->order. */
static void index_links(sdc *s)
{
    s->order = malloc((s->ncells ? s->ncells : 1) * sizeof *s->order);
    s->link_first = malloc((s->ncells + 1) * sizeof *s->link_first);
    keyed *keys = malloc((s->ncells ? s->ncells : 1) * sizeof *keys);
    if (!s->order || !s->link_first || !keys) {
        s->oom = true;
        free(keys);
        return;
    }
    size_t m = 0;
    for (size_t i = 0; i < s->ncells; i++)
        if (s->cells[i].link)
            keys[m++] = (keyed){s->cells[i].link, i};
    qsort(keys, m, sizeof *keys, cmp_keyed);
    s->nlinks = 0;
    for (size_t k = 0; k < m; k++) {
        s->order[k] = keys[k].cell;
        if (k == 0 || strcmp(keys[k].link, keys[k - 1].link) != 0)
            s->link_first[s->nlinks++] = k;
        s->cells[keys[k].cell].link_id = s->nlinks - 1;
    }
    s->link_first[s->nlinks] = m;
    free(keys);
}

/* Suppress cell i and every cell of the same quantity. */
static bool suppress(sdc *s, size_t i, unsigned rule)
{
    bool changed = false;
    if (!s->cells[i].sup) {
        s->cells[i].sup = true;
        s->cells[i].rules |= rule;
        changed = true;
    }
    size_t l = s->cells[i].link_id;
    if (l == NONE)
        return changed;
    for (size_t k = s->link_first[l]; k < s->link_first[l + 1]; k++) {
        cell *c = &s->cells[s->order[k]];
        if (!c->sup) {
            c->sup = true;
            c->rules |= R_LINKED;
            changed = true;
        }
    }
    return changed;
}

/* Suppressed cells of line l. */
static size_t line_sup(const sdc *s, size_t l)
{
    size_t n = 0;
    for (size_t k = s->lines[l]; k < s->lines[l + 1]; k++)
        n += s->cells[s->li[k]].sup;
    return n;
}

/* How many other lines of cell i (or of a cell of the same quantity) have
 * exactly one suppressed cell: suppressing i protects those too. */
static size_t mends(const sdc *s, size_t i, size_t l)
{
    size_t n = 0;
    for (size_t k = s->cell_first[i]; k < s->cell_first[i + 1]; k++)
        if (s->cell_lines[k] != l && line_sup(s, s->cell_lines[k]) == 1)
            n++;
    return n;
}

/* Whether candidate c (which mends mc other lines) is a better second
 * suppression than b (mb): one that mends other lines first, an inner
 * cell before a total (a total is shared with other figures), the
 * smallest non-zero count before a zero. */
static bool better(const cell *c, size_t mc, const cell *b, size_t mb)
{
    if (mc != mb)
        return mc > mb;
    if (c->margin != b->margin)
        return b->margin;
    if ((c->value == 0) != (b->value == 0))
        return b->value == 0;
    return c->value < b->value;
}

/* Index every cell's lines (cell_first, cell_lines). */
static void index_lines(sdc *s)
{
    s->cell_first = calloc(s->ncells + 1, sizeof *s->cell_first);
    s->cell_lines = malloc((s->nli ? s->nli : 1) * sizeof *s->cell_lines);
    size_t *fill = calloc(s->ncells + 1, sizeof *fill);
    if (!s->cell_first || !s->cell_lines || !fill) {
        s->oom = true;
        free(fill);
        return;
    }
    for (size_t k = 0; k < s->nli; k++)
        s->cell_first[s->li[k] + 1]++;
    for (size_t i = 0; i < s->ncells; i++)
        s->cell_first[i + 1] += s->cell_first[i];
    for (size_t l = 0; l < s->nlines; l++)
        for (size_t k = s->lines[l]; k < s->lines[l + 1]; k++) {
            size_t i = s->li[k];
            s->cell_lines[s->cell_first[i] + fill[i]++] = l;
        }
    free(fill);
}

/* Secondary suppression until every line has zero or at least two
 * suppressed cells (implicit cells count when suppressed). */
static void secondary(sdc *s)
{
    /* spread the primary suppressions to linked cells first */
    for (size_t i = 0; i < s->ncells; i++)
        if (s->cells[i].sup)
            suppress(s, i, 0);
    bool changed = true;
    for (size_t pass = 0; changed && pass < 10000; pass++) {
        changed = false;
        for (size_t l = 0; l < s->nlines; l++) {
            if (line_sup(s, l) != 1)
                continue;
            /* a fixed grand total only when nothing else is left */
            size_t best = NONE, mbest = 0;
            for (int round = 0; round < 2 && best == NONE; round++)
                for (size_t k = s->lines[l]; k < s->lines[l + 1]; k++) {
                    size_t i = s->li[k];
                    const cell *c = &s->cells[i];
                    if (c->sup || c->implicit || c->value < 0 ||
                        (c->fixed && round == 0))
                        continue;
                    size_t m = mends(s, i, l);
                    if (best == NONE ||
                        better(c, m, &s->cells[best], mbest)) {
                        best = i;
                        mbest = m;
                    }
                }
            if (best != NONE)
                changed |= suppress(s, best, R_SECONDARY);
        }
    }
}

enum { EXACT_MAX_COLS = 4000 };

/* The exact check of the linear relations: the unknowns are the
 * suppressed and the unpublished cells (one per quantity: linked cells
 * share one), the equations the lines (parts - total = published
 * constants). A suppressed cell of non-zero value is derivable when its
 * unit vector lies in the row space, i.e. a row of the reduced echelon
 * form has its only non-zero entry in that cell's column. Returns such a
 * cell, or NONE (also when there are too many unknowns to check: then
 * the heuristic alone stands; docs/disclosure.md). */
static size_t derivable(sdc *s)
{
    size_t found = NONE, ncols = 0, nrows = 0;
    size_t *col = malloc((s->ncells ? s->ncells : 1) * sizeof *col);
    size_t *link_col = malloc((s->nlinks + 1) * sizeof *link_col);
    double *a = NULL;
    if (!col || !link_col) {
        s->oom = true;
        goto done;
    }
    for (size_t l = 0; l <= s->nlinks; l++)
        link_col[l] = NONE;
    for (size_t i = 0; i < s->ncells; i++) {
        const cell *c = &s->cells[i];
        col[i] = NONE;
        if (!c->sup && !c->implicit)
            continue;
        if (c->link_id != NONE && link_col[c->link_id] != NONE) {
            col[i] = link_col[c->link_id];
            continue;
        }
        col[i] = ncols++;
        if (c->link_id != NONE)
            link_col[c->link_id] = col[i];
    }
    if (ncols == 0 || ncols > EXACT_MAX_COLS)
        goto done;
    for (size_t l = 0; l < s->nlines; l++)
        for (size_t k = s->lines[l]; k < s->lines[l + 1]; k++)
            if (col[s->li[k]] != NONE) {
                nrows++;
                break;
            }
    a = calloc(nrows * ncols + 1, sizeof *a);
    if (!a) {
        s->oom = true;
        goto done;
    }
    size_t r = 0;
    for (size_t l = 0; l < s->nlines; l++) {
        bool any = false;
        for (size_t k = s->lines[l]; k < s->lines[l + 1]; k++) {
            size_t c = col[s->li[k]];
            if (c == NONE)
                continue;
            any = true;
            a[r * ncols + c] += k + 1 == s->lines[l + 1] ? -1.0 : 1.0;
        }
        r += any;
    }
    /* reduced row echelon form, partial pivoting */
    size_t rank = 0;
    for (size_t c = 0; c < ncols && rank < nrows; c++) {
        size_t piv = rank;
        for (size_t i = rank + 1; i < nrows; i++)
            if (fabs(a[i * ncols + c]) > fabs(a[piv * ncols + c]))
                piv = i;
        if (fabs(a[piv * ncols + c]) < 1e-9)
            continue;
        for (size_t j = 0; j < ncols && piv != rank; j++) {
            double t = a[piv * ncols + j];
            a[piv * ncols + j] = a[rank * ncols + j];
            a[rank * ncols + j] = t;
        }
        double p = a[rank * ncols + c];
        for (size_t j = 0; j < ncols; j++)
            a[rank * ncols + j] /= p;
        for (size_t i = 0; i < nrows; i++) {
            double f = a[i * ncols + c];
            if (i == rank || fabs(f) < 1e-12)
                continue;
            for (size_t j = 0; j < ncols; j++)
                a[i * ncols + j] -= f * a[rank * ncols + j];
        }
        rank++;
    }
    for (size_t i = 0; i < rank && found == NONE; i++) {
        size_t nz = 0, at = 0;
        for (size_t j = 0; j < ncols; j++)
            if (fabs(a[i * ncols + j]) > 1e-9) {
                nz++;
                at = j;
            }
        if (nz != 1)
            continue;
        for (size_t k = 0; k < s->ncells && found == NONE; k++)
            if (col[k] == at && s->cells[k].sup && s->cells[k].value != 0)
                found = k;
    }
done:
    free(a);
    free(col);
    free(link_col);
    return found;
}

/* The best published cell in the lines of cell d; NONE if none. */
static size_t best_near(const sdc *s, size_t d)
{
    size_t best = NONE, mbest = 0;
    for (int round = 0; round < 2 && best == NONE; round++)
        for (size_t q = s->cell_first[d]; q < s->cell_first[d + 1]; q++) {
            size_t l = s->cell_lines[q];
            for (size_t k = s->lines[l]; k < s->lines[l + 1]; k++) {
                size_t i = s->li[k];
                const cell *c = &s->cells[i];
                if (c->sup || c->implicit || c->value < 0 ||
                    (c->fixed && round == 0))
                    continue;
                size_t m = mends(s, i, l);
                if (best == NONE || better(c, m, &s->cells[best], mbest)) {
                    best = i;
                    mbest = m;
                }
            }
        }
    return best;
}

/* Until no suppressed count can be derived exactly: suppress the best
 * published cell next to the derivable one (in its lines, else in the
 * lines of the suppressed cells of its lines), and restore the lines. */
static void exact(sdc *s)
{
    for (size_t iter = 0; iter < s->ncells && !s->oom; iter++) {
        size_t d = derivable(s);
        if (d == NONE)
            return;
        size_t best = best_near(s, d);
        for (size_t q = s->cell_first[d];
             best == NONE && q < s->cell_first[d + 1]; q++) {
            size_t l = s->cell_lines[q];
            for (size_t k = s->lines[l]; best == NONE && k < s->lines[l + 1];
                 k++)
                if (s->li[k] != d && s->cells[s->li[k]].sup)
                    best = best_near(s, s->li[k]);
        }
        if (best == NONE)
            return; /* nothing left to suppress around it */
        suppress(s, best, R_SECONDARY);
        secondary(s);
    }
}

/* False when out of memory (v is released). */
static bool set_slot(const slot *sl, json_t *v)
{
    if (sl->key)
        return json_object_set_new(sl->parent, sl->key, v) == 0;
    return json_array_set_new(sl->parent, sl->idx, v) == 0;
}

static bool dep_fires(const sdc *s, const dep *d)
{
    if (d->extra != NONE && d->extra < s->ncells && s->cells[d->extra].sup)
        return true;
    for (size_t i = d->c0; i < d->c1 && i < s->ncells; i++)
        if (s->cells[i].sup && !s->cells[i].implicit)
            return true;
    return false;
}

static const char *const note_text =
    N_("not shown: rests on counts suppressed for disclosure control");

/* False when out of memory: a value not replaced would be published
 * (allocation failure test, analyze N=33340). */
static bool write_back(sdc *s)
{
    bool ok = true;
    /* dependencies first: a dependency may sit inside an object whose
     * cell slots are replaced below (never the reverse) */
    for (size_t k = 0; k < s->ndeps; k++) {
        const dep *d = &s->deps[k];
        if (!dep_fires(s, d))
            continue;
        ok &= set_slot(&d->s, d->kind == DEP_TRUE   ? json_true()
                              : d->kind == DEP_NOTE ? json_string(note_text)
                                                    : json_null());
    }
    for (size_t i = 0; i < s->ncells; i++)
        if (s->cells[i].sup)
            for (size_t k = 0; k < s->cells[i].nslots; k++)
                ok &= set_slot(&s->cells[i].slots[k], json_null());
    return ok;
}

/* doc["disclosure"]: parameters, then per table the cells suppressed and
 * the rules at work in it (never which cell by which rule, never a
 * value). */
static json_t *report(const sdc *s)
{
    json_t *rules = json_array(), *tables = json_array();
    /* no NULL into json_pack: the values after it would leak (analyze
     * N=30649) */
    if (!rules || !tables) {
        json_decref(rules);
        json_decref(tables);
        return NULL;
    }
    json_t *out = json_pack(
        "{s:I, s:I, s:s, s:o, s:o}", BAR_RK_MIN_GROUP,
        (json_int_t)s->min_group, BAR_RK_MIN_CELL, (json_int_t)s->min_cell,
        BAR_RK_METHOD,
        "threshold rule, minimum group size and group disclosure (primary); "
        "at least two suppressed cells in every published relation, the "
        "smallest non-zero first, over linked tables until stable "
        "(secondary)",
        BAR_RK_RULES, rules, BAR_RK_TABLES, tables);
    if (!out)
        return NULL;
    for (size_t r = 0; r < NRULES; r++)
        if (json_array_append_new(rules, json_string(rule_names[r])))
            goto fail;
    for (size_t t = 0; t < s->ntables; t++) {
        json_t *cells = NULL;
        unsigned used = 0;
        for (size_t i = 0; i < s->ncells; i++) {
            const cell *c = &s->cells[i];
            if (c->table != t || !c->sup || c->implicit || c->fixed ||
                c->nslots == 0)
                continue;
            if (!cells && !(cells = json_array()))
                goto fail;
            used |= c->rules;
            json_t *o = json_pack("{s:O?, s:O?}", BAR_RK_ROW, c->row,
                                  BAR_RK_GROUP, c->col);
            if (!o || json_array_append_new(cells, o)) {
                json_decref(cells);
                goto fail;
            }
        }
        if (!cells)
            continue;
        json_t *names = json_array();
        bool bad = !names;
        for (size_t r = 0; !bad && r < NRULES; r++)
            bad = (used & (1u << r)) &&
                  json_array_append_new(names, json_string(rule_names[r]));
        /* a list of rules without one is never published */
        if (bad) {
            json_decref(names);
            json_decref(cells);
            goto fail;
        }
        json_t *o =
            json_pack("{s:s, s:O?, s:o, s:o}", BAR_RK_FIGURE,
                      s->tables[t].figure, BAR_RK_LABEL, s->tables[t].label,
                      BAR_RK_RULES, names, BAR_RK_CELLS, cells);
        if (!o || json_array_append_new(tables, o))
            goto fail;
    }
    return out;
fail:
    json_decref(out);
    return NULL;
}

static int by_variable(const void *a, const void *b)
{
    const char *x = json_string_value(
        json_object_get(*(json_t *const *)a, BAR_RK_VARIABLE));
    const char *y = json_string_value(
        json_object_get(*(json_t *const *)b, BAR_RK_VARIABLE));
    return strcmp(x ? x : "", y ? y : "");
}

/* A Likert figure sorted by % positive would place an item whose positive
 * share is suppressed between the items above and below it, which bounds
 * the share: such items go last, ordered by variable name, not by value.
 * Returns false when out of memory. */
static bool unsort_suppressed(json_t *fig)
{
    if (strcmp(str(fig, BAR_RK_SORT), "positive") != 0)
        return true;
    json_t *items = json_object_get(fig, BAR_RK_ITEMS);
    size_t n = json_array_size(items), m = 0, h = 0;
    json_t **shown = malloc((n ? n : 1) * sizeof *shown);
    json_t **hidden = malloc((n ? n : 1) * sizeof *hidden);
    bool ok = shown && hidden;
    for (size_t i = 0; ok && i < n; i++) {
        json_t *it = json_array_get(items, i);
        json_t *pos = json_object_get(json_object_get(it, BAR_RK_POSITIVE),
                                      BAR_RK_PERCENT);
        if (json_is_number(pos))
            shown[m++] = json_incref(it);
        else
            hidden[h++] = json_incref(it);
    }
    if (ok && h > 0) {
        qsort(hidden, h, sizeof *hidden, by_variable);
        json_array_clear(items);
        for (size_t i = 0; i < m; i++)
            ok &= json_array_append(items, shown[i]) == 0;
        for (size_t i = 0; i < h; i++)
            ok &= json_array_append(items, hidden[i]) == 0;
    }
    for (size_t i = 0; shown && i < m; i++)
        json_decref(shown[i]);
    for (size_t i = 0; hidden && i < h; i++)
        json_decref(hidden[i]);
    free(shown);
    free(hidden);
    return ok;
}

bar_status bar_disclosure_apply(json_t *doc, const bar_disclosure_opts *opts,
                                bar_error *err)
{
    bar_status rc = BAR_OK;
    sdc s = {0};
    if (!opts || opts->min_group < 1 || opts->min_group > 1000000 ||
        opts->min_cell < 1 || opts->min_cell > 1000000 ||
        !json_is_object(doc))
        return bar_error_set(err, BAR_EUSAGE, "disclosure: minimum group "
                             "size and cell count must be 1 to 1000000");
    s.min_group = opts->min_group;
    s.min_cell = opts->min_cell;
    s.total_nl = opts->total_nl ? opts->total_nl : "Totaal";
    s.total_en = opts->total_en ? opts->total_en : "Total";
    s.owned = json_array();
    if (!s.owned)
        goto nomem;
    size_t k;
    json_t *fig;
    json_array_foreach(json_object_get(doc, BAR_RK_FIGURES), k, fig) {
        const char *id = str(fig, BAR_RK_ID), *kind = str(fig, BAR_RK_KIND);
        if (json_object_get(fig, BAR_RK_ERROR))
            continue;
        if (strcmp(kind, "frequency") == 0)
            frequency(&s, fig, id);
        else if (strcmp(kind, "multi_response") == 0)
            multi_response(&s, fig, id);
        else if (strcmp(kind, "likert") == 0)
            likert(&s, fig, id);
        else if (strcmp(kind, "crosstab") == 0)
            crosstab(&s, fig, id);
        else if (strcmp(kind, "boxplot") == 0)
            boxplot(&s, fig, id);
        else if (strcmp(kind, "response_by_group") == 0)
            response_by_group(&s, fig, id);
        else if (strcmp(kind, "scale") == 0)
            scale(&s, fig, id);
        else if (strcmp(kind, "model") == 0)
            model(&s, fig, id);
        else if (strcmp(kind, "text") == 0)
            text(&s, fig, id);
        else if (strcmp(kind, "frequencies") == 0)
            frequencies(&s, fig, id);
        if (s.oom)
            goto nomem;
    }
    index_links(&s);
    index_lines(&s);
    if (s.oom)
        goto nomem;
    secondary(&s);
    exact(&s);
    if (s.oom)
        goto nomem;
    json_t *rep = report(&s);
    if (!rep)
        goto nomem;
    if (!write_back(&s)) {
        json_decref(rep);
        goto nomem;
    }
    if (json_object_set_new(doc, BAR_RK_DISCLOSURE, rep))
        goto nomem;
    json_array_foreach(json_object_get(doc, BAR_RK_FIGURES), k, fig)
        if (strcmp(str(fig, BAR_RK_KIND), "likert") == 0 &&
            !unsort_suppressed(fig))
            goto nomem;
    goto cleanup;
nomem:
    rc = bar_error_set(err, BAR_ENOMEM, "disclosure: out of memory");
cleanup:
    for (size_t i = 0; i < s.ncells; i++)
        free(s.cells[i].link);
    free(s.cells);
    free(s.li);
    free(s.lines);
    free(s.deps);
    free(s.tables);
    free(s.order);
    free(s.link_first);
    free(s.cell_first);
    free(s.cell_lines);
    json_decref(s.owned);
    return rc;
}

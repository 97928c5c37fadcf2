/* analysis.c - the results document (see analysis.h and
 * docs/results-schema.md).
 *
 * The figures are the entries of a report specification (spec.h); each
 * kind has one function that appends its fields to the entry's JSON
 * object. This file holds the dispatch, what the kinds share (figure.h)
 * and the counting kinds: response_by_group, frequency, multi_response.
 * Nothing in the kinds depends on which figure they serve.
 */
#include "analysis/analysis.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/disclosure.h"
#include "analysis/figure.h"
#include "results/results.h"
#include "stats/proportion.h"

#ifndef BAR_VERSION
#define BAR_VERSION "0.1.0"
#endif

/* ---- what the kinds share (figure.h) ---- */

const char *bar__base_name(bar_base base)
{
    return base == BAR_BASE_INNOVATORS ? "innovators" : "all";
}

json_t *bar__label(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", BAR_RK_NL, nl ? nl : "", BAR_RK_EN,
                     en ? en : "");
}

json_t *bar__var_label(const bar_variable *v)
{
    return bar__label(bar_var_label(v, BAR_LANG_NL),
                      bar_var_label(v, BAR_LANG_EN));
}

json_t *bar__code_label(const bar_variable *v, size_t i)
{
    return bar__label(bar_var_code_label(v, i, BAR_LANG_NL),
                      bar_var_code_label(v, i, BAR_LANG_EN));
}

bool bar__in_base(const bar__ctx *c, bar_base base, size_t r)
{
    if (base == BAR_BASE_ALL)
        return true;
    return c->innovated && c->innovated[r] == 1.0;
}

bar_status bar__no_memory(const bar__ctx *c, const char *id)
{
    return bar_error_set(c->err, BAR_ENOMEM, "analysis: figure '%s': out "
                         "of memory", id);
}

/* Count the base and the rows answering q; see figure.h. The items'
 * columns are looked up once, not per cell. */
bar_status bar__count_answered(const bar__ctx *c, bar_base base,
                               const bar_question *q, const char *id,
                               size_t *base_n, size_t *n)
{
    bar_status rc = BAR_OK;
    size_t k = bar_question_nvars(q);
    const double **cols = malloc((k ? k : 1) * sizeof *cols);
    *base_n = 0;
    *n = 0;
    if (!cols) {
        rc = bar__no_memory(c, id);
        goto cleanup;
    }
    for (size_t i = 0; i < k; i++)
        cols[i] = bar_dataset_column(c->ds,
                                     bar_var_index(bar_question_var(q, i)));
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        if (!bar__in_base(c, base, r))
            continue;
        (*base_n)++;
        for (size_t i = 0; i < k; i++)
            if (!isnan(cols[i][r])) {
                (*n)++;
                break;
            }
    }
cleanup:
    free(cols);
    return rc;
}

const bar_variable *bar__var(const bar__ctx *c, const char *name)
{
    long i = name ? bar_instrument_find(c->ins, name) : -1;
    return i < 0 ? NULL : bar_instrument_var(c->ins, (size_t)i);
}

const bar_question *bar__question(const bar__ctx *c, const char *id)
{
    for (size_t i = 0; id && i < bar_instrument_nquestions(c->ins); i++) {
        const bar_question *q = bar_instrument_question(c->ins, i);
        if (strcmp(bar_question_id(q), id) == 0)
            return q;
    }
    return NULL;
}

const char bar__unset_text[] =
    " (a derived variable without values: it is set by a scale entry, "
    "which this specification lacks or which could not be computed)";

bool bar__unset(const bar__ctx *c, const char *name)
{
    const bar_variable *v = bar__var(c, name);
    if (!v || bar_var_role_of(v) != BAR_ROLE_DERIVED)
        return false;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++)
        if (!isnan(bar_dataset_get(c->ds, r, bar_var_index(v))))
            return false;
    return true;
}

bool bar__set(json_t *obj, const char *key, json_t *value)
{
    return !value || json_object_set_new(obj, key, value) != 0;
}

bool bar__set_failure(json_t *obj, const char *key, const bar_error *err)
{
    if (err->code == BAR_ENOMEM)
        return true;
    return bar__set(obj, key, json_string(err->msg));
}

json_t *bar__real(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

const char *bar__zu(char *buf, size_t size, size_t x)
{
    snprintf(buf, size, "%zu", x);
    return buf;
}

/* count/percent/ci of x out of n into obj; nulls when hidden or n = 0. */
bar_status bar__share(const bar__ctx *c, json_t *obj, size_t x, size_t n,
                      bool hidden)
{
    bar_proportion p = {0};
    bool have = !hidden && n > 0 &&
                bar_proportion_wilson(x, n, c->level, &p, NULL) == BAR_OK;
    bool bad = false;
    bad |= bar__set(obj, BAR_RK_COUNT,
                    hidden ? json_null() : json_integer((json_int_t)x));
    bad |= bar__set(obj, BAR_RK_PERCENT,
                    have ? json_real(100.0 * p.estimate) : json_null());
    bad |= bar__set(obj, BAR_RK_CI_LOW,
                    have ? json_real(100.0 * p.low) : json_null());
    bad |= bar__set(obj, BAR_RK_CI_HIGH,
                    have ? json_real(100.0 * p.high) : json_null());
    return bad ? BAR_ENOMEM : BAR_OK;
}

json_t *bar__asked_if(const bar_question *q)
{
    const bar_variable *rv = NULL;
    const char *op = NULL;
    long value = 0;
    if (!q || !bar_question_asked_if(q, &rv, &op, &value) || !rv)
        return json_null();
    char buf[160];
    snprintf(buf, sizeof buf, "%s %s %ld", bar_var_name(rv), op, value);
    return json_string(buf);
}

bar_status bar__routing(const bar__ctx *c, bar_base base,
                        const bar_question *q, json_t *fig)
{
    const bar_variable *rv = NULL;
    if (!q || !bar_question_asked_if(q, &rv, NULL, NULL) || !rv ||
        bar_question_nvars(q) == 0)
        return BAR_OK;
    /* Routing only reads the base and the routing variable: a row buffer
     * with just those filled is enough for bar_var_asked. */
    const bar_variable *v = bar_question_var(q, 0);
    size_t ncols = bar_dataset_ncols(c->ds), not_asked = 0;
    double *row = malloc((ncols ? ncols : 1) * sizeof *row);
    if (!row)
        return BAR_ENOMEM;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        if (!bar__in_base(c, base, r))
            continue;
        bar_dataset_row(c->ds, r, row);
        not_asked += !bar_var_asked(v, row);
    }
    free(row);
    bool bad = bar__set(fig, BAR_RK_ASKED_IF, bar__asked_if(q)) ||
               bar__set(fig, BAR_RK_NOT_ASKED,
                        json_integer((json_int_t)not_asked));
    return bad ? BAR_ENOMEM : BAR_OK;
}

/* The common head of every figure object. */
static json_t *figure_head(const bar_spec_entry *e)
{
    json_t *h = json_pack("{s:s, s:s, s:s, s:i, s:o, s:s}", BAR_RK_ID, e->id,
                          BAR_RK_KIND, bar_spec_kind_name(e->kind),
                          BAR_RK_CAPTION, e->caption, BAR_RK_NUMBER, e->number,
                          BAR_RK_TITLE, bar__label(e->title_nl, e->title_en),
                          BAR_RK_BASE, bar__base_name(e->base));
    if (h && e->caption_note_nl &&
        bar__set(h, BAR_RK_CAPTION_NOTE,
                 bar__label(e->caption_note_nl, e->caption_note_en))) {
        json_decref(h);
        return NULL;
    }
    return h;
}

/* Table 1, Table 2: completed (and sent, from the frame) per group; small
 * groups merged into one "other" row. */
static bar_status response_by_group(const bar__ctx *c,
                                    const bar_spec_entry *e, json_t *fig)
{
    bar_status rc = BAR_OK;
    size_t *completed = NULL;
    bool *plan = NULL;
    const bar_variable *v = c->var;
    size_t ncodes = bar_var_ncodes(v);
    size_t col = bar_var_index(v);
    const size_t *frame = e->frame ? c->frame_counts : NULL;
    completed = calloc(ncodes ? ncodes : 1, sizeof *completed);
    plan = calloc(ncodes ? ncodes : 1, sizeof *plan);
    if (!completed || !plan) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    if ((rc = bar__merge_plan(c, v, plan)) != BAR_OK)
        goto cleanup;
    size_t missing = 0, total_completed = 0, total_sent = 0;
    const double *values = bar_dataset_column(c->ds, col);
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        if (!bar__in_base(c, e->base, r))
            continue;
        double x = values[r];
        long pos = isnan(x) ? -1
                   : bar_var_type_of(v) == BAR_VAR_CATEGORY
                       ? (x >= 0 && x < (double)ncodes ? (long)x : -1)
                       : bar_var_code_pos(v, (long)x);
        if (pos < 0) {
            missing++;
            continue;
        }
        completed[pos]++;
        total_completed++;
    }
    json_t *rows = json_array(), *merged_codes = json_array();
    json_t *other_labels = json_array();
    /* every set runs, so that all three are handed over (or released)
     * also after a failure */
    bool bad = false;
    bad |= bar__set(fig, BAR_RK_ROWS, rows);
    bad |= bar__set(fig, BAR_RK_MERGED, merged_codes);
    bad |= bar__set(fig, BAR_RK_MERGED_LABELS, other_labels);
    if (bad) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    size_t other_sent = 0, other_completed = 0;
    for (size_t i = 0; i < ncodes; i++) {
        size_t sent = frame ? frame[i] : 0;
        total_sent += sent;
        if (sent == 0 && completed[i] == 0)
            continue;
        char code[32];
        const char *cs = bar_var_code_str(v, i);
        if (!cs) {
            snprintf(code, sizeof code, "%ld", bar_var_code(v, i));
            cs = code;
        }
        /* the wave's merge plan (the same "other" in every figure), and
         * the groups without a response */
        if (plan[i] || completed[i] == 0) {
            other_sent += sent;
            other_completed += completed[i];
            if (json_array_append_new(merged_codes, json_string(cs)) ||
                json_array_append_new(other_labels, bar__code_label(v, i))) {
                rc = bar__no_memory(c, e->id);
                goto cleanup;
            }
            continue;
        }
        json_t *row = json_pack(
            "{s:[s], s:o, s:o, s:I, s:o, s:o, s:b, s:b}", BAR_RK_CODES, cs,
            BAR_RK_LABEL, bar__code_label(v, i), BAR_RK_SENT,
            frame ? json_integer((json_int_t)sent) : json_null(),
            BAR_RK_COMPLETED, (json_int_t)completed[i], BAR_RK_PERCENT,
            sent > 0 ? json_real(100.0 * (double)completed[i] / (double)sent)
                     : json_null(),
            BAR_RK_SHARE,
            json_real(100.0 * (double)completed[i] / (double)total_completed),
            BAR_RK_MERGED, 0, BAR_RK_SUPPRESSED, 0);
        if (!row || json_array_append_new(rows, row)) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
    }
    if (json_array_size(merged_codes) > 0) {
        bool hide = other_completed > 0 && other_completed < c->min_group;
        json_t *row = json_pack(
            "{s:O, s:o, s:o, s:o, s:o, s:o, s:b, s:b}", BAR_RK_CODES,
            merged_codes, BAR_RK_LABEL, bar__label(e->other_nl, e->other_en),
            BAR_RK_SENT,
            frame ? json_integer((json_int_t)other_sent) : json_null(),
            BAR_RK_COMPLETED,
            hide ? json_null() : json_integer((json_int_t)other_completed),
            BAR_RK_PERCENT,
            !hide && other_sent > 0
                ? json_real(100.0 * (double)other_completed /
                            (double)other_sent)
                : json_null(),
            BAR_RK_SHARE,
            hide ? json_null()
                 : json_real(100.0 * (double)other_completed /
                             (double)total_completed),
            BAR_RK_MERGED, 1, BAR_RK_SUPPRESSED, hide);
        if (!row || json_array_append_new(rows, row)) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
    }
    json_t *total = json_pack(
        "{s:o, s:o, s:I, s:o}", BAR_RK_LABEL,
        bar__label(c->total_nl, c->total_en),
        BAR_RK_SENT, frame ? json_integer((json_int_t)total_sent) : json_null(),
        BAR_RK_COMPLETED, (json_int_t)total_completed, BAR_RK_PERCENT,
        total_sent > 0
            ? json_real(100.0 * (double)total_completed / (double)total_sent)
            : json_null());
    /* the total's share: all completed questionnaires (Table 2) */
    if (total && bar__set(total, BAR_RK_SHARE,
                          total_completed > 0 ? json_real(100.0)
                                              : json_null())) {
        json_decref(total);
        total = NULL;
    }
    if (bar__set(fig, BAR_RK_TOTAL, total) ||
        bar__set(fig, BAR_RK_VARIABLE, json_string(e->variable)) ||
        bar__set(fig, BAR_RK_N, json_integer((json_int_t)total_completed)) ||
        bar__set(fig, BAR_RK_MISSING, json_integer((json_int_t)missing)) ||
        bar__set(fig, BAR_RK_FRAME, json_boolean(frame != NULL))) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    if (total_completed == 0)
        rc = bar_results_note(fig, BAR_RK_NOTE,
                              "no case in the base has a valid '{1}'",
                              e->variable, NULL);
cleanup:
    free(completed);
    free(plan);
    return rc;
}

/* The codes of a merged category "1+2" into pos[] (positions of v);
 * returns how many. The spec checked the codes. */
static size_t merge_codes(const bar_variable *v, const char *merge,
                          json_t *codes, long *pos, size_t max)
{
    size_t n = 0;
    for (const char *s = merge; *s && n < max;) {
        char *end;
        long code = strtol(s, &end, 10);
        pos[n++] = bar_var_code_pos(v, code);
        json_array_append_new(codes, json_integer(code));
        s = *end == '+' ? end + 1 : end;
        if (end == s && *s != '\0')
            break;
    }
    return n;
}

/* Distribution of one single-choice variable within a base. */
static bar_status frequency(const bar__ctx *c, const bar_spec_entry *e,
                            json_t *fig)
{
    bar_status rc = BAR_OK;
    const bar_variable *v = c->var;
    size_t *counts = NULL;
    size_t ncodes = bar_var_ncodes(v), col = bar_var_index(v);
    counts = calloc(ncodes ? ncodes : 1, sizeof *counts);
    if (!counts) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    size_t base_n = 0, n = 0;
    const double *values = bar_dataset_column(c->ds, col);
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        if (!bar__in_base(c, e->base, r))
            continue;
        base_n++;
        double x = values[r];
        if (isnan(x))
            continue;
        long pos = bar_var_code_pos(v, (long)x);
        if (pos < 0)
            continue;
        counts[pos]++;
        n++;
    }
    bool hide = n < c->min_group;
    json_t *cats = json_array(), *bench = json_array();
    json_t *merged = json_array();
    /* every set runs ('|=', not '||'), so that cats, merged and bench are
     * handed over (or released) also after a failure (test_alloc,
     * analyze N=9521: 6 blocks leaked) */
    bool bad = false;
    bad |= bar__set(fig, BAR_RK_VARIABLE, json_string(e->variable));
    bad |= bar__set(fig, BAR_RK_LABEL, bar__var_label(v));
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)base_n));
    bad |= bar__set(fig, BAR_RK_N, json_integer((json_int_t)n));
    bad |= bar__set(fig, BAR_RK_MISSING, json_integer((json_int_t)(base_n - n)));
    bad |= bar__set(fig, BAR_RK_SUPPRESSED, json_boolean(hide));
    bad |= bar__set(fig, BAR_RK_CATEGORIES, cats);
    bad |= bar__set(fig, BAR_RK_MERGED_CATEGORIES, merged);
    bad |= bar__set(fig, BAR_RK_BENCHMARKS, bench);
    if (bad) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    for (size_t i = 0; i < ncodes; i++) {
        long code = bar_var_code(v, i);
        json_t *cat = json_pack("{s:I, s:o}", BAR_RK_CODE, (json_int_t)code,
                                BAR_RK_LABEL, bar__code_label(v, i));
        if (!cat || json_array_append_new(cats, cat) ||
            bar__share(c, cat, counts[i], n, hide) != BAR_OK) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
        char category[32];
        snprintf(category, sizeof category, "%ld", code);
        if (e->benchmarks &&
            bar__benchmarks(c, bench, e->variable, category, counts[i], n,
                            hide) != BAR_OK) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
    }
    for (size_t m = 0; m < e->nmerge; m++) {
        long pos[16];
        json_t *codes = json_array();
        json_t *o = json_pack("{s:s, s:o}", BAR_RK_CATEGORY, e->merge[m],
                              BAR_RK_CODES, codes);
        if (!o || json_array_append_new(merged, o)) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
        size_t np = merge_codes(v, e->merge[m], codes, pos, 16), x = 0;
        if (json_array_size(codes) != np) { /* an append ran out of memory */
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
        for (size_t j = 0; j < np; j++)
            x += pos[j] >= 0 ? counts[pos[j]] : 0;
        if (bar__share(c, o, x, n, hide) != BAR_OK ||
            (e->benchmarks &&
             bar__benchmarks(c, bench, e->variable, e->merge[m], x, n,
                             hide) != BAR_OK)) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
    }
    if (bar__routing(c, e->base, bar_var_question(v), fig) != BAR_OK) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    if (n == 0)
        rc = bar_results_note(fig, BAR_RK_NOTE,
                              "no case in the base answered '{1}'",
                              e->variable, NULL);
    else if (hide)
        rc = bar_results_note(fig, BAR_RK_NOTE,
                              "fewer than {1} answers: suppressed",
                              BAR__ZU(c->min_group), NULL);
cleanup:
    free(counts);
    return rc;
}

/* Share ticking each option of a multi-response question within a base. */
static bar_status multi_response(const bar__ctx *c, const bar_spec_entry *e,
                                 json_t *fig)
{
    const bar_question *q = c->q;
    size_t nopts = bar_question_nvars(q);
    size_t base_n = 0, n = 0;
    bar_status rc = bar__count_answered(c, e->base, q, e->id, &base_n, &n);
    if (rc != BAR_OK)
        return rc;
    bool hide = n < c->min_group;
    json_t *items = json_array(), *bench = json_array();
    /* every set runs ('|=', not '||'): items and bench are handed over even when a set
     * before them failed (allocation failure test, analyze N=2160) */
    bool bad = false;
    bad |= bar__set(fig, BAR_RK_QUESTION, json_string(e->question));
    bad |= bar__set(fig, BAR_RK_LABEL, bar__label(bar_question_text(q, BAR_LANG_NL), bar_question_text(q, BAR_LANG_EN)));
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)base_n));
    bad |= bar__set(fig, BAR_RK_N, json_integer((json_int_t)n));
    bad |= bar__set(fig, BAR_RK_MISSING, json_integer((json_int_t)(base_n - n)));
    bad |= bar__set(fig, BAR_RK_SUPPRESSED, json_boolean(hide));
    bad |= bar__set(fig, BAR_RK_ITEMS, items);
    bad |= bar__set(fig, BAR_RK_BENCHMARKS, bench);
    if (bad)
        return bar__no_memory(c, e->id);
    for (size_t i = 0; i < nopts; i++) {
        const bar_variable *v = bar_question_var(q, i);
        size_t ticked = 0, valid = 0;
        const double *values = bar_dataset_column(c->ds, bar_var_index(v));
        for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
            if (!bar__in_base(c, e->base, r))
                continue;
            double x = values[r];
            if (isnan(x))
                continue;
            valid++;
            ticked += x == 1.0;
        }
        json_t *item = json_pack(
            "{s:s, s:o, s:I}", BAR_RK_VARIABLE, bar_var_name(v), BAR_RK_LABEL,
            bar__var_label(v), BAR_RK_N, (json_int_t)valid);
        if (!item || json_array_append_new(items, item) ||
            bar__share(c, item, ticked, valid, hide) != BAR_OK ||
            (e->benchmarks &&
             bar__benchmarks(c, bench, bar_var_name(v), "1", ticked, valid,
                             hide) != BAR_OK))
            return bar__no_memory(c, e->id);
    }
    if (bar__routing(c, e->base, q, fig) != BAR_OK)
        return bar__no_memory(c, e->id);
    if (n == 0)
        return bar_results_note(fig, BAR_RK_NOTE,
                                "no case in the base answered '{1}'",
                                e->question, NULL);
    if (hide)
        return bar_results_note(fig, BAR_RK_NOTE,
                                "fewer than {1} answers: suppressed",
                                BAR__ZU(c->min_group), NULL);
    return BAR_OK;
}

/* The spec was validated against an instrument; check that the wave's
 * instrument has the same names, so that the kinds can rely on them. */
static bar_status check_names(const bar__ctx *c, const bar_spec_entry *e)
{
    const char *vars[] = {e->variable, e->by, e->groups};
    for (size_t i = 0; i < 3; i++)
        if (vars[i] && !bar__var(c, vars[i]))
            goto missing_var;
    for (size_t i = 0; i < e->noutcomes; i++)
        if (!bar__var(c, e->outcomes[i]))
            return bar_error_at(c->err, BAR_ENOTFOUND, NULL, 0, 0,
                                e->outcomes[i], "analysis: figure '%s' "
                                "needs this variable, which the instrument "
                                "lacks", e->id);
    for (size_t i = 0; i < e->nvariables; i++)
        if (!bar__var(c, e->variables[i]))
            return bar_error_at(c->err, BAR_ENOTFOUND, NULL, 0, 0,
                                e->variables[i], "analysis: figure '%s' "
                                "needs this variable, which the instrument "
                                "lacks", e->id);
    for (size_t i = 0; i < e->npredictors; i++)
        if (!bar__var(c, e->predictors[i].variable))
            return bar_error_at(c->err, BAR_ENOTFOUND, NULL, 0, 0,
                                e->predictors[i].variable, "analysis: "
                                "figure '%s' needs this variable, which the "
                                "instrument lacks", e->id);
    if (e->question && !bar__question(c, e->question))
        return bar_error_at(c->err, BAR_ENOTFOUND, NULL, 0, 0, e->question,
                            "analysis: figure '%s' needs this question, "
                            "which the instrument lacks", e->id);
    return BAR_OK;
missing_var:
    for (size_t i = 0; i < 3; i++) {
        const char *v = i == 0 ? e->variable : i == 1 ? e->by : e->groups;
        if (v && !bar__var(c, v))
            return bar_error_at(c->err, BAR_ENOTFOUND, NULL, 0, 0, v,
                                "analysis: figure '%s' needs this variable, "
                                "which the instrument lacks", e->id);
    }
    return BAR_ENOTFOUND;
}

static bar_status run_entry(const bar__ctx *ctx, const bar_spec_entry *e,
                            json_t *fig)
{
    bar_status rc = check_names(ctx, e);
    if (rc != BAR_OK)
        return rc;
    bar__ctx entry_ctx = *ctx;
    entry_ctx.var = bar__var(ctx, e->variable);
    entry_ctx.q = bar__question(ctx, e->question);
    entry_ctx.by = bar__var(ctx, e->by);
    const bar__ctx *c = &entry_ctx;
    switch (e->kind) {
    case BAR_SPEC_RESPONSE_BY_GROUP:
        return response_by_group(c, e, fig);
    case BAR_SPEC_FREQUENCY:
        return frequency(c, e, fig);
    case BAR_SPEC_MULTI_RESPONSE:
        return multi_response(c, e, fig);
    case BAR_SPEC_LIKERT:
        return bar__likert(c, e, fig);
    case BAR_SPEC_CROSSTAB:
        return bar__crosstab(c, e, fig);
    case BAR_SPEC_BOXPLOT:
        return bar__boxplot(c, e, fig);
    case BAR_SPEC_SCALE:
        return bar__scale(c, e, fig);
    case BAR_SPEC_MODEL:
        return bar__model(c, e, fig);
    case BAR_SPEC_FREQUENCIES:
        return bar__frequencies(c, e, fig);
    case BAR_SPEC_TEXT:
        return bar__text(c, e, fig);
    case BAR_SPEC_KIND_COUNT:
        break;
    }
    return bar_error_set(c->err, BAR_EUSAGE, "analysis: figure '%s': no "
                         "such kind", e->id);
}

/* A frequency entry of the groups a scale entry made (Fig 17) gets the cut
 * points those groups come from: `cuts` (this wave's optimal cut points on
 * the score), `cuts_from` (the scale entry's id) and `cuts_label` (the
 * score's label), so that its caption can say so. True when out of
 * memory. */
static bool attach_cuts(const bar__ctx *c, const bar_spec *spec, json_t *figs)
{
    bool bad = false;
    size_t n = bar_spec_count(spec);
    for (size_t i = 0; i < n; i++) {
        const bar_spec_entry *e = bar_spec_get(spec, i);
        if (e->kind != BAR_SPEC_FREQUENCY)
            continue;
        for (size_t j = 0; j < n; j++) {
            const bar_spec_entry *s = bar_spec_get(spec, j);
            if (s->kind != BAR_SPEC_SCALE || !s->groups ||
                strcmp(s->groups, e->variable) != 0)
                continue;
            json_t *cuts = json_object_get(
                json_object_get(json_array_get(figs, j), BAR_RK_GROUPS),
                BAR_RK_CUTS);
            if (!json_is_array(cuts))
                break; /* the groups could not be made: no cut points */
            json_t *fig = json_array_get(figs, i);
            bad |= bar__set(fig, BAR_RK_CUTS, json_deep_copy(cuts));
            bad |= bar__set(fig, BAR_RK_CUTS_FROM, json_string(s->id));
            bad |= bar__set(fig, BAR_RK_CUTS_LABEL,
                            bar__var_label(bar__var(c, s->variable)));
            break;
        }
    }
    return bad;
}

bar_status bar_analysis_run(const bar_dataset *ds, const bar_spec *spec,
                            const size_t *frame_counts,
                            const bar_benchmarks *benchmarks,
                            const bar_analysis_opts *opts, json_t **out,
                            bar_error *err)
{
    bar_status rc = BAR_OK;
    json_t *doc = NULL;
    *out = NULL;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    bar_analysis_opts o = opts ? *opts : (bar_analysis_opts){0};
    if (o.min_group == 0 && spec)
        o.min_group = bar_spec_min_group(spec);
    if (o.min_group == 0)
        o.min_group = BAR_ANALYSIS_MIN_GROUP;
    if (o.min_cell == 0 && spec)
        o.min_cell = bar_spec_min_cell(spec);
    if (o.min_cell == 0)
        o.min_cell = BAR_DISCLOSURE_MIN_CELL;
    if (o.level == 0.0)
        o.level = 0.95;
    if (o.wave == 0)
        o.wave = bar_instrument_wave(ins);
    if (o.min_group < 1 || o.min_group > 1000000 || o.min_cell < 1 ||
        o.min_cell > 1000000 || !(o.level > 0.0 && o.level < 1.0) || !spec) {
        rc = bar_error_set(err, BAR_EUSAGE, "analysis: minimum group size "
                           "%ld or confidence level %g out of range, or no "
                           "report specification", o.min_group, o.level);
        goto cleanup;
    }
    bar__ctx c = {
        .ds = ds,
        .ins = ins,
        .frame_counts = frame_counts,
        .benchmarks = benchmarks,
        .spec = spec,
        .fits = o.fits,
        .min_group = (size_t)o.min_group,
        .level = o.level,
        .total_nl = o.total_nl ? o.total_nl : "Totaal",
        .total_en = o.total_en ? o.total_en : "Total",
        .innovated_col = bar_dataset_col(ds, "innovated"),
        .err = err,
        .text = o.text,
    };
    /* The analysis adds no rows, so the column stays valid throughout. */
    if (c.innovated_col >= 0)
        c.innovated = bar_dataset_column(ds, (size_t)c.innovated_col);
    json_t *figs = json_array();
    doc = json_pack(
        "{s:i, s:s, s:s, s:i, s:s, s:I, s:I, s:f, s:o, s:I, s:o}",
        BAR_RK_SCHEMA, BAR_ANALYSIS_SCHEMA, BAR_RK_INSTRUMENT,
        bar_instrument_id(ins), BAR_RK_SPEC,
        bar_spec_id(spec) ? bar_spec_id(spec) : "", BAR_RK_WAVE, o.wave,
        BAR_RK_GENERATED_BY, "barometer " BAR_VERSION, BAR_RK_MIN_GROUP,
        (json_int_t)o.min_group, BAR_RK_MIN_CELL, (json_int_t)o.min_cell,
        BAR_RK_LEVEL, o.level, BAR_RK_TITLE,
        bar__label(bar_instrument_title(ins, BAR_LANG_NL),
                   bar_instrument_title(ins, BAR_LANG_EN)),
        BAR_RK_CASES, (json_int_t)bar_dataset_nrows(ds), BAR_RK_FIGURES, figs);
    /* Provenance: simulated data say so in the document, so that every
     * report and export drawn from it does. */
    if (!doc ||
        (bar_dataset_simulated(ds) &&
         json_object_set_new(doc, BAR_RK_DATA, json_string("simulated")))) {
        rc = bar_error_set(err, BAR_ENOMEM, "analysis: out of memory");
        goto cleanup;
    }
    /* Heads first, then every entry, both in report order. The derived
     * columns (a scale's score and groups too) were set by derive. */
    size_t n = bar_spec_count(spec);
    for (size_t i = 0; i < n; i++) {
        json_t *fig = figure_head(bar_spec_get(spec, i));
        if (!fig || json_array_append_new(figs, fig)) {
            rc = bar_error_set(err, BAR_ENOMEM, "analysis: out of memory");
            goto cleanup;
        }
    }
    size_t computed = 0;
    for (size_t i = 0; i < n; i++) {
        const bar_spec_entry *e = bar_spec_get(spec, i);
        if ((rc = run_entry(&c, e, json_array_get(figs, i))) != BAR_OK)
            goto cleanup;
        bar_progress_report(&o.progress, N_("figures computed"), ++computed,
                            n);
    }
    if (attach_cuts(&c, spec, figs)) {
        rc = bar_error_set(err, BAR_ENOMEM, "analysis: out of memory");
        goto cleanup;
    }
    /* Nothing leaves the analysis unprotected. */
    bar_disclosure_opts dopts = {.min_group = o.min_group,
                                 .min_cell = o.min_cell,
                                 .total_nl = o.total_nl,
                                 .total_en = o.total_en};
    if (!o.raw && (rc = bar_disclosure_apply(doc, &dopts, err)) != BAR_OK)
        goto cleanup;
    /* The document has the shape docs/results-schema.md promises. */
    if ((rc = bar_results_check(doc, err)) != BAR_OK)
        goto cleanup;
    *out = doc;
    doc = NULL;
cleanup:
    json_decref(doc);
    return rc;
}

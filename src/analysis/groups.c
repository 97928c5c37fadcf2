/* groups.c - the groups of a "by" variable in a crosstab or boxplot, with
 * small groups merged or suppressed (figure.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/figure.h"
#include "results/results.h"

/* Position of row r's value of by among its codes, or -1. */
static long code_pos(const bar__ctx *c, const bar_variable *by, size_t r)
{
    double x = bar_dataset_get(c->ds, r, bar_var_index(by));
    if (isnan(x))
        return -1;
    if (bar_var_type_of(by) == BAR_VAR_CATEGORY)
        return x >= 0 && x < (double)bar_var_ncodes(by) ? (long)x : -1;
    return bar_var_code_pos(by, (long)x);
}

static json_t *code_json(const bar_variable *by, size_t i)
{
    const char *s = bar_var_code_str(by, i);
    return s ? json_string(s) : json_integer(bar_var_code(by, i));
}

long bar__group_of_row(const bar__ctx *c, const bar__groups *g,
                       const bar_variable *by, size_t r)
{
    long pos = code_pos(c, by, r);
    return pos < 0 ? -1 : g->group_of[pos];
}

bar_status bar__merge_plan(const bar__ctx *c, const bar_variable *by,
                           bool *merged)
{
    size_t ncodes = bar_var_ncodes(by);
    size_t *count = calloc(ncodes + 1, sizeof *count);
    if (!count)
        return bar_error_set(c->err, BAR_ENOMEM, "analysis: out of memory");
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        long pos = code_pos(c, by, r);
        if (pos >= 0)
            count[pos]++;
    }
    size_t other = 0;
    for (size_t i = 0; i < ncodes; i++) {
        merged[i] = count[i] > 0 && count[i] < c->min_group;
        other += merged[i] ? count[i] : 0;
    }
    /* Made up to min_group with the smallest groups shown, so that the
     * merged group is never suppressed and nothing is left out. */
    while (other > 0 && other < c->min_group) {
        size_t best = ncodes;
        for (size_t i = 0; i < ncodes; i++)
            if (!merged[i] && count[i] > 0 &&
                (best == ncodes || count[i] < count[best]))
                best = i;
        if (best == ncodes)
            break;
        merged[best] = true;
        other += count[best];
    }
    free(count);
    return BAR_OK;
}

bar_status bar__groups_build(const bar__ctx *c, const bar_spec_entry *e,
                             bool (*use)(const bar__ctx *,
                                         const bar_spec_entry *, size_t),
                             bar__groups *g)
{
    bar_status rc = BAR_OK;
    const bar_variable *by = c->by;
    size_t ncodes = bar_var_ncodes(by);
    size_t *count = calloc(ncodes + 1, sizeof *count);
    size_t *wave = calloc(ncodes + 1, sizeof *wave);
    bool *merged = calloc(ncodes + 1, sizeof *merged);
    json_t *other_codes = json_array();
    *g = (bar__groups){.ncodes = ncodes};
    g->group_of = calloc(ncodes + 1, sizeof *g->group_of);
    g->n = calloc(ncodes + 1, sizeof *g->n);
    g->json = json_array();
    g->suppressed = json_array();
    g->empty = json_array();
    if (!count || !wave || !merged || !other_codes || !g->group_of ||
        !g->n || !g->json || !g->suppressed || !g->empty)
        goto nomem;
    if (bar__merge_plan(c, by, merged) != BAR_OK)
        goto nomem;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        long pos = code_pos(c, by, r);
        if (pos < 0)
            continue;
        wave[pos]++;
        if (use(c, e, r))
            count[pos]++;
    }
    size_t other = 0;
    bool any_merged = false;
    for (size_t i = 0; i < ncodes; i++) {
        g->group_of[i] = -1;
        if (merged[i]) {
            any_merged = true;
            other += count[i];
            if (json_array_append_new(other_codes, code_json(by, i)))
                goto nomem;
        } else if (count[i] == 0) {
            /* no case of this group in the figure's base (spectrum 0 among
             * the innovators): listed as empty, not shown as a column */
            if (json_array_append_new(g->empty, code_json(by, i)))
                goto nomem;
        } else {
            g->group_of[i] = (long)g->ngroups;
            g->n[g->ngroups++] = count[i];
            json_t *o = json_pack("{s:[o], s:o, s:I, s:b}", BAR_RK_CODES,
                                  code_json(by, i), BAR_RK_LABEL,
                                  bar__code_label(by, i), BAR_RK_N,
                                  (json_int_t)count[i], BAR_RK_MERGED, 0);
            if (!o || json_array_append_new(g->json, o))
                goto nomem;
        }
    }
    if (any_merged) {
        for (size_t i = 0; i < ncodes; i++)
            if (merged[i])
                g->group_of[i] = (long)g->ngroups;
        g->n[g->ngroups++] = other;
        json_t *o =
            json_pack("{s:O, s:o, s:I, s:b}", BAR_RK_CODES, other_codes,
                      BAR_RK_LABEL, bar__label(e->other_nl, e->other_en),
                      BAR_RK_N, (json_int_t)other, BAR_RK_MERGED, 1);
        if (!o || json_array_append_new(g->json, o))
            goto nomem;
    }
    goto cleanup;
nomem:
    rc = bar__no_memory(c, e->id);
    bar__groups_clear(g);
cleanup:
    json_decref(other_codes);
    free(count);
    free(wave);
    free(merged);
    return rc;
}

void bar__groups_clear(bar__groups *g)
{
    free(g->group_of);
    free(g->n);
    json_decref(g->json);
    json_decref(g->suppressed);
    json_decref(g->empty);
    *g = (bar__groups){0};
}

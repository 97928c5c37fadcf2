/* groups.c - the groups of a "by" variable in a crosstab or boxplot, with
 * small groups merged or suppressed (figure.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/figure.h"

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

bar_status bar__groups_build(const bar__ctx *c, const bar_spec_entry *e,
                             bool (*use)(const bar__ctx *,
                                         const bar_spec_entry *, size_t),
                             bar__groups *g)
{
    bar_status rc = BAR_OK;
    const bar_variable *by = c->by;
    size_t ncodes = bar_var_ncodes(by);
    size_t *count = calloc(ncodes + 1, sizeof *count);
    *g = (bar__groups){.ncodes = ncodes};
    g->group_of = calloc(ncodes + 1, sizeof *g->group_of);
    g->n = calloc(ncodes + 1, sizeof *g->n);
    g->json = json_array();
    g->suppressed = json_array();
    g->empty = json_array();
    if (!count || !g->group_of || !g->n || !g->json || !g->suppressed ||
        !g->empty)
        goto nomem;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        if (!use(c, e, r))
            continue;
        long pos = code_pos(c, by, r);
        if (pos >= 0)
            count[pos]++;
    }
    size_t other = 0;
    json_t *other_codes = json_array();
    if (!other_codes)
        goto nomem;
    for (size_t i = 0; i < ncodes; i++) {
        g->group_of[i] = -1;
        if (count[i] == 0) {
            if (json_array_append_new(g->empty, code_json(by, i)))
                goto nomem_other;
        } else if (count[i] < c->min_group) {
            other += count[i];
            if (json_array_append_new(other_codes, code_json(by, i)))
                goto nomem_other;
        } else {
            g->group_of[i] = (long)g->ngroups;
            g->n[g->ngroups++] = count[i];
            json_t *o = json_pack("{s:[o], s:o, s:I, s:b}", "codes",
                                  code_json(by, i), "label",
                                  bar__code_label(by, i), "n",
                                  (json_int_t)count[i], "merged", 0);
            if (!o || json_array_append_new(g->json, o))
                goto nomem_other;
        }
    }
    if (other > 0 && other >= c->min_group) {
        for (size_t i = 0; i < ncodes; i++)
            if (count[i] > 0 && count[i] < c->min_group)
                g->group_of[i] = (long)g->ngroups;
        g->n[g->ngroups++] = other;
        json_t *o = json_pack("{s:O, s:o, s:I, s:b}", "codes", other_codes,
                              "label", bar__label(e->other_nl, e->other_en),
                              "n", (json_int_t)other, "merged", 1);
        if (!o || json_array_append_new(g->json, o))
            goto nomem_other;
    } else if (other > 0) {
        json_array_extend(g->suppressed, other_codes);
    }
    json_decref(other_codes);
    goto cleanup;
nomem_other:
    json_decref(other_codes);
nomem:
    rc = bar__no_memory(c, e->id);
    bar__groups_clear(g);
cleanup:
    free(count);
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

/* boxplot.c - kind "boxplot": a numeric variable by the groups of another
 * (Fig 16 by sector, Fig 27 by cluster). Quartiles by R's type 7,
 * whiskers to the most extreme value within 1.5 IQR, outliers beyond, the
 * mean (src/stats/describe.h). Small groups merged or suppressed.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/figure.h"
#include "stats/describe.h"
#include "results/results.h"

static bool use_row(const bar__ctx *c, const bar_spec_entry *e, size_t r)
{
    if (!bar__in_base(c, e->base, r))
        return false;
    return !isnan(bar_dataset_get(c->ds, r, bar_var_index(c->var)));
}

/* The box of x[0..n) into o; a note instead when it cannot be computed. */
static bool put_box(json_t *o, const double *x, size_t n)
{
    bar_boxplot b = {0};
    bar_error err;
    bar_error_init(&err);
    bool bad = false;
    if (bar_boxplot_compute(x, n, &b, &err) != BAR_OK) {
        bad |= bar__set_failure(o, BAR_RK_NOTE, &err);
    } else {
        json_t *out = json_array();
        for (size_t i = 0; i < b.noutliers; i++)
            bad |= json_array_append_new(out, json_real(b.outliers[i])) != 0;
        bad |= bar__set(o, BAR_RK_Q1, bar__real(b.q1));
        bad |= bar__set(o, BAR_RK_MEDIAN, bar__real(b.median));
        bad |= bar__set(o, BAR_RK_Q3, bar__real(b.q3));
        bad |= bar__set(o, BAR_RK_MEAN, bar__real(b.mean));
        bad |= bar__set(o, BAR_RK_WHISKER_LOW, bar__real(b.whisker_low));
        bad |= bar__set(o, BAR_RK_WHISKER_HIGH, bar__real(b.whisker_high));
        bad |= bar__set(o, BAR_RK_OUTLIERS, out);
    }
    bar_boxplot_clear(&b);
    bar_error_clear(&err);
    return bad;
}

bar_status bar__boxplot(const bar__ctx *c, const bar_spec_entry *e,
                        json_t *fig)
{
    bar_status rc = BAR_OK;
    bar__groups g = {0};
    double *x = NULL;
    long *group = NULL;
    const bar_variable *v = c->var;
    const bar_variable *by = c->by;
    size_t col = bar_var_index(v), nrows = bar_dataset_nrows(c->ds);
    if ((rc = bar__groups_build(c, e, use_row, &g)) != BAR_OK)
        goto cleanup;
    x = malloc((nrows ? nrows : 1) * sizeof *x);
    /* Each row's group, once for the total and every group: -1 when the
     * row does not enter the figure (use_row) or has no shown group. */
    group = malloc((nrows ? nrows : 1) * sizeof *group);
    if (!x || !group)
        goto nomem;
    const double *values = bar_dataset_column(c->ds, col);
    size_t base_n = 0, n = 0;
    for (size_t r = 0; r < nrows; r++) {
        base_n += bar__in_base(c, e->base, r);
        group[r] = use_row(c, e, r) ? bar__group_of_row(c, &g, by, r) : -1;
        if (group[r] >= 0)
            x[n++] = values[r];
    }
    bool bad = false;
    json_t *total = json_pack("{s:o, s:I}", BAR_RK_LABEL,
                              bar__label(c->total_nl, c->total_en), BAR_RK_N,
                              (json_int_t)n);
    bad |= bar__set(fig, BAR_RK_VARIABLE, json_string(e->variable));
    bad |= bar__set(fig, BAR_RK_LABEL, bar__var_label(v));
    bad |= bar__set(fig, BAR_RK_BY, json_string(e->by));
    bad |= bar__set(fig, BAR_RK_BY_LABEL, bar__var_label(by));
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)base_n));
    bad |= bar__set(fig, BAR_RK_N, json_integer((json_int_t)n));
    bad |=
        bar__set(fig, BAR_RK_MISSING, json_integer((json_int_t)(base_n - n)));
    bad |= bar__set(fig, BAR_RK_QUANTILE_TYPE, json_integer(7));
    bad |= bar__set(fig, BAR_RK_GROUPS, json_incref(g.json));
    bad |= bar__set(fig, BAR_RK_SUPPRESSED_GROUPS, json_incref(g.suppressed));
    bad |= bar__set(fig, BAR_RK_EMPTY_GROUPS, json_incref(g.empty));
    bad |= bar__set(fig, BAR_RK_TOTAL, total);
    if (bad)
        goto nomem;
    if (n == 0) {
        rc = bar_results_note(
            fig, BAR_RK_NOTE,
            "no case in the base has a value of '{1}' and a group{2}",
            e->variable, bar__unset(c, e->variable) ? bar__unset_text : "",
            NULL);
        goto cleanup;
    }
    if (put_box(total, x, n))
        goto nomem;
    for (size_t gi = 0; gi < g.ngroups; gi++) {
        size_t m = 0;
        for (size_t r = 0; r < nrows; r++)
            if (group[r] == (long)gi)
                x[m++] = values[r];
        if (put_box(json_array_get(g.json, gi), x, m))
            goto nomem;
    }
    goto cleanup;
nomem:
    rc = bar__no_memory(c, e->id);
cleanup:
    free(x);
    free(group);
    bar__groups_clear(&g);
    return rc;
}

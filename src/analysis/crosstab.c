/* crosstab.c - kind "crosstab": a variable, or each option of a
 * multi-response question, or each item of a grid (share of "positive"
 * codes), by the groups of another variable (Fig 18-21). Column
 * percentages per group; Pearson chi-square with df, p and Cramer's V;
 * a warning when expected counts are small. Groups smaller than min_group
 * are merged into "other" or suppressed (groups.c). With the spec's
 * "trend", each table also gets the chi-square test for a linear trend of
 * its focus share over the groups, scored by their codes (none when a
 * group was merged: it has no place in the order).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/figure.h"
#include "stats/hypothesis.h"
#include "results/results.h"

/* Whether row r enters the figure: in the base, and (for a variable) with
 * a valid answer, (for a question) with at least one answered item. */
static bool use_row(const bar__ctx *c, const bar_spec_entry *e, size_t r)
{
    if (!bar__in_base(c, e->base, r))
        return false;
    if (e->variable) {
        double x = bar_dataset_get(c->ds, r, bar_var_index(c->var));
        return !isnan(x) && bar_var_code_pos(c->var, (long)x) >= 0;
    }
    const bar_question *q = c->q;
    for (size_t i = 0; i < bar_question_nvars(q); i++)
        if (!isnan(bar_dataset_get(c->ds, r,
                                   bar_var_index(bar_question_var(q, i)))))
            return true;
    return false;
}

static bool is_positive(const bar_spec_entry *e, const bar_variable *v,
                        double x)
{
    if (bar_var_type_of(v) == BAR_VAR_BINARY)
        return x == 1.0;
    for (size_t i = 0; i < e->npositive; i++)
        if (x == (double)e->positive[i])
            return true;
    return false;
}

/* The chi-square test of counts (rows x cols) as a JSON object, or null
 * with a note on table when it cannot be computed. */
static bool put_test(json_t *table, const double *counts, size_t rows,
                     size_t cols)
{
    bar_error err;
    bar_error_init(&err);
    bar_chisq t;
    bool bad = false;
    if (cols < 2) {
        bad |= bar__set(table, BAR_RK_TEST, json_null());
        bad |= bar_results_note(table, BAR_RK_NOTE,
                                "fewer than two groups to compare",
                                NULL) != BAR_OK;
    } else if (bar_chisq_test(counts, rows, cols, &t, &err) != BAR_OK) {
        bad |= bar__set(table, BAR_RK_TEST, json_null());
        bad |= bar__set_failure(table, BAR_RK_NOTE, &err);
    } else {
        json_t *o = json_pack(
            "{s:s, s:o, s:I, s:o, s:o, s:o, s:I}", BAR_RK_TEST,
            BAR_RV_TEST_CHISQ, BAR_RK_STATISTIC, bar__real(t.statistic),
            BAR_RK_DF, (json_int_t)t.df, BAR_RK_P, bar__real(t.p),
            BAR_RK_CRAMERS_V, bar__real(t.cramers_v), BAR_RK_MIN_EXPECTED,
            bar__real(t.min_expected), BAR_RK_CELLS_BELOW_5,
            (json_int_t)t.cells_below_5);
        bad |= bar__set(table, BAR_RK_TEST, o);
        if (o && t.cells_below_5 > 0) {
            char msg[160];
            snprintf(msg, sizeof msg, "%zu cell(s) expect fewer than 5 "
                     "cases (smallest %.2f): the chi-square p is "
                     "approximate", t.cells_below_5, t.min_expected);
            bad |= bar__set(o, BAR_RK_WARNING, json_string(msg));
        }
    }
    bar_error_clear(&err);
    return bad;
}

/* The trend test of row `focus` of counts (nrows x ng) over groups with
 * scores (ng values; NULL when a group is merged, so the groups have no
 * order): tables[].trend, or null with trend_note. */
static bool put_trend(json_t *table, const double *counts, size_t ng,
                      size_t focus, const double *scores)
{
    bool bad = false;
    double *x = calloc(ng ? ng : 1, sizeof *x);
    double *n = calloc(ng ? ng : 1, sizeof *n);
    bar_error err;
    bar_error_init(&err);
    bar_trend t;
    if (!x || !n) {
        bad = true;
        goto cleanup;
    }
    if (!scores) {
        bad |= bar__set(table, BAR_RK_TREND, json_null());
        bad |= bar__set(table, BAR_RK_TREND_NOTE,
                        json_string("small groups were merged: the groups "
                                    "have no order to test a trend over"));
        goto cleanup;
    }
    for (size_t g = 0; g < ng; g++) {
        x[g] = counts[focus * ng + g];
        n[g] = counts[g] + counts[ng + g];
    }
    if (bar_trend_test(x, n, scores, ng, &t, &err) != BAR_OK) {
        bad |= bar__set(table, BAR_RK_TREND, json_null());
        bad |= bar__set_failure(table, BAR_RK_TREND_NOTE, &err);
        goto cleanup;
    }
    json_t *sc = json_array();
    for (size_t g = 0; g < ng; g++)
        bad |= json_array_append_new(sc, json_real(scores[g])) != 0;
    bad |= bar__set(
        table, BAR_RK_TREND,
        json_pack("{s:s, s:o, s:o, s:I, s:o, s:o, s:o}", BAR_RK_TEST,
                  BAR_RV_TEST_TREND, BAR_RK_SCORES,
                  sc, BAR_RK_STATISTIC, bar__real(t.statistic), BAR_RK_DF,
                  (json_int_t)t.df, BAR_RK_P, bar__real(t.p), BAR_RK_Z,
                  bar__real(t.z), BAR_RK_SLOPE, bar__real(100.0 * t.slope)));
cleanup:
    bar_error_clear(&err);
    free(x);
    free(n);
    return bad;
}

/* One table: rows of labelled counts per group (counts[row * ng + g]). */
static bool put_rows(json_t *table, const double *counts,
                     size_t nrows, size_t ng, json_t *const *labels,
                     const long *codes)
{
    bool bad = false;
    double *coltot = calloc(ng ? ng : 1, sizeof *coltot);
    if (!coltot)
        return true;
    double all = 0;
    for (size_t i = 0; i < nrows; i++)
        for (size_t g = 0; g < ng; g++) {
            coltot[g] += counts[i * ng + g];
            all += counts[i * ng + g];
        }
    json_t *rows = json_array();
    bad |= bar__set(table, BAR_RK_ROWS, rows);
    for (size_t i = 0; !bad && i < nrows; i++) {
        json_t *cn = json_array(), *pc = json_array();
        double rowtot = 0;
        for (size_t g = 0; g < ng; g++) {
            rowtot += counts[i * ng + g];
            bad |= json_array_append_new(
                       cn, json_integer((json_int_t)counts[i * ng + g])) != 0;
            bad |= json_array_append_new(
                       pc, coltot[g] > 0
                               ? json_real(100.0 * counts[i * ng + g] /
                                           coltot[g])
                               : json_null()) != 0;
        }
        json_t *row = json_pack(
            "{s:I, s:O, s:o, s:o, s:I, s:o}", BAR_RK_CODE,
            (json_int_t)codes[i], BAR_RK_LABEL, labels[i], BAR_RK_COUNTS, cn,
            BAR_RK_PERCENTS, pc, BAR_RK_TOTAL_COUNT, (json_int_t)rowtot,
            BAR_RK_TOTAL_PERCENT,
            all > 0 ? json_real(100.0 * rowtot / all) : json_null());
        bad |= !row || json_array_append_new(rows, row) != 0;
    }
    json_t *n = json_array();
    for (size_t g = 0; g < ng; g++)
        bad |= json_array_append_new(n, json_integer((json_int_t)coltot[g]));
    bad |= bar__set(table, BAR_RK_GROUP_N, n);
    bad |= bar__set(table, BAR_RK_N, json_integer((json_int_t)all));
    free(coltot);
    return bad;
}

bar_status bar__crosstab(const bar__ctx *c, const bar_spec_entry *e,
                         json_t *fig)
{
    bar_status rc = BAR_OK;
    bar__groups g = {0};
    double *counts = NULL, *scores = NULL;
    long *group = NULL;
    json_t *labels[64] = {0};
    long codes[64];
    const bar_variable *by = c->by;
    if ((rc = bar__groups_build(c, e, use_row, &g)) != BAR_OK)
        goto cleanup;
    /* Each row's group, once for all tables: -1 when the row does not
     * enter the figure (use_row) or has no shown group. */
    size_t nrows_ds = bar_dataset_nrows(c->ds);
    group = malloc((nrows_ds ? nrows_ds : 1) * sizeof *group);
    if (!group)
        goto nomem;
    size_t base_n = 0, n = 0;
    for (size_t r = 0; r < nrows_ds; r++) {
        base_n += bar__in_base(c, e->base, r);
        group[r] = use_row(c, e, r) ? bar__group_of_row(c, &g, by, r) : -1;
        n += group[r] >= 0;
    }
    const bar_question *q = e->question ? c->q
                                        : NULL;
    json_t *tables = json_array();
    bool bad = false;
    bad |= bar__set(fig, e->variable ? "variable" : "question",
                    json_string(e->variable ? e->variable : e->question));
    bad |= bar__set(fig, BAR_RK_LABEL,
                    q ? bar__label(bar_question_text(q, BAR_LANG_NL),
                                   bar_question_text(q, BAR_LANG_EN))
                      : bar__var_label(c->var));
    bad |= bar__set(fig, BAR_RK_BY, json_string(e->by));
    bad |= bar__set(fig, BAR_RK_BY_LABEL, bar__var_label(by));
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)base_n));
    bad |= bar__set(fig, BAR_RK_N, json_integer((json_int_t)n));
    bad |=
        bar__set(fig, BAR_RK_MISSING, json_integer((json_int_t)(base_n - n)));
    bad |= bar__set(fig, BAR_RK_PERCENTAGES, json_string("column"));
    bad |= bar__set(fig, BAR_RK_GROUPS, json_incref(g.json));
    bad |= bar__set(fig, BAR_RK_SUPPRESSED_GROUPS, json_incref(g.suppressed));
    bad |= bar__set(fig, BAR_RK_EMPTY_GROUPS, json_incref(g.empty));
    bad |= bar__set(fig, BAR_RK_TABLES, tables);
    if (q && bar_question_type_of(q) == BAR_Q_GRID) {
        json_t *pos = json_array();
        for (size_t i = 0; i < e->npositive; i++)
            bad |= json_array_append_new(pos, json_integer(e->positive[i]));
        bad |= bar__set(fig, BAR_RK_POSITIVE_CODES, pos);
    }
    if (bad || bar__routing(c, e->base, q ? q : bar_var_question(c->var),
                            fig) != BAR_OK)
        goto nomem;
    size_t ng = g.ngroups;
    if (n == 0) {
        rc = bar_results_note(fig, BAR_RK_NOTE,
                              "no case in the base has both '{1}' and "
                              "'{2}'{3}",
                              e->variable ? e->variable : e->question, e->by,
                              bar__unset(c, e->by) ? bar__unset_text : "",
                              NULL);
        goto cleanup;
    }
    /* Scores of the groups for a trend test: each group's code; none when
     * a group holds several codes (merged). */
    if (e->trend) {
        scores = calloc(ng ? ng : 1, sizeof *scores);
        if (!scores)
            goto nomem;
        for (size_t i = 0; i < g.ncodes; i++) {
            if (g.group_of[i] < 0)
                continue;
            size_t gi = (size_t)g.group_of[i];
            json_t *gc =
                json_object_get(json_array_get(g.json, gi), BAR_RK_CODES);
            if (json_array_size(gc) != 1) {
                free(scores);
                scores = NULL;
                break;
            }
            scores[gi] = (double)bar_var_code(by, i);
        }
    }
    size_t ntables = q ? bar_question_nvars(q) : 1;
    for (size_t t = 0; t < ntables; t++) {
        const bar_variable *v = q ? bar_question_var(q, t)
                                  : c->var;
        size_t nrows = q ? 2 : bar_var_ncodes(v);
        if (nrows > 64)
            nrows = 64;
        free(counts);
        counts = calloc(nrows * (ng ? ng : 1), sizeof *counts);
        if (!counts)
            goto nomem;
        const double *values = bar_dataset_column(c->ds, bar_var_index(v));
        for (size_t r = 0; r < nrows_ds; r++) {
            long gi = group[r];
            double x = values[r];
            if (gi < 0 || isnan(x))
                continue;
            long row = q ? (is_positive(e, v, x) ? 0 : 1)
                         : bar_var_code_pos(v, (long)x);
            if (row < 0 || (size_t)row >= nrows)
                continue;
            counts[(size_t)row * ng + (size_t)gi] += 1;
        }
        for (size_t i = 0; i < 64; i++) {
            json_decref(labels[i]);
            labels[i] = NULL;
        }
        if (q) {
            bool grid = bar_question_type_of(q) == BAR_Q_GRID;
            labels[0] = grid ? bar__label("(zeer) positief", "positive")
                             : bar__label("aangekruist", "ticked");
            labels[1] = grid ? bar__label("overig", "other")
                             : bar__label("niet aangekruist", "not ticked");
            codes[0] = 1;
            codes[1] = 0;
        } else {
            for (size_t i = 0; i < nrows; i++) {
                labels[i] = bar__code_label(v, i);
                codes[i] = bar_var_code(v, i);
            }
        }
        for (size_t i = 0; i < nrows; i++)
            if (!labels[i])
                goto nomem;
        json_t *table = json_pack("{s:s, s:o, s:I}", BAR_RK_VARIABLE,
                                  bar_var_name(v), BAR_RK_LABEL,
                                  bar__var_label(v), BAR_RK_FOCUS_ROW,
                                  (json_int_t)0);
        if (!table || json_array_append_new(tables, table) ||
            put_rows(table, counts, nrows, ng, labels, codes) ||
            put_test(table, counts, nrows, ng))
            goto nomem;
        if (!q && bar__set(table, BAR_RK_FOCUS_ROW, json_null()))
            goto nomem;
        /* The trend of the ticked/positive row, or of code 1 of a 0/1
         * variable (the spec allows nothing else). */
        long focus = q ? 0 : bar_var_code_pos(v, 1);
        if (e->trend && nrows == 2 && focus >= 0 &&
            put_trend(table, counts, ng, (size_t)focus, scores))
            goto nomem;
    }
    if (ng < 2)
        rc = bar_results_note(fig, BAR_RK_NOTE,
                              "fewer than two groups of {1} or more "
                              "cases: no comparison",
                              BAR__ZU(c->min_group), NULL);
    goto cleanup;
nomem:
    rc = bar__no_memory(c, e->id);
cleanup:
    for (size_t i = 0; i < 64; i++)
        json_decref(labels[i]);
    free(counts);
    free(scores);
    free(group);
    bar__groups_clear(&g);
    return rc;
}

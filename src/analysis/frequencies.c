/* frequencies.c - kind "frequencies": a frequency table of every variable
 * of the instrument (or of a list), as SPSS FREQUENCIES and the Danish
 * barometer's table appendix give: frame, asked and derived variables
 * alike, each within its own base and routing.
 *
 * Per variable: the cases it applies to (`asked`: its base and routing
 * condition, bar_var_asked; frame and derived variables apply to every
 * case), the valid answers (`n`), those asked without a valid answer
 * (`missing`) and those not asked (`not_asked`). Then by type:
 * - coded (single, binary, category): count and percent of n per code, in
 *   codebook order. Category codes (sector, cluster) with fewer than
 *   min_group cases are merged into one "other" row, suppressed when it is
 *   still too small, as Table 1 and 2 do;
 * - numbers (number, integer): mean, sd and the quartiles (R type 7);
 *   never the minimum or maximum, which are one organisation's value;
 * - open text: only how many answered (n) and how many did not (missing);
 *   the text itself is never read beyond whether it is empty.
 * A variable with n < min_group is suppressed: its counts, percents and
 * statistics are null (n and missing stay, as for kind "frequency").
 * ID variables (org_id) are never tabulated.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "stats/describe.h"
#include "results/results.h"

/* What one variable's pass over the rows collects. */
typedef struct tally {
    const bar_variable *v;
    size_t asked, n;
    size_t *counts;  /* coded: one per code */
    double *values;  /* numbers: the valid values (n of them) */
} tally;

static const char *role_name(bar_var_role r)
{
    return r == BAR_ROLE_FRAME ? "frame"
           : r == BAR_ROLE_ASKED ? "asked"
                                 : "derived";
}

static bool is_coded(bar_var_type t)
{
    return t == BAR_VAR_SINGLE || t == BAR_VAR_BINARY ||
           t == BAR_VAR_CATEGORY;
}

static bool is_numeric(bar_var_type t)
{
    return t == BAR_VAR_NUMBER || t == BAR_VAR_INTEGER;
}

/* The code's position of value x of v, or -1. */
static long code_pos(const bar_variable *v, double x)
{
    if (isnan(x))
        return -1;
    if (bar_var_type_of(v) == BAR_VAR_CATEGORY)
        return x >= 0 && x < (double)bar_var_ncodes(v) ? (long)x : -1;
    return bar_var_code_pos(v, (long)x);
}

/* The code of position i as JSON: the string code of a category, else
 * the number. */
static json_t *code_json(const bar_variable *v, size_t i)
{
    const char *s = bar_var_code_str(v, i);
    return s ? json_string(s) : json_integer(bar_var_code(v, i));
}

static bool put_categories(const bar__ctx *c, const bar_spec_entry *e,
                           const tally *t, json_t *o, bool hide)
{
    const bar_variable *v = t->v;
    size_t ncodes = bar_var_ncodes(v);
    bool merge_small = bar_var_type_of(v) == BAR_VAR_CATEGORY;
    bool bad = false;
    json_t *cats = json_array(), *merged = json_array();
    bad |= bar__set(o, BAR_RK_CATEGORIES, cats);
    size_t other = 0, nmerged = 0;
    for (size_t i = 0; !bad && i < ncodes; i++) {
        size_t x = t->counts[i];
        if (merge_small && x > 0 && x < c->min_group) {
            other += x;
            nmerged++;
            bad |= json_array_append_new(merged, code_json(v, i)) != 0;
            continue;
        }
        json_t *cat = json_pack("{s:o, s:o}", BAR_RK_CODE, code_json(v, i),
                                BAR_RK_LABEL, bar__code_label(v, i));
        bad |= !cat || json_array_append_new(cats, cat) != 0;
        bad |= bar__set(cat, BAR_RK_COUNT,
                        hide ? json_null() : json_integer((json_int_t)x));
        bad |= bar__set(cat, BAR_RK_PERCENT,
                        hide || t->n == 0
                            ? json_null()
                            : json_real(100.0 * (double)x / (double)t->n));
    }
    if (nmerged == 0) {
        json_decref(merged);
        return bad;
    }
    bool hide_other = hide || other < c->min_group;
    json_t *row = json_pack(
        "{s:o, s:o, s:o, s:o, s:b}", BAR_RK_CODES, merged, BAR_RK_LABEL,
        bar__label(e->other_nl, e->other_en), BAR_RK_COUNT,
        hide_other ? json_null() : json_integer((json_int_t)other),
        BAR_RK_PERCENT,
        hide_other || t->n == 0
            ? json_null()
            : json_real(100.0 * (double)other / (double)t->n),
        BAR_RK_SUPPRESSED, hide_other);
    bad |= bar__set(o, BAR_RK_MERGED, row);
    return bad;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static bool put_summary(tally *t, json_t *o, bool hide)
{
    if (hide || t->n == 0)
        return bar__set(o, BAR_RK_SUMMARY, json_null());
    bar_describe d = {0};
    bar_status rc = bar_describe_compute(t->values, t->n, &d, NULL);
    if (rc == BAR_ENOMEM) /* never a missing summary (analyze N=16449) */
        return true;
    if (rc != BAR_OK)
        return bar__set(o, BAR_RK_SUMMARY, json_null());
    /* sorting in place is fine: the values are this tally's copy */
    qsort(t->values, t->n, sizeof *t->values, cmp_double);
    return bar__set(o, BAR_RK_SUMMARY, json_pack(
        "{s:o, s:o, s:o, s:o, s:o}", BAR_RK_MEAN, bar__real(d.mean), BAR_RK_SD,
        bar__real(t->n > 1 ? d.sd : NAN), BAR_RK_Q1,
        bar__real(bar_quantile_sorted(t->values, t->n, 0.25)), BAR_RK_MEDIAN,
        bar__real(bar_quantile_sorted(t->values, t->n, 0.5)), BAR_RK_Q3,
        bar__real(bar_quantile_sorted(t->values, t->n, 0.75))));
}

bar_status bar__frequencies(const bar__ctx *c, const bar_spec_entry *e,
                            json_t *fig)
{
    bar_status rc = BAR_OK;
    const bar_instrument *ins = c->ins;
    size_t nvars = 0, ncols = bar_dataset_ncols(c->ds);
    size_t nrows = bar_dataset_nrows(c->ds);
    tally *t = NULL;
    double *row = NULL;
    size_t want = e->all_variables ? bar_instrument_nvars(ins)
                                   : e->nvariables;
    t = calloc(want ? want : 1, sizeof *t);
    row = malloc((ncols ? ncols : 1) * sizeof *row);
    if (!t || !row)
        goto nomem;
    for (size_t i = 0; i < want; i++) {
        const bar_variable *v = e->all_variables
                                    ? bar_instrument_var(ins, i)
                                    : bar__var(c, e->variables[i]);
        if (!v || bar_var_type_of(v) == BAR_VAR_ID)
            continue;
        tally *ti = &t[nvars++];
        ti->v = v;
        if (is_coded(bar_var_type_of(v))) {
            size_t k = bar_var_ncodes(v);
            if (!(ti->counts = calloc(k ? k : 1, sizeof *ti->counts)))
                goto nomem;
        } else if (is_numeric(bar_var_type_of(v))) {
            if (!(ti->values = malloc((nrows ? nrows : 1) *
                                      sizeof *ti->values)))
                goto nomem;
        }
    }
    /* One pass over the cases: the row once, then every variable. */
    for (size_t r = 0; r < nrows; r++) {
        bar_dataset_row(c->ds, r, row);
        for (size_t i = 0; i < nvars; i++) {
            tally *ti = &t[i];
            if (!bar_var_asked(ti->v, row))
                continue;
            ti->asked++;
            size_t col = bar_var_index(ti->v);
            bar_var_type type = bar_var_type_of(ti->v);
            if (type == BAR_VAR_TEXT) {
                const char *s = bar_dataset_get_str(c->ds, r, col);
                ti->n += s && *s;
            } else if (is_coded(type)) {
                long pos = code_pos(ti->v, row[col]);
                if (pos >= 0) {
                    ti->counts[pos]++;
                    ti->n++;
                }
            } else if (!isnan(row[col])) {
                ti->values[ti->n++] = row[col];
            }
        }
    }
    json_t *vars = json_array();
    bool bad = bar__set(fig, BAR_RK_VARIABLES, vars) ||
               bar__set(fig, BAR_RK_CASES, json_integer((json_int_t)nrows)) ||
               bar__set(fig, BAR_RK_N, json_integer((json_int_t)nrows)) ||
               bar__set(fig, BAR_RK_MISSING, json_integer(0));
    for (size_t i = 0; !bad && i < nvars; i++) {
        tally *ti = &t[i];
        const bar_variable *v = ti->v;
        bar_var_type type = bar_var_type_of(v);
        const bar_question *q = bar_var_question(v);
        bool hide = type != BAR_VAR_TEXT && ti->n < c->min_group;
        json_t *o = json_pack(
            "{s:s, s:o, s:s, s:s, s:o, s:s, s:o, s:I, s:I, s:I, s:I, s:b}",
            BAR_RK_VARIABLE, bar_var_name(v), BAR_RK_LABEL, bar__var_label(v),
            BAR_RK_TYPE, bar_var_type_name(type), BAR_RK_ROLE,
            role_name(bar_var_role_of(v)), BAR_RK_QUESTION,
            q ? json_string(bar_question_id(q)) : json_null(), BAR_RK_BASE,
            bar__base_name(bar_var_base(v)), BAR_RK_ASKED_IF, bar__asked_if(q),
            BAR_RK_ASKED, (json_int_t)ti->asked, BAR_RK_NOT_ASKED,
            (json_int_t)(nrows - ti->asked), BAR_RK_N, (json_int_t)ti->n,
            BAR_RK_MISSING, (json_int_t)(ti->asked - ti->n), BAR_RK_SUPPRESSED,
            hide);
        bad |= !o || json_array_append_new(vars, o) != 0;
        if (bad)
            break;
        if (is_coded(type))
            bad |= put_categories(c, e, ti, o, hide);
        else if (is_numeric(type))
            bad |= put_summary(ti, o, hide);
        if (ti->n == 0)
            bad |= bar_results_note(o, BAR_RK_NOTE, "no valid answer",
                                    NULL) != BAR_OK;
        else if (hide)
            bad |= bar_results_note(o, BAR_RK_NOTE,
                                    "fewer than {1} answers: suppressed",
                                    BAR__ZU(c->min_group), NULL) != BAR_OK;
    }
    if (bad)
        goto nomem;
    goto cleanup;
nomem:
    rc = bar__no_memory(c, e->id);
cleanup:
    for (size_t i = 0; t && i < nvars; i++) {
        free(t[i].counts);
        free(t[i].values);
    }
    free(t);
    free(row);
    return rc;
}

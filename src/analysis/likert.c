/* likert.c - kind "likert": the distribution of each item of a grid of
 * 5-point statements (agreement or influence) over its codes, and the share
 * of "positive" codes ((helemaal) eens, (sterk) bevorderend). Fig 13, 15.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/figure.h"
#include "results/results.h"

typedef struct item_order {
    size_t index;
    double positive; /* share, -1 when unknown (sorts last) */
} item_order;

static int by_positive(const void *a, const void *b)
{
    const item_order *x = a, *y = b;
    if (x->positive != y->positive)
        return x->positive < y->positive ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static bool is_positive(const bar_spec_entry *e, double x)
{
    for (size_t i = 0; i < e->npositive; i++)
        if (x == (double)e->positive[i])
            return true;
    return false;
}

bar_status bar__likert(const bar__ctx *c, const bar_spec_entry *e,
                       json_t *fig)
{
    bar_status rc = BAR_OK;
    const bar_question *q = c->q;
    size_t k = bar_question_nvars(q);
    item_order *order = calloc(k ? k : 1, sizeof *order);
    json_t *objs = json_array();
    if (!order || !objs) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    size_t base_n = 0, n = 0;
    if ((rc = bar__count_answered(c, e->base, q, e->id, &base_n, &n)) !=
        BAR_OK)
        goto cleanup;
    bool bad = false;
    json_t *codes = json_array(), *positive = json_array();
    const bar_variable *first = bar_question_var(q, 0);
    for (size_t j = 0; first && j < bar_var_ncodes(first); j++)
        bad |= json_array_append_new(
                   codes,
                   json_pack("{s:I, s:o}", BAR_RK_CODE,
                             (json_int_t)bar_var_code(first, j), BAR_RK_LABEL,
                             bar__code_label(first, j))) != 0;
    for (size_t i = 0; i < e->npositive; i++)
        bad |= json_array_append_new(positive,
                                     json_integer(e->positive[i])) != 0;
    bad |= bar__set(fig, BAR_RK_QUESTION, json_string(e->question));
    bad |= bar__set(fig, BAR_RK_LABEL,
                    bar__label(bar_question_text(q, BAR_LANG_NL),
                               bar_question_text(q, BAR_LANG_EN)));
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)base_n));
    bad |= bar__set(fig, BAR_RK_N, json_integer((json_int_t)n));
    bad |=
        bar__set(fig, BAR_RK_MISSING, json_integer((json_int_t)(base_n - n)));
    bad |= bar__set(fig, BAR_RK_SUPPRESSED, json_boolean(n < c->min_group));
    bad |= bar__set(fig, BAR_RK_CODES, codes);
    bad |= bar__set(fig, BAR_RK_POSITIVE_CODES, positive);
    bad |= bar__set(fig, BAR_RK_SORT,
                    json_string(e->sort_positive ? "positive"
                                                 : "questionnaire"));
    if (bad) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    for (size_t i = 0; i < k; i++) {
        const bar_variable *v = bar_question_var(q, i);
        size_t nc = bar_var_ncodes(v), col = bar_var_index(v);
        size_t cnt[16] = {0}, valid = 0, pos = 0;
        double sum = 0;
        const double *values = bar_dataset_column(c->ds, col);
        for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
            if (!bar__in_base(c, e->base, r))
                continue;
            double x = values[r];
            long p = isnan(x) ? -1 : bar_var_code_pos(v, (long)x);
            if (p < 0 || p >= 16)
                continue;
            cnt[p]++;
            valid++;
            sum += x;
            pos += is_positive(e, x);
        }
        bool hide = valid < c->min_group;
        json_t *counts = json_array(), *pcts = json_array();
        for (size_t j = 0; j < nc && j < 16; j++) {
            bad |= json_array_append_new(
                       counts, hide ? json_null()
                                    : json_integer((json_int_t)cnt[j])) != 0;
            bad |= json_array_append_new(
                       pcts, hide ? json_null()
                                  : json_real(100.0 * (double)cnt[j] /
                                              (double)valid)) != 0;
        }
        json_t *share = json_object();
        /* json_pack leaves the 'o' values after a NULL one unreleased: no
         * NULL goes in (allocation failure test, analyze N=7114) */
        if (bad || !counts || !pcts || !share) {
            json_decref(counts);
            json_decref(pcts);
            json_decref(share);
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
        json_t *item = json_pack(
            "{s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:b}", BAR_RK_VARIABLE,
            bar_var_name(v), BAR_RK_LABEL, bar__var_label(v), BAR_RK_N,
            (json_int_t)valid, BAR_RK_COUNTS, counts, BAR_RK_PERCENTS, pcts,
            BAR_RK_POSITIVE, share, BAR_RK_MEAN,
            hide ? json_null() : json_real(sum / (double)valid),
            BAR_RK_SUPPRESSED, hide);
        if (bad || !item || json_array_append_new(objs, item) ||
            bar__share(c, share, pos, valid, hide) != BAR_OK) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
        if (valid == 0 &&
            bar_results_note(item, BAR_RK_NOTE, "no answers in the base",
                             NULL) != BAR_OK) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
        order[i] = (item_order){
            .index = i,
            .positive = hide ? -1.0 : (double)pos / (double)valid};
    }
    if (e->sort_positive)
        qsort(order, k, sizeof *order, by_positive);
    json_t *items = json_array();
    if (bar__set(fig, BAR_RK_ITEMS, items)) {
        rc = bar__no_memory(c, e->id);
        goto cleanup;
    }
    for (size_t i = 0; i < k; i++)
        if (json_array_append(items, json_array_get(objs, order[i].index))) {
            rc = bar__no_memory(c, e->id);
            goto cleanup;
        }
    if (n == 0)
        rc = bar_results_note(fig, BAR_RK_NOTE,
                              "no case in the base answered '{1}'",
                              e->question, NULL);
cleanup:
    json_decref(objs);
    free(order);
    return rc;
}

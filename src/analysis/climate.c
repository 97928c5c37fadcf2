/* climate.c - kind "scale": the innovation-climate scale section
 * (analysis.md, "The innovation-climate scale").
 *
 * The fit (item selection, scores, k-means groups) is computed in the
 * derive step (scalefit.h), which also writes the score and group columns;
 * this file only reports it as JSON, with two descriptions of it:
 *   - reliability: Cronbach's alpha and alpha-if-deleted of the retained
 *     items, and of all items before the selection;
 *   - distribution of the scores: describe, Shapiro-Wilk, histogram.
 * It never writes the dataset. The numerics are src/stats (scale.h,
 * describe.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "analysis/scalefit.h"
#include "core/i18n.h"
#include "stats/describe.h"
#include "stats/proportion.h"
#include "stats/scale.h"
#include "results/results.h"

typedef struct scale_state {
    const bar__ctx *c;
    const bar_spec_entry *e;
    const bar_scale_fit *fit;
    const bar_question *q;
    size_t k;          /* items of the question */
    size_t nrows;      /* cases in the base */
    double *x;         /* nrows x k, the answers */
    double *sub;       /* nrows x k scratch */
} scale_state;

static json_t *names_of(const scale_state *s, const size_t *idx, size_t m)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < m; i++)
        if (json_array_append_new(a, json_string(bar_var_name(
                                         bar_question_var(s->q, idx[i])))))
            return json_decref(a), NULL;
    return a;
}

static const char *drop_reason(const scale_state *s, const bar_scale_drop *d,
                               char *buf, size_t size)
{
    switch (d->why) {
    case BAR_SCALE_DROP_NO_ANSWERS:
        return BAR_RV_REASON_NO_ANSWERS;
    case BAR_SCALE_DROP_CONSTANT:
        return BAR_RV_REASON_CONSTANT;
    case BAR_SCALE_DROP_LOADING:
        break;
    }
    snprintf(buf, size, "|loading| %.3f < %.2f", fabs(d->loading),
             s->e->min_loading);
    return buf;
}

static bool put_drop(json_t *dropped, const scale_state *s,
                     const bar_scale_drop *d)
{
    char why[96];
    const bar_variable *v = bar_question_var(s->q, d->item);
    json_t *o = json_pack(
        "{s:s, s:o, s:s, s:o, s:o}", BAR_RK_VARIABLE, bar_var_name(v),
        BAR_RK_LABEL, bar__var_label(v), BAR_RK_REASON,
        drop_reason(s, d, why, sizeof why), BAR_RK_ROUND,
        d->round > 0 ? json_integer(d->round) : json_null(), BAR_RK_LOADING,
        bar__real(d->loading));
    return !o || json_array_append_new(dropped, o) != 0;
}

/* Step 1: the rounds of the selection. True on out of memory. The order
 * of "dropped" is the fit's: round 0, then each round's. */
static bool selection(const scale_state *s, json_t *sel)
{
    const bar_scale_fit *f = s->fit;
    bool bad = false;
    json_t *rounds = json_array(), *dropped = json_array();
    bad |= bar__set(sel, BAR_RK_ROUNDS, rounds);
    bad |= bar__set(sel, BAR_RK_DROPPED, dropped);
    bad |= bar__set(sel, BAR_RK_MIN_LOADING, json_real(s->e->min_loading));
    bad |= bar__set(sel, BAR_RK_METHOD, json_string(
        BAR_RV_METHOD_PAF));
    size_t nd = 0;
    while (!bad && nd < f->ndropped && f->dropped[nd].round == 0)
        bad |= put_drop(dropped, s, &f->dropped[nd++]);
    for (size_t i = 0; !bad && i < f->nrounds; i++) {
        const bar_scale_round *r = &f->rounds[i];
        int round = (int)i + 1;
        json_t *load = json_array(), *eig = json_array();
        for (size_t j = 0; j < r->nitems; j++) {
            bad |= json_array_append_new(load, bar__real(r->loadings[j]));
            bad |= json_array_append_new(eig, bar__real(r->eigenvalues[j]));
        }
        json_t *ro =
            json_pack("{s:i, s:o, s:I, s:o, s:o, s:o, s:i, s:b}", BAR_RK_ROUND,
                      round, BAR_RK_ITEMS, names_of(s, r->items, r->nitems),
                      BAR_RK_NCOMPLETE, (json_int_t)r->ncomplete,
                      BAR_RK_LOADINGS, load, BAR_RK_EIGENVALUES, eig,
                      BAR_RK_EXPLAINED, bar__real(100.0 * r->explained),
                      BAR_RK_ITERATIONS, r->iterations, BAR_RK_CONVERGED,
                      r->converged);
        bad |= !ro || json_array_append_new(rounds, ro) != 0;
        while (!bad && nd < f->ndropped && f->dropped[nd].round == round)
            bad |= put_drop(dropped, s, &f->dropped[nd++]);
    }
    switch (f->selection_end) {
    case BAR_SCALE_SELECTED:
        break;
    case BAR_SCALE_FEW_ITEMS:
        bad |= bar_results_note(sel, BAR_RK_ERROR,
                                "fewer than 3 usable items: no "
                                "factor analysis",
                                NULL) != BAR_OK;
        break;
    case BAR_SCALE_FACTOR_FAILED:
        bad |= bar__set(sel, BAR_RK_ERROR,
                        json_string(f->selection_detail));
        break;
    }
    bad |= bar__set(sel, BAR_RK_RETAINED,
                    names_of(s, f->retained, f->nretained));
    return bad;
}

/* Alpha, alpha-if-deleted and item-total correlations of the m items
 * idx (columns of s->x, gathered into s->sub) into rel. */
static bool put_alpha(scale_state *s, json_t *rel, const size_t *idx,
                      size_t m, const char *too_few)
{
    bool bad = false;
    bar_alpha a = {0};
    bar_error err;
    bar_error_init(&err);
    for (size_t r = 0; r < s->nrows; r++)
        for (size_t j = 0; j < m; j++)
            s->sub[r * m + j] = s->x[r * s->k + idx[j]];
    if (m < 2) {
        bad |= bar_results_note(rel, BAR_RK_ERROR, too_few, NULL) != BAR_OK;
    } else if (bar_scale_alpha(s->sub, s->nrows, m, &a, &err) != BAR_OK) {
        bad |= bar__set_failure(rel, BAR_RK_ERROR, &err);
    } else {
        json_t *items = json_array();
        for (size_t j = 0; j < m; j++)
            bad |= json_array_append_new(
                       items,
                       json_pack("{s:s, s:o, s:o}", BAR_RK_VARIABLE,
                                 bar_var_name(bar_question_var(s->q, idx[j])),
                                 BAR_RK_ALPHA_IF_DELETED,
                                 bar__real(a.alpha_if_deleted[j]),
                                 BAR_RK_ITEM_TOTAL_R,
                                 bar__real(a.item_total_r[j]))) != 0;
        bad |= bar__set(rel, BAR_RK_ALPHA, bar__real(a.alpha));
        bad |= bar__set(rel, BAR_RK_NCOMPLETE, json_integer((json_int_t)
                                                       a.ncomplete));
        bad |= bar__set(rel, BAR_RK_ITEMS, items);
    }
    bar_alpha_clear(&a);
    bar_error_clear(&err);
    return bad;
}

/* Step 2: alpha of the retained items ("reliability"), and of every item
 * of the question before the selection ("reliability_all"), so that a
 * reader sees what the selection gained. */
static bool reliability(scale_state *s, json_t *fig)
{
    size_t *idx = malloc((s->k ? s->k : 1) * sizeof *idx);
    if (!idx)
        return true;
    bool bad = false;
    json_t *rel = json_object();
    bad |= bar__set(fig, BAR_RK_RELIABILITY, rel);
    if (!bad)
        bad |= put_alpha(s, rel, s->fit->retained, s->fit->nretained,
                         N_("fewer than 2 items retained"));
    json_t *all = json_object();
    bad |= bar__set(fig, BAR_RK_RELIABILITY_ALL, all);
    for (size_t j = 0; j < s->k; j++)
        idx[j] = j;
    if (!bad)
        bad |= put_alpha(s, all, idx, s->k, "fewer than 2 items");
    free(idx);
    return bad;
}

/* Step 3: distribution of the scores (the fit's, base order). */
static bool distribution(scale_state *s, json_t *fig)
{
    const double *scores = s->fit->score;
    bool bad = false;
    json_t *d = json_object();
    bad |= bar__set(fig, BAR_RK_DISTRIBUTION, d);
    bar_describe desc;
    bar_shapiro sw;
    bar_error err;
    bar_error_init(&err);
    if (bar_describe_compute(scores, s->nrows, &desc, &err) != BAR_OK) {
        bad |= bar__set_failure(d, BAR_RK_ERROR, &err);
        bar_error_clear(&err);
        return bad;
    }
    bad |= bar__set(d, BAR_RK_N, json_integer((json_int_t)desc.n));
    bad |= bar__set(d, BAR_RK_MEAN, bar__real(desc.mean));
    bad |= bar__set(d, BAR_RK_SD, bar__real(desc.sd));
    bad |= bar__set(d, BAR_RK_MIN, bar__real(desc.min));
    bad |= bar__set(d, BAR_RK_MAX, bar__real(desc.max));
    bad |= bar__set(d, BAR_RK_SKEWNESS, bar__real(desc.skewness));
    bad |= bar__set(d, BAR_RK_KURTOSIS, bar__real(desc.kurtosis));
    sw.n = SIZE_MAX;
    bar_status swrc = bar_shapiro_wilk(scores, s->nrows, &sw, &err);
    if (swrc == BAR_OK) {
        bad |= bar__set(d, BAR_RK_SHAPIRO_W, bar__real(sw.w));
        bad |= bar__set(d, BAR_RK_SHAPIRO_P, bar__real(sw.p));
    } else {
        bad |= bar__set(d, BAR_RK_SHAPIRO_W, json_null());
        bad |= bar__set(d, BAR_RK_SHAPIRO_P, json_null());
        /* the reason by its condition, not by its message */
        if (swrc == BAR_EINVALID && sw.n != SIZE_MAX &&
            (sw.n < 3 || sw.n > 5000))
            bad |= bar_results_note(d, BAR_RK_SHAPIRO_NOTE,
                                    "shapiro-wilk: sample size {1} is not "
                                    "between 3 and 5000",
                                    BAR__ZU(sw.n), NULL) != BAR_OK;
        else
            bad |= bar__set_failure(d, BAR_RK_SHAPIRO_NOTE, &err);
    }
    /* histogram over the items' code range */
    const bar_variable *v0 = bar_question_var(s->q, 0);
    double lo = (double)bar_var_min(v0), hi = (double)bar_var_max(v0);
    size_t nb = s->e->bins;
    double w = (hi - lo) / (double)nb;
    json_t *bins = json_array();
    bad |= bar__set(d, BAR_RK_HISTOGRAM, bins);
    for (size_t b = 0; !bad && b < nb && w > 0; b++) {
        double from = lo + (double)b * w, to = lo + (double)(b + 1) * w;
        size_t cnt = 0;
        for (size_t r = 0; r < s->nrows; r++) {
            double x = scores[r];
            if (isnan(x))
                continue;
            size_t at = x >= hi ? nb - 1 : (size_t)((x - lo) / w);
            cnt += at == b;
        }
        bad |= json_array_append_new(
                   bins,
                   json_pack("{s:f, s:f, s:I}", BAR_RK_FROM, from, BAR_RK_TO,
                             to, BAR_RK_COUNT, (json_int_t)cnt)) != 0;
    }
    bar_error_clear(&err);
    return bad;
}

/* Step 4: the fit's k-means groups. */
static bool groups(scale_state *s, json_t *fig)
{
    bool bad = false;
    const bar__ctx *c = s->c;
    const bar_scale_fit *f = s->fit;
    const bar_kmeans1d *km = &f->km;
    const bar_variable *gv = bar__var(c, s->e->groups);
    json_t *g = json_object();
    bad |= bar__set(fig, BAR_RK_GROUPS, g);
    bad |= bar__set(g, BAR_RK_VARIABLE, json_string(s->e->groups));
    bad |= bar__set(g, BAR_RK_METHOD, json_string(
        BAR_RV_METHOD_KMEANS));
    bad |= bar__set(g, BAR_RK_K, json_integer((json_int_t)s->e->nclusters));
    if (bad)
        return bad;
    if (f->stop == BAR_SCALE_GROUPS_FAILED)
        return bar__set(g, BAR_RK_ERROR, json_string(f->groups_detail));
    size_t total = 0;
    for (size_t i = 0; i < km->k; i++)
        total += km->sizes[i];
    bool hide = false;
    for (size_t i = 0; i < km->k; i++)
        hide |= km->sizes[i] < c->min_group;
    json_t *list = json_array(), *cuts = json_array();
    for (size_t i = 0; i + 1 < km->k; i++)
        bad |= json_array_append_new(cuts, bar__real(km->cuts[i])) != 0;
    for (size_t i = 0; i < km->k; i++) {
        json_t *o = json_pack("{s:I, s:o, s:o}", BAR_RK_CODE,
                              (json_int_t)bar_var_code(gv, i), BAR_RK_LABEL,
                              bar__code_label(gv, i), BAR_RK_CENTER,
                              bar__real(km->centers[i]));
        bad |= !o || json_array_append_new(list, o) != 0 ||
               bar__set(o, BAR_RK_N, hide ? json_null()
                                     : json_integer((json_int_t)
                                                    km->sizes[i]));
        if (o)
            bad |= bar__share(c, o, km->sizes[i], total, hide) != BAR_OK;
    }
    bad |= bar__set(g, BAR_RK_GROUPS, list);
    bad |= bar__set(g, BAR_RK_CUTS, cuts);
    bad |= bar__set(g, BAR_RK_WITHINSS, bar__real(km->withinss));
    bad |= bar__set(g, BAR_RK_BETWEENSS, bar__real(km->betweenss));
    if (hide)
        bad |= bar_results_note(g, BAR_RK_NOTE,
                                "a group has fewer than {1} cases: "
                                "sizes suppressed",
                                BAR__ZU(c->min_group), NULL) != BAR_OK;
    return bad;
}

/* The fit derive made for e (c->fits), or a new one in *own. */
static bar_status fit_of(const bar__ctx *c, const bar_spec_entry *e,
                         bar_scale_fit *own, const bar_scale_fit **fit)
{
    *fit = bar_scale_fits_find(c->fits, e);
    if (*fit)
        return BAR_OK;
    bar_status rc = bar_scale_fit_compute(c->ds, e, own, c->err);
    if (rc == BAR_OK)
        *fit = own;
    return rc;
}

bar_status bar__scale(const bar__ctx *c, const bar_spec_entry *e,
                      json_t *fig)
{
    bar_status rc = BAR_OK;
    bar_scale_fit own = {0};
    const bar_scale_fit *fit = NULL;
    scale_state s = {.c = c, .e = e, .q = c->q};
    if ((rc = fit_of(c, e, &own, &fit)) != BAR_OK)
        goto cleanup;
    s.fit = fit;
    s.k = bar_question_nvars(s.q);
    s.nrows = fit->nbase;
    size_t cap = s.nrows ? s.nrows : 1, kk = s.k ? s.k : 1;
    s.x = malloc(cap * kk * sizeof *s.x);
    s.sub = malloc(cap * kk * sizeof *s.sub);
    if (!s.x || !s.sub)
        goto nomem;
    /* The items into s.x, row-major, one whole column at a time. */
    for (size_t j = 0; j < s.k; j++) {
        const double *item = bar_dataset_column(
            c->ds, bar_var_index(bar_question_var(s.q, j)));
        for (size_t r = 0; r < s.nrows; r++)
            s.x[r * s.k + j] = item[fit->rows[r]];
    }
    json_t *sel = json_object();
    /* every set runs: sel is handed over also when an earlier set fails
     * (test_alloc analyze N=928: 2 blocks leaked) */
    bool bad = false;
    bad |= bar__set(fig, BAR_RK_QUESTION, json_string(e->question));
    bad |= bar__set(fig, BAR_RK_VARIABLE, json_string(e->variable));
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)s.nrows));
    bad |= bar__set(fig, BAR_RK_SELECTION, sel);
    if (bad || selection(&s, sel) || reliability(&s, fig))
        goto nomem;
    size_t nscored = fit->nscored;
    if (bar__set(fig, BAR_RK_N, json_integer((json_int_t)nscored)) ||
        bar__set(fig, BAR_RK_MISSING,
                 json_integer((json_int_t)(s.nrows - nscored))) ||
        bar__set(fig, BAR_RK_SCORE, json_string(
            BAR_RV_SCORE_MEAN)))
        goto nomem;
    if (fit->stop == BAR_SCALE_NO_SCORE) {
        rc = bar_results_note(fig, BAR_RK_ERROR,
                              "no case has a score: no distribution "
                              "and no groups",
                              NULL);
        goto cleanup;
    }
    if (distribution(&s, fig) || groups(&s, fig))
        goto nomem;
    goto cleanup;
nomem:
    rc = bar__no_memory(c, e->id);
cleanup:
    free(s.x);
    free(s.sub);
    bar_scale_fit_clear(&own);
    return rc;
}

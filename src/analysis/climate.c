/* climate.c - kind "scale": the innovation-climate scale section
 * (analysis.md, "The innovation-climate scale"), which also sets the
 * derived score (climate) and group (climate_group) variables of the
 * dataset before any other entry runs.
 *
 * 1. item selection: items without answers or without variation are set
 *    aside first; then one-factor PAF on the Pearson correlations of the
 *    complete cases, dropping every item with |loading| < min_loading, and
 *    again until none is dropped (each round reported);
 * 2. Cronbach's alpha and alpha-if-deleted of the retained items, and of
 *    all items before the selection;
 * 3. score = mean of the retained items answered, missing when fewer than
 *    half were answered;
 * 4. distribution: describe, Shapiro-Wilk, histogram;
 * 5. groups: optimal 1-D k-means, groups numbered by ascending centre.
 * The numerics are src/stats (scale.h, describe.h, kmeans1d.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "core/i18n.h"
#include "stats/describe.h"
#include "stats/kmeans1d.h"
#include "stats/proportion.h"
#include "stats/scale.h"
#include "results/results.h"

enum { PAF_MAX_ITER = 1000 };
static const double paf_tol = 1e-9;

typedef struct scale_state {
    const bar__ctx *c;
    const bar_spec_entry *e;
    const bar_question *q;
    size_t k;          /* items of the question */
    size_t nrows;      /* cases in the base */
    size_t *rows;      /* their row numbers */
    double *x;         /* nrows x k */
    bool *kept;        /* k */
    double *sub;       /* nrows x k scratch */
    double *r;         /* k x k */
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

/* Copy the kept columns into s->sub; returns their count, indices in idx. */
static size_t gather(scale_state *s, size_t *idx)
{
    size_t m = 0;
    for (size_t j = 0; j < s->k; j++)
        if (s->kept[j])
            idx[m++] = j;
    for (size_t r = 0; r < s->nrows; r++)
        for (size_t j = 0; j < m; j++)
            s->sub[r * m + j] = s->x[r * s->k + idx[j]];
    return m;
}

static bool drop(json_t *dropped, const scale_state *s, size_t j,
                 int round, const char *reason, double loading)
{
    json_t *o = json_pack(
        "{s:s, s:o, s:s, s:o, s:o}", BAR_RK_VARIABLE,
        bar_var_name(bar_question_var(s->q, j)), BAR_RK_LABEL,
        bar__var_label(bar_question_var(s->q, j)), BAR_RK_REASON, reason,
        BAR_RK_ROUND, round > 0 ? json_integer(round) : json_null(),
        BAR_RK_LOADING, bar__real(loading));
    return !o || json_array_append_new(dropped, o) != 0;
}

/* Step 1: rounds of PAF. Returns true on out of memory; an error that
 * stops the selection goes to selection["error"]. */
static bool select_items(scale_state *s, json_t *sel)
{
    bool bad = false;
    json_t *rounds = json_array(), *dropped = json_array();
    bad |= bar__set(sel, BAR_RK_ROUNDS, rounds);
    bad |= bar__set(sel, BAR_RK_DROPPED, dropped);
    bad |= bar__set(sel, BAR_RK_MIN_LOADING, json_real(s->e->min_loading));
    bad |= bar__set(sel, BAR_RK_METHOD, json_string(
        BAR_RV_METHOD_PAF));
    /* items without answers or without variation */
    for (size_t j = 0; !bad && j < s->k; j++) {
        size_t n = 0;
        double first = NAN;
        bool varies = false;
        for (size_t r = 0; r < s->nrows; r++) {
            double v = s->x[r * s->k + j];
            if (isnan(v))
                continue;
            if (n++ == 0)
                first = v;
            else if (v != first)
                varies = true;
        }
        if (n == 0 || !varies) {
            s->kept[j] = false;
            bad |= drop(dropped, s, j, 0,
                        n == 0 ? BAR_RV_REASON_NO_ANSWERS
                               : BAR_RV_REASON_CONSTANT,
                        NAN);
        }
    }
    size_t *idx = malloc((s->k ? s->k : 1) * sizeof *idx);
    if (!idx)
        return true;
    bar_error err;
    bar_error_init(&err);
    for (int round = 1; !bad; round++) {
        size_t m = gather(s, idx);
        if (m < 3) {
            bad |= bar_results_note(sel, BAR_RK_ERROR,
                                    "fewer than 3 usable items: no "
                                    "factor analysis",
                                    NULL) != BAR_OK;
            break;
        }
        size_t ncomplete = 0;
        bar_paf paf = {0};
        if (bar_scale_correlation(s->sub, s->nrows, m, s->r, &ncomplete,
                                  &err) != BAR_OK ||
            bar_scale_paf(s->r, m, paf_tol, PAF_MAX_ITER, &paf, &err) !=
                BAR_OK) {
            bad |= bar__set_failure(sel, BAR_RK_ERROR, &err);
            bar_paf_clear(&paf);
            break;
        }
        json_t *load = json_array(), *eig = json_array();
        for (size_t j = 0; j < m; j++) {
            bad |= json_array_append_new(load, bar__real(paf.loadings[j]));
            bad |= json_array_append_new(eig, bar__real(paf.eigenvalues[j]));
        }
        json_t *ro =
            json_pack("{s:i, s:o, s:I, s:o, s:o, s:o, s:i, s:b}", BAR_RK_ROUND,
                      round, BAR_RK_ITEMS, names_of(s, idx, m),
                      BAR_RK_NCOMPLETE, (json_int_t)ncomplete, BAR_RK_LOADINGS,
                      load, BAR_RK_EIGENVALUES, eig, BAR_RK_EXPLAINED,
                      bar__real(100.0 * paf.explained), BAR_RK_ITERATIONS,
                      paf.iterations, BAR_RK_CONVERGED, paf.converged);
        bad |= !ro || json_array_append_new(rounds, ro) != 0;
        size_t ndrop = 0;
        for (size_t j = 0; j < m; j++)
            if (fabs(paf.loadings[j]) < s->e->min_loading) {
                char why[96];
                snprintf(why, sizeof why, "|loading| %.3f < %.2f",
                         fabs(paf.loadings[j]), s->e->min_loading);
                s->kept[idx[j]] = false;
                bad |= drop(dropped, s, idx[j], round, why, paf.loadings[j]);
                ndrop++;
            }
        bar_paf_clear(&paf);
        if (ndrop == 0)
            break;
    }
    size_t m = gather(s, idx);
    bad |= bar__set(sel, BAR_RK_RETAINED, names_of(s, idx, m));
    free(idx);
    bar_error_clear(&err);
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

/* Step 2: alpha of the kept items ("reliability"), and of every item of
 * the question before the selection ("reliability_all"), so that a reader
 * sees what the selection gained. */
static bool reliability(scale_state *s, json_t *fig)
{
    size_t *idx = malloc((s->k ? s->k : 1) * sizeof *idx);
    if (!idx)
        return true;
    size_t m = gather(s, idx);
    bool bad = false;
    json_t *rel = json_object();
    bad |= bar__set(fig, BAR_RK_RELIABILITY, rel);
    if (!bad)
        bad |= put_alpha(s, rel, idx, m, N_("fewer than 2 items retained"));
    json_t *all = json_object();
    bad |= bar__set(fig, BAR_RK_RELIABILITY_ALL, all);
    for (size_t j = 0; j < s->k; j++)
        idx[j] = j;
    if (!bad)
        bad |= put_alpha(s, all, idx, s->k, "fewer than 2 items");
    free(idx);
    return bad;
}

/* Step 3: the score of each case into the score column (and *scores). */
static size_t score(scale_state *s, double *scores)
{
    size_t m = 0, nscored = 0;
    for (size_t j = 0; j < s->k; j++)
        m += s->kept[j];
    long col = bar_dataset_col(s->c->ds, s->e->variable);
    for (size_t r = 0; r < s->nrows; r++) {
        size_t answered = 0;
        double sum = 0;
        for (size_t j = 0; j < s->k; j++) {
            double v = s->x[r * s->k + j];
            if (s->kept[j] && !isnan(v)) {
                answered++;
                sum += v;
            }
        }
        scores[r] = m > 0 && 2 * answered >= m ? sum / (double)answered
                                               : NAN;
        nscored += !isnan(scores[r]);
        bar_dataset_set(s->c->ds, s->rows[r], (size_t)col, scores[r]);
    }
    return nscored;
}

/* Step 4: distribution of the scores. */
static bool distribution(scale_state *s, const double *scores, json_t *fig)
{
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

/* Step 5: k-means groups into the group column. */
static bool groups(scale_state *s, const double *scores, json_t *fig)
{
    bool bad = false;
    const bar__ctx *c = s->c;
    const bar_variable *gv = bar__var(c, s->e->groups);
    long gcol = bar_dataset_col(c->ds, s->e->groups);
    json_t *g = json_object();
    bad |= bar__set(fig, BAR_RK_GROUPS, g);
    int *assign = malloc((s->nrows ? s->nrows : 1) * sizeof *assign);
    bar_kmeans1d km = {0};
    bar_error err;
    bar_error_init(&err);
    if (!assign) {
        bad = true;
        goto done;
    }
    bad |= bar__set(g, BAR_RK_VARIABLE, json_string(s->e->groups));
    bad |= bar__set(g, BAR_RK_METHOD, json_string(
        BAR_RV_METHOD_KMEANS));
    bad |= bar__set(g, BAR_RK_K, json_integer((json_int_t)s->e->nclusters));
    if (bar_kmeans1d_fit(scores, s->nrows, s->e->nclusters, assign, &km,
                         &err) != BAR_OK) {
        bad |= bar__set_failure(g, BAR_RK_ERROR, &err);
        goto done;
    }
    size_t total = 0;
    for (size_t i = 0; i < km.k; i++)
        total += km.sizes[i];
    bool hide = false;
    for (size_t i = 0; i < km.k; i++)
        hide |= km.sizes[i] < c->min_group;
    json_t *list = json_array(), *cuts = json_array();
    for (size_t i = 0; i + 1 < km.k; i++)
        bad |= json_array_append_new(cuts, bar__real(km.cuts[i])) != 0;
    for (size_t i = 0; i < km.k; i++) {
        json_t *o = json_pack("{s:I, s:o, s:o}", BAR_RK_CODE,
                              (json_int_t)bar_var_code(gv, i), BAR_RK_LABEL,
                              bar__code_label(gv, i), BAR_RK_CENTER,
                              bar__real(km.centers[i]));
        bad |= !o || json_array_append_new(list, o) != 0 ||
               bar__set(o, BAR_RK_N, hide ? json_null()
                                     : json_integer((json_int_t)
                                                    km.sizes[i]));
        if (o)
            bad |= bar__share(c, o, km.sizes[i], total, hide) != BAR_OK;
    }
    bad |= bar__set(g, BAR_RK_GROUPS, list);
    bad |= bar__set(g, BAR_RK_CUTS, cuts);
    bad |= bar__set(g, BAR_RK_WITHINSS, bar__real(km.withinss));
    bad |= bar__set(g, BAR_RK_BETWEENSS, bar__real(km.betweenss));
    if (hide)
        bad |= bar_results_note(g, BAR_RK_NOTE,
                                "a group has fewer than {1} cases: "
                                "sizes suppressed",
                                BAR__ZU(c->min_group), NULL) != BAR_OK;
    for (size_t r = 0; r < s->nrows; r++)
        bar_dataset_set(c->ds, s->rows[r], (size_t)gcol,
                        assign[r] < 0 ? NAN
                                      : (double)bar_var_code(
                                            gv, (size_t)assign[r]));
done:
    bar_kmeans1d_clear(&km);
    bar_error_clear(&err);
    free(assign);
    return bad;
}

bar_status bar__scale(const bar__ctx *c, const bar_spec_entry *e,
                      json_t *fig)
{
    bar_status rc = BAR_OK;
    scale_state s = {.c = c, .e = e, .q = c->q};
    double *scores = NULL;
    s.k = bar_question_nvars(s.q);
    size_t nrows = bar_dataset_nrows(c->ds);
    /* clear what a previous run left in the derived columns */
    long scol = bar_dataset_col(c->ds, e->variable);
    long gcol = bar_dataset_col(c->ds, e->groups);
    for (size_t r = 0; r < nrows; r++) {
        bar_dataset_set(c->ds, r, (size_t)scol, NAN);
        bar_dataset_set(c->ds, r, (size_t)gcol, NAN);
    }
    size_t cap = nrows ? nrows : 1, kk = s.k ? s.k : 1;
    s.rows = malloc(cap * sizeof *s.rows);
    s.x = malloc(cap * kk * sizeof *s.x);
    s.sub = malloc(cap * kk * sizeof *s.sub);
    s.r = malloc(kk * kk * sizeof *s.r);
    s.kept = malloc(kk * sizeof *s.kept);
    scores = malloc(cap * sizeof *scores);
    if (!s.rows || !s.x || !s.sub || !s.r || !s.kept || !scores)
        goto nomem;
    for (size_t r = 0; r < nrows; r++)
        if (bar__in_base(c, e->base, r))
            s.rows[s.nrows++] = r;
    /* Copy the items into s.x, row-major, one whole column at a time. */
    for (size_t j = 0; j < s.k; j++) {
        const double *item = bar_dataset_column(
            c->ds, bar_var_index(bar_question_var(s.q, j)));
        for (size_t r = 0; r < s.nrows; r++)
            s.x[r * s.k + j] = item[s.rows[r]];
    }
    for (size_t j = 0; j < s.k; j++)
        s.kept[j] = true;
    json_t *sel = json_object();
    /* '|': sel is handed over also when an earlier set fails
     * (test_alloc analyze N=928: 2 blocks leaked) */
    bool bad = bar__set(fig, BAR_RK_QUESTION, json_string(e->question)) |
               bar__set(fig, BAR_RK_VARIABLE, json_string(e->variable)) |
               bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)s.nrows)) |
               bar__set(fig, BAR_RK_SELECTION, sel);
    if (bad || select_items(&s, sel) || reliability(&s, fig))
        goto nomem;
    size_t nscored = score(&s, scores);
    if (bar__set(fig, BAR_RK_N, json_integer((json_int_t)nscored)) ||
        bar__set(fig, BAR_RK_MISSING,
                 json_integer((json_int_t)(s.nrows - nscored))) ||
        bar__set(fig, BAR_RK_SCORE, json_string(
            BAR_RV_SCORE_MEAN)))
        goto nomem;
    if (nscored == 0) {
        rc = bar_results_note(fig, BAR_RK_ERROR,
                              "no case has a score: no distribution "
                              "and no groups",
                              NULL);
        goto cleanup;
    }
    if (distribution(&s, scores, fig) || groups(&s, scores, fig))
        goto nomem;
    goto cleanup;
nomem:
    rc = bar__no_memory(c, e->id);
cleanup:
    free(s.rows);
    free(s.x);
    free(s.sub);
    free(s.r);
    free(s.kept);
    free(scores);
    return rc;
}

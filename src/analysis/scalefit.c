/* scalefit.c - the fit of a scale entry (see scalefit.h). */
#include "analysis/scalefit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/scale.h"

enum { PAF_MAX_ITER = 1000 };
static const double paf_tol = 1e-9;

/* The working state of one fit; everything but fit is scratch. */
typedef struct fit_state {
    bar_scale_fit *fit;
    size_t k;      /* items of the question */
    double *x;     /* nbase x k, the answers */
    bool *kept;    /* k */
    double *sub;   /* nbase x k scratch */
    double *r;     /* k x k */
    size_t *idx;   /* k scratch */
} fit_state;

static const bar_question *question_of(const bar_instrument *ins,
                                       const char *id)
{
    for (size_t i = 0; id && i < bar_instrument_nquestions(ins); i++) {
        const bar_question *q = bar_instrument_question(ins, i);
        if (strcmp(bar_question_id(q), id) == 0)
            return q;
    }
    return NULL;
}

static bool in_base(const bar_spec_entry *e, const double *innovated,
                    size_t r)
{
    if (e->base == BAR_BASE_ALL)
        return true;
    return innovated && innovated[r] == 1.0;
}

/* Copy the kept columns into s->sub; returns their count, indices in
 * s->idx. */
static size_t gather(fit_state *s)
{
    size_t m = 0, n = s->fit->nbase;
    for (size_t j = 0; j < s->k; j++)
        if (s->kept[j])
            s->idx[m++] = j;
    for (size_t r = 0; r < n; r++)
        for (size_t j = 0; j < m; j++)
            s->sub[r * m + j] = s->x[r * s->k + s->idx[j]];
    return m;
}

static void drop(fit_state *s, size_t j, int round, bar_scale_drop_why why,
                 double loading)
{
    bar_scale_fit *f = s->fit;
    s->kept[j] = false;
    f->dropped[f->ndropped++] = (bar_scale_drop){
        .item = j, .round = round, .why = why, .loading = loading};
}

/* Round 0: items without answers or without variation. */
static void set_aside(fit_state *s)
{
    size_t n = s->fit->nbase;
    for (size_t j = 0; j < s->k; j++) {
        size_t answered = 0;
        double first = NAN;
        bool varies = false;
        for (size_t r = 0; r < n; r++) {
            double v = s->x[r * s->k + j];
            if (isnan(v))
                continue;
            if (answered++ == 0)
                first = v;
            else if (v != first)
                varies = true;
        }
        if (answered == 0 || !varies)
            drop(s, j, 0,
                 answered == 0 ? BAR_SCALE_DROP_NO_ANSWERS
                               : BAR_SCALE_DROP_CONSTANT,
                 NAN);
    }
}

/* A round's items, loadings and eigenvalues, copied out of paf. */
static bar_status keep_round(fit_state *s, size_t m, size_t ncomplete,
                             const bar_paf *paf)
{
    bar_scale_fit *f = s->fit;
    bar_scale_round *ro = &f->rounds[f->nrounds];
    *ro = (bar_scale_round){
        .nitems = m,
        .ncomplete = ncomplete,
        .explained = paf->explained,
        .iterations = paf->iterations,
        .converged = paf->converged,
        .items = malloc((m ? m : 1) * sizeof *ro->items),
        .loadings = malloc((m ? m : 1) * sizeof *ro->loadings),
        .eigenvalues = malloc((m ? m : 1) * sizeof *ro->eigenvalues),
    };
    f->nrounds++; /* counted also when incomplete: clear releases it */
    if (!ro->items || !ro->loadings || !ro->eigenvalues)
        return BAR_ENOMEM;
    for (size_t j = 0; j < m; j++) {
        ro->items[j] = s->idx[j];
        ro->loadings[j] = paf->loadings[j];
        ro->eigenvalues[j] = paf->eigenvalues[j];
    }
    return BAR_OK;
}

/* Step 1: rounds of PAF. BAR_ENOMEM only; a failure of the numerics ends
 * the selection with its message. Every round but the last drops at least
 * one item, so there are at most k rounds. */
static bar_status select_items(fit_state *s, double min_loading)
{
    bar_status rc = BAR_OK;
    bar_scale_fit *f = s->fit;
    bar_error err;
    bar_error_init(&err);
    set_aside(s);
    f->selection_end = BAR_SCALE_SELECTED;
    for (int round = 1;; round++) {
        size_t m = gather(s);
        if (m < 3) {
            f->selection_end = BAR_SCALE_FEW_ITEMS;
            break;
        }
        size_t ncomplete = 0;
        bar_paf paf = {0};
        bar_status src = bar_scale_correlation(s->sub, f->nbase, m, s->r,
                                               &ncomplete, &err);
        if (src == BAR_OK)
            src = bar_scale_paf(s->r, m, paf_tol, PAF_MAX_ITER, &paf, &err);
        if (src != BAR_OK) {
            bar_paf_clear(&paf);
            if (src == BAR_ENOMEM) {
                rc = BAR_ENOMEM;
                goto cleanup;
            }
            f->selection_end = BAR_SCALE_FACTOR_FAILED;
            memcpy(f->selection_detail, err.msg, sizeof err.msg);
            break;
        }
        rc = keep_round(s, m, ncomplete, &paf);
        size_t ndrop = 0;
        for (size_t j = 0; rc == BAR_OK && j < m; j++)
            if (fabs(paf.loadings[j]) < min_loading) {
                drop(s, s->idx[j], round, BAR_SCALE_DROP_LOADING,
                     paf.loadings[j]);
                ndrop++;
            }
        bar_paf_clear(&paf);
        if (rc != BAR_OK)
            goto cleanup;
        if (ndrop == 0)
            break;
    }
    f->nretained = gather(s);
    memcpy(f->retained, s->idx, f->nretained * sizeof *f->retained);
cleanup:
    bar_error_clear(&err);
    return rc;
}

/* Step 2: the score of each case in the base. */
static void score(fit_state *s)
{
    bar_scale_fit *f = s->fit;
    size_t m = f->nretained;
    for (size_t r = 0; r < f->nbase; r++) {
        size_t answered = 0;
        double sum = 0;
        for (size_t j = 0; j < s->k; j++) {
            double v = s->x[r * s->k + j];
            if (s->kept[j] && !isnan(v)) {
                answered++;
                sum += v;
            }
        }
        f->score[r] = m > 0 && 2 * answered >= m ? sum / (double)answered
                                                 : NAN;
        f->nscored += !isnan(f->score[r]);
    }
}

/* Step 3: the k-means groups of the scores. */
static bar_status groups(bar_scale_fit *f, size_t k)
{
    bar_status rc = BAR_OK;
    bar_error err;
    bar_error_init(&err);
    f->group = malloc((f->nbase ? f->nbase : 1) * sizeof *f->group);
    if (!f->group) {
        rc = BAR_ENOMEM;
        goto cleanup;
    }
    bar_status krc = bar_kmeans1d_fit(f->score, f->nbase, k, f->group,
                                      &f->km, &err);
    if (krc == BAR_ENOMEM) {
        rc = BAR_ENOMEM;
    } else if (krc != BAR_OK) {
        f->stop = BAR_SCALE_GROUPS_FAILED;
        memcpy(f->groups_detail, err.msg, sizeof err.msg);
        free(f->group);
        f->group = NULL;
    } else {
        f->stop = BAR_SCALE_GROUPED;
    }
cleanup:
    bar_error_clear(&err);
    return rc;
}

bar_status bar_scale_fit_compute(const bar_dataset *ds,
                                 const bar_spec_entry *e,
                                 bar_scale_fit *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    memset(out, 0, sizeof *out);
    out->entry = e;
    out->q = question_of(ins, e->question);
    fit_state s = {.fit = out, .k = out->q ? bar_question_nvars(out->q) : 0};
    size_t nrows = bar_dataset_nrows(ds);
    size_t cap = nrows ? nrows : 1, kk = s.k ? s.k : 1;
    long icol = bar_dataset_col(ds, "innovated");
    const double *innovated =
        icol >= 0 ? bar_dataset_column(ds, (size_t)icol) : NULL;
    if (!out->q) {
        rc = bar_error_set(err, BAR_ENOTFOUND, "derive: scale '%s': the "
                           "instrument has no question '%s'", e->id,
                           e->question ? e->question : "");
        goto cleanup;
    }
    out->rows = malloc(cap * sizeof *out->rows);
    out->score = malloc(cap * sizeof *out->score);
    out->rounds = malloc(kk * sizeof *out->rounds);
    out->dropped = malloc(kk * sizeof *out->dropped);
    out->retained = malloc(kk * sizeof *out->retained);
    s.x = malloc(cap * kk * sizeof *s.x);
    s.sub = malloc(cap * kk * sizeof *s.sub);
    s.r = malloc(kk * kk * sizeof *s.r);
    s.kept = malloc(kk * sizeof *s.kept);
    s.idx = malloc(kk * sizeof *s.idx);
    if (!out->rows || !out->score || !out->rounds || !out->dropped ||
        !out->retained || !s.x || !s.sub || !s.r || !s.kept || !s.idx)
        goto nomem;
    for (size_t r = 0; r < nrows; r++)
        if (in_base(e, innovated, r))
            out->rows[out->nbase++] = r;
    /* The items into s.x, row-major, one whole column at a time. */
    for (size_t j = 0; j < s.k; j++) {
        const double *item = bar_dataset_column(
            ds, bar_var_index(bar_question_var(out->q, j)));
        for (size_t r = 0; r < out->nbase; r++)
            s.x[r * s.k + j] = item[out->rows[r]];
        s.kept[j] = true;
    }
    if (select_items(&s, e->min_loading) != BAR_OK)
        goto nomem;
    score(&s);
    if (out->nscored == 0)
        out->stop = BAR_SCALE_NO_SCORE;
    else if (groups(out, e->nclusters) != BAR_OK)
        goto nomem;
    goto cleanup;
nomem:
    rc = bar_error_set(err, BAR_ENOMEM, "derive: scale '%s': out of memory",
                       e->id);
cleanup:
    free(s.x);
    free(s.sub);
    free(s.r);
    free(s.kept);
    free(s.idx);
    if (rc != BAR_OK)
        bar_scale_fit_clear(out);
    return rc;
}

void bar_scale_fit_clear(bar_scale_fit *fit)
{
    if (!fit)
        return;
    for (size_t i = 0; fit->rounds && i < fit->nrounds; i++) {
        free(fit->rounds[i].items);
        free(fit->rounds[i].loadings);
        free(fit->rounds[i].eigenvalues);
    }
    free(fit->rounds);
    free(fit->rows);
    free(fit->dropped);
    free(fit->retained);
    free(fit->score);
    free(fit->group);
    bar_kmeans1d_clear(&fit->km);
    memset(fit, 0, sizeof *fit);
}

bar_status bar_scale_fits_compute(const bar_dataset *ds,
                                  const bar_spec *spec,
                                  bar_scale_fits **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    size_t n = bar_spec_count(spec), nscales = 0;
    for (size_t i = 0; i < n; i++)
        nscales += bar_spec_get(spec, i)->kind == BAR_SPEC_SCALE;
    bar_scale_fits *fits = calloc(1, sizeof *fits);
    if (fits)
        fits->fit = calloc(nscales ? nscales : 1, sizeof *fits->fit);
    if (!fits || !fits->fit) {
        rc = bar_error_set(err, BAR_ENOMEM, "derive: out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const bar_spec_entry *e = bar_spec_get(spec, i);
        if (e->kind != BAR_SPEC_SCALE)
            continue;
        if ((rc = bar_scale_fit_compute(ds, e, &fits->fit[fits->n], err)) !=
            BAR_OK)
            goto cleanup;
        fits->n++;
    }
    *out = fits;
    fits = NULL;
cleanup:
    bar_scale_fits_free(fits);
    return rc;
}

const bar_scale_fit *bar_scale_fits_find(const bar_scale_fits *fits,
                                         const bar_spec_entry *e)
{
    for (size_t i = 0; fits && i < fits->n; i++)
        if (fits->fit[i].entry == e)
            return &fits->fit[i];
    return NULL;
}

void bar_scale_fits_free(bar_scale_fits *fits)
{
    if (!fits)
        return;
    for (size_t i = 0; i < fits->n; i++)
        bar_scale_fit_clear(&fits->fit[i]);
    free(fits->fit);
    free(fits);
}

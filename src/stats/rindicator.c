/* rindicator.c - the R-indicator and partial R-indicators (see
 * rindicator.h and docs/internals/rindicator.md).
 *
 * In the order a computation runs:
 * 1. Check the input; count units, respondents and population per
 *   category. Nobody responded: an error; everyone responded: the defined
 *   values (every propensity 1). A category with units where all or none
 *   responded is separation: an error naming it.
 * 2. The design: an intercept and, per variable, a dummy for every
 *   category with units but the first (the reference). bar_logit_fit sets
 *   aside the dummies that are linear combinations of earlier ones (a
 *   cluster nested in a sector) and fits the rest.
 * 3. One more Newton step from its estimate, on the columns kept, so that
 *   the propensities and the information matrix X'WX are those at the
 *   estimate to rounding; Sigma = (X'WX)^-1 by Cholesky (GSL). Every row
 *   of the design has at most nvars + 1 ones, so the passes over the units
 *   touch only those columns.
 * 4. Mean, S, R, the bias of S^2 and the variance of R (Shlomo, Skinner
 *   and Schouten 2012 as RISQ 2.1 computes them), CV, maximal bias.
 * 5. Partial indicators: category means of the propensities
 *   (unconditional); means within the cells of the other variables, found
 *   by sorting the units on those variables' codes (conditional); their
 *   standard errors per category (from the same cells) and the SE of
 *   P_U(X) from the model of X alone (a computation of its own).
 * 6. The categories to remind, sorted.
 */
#include "stats/rindicator.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "stats/logistic.h"
#include "stats/numeric.h"

enum {
    MAX_DESIGN_CELLS = 50000000, /* cap: n x dummies of the dense design */
};

/* The name of variable v for messages. */
static const char *var_name(const bar_rindicator_input *in, size_t v)
{
    const char *s = in->vars[v].name;
    return s ? s : "?";
}

/* Write the label of category k of variable v into buf (cap bytes). */
static void cat_label(const bar_rindicator_input *in, size_t v, size_t k,
                      char *buf, size_t cap)
{
    const char *const *labels = in->vars[v].labels;
    if (labels && labels[k])
        snprintf(buf, cap, "'%s'", labels[k]);
    else
        snprintf(buf, cap, "%zu", k);
}

static bar_status validate(const bar_rindicator_input *in, double *weight,
                           bar_error *err)
{
    if (!in || !in->vars || !in->codes || !in->response)
        return bar_error_set(err, BAR_EUSAGE,
                             "R-indicator: no frame given");
    if (in->n > BAR_RINDICATOR_MAX_UNITS)
        return bar_error_set(err, BAR_ELIMIT,
                             "R-indicator: %zu units, over the cap of %d",
                             in->n, BAR_RINDICATOR_MAX_UNITS);
    if (in->n < 2)
        return bar_error_set(err, BAR_EUSAGE,
                             "R-indicator: %zu units; at least 2 needed",
                             in->n);
    if (in->nvars > BAR_RINDICATOR_MAX_VARS)
        return bar_error_set(err, BAR_ELIMIT,
                             "R-indicator: %zu variables, over the cap of %d",
                             in->nvars, BAR_RINDICATOR_MAX_VARS);
    if (in->nvars == 0)
        return bar_error_set(err, BAR_EUSAGE,
                             "R-indicator: no auxiliary variable");
    for (size_t v = 0; v < in->nvars; v++) {
        if (in->vars[v].ncat > BAR_RINDICATOR_MAX_CATS)
            return bar_error_set(err, BAR_ELIMIT,
                                 "R-indicator: variable '%s': %zu "
                                 "categories, over the cap of %d",
                                 var_name(in, v), in->vars[v].ncat,
                                 BAR_RINDICATOR_MAX_CATS);
        if (in->vars[v].ncat == 0)
            return bar_error_set(err, BAR_EUSAGE,
                                 "R-indicator: variable '%s' has no "
                                 "categories", var_name(in, v));
    }
    for (size_t i = 0; i < in->n; i++) {
        if (in->response[i] > 1)
            return bar_error_set(err, BAR_EUSAGE,
                                 "R-indicator: unit %zu: response %d, "
                                 "not 0 or 1", i + 1, in->response[i]);
        for (size_t v = 0; v < in->nvars; v++)
            if (in->codes[i * in->nvars + v] >= in->vars[v].ncat)
                return bar_error_set(err, BAR_EUSAGE,
                                     "R-indicator: unit %zu: variable "
                                     "'%s': category %zu of %zu", i + 1,
                                     var_name(in, v),
                                     in->codes[i * in->nvars + v],
                                     in->vars[v].ncat);
    }
    *weight = 1.0;
    if (in->weights) {
        double d = in->weights[0];
        for (size_t i = 0; i < in->n; i++) {
            double w = in->weights[i];
            if (!isfinite(w) || w < 1.0)
                return bar_error_set(err, BAR_EUSAGE,
                                     "R-indicator: unit %zu: design weight "
                                     "%g is not a number >= 1", i + 1, w);
            if (w != d)
                return bar_error_set(err, BAR_EUSAGE,
                                     "R-indicator: unit %zu: design weight "
                                     "%g differs from %g; only a simple "
                                     "random sample (one weight) is "
                                     "supported", i + 1, w, d);
        }
        *weight = d;
    }
    return BAR_OK;
}

/* Every estimate NAN, the counts 0. */
static void set_empty(bar_rindicator *out)
{
    *out = (bar_rindicator){
        .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX,
        .population = NAN, .mean = NAN, .sd = NAN, .r = NAN,
        .bias_factor = NAN, .r_adj = NAN, .r_se = NAN, .cv = NAN,
        .cv_adj = NAN, .cv_se = NAN, .max_bias = NAN, .max_bias_adj = NAN};
}

static bar_status alloc_result(const bar_rindicator_input *in,
                               bar_rindicator *out, bar_error *err)
{
    out->vars = calloc(in->nvars, sizeof *out->vars);
    if (!out->vars)
        return bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
    out->nvars = in->nvars;
    for (size_t v = 0; v < in->nvars; v++) {
        bar_rindicator_variable *var = &out->vars[v];
        *var = (bar_rindicator_variable){.pu = NAN, .pu_adj = NAN,
                                         .pc = NAN, .pc_adj = NAN,
                                         .pu_se = NAN};
        var->cats = calloc(in->vars[v].ncat, sizeof *var->cats);
        if (!var->cats)
            return bar_error_set(err, BAR_ENOMEM,
                                 "R-indicator: out of memory");
        var->ncat = in->vars[v].ncat;
        for (size_t k = 0; k < var->ncat; k++)
            var->cats[k] = (bar_rindicator_category){
                .rho_mean = NAN, .pu = NAN, .pc = NAN, .pu_se = NAN,
                .pc_se = NAN};
    }
    return BAR_OK;
}

/* Step 1: the counts per category and in all. */
static void count(const bar_rindicator_input *in, double weight,
                  bar_rindicator *out)
{
    out->n = in->n;
    out->population = weight * (double)in->n;
    for (size_t i = 0; i < in->n; i++) {
        out->respondents += in->response[i];
        for (size_t v = 0; v < in->nvars; v++) {
            bar_rindicator_category *c =
                &out->vars[v].cats[in->codes[i * in->nvars + v]];
            c->units++;
            c->respondents += in->response[i];
        }
    }
    for (size_t v = 0; v < in->nvars; v++)
        for (size_t k = 0; k < out->vars[v].ncat; k++)
            out->vars[v].cats[k].population =
                weight * (double)out->vars[v].cats[k].units;
}

/* Everyone responded: every propensity 1, so S = 0 and R = 1. */
static void all_responded(bar_rindicator *out)
{
    out->problem = BAR_RINDICATOR_ALL_RESPONDED;
    for (size_t i = 0; i < out->n; i++)
        out->propensity[i] = 1.0;
    out->mean = 1.0;
    out->sd = 0.0;
    out->r = out->r_adj = 1.0;
    out->cv = out->cv_adj = 0.0;
    out->max_bias = out->max_bias_adj = 0.0;
    for (size_t v = 0; v < out->nvars; v++) {
        bar_rindicator_variable *var = &out->vars[v];
        var->pu = var->pu_adj = var->pc = var->pc_adj = 0.0;
        var->pu_se = NAN;
        for (size_t k = 0; k < var->ncat; k++) {
            bar_rindicator_category *c = &var->cats[k];
            c->pu = c->pc = 0.0;
            c->rho_mean = c->units ? 1.0 : NAN;
        }
    }
}

/* A category with units where all or none responded. */
static bar_status marginal_separation(const bar_rindicator_input *in,
                                      bar_rindicator *out, bar_error *err)
{
    for (size_t v = 0; v < out->nvars; v++)
        for (size_t k = 0; k < out->vars[v].ncat; k++) {
            const bar_rindicator_category *c = &out->vars[v].cats[k];
            if (c->units == 0 ||
                (c->respondents > 0 && c->respondents < c->units))
                continue;
            char label[128];
            cat_label(in, v, k, label, sizeof label);
            out->problem = BAR_RINDICATOR_SEPARATION;
            out->problem_var = v;
            out->problem_cat = k;
            return bar_error_set(
                err, BAR_ENUMERIC,
                "R-indicator: variable '%s', category %s: %s of its %zu "
                "units responded; the response propensities cannot be "
                "estimated (separation)", var_name(in, v), label,
                c->respondents ? "all" : "none", c->units);
        }
    return BAR_OK;
}

/* The model: design columns and the estimate. col[v][k] is the position
 * of the dummy of category k of variable v among the q columns kept
 * (intercept at 0), or SIZE_MAX for the reference, an empty category or an
 * aliased dummy. */
typedef struct model {
    size_t q;          /* columns kept, intercept included */
    size_t **col;      /* nvars arrays of ncat; owned */
    double *beta;      /* q */
    double *sigma;     /* q x q: (X'WX)^-1 at the estimate */
    size_t *act;       /* scratch: nvars + 1 positions of one unit */
} model;

static void model_clear(model *m, size_t nvars)
{
    if (m->col)
        for (size_t v = 0; v < nvars; v++)
            free(m->col[v]);
    free(m->col);
    free(m->beta);
    free(m->sigma);
    free(m->act);
    *m = (model){0};
}

/* The positions of unit i's ones among the kept columns; returns their
 * count (the intercept first). */
static size_t unit_columns(const bar_rindicator_input *in, const model *m,
                           size_t i, size_t *act)
{
    size_t c = 0;
    act[c++] = 0;
    for (size_t v = 0; v < in->nvars; v++) {
        size_t pos = m->col[v][in->codes[i * in->nvars + v]];
        if (pos != SIZE_MAX)
            act[c++] = pos;
    }
    return c;
}

static double inv_logit(double t)
{
    if (t >= 0)
        return 1.0 / (1.0 + exp(-t));
    double e = exp(t);
    return e / (1.0 + e);
}

/* The propensities at m->beta. */
static void propensities(const bar_rindicator_input *in, model *m,
                         double *rho)
{
    for (size_t i = 0; i < in->n; i++) {
        size_t c = unit_columns(in, m, i, m->act);
        double eta = 0.0;
        for (size_t a = 0; a < c; a++)
            eta += m->beta[m->act[a]];
        rho[i] = inv_logit(eta);
    }
}

/* X'WX (W = rho (1 - rho)) into h (q x q, full) and X'(y - rho) into g;
 * then h is replaced by its Cholesky factor. */
static bar_status information(const bar_rindicator_input *in, model *m,
                              const double *rho, double *h, double *g,
                              bar_error *err)
{
    size_t q = m->q;
    memset(h, 0, q * q * sizeof *h);
    memset(g, 0, q * sizeof *g);
    for (size_t i = 0; i < in->n; i++) {
        size_t c = unit_columns(in, m, i, m->act);
        double wi = rho[i] * (1.0 - rho[i]);
        double ri = (double)in->response[i] - rho[i];
        for (size_t a = 0; a < c; a++) {
            g[m->act[a]] += ri;
            for (size_t b = 0; b < c; b++)
                h[m->act[a] * q + m->act[b]] += wi;
        }
    }
    gsl_matrix_view hv = gsl_matrix_view_array(h, q, q);
    int gsl = gsl_linalg_cholesky_decomp1(&hv.matrix);
    if (gsl != 0)
        return bar_numeric_status(gsl, "R-indicator: information matrix",
                                  err);
    return BAR_OK;
}

/* Steps 2 and 3: fit, then one Newton step and Sigma at the estimate. */
static bar_status fit(const bar_rindicator_input *in, bar_rindicator *out,
                      model *m, bar_error *err)
{
    bar_status rc = BAR_OK;
    size_t n = in->n, p = 0, nv = in->nvars;
    double *x = NULL, *y = NULL, *h = NULL, *g = NULL;
    size_t **dcol = NULL; /* dummy index into x's columns, or SIZE_MAX */
    bar_logit lm = {0};

    m->col = calloc(nv, sizeof *m->col);
    dcol = calloc(nv, sizeof *dcol);
    m->act = malloc((nv + 1) * sizeof *m->act);
    if (!m->col || !dcol || !m->act)
        goto nomem;
    for (size_t v = 0; v < nv; v++) {
        size_t ncat = out->vars[v].ncat;
        m->col[v] = malloc(ncat * sizeof *m->col[v]);
        dcol[v] = malloc(ncat * sizeof *dcol[v]);
        if (!m->col[v] || !dcol[v])
            goto nomem;
        bool ref = false;
        for (size_t k = 0; k < ncat; k++) {
            dcol[v][k] = SIZE_MAX;
            if (out->vars[v].cats[k].units == 0)
                continue;
            if (!ref)
                ref = true;
            else
                dcol[v][k] = p++;
        }
    }
    if (p > 0 && n > MAX_DESIGN_CELLS / p) {
        rc = bar_error_set(err, BAR_ELIMIT,
                           "R-indicator: %zu units x %zu dummies, over the "
                           "cap of %d cells", n, p, MAX_DESIGN_CELLS);
        goto cleanup;
    }
    x = calloc(n * (p ? p : 1), sizeof *x);
    y = malloc(n * sizeof *y);
    if (!x || !y)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        y[i] = in->response[i];
        for (size_t v = 0; v < nv; v++) {
            size_t j = dcol[v][in->codes[i * nv + v]];
            if (j != SIZE_MAX)
                x[i * p + j] = 1.0;
        }
    }
    rc = bar_logit_fit(x, y, n, p, 0, &lm, err);
    if (rc != BAR_OK) {
        if (lm.separation)
            out->problem = BAR_RINDICATOR_SEPARATION;
        goto cleanup;
    }
    /* The columns kept: the intercept and the dummies not aliased. */
    m->q = 1;
    for (size_t j = 0; j < p; j++)
        m->q += !lm.terms[j].aliased;
    out->aliased = p + 1 - m->q;
    m->beta = malloc(m->q * sizeof *m->beta);
    m->sigma = malloc(m->q * m->q * sizeof *m->sigma);
    h = malloc(m->q * m->q * sizeof *h);
    g = malloc(m->q * sizeof *g);
    if (!m->beta || !m->sigma || !h || !g)
        goto nomem;
    m->beta[0] = lm.intercept.b;
    size_t pos = 1;
    for (size_t v = 0; v < nv; v++)
        for (size_t k = 0; k < out->vars[v].ncat; k++) {
            size_t j = dcol[v][k];
            m->col[v][k] = SIZE_MAX;
            if (j == SIZE_MAX || lm.terms[j].aliased)
                continue;
            m->col[v][k] = pos;
            m->beta[pos++] = lm.terms[j].b;
        }
    /* One Newton step from the estimate, then the information there. */
    propensities(in, m, out->propensity);
    rc = information(in, m, out->propensity, h, g, err);
    if (rc != BAR_OK)
        goto cleanup;
    gsl_matrix_view hv = gsl_matrix_view_array(h, m->q, m->q);
    gsl_vector_view gv = gsl_vector_view_array(g, m->q);
    gsl_linalg_cholesky_svx(&hv.matrix, &gv.vector);
    for (size_t a = 0; a < m->q; a++)
        m->beta[a] += g[a];
    propensities(in, m, out->propensity);
    rc = information(in, m, out->propensity, h, g, err);
    if (rc != BAR_OK)
        goto cleanup;
    int gsl = gsl_linalg_cholesky_invert(&hv.matrix);
    if (gsl != 0) {
        rc = bar_numeric_status(gsl, "R-indicator: covariance", err);
        goto cleanup;
    }
    memcpy(m->sigma, h, m->q * m->q * sizeof *h);
    goto cleanup;
nomem:
    rc = bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
cleanup:
    if (dcol)
        for (size_t v = 0; v < nv; v++)
            free(dcol[v]);
    free(dcol);
    free(x);
    free(y);
    free(h);
    free(g);
    bar_logit_clear(&lm);
    return rc;
}

/* Variance of the estimated total of y (n values) under simple random
 * sampling of n units from N: N^2 (1 - n/N) s^2(y) / n. */
static double var_total(const double *y, size_t n, double N)
{
    double mean = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        mean += y[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (y[i] - mean) * (y[i] - mean);
    return N * N * (1.0 - (double)n / N) * (ss / (double)(n - 1)) /
           (double)n;
}

/* tr(B Sigma B Sigma) for q x q matrices b and sigma (mm: q x q
 * scratch, gets B Sigma). */
static double trace_bsbs(const double *b, const double *sigma, double *mm,
                         size_t q)
{
    memset(mm, 0, q * q * sizeof *mm);
    for (size_t x = 0; x < q; x++)
        for (size_t k = 0; k < q; k++) {
            double bxk = b[x * q + k];
            if (bxk == 0.0)
                continue;
            for (size_t y = 0; y < q; y++)
                mm[x * q + y] += bxk * sigma[k * q + y];
        }
    double tr = 0.0;
    for (size_t x = 0; x < q; x++)
        for (size_t y = 0; y < q; y++)
            tr += mm[x * q + y] * mm[y * q + x];
    return tr;
}

/* a' Sigma a for a q-vector a. */
static double quad_form(const double *a, const double *sigma, size_t q)
{
    double s = 0.0;
    for (size_t x = 0; x < q; x++) {
        double row = 0.0;
        for (size_t y = 0; y < q; y++)
            row += sigma[x * q + y] * a[y];
        s += a[x] * row;
    }
    return s;
}

/* Step 4: R, its bias and variance, CV, maximal bias. */
static bar_status overall(const bar_rindicator_input *in, double weight,
                          bar_rindicator *out, model *m, bar_error *err)
{
    bar_status rc = BAR_OK;
    size_t n = in->n, q = m->q;
    const double *rho = out->propensity;
    double N = out->population, dn = (double)n;
    double *tmp = malloc(n * sizeof *tmp);
    double *zbar = calloc(q, sizeof *zbar);
    double *a = calloc(q, sizeof *a);
    double *bm = calloc(q * q, sizeof *bm);
    double *mm = calloc(q * q, sizeof *mm);
    if (!tmp || !zbar || !a || !bm || !mm) {
        rc = bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
        goto cleanup;
    }
    double mean = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        mean += rho[i];
    mean /= dn;
    for (size_t i = 0; i < n; i++)
        ss += (rho[i] - mean) * (rho[i] - mean);
    double var_u = weight * ss / (N - 1.0); /* S^2 */
    double var_ml = ss / dn;
    out->mean = mean;
    out->sd = sqrt(var_u);
    out->r = 1.0 - 2.0 * out->sd;

    /* Bias of S^2: (lambda1 - lambda2) / N, lambda1 = sum_i d z_i' Sigma
     * z_i with z_i = rho_i (1 - rho_i) x_i. */
    double lambda1 = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t c = unit_columns(in, m, i, m->act);
        double s = 0.0;
        for (size_t x = 0; x < c; x++)
            for (size_t y = 0; y < c; y++)
                s += m->sigma[m->act[x] * q + m->act[y]];
        double wi = rho[i] * (1.0 - rho[i]);
        lambda1 += weight * wi * wi * s;
    }
    double lambda2 = var_total(rho, n, N) / N;
    double bias = (lambda1 - lambda2) / N;
    double bf;
    if (bias > var_u)
        bf = 0.0;
    else if (var_u > 0.0)
        bf = 1.0 - bias / var_u;
    else
        bf = 1.0; /* S = 0 and no bias: nothing to adjust */
    out->bias_factor = bf;
    out->r_adj = 1.0 - 2.0 * sqrt(var_u * bf);

    /* Variance of R: (4 A' Sigma A + 2 tr(B Sigma B Sigma) + C / N^2) /
     * S_ML^2, A = cov(rho, z), B = cov(z) (denominator n), C the variance
     * of the estimated total of (rho - mean)^2. */
    for (size_t i = 0; i < n; i++) {
        size_t c = unit_columns(in, m, i, m->act);
        double wi = rho[i] * (1.0 - rho[i]);
        for (size_t x = 0; x < c; x++)
            zbar[m->act[x]] += wi / dn;
    }
    for (size_t i = 0; i < n; i++) {
        size_t c = unit_columns(in, m, i, m->act);
        double wi = rho[i] * (1.0 - rho[i]);
        double dr = rho[i] - mean;
        /* A: sum (rho - mean)(z - zbar) / n over every column */
        for (size_t x = 0; x < q; x++)
            a[x] -= dr * zbar[x] / dn;
        for (size_t x = 0; x < c; x++)
            a[m->act[x]] += dr * wi / dn;
        /* B: sum z z' / n, centred below */
        for (size_t x = 0; x < c; x++)
            for (size_t y = 0; y < c; y++)
                bm[m->act[x] * q + m->act[y]] += wi * wi / dn;
        tmp[i] = dr * dr;
    }
    for (size_t x = 0; x < q; x++)
        for (size_t y = 0; y < q; y++)
            bm[x * q + y] -= zbar[x] * zbar[y];
    double asa = quad_form(a, m->sigma, q);
    double tr = trace_bsbs(bm, m->sigma, mm, q);
    double cterm = var_total(tmp, n, N);
    double r_var = (4.0 * asa + 2.0 * tr + cterm / (N * N)) / var_ml;
    out->r_se = var_ml > 0.0 ? sqrt(r_var) : NAN;
    out->cv = out->sd / mean;
    out->cv_adj = sqrt(var_u * bf) / mean;
    out->cv_se = var_ml > 0.0
                     ? sqrt(0.25 * r_var / (mean * mean) +
                            pow(out->cv_adj, 4) / dn)
                     : NAN;
    out->max_bias = (1.0 - out->r) / (2.0 * mean);
    out->max_bias_adj = (1.0 - out->r_adj) / (2.0 * mean);
cleanup:
    free(tmp);
    free(zbar);
    free(a);
    free(bm);
    free(mm);
    return rc;
}

/* The sort of step 5: units by their codes in every variable but one. */
typedef struct cell_key {
    const size_t *codes;
    size_t nvars, skip;
} cell_key;
static _Thread_local cell_key cell_sort_key;

static int cell_compare(const void *pa, const void *pb)
{
    const cell_key *k = &cell_sort_key;
    const size_t *a = k->codes + *(const size_t *)pa * k->nvars;
    const size_t *b = k->codes + *(const size_t *)pb * k->nvars;
    for (size_t v = 0; v < k->nvars; v++) {
        if (v == k->skip || a[v] == b[v])
            continue;
        return a[v] < b[v] ? -1 : 1;
    }
    /* equal cells: by unit, so the order (and the sums) are fixed */
    size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
    return (ia > ib) - (ia < ib);
}

static bool same_cell(const cell_key *k, size_t i, size_t j)
{
    for (size_t v = 0; v < k->nvars; v++)
        if (v != k->skip &&
            k->codes[i * k->nvars + v] != k->codes[j * k->nvars + v])
            return false;
    return true;
}

/* Step 5: the partial indicators. */
static bar_status partials(const bar_rindicator_input *in,
                           bar_rindicator *out, bar_error *err)
{
    size_t n = in->n, nv = in->nvars;
    const double *rho = out->propensity;
    double dn = (double)n, bf = out->bias_factor;
    size_t *order = malloc(n * sizeof *order);
    if (!order)
        return bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
    for (size_t v = 0; v < nv; v++) {
        bar_rindicator_variable *var = &out->vars[v];
        for (size_t k = 0; k < var->ncat; k++) {
            var->cats[k].rho_mean = 0.0;
            var->cats[k].pc = 0.0;
        }
        for (size_t i = 0; i < n; i++)
            var->cats[in->codes[i * nv + v]].rho_mean += rho[i];
        double su = 0.0, sc = 0.0;
        for (size_t k = 0; k < var->ncat; k++) {
            bar_rindicator_category *c = &var->cats[k];
            if (c->units == 0) {
                c->rho_mean = NAN;
                c->pu = 0.0;
                continue;
            }
            c->rho_mean /= (double)c->units;
            double dk = c->rho_mean - out->mean;
            double pu2 = (double)c->units * dk * dk / dn;
            c->pu = dk > 0 ? sqrt(pu2) : dk < 0 ? -sqrt(pu2) : 0.0;
            su += pu2;
        }
        /* Conditional: (rho - mean of its cell of the others)^2 / n. */
        cell_sort_key = (cell_key){.codes = in->codes, .nvars = nv,
                                   .skip = v};
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        qsort(order, n, sizeof *order, cell_compare);
        for (size_t s = 0; s < n;) {
            size_t e = s + 1;
            while (e < n && same_cell(&cell_sort_key, order[s], order[e]))
                e++;
            double cm = 0.0;
            for (size_t t = s; t < e; t++)
                cm += rho[order[t]];
            cm /= (double)(e - s);
            for (size_t t = s; t < e; t++) {
                size_t i = order[t];
                double d = rho[i] - cm;
                var->cats[in->codes[i * nv + v]].pc += d * d / dn;
            }
            s = e;
        }
        for (size_t k = 0; k < var->ncat; k++) {
            sc += var->cats[k].pc;
            var->cats[k].pc = sqrt(var->cats[k].pc);
        }
        var->pu = sqrt(su);
        var->pu_adj = sqrt(su * bf);
        var->pc = sqrt(sc);
        var->pc_adj = sqrt(sc * bf);
    }
    free(order);
    return BAR_OK;
}

/* var_total of the n values that are f(i) on the units of category k of
 * variable v and 0 elsewhere, without forming them: two passes. */
typedef double (*unit_value)(const double *vals, size_t i);
static double val_plain(const double *vals, size_t i) { return vals[i]; }
static double val_square(const double *vals, size_t i)
{
    return vals[i] * vals[i];
}

static double var_total_in(const bar_rindicator_input *in, size_t v,
                           size_t k, bool inside, const double *vals,
                           unit_value f, double N)
{
    size_t n = in->n, nv = in->nvars, m = 0;
    double fpc = 1.0 - (double)n / N;
    if (fpc == 0.0)
        return 0.0; /* a census: no sampling variance */
    double mean = 0.0;
    for (size_t i = 0; i < n; i++)
        if ((in->codes[i * nv + v] == k) == inside)
            mean += f(vals, i);
    mean /= (double)n;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
        if ((in->codes[i * nv + v] == k) == inside) {
            double d = f(vals, i) - mean;
            ss += d * d;
            m++;
        }
    ss += (double)(n - m) * mean * mean; /* the zeros */
    return N * N * fpc * (ss / (double)(n - 1)) / (double)n;
}

/* The standard errors of P_U(X = k) and P_C(X = k) (RISQ 2.1's
 * getVariancePartialRUnconditional and getVariancePartialRConditional):
 * per variable, the units sorted into the cells of the other variables;
 * pd = rho - cell mean, zd = z - cell mean of z; per category k
 * A_k = sum d pd zd, B_k = sum d zd zd', and
 * var(P_C(X = k)) = (4 A_k' Sigma A_k + 2 tr(B_k Sigma B_k Sigma)
 *                    + V(pd^2 on k)) / (4 N sum_k d pd^2). */
static bar_status category_se(const bar_rindicator_input *in,
                              double weight, bar_rindicator *out,
                              model *m, bar_error *err)
{
    bar_status rc = BAR_OK;
    size_t n = in->n, nv = in->nvars, q = m->q, maxcat = 0;
    const double *rho = out->propensity;
    double N = out->population;
    for (size_t v = 0; v < nv; v++)
        if (out->vars[v].ncat > maxcat)
            maxcat = out->vars[v].ncat;
    size_t *order = malloc(n * sizeof *order);
    double *pd = malloc(n * sizeof *pd);
    double *zc = malloc(q * sizeof *zc);
    double *zd = malloc(q * sizeof *zd);
    double *a = malloc(maxcat * q * sizeof *a);
    double *b = malloc(maxcat * q * q * sizeof *b);
    double *mm = malloc(q * q * sizeof *mm);
    double *ss = malloc(maxcat * sizeof *ss);
    if (!order || !pd || !zc || !zd || !a || !b || !mm || !ss) {
        rc = bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
        goto cleanup;
    }
    for (size_t v = 0; v < nv; v++) {
        bar_rindicator_variable *var = &out->vars[v];
        size_t ncat = var->ncat;
        memset(a, 0, ncat * q * sizeof *a);
        memset(b, 0, ncat * q * q * sizeof *b);
        memset(ss, 0, ncat * sizeof *ss);
        cell_sort_key = (cell_key){.codes = in->codes, .nvars = nv,
                                   .skip = v};
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        qsort(order, n, sizeof *order, cell_compare);
        for (size_t s = 0; s < n;) {
            size_t e = s + 1;
            while (e < n && same_cell(&cell_sort_key, order[s], order[e]))
                e++;
            double cnt = (double)(e - s), cm = 0.0;
            memset(zc, 0, q * sizeof *zc);
            for (size_t t = s; t < e; t++) {
                size_t i = order[t];
                double wi = rho[i] * (1.0 - rho[i]);
                size_t c = unit_columns(in, m, i, m->act);
                cm += rho[i];
                for (size_t x = 0; x < c; x++)
                    zc[m->act[x]] += wi;
            }
            cm /= cnt;
            for (size_t x = 0; x < q; x++)
                zc[x] /= cnt;
            for (size_t t = s; t < e; t++) {
                size_t i = order[t], k = in->codes[i * nv + v];
                double wi = rho[i] * (1.0 - rho[i]);
                size_t c = unit_columns(in, m, i, m->act);
                for (size_t x = 0; x < q; x++)
                    zd[x] = -zc[x];
                for (size_t x = 0; x < c; x++)
                    zd[m->act[x]] += wi;
                pd[i] = rho[i] - cm;
                ss[k] += weight * pd[i] * pd[i];
                double *ak = a + k * q, *bk = b + k * q * q;
                for (size_t x = 0; x < q; x++) {
                    ak[x] += weight * pd[i] * zd[x];
                    double wx = weight * zd[x];
                    for (size_t y = 0; y < q; y++)
                        bk[x * q + y] += wx * zd[y];
                }
            }
            s = e;
        }
        for (size_t k = 0; k < ncat; k++) {
            bar_rindicator_category *c = &var->cats[k];
            if (c->units == 0)
                continue;
            /* unconditional: the design variances of the category's and
             * the rest's totals of rho (0 for a census) */
            double v1 = var_total_in(in, v, k, true, rho, val_plain, N);
            double v2 = var_total_in(in, v, k, false, rho, val_plain, N);
            double nk = c->population;
            c->pu_se = sqrt(nk / N * (v1 * (1.0 / nk - 1.0 / N) *
                                          (1.0 / nk - 1.0 / N) +
                                      v2 / (N * N)));
            double v3 = var_total_in(in, v, k, true, pd, val_square, N);
            double var_k = 0.25 *
                           (4.0 * quad_form(a + k * q, m->sigma, q) +
                            2.0 * trace_bsbs(b + k * q * q, m->sigma, mm, q) +
                            v3) /
                           (N * ss[k]);
            /* P_C(X = k) = 0 up to rounding (every unit of k alone with
             * its covariate pattern in its cell): 0 / 0, no SE */
            c->pc_se = c->pc > 1e-12 * out->sd ? sqrt(var_k) : NAN;
        }
    }
cleanup:
    free(order);
    free(pd);
    free(zc);
    free(zd);
    free(a);
    free(b);
    free(mm);
    free(ss);
    return rc;
}

/* The standard error of P_U(X) (RISQ): half the standard error of R for
 * the model of X alone; with one variable that model is the model. */
static bar_status partial_se(const bar_rindicator_input *in,
                             bar_rindicator *out, bar_error *err)
{
    size_t n = in->n, nv = in->nvars;
    if (nv == 1) {
        out->vars[0].pu_se = 0.5 * out->r_se;
        return BAR_OK;
    }
    bar_status rc = BAR_OK;
    size_t *codes = malloc(n * sizeof *codes);
    if (!codes)
        return bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
    for (size_t v = 0; v < nv && rc == BAR_OK; v++) {
        for (size_t i = 0; i < n; i++)
            codes[i] = in->codes[i * nv + v];
        bar_rindicator_input one = {
            .n = n, .nvars = 1, .vars = &in->vars[v], .codes = codes,
            .response = in->response, .weights = in->weights};
        bar_rindicator sub;
        rc = bar_rindicator_compute(&one, &sub, err);
        if (rc == BAR_OK)
            out->vars[v].pu_se = 0.5 * sub.r_se;
        bar_rindicator_clear(&sub);
    }
    free(codes);
    return rc;
}

typedef struct remind_item {
    double pu;
    size_t var, cat;
} remind_item;

static int remind_compare(const void *pa, const void *pb)
{
    const remind_item *a = pa, *b = pb;
    if (a->pu != b->pu)
        return a->pu < b->pu ? -1 : 1;
    if (a->var != b->var)
        return a->var < b->var ? -1 : 1;
    return (a->cat > b->cat) - (a->cat < b->cat);
}

/* Step 6: categories with P_U(X = k) < 0, most negative first. */
static bar_status remind(bar_rindicator *out, bar_error *err)
{
    size_t total = 0;
    for (size_t v = 0; v < out->nvars; v++)
        for (size_t k = 0; k < out->vars[v].ncat; k++)
            total += out->vars[v].cats[k].pu < 0;
    if (total == 0)
        return BAR_OK;
    remind_item *items = malloc(total * sizeof *items);
    out->remind = malloc(total * sizeof *out->remind);
    if (!items || !out->remind) {
        free(items);
        return bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
    }
    size_t c = 0;
    for (size_t v = 0; v < out->nvars; v++)
        for (size_t k = 0; k < out->vars[v].ncat; k++)
            if (out->vars[v].cats[k].pu < 0)
                items[c++] = (remind_item){out->vars[v].cats[k].pu, v, k};
    qsort(items, total, sizeof *items, remind_compare);
    for (size_t i = 0; i < total; i++)
        out->remind[i] = (bar_rindicator_ref){items[i].var, items[i].cat};
    out->nremind = total;
    free(items);
    return BAR_OK;
}

/* Reset every estimate to NAN after a failure (the counts and problem
 * stay). */
static void drop_estimates(bar_rindicator *out)
{
    bar_rindicator keep = *out;
    set_empty(out);
    out->problem = keep.problem;
    out->problem_var = keep.problem_var;
    out->problem_cat = keep.problem_cat;
    out->n = keep.n;
    out->respondents = keep.respondents;
    out->population = keep.population;
    out->aliased = keep.aliased;
    out->nvars = keep.nvars;
    out->vars = keep.vars;
    out->propensity = keep.propensity;
    out->remind = keep.remind;
    out->nremind = keep.nremind;
    free(out->remind);
    out->remind = NULL;
    out->nremind = 0;
    if (out->propensity)
        for (size_t i = 0; i < out->n; i++)
            out->propensity[i] = NAN;
    for (size_t v = 0; v < out->nvars; v++) {
        bar_rindicator_variable *var = &out->vars[v];
        var->pu = var->pu_adj = var->pc = var->pc_adj = var->pu_se = NAN;
        for (size_t k = 0; k < var->ncat; k++) {
            var->cats[k].rho_mean = NAN;
            var->cats[k].pu = NAN;
            var->cats[k].pc = NAN;
            var->cats[k].pu_se = NAN;
            var->cats[k].pc_se = NAN;
        }
    }
}

bar_status bar_rindicator_compute(const bar_rindicator_input *in,
                                  bar_rindicator *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    model m = {0};
    double weight = 1.0;
    set_empty(out);
    bar_numeric_init();
    rc = validate(in, &weight, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = alloc_result(in, out, err);
    if (rc != BAR_OK)
        goto cleanup;
    count(in, weight, out);
    out->propensity = malloc(in->n * sizeof *out->propensity);
    if (!out->propensity) {
        rc = bar_error_set(err, BAR_ENOMEM, "R-indicator: out of memory");
        goto cleanup;
    }
    if (out->respondents == 0) {
        out->problem = BAR_RINDICATOR_NO_RESPONSE;
        rc = bar_error_set(err, BAR_EUSAGE,
                           "R-indicator: none of the %zu units responded",
                           in->n);
        goto cleanup;
    }
    if (out->respondents == in->n) {
        all_responded(out);
        goto cleanup;
    }
    rc = marginal_separation(in, out, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = fit(in, out, &m, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = overall(in, weight, out, &m, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = partials(in, out, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = category_se(in, weight, out, &m, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = partial_se(in, out, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = remind(out, err);
cleanup:
    if (rc != BAR_OK)
        drop_estimates(out);
    model_clear(&m, in ? in->nvars : 0);
    return rc;
}

void bar_rindicator_clear(bar_rindicator *r)
{
    if (!r)
        return;
    for (size_t v = 0; v < r->nvars; v++)
        free(r->vars[v].cats);
    free(r->vars);
    free(r->propensity);
    free(r->remind);
    set_empty(r);
}

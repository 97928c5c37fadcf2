/* logistic.c - binary logistic regression by Newton-Raphson (IRLS), the
 * Hosmer-Lemeshow test, and backward elimination by likelihood ratio (see
 * logistic.h and docs/internals/stats.md, "Logistic regression").
 *
 * Method, in the order a fit runs:
 * 1. Complete cases: rows with a NAN in y or in any predictor are dropped
 *    once; backward elimination keeps these same cases for every model.
 * 2. Aliasing: columns are taken left to right (intercept first); a column
 *    whose residual, after projecting out the columns already accepted, has
 *    a norm below ALIAS_TOL times its own norm is set aside. This is the
 *    rule of R's dqrdc2 (glm's limited-pivoting QR, tol = 1e-7), done here
 *    by modified Gram-Schmidt with one reorthogonalisation.
 * 3. Separation by a two-valued predictor: when one of its two values has
 *    only 0s or only 1s in y, the likelihood grows without bound along that
 *    coefficient; reported before any iteration.
 * 4. Newton-Raphson: solve (X'WX) d = X'(y - mu) by Cholesky (GSL), halve
 *    the step while -2LL rises. Converged when the relative change in -2LL,
 *    |dev - dev_old| / (|dev| + 0.1), is below 1e-10 and every coefficient
 *    moved less than 1e-6 (|b| + 1). Under separation the coefficients keep
 *    moving by about one unit an iteration, so such a fit never converges;
 *    when it stops with fitted probabilities within 1e-8 of 0 or 1 it is
 *    reported as separation, naming the predictors whose coefficients were
 *    still growing.
 * 5. SE from the inverse of X'WX at the estimate; Wald = (B/SE)^2 on 1 df.
 */
#include "stats/logistic.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "stats/numeric.h"

enum {
    DEFAULT_MAX_ITER = 50,
    MAX_PREDICTORS = 1000,      /* cap: design width */
    MAX_CASES = 10000000,       /* cap: design height */
    MAX_HALVINGS = 30,
    HL_GROUPS = 10,
    NAME_LIST_MAX = 256,
};

static const double ALIAS_TOL = 1e-7;
static const double DEV_TOL = 1e-10;
static const double BETA_TOL = 1e-6;
static const double EXTREME_ETA = 18.420680743952367; /* logit(1 - 1e-8) */

/* The complete cases with the intercept column prepended. */
typedef struct design {
    size_t n, k; /* cases; columns including the intercept (column 0) */
    double *x;   /* n x k, row-major; owned */
    double *y;   /* n values 0/1; owned */
} design;

static void design_clear(design *d)
{
    free(d->x);
    free(d->y);
    *d = (design){0};
}

/* Copy the complete cases of (x, y) into d. BAR_EUSAGE for an outcome
 * other than 0/1 or an infinite value, BAR_ELIMIT beyond the caps,
 * BAR_ENOMEM. d is empty on failure. */
static bar_status design_build(const double *x, const double *y, size_t n,
                               size_t p, design *d, bar_error *err)
{
    bar_status rc = BAR_OK;
    *d = (design){0};
    if (!y || (p > 0 && !x)) {
        rc = bar_error_set(err, BAR_EUSAGE, "logistic: no data given");
        goto cleanup;
    }
    if (p > MAX_PREDICTORS || n > MAX_CASES) {
        rc = bar_error_set(err, BAR_ELIMIT,
                           "logistic: %zu cases x %zu predictors exceeds "
                           "the limit of %d x %d", n, p, MAX_CASES,
                           MAX_PREDICTORS);
        goto cleanup;
    }
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        bool complete = !isnan(y[i]);
        if (complete && y[i] != 0.0 && y[i] != 1.0) {
            rc = bar_error_set(err, BAR_EUSAGE,
                               "logistic: case %zu: outcome %g is not 0 "
                               "or 1", i + 1, y[i]);
            goto cleanup;
        }
        for (size_t j = 0; j < p; j++) {
            double v = x[i * p + j];
            if (isinf(v)) {
                rc = bar_error_set(err, BAR_EUSAGE,
                                   "logistic: case %zu: predictor index "
                                   "%zu is infinite", i + 1, j);
                goto cleanup;
            }
            if (isnan(v))
                complete = false;
        }
        used += complete;
    }
    d->k = p + 1;
    d->n = used;
    d->x = malloc((used ? used : 1) * d->k * sizeof *d->x);
    d->y = malloc((used ? used : 1) * sizeof *d->y);
    if (!d->x || !d->y) {
        rc = bar_error_set(err, BAR_ENOMEM, "logistic: out of memory");
        goto cleanup;
    }
    size_t r = 0;
    for (size_t i = 0; i < n; i++) {
        bool complete = !isnan(y[i]);
        for (size_t j = 0; j < p && complete; j++)
            complete = !isnan(x[i * p + j]);
        if (!complete)
            continue;
        d->x[r * d->k] = 1.0;
        for (size_t j = 0; j < p; j++)
            d->x[r * d->k + 1 + j] = x[i * p + j];
        d->y[r] = y[i];
        r++;
    }
cleanup:
    if (rc != BAR_OK)
        design_clear(d);
    return rc;
}

static double softplus(double t) /* log(1 + exp(t)) without overflow */
{
    return t > 0.0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

static double inv_logit(double t)
{
    if (t >= 0.0)
        return 1.0 / (1.0 + exp(-t));
    double e = exp(t);
    return e / (1.0 + e);
}

/* eta = X[:, act] beta for every case; returns -2LL. */
static double linear_predictor(const design *d, const size_t *act, size_t m,
                               const gsl_vector *beta, double *eta)
{
    double dev = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        const double *row = d->x + i * d->k;
        double e = 0.0;
        for (size_t j = 0; j < m; j++)
            e += row[act[j]] * gsl_vector_get(beta, j);
        eta[i] = e;
        dev += 2.0 * (d->y[i] == 1.0 ? softplus(-e) : softplus(e));
    }
    return dev;
}

/* A = X'WX and g = X'(y - mu) at eta (g may be NULL). */
static void information(const design *d, const size_t *act, size_t m,
                        const double *eta, gsl_matrix *a, gsl_vector *g)
{
    gsl_matrix_set_zero(a);
    if (g)
        gsl_vector_set_zero(g);
    for (size_t i = 0; i < d->n; i++) {
        const double *row = d->x + i * d->k;
        double mu = inv_logit(eta[i]);
        double w = mu * (1.0 - mu);
        for (size_t r = 0; r < m; r++) {
            double xr = row[act[r]];
            if (g)
                *gsl_vector_ptr(g, r) += xr * (d->y[i] - mu);
            for (size_t c = 0; c <= r; c++)
                *gsl_matrix_ptr(a, r, c) += w * xr * row[act[c]];
        }
    }
    for (size_t r = 0; r < m; r++)
        for (size_t c = 0; c < r; c++)
            gsl_matrix_set(a, c, r, gsl_matrix_get(a, r, c));
}

/* Mark aliased[j] for cols[j] that lie (to ALIAS_TOL) in the span of the
 * intercept and the earlier accepted columns. q: n x (ncols + 1) scratch. */
static void find_aliased(const design *d, const size_t *cols, size_t ncols,
                         gsl_matrix *q, bool *aliased)
{
    size_t n = d->n, accepted = 0;
    for (size_t j = 0; j <= ncols; j++) {
        size_t col = j == 0 ? 0 : cols[j - 1];
        gsl_vector_view v = gsl_matrix_column(q, accepted);
        for (size_t i = 0; i < n; i++)
            gsl_vector_set(&v.vector, i, d->x[i * d->k + col]);
        double norm0 = gsl_blas_dnrm2(&v.vector);
        for (int pass = 0; pass < 2; pass++)
            for (size_t a = 0; a < accepted; a++) {
                gsl_vector_const_view u = gsl_matrix_const_column(q, a);
                double dot;
                gsl_blas_ddot(&u.vector, &v.vector, &dot);
                gsl_blas_daxpy(-dot, &u.vector, &v.vector);
            }
        double norm1 = gsl_blas_dnrm2(&v.vector);
        bool out = !(norm0 > 0.0) || norm1 < ALIAS_TOL * norm0;
        if (j > 0)
            aliased[j - 1] = out;
        if (!out) {
            gsl_vector_scale(&v.vector, 1.0 / norm1);
            accepted++;
        }
    }
}

/* Separation by a two-valued predictor: the first active column with a
 * value whose cases all have the same outcome; SIZE_MAX if none. */
static size_t two_valued_separation(const design *d, const size_t *act,
                                    size_t m, double *value, int *outcome)
{
    for (size_t j = 1; j < m; j++) {
        double v[2] = {d->x[act[j]], NAN};
        size_t count[2][2] = {{0, 0}, {0, 0}};
        bool two = true;
        for (size_t i = 0; i < d->n && two; i++) {
            double x = d->x[i * d->k + act[j]];
            size_t which;
            if (x == v[0]) {
                which = 0;
            } else if (isnan(v[1]) || x == v[1]) {
                v[1] = x;
                which = 1;
            } else {
                two = false;
                break;
            }
            count[which][d->y[i] == 1.0]++;
        }
        if (!two || isnan(v[1]))
            continue;
        for (int w = 0; w < 2; w++)
            if (count[w][0] == 0 || count[w][1] == 0) {
                *value = v[w];
                *outcome = count[w][0] == 0;
                return j;
            }
    }
    return SIZE_MAX;
}

/* One case for the Hosmer-Lemeshow ordering. */
typedef struct hl_case {
    double p;
    double y;
    const double *row;  /* the case's design row; borrowed */
    const size_t *cols; /* the model's predictor columns; borrowed */
    size_t ncols;
} hl_case;

static int hl_compare(const void *pa, const void *pb)
{
    const hl_case *a = pa, *b = pb;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    for (size_t j = 0; j < a->ncols; j++) {
        double u = a->row[a->cols[j]], v = b->row[a->cols[j]];
        if (u != v)
            return u < v ? -1 : 1;
    }
    return 0;
}

static bool same_pattern(const hl_case *a, const hl_case *b)
{
    for (size_t j = 0; j < a->ncols; j++)
        if (a->row[a->cols[j]] != b->row[a->cols[j]])
            return false;
    return true;
}

/* Hosmer-Lemeshow: sort by fitted probability (ties between different
 * covariate patterns broken by the predictor values in column order); a
 * run of cases with the same covariate pattern goes whole into group
 * floor(10 r / n), r = cases before the run; empty groups are dropped and
 * df = groups - 2 (statistic NAN when fewer than 3 groups). */
static bar_status hosmer_lemeshow(const design *d, const size_t *cols,
                                  size_t ncols, const double *eta,
                                  bar_logit *out, bar_error *err)
{
    size_t n = d->n;
    hl_case *cs = malloc(n * sizeof *cs);
    if (!cs)
        return bar_error_set(err, BAR_ENOMEM, "logistic: out of memory");
    for (size_t i = 0; i < n; i++)
        cs[i] = (hl_case){.p = inv_logit(eta[i]), .y = d->y[i],
                          .row = d->x + i * d->k, .cols = cols,
                          .ncols = ncols};
    qsort(cs, n, sizeof *cs, hl_compare);
    double obs[HL_GROUPS] = {0}, expct[HL_GROUPS] = {0};
    size_t cnt[HL_GROUPS] = {0};
    size_t group = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || !same_pattern(&cs[i], &cs[i - 1]))
            group = HL_GROUPS * i / n;
        obs[group] += cs[i].y;
        expct[group] += cs[i].p;
        cnt[group]++;
    }
    free(cs);
    double chisq = 0.0;
    long groups = 0;
    for (int g = 0; g < HL_GROUPS; g++) {
        if (cnt[g] == 0)
            continue;
        groups++;
        double e0 = (double)cnt[g] - expct[g];
        double o0 = (double)cnt[g] - obs[g];
        chisq += (obs[g] - expct[g]) * (obs[g] - expct[g]) / expct[g] +
                 (o0 - e0) * (o0 - e0) / e0;
    }
    if (groups > 2) {
        out->hl_chisq = chisq;
        out->hl_df = groups - 2;
        out->hl_p = gsl_cdf_chisq_Q(chisq, (double)out->hl_df);
    }
    return BAR_OK;
}

/* Append "i, j, k" (predictor indices) to a message buffer. */
static void name_list(char *buf, size_t cap, const size_t *act,
                      const double *score, size_t m)
{
    double top = 0.0;
    for (size_t j = 1; j < m; j++)
        top = fmax(top, score[j]);
    size_t len = 0;
    buf[0] = '\0';
    for (size_t j = 1; j < m && len < cap; j++) {
        if (!(score[j] >= 0.5 * top) || top <= 0.0)
            continue;
        int w = snprintf(buf + len, cap - len, "%s%zu", len ? ", " : "",
                         act[j] - 1);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

static bar_logit_term empty_term(bool aliased)
{
    return (bar_logit_term){.aliased = aliased, .b = NAN, .se = NAN,
                            .wald = NAN, .p = NAN, .exp_b = NAN,
                            .exp_b_low = NAN, .exp_b_high = NAN};
}

static bar_logit_term make_term(double b, double se, double z975)
{
    double z = b / se;
    return (bar_logit_term){.aliased = false, .b = b, .se = se,
                            .wald = z * z,
                            .p = gsl_cdf_chisq_Q(z * z, 1.0),
                            .exp_b = exp(b),
                            .exp_b_low = exp(b - z975 * se),
                            .exp_b_high = exp(b + z975 * se)};
}

/* Fit y ~ 1 + X[:, cols] on the design (cols: design columns, >= 1; the
 * terms follow their order). ctx prefixes every message. out is filled
 * (terms owned by out) and must be cleared by the caller, also on
 * failure. */
static bar_status fit_columns(const design *d, const size_t *cols,
                              size_t ncols, int max_iter, const char *ctx,
                              bar_logit *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    size_t n = d->n;
    size_t *act = NULL;
    bool *aliased = NULL;
    double *eta = NULL, *eta_new = NULL, *last_step = NULL;
    gsl_matrix *q = NULL, *a = NULL;
    gsl_vector *g = NULL, *delta = NULL, *beta = NULL, *beta_new = NULL;

    *out = (bar_logit){
        .n = n, .p = ncols, .intercept = empty_term(false),
        .minus2ll = NAN, .minus2ll_null = NAN, .cox_snell_r2 = NAN,
        .nagelkerke_r2 = NAN, .hl_chisq = NAN, .hl_p = NAN,
        .percent_correct = NAN};
    out->terms = malloc((ncols ? ncols : 1) * sizeof *out->terms);
    aliased = calloc(ncols ? ncols : 1, sizeof *aliased);
    act = malloc((ncols + 1) * sizeof *act);
    if (!out->terms || !aliased || !act)
        goto nomem;
    for (size_t j = 0; j < ncols; j++)
        out->terms[j] = empty_term(false);

    double n1 = 0.0;
    for (size_t i = 0; i < n; i++)
        n1 += d->y[i];
    if (n == 0) {
        rc = bar_error_set(err, BAR_EUSAGE, "%slogistic: no complete cases",
                           ctx);
        goto cleanup;
    }
    if (n1 == 0.0 || n1 == (double)n) {
        rc = bar_error_set(err, BAR_EUSAGE,
                           "%slogistic: the outcome is constant (all %zu "
                           "complete cases are %d)", ctx, n, n1 > 0.0);
        goto cleanup;
    }
    double n0 = (double)n - n1;
    out->minus2ll_null = -2.0 * (n1 * log(n1 / (double)n) +
                                 n0 * log(n0 / (double)n));

    /* Aliasing. */
    q = gsl_matrix_alloc(n, ncols + 1);
    if (!q)
        goto nomem;
    find_aliased(d, cols, ncols, q, aliased);
    gsl_matrix_free(q);
    q = NULL;
    size_t m = 0;
    act[m++] = 0;
    for (size_t j = 0; j < ncols; j++) {
        out->terms[j].aliased = aliased[j];
        if (!aliased[j])
            act[m++] = cols[j];
    }

    double sep_value;
    int sep_outcome;
    size_t sep = two_valued_separation(d, act, m, &sep_value, &sep_outcome);
    if (sep != SIZE_MAX) {
        out->separation = true;
        rc = bar_error_set(err, BAR_ENUMERIC,
                           "%slogistic: quasi-complete separation: "
                           "predictor index %zu predicts the outcome "
                           "perfectly where it is %g (every such case is "
                           "%d); its coefficient does not exist", ctx,
                           act[sep] - 1, sep_value, sep_outcome);
        goto cleanup;
    }

    /* Newton-Raphson. */
    a = gsl_matrix_alloc(m, m);
    g = gsl_vector_alloc(m);
    delta = gsl_vector_alloc(m);
    beta = gsl_vector_calloc(m);
    beta_new = gsl_vector_alloc(m);
    eta = malloc(n * sizeof *eta);
    eta_new = malloc(n * sizeof *eta_new);
    last_step = calloc(m, sizeof *last_step);
    if (!a || !g || !delta || !beta || !beta_new || !eta || !eta_new ||
        !last_step)
        goto nomem;
    gsl_vector_set(beta, 0, log(n1 / n0));
    double dev = linear_predictor(d, act, m, beta, eta);
    bool singular = false, stalled = false;
    int iter = 0;
    while (iter < max_iter && !out->converged) {
        iter++;
        information(d, act, m, eta, a, g);
        if (gsl_linalg_cholesky_decomp1(a) != GSL_SUCCESS) {
            singular = true;
            break;
        }
        gsl_linalg_cholesky_solve(a, g, delta);
        double step = 1.0, dev_new = dev;
        int halvings = 0;
        for (;;) {
            gsl_vector_memcpy(beta_new, beta);
            gsl_blas_daxpy(step, delta, beta_new);
            dev_new = linear_predictor(d, act, m, beta_new, eta_new);
            if (dev_new - dev <= DEV_TOL * (fabs(dev) + 0.1))
                break;
            if (++halvings > MAX_HALVINGS) {
                stalled = true;
                break;
            }
            step /= 2.0;
        }
        if (stalled)
            break;
        bool small = true;
        for (size_t j = 0; j < m; j++) {
            last_step[j] = step * gsl_vector_get(delta, j);
            if (fabs(last_step[j]) >
                BETA_TOL * (fabs(gsl_vector_get(beta_new, j)) + 1.0))
                small = false;
        }
        out->converged =
            small && fabs(dev_new - dev) / (fabs(dev_new) + 0.1) < DEV_TOL;
        gsl_vector_swap(beta, beta_new);
        double *t = eta;
        eta = eta_new;
        eta_new = t;
        dev = dev_new;
    }
    out->iterations = iter;

    if (!out->converged) {
        bool extreme = false;
        for (size_t i = 0; i < n && !extreme; i++)
            extreme = fabs(eta[i]) > EXTREME_ETA;
        if (extreme) {
            /* The growing coefficients, scaled by their predictor's sd. */
            for (size_t j = 1; j < m; j++) {
                double s = 0.0, s2 = 0.0;
                for (size_t i = 0; i < n; i++) {
                    double x = d->x[i * d->k + act[j]];
                    s += x;
                    s2 += x * x;
                }
                double var = s2 / (double)n - (s / (double)n) * (s / (double)n);
                last_step[j] = fabs(last_step[j]) * sqrt(fmax(var, 0.0));
            }
            char names[NAME_LIST_MAX];
            name_list(names, sizeof names, act, last_step, m);
            out->separation = true;
            rc = bar_error_set(err, BAR_ENUMERIC,
                               "%slogistic: complete or quasi-complete "
                               "separation: fitted probabilities of 0 or 1 "
                               "and the coefficient of predictor index %s "
                               "growing without bound after %d iterations; "
                               "the estimates do not exist", ctx, names,
                               iter);
        } else if (singular) {
            rc = bar_error_set(err, BAR_ENUMERIC,
                               "%slogistic: X'WX is singular at iteration "
                               "%d", ctx, iter);
        } else {
            rc = bar_error_set(err, BAR_ENUMERIC,
                               "%slogistic: no convergence after %d "
                               "iterations%s", ctx, iter,
                               stalled ? " (no step lowers -2LL)" : "");
        }
        goto cleanup;
    }

    /* Covariance at the estimate. */
    information(d, act, m, eta, a, NULL);
    int gsl_rc = gsl_linalg_cholesky_decomp1(a);
    if (gsl_rc == GSL_SUCCESS)
        gsl_rc = gsl_linalg_cholesky_invert(a);
    if (gsl_rc != GSL_SUCCESS) {
        out->converged = false;
        rc = bar_error_set(err, BAR_ENUMERIC,
                           "%slogistic: the information matrix is singular "
                           "at the estimate", ctx);
        goto cleanup;
    }
    double z975 = gsl_cdf_ugaussian_Pinv(0.975);
    out->intercept = make_term(gsl_vector_get(beta, 0),
                               sqrt(gsl_matrix_get(a, 0, 0)), z975);
    for (size_t j = 0, r = 1; j < ncols; j++) {
        if (aliased[j])
            continue;
        out->terms[j] = make_term(gsl_vector_get(beta, r),
                                  sqrt(gsl_matrix_get(a, r, r)), z975);
        r++;
    }
    out->minus2ll = dev;
    out->cox_snell_r2 = 1.0 - exp(-(out->minus2ll_null - dev) / (double)n);
    out->nagelkerke_r2 =
        out->cox_snell_r2 / (1.0 - exp(-out->minus2ll_null / (double)n));
    for (size_t i = 0; i < n; i++)
        out->table[d->y[i] == 1.0][inv_logit(eta[i]) > 0.5]++;
    out->percent_correct =
        100.0 * (double)(out->table[0][0] + out->table[1][1]) / (double)n;
    rc = hosmer_lemeshow(d, cols, ncols, eta, out, err);
    goto cleanup;

nomem:
    rc = bar_error_set(err, BAR_ENOMEM, "%slogistic: out of memory", ctx);
cleanup:
    free(act);
    free(aliased);
    free(eta);
    free(eta_new);
    free(last_step);
    gsl_matrix_free(q);
    gsl_matrix_free(a);
    gsl_vector_free(g);
    gsl_vector_free(delta);
    gsl_vector_free(beta);
    gsl_vector_free(beta_new);
    return rc;
}

bar_status bar_logit_fit(const double *x, const double *y, size_t n,
                         size_t p, int max_iter, bar_logit *out,
                         bar_error *err)
{
    bar_status rc = BAR_OK;
    design d = {0};
    size_t *cols = NULL;
    *out = (bar_logit){0};
    bar_numeric_init();
    rc = design_build(x, y, n, p, &d, err);
    if (rc != BAR_OK)
        goto cleanup;
    cols = malloc((p ? p : 1) * sizeof *cols);
    if (!cols) {
        rc = bar_error_set(err, BAR_ENOMEM, "logistic: out of memory");
        goto cleanup;
    }
    for (size_t j = 0; j < p; j++)
        cols[j] = j + 1;
    rc = fit_columns(&d, cols, p, max_iter > 0 ? max_iter : DEFAULT_MAX_ITER,
                     "", out, err);
cleanup:
    free(cols);
    design_clear(&d);
    return rc;
}

void bar_logit_clear(bar_logit *m)
{
    if (!m)
        return;
    free(m->terms);
    *m = (bar_logit){0};
}

bar_status bar_logit_backward(const double *x, const double *y, size_t n,
                              size_t p, double p_remove, int max_iter,
                              bar_stepwise *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    design d = {0};
    size_t *cols = NULL, *trial = NULL;
    bar_logit cand = {0}, best = {0};
    *out = (bar_stepwise){0};
    bar_numeric_init();
    if (!(p_remove >= 0.0 && p_remove <= 1.0)) {
        rc = bar_error_set(err, BAR_EUSAGE,
                           "logistic backward: removal p %g is not between "
                           "0 and 1", p_remove);
        goto cleanup;
    }
    if (max_iter <= 0)
        max_iter = DEFAULT_MAX_ITER;
    rc = design_build(x, y, n, p, &d, err);
    if (rc != BAR_OK)
        goto cleanup;
    cols = malloc((p ? p : 1) * sizeof *cols);
    trial = malloc((p ? p : 1) * sizeof *trial);
    out->steps = calloc(p + 1, sizeof *out->steps);
    out->kept = calloc(p ? p : 1, sizeof *out->kept);
    if (!cols || !trial || !out->steps || !out->kept)
        goto nomem;
    for (size_t j = 0; j < p; j++)
        cols[j] = j + 1;
    size_t ncols = p;

    bar_logit_step *first = &out->steps[0];
    *first = (bar_logit_step){.removed = SIZE_MAX, .lr_chisq = NAN,
                              .lr_p = NAN};
    out->nsteps = 1;
    rc = fit_columns(&d, cols, ncols, max_iter, "backward, full model: ",
                     &first->model, err);
    if (rc != BAR_OK)
        goto cleanup;
    first->columns = malloc((p ? p : 1) * sizeof *first->columns);
    if (!first->columns)
        goto nomem;
    for (size_t j = 0; j < p; j++)
        first->columns[j] = j;

    while (ncols > 0) {
        const bar_logit *cur = &out->steps[out->nsteps - 1].model;
        size_t best_j = SIZE_MAX;
        double best_lr = NAN, best_p = -1.0;
        for (size_t j = 0; j < ncols; j++) {
            size_t t = 0;
            for (size_t c = 0; c < ncols; c++)
                if (c != j)
                    trial[t++] = cols[c];
            char ctx[96];
            snprintf(ctx, sizeof ctx, "backward step %zu, without "
                     "predictor index %zu: ", out->nsteps, cols[j] - 1);
            rc = fit_columns(&d, trial, t, max_iter, ctx, &cand, err);
            if (rc != BAR_OK)
                goto cleanup;
            double lr = 0.0, lr_p = 1.0; /* an aliased term adds nothing */
            if (!cur->terms[j].aliased) {
                lr = fmax(cand.minus2ll - cur->minus2ll, 0.0);
                lr_p = gsl_cdf_chisq_Q(lr, 1.0);
            }
            if (lr_p > best_p) {
                best_j = j;
                best_p = lr_p;
                best_lr = lr;
                bar_logit_clear(&best);
                best = cand;
                cand = (bar_logit){0};
            } else {
                bar_logit_clear(&cand);
            }
        }
        if (!(best_p > p_remove))
            break;
        bar_logit_step *s = &out->steps[out->nsteps];
        *s = (bar_logit_step){.removed = cols[best_j] - 1,
                              .lr_chisq = best_lr, .lr_p = best_p,
                              .model = best};
        best = (bar_logit){0};
        memmove(cols + best_j, cols + best_j + 1,
                (ncols - best_j - 1) * sizeof *cols);
        ncols--;
        s->columns = malloc((ncols ? ncols : 1) * sizeof *s->columns);
        out->nsteps++;
        if (!s->columns)
            goto nomem;
        for (size_t c = 0; c < ncols; c++)
            s->columns[c] = cols[c] - 1;
    }
    for (size_t c = 0; c < ncols; c++)
        out->kept[cols[c] - 1] = true;
    goto cleanup;

nomem:
    rc = bar_error_set(err, BAR_ENOMEM, "logistic backward: out of memory");
cleanup:
    bar_logit_clear(&cand);
    bar_logit_clear(&best);
    free(cols);
    free(trial);
    design_clear(&d);
    return rc;
}

void bar_stepwise_clear(bar_stepwise *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nsteps; i++) {
        bar_logit_clear(&s->steps[i].model);
        free(s->steps[i].columns);
    }
    free(s->steps);
    free(s->kept);
    *s = (bar_stepwise){0};
}

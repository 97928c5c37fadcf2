/* scale.c - correlations, Cronbach's alpha and one-factor principal axis
 * factoring (see scale.h for the definitions and the R functions they
 * match).
 *
 * The complete cases are copied into one row-major block; means and
 * covariances follow GSL's two-pass gsl_stats_mean/gsl_stats_covariance_m
 * operation for operation, organised as two sweeps over the rows (see
 * row_covariance).
 * The squared multiple correlations use a Cholesky factorisation of R
 * (gsl_linalg_cholesky_*), the eigen problems gsl_eigen_symmv.
 */
#include "stats/scale.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "stats/numeric.h"

/* At most this many items: the factor analysis holds several k x k
 * matrices, and a questionnaire block never has more. */
enum { MAX_ITEMS = 1000 };

/* Check the shape of a cases x items request. */
static bar_status check_shape(const char *method, const double *x, size_t n,
                              size_t k, size_t min_k, bar_error *err)
{
    if (!x && n > 0)
        return bar_error_set(err, BAR_EUSAGE, "%s: no data", method);
    if (k < min_k)
        return bar_error_set(err, BAR_EUSAGE,
                             "%s: %zu items; at least %zu are needed",
                             method, k, min_k);
    if (k > MAX_ITEMS)
        return bar_error_set(err, BAR_ELIMIT,
                             "%s: %zu items; at most %d are allowed", method,
                             k, (int)MAX_ITEMS);
    if (n > SIZE_MAX / sizeof(double) / k)
        return bar_error_set(err, BAR_ELIMIT, "%s: %zu cases x %zu items "
                             "is too large", method, n, k);
    return BAR_OK;
}

/* The k means and the k x k covariance matrix (denominator m - 1) of the
 * m rows of cc (row-major, m x k) into mean and cov (caller's memory).
 *
 * The arithmetic is exactly that of GSL 2.x, so the results are bit for bit
 * those of gsl_stats_mean per column and gsl_stats_covariance_m per pair:
 * a running mean in long double, mean += (x - mean) / (i + 1); then, with
 * the means rounded to double, a running mean of the centred
 * cross-products in long double, c += (da * db - c) / (i + 1), rounded to
 * double and multiplied by m / (m - 1). Only the order of the loops
 * differs: one sweep over the rows for all means and one for all
 * k(k+1)/2 cross-products (each row's centred values computed once), in
 * place of k(k+1)/2 strided sweeps over the whole block. Each accumulator
 * still sees its rows in the same order, so nothing changes but speed.
 * BAR_ENOMEM when the k(k+1)/2 accumulators cannot be allocated. */
static bar_status row_covariance(const double *cc, size_t m, size_t k,
                                 double *mean, double *cov)
{
    bar_status rc = BAR_OK;
    size_t npairs = k * (k + 1) / 2;
    long double *acc = calloc(npairs, sizeof *acc);
    long double *delta = malloc(k * sizeof *delta);
    if (!acc || !delta) {
        rc = BAR_ENOMEM;
        goto cleanup;
    }
    /* Pass 1: the means (acc[0..k) doubles as the running means). */
    for (size_t i = 0; i < m; i++) {
        const double *row = cc + i * k;
        long double count = (long double)(i + 1);
        for (size_t j = 0; j < k; j++)
            acc[j] += (row[j] - acc[j]) / count;
    }
    for (size_t j = 0; j < k; j++) {
        mean[j] = (double)acc[j];
        acc[j] = 0;
    }
    /* Pass 2: the centred cross-products, pairs a <= b packed row by row. */
    for (size_t i = 0; i < m; i++) {
        const double *row = cc + i * k;
        long double count = (long double)(i + 1);
        for (size_t j = 0; j < k; j++)
            delta[j] = row[j] - mean[j]; /* a double difference, as GSL */
        long double *p = acc;
        for (size_t a = 0; a < k; a++) {
            long double da = delta[a];
            for (size_t b = a; b < k; b++, p++)
                *p += (da * delta[b] - *p) / count;
        }
    }
    double scale = (double)m / (double)(m - 1);
    const long double *p = acc;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a; b < k; b++, p++) {
            double c = (double)*p * scale;
            cov[a * k + b] = c;
            cov[b * k + a] = c;
        }
cleanup:
    free(acc);
    free(delta);
    return rc;
}

/* Copy the complete cases of x (n x k) into a new block *out (caller
 * frees) and compute the k x k covariance matrix (denominator m - 1) into
 * cov (caller's memory). BAR_EINVALID for an infinite value, fewer than 3
 * complete cases or a constant item. */
static bar_status complete_covariance(const char *method, const double *x,
                                      size_t n, size_t k, double *cov,
                                      size_t *ncomplete, bar_error *err)
{
    bar_status rc = BAR_OK;
    double *cc = NULL;
    double *mean = NULL;
    size_t m = 0;

    cc = malloc((n > 0 ? n : 1) * k * sizeof *cc);
    mean = malloc(k * sizeof *mean);
    if (!cc || !mean) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", method);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const double *row = x + i * k;
        bool complete = true;
        for (size_t j = 0; j < k; j++) {
            if (isinf(row[j])) {
                rc = bar_error_set(err, BAR_EINVALID,
                                   "%s: case %zu, item %zu: infinite value",
                                   method, i, j);
                goto cleanup;
            }
            if (isnan(row[j]))
                complete = false;
        }
        if (complete)
            memcpy(cc + m++ * k, row, k * sizeof *cc);
    }
    *ncomplete = m;
    if (m < 3) {
        rc = bar_error_set(err, BAR_EINVALID,
                           "%s: %zu complete cases; at least 3 are needed",
                           method, m);
        goto cleanup;
    }
    if (row_covariance(cc, m, k, mean, cov) != BAR_OK) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", method);
        goto cleanup;
    }
    for (size_t a = 0; a < k; a++) {
        if (!(cov[a * k + a] > 0.0)) {
            rc = bar_error_set(err, BAR_EINVALID,
                               "%s: item %zu (0-based) is constant in the "
                               "%zu complete cases", method, a, m);
            goto cleanup;
        }
    }

cleanup:
    free(cc);
    free(mean);
    return rc;
}

bar_status bar_scale_correlation(const double *x, size_t n, size_t k,
                                 double *r, size_t *ncomplete,
                                 bar_error *err)
{
    static const char method[] = "correlation";
    size_t m = 0;
    bar_status rc = check_shape(method, x, n, k, 1, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (!r) {
        rc = bar_error_set(err, BAR_EUSAGE, "%s: no output matrix", method);
        goto cleanup;
    }
    rc = complete_covariance(method, x, n, k, r, &m, err);
    if (rc != BAR_OK)
        goto cleanup;
    /* Scale the covariances in place; the diagonal is set to exactly 1. */
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            if (a != b)
                r[a * k + b] /= sqrt(r[a * k + a]) * sqrt(r[b * k + b]);
    for (size_t a = 0; a < k; a++)
        r[a * k + a] = 1.0;

cleanup:
    if (ncomplete)
        *ncomplete = m;
    return rc;
}

/* Cronbach's alpha of a covariance structure with items items, trace tr
 * and total sum sum (the variance of the sum score). */
static double alpha_of(size_t items, double tr, double sum)
{
    if (items < 2 || !(sum > 0.0))
        return NAN;
    double kk = (double)items;
    return kk / (kk - 1.0) * (1.0 - tr / sum);
}

bar_status bar_scale_alpha(const double *x, size_t n, size_t k,
                           bar_alpha *out, bar_error *err)
{
    static const char method[] = "alpha";
    double *cov = NULL;
    double *drop = NULL;
    double *itr = NULL;
    size_t m = 0;
    bar_status rc = check_shape(method, x, n, k, 2, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (!out) {
        rc = bar_error_set(err, BAR_EUSAGE, "%s: no output", method);
        goto cleanup;
    }
    cov = malloc(k * k * sizeof *cov);
    drop = malloc(k * sizeof *drop);
    itr = malloc(k * sizeof *itr);
    if (!cov || !drop || !itr) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", method);
        goto cleanup;
    }
    rc = complete_covariance(method, x, n, k, cov, &m, err);
    if (rc != BAR_OK)
        goto cleanup;

    double tr = 0.0, sum = 0.0;
    for (size_t a = 0; a < k; a++) {
        tr += cov[a * k + a];
        for (size_t b = 0; b < k; b++)
            sum += cov[a * k + b];
    }
    if (!(sum > 0.0)) {
        rc = bar_error_set(err, BAR_EINVALID, "%s: the total score is "
                           "constant in the %zu complete cases", method, m);
        goto cleanup;
    }
    for (size_t i = 0; i < k; i++) {
        double row = 0.0;
        for (size_t b = 0; b < k; b++)
            row += cov[i * k + b];
        double cii = cov[i * k + i];
        /* Without item i: its row and column leave the sum (the diagonal
         * cell was subtracted twice), its variance leaves the trace. */
        double sum_rest = sum - 2.0 * row + cii;
        drop[i] = k > 2 ? alpha_of(k - 1, tr - cii, sum_rest) : NAN;
        itr[i] = sum_rest > 0.0 ? (row - cii) / sqrt(cii * sum_rest) : NAN;
    }
    *out = (bar_alpha){
        .ncomplete = m,
        .alpha = alpha_of(k, tr, sum),
        .alpha_if_deleted = drop,
        .item_total_r = itr,
    };
    drop = NULL;
    itr = NULL;

cleanup:
    free(cov);
    free(drop);
    free(itr);
    return rc;
}

void bar_alpha_clear(bar_alpha *a)
{
    if (!a)
        return;
    free(a->alpha_if_deleted);
    free(a->item_total_r);
    *a = (bar_alpha){0};
}

/* Is r a k x k correlation matrix (finite, symmetric to a relative 1e-12,
 * unit diagonal, entries within [-1, 1])? */
static bar_status check_correlation(const double *r, size_t k,
                                    bar_error *err)
{
    const double eps = 1e-12;
    for (size_t a = 0; a < k; a++) {
        if (!(fabs(r[a * k + a] - 1.0) <= eps))
            return bar_error_set(err, BAR_EUSAGE, "paf: diagonal cell %zu "
                                 "is %g, not 1", a, r[a * k + a]);
        for (size_t b = 0; b < k; b++) {
            double v = r[a * k + b];
            if (!(fabs(v) <= 1.0 + eps))
                return bar_error_set(err, BAR_EUSAGE, "paf: cell (%zu, %zu) "
                                     "= %g is not a correlation", a, b, v);
            if (!(fabs(v - r[b * k + a]) <= eps))
                return bar_error_set(err, BAR_EUSAGE, "paf: the matrix is "
                                     "not symmetric at (%zu, %zu)", a, b);
        }
    }
    return BAR_OK;
}

/* Squared multiple correlations 1 - 1/diag(R^-1) into smc (k, caller's
 * memory), clamped to [0, 1] as psych::smc does. work: a k x k scratch
 * matrix; wvec: 3k scratch vector. BAR_ENUMERIC when R is singular. */
static bar_status squared_multiple(const double *r, size_t k, gsl_matrix *work,
                                   gsl_vector *wvec, double *smc,
                                   bar_error *err)
{
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            gsl_matrix_set(work, a, b, r[a * k + b]);
    int g = gsl_linalg_cholesky_decomp1(work);
    if (g == GSL_EDOM)
        return bar_error_set(err, BAR_ENUMERIC, "paf: the correlation "
                             "matrix is singular (not positive definite); "
                             "an item is a linear combination of others");
    if (g != GSL_SUCCESS)
        return bar_numeric_status(g, "paf: Cholesky factorisation", err);
    double rcond = 0.0;
    g = gsl_linalg_cholesky_rcond(work, &rcond, wvec);
    if (g != GSL_SUCCESS)
        return bar_numeric_status(g, "paf: condition number", err);
    if (!(rcond >= sqrt(DBL_EPSILON)))
        return bar_error_set(err, BAR_ENUMERIC, "paf: the correlation "
                             "matrix is singular (reciprocal condition "
                             "number %g); an item is a linear combination "
                             "of others", rcond);
    g = gsl_linalg_cholesky_invert(work);
    if (g != GSL_SUCCESS)
        return bar_numeric_status(g, "paf: inverse", err);
    for (size_t a = 0; a < k; a++) {
        double s = 1.0 - 1.0 / gsl_matrix_get(work, a, a);
        smc[a] = s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
    }
    return BAR_OK;
}

bar_status bar_scale_paf(const double *r, size_t k, double tol, int max_iter,
                         bar_paf *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    gsl_matrix *mat = NULL, *vec = NULL;
    gsl_vector *val = NULL, *wvec = NULL;
    gsl_eigen_symmv_workspace *ws = NULL;
    double *load = NULL, *comm = NULL, *eig = NULL, *smc = NULL;

    bar_numeric_init();
    if (!r || !out) {
        rc = bar_error_set(err, BAR_EUSAGE, "paf: no matrix or no output");
        goto cleanup;
    }
    if (k < 3) {
        rc = bar_error_set(err, BAR_EUSAGE, "paf: %zu items; at least 3 are "
                           "needed", k);
        goto cleanup;
    }
    if (k > MAX_ITEMS) {
        rc = bar_error_set(err, BAR_ELIMIT, "paf: %zu items; at most %d are "
                           "allowed", k, (int)MAX_ITEMS);
        goto cleanup;
    }
    if (!(tol >= 0.0) || max_iter < 1) {
        rc = bar_error_set(err, BAR_EUSAGE, "paf: tolerance %g or iteration "
                           "cap %d out of range", tol, max_iter);
        goto cleanup;
    }
    rc = check_correlation(r, k, err);
    if (rc != BAR_OK)
        goto cleanup;

    mat = gsl_matrix_alloc(k, k);
    vec = gsl_matrix_alloc(k, k);
    val = gsl_vector_alloc(k);
    wvec = gsl_vector_alloc(3 * k);
    ws = gsl_eigen_symmv_alloc(k);
    load = malloc(k * sizeof *load);
    comm = malloc(k * sizeof *comm);
    eig = malloc(k * sizeof *eig);
    smc = malloc(k * sizeof *smc);
    if (!mat || !vec || !val || !wvec || !ws || !load || !comm || !eig ||
        !smc) {
        rc = bar_error_set(err, BAR_ENOMEM, "paf: out of memory");
        goto cleanup;
    }

    /* Eigenvalues of R itself (gsl_eigen_symmv destroys its input). */
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            gsl_matrix_set(mat, a, b, r[a * k + b]);
    int g = gsl_eigen_symmv(mat, val, vec, ws);
    if (g != GSL_SUCCESS) {
        rc = bar_numeric_status(g, "paf: eigenvalues", err);
        goto cleanup;
    }
    gsl_eigen_symmv_sort(val, vec, GSL_EIGEN_SORT_VAL_DESC);
    for (size_t a = 0; a < k; a++)
        eig[a] = gsl_vector_get(val, a);

    rc = squared_multiple(r, k, mat, wvec, smc, err);
    if (rc != BAR_OK)
        goto cleanup;
    memcpy(comm, smc, k * sizeof *comm);

    /* The iteration: comm holds the communalities on the diagonal of the
     * reduced matrix; total is their sum before this step. */
    double total = 0.0;
    for (size_t a = 0; a < k; a++)
        total += comm[a];
    int iter = 0;
    bool converged = false;
    while (iter < max_iter && !converged) {
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++)
                gsl_matrix_set(mat, a, b, a == b ? comm[a] : r[a * k + b]);
        g = gsl_eigen_symmv(mat, val, vec, ws);
        if (g != GSL_SUCCESS) {
            rc = bar_numeric_status(g, "paf: eigen decomposition", err);
            goto cleanup;
        }
        iter++;
        size_t top = gsl_vector_max_index(val);
        double lambda = gsl_vector_get(val, top);
        if (!(lambda > 0.0)) {
            rc = bar_error_set(err, BAR_ENUMERIC, "paf: iteration %d: the "
                               "largest eigenvalue of the reduced matrix is "
                               "%g, not positive", iter, lambda);
            goto cleanup;
        }
        double root = sqrt(lambda);
        double next = 0.0;
        for (size_t a = 0; a < k; a++) {
            load[a] = gsl_matrix_get(vec, a, top) * root;
            comm[a] = load[a] * load[a];
            next += comm[a];
        }
        converged = fabs(total - next) <= tol;
        total = next;
    }

    double sign_sum = 0.0, ss = 0.0;
    for (size_t a = 0; a < k; a++) {
        sign_sum += load[a];
        ss += comm[a];
    }
    if (sign_sum < 0.0)
        for (size_t a = 0; a < k; a++)
            load[a] = -load[a];

    *out = (bar_paf){
        .k = k,
        .loadings = load,
        .communalities = comm,
        .eigenvalues = eig,
        .initial = smc,
        .explained = ss / (double)k,
        .iterations = iter,
        .converged = converged,
    };
    load = comm = eig = smc = NULL;

cleanup:
    gsl_matrix_free(mat);
    gsl_matrix_free(vec);
    gsl_vector_free(val);
    gsl_vector_free(wvec);
    gsl_eigen_symmv_free(ws);
    free(load);
    free(comm);
    free(eig);
    free(smc);
    return rc;
}

void bar_paf_clear(bar_paf *p)
{
    if (!p)
        return;
    free(p->loadings);
    free(p->communalities);
    free(p->eigenvalues);
    free(p->initial);
    *p = (bar_paf){0};
}

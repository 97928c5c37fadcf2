/* logistic.c - binary logistic regression by Newton-Raphson (IRLS), the
 * Hosmer-Lemeshow test, and backward elimination by likelihood ratio (see
 * logistic.h and docs/internals/stats.md, "Logistic regression").
 *
 * Method, in the order a fit runs:
 * 1. Complete cases: rows with a NAN in y or in any predictor are dropped
 *    once into one contiguous row-major array with the intercept column
 *    (struct design); backward elimination keeps these same cases for
 *    every model. The two-valued separation check of step 3 depends only
 *    on a column and y, so it is done once per column here.
 * 2. Aliasing: columns are taken left to right (intercept first); a column
 *    whose residual, after projecting out the columns already accepted, has
 *    a norm below ALIAS_TOL times its own norm is set aside. This is the
 *    rule of R's dqrdc2 (glm's limited-pivoting QR, tol = 1e-7), done here
 *    by modified Gram-Schmidt with one reorthogonalisation on the columns
 *    of R, X = QR (Householder, once per design, in blocks of rows): Q is
 *    orthogonal, so the norms and residuals are those of X's columns, and
 *    the test of any subset of columns costs O(k^3) instead of O(n k^2).
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
 *    still growing. Each iteration is one pass over the cases (irls_pass):
 *    at the trial coefficients it computes eta, -2LL and, in the same
 *    loop, X'WX and X'(y - mu) for the next step.
 * 5. SE from the inverse of X'WX at the estimate (the last pass computed
 *    it); Wald = (B/SE)^2 on 1 df.
 * 6. Classification table and Hosmer-Lemeshow (one sort of the cases):
 *    only for reported models, not for the trial refits of backward
 *    elimination, of which only -2LL is used.
 * Backward elimination: a candidate (the current model less one term) is
 * refitted by Newton steps with a fixed Hessian (qn_fit): the current
 * model's X'WX less the term's row and column, factored once; start at the
 * one-step conditional estimate; each pass needs only eta, mu and
 * X'(y - mu) (O(n m), no X'WX, and -2LL with its log only in the last
 * pass). Only -2LL at the optimum is used (the LR test), so the candidate
 * removed is then refitted by full Newton from that point (1-2 passes)
 * for its SEs, LR, classification table and Hosmer-Lemeshow. A candidate
 * that lets an aliased column in, or whose iteration stops contracting,
 * goes on by full Newton. Candidates run on 2 threads; each fit is the
 * same sequential computation whichever thread runs it, so the results do
 * not depend on the timing.
 */
#include "stats/logistic.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>
#include <threads.h>

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
    WORKERS = 2,                /* threads refitting backward candidates */
    QR_BLOCK = 2048,            /* rows per block of the design's QR */
    QN_MAX_ITER = 25,           /* fixed-Hessian passes before Newton */
};

static const double ALIAS_TOL = 1e-7;
static const double DEV_TOL = 1e-10;
static const double BETA_TOL = 1e-6;
static const double EXTREME_ETA = 18.420680743952367; /* logit(1 - 1e-8) */
/* A fixed-Hessian refit also needs the predicted -2LL decrease of its last
 * step, s'g, below this (in -2LL units): its error shrinks only linearly,
 * so the Newton criterion alone would leave -2LL up to ~1e-7 high. */
static const double QN_DEV_TOL = 1e-10;

/* Two-valued separation by one design column (see two_valued). */
typedef struct separation {
    bool separates; /* two-valued, one value with a single outcome */
    double value;   /* that value */
    int outcome;    /* the outcome all its cases have */
} separation;

/* The complete cases with the intercept column prepended. */
typedef struct design {
    size_t n, k;    /* cases; columns including the intercept (column 0) */
    double *x;      /* n x k, row-major; owned */
    double *y;      /* n values 0/1; owned */
    separation *sep; /* k: per column (column 0 unused); owned */
    double *r;      /* k x k, row-major: R of X = QR (all k columns), for
                       the aliasing test of any subset; owned */
} design;

static void design_clear(design *d)
{
    free(d->x);
    free(d->y);
    free(d->sep);
    free(d->r);
    *d = (design){0};
}

/* Does design column col separate y (two values, one of which has only
 * 0s or only 1s)? Fills s. */
static void two_valued(const design *d, size_t col, separation *s)
{
    *s = (separation){.separates = false};
    double v[2] = {d->x[col], NAN};
    size_t count[2][2] = {{0, 0}, {0, 0}};
    for (size_t i = 0; i < d->n; i++) {
        double x = d->x[i * d->k + col];
        size_t which;
        if (x == v[0]) {
            which = 0;
        } else if (isnan(v[1]) || x == v[1]) {
            v[1] = x;
            which = 1;
        } else {
            return; /* three or more values */
        }
        count[which][d->y[i] == 1.0]++;
    }
    if (isnan(v[1]))
        return; /* constant */
    for (int w = 0; w < 2; w++)
        if (count[w][0] == 0 || count[w][1] == 0) {
            *s = (separation){.separates = true, .value = v[w],
                              .outcome = count[w][0] == 0};
            return;
        }
}

/* R of the design's QR (d->r), by Householder QR (GSL) of blocks of rows
 * stacked under the R of the rows before them. Column c of R has the norm
 * of design column c, and the residual of any column after projecting out
 * any set of others is the same for R's columns as for X's (Q is
 * orthogonal), so the aliasing test of any subset of columns runs on R.
 * Returns false when out of memory. */
static bool design_qr(design *d)
{
    size_t k = d->k, rows = k + QR_BLOCK;
    bool ok = false;
    double *a = malloc(rows * k * sizeof *a);
    gsl_vector *tau = gsl_vector_alloc(k);
    d->r = calloc(k * k, sizeof *d->r);
    if (!a || !tau || !d->r)
        goto cleanup;
    size_t top = 0; /* rows of the running R at the top of a */
    for (size_t i0 = 0; i0 < d->n; i0 += QR_BLOCK) {
        size_t b = d->n - i0 < QR_BLOCK ? d->n - i0 : QR_BLOCK;
        memcpy(a + top * k, d->x + i0 * k, b * k * sizeof *a);
        memset(a + (top + b) * k, 0, (rows - top - b) * k * sizeof *a);
        gsl_matrix_view av = gsl_matrix_view_array(a, rows, k);
        if (gsl_linalg_QR_decomp(&av.matrix, tau) != GSL_SUCCESS)
            goto cleanup;
        for (size_t r = 0; r < k; r++)
            for (size_t c = 0; c < r; c++)
                a[r * k + c] = 0.0; /* the Householder vectors */
        top = k;
    }
    if (top)
        memcpy(d->r, a, k * k * sizeof *a);
    ok = true;
cleanup:
    free(a);
    if (tau)
        gsl_vector_free(tau);
    return ok;
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
    d->sep = calloc(d->k, sizeof *d->sep);
    if (!d->x || !d->y || !d->sep) {
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
    for (size_t c = 1; c < d->k && used > 0; c++)
        two_valued(d, c, &d->sep[c]);
    if (!design_qr(d))
        rc = bar_error_set(err, BAR_ENOMEM, "logistic: out of memory");
cleanup:
    if (rc != BAR_OK)
        design_clear(d);
    return rc;
}

static double inv_logit(double t)
{
    if (t >= 0.0)
        return 1.0 / (1.0 + exp(-t));
    double e = exp(t);
    return e / (1.0 + e);
}

/* log(1 + t) for t in [0, 1], by the fast log: with u = 1 + t rounded,
 * log(u) * t / (u - 1) is accurate to a few ulps (Goldberg's correction
 * of the rounding of 1 + t). */
static double log1p_small(double t)
{
    double u = 1.0 + t;
    if (u == 1.0)
        return t;
    return log(u) * (t / (u - 1.0));
}

/* One case's contribution to -2LL at the linear predictor e (outcome y),
 * and its fitted probability in *mu: one exp. With t = exp(-|e|),
 * log(1 + exp(e)) = max(e, 0) + log1p(t) and mu = 1/(1 + t) or
 * t/(1 + t). */
static inline double case_dev(double e, double y, double *mu)
{
    double t = exp(-fabs(e));
    double l = log1p_small(t);
    *mu = e >= 0.0 ? 1.0 / (1.0 + t) : t / (1.0 + t);
    /* 2 log(1 + exp(-e)) for y = 1, else 2 log(1 + exp(e)). */
    return 2.0 * (y == 1.0 ? (e < 0.0 ? -e : 0.0) + l
                           : (e > 0.0 ? e : 0.0) + l);
}

/* The per-case arithmetic of the fixed-Hessian passes (qn_pass), written
 * so that the compiler vectorises it (no calls, no branches): exp of a
 * non-positive argument and log(1 + t) for t in [0, 1] from + - * / and
 * bit operations only, each within a few ulps of libm's (measured: 4e-16
 * relative). qn_pass works in blocks of cases, so these run over whole
 * arrays. */

/* exp(x) for x <= 0 (0 below -708, where exp is below 1e-307, as libm's
 * exp is 0 below -745 and subnormal between): x = k
 * ln2 + r with |r| <= ln2/2 (k by the round-to-integer shift), e^r by its
 * Taylor polynomial of degree 13 (truncation below 1e-17), times 2^k
 * built in the exponent bits. */
static inline double exp_nonpos(double x)
{
    const double log2e = 1.4426950408889634074;
    const double ln2_hi = 6.93147180369123816490e-01; /* 32 bits: k ln2_hi
                                                         is exact */
    const double ln2_lo = 1.90821492927058770002e-10;
    const double shift = 0x1.8p52;       /* 1.5 2^52: rounds to integer */
    const uint64_t shift_bits = UINT64_C(0x4338000000000000);
    double x0 = x;
    x = x < -708.0 ? -708.0 : x;
    double kd = x * log2e + shift;
    uint64_t kb;
    memcpy(&kb, &kd, sizeof kb);
    kd -= shift;
    double r = (x - kd * ln2_hi) - kd * ln2_lo;
    double p = 1.0 / 6227020800.0;                 /* 1/13! */
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    /* k + 1023 in the exponent field (k >= -1022 after the clamp). */
    uint64_t sb = (kb - shift_bits + 1023u) << 52;
    double scale;
    memcpy(&scale, &sb, sizeof scale);
    double v = p * scale; /* computed either way: a select, no branch */
    return x0 < -708.0 ? 0.0 : v;
}

/* log(1 + t) for t in [0, 1]: 2 atanh(s), s = t / (2 + t) <= 1/3, by the
 * series 2 s (1 + s^2/3 + s^4/5 + ... + s^36/37) (truncation below 1e-18;
 * no rounding of 1 + t). */
static inline double log1p_unit(double t)
{
    double s = t / (2.0 + t), z = s * s;
    double p = 1.0 / 37;
    p = p * z + 1.0 / 35;
    p = p * z + 1.0 / 33;
    p = p * z + 1.0 / 31;
    p = p * z + 1.0 / 29;
    p = p * z + 1.0 / 27;
    p = p * z + 1.0 / 25;
    p = p * z + 1.0 / 23;
    p = p * z + 1.0 / 21;
    p = p * z + 1.0 / 19;
    p = p * z + 1.0 / 17;
    p = p * z + 1.0 / 15;
    p = p * z + 1.0 / 13;
    p = p * z + 1.0 / 11;
    p = p * z + 1.0 / 9;
    p = p * z + 1.0 / 7;
    p = p * z + 1.0 / 5;
    p = p * z + 1.0 / 3;
    p = p * z + 1.0;
    return 2.0 * s * p;
}

/* case_dev by exp_nonpos and log1p_unit: the fixed-Hessian passes of the
 * candidate refits use it; the Newton passes (irls_pass) keep libm's exp
 * and log, so that every reported fit, and the course of a fit that runs
 * into separation, is exactly as before. */
static inline double case_dev_fast(double e, double y, double *mu)
{
    double t = exp_nonpos(-fabs(e));
    *mu = (e >= 0.0 ? 1.0 : t) / (1.0 + t);
    /* 2 log(1 + exp(-e)) for y = 1, else 2 log(1 + exp(e)). */
    double s = y == 1.0 ? -e : e;
    return 2.0 * ((s > 0.0 ? s : 0.0) + log1p_unit(t));
}

/* The fitted probability alone (no log). */
static inline double case_mu(double e)
{
    double t = exp_nonpos(-fabs(e));
    return (e >= 0.0 ? 1.0 : t) / (1.0 + t);
}

/* The hot passes are compiled twice on x86-64, for AVX2 and for the
 * baseline, and the loader picks one. ISO C mode compiles without FMA
 * contraction, so both give the same numbers. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(BAR_NO_CLONES)
#define HOT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define HOT_CLONES
#endif

/* One pass over the cases at the coefficients beta (m, for the design
 * columns act): eta[i] = x_i'beta for every case; returns -2LL. When a is
 * not NULL it also accumulates, in the same loop, the upper triangle of
 * A = X'WX (a: m x m row-major, W = mu(1 - mu)) and g = X'(y - mu); the
 * lower triangle is filled in at the end. The per-case terms use one exp:
 * with t = exp(-|eta|), log(1 + exp(eta)) = max(eta, 0) + log1p(t) and mu
 * = 1/(1 + t) or t/(1 + t). Sums run over the cases in order. */
HOT_CLONES
static double irls_pass(const design *d, const size_t *act, size_t m,
                        const double *beta, double *eta, double *a,
                        double *g)
{
    double xr[MAX_PREDICTORS + 1]; /* the case's active columns */
    double dev = 0.0;
    if (a) {
        memset(a, 0, m * m * sizeof *a);
        memset(g, 0, m * sizeof *g);
    }
    for (size_t i = 0; i < d->n; i++) {
        const double *row = d->x + i * d->k;
        double e = 0.0;
        for (size_t j = 0; j < m; j++) {
            xr[j] = row[act[j]];
            e += xr[j] * beta[j];
        }
        eta[i] = e;
        double y = d->y[i], mu;
        dev += case_dev(e, y, &mu);
        if (!a)
            continue;
        double w = mu * (1.0 - mu), res = y - mu;
        for (size_t r = 0; r < m; r++) {
            double wr = w * xr[r];
            double *arow = a + r * m;
            g[r] += xr[r] * res;
            for (size_t c = r; c < m; c++) /* contiguous: vectorised */
                arow[c] += wr * xr[c];
        }
    }
    if (a)
        for (size_t r = 0; r < m; r++)
            for (size_t c = 0; c < r; c++)
                a[r * m + c] = a[c * m + r];
    return dev;
}

/* Mark aliased[j] for cols[j] that lie (to ALIAS_TOL) in the span of the
 * intercept and the earlier accepted columns, by modified Gram-Schmidt
 * with one reorthogonalisation on the columns of the design's R (k
 * values each: the same residual norms as on the n rows). q: k x (ncols
 * + 1) scratch (accepted columns, normalised). */
static void find_aliased(const design *d, const size_t *cols, size_t ncols,
                         double *q, bool *aliased)
{
    size_t k = d->k, accepted = 0;
    for (size_t j = 0; j <= ncols; j++) {
        size_t col = j == 0 ? 0 : cols[j - 1];
        double *v = q + accepted * k;
        double ss = 0.0;
        for (size_t i = 0; i < k; i++) {
            v[i] = d->r[i * k + col];
            ss += v[i] * v[i];
        }
        double norm0 = sqrt(ss);
        for (int pass = 0; pass < 2; pass++)
            for (size_t a = 0; a < accepted; a++) {
                const double *u = q + a * k;
                double dot = 0.0;
                for (size_t i = 0; i < k; i++)
                    dot += u[i] * v[i];
                for (size_t i = 0; i < k; i++)
                    v[i] -= dot * u[i];
            }
        ss = 0.0;
        for (size_t i = 0; i < k; i++)
            ss += v[i] * v[i];
        double norm1 = sqrt(ss);
        bool out = !(norm0 > 0.0) || norm1 < ALIAS_TOL * norm0;
        if (j > 0)
            aliased[j - 1] = out;
        if (!out) {
            for (size_t i = 0; i < k; i++)
                v[i] /= norm1;
            accepted++;
        }
    }
}

/* One case for the Hosmer-Lemeshow ordering. */
typedef struct hl_case {
    double p;
    const double *row;  /* the case's design row; borrowed */
} hl_case;

/* The columns compared when fitted probabilities tie, set before qsort
 * (which has no context argument); one per thread. */
typedef struct hl_key {
    const size_t *cols;
    size_t ncols;
} hl_key;
static _Thread_local hl_key hl_sort_key;

static int hl_compare(const void *pa, const void *pb)
{
    const hl_case *a = pa, *b = pb;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    for (size_t j = 0; j < hl_sort_key.ncols; j++) {
        size_t c = hl_sort_key.cols[j];
        if (a->row[c] != b->row[c])
            return a->row[c] < b->row[c] ? -1 : 1;
    }
    return 0;
}

static bool same_pattern(const hl_case *a, const hl_case *b,
                         const size_t *cols, size_t ncols)
{
    for (size_t j = 0; j < ncols; j++)
        if (a->row[cols[j]] != b->row[cols[j]])
            return false;
    return true;
}

/* A case's fitted probability as a sort key: for p >= 0 (never -0 here)
 * the IEEE bits order as the values do. */
typedef struct hl_item {
    uint64_t key;
    size_t idx;     /* the case */
} hl_item;

/* Sort a[0..n) by key: LSD radix sort, 8 bits a pass (a pass in which
 * every key has the same digit is skipped); tmp: n scratch. Stable. */
static void radix_sort(hl_item *a, hl_item *tmp, size_t n)
{
    hl_item *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((src[i].key >> shift) & 0xFF) + 1]++;
        bool single = false;
        for (int b = 1; b <= 256 && !single; b++)
            single = count[b] == n;
        if (single)
            continue;
        for (int b = 1; b <= 256; b++)
            count[b] += count[b - 1];
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i].key >> shift) & 0xFF]++] = src[i];
        hl_item *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/* Classification table and Hosmer-Lemeshow of a fitted model (eta: the
 * linear predictor of every case; borrowed). HL: sort by fitted
 * probability (ties between different covariate patterns broken by the
 * predictor values in column order); a run of cases with the same
 * covariate pattern goes whole into group floor(10 r / n), r = cases
 * before the run; empty groups are dropped and df = groups - 2 (statistic
 * NAN when fewer than 3 groups). BAR_ENOMEM. */
static bar_status summarise(const design *d, const size_t *cols,
                            size_t ncols, const double *eta,
                            bar_logit *out, bar_error *err)
{
    size_t n = d->n;
    hl_case *cs = malloc((n ? n : 1) * sizeof *cs);
    hl_item *items = malloc((n ? n : 1) * 2 * sizeof *items);
    if (!cs || !items) {
        free(cs);
        free(items);
        return bar_error_set(err, BAR_ENOMEM, "logistic: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        double p = inv_logit(eta[i]);
        out->table[d->y[i] == 1.0][p > 0.5]++;
        uint64_t key;
        memcpy(&key, &p, sizeof key);
        items[i] = (hl_item){.key = key, .idx = i};
    }
    out->percent_correct =
        100.0 * (double)(out->table[0][0] + out->table[1][1]) / (double)n;
    /* By fitted probability (radix), then each run of equal
     * probabilities by the predictor values (qsort on the run). */
    radix_sort(items, items + n, n);
    for (size_t i = 0; i < n; i++) {
        size_t at = items[i].idx;
        double p;
        memcpy(&p, &items[i].key, sizeof p);
        cs[i] = (hl_case){.p = p, .row = d->x + at * d->k};
    }
    free(items);
    hl_sort_key = (hl_key){.cols = cols, .ncols = ncols};
    for (size_t i = 0; i < n;) {
        size_t e = i + 1;
        while (e < n && cs[e].p == cs[i].p)
            e++;
        /* Most runs are one covariate pattern (a model with few
         * predictors): nothing to order then. */
        bool mixed = false;
        for (size_t r = i + 1; r < e && !mixed; r++)
            mixed = !same_pattern(&cs[r], &cs[i], cols, ncols);
        if (mixed)
            qsort(cs + i, e - i, sizeof *cs, hl_compare);
        i = e;
    }
    double obs[HL_GROUPS] = {0}, expct[HL_GROUPS] = {0};
    size_t cnt[HL_GROUPS] = {0};
    size_t group = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || !same_pattern(&cs[i], &cs[i - 1], cols, ncols))
            group = HL_GROUPS * i / n;
        /* y of the case: its row is at (row - x) / k. */
        size_t at = (size_t)(cs[i].row - d->x) / d->k;
        obs[group] += d->y[at];
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

/* How a fit starts and what it computes. */
typedef struct fit_opts {
    const double *start; /* ncols + 1 starting coefficients, intercept
                            first, then cols order (borrowed); NULL:
                            logit(mean y) and 0 */
    bool summarise;      /* classification table and Hosmer-Lemeshow */
} fit_opts;

/* What backward elimination keeps of a fitted model for the refits of
 * its candidates; buffers owned by whoever set them up (k and k x k). */
typedef struct fit_state {
    size_t m;            /* active columns, intercept first */
    size_t *act;         /* their design columns */
    double *beta;        /* the estimate */
    double *info;        /* X'WX at the estimate, m x m row-major */
} fit_state;

/* Fit y ~ 1 + X[:, cols] on the design (cols: design columns, >= 1; the
 * terms follow their order). ctx prefixes every message. out is filled
 * (terms owned by out) and must be cleared by the caller, also on
 * failure. When eta_out is not NULL and the fit succeeds, *eta_out
 * receives the linear predictor of every case (n values; the caller owns
 * it); when state is not NULL, it receives the active columns, the
 * estimate and X'WX there (into its buffers). */
static bar_status fit_columns(const design *d, const size_t *cols,
                              size_t ncols, int max_iter,
                              const fit_opts *opt, const char *ctx,
                              bar_logit *out, double **eta_out,
                              fit_state *state, bar_error *err)
{
    bar_status rc = BAR_OK;
    size_t n = d->n;
    size_t *act = NULL;
    bool *aliased = NULL;
    double *eta = NULL, *eta_new = NULL, *last_step = NULL, *q = NULL;
    double *buf = NULL;

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

    /* Aliasing (on the design's R: O(k^3)). */
    q = malloc(d->k * (ncols + 1) * sizeof *q);
    if (!q)
        goto nomem;
    find_aliased(d, cols, ncols, q, aliased);
    free(q);
    q = NULL;
    size_t m = 0;
    act[m++] = 0;
    for (size_t j = 0; j < ncols; j++) {
        out->terms[j].aliased = aliased[j];
        if (!aliased[j])
            act[m++] = cols[j];
    }

    /* Separation by a two-valued predictor (found by design_build). */
    for (size_t j = 1; j < m; j++) {
        const separation *s = &d->sep[act[j]];
        if (!s->separates)
            continue;
        out->separation = true;
        rc = bar_error_set(err, BAR_ENUMERIC,
                           "%slogistic: quasi-complete separation: "
                           "predictor index %zu predicts the outcome "
                           "perfectly where it is %g (every such case is "
                           "%d); its coefficient does not exist", ctx,
                           act[j] - 1, s->value, s->outcome);
        goto cleanup;
    }

    /* Newton-Raphson. buf holds, m or m x m each: the coefficients, the
     * trial coefficients, X'WX and X'(y - mu) at beta and at the trial,
     * the Cholesky factor and the step. */
    buf = malloc((5 * m + 3 * m * m) * sizeof *buf);
    eta = malloc(n * sizeof *eta);
    eta_new = malloc(n * sizeof *eta_new);
    last_step = calloc(m, sizeof *last_step);
    if (!buf || !eta || !eta_new || !last_step)
        goto nomem;
    double *beta = buf, *beta_new = beta + m, *g = beta_new + m,
           *g_new = g + m, *delta = g_new + m;
    double *a = delta + m, *a_new = a + m * m, *chol = a_new + m * m;
    if (opt->start) {
        beta[0] = opt->start[0];
        for (size_t j = 0, r = 1; j < ncols; j++)
            if (!aliased[j])
                beta[r++] = opt->start[1 + j];
    } else {
        beta[0] = log(n1 / n0);
        for (size_t r = 1; r < m; r++)
            beta[r] = 0.0;
    }
    double dev = irls_pass(d, act, m, beta, eta, a, g);
    bool singular = false, stalled = false;
    int iter = 0;
    while (iter < max_iter && !out->converged) {
        iter++;
        /* The step: (X'WX) delta = X'(y - mu), by Cholesky. */
        memcpy(chol, a, m * m * sizeof *chol);
        gsl_matrix_view cv = gsl_matrix_view_array(chol, m, m);
        gsl_vector_view gv = gsl_vector_view_array(g, m);
        gsl_vector_view dv = gsl_vector_view_array(delta, m);
        if (gsl_linalg_cholesky_decomp1(&cv.matrix) != GSL_SUCCESS) {
            singular = true;
            break;
        }
        gsl_linalg_cholesky_solve(&cv.matrix, &gv.vector, &dv.vector);
        /* Halve it while -2LL rises. The pass at the trial also gives
         * X'WX and X'(y - mu) there, for the next iteration. */
        double step = 1.0, dev_new = dev;
        int halvings = 0;
        for (;;) {
            for (size_t j = 0; j < m; j++)
                beta_new[j] = beta[j] + step * delta[j];
            dev_new = irls_pass(d, act, m, beta_new, eta_new, a_new, g_new);
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
            last_step[j] = step * delta[j];
            if (fabs(last_step[j]) > BETA_TOL * (fabs(beta_new[j]) + 1.0))
                small = false;
        }
        out->converged =
            small && fabs(dev_new - dev) / (fabs(dev_new) + 0.1) < DEV_TOL;
        /* Accept the trial: swap the buffers. */
        double *t = beta;
        beta = beta_new;
        beta_new = t;
        t = eta;
        eta = eta_new;
        eta_new = t;
        t = a;
        a = a_new;
        a_new = t;
        t = g;
        g = g_new;
        g_new = t;
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

    /* Covariance at the estimate: the inverse of X'WX, which the last
     * pass computed at these coefficients. */
    memcpy(chol, a, m * m * sizeof *chol);
    gsl_matrix_view cv = gsl_matrix_view_array(chol, m, m);
    int gsl_rc = gsl_linalg_cholesky_decomp1(&cv.matrix);
    if (gsl_rc == GSL_SUCCESS)
        gsl_rc = gsl_linalg_cholesky_invert(&cv.matrix);
    if (gsl_rc != GSL_SUCCESS) {
        out->converged = false;
        rc = bar_error_set(err, BAR_ENUMERIC,
                           "%slogistic: the information matrix is singular "
                           "at the estimate", ctx);
        goto cleanup;
    }
    double z975 = gsl_cdf_ugaussian_Pinv(0.975);
    out->intercept = make_term(beta[0], sqrt(chol[0]), z975);
    for (size_t j = 0, r = 1; j < ncols; j++) {
        if (aliased[j])
            continue;
        out->terms[j] = make_term(beta[r], sqrt(chol[r * m + r]), z975);
        r++;
    }
    if (state) {
        state->m = m;
        memcpy(state->act, act, m * sizeof *act);
        memcpy(state->beta, beta, m * sizeof *beta);
        memcpy(state->info, a, m * m * sizeof *a);
    }
    out->minus2ll = dev;
    out->cox_snell_r2 = 1.0 - exp(-(out->minus2ll_null - dev) / (double)n);
    out->nagelkerke_r2 =
        out->cox_snell_r2 / (1.0 - exp(-out->minus2ll_null / (double)n));
    if (opt->summarise)
        rc = summarise(d, cols, ncols, eta, out, err);
    if (rc == BAR_OK && eta_out) {
        *eta_out = eta;
        eta = NULL;
    }
    goto cleanup;

nomem:
    rc = bar_error_set(err, BAR_ENOMEM, "%slogistic: out of memory", ctx);
cleanup:
    free(act);
    free(aliased);
    free(eta);
    free(eta_new);
    free(last_step);
    free(q);
    free(buf);
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
    fit_opts opt = {.start = NULL, .summarise = true};
    rc = fit_columns(&d, cols, p, max_iter > 0 ? max_iter : DEFAULT_MAX_ITER,
                     &opt, "", out, NULL, NULL, err);
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

/* The current model's active columns for the candidate refits, column
 * by column (n values each): a column whose values are all integers in
 * [-128, 127] (dummies, codes, counts) is kept as bytes, the others as
 * doubles, so a pass over the cases reads an eighth of the memory for
 * most columns. Bytes convert to the same double exactly, so every
 * product is the one the double column would give. */
typedef struct colset {
    size_t n;
    double *x;       /* n x k, column c at x + c n when !small[c]; owned */
    int8_t *b;       /* n x k, column c at b + c n when small[c]; owned */
    bool *small;     /* k, by position; owned */
    bool *dsmall;    /* k, by design column: all values small; owned */
} colset;

/* Buffers for up to all k columns of d, and which design columns are
 * small; false when out of memory (free with colset_free either way). */
static bool colset_alloc(colset *cs, const design *d)
{
    size_t n1 = d->n ? d->n : 1, k = d->k;
    *cs = (colset){.n = d->n, .x = malloc(n1 * k * sizeof *cs->x),
                   .b = malloc(n1 * k * sizeof *cs->b),
                   .small = calloc(k, sizeof *cs->small),
                   .dsmall = malloc(k * sizeof *cs->dsmall)};
    if (!cs->x || !cs->b || !cs->small || !cs->dsmall)
        return false;
    for (size_t c = 0; c < k; c++)
        cs->dsmall[c] = true;
    for (size_t i = 0; i < d->n; i++)
        for (size_t c = 0; c < k; c++) {
            double v = d->x[i * k + c];
            cs->dsmall[c] &= v >= -128.0 && v <= 127.0 &&
                             v == (double)(int)v;
        }
    return true;
}

static void colset_free(colset *cs)
{
    free(cs->x);
    free(cs->b);
    free(cs->small);
    free(cs->dsmall);
    *cs = (colset){0};
}

/* Copy design columns act (m) into positions 0..m-1, row by row (one
 * pass over the row-major design). */
static void colset_fill(colset *cs, const design *d, const size_t *act,
                        size_t m)
{
    size_t n = d->n;
    for (size_t c = 0; c < m; c++)
        cs->small[c] = cs->dsmall[act[c]];
    for (size_t i = 0; i < n; i++) {
        const double *row = d->x + i * d->k;
        for (size_t c = 0; c < m; c++) {
            if (cs->small[c])
                cs->b[c * n + i] = (int8_t)row[act[c]];
            else
                cs->x[c * n + i] = row[act[c]];
        }
    }
}

/* *acc += u'v over nb values, in 16 partial sums (four vectors of four:
 * one accumulator would wait on its own latency at every step). */
static inline void dot_into(double *acc, const double *u, const double *v,
                            size_t nb)
{
    double s[16] = {0.0};
    size_t i = 0;
    for (; i + 16 <= nb; i += 16)
        for (int l = 0; l < 16; l++)
            s[l] += u[i + l] * v[i + l];
    for (; i < nb; i++)
        s[0] += u[i] * v[i];
    for (int w = 8; w >= 1; w /= 2)
        for (int l = 0; l < w; l++)
            s[l] += s[l + w];
    *acc += s[0];
}

/* One pass of the fixed-Hessian iteration at the coefficients beta (m)
 * of the columns pos of xc (the current model's active columns; the
 * first is the intercept): g = X'(y - mu) (m) when g is not NULL, and
 * -2LL when dev is not NULL (the log is needed only for it). No X'WX:
 * O(n m). Cases go in blocks: eta column by column (the sum of a case in
 * the same order as irls_pass, so the same number), mu and the per-case
 * -2LL by the vectorised exp_nonpos and log1p_unit, -2LL summed in 4
 * partial sums, then the gradient by column (dot_into). */
HOT_CLONES
static void qn_pass(const design *d, const colset *xc, const size_t *pos,
                    size_t m, const double *beta, double *g, double *dev)
{
    enum { BLOCK = 256 };
    double e[BLOCK], res[BLOCK], dv[BLOCK], xt[BLOCK];
    size_t n = d->n;
    double part[4] = {0.0, 0.0, 0.0, 0.0};
    if (g)
        memset(g, 0, m * sizeof *g);
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t nb = n - i0 < BLOCK ? n - i0 : BLOCK;
        const double *y = d->y + i0;
        for (size_t i = 0; i < nb; i++)
            e[i] = 0.0;
        for (size_t j = 0; j < m; j++) {
            double b = beta[j];
            if (xc->small[pos[j]]) {
                const int8_t *x8 = xc->b + pos[j] * n + i0;
                for (size_t i = 0; i < nb; i++)
                    xt[i] = (double)x8[i];
                for (size_t i = 0; i < nb; i++)
                    e[i] += xt[i] * b;
            } else {
                const double *x = xc->x + pos[j] * n + i0;
                for (size_t i = 0; i < nb; i++)
                    e[i] += x[i] * b;
            }
        }
        if (dev) {
            for (size_t i = 0; i < nb; i++) {
                double mu;
                dv[i] = case_dev_fast(e[i], y[i], &mu);
                res[i] = y[i] - mu;
            }
            size_t i = 0;
            for (; i + 4 <= nb; i += 4)
                for (int l = 0; l < 4; l++)
                    part[l] += dv[i + l];
            for (; i < nb; i++)
                part[0] += dv[i];
        } else {
            for (size_t i = 0; i < nb; i++)
                res[i] = y[i] - case_mu(e[i]);
        }
        if (!g)
            continue;
        for (size_t j = 0; j < m; j++)
            if (xc->small[pos[j]]) {
                const int8_t *x8 = xc->b + pos[j] * n + i0;
                for (size_t i = 0; i < nb; i++)
                    xt[i] = (double)x8[i];
                dot_into(&g[j], xt, res, nb);
            } else {
                dot_into(&g[j], xc->x + pos[j] * n + i0, res, nb);
            }
    }
    if (dev)
        *dev = (part[0] + part[1]) + (part[2] + part[3]);
}

/* Refit a candidate by Newton steps with a fixed Hessian: its active
 * columns act_c (mc, intercept first, increasing) are those of the
 * current model st less the dropped ones (xc: st's active columns;
 * borrowed). With I = st->info and P the
 * kept positions, D the dropped: start at the one-step conditional
 * estimate b_P - I_PP^{-1} I_PD b_D, then step by s = I_PP^{-1} X'(y - mu)
 * (Cholesky of I_PP once). Converged at a point whose next step s moves
 * every coefficient less than BETA_TOL (|b| + 1) and would lower -2LL by
 * less than QN_DEV_TOL (s'g; -2LL is then within about that of its
 * minimum). -2LL (the log) is computed only in the pass where
 * convergence is expected, or in one extra pass. beta_c (mc) receives
 * the point, *dev_out its -2LL. Returns false when out of memory;
 * *converged false when s'g stops falling or QN_MAX_ITER passes do not
 * suffice, or I_PP is not positive definite (beta_c then holds the last
 * point, for Newton to go on from). */
static bool qn_fit(const design *d, const fit_state *st, const colset *xc,
                   const size_t *act_c, size_t mc, double *beta_c,
                   double *dev_out, int *iters, bool *converged)
{
    size_t m = st->m;
    bool ok = false;
    *converged = false;
    *iters = 0;
    *dev_out = NAN;
    size_t *pos = malloc(m * sizeof *pos);
    bool *kept = calloc(m, sizeof *kept);
    double *buf = malloc((2 * mc + mc * mc) * sizeof *buf);
    if (!pos || !kept || !buf)
        goto cleanup;
    double *g = buf, *delta = g + mc, *chol = delta + mc;
    for (size_t t = 0, q = 0; t < mc; t++) {
        while (q < m && st->act[q] != act_c[t])
            q++;
        if (q == m)
            goto cleanup; /* not a subset: the caller checked */
        pos[t] = q;
        kept[q] = true;
        beta_c[t] = st->beta[q];
    }
    for (size_t r = 0; r < mc; r++)
        for (size_t c = 0; c < mc; c++)
            chol[r * mc + c] = st->info[pos[r] * m + pos[c]];
    gsl_matrix_view cv = gsl_matrix_view_array(chol, mc, mc);
    gsl_vector_view gv = gsl_vector_view_array(g, mc);
    gsl_vector_view dv = gsl_vector_view_array(delta, mc);
    if (gsl_linalg_cholesky_decomp1(&cv.matrix) != GSL_SUCCESS) {
        ok = true; /* Newton from the current coefficients */
        goto cleanup;
    }
    /* The one-step conditional estimate. */
    for (size_t t = 0; t < mc; t++) {
        double v = 0.0;
        for (size_t q = 0; q < m; q++)
            if (!kept[q])
                v += st->info[pos[t] * m + q] * st->beta[q];
        g[t] = v;
    }
    gsl_linalg_cholesky_solve(&cv.matrix, &gv.vector, &dv.vector);
    for (size_t t = 0; t < mc; t++)
        beta_c[t] -= delta[t];
    double sg_prev = INFINITY, ratio = 1.0, dev = NAN;
    int iter = 0;
    while (iter < QN_MAX_ITER) {
        iter++;
        bool want_dev = sg_prev * ratio < 0.01 * QN_DEV_TOL;
        qn_pass(d, xc, pos, mc, beta_c, g, want_dev ? &dev : NULL);
        gsl_linalg_cholesky_solve(&cv.matrix, &gv.vector, &dv.vector);
        double sg = 0.0;
        bool small = true;
        for (size_t t = 0; t < mc; t++) {
            sg += delta[t] * g[t];
            if (fabs(delta[t]) > BETA_TOL * (fabs(beta_c[t]) + 1.0))
                small = false;
        }
        if (small && sg < QN_DEV_TOL) {
            if (!want_dev) {
                iter++;
                qn_pass(d, xc, pos, mc, beta_c, NULL, &dev);
            }
            *converged = true;
            break;
        }
        if (!(sg < sg_prev))
            break; /* not contracting: Newton takes over */
        ratio = isinf(sg_prev) ? 1.0 : sg / sg_prev;
        sg_prev = sg;
        for (size_t t = 0; t < mc; t++)
            beta_c[t] += delta[t];
    }
    *iters = iter;
    *dev_out = dev;
    ok = true;
cleanup:
    free(pos);
    free(kept);
    free(buf);
    return ok;
}

/* The refits of one backward step: candidate j drops cols[j] from the
 * current model. Filled by refit_worker; each worker takes the next
 * candidate not yet taken (an atomic counter). */
typedef struct refit_jobs {
    const design *d;
    const size_t *cols;   /* the current model's design columns */
    size_t ncols;
    const fit_state *cur; /* the current model's estimate and X'WX */
    colset xc;            /* its active columns (colset_fill) */
    double *start;        /* ncols + 1: the current model's coefficients
                             (intercept first; 0 for an aliased term) */
    int max_iter;
    size_t step;          /* for the messages */
    size_t *trial;        /* ncols x ncols scratch: the candidates' columns */
    double *trial_start;  /* ncols x ncols scratch: their start values,
                             then their estimates (0 for aliased terms) */
    bar_logit *cand;      /* ncols results; owned by the caller. Of a
                             candidate only p, the aliased flags, minus2ll
                             and iterations are used */
    bar_status *rc;       /* ncols */
    bar_error *err;       /* ncols, initialised by the caller */
} refit_jobs;

typedef struct refit_worker_arg {
    refit_jobs *jobs;
    atomic_size_t *next;  /* the next candidate to take (shared) */
} refit_worker_arg;

/* Refit candidate j (see refit_worker): by qn_fit when its columns are
 * the current model's less the dropped one (no aliased column comes in),
 * else, or when qn_fit does not converge, by fit_columns from the best
 * point so far. */
static bar_status refit_one(refit_jobs *jb, size_t j, const char *ctx,
                            bar_error *err)
{
    bar_status rc = BAR_OK;
    const design *d = jb->d;
    size_t ncols = jb->ncols, t = ncols - 1;
    size_t *trial = jb->trial + j * ncols;
    double *start = jb->trial_start + j * ncols;
    bar_logit *out = &jb->cand[j];
    *out = (bar_logit){0};
    bool *al = calloc(ncols, sizeof *al);
    double *q = malloc(d->k * ncols * sizeof *q);
    size_t *act_c = malloc(ncols * sizeof *act_c);
    double *beta_c = malloc(ncols * sizeof *beta_c);
    if (!al || !q || !act_c || !beta_c) {
        rc = bar_error_set(err, BAR_ENOMEM, "%slogistic: out of memory",
                           ctx);
        goto cleanup;
    }
    find_aliased(d, trial, t, q, al);
    size_t mc = 0;
    act_c[mc++] = 0;
    for (size_t c = 0; c < t; c++)
        if (!al[c])
            act_c[mc++] = trial[c];
    bool subset = true;
    for (size_t u = 0, r = 0; u < mc && subset; u++) {
        while (r < jb->cur->m && jb->cur->act[r] != act_c[u])
            r++;
        subset = r < jb->cur->m;
    }
    int qn_iters = 0;
    if (subset) {
        double dev;
        bool conv;
        if (!qn_fit(d, jb->cur, &jb->xc, act_c, mc, beta_c, &dev, &qn_iters,
                    &conv)) {
            rc = bar_error_set(err, BAR_ENOMEM, "%slogistic: out of memory",
                               ctx);
            goto cleanup;
        }
        /* The point reached, in trial order (0 for aliased terms): the
         * estimate, or where Newton goes on from. */
        start[0] = beta_c[0];
        for (size_t c = 0, r = 1; c < t; c++)
            start[1 + c] = al[c] ? 0.0 : beta_c[r++];
        if (conv) {
            *out = (bar_logit){.n = d->n, .p = t, .minus2ll = dev,
                               .iterations = qn_iters, .converged = true,
                               .intercept = empty_term(false)};
            out->terms = malloc((t ? t : 1) * sizeof *out->terms);
            if (!out->terms) {
                rc = bar_error_set(err, BAR_ENOMEM,
                                   "%slogistic: out of memory", ctx);
                goto cleanup;
            }
            for (size_t c = 0; c < t; c++)
                out->terms[c] = empty_term(al[c]);
            goto cleanup;
        }
    }
    fit_opts opt = {.start = start, .summarise = false};
    rc = fit_columns(d, trial, t, jb->max_iter, &opt, ctx, out, NULL, NULL,
                     err);
    out->iterations += qn_iters;
    if (rc == BAR_OK) {
        start[0] = out->intercept.b;
        for (size_t c = 0; c < t; c++)
            start[1 + c] = out->terms[c].aliased ? 0.0 : out->terms[c].b;
    }
cleanup:
    free(al);
    free(q);
    free(act_c);
    free(beta_c);
    return rc;
}

/* Refit candidates of a step, taking the next one not yet taken until
 * none is left (candidates differ in cost, so a fixed split leaves one
 * worker idle). Each fit writes only its own slots and is the same
 * sequential computation whichever worker runs it, so the workers share
 * nothing mutable but the counter, and the results do not depend on the
 * timing. */
static int refit_worker(void *varg)
{
    const refit_worker_arg *arg = varg;
    refit_jobs *jb = arg->jobs;
    size_t ncols = jb->ncols;
    for (;;) {
        size_t j = atomic_fetch_add(arg->next, 1);
        if (j >= ncols)
            break;
        size_t *trial = jb->trial + j * ncols;
        double *start = jb->trial_start + j * ncols;
        start[0] = jb->start[0];
        size_t t = 0;
        for (size_t c = 0; c < ncols; c++)
            if (c != j) {
                trial[t] = jb->cols[c];
                start[1 + t] = jb->start[1 + c];
                t++;
            }
        char ctx[96];
        snprintf(ctx, sizeof ctx, "backward step %zu, without predictor "
                 "index %zu: ", jb->step, jb->cols[j] - 1);
        jb->rc[j] = refit_one(jb, j, ctx, &jb->err[j]);
    }
    return 0;
}

/* Run the jobs on WORKERS threads (in this thread alone when a thread
 * cannot be started); returns when all are done. */
static void refit_all(refit_jobs *jb)
{
    refit_worker_arg args[WORKERS];
    thrd_t threads[WORKERS];
    bool started[WORKERS] = {false};
    atomic_size_t next;
    atomic_init(&next, 0);
    for (size_t w = 0; w < WORKERS; w++)
        args[w] = (refit_worker_arg){.jobs = jb, .next = &next};
    for (size_t w = 1; w < WORKERS && w < jb->ncols; w++)
        started[w] = thrd_create(&threads[w], refit_worker, &args[w]) ==
                     thrd_success;
    refit_worker(&args[0]);
    for (size_t w = 1; w < WORKERS; w++) {
        if (started[w])
            thrd_join(threads[w], NULL);
        else if (w < jb->ncols)
            refit_worker(&args[w]);
    }
}

/* The number of non-aliased terms of a model (its rank less one). */
static size_t model_rank(const bar_logit *m)
{
    size_t r = 0;
    for (size_t j = 0; j < m->p; j++)
        r += !m->terms[j].aliased;
    return r;
}

/* Buffers of a fit_state for up to k columns; false when out of memory
 * (free with state_free either way). */
static bool state_alloc(fit_state *s, size_t k)
{
    *s = (fit_state){.act = malloc(k * sizeof *s->act),
                     .beta = malloc(k * sizeof *s->beta),
                     .info = malloc(k * k * sizeof *s->info)};
    return s->act && s->beta && s->info;
}

static void state_free(fit_state *s)
{
    free(s->act);
    free(s->beta);
    free(s->info);
    *s = (fit_state){0};
}

/* Which of the accepted design columns acc[0..m) (independent) take part
 * in design column c, a combination of them: least squares on the
 * design's R (same solution as on X), inc[a] set for a weight whose
 * contribution |w| |col| exceeds 1e-6 |c|. False when out of memory or
 * the solve fails. */
static bool combination(const design *d, const size_t *acc, size_t m,
                        size_t c, bool *inc)
{
    size_t k = d->k;
    bool ok = false;
    gsl_matrix *a = gsl_matrix_alloc(k, m);
    gsl_vector *tau = gsl_vector_alloc(m), *w = gsl_vector_alloc(m);
    gsl_vector *b = gsl_vector_alloc(k), *res = gsl_vector_alloc(k);
    double *norm = malloc(m * sizeof *norm);
    if (!a || !tau || !w || !b || !res || !norm)
        goto cleanup;
    double norm_c = 0.0;
    for (size_t i = 0; i < k; i++) {
        double v = d->r[i * k + c];
        gsl_vector_set(b, i, v);
        norm_c += v * v;
    }
    for (size_t j = 0; j < m; j++) {
        double ss = 0.0;
        for (size_t i = 0; i < k; i++) {
            double v = d->r[i * k + acc[j]];
            gsl_matrix_set(a, i, j, v);
            ss += v * v;
        }
        norm[j] = sqrt(ss);
    }
    if (gsl_linalg_QR_decomp(a, tau) != GSL_SUCCESS ||
        gsl_linalg_QR_lssolve(a, tau, b, w, res) != GSL_SUCCESS)
        goto cleanup;
    for (size_t j = 0; j < m; j++)
        inc[j] = fabs(gsl_vector_get(w, j)) * norm[j] > 1e-6 * sqrt(norm_c);
    ok = true;
cleanup:
    if (a)
        gsl_matrix_free(a);
    if (tau)
        gsl_vector_free(tau);
    if (w)
        gsl_vector_free(w);
    if (b)
        gsl_vector_free(b);
    if (res)
        gsl_vector_free(res);
    free(norm);
    return ok;
}

/* Set aside the predictors aliased among all p of the design (left to
 * right, as find_aliased): out->redundant gets each with the earlier
 * accepted predictors it combines; cols[0..*ncols) the design columns of
 * the rest. False when out of memory (or the combination's solve fails). */
static bool set_aside(const design *d, size_t p, size_t *cols,
                      size_t *ncols, bar_stepwise *out)
{
    size_t k = d->k;
    bool ok = false;
    double *q = malloc(k * k * sizeof *q);
    bool *aliased = calloc(k, sizeof *aliased);
    bool *inc = calloc(k, sizeof *inc);
    size_t *acc = malloc(k * sizeof *acc);
    if (!q || !aliased || !inc || !acc)
        goto cleanup;
    for (size_t j = 0; j < p; j++)
        cols[j] = j + 1;
    *ncols = p;
    if (d->n == 0) { /* nothing to test: the fit reports it */
        ok = true;
        goto cleanup;
    }
    find_aliased(d, cols, p, q, aliased);
    size_t nal = 0;
    for (size_t j = 0; j < p; j++)
        nal += aliased[j];
    out->redundant = calloc(nal ? nal : 1, sizeof *out->redundant);
    if (!out->redundant)
        goto cleanup;
    *ncols = 0;
    size_t m = 1, kept = 0;
    acc[0] = 0; /* the intercept */
    for (size_t j = 0; j < p; j++) {
        if (!aliased[j]) {
            acc[m++] = j + 1;
            cols[kept++] = j + 1;
            continue;
        }
        if (!combination(d, acc, m, j + 1, inc))
            goto cleanup;
        bar_logit_redundant *rd = &out->redundant[out->nredundant++];
        *rd = (bar_logit_redundant){.index = j, .intercept = inc[0]};
        rd->of = malloc(m * sizeof *rd->of);
        if (!rd->of)
            goto cleanup;
        for (size_t a = 1; a < m; a++)
            if (inc[a])
                rd->of[rd->nof++] = acc[a] - 1;
    }
    *ncols = kept;
    ok = true;
cleanup:
    free(q);
    free(aliased);
    free(inc);
    free(acc);
    return ok;
}

bar_status bar_logit_backward(const double *x, const double *y, size_t n,
                              size_t p, double p_remove, int max_iter,
                              bar_stepwise *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    design d = {0};
    size_t *cols = NULL;
    refit_jobs jb = {0};
    fit_state st[2] = {{0}, {0}};
    double *eta = NULL;
    bar_logit chosen = {0};
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
    size_t p1 = p ? p : 1;
    cols = malloc(p1 * sizeof *cols);
    out->steps = calloc(p + 1, sizeof *out->steps);
    out->kept = calloc(p1, sizeof *out->kept);
    jb = (refit_jobs){
        .d = &d, .max_iter = max_iter,
        .start = malloc((p + 1) * sizeof *jb.start),
        .trial = malloc(p1 * p1 * sizeof *jb.trial),
        .trial_start = malloc(p1 * p1 * sizeof *jb.trial_start),
        .cand = calloc(p1, sizeof *jb.cand),
        .rc = calloc(p1, sizeof *jb.rc),
        .err = calloc(p1, sizeof *jb.err)};
    bool st_ok = colset_alloc(&jb.xc, &d);
    st_ok &= state_alloc(&st[0], d.k);
    st_ok &= state_alloc(&st[1], d.k);
    if (!cols || !out->steps || !out->kept || !jb.start || !jb.trial ||
        !jb.trial_start || !jb.cand || !jb.rc || !jb.err || !st_ok)
        goto nomem;
    for (size_t j = 0; j < p; j++)
        bar_error_init(&jb.err[j]);
    /* Redundant predictors (aliased in the full model) are set aside
     * before the first step: no step removes a term of 0 df. */
    size_t ncols = 0;
    if (!set_aside(&d, p, cols, &ncols, out))
        goto nomem;

    bar_logit_step *first = &out->steps[0];
    *first = (bar_logit_step){.removed = SIZE_MAX, .lr_chisq = NAN,
                              .lr_p = NAN};
    out->nsteps = 1;
    fit_opts opt = {.start = NULL, .summarise = true};
    size_t cur_st = 0;
    rc = fit_columns(&d, cols, ncols, max_iter, &opt,
                     "backward, full model: ", &first->model, NULL,
                     &st[cur_st], err);
    if (rc != BAR_OK) {
        out->separation = first->model.separation;
        goto cleanup;
    }
    first->columns = malloc(p1 * sizeof *first->columns);
    if (!first->columns)
        goto nomem;
    for (size_t c = 0; c < ncols; c++)
        first->columns[c] = cols[c] - 1;

    while (ncols > 0) {
        /* Refit without each remaining predictor in turn, from the
         * current model's estimate and information. */
        const bar_logit *cur = &out->steps[out->nsteps - 1].model;
        double *start = jb.start;
        start[0] = cur->intercept.b;
        for (size_t c = 0; c < ncols; c++)
            start[1 + c] = cur->terms[c].aliased ? 0.0 : cur->terms[c].b;
        jb.cols = cols;
        jb.ncols = ncols;
        jb.cur = &st[cur_st];
        colset_fill(&jb.xc, &d, jb.cur->act, jb.cur->m);
        jb.step = out->nsteps;
        refit_all(&jb);

        /* In index order: the first failure stops; else the largest LR
         * p-value (the first of equal ones). */
        size_t cur_rank = model_rank(cur);
        size_t best_j = SIZE_MAX;
        double best_p = -1.0;
        for (size_t j = 0; j < ncols; j++) {
            if (jb.rc[j] != BAR_OK) {
                out->separation = jb.cand[j].separation;
                rc = bar_error_set(err, jb.rc[j], "%s", jb.err[j].msg);
                goto cleanup;
            }
            /* An aliased term, or one whose removal lets an aliased one
             * in (same column space, same fit), adds nothing: LR 0, p 1
             * (R's drop1: Df 0). */
            double lr_p = 1.0;
            if (!cur->terms[j].aliased && model_rank(&jb.cand[j]) < cur_rank)
                lr_p = gsl_cdf_chisq_Q(
                    fmax(jb.cand[j].minus2ll - cur->minus2ll, 0.0), 1.0);
            if (lr_p > best_p) {
                best_j = j;
                best_p = lr_p;
            }
        }
        if (!(best_p > p_remove))
            break;

        /* Its full fit (SEs from X'WX), by Newton from the refit's
         * estimate (1-2 passes); LR from it. */
        size_t *trial = jb.trial + best_j * ncols;
        char ctx[96];
        snprintf(ctx, sizeof ctx, "backward step %zu, without predictor "
                 "index %zu: ", out->nsteps, cols[best_j] - 1);
        size_t next_st = 1 - cur_st;
        opt = (fit_opts){.start = jb.trial_start + best_j * ncols,
                         .summarise = false};
        rc = fit_columns(&d, trial, ncols - 1, max_iter, &opt, ctx, &chosen,
                         &eta, &st[next_st], err);
        if (rc != BAR_OK) {
            out->separation = chosen.separation;
            goto cleanup;
        }
        chosen.iterations += jb.cand[best_j].iterations;
        double lr = 0.0, lr_p = 1.0;
        if (!cur->terms[best_j].aliased && model_rank(&chosen) < cur_rank) {
            lr = fmax(chosen.minus2ll - cur->minus2ll, 0.0);
            lr_p = gsl_cdf_chisq_Q(lr, 1.0);
        }
        if (!(lr_p > p_remove))
            break;
        rc = summarise(&d, trial, ncols - 1, eta, &chosen, err);
        free(eta);
        eta = NULL;
        if (rc != BAR_OK)
            goto cleanup;
        cur_st = next_st;

        /* Remove it: the next step's model. */
        bar_logit_step *s = &out->steps[out->nsteps];
        *s = (bar_logit_step){.removed = cols[best_j] - 1,
                              .lr_chisq = lr, .lr_p = lr_p,
                              .model = chosen};
        chosen = (bar_logit){0};
        for (size_t j = 0; j < ncols; j++) {
            bar_logit_clear(&jb.cand[j]);
            bar_error_clear(&jb.err[j]);
            bar_error_init(&jb.err[j]);
        }
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
    for (size_t j = 0; jb.cand && jb.err && j < p; j++) {
        bar_logit_clear(&jb.cand[j]);
        bar_error_clear(&jb.err[j]);
    }
    bar_logit_clear(&chosen);
    free(eta);
    state_free(&st[0]);
    state_free(&st[1]);
    colset_free(&jb.xc);
    free(jb.start);
    free(jb.trial);
    free(jb.trial_start);
    free(jb.cand);
    free(jb.rc);
    free(jb.err);
    free(cols);
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
    for (size_t i = 0; i < s->nredundant; i++)
        free(s->redundant[i].of);
    free(s->redundant);
    *s = (bar_stepwise){0};
}

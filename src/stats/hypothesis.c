/* hypothesis.c - tests on counts (see hypothesis.h).
 *
 * - Two proportions: pooled p = (x1 + x2) / (n1 + n2),
 *   z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)), p = 2 Q(|z|); the same
 *   p as prop.test(correct = FALSE), whose X-squared is z^2.
 * - Exact binomial, two-sided, as R's binom.test: the probability of every
 *   outcome no more likely than the observed one, where "no more likely"
 *   allows a relative tolerance of 1e-7 (d(i) <= d(x) (1 + 1e-7)); the
 *   outcomes on the far side of the mean n p0 are counted and taken as a
 *   tail, exactly as R does (R looks at each of them; the probabilities
 *   are monotone on that side, so a bisection finds the count).
 * - Pearson chi-square: expected E_ij = R_i C_j / N after dropping empty
 *   rows and columns; X^2 = sum (O - E)^2 / E with (r - 1)(c - 1) df;
 *   Cramer's V = sqrt(X^2 / (N (min(r, c) - 1))).
 * Probabilities come from GSL's cdf functions.
 */
#include "stats/hypothesis.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "stats/numeric.h"

/* A cap on table size: a contingency table of survey categories is small;
 * this only keeps a bad argument from asking for a huge allocation. */
enum { CHISQ_MAX_DIM = 10000 };

/* A cap on the binomial test's n: GSL takes unsigned int. */
enum { BINOM_MAX_N = 100000000 };

/* Two-proportion z-test without continuity correction. *out is written only
 * on success. BAR_EUSAGE for n = 0 or x > n, BAR_EINVALID when the pooled
 * proportion is 0 or 1. */
bar_status bar_ztest_two_proportions(size_t x1, size_t n1, size_t x2,
                                     size_t n2, bar_ztest *out,
                                     bar_error *err)
{
    bar_numeric_init();
    if (n1 == 0 || n2 == 0)
        return bar_error_set(err, BAR_EUSAGE,
                             "z-test: a group has no cases (n1 = %zu, n2 = "
                             "%zu)", n1, n2);
    if (x1 > n1 || x2 > n2)
        return bar_error_set(err, BAR_EUSAGE,
                             "z-test: more successes than cases (%zu of %zu, "
                             "%zu of %zu)", x1, n1, x2, n2);
    double p1 = (double)x1 / (double)n1;
    double p2 = (double)x2 / (double)n2;
    double pooled = ((double)x1 + (double)x2) / ((double)n1 + (double)n2);
    if (pooled <= 0.0 || pooled >= 1.0)
        return bar_error_set(err, BAR_EINVALID,
                             "z-test: both proportions are %s, there is no "
                             "variance", pooled <= 0.0 ? "0" : "1");
    double se = sqrt(pooled * (1.0 - pooled) *
                     (1.0 / (double)n1 + 1.0 / (double)n2));
    double z = (p1 - p2) / se;
    *out = (bar_ztest){
        .diff = p1 - p2,
        .z = z,
        .p = 2.0 * gsl_cdf_ugaussian_Q(fabs(z)),
    };
    return BAR_OK;
}

/* P(X <= k) for X ~ Binomial(n, p0); 0 for k < 0. */
static double binom_lower(long k, size_t n, double p0)
{
    if (k < 0)
        return 0.0;
    if ((size_t)k >= n)
        return 1.0;
    return gsl_cdf_binomial_P((unsigned)k, p0, (unsigned)n);
}

/* P(X > k) for X ~ Binomial(n, p0); 1 for k < 0. */
static double binom_upper(long k, size_t n, double p0)
{
    if (k < 0)
        return 1.0;
    if ((size_t)k >= n)
        return 0.0;
    return gsl_cdf_binomial_Q((unsigned)k, p0, (unsigned)n);
}

/* Exact two-sided binomial test. *p is written only on success.
 * BAR_EUSAGE for n = 0, x > n, p0 outside [0, 1] or n > BINOM_MAX_N. */
bar_status bar_binom_test(size_t x, size_t n, double p0, double *p,
                          bar_error *err)
{
    bar_numeric_init();
    if (n == 0)
        return bar_error_set(err, BAR_EUSAGE, "binomial test: n = 0");
    if (x > n)
        return bar_error_set(err, BAR_EUSAGE,
                             "binomial test: %zu successes out of %zu", x,
                             n);
    if (!(p0 >= 0.0 && p0 <= 1.0))
        return bar_error_set(err, BAR_EUSAGE,
                             "binomial test: p0 = %g is not in [0, 1]", p0);
    if (n > BINOM_MAX_N)
        return bar_error_set(err, BAR_EUSAGE,
                             "binomial test: n = %zu is too large", n);

    const double rel_err = 1.0 + 1e-7;
    double d = gsl_ran_binomial_pdf((unsigned)x, p0, (unsigned)n);
    double m = (double)n * p0;
    double dx = (double)x;
    double pval;
    if (dx == m) {
        pval = 1.0;
    } else if (dx < m) {
        /* Count the outcomes at or above the mean no more likely than x.
         * From ceil(m) (at or past the mode) the probabilities do not
         * rise, so they are a tail [lo, n]: found by bisection, O(log n)
         * densities instead of one per outcome. */
        size_t lo = (size_t)ceil(m), hi = n, y = 0;
        if (gsl_ran_binomial_pdf((unsigned)hi, p0, (unsigned)n) <=
            d * rel_err) {
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (gsl_ran_binomial_pdf((unsigned)mid, p0, (unsigned)n) <=
                    d * rel_err)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            y = n - lo + 1;
        }
        pval = binom_lower((long)x, n, p0) +
               binom_upper((long)(n - y), n, p0);
    } else {
        /* Up to floor(m) (at or before the mode) the probabilities do not
         * fall: the outcomes no more likely than x are a head [0, hi]. */
        size_t lo = 0, hi = (size_t)floor(m), y = 0;
        if (gsl_ran_binomial_pdf(0, p0, (unsigned)n) <= d * rel_err) {
            while (lo < hi) {
                size_t mid = lo + (hi - lo + 1) / 2;
                if (gsl_ran_binomial_pdf((unsigned)mid, p0, (unsigned)n) <=
                    d * rel_err)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            y = lo + 1;
        }
        pval = binom_lower((long)y - 1, n, p0) +
               binom_upper((long)x - 1, n, p0);
    }
    *p = pval < 1.0 ? pval : 1.0;
    return BAR_OK;
}

/* Pearson chi-square of a rows x cols table (row-major counts, copied, not
 * kept). *out is written only on success. BAR_EUSAGE for no table, a
 * negative or non-finite count or a table beyond CHISQ_MAX_DIM;
 * BAR_EINVALID when fewer than 2 non-empty rows or columns remain;
 * BAR_ENOMEM. */
bar_status bar_chisq_test(const double *counts, size_t rows, size_t cols,
                          bar_chisq *out, bar_error *err)
{
    bar_numeric_init();
    bar_status rc = BAR_OK;
    double *rsum = NULL, *csum = NULL;
    if (!counts || rows == 0 || cols == 0) {
        rc = bar_error_set(err, BAR_EUSAGE, "chi-square: empty table");
        goto cleanup;
    }
    if (rows > CHISQ_MAX_DIM || cols > CHISQ_MAX_DIM) {
        rc = bar_error_set(err, BAR_EUSAGE,
                           "chi-square: a %zu x %zu table is too large",
                           rows, cols);
        goto cleanup;
    }
    rsum = calloc(rows, sizeof *rsum);
    csum = calloc(cols, sizeof *csum);
    if (!rsum || !csum) {
        rc = bar_error_set(err, BAR_ENOMEM, "chi-square: out of memory");
        goto cleanup;
    }
    double total = 0.0;
    for (size_t i = 0; i < rows; i++) {
        for (size_t j = 0; j < cols; j++) {
            double o = counts[i * cols + j];
            if (!isfinite(o) || o < 0.0) {
                rc = bar_error_set(err, BAR_EUSAGE,
                                   "chi-square: cell (%zu, %zu) is %g, not "
                                   "a count", i + 1, j + 1, o);
                goto cleanup;
            }
            rsum[i] += o;
            csum[j] += o;
            total += o;
        }
    }
    size_t r = 0, c = 0;
    for (size_t i = 0; i < rows; i++)
        r += rsum[i] > 0.0;
    for (size_t j = 0; j < cols; j++)
        c += csum[j] > 0.0;
    if (r < 2 || c < 2) {
        rc = bar_error_set(err, BAR_EINVALID,
                           "chi-square: %zu non-empty row(s) and %zu "
                           "non-empty column(s); need at least 2 of each",
                           r, c);
        goto cleanup;
    }

    double stat = 0.0, min_e = INFINITY;
    size_t below5 = 0;
    for (size_t i = 0; i < rows; i++) {
        if (rsum[i] <= 0.0)
            continue;
        for (size_t j = 0; j < cols; j++) {
            if (csum[j] <= 0.0)
                continue;
            double e = rsum[i] * csum[j] / total;
            double d = counts[i * cols + j] - e;
            stat += d * d / e;
            if (e < min_e)
                min_e = e;
            if (e < 5.0)
                below5++;
        }
    }
    long df = (long)(r - 1) * (long)(c - 1);
    size_t k = r < c ? r : c;
    *out = (bar_chisq){
        .statistic = stat,
        .df = df,
        .p = gsl_cdf_chisq_Q(stat, (double)df),
        .cramers_v = sqrt(stat / (total * (double)(k - 1))),
        .min_expected = min_e,
        .cells_below_5 = below5,
    };

cleanup:
    free(rsum);
    free(csum);
    return rc;
}

/* Trend in proportions: with N = sum n, pbar = sum x / N, sbar = sum n s / N,
 * the weighted regression of p_i = x_i / n_i on s_i (weights n_i) has
 * slope b = sum n (p - pbar)(s - sbar) / sum n (s - sbar)^2 = T / S, and
 * X^2 = T^2 / (S pbar (1 - pbar)) with 1 df, exactly prop.trend.test's
 * anova sum of squares. Sums are centred first (two passes) to keep
 * precision. */
bar_status bar_trend_test(const double *x, const double *n,
                          const double *score, size_t k, bar_trend *out,
                          bar_error *err)
{
    bar_status rc = BAR_OK;
    if (!x || !n || !score || k == 0) {
        rc = bar_error_set(err, BAR_EUSAGE, "trend test: no groups");
        goto cleanup;
    }
    if (k > CHISQ_MAX_DIM) {
        rc = bar_error_set(err, BAR_EUSAGE, "trend test: %zu groups are "
                           "too large a table", k);
        goto cleanup;
    }
    double nt = 0.0, xt = 0.0, st = 0.0;
    size_t groups = 0;
    for (size_t i = 0; i < k; i++) {
        if (!isfinite(n[i]) || n[i] < 0.0 || !isfinite(x[i]) || x[i] < 0.0 ||
            x[i] > n[i]) {
            rc = bar_error_set(err, BAR_EUSAGE, "trend test: group %zu has "
                               "%g of %g, not a count within its total",
                               i + 1, x[i], n[i]);
            goto cleanup;
        }
        if (!isfinite(score[i])) {
            rc = bar_error_set(err, BAR_EUSAGE, "trend test: group %zu has "
                               "no finite score", i + 1);
            goto cleanup;
        }
        if (n[i] == 0.0)
            continue;
        groups++;
        nt += n[i];
        xt += x[i];
        st += n[i] * score[i];
    }
    if (groups < 2) {
        rc = bar_error_set(err, BAR_EINVALID, "trend test: %zu group(s) "
                           "with cases; need at least 2", groups);
        goto cleanup;
    }
    double pbar = xt / nt, sbar = st / nt, t = 0.0, s = 0.0;
    for (size_t i = 0; i < k; i++) {
        if (n[i] == 0.0)
            continue;
        double ds = score[i] - sbar;
        t += (x[i] - n[i] * pbar) * ds;
        s += n[i] * ds * ds;
    }
    if (!(s > 0.0)) {
        rc = bar_error_set(err, BAR_EINVALID, "trend test: every group "
                           "with cases has the same score");
        goto cleanup;
    }
    if (xt == 0.0 || xt == nt) {
        rc = bar_error_set(err, BAR_EINVALID, "trend test: the pooled "
                           "proportion is %s (no variance)",
                           xt == 0.0 ? "0" : "1");
        goto cleanup;
    }
    double stat = t * t / (s * pbar * (1.0 - pbar));
    *out = (bar_trend){
        .statistic = stat,
        .df = 1,
        .p = gsl_cdf_chisq_Q(stat, 1.0),
        .z = (t > 0.0 ? 1.0 : t < 0.0 ? -1.0 : 0.0) * sqrt(stat),
        .slope = t / s,
    };
cleanup:
    return rc;
}

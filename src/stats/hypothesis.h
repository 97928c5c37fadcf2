/* hypothesis.h - tests on counts: two proportions, a proportion against a
 * known value, and a contingency table.
 *
 * Pure numerics; on failure the output is left untouched. Each test names
 * the R call that gives the same numbers:
 * - two-proportion z-test, pooled variance, no continuity correction
 *   (R: prop.test(c(x1, x2), c(n1, n2), correct = FALSE); z^2 = X-squared);
 * - exact binomial test, two-sided by the method of small p-values
 *   (R: binom.test(x, n, p));
 * - Pearson chi-square of an r x c table, df, p, Cramer's V
 *   (R: chisq.test(t, correct = FALSE)), with the smallest expected count
 *   and how many cells expect fewer than 5;
 * - chi-square test for a linear trend in proportions over ordered groups
 *   with scores (Cochran-Armitage form, R: prop.trend.test(x, n, score)).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_HYPOTHESIS_H
#define BAR_HYPOTHESIS_H

#include <stddef.h>

#include "core/status.h"

typedef struct bar_ztest {
    double diff;  /* p1 - p2 */
    double z;     /* signed: positive when p1 > p2 */
    double p;     /* two-sided */
} bar_ztest;

/* Compare x1/n1 with x2/n2. BAR_EUSAGE when n1 or n2 is 0 or x > n;
 * BAR_EINVALID when both proportions are 0 or both 1 (no variance). */
bar_status bar_ztest_two_proportions(size_t x1, size_t n1, size_t x2,
                                     size_t n2, bar_ztest *out,
                                     bar_error *err);

/* Exact two-sided binomial test of x successes in n against p0 (0..1).
 * *p gets the p-value. BAR_EUSAGE for n = 0, x > n, p0 outside [0,1] or
 * n > 1e8. */
bar_status bar_binom_test(size_t x, size_t n, double p0, double *p,
                          bar_error *err);

typedef struct bar_chisq {
    double statistic;
    long df;
    double p;
    double cramers_v;
    double min_expected;
    size_t cells_below_5;  /* cells with expected count < 5 */
} bar_chisq;

/* Pearson chi-square of the rows x cols table counts (row-major; read, not
 * kept). Rows or columns whose total is 0 are dropped first (as they carry
 * no information); BAR_EINVALID when fewer than 2 rows or 2 columns remain;
 * BAR_EUSAGE for no table, a negative or non-finite count, or more than
 * 10000 rows or columns. */
bar_status bar_chisq_test(const double *counts, size_t rows, size_t cols,
                          bar_chisq *out, bar_error *err);

typedef struct bar_trend {
    double statistic; /* chi-square, 1 df */
    long df;          /* 1 */
    double p;         /* two-sided */
    double z;         /* signed root of the statistic: positive when the
                         proportion rises with the score */
    double slope;     /* weighted least-squares slope of x/n on the score
                         (proportion per score unit) */
} bar_trend;

/* Chi-square test for a linear trend in the proportions x[i]/n[i] of k
 * ordered groups with scores score[i] (all read, not kept), as R's
 * prop.trend.test(x, n, score): the regression sum of squares of the
 * proportions on the scores, weighted by n[i] / (pbar (1 - pbar)), pbar the
 * pooled proportion. Groups with n[i] = 0 are skipped. BAR_EUSAGE for no
 * groups, a count that is negative, not finite or above its n, a score
 * not finite, or more than 10000 groups; BAR_EINVALID when fewer than two
 * groups with cases or two distinct scores remain, or the pooled
 * proportion is 0 or 1 (no variance). *out is written only on success. */
bar_status bar_trend_test(const double *x, const double *n,
                          const double *score, size_t k, bar_trend *out,
                          bar_error *err);

#endif

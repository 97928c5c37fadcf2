/* describe.h - descriptive statistics of one numeric variable.
 *
 * Pure numerics on arrays of doubles; NAN values are skipped (listwise for
 * the one variable), an infinite value is refused (BAR_EINVALID). The input
 * is only read, never kept; on failure *out is left untouched.
 * Definitions, so that results can be checked:
 * - sd: with n - 1 in the denominator;
 * - skewness and excess kurtosis: the bias-adjusted G1 and G2 that SPSS and
 *   PSPP print (R: e1071::skewness/kurtosis with type = 2);
 * - quantiles: R's default quantile(type = 7);
 * - boxplot: hinges at the type-7 quartiles, whiskers to the most extreme
 *   values within 1.5 IQR of the box, values beyond are outliers.
 * - Shapiro-Wilk W and p by Royston's algorithm (AS R94, 1995), as R's
 *   shapiro.test, for 3 <= n <= 5000.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_DESCRIBE_H
#define BAR_DESCRIBE_H

#include <stddef.h>

#include "core/status.h"

typedef struct bar_describe {
    size_t n;           /* non-missing values */
    double mean, sd, min, max;
    double skewness;    /* G1; NAN when n < 3 or sd = 0 */
    double kurtosis;    /* G2 (excess); NAN when n < 4 or sd = 0 */
} bar_describe;

/* Describe the non-NAN values of x[0..len). BAR_EINVALID when there is no
 * value (message on err). */
bar_status bar_describe_compute(const double *x, size_t len, bar_describe *out,
                                bar_error *err);

/* Quantile p (0 <= p <= 1) of sorted[0..n), n >= 1, by R's type 7. */
double bar_quantile_sorted(const double *sorted, size_t n, double p);

typedef struct bar_boxplot {
    size_t n;
    double q1, median, q3, mean;
    double whisker_low, whisker_high; /* most extreme values within fences */
    size_t noutliers;
    double *outliers;   /* ascending; owned, freed by bar_boxplot_clear */
} bar_boxplot;

/* Boxplot statistics of the non-NAN values of x[0..len). BAR_EINVALID when
 * there is no value. Release with bar_boxplot_clear. */
bar_status bar_boxplot_compute(const double *x, size_t len, bar_boxplot *out,
                               bar_error *err);
void bar_boxplot_clear(bar_boxplot *b);

typedef struct bar_shapiro {
    size_t n;
    double w, p;
} bar_shapiro;

/* Shapiro-Wilk test of the non-NAN values. BAR_EINVALID when n < 3 or
 * n > 5000 or the range is below 1e-10 (as R refuses them); out->n is the
 * number of values also then (when they could be counted). */
bar_status bar_shapiro_wilk(const double *x, size_t len, bar_shapiro *out,
                            bar_error *err);

#endif

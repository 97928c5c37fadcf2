/* describe.c - descriptive statistics, quantiles, boxplots and the
 * Shapiro-Wilk test of one numeric variable (see describe.h).
 *
 * Shapiro-Wilk follows Royston (1992) "Approximating the Shapiro-Wilk W-test
 * for non-normality", Statistics and Computing 2, 117-119, and the
 * algorithm AS R94 (Royston 1995, Applied Statistics 44, 547-551):
 * - m_i = Phi^-1((i - 3/8) / (n + 1/4)), the Blom scores;
 * - with u = 1/sqrt(n), the two largest coefficients are polynomial
 *   corrections of the normalised scores c = m / ||m||:
 *     a_n     = c_n     + 0.221157u - 0.147981u^2 - 2.071190u^3
 *                       + 4.434685u^4 - 2.706056u^5,
 *     a_{n-1} = c_{n-1} + 0.042981u - 0.293762u^2 - 1.752461u^3
 *                       + 5.682633u^4 - 3.582633u^5  (n > 5 only),
 *   the others a_i = m_i / sqrt(phi) with phi chosen so that sum a^2 = 1,
 *   and a_{n+1-i} = -a_i (n = 3: a = (-sqrt(1/2), 0, sqrt(1/2)));
 * - W is the squared correlation of the ordered data with a;
 * - p: n = 3 exactly, P = 6/pi (asin(sqrt(W)) - asin(sqrt(3/4)));
 *   4 <= n <= 11: g = 0.459n - 2.273, z = (-ln(g - ln(1 - W)) - mu) / sigma
 *   with mu = 0.5440 - 0.39978n + 0.025054n^2 - 0.0006714n^3 and
 *   sigma = exp(1.3822 - 0.77857n + 0.062767n^2 - 0.0020322n^3);
 *   12 <= n <= 5000: with v = ln n, z = (ln(1 - W) - mu) / sigma,
 *   mu = -1.5861 - 0.31082v - 0.083751v^2 + 0.0038915v^3,
 *   sigma = exp(-0.4803 - 0.082676v + 0.0030302v^2); P = 1 - Phi(z).
 */
#include "stats/describe.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "core/i18n.h"
#include "stats/numeric.h"

/* R refuses a sample whose range is below this (shapiro.test). */
static const double SHAPIRO_MIN_RANGE = 1e-10;

/* Copy the non-NAN values of x[0..len) into a new array (owned by the
 * caller, free()); *n gets their count. BAR_EINVALID for an infinite value,
 * BAR_ENOMEM. *out is NULL when there is no value. */
static bar_status copy_values(const double *x, size_t len, const char *what,
                              double **out, size_t *n, bar_error *err)
{
    *out = NULL;
    *n = 0;
    if (len == 0)
        return BAR_OK;
    if (!x)
        return bar_error_set(err, BAR_EUSAGE, "%s: no data array", what);
    if (len > SIZE_MAX / sizeof(double))
        return bar_error_set(err, BAR_ELIMIT, "%s: %zu values are too many",
                             what, len);
    double *v = malloc(len * sizeof *v);
    if (!v)
        return bar_error_set(err, BAR_ENOMEM, "%s: out of memory", what);
    size_t count = 0;
    for (size_t i = 0; i < len; i++) {
        if (isnan(x[i]))
            continue;
        if (isinf(x[i])) {
            free(v);
            return bar_error_set(err, BAR_EINVALID,
                                 "%s: value %zu is infinite", what, i + 1);
        }
        v[count++] = x[i];
    }
    if (count == 0) {
        free(v);
        return BAR_OK;
    }
    *out = v;
    *n = count;
    return BAR_OK;
}

/* The mean of v[0..n), n >= 1, with one correction pass (as R's mean). */
static double mean_of(const double *v, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    double m = sum / (double)n;
    double corr = 0.0;
    for (size_t i = 0; i < n; i++)
        corr += v[i] - m;
    return m + corr / (double)n;
}

/* Describe the non-NAN values of x[0..len). *out is written only on
 * success. BAR_EINVALID when there is no value or a value is infinite. */
bar_status bar_describe_compute(const double *x, size_t len, bar_describe *out,
                                bar_error *err)
{
    double *v = NULL;
    size_t n = 0;
    bar_status rc = copy_values(x, len, "describe", &v, &n, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (n == 0) {
        rc = bar_error_set(err, BAR_EINVALID, "describe: no valid value");
        goto cleanup;
    }

    double mean = mean_of(v, n);
    double min = v[0], max = v[0];
    double s2 = 0.0, s3 = 0.0, s4 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < min)
            min = v[i];
        if (v[i] > max)
            max = v[i];
        double d = v[i] - mean;
        s2 += d * d;
        s3 += d * d * d;
        s4 += d * d * d * d;
    }
    /* Equal values: the mean may carry a rounding error; the spread is 0. */
    if (min == max) {
        mean = min;
        s2 = s3 = s4 = 0.0;
    }
    double dn = (double)n;
    double sd = n > 1 ? sqrt(s2 / (dn - 1.0)) : NAN;
    double skew = NAN, kurt = NAN;
    if (s2 > 0.0) {
        double m2 = s2 / dn, m3 = s3 / dn, m4 = s4 / dn;
        if (n >= 3)
            skew = m3 / pow(m2, 1.5) * sqrt(dn * (dn - 1.0)) / (dn - 2.0);
        if (n >= 4)
            kurt = ((dn + 1.0) * (m4 / (m2 * m2) - 3.0) + 6.0) * (dn - 1.0) /
                   ((dn - 2.0) * (dn - 3.0));
    }
    *out = (bar_describe){
        .n = n,
        .mean = mean,
        .sd = sd,
        .min = min,
        .max = max,
        .skewness = skew,
        .kurtosis = kurt,
    };

cleanup:
    free(v);
    return rc;
}

/* Type 7: h = (n - 1)p, Q = x[floor h] + (h - floor h)(x[ceil h] -
 * x[floor h]), written as R writes it. NAN for n = 0 or p outside [0, 1]. */
double bar_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (!sorted || n == 0 || !(p >= 0.0 && p <= 1.0))
        return NAN;
    double index = (double)(n - 1) * p;
    double lo = floor(index);
    size_t ilo = (size_t)lo;
    size_t ihi = (size_t)ceil(index);
    if (ihi >= n)
        ihi = n - 1;
    double q = sorted[ilo];
    if (index > lo && sorted[ihi] != q) {
        double h = index - lo;
        q = (1.0 - h) * q + h * sorted[ihi];
    }
    return q;
}

/* Boxplot statistics of the non-NAN values. *out is written only on
 * success; its outliers array is then owned by *out (bar_boxplot_clear).
 * BAR_EINVALID when there is no value or a value is infinite, BAR_ENOMEM. */
bar_status bar_boxplot_compute(const double *x, size_t len, bar_boxplot *out,
                               bar_error *err)
{
    double *v = NULL;
    size_t n = 0;
    bar_status rc = copy_values(x, len, "boxplot", &v, &n, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (n == 0) {
        rc = bar_error_set(err, BAR_EINVALID, N_("boxplot: no valid value"));
        goto cleanup;
    }
    gsl_sort(v, 1, n);

    double q1 = bar_quantile_sorted(v, n, 0.25);
    double q3 = bar_quantile_sorted(v, n, 0.75);
    double iqr = q3 - q1;
    double lo_fence = q1 - 1.5 * iqr, hi_fence = q3 + 1.5 * iqr;
    /* v is sorted: the outliers are a prefix and a suffix. */
    size_t first = 0;
    while (first < n && v[first] < lo_fence)
        first++;
    size_t last = n;
    while (last > first && v[last - 1] > hi_fence)
        last--;
    /* Some value always lies between the fences (the one at or next above
     * q1); guard against rounding all the same. */
    if (first >= last) {
        first = 0;
        last = n;
    }
    size_t nout = first + (n - last);
    double *outliers = NULL;
    if (nout > 0) {
        outliers = malloc(nout * sizeof *outliers);
        if (!outliers) {
            rc = bar_error_set(err, BAR_ENOMEM, "boxplot: out of memory");
            goto cleanup;
        }
        memcpy(outliers, v, first * sizeof *outliers);
        memcpy(outliers + first, v + last, (n - last) * sizeof *outliers);
    }
    *out = (bar_boxplot){
        .n = n,
        .q1 = q1,
        .median = bar_quantile_sorted(v, n, 0.5),
        .q3 = q3,
        .mean = mean_of(v, n),
        .whisker_low = v[first],
        .whisker_high = v[last - 1],
        .noutliers = nout,
        .outliers = outliers,
    };

cleanup:
    free(v);
    return rc;
}

/* Free the outliers and zero *b. b may be NULL. */
void bar_boxplot_clear(bar_boxplot *b)
{
    if (!b)
        return;
    free(b->outliers);
    *b = (bar_boxplot){0};
}

/* c[0] + c[1] x + ... + c[k-1] x^(k-1), by Horner. */
static double poly(const double *c, size_t k, double x)
{
    double r = 0.0;
    for (size_t i = k; i-- > 0;)
        r = r * x + c[i];
    return r;
}

/* Fill a[0..n) with the antisymmetric Shapiro-Wilk coefficients for n >= 3
 * (AS R94), ascending with the data: a[0] < 0 < a[n-1]. */
static void shapiro_coefficients(double *a, size_t n)
{
    static const double c1[] = {0.0, 0.221157, -0.147981, -2.071190,
                                4.434685, -2.706056};
    static const double c2[] = {0.0, 0.042981, -0.293762, -1.752461,
                                5.682633, -3.582633};
    size_t half = n / 2;
    memset(a, 0, n * sizeof *a);
    if (n == 3) {
        a[2] = sqrt(0.5);
        a[0] = -a[2];
        return;
    }
    double dn = (double)n;
    /* m[i] for the upper half, largest first: m[0] = m_n > 0. */
    double summ2 = 0.0;
    for (size_t i = 0; i < half; i++) {
        double m = -gsl_cdf_ugaussian_Pinv(((double)(i + 1) - 0.375) /
                                           (dn + 0.25));
        a[n - 1 - i] = m;
        summ2 += 2.0 * m * m;
    }
    double ssumm2 = sqrt(summ2);
    double u = 1.0 / sqrt(dn);
    double m1 = a[n - 1], m2 = a[n - 2];
    double a1 = m1 / ssumm2 + poly(c1, 6, u);
    size_t from;   /* first upper-half rank (0 = largest) scaled by phi */
    double fac;
    if (n > 5) {
        double a2 = m2 / ssumm2 + poly(c2, 6, u);
        fac = sqrt((summ2 - 2.0 * m1 * m1 - 2.0 * m2 * m2) /
                   (1.0 - 2.0 * a1 * a1 - 2.0 * a2 * a2));
        a[n - 2] = a2;
        from = 2;
    } else {
        fac = sqrt((summ2 - 2.0 * m1 * m1) / (1.0 - 2.0 * a1 * a1));
        from = 1;
    }
    a[n - 1] = a1;
    for (size_t i = from; i < half; i++)
        a[n - 1 - i] /= fac;
    for (size_t i = 0; i < half; i++)
        a[i] = -a[n - 1 - i];
}

/* The upper-tail p of W for a sample of n (3 <= n <= 5000); w1 = 1 - W
 * computed directly. */
static double shapiro_p(double w, double w1, size_t n)
{
    static const double g[] = {-2.273, 0.459};
    static const double c3[] = {0.5440, -0.39978, 0.025054, -6.714e-4};
    static const double c4[] = {1.3822, -0.77857, 0.062767, -0.0020322};
    static const double c5[] = {-1.5861, -0.31082, -0.083751, 0.0038915};
    static const double c6[] = {-0.4803, -0.082676, 0.0030302};
    const double pi = 3.14159265358979323846;
    if (n == 3) {
        double p = 6.0 / pi * (asin(sqrt(w)) - pi / 3.0);
        return p < 0.0 ? 0.0 : p;
    }
    double dn = (double)n;
    double y = log(w1);     /* ln(1 - W); -inf for a perfect fit */
    double mu, sigma;
    if (n <= 11) {
        double gamma = poly(g, 2, dn);
        if (y >= gamma)     /* beyond the approximation's range: p ~ 0 */
            return 1e-99;
        y = -log(gamma - y);
        mu = poly(c3, 4, dn);
        sigma = exp(poly(c4, 4, dn));
    } else {
        double v = log(dn);
        mu = poly(c5, 4, v);
        sigma = exp(poly(c6, 3, v));
    }
    return gsl_cdf_ugaussian_Q((y - mu) / sigma);
}

/* Shapiro-Wilk W and p of the non-NAN values. *out is written only on
 * success. BAR_EINVALID for fewer than 3 or more than 5000 values, for a
 * range below 1e-10 (R: "all 'x' values are identical") or an infinite
 * value; BAR_ENOMEM. */
bar_status bar_shapiro_wilk(const double *x, size_t len, bar_shapiro *out,
                            bar_error *err)
{
    bar_numeric_init();
    double *v = NULL, *a = NULL;
    size_t n = 0;
    bar_status rc = copy_values(x, len, "shapiro-wilk", &v, &n, err);
    if (rc != BAR_OK)
        goto cleanup;
    out->n = n; /* also on failure: the caller can tell why (n's range) */
    if (n < 3 || n > 5000) {
        rc = bar_error_set(err, BAR_EINVALID,
                           "shapiro-wilk: sample size %zu is not between 3 "
                           "and 5000", n);
        goto cleanup;
    }
    gsl_sort(v, 1, n);
    double range = v[n - 1] - v[0];
    if (range < SHAPIRO_MIN_RANGE) {
        rc = bar_error_set(err, BAR_EINVALID,
                           N_("shapiro-wilk: all values are identical"));
        goto cleanup;
    }
    a = malloc(n * sizeof *a);
    if (!a) {
        rc = bar_error_set(err, BAR_ENOMEM, "shapiro-wilk: out of memory");
        goto cleanup;
    }
    shapiro_coefficients(a, n);

    /* W = squared correlation of the data (scaled by the range) with a;
     * the coefficients sum to 0 by antisymmetry. 1 - W is formed as
     * (s - sax)(s + sax) / s^2 with s = sqrt(ssa ssx), to keep digits when
     * W is near 1. */
    double mean = 0.0;
    for (size_t i = 0; i < n; i++)
        mean += v[i] / range;
    mean /= (double)n;
    double ssa = 0.0, ssx = 0.0, sax = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = v[i] / range - mean;
        ssa += a[i] * a[i];
        ssx += d * d;
        sax += a[i] * d;
    }
    double s = sqrt(ssa * ssx);
    double w1 = (s - sax) * (s + sax) / (ssa * ssx);
    double w = 1.0 - w1;
    *out = (bar_shapiro){.n = n, .w = w, .p = shapiro_p(w, w1, n)};

cleanup:
    free(a);
    free(v);
    return rc;
}

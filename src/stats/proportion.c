/* proportion.c - proportions with Wilson score intervals (see proportion.h).
 *
 * The formula is R's prop.test for one sample with YATES = 0:
 *   z = qnorm((1 + level) / 2),  z22n = z^2 / (2n),
 *   limits = (p + z22n -/+ z sqrt(p(1-p)/n + z22n/(2n))) / (1 + 2 z22n),
 * with the lower limit 0 when p <= 0 and the upper limit 1 when p >= 1.
 */
#include "stats/proportion.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

bar_status bar_proportion_wilson(size_t x, size_t n, double level,
                                 bar_proportion *out, bar_error *err)
{
    if (n == 0)
        return bar_error_set(err, BAR_EUSAGE,
                             "proportion: no trials (n = 0)");
    if (x > n)
        return bar_error_set(err, BAR_EUSAGE,
                             "proportion: %zu successes out of %zu trials",
                             x, n);
    if (!(level > 0.0 && level < 1.0))
        return bar_error_set(err, BAR_EUSAGE,
                             "proportion: confidence level %g is not "
                             "between 0 and 1", level);

    double dn = (double)n;
    double p = (double)x / dn;
    double z = gsl_cdf_ugaussian_Pinv((1.0 + level) / 2.0);
    double z22n = z * z / (2.0 * dn);
    double spread = z * sqrt(p * (1.0 - p) / dn + z22n / (2.0 * dn));
    double denom = 1.0 + 2.0 * z22n;

    *out = (bar_proportion){
        .x = x,
        .n = n,
        .estimate = p,
        .low = p <= 0.0 ? 0.0 : (p + z22n - spread) / denom,
        .high = p >= 1.0 ? 1.0 : (p + z22n + spread) / denom,
        .level = level,
    };
    return BAR_OK;
}

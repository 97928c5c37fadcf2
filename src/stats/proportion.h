/* proportion.h - a proportion and its Wilson score interval.
 *
 * Pure numerics, no knowledge of surveys: given x successes out of n trials
 * it computes the estimate x/n and the Wilson score interval without
 * continuity correction, the interval R gives with
 * prop.test(x, n, correct = FALSE)$conf.int. As in R, the lower limit is
 * exactly 0 when x = 0 and the upper limit exactly 1 when x = n.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_PROPORTION_H
#define BAR_PROPORTION_H

#include <stddef.h>

#include "core/status.h"

/* A proportion with its interval; all three values are in [0, 1]. */
typedef struct bar_proportion {
    size_t x;        /* successes */
    size_t n;        /* trials */
    double estimate; /* x / n */
    double low;      /* lower limit of the interval */
    double high;     /* upper limit of the interval */
    double level;    /* confidence level, e.g. 0.95 */
} bar_proportion;

/* Compute x/n and its Wilson score interval at confidence level `level`
 * (0 < level < 1) into *out. Fails with BAR_EUSAGE (message on err) when
 * n = 0, x > n or level is outside (0, 1); *out is then left untouched. */
bar_status bar_proportion_wilson(size_t x, size_t n, double level,
                                 bar_proportion *out, bar_error *err);

#endif

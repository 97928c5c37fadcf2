/* standing.h - where an organisation's innovation-climate score stands
 * among the respondents so far, for its thank-you page.
 *
 * The score is the derived variable `climate` (1-5; analysis/derive.h
 * computes it for a whole wave, as the report does). The organisation is
 * compared with the other respondents of the wave that have a score, and
 * with those of its own sector; a comparison is given only when its group
 * has at least BAR_STANDING_MIN_OTHERS other organisations (the report's
 * smallest group), so that it never tells anything about one or two
 * others. Its position is the share of the others with a lower score, a
 * tie counting half (a mid-rank percentile).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_STANDING_H
#define BAR_STANDING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "dataset/dataset.h"

enum { BAR_STANDING_MIN_OTHERS = 5 };

typedef struct bar_standing {
    bool has_score;      /* the organisation has a climate score */
    double score;
    bool has_all;        /* compared with all other respondents */
    size_t n_all;        /* others with a score */
    double below_all;    /* percentage of them below, 0-100 */
    bool has_sector;     /* compared within its sector */
    size_t n_sector;
    double below_sector;
} bar_standing;

/* The standing of org_id in ds (borrowed; its derived `climate` computed,
 * its frame variables `org_id` and `sector`) into *out (always
 * initialised). BAR_ENOTFOUND when ds has no such organisation or lacks
 * the variables. */
bar_status bar_standing_compute(const bar_dataset *ds, const char *org_id,
                                bar_standing *out, bar_error *err);

#endif

/* standing.c - an organisation's climate score among the respondents. */
#include "field/standing.h"

#include <math.h>
#include <string.h>

/* The percentage of the others (score not NaN, row != self, and, with
 * group >= 0, group column equal) below the score, ties counting half;
 * their number into *n. */
static double below(const bar_dataset *ds, size_t col, size_t self,
                    long group_col, double score, size_t *n)
{
    size_t rows = bar_dataset_nrows(ds);
    double group = group_col >= 0
                       ? bar_dataset_get(ds, self, (size_t)group_col)
                       : NAN;
    double lower = 0;
    *n = 0;
    for (size_t r = 0; r < rows; r++) {
        double x = bar_dataset_get(ds, r, col);
        if (r == self || isnan(x))
            continue;
        if (group_col >= 0 &&
            bar_dataset_get(ds, r, (size_t)group_col) != group)
            continue;
        (*n)++;
        lower += x < score ? 1 : x == score ? 0.5 : 0;
    }
    return *n ? 100.0 * lower / (double)*n : NAN;
}

bar_status bar_standing_compute(const bar_dataset *ds, const char *org_id,
                                bar_standing *out, bar_error *err)
{
    *out = (bar_standing){0};
    long org_col = bar_dataset_col(ds, "org_id");
    long climate = bar_dataset_col(ds, "climate");
    long sector = bar_dataset_col(ds, "sector");
    if (org_col < 0 || climate < 0 || sector < 0)
        return bar_error_set(err, BAR_ENOTFOUND, "the instrument lacks "
                             "org_id, climate or sector");
    size_t self = bar_dataset_nrows(ds);
    for (size_t r = 0; r < bar_dataset_nrows(ds); r++) {
        const char *id = bar_dataset_get_str(ds, r, (size_t)org_col);
        if (id && strcmp(id, org_id) == 0) {
            self = r;
            break;
        }
    }
    if (self == bar_dataset_nrows(ds))
        return bar_error_set(err, BAR_ENOTFOUND, "no response of '%s'",
                             org_id);
    double score = bar_dataset_get(ds, self, (size_t)climate);
    if (isnan(score))
        return BAR_OK;
    out->has_score = true;
    out->score = score;
    out->below_all = below(ds, (size_t)climate, self, -1, score,
                           &out->n_all);
    out->has_all = out->n_all >= BAR_STANDING_MIN_OTHERS;
    if (!isnan(bar_dataset_get(ds, self, (size_t)sector))) {
        out->below_sector = below(ds, (size_t)climate, self, sector, score,
                                  &out->n_sector);
        out->has_sector = out->n_sector >= BAR_STANDING_MIN_OTHERS;
    }
    return BAR_OK;
}

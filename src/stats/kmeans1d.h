/* kmeans1d.h - optimal k-means clustering of one variable.
 *
 * Exact dynamic programming over the sorted values (Wang & Song 2011,
 * "Ckmeans.1d.dp"): the partition into k groups of consecutive values with
 * the least within-group sum of squares. Deterministic; no random starts.
 * Groups are numbered by ascending centre.
 *
 * Ties: equal values always end in the same group. The programme runs over
 * the distinct values, each weighted by how often it occurs, so a cut can
 * only fall between two different values. This loses nothing: in an
 * optimal partition every value lies at least as close to its own centre
 * as to any other (otherwise moving it would lower the sum of squares), so
 * copies of one value could only be split when they are exactly halfway
 * between two centres, and then moving all of them to one side is no
 * worse. The scores this is for (means of 5-point items) have many ties.
 * Hence k may not exceed the number of distinct values. Between partitions
 * with exactly the same sum of squares, the programme prefers the one
 * whose last group starts earliest.
 *
 * Cost: sorting, O(n log n), then O(k d log d) for d distinct values (each
 * row of the programme by divide and conquer, using that the best start of
 * the last group never moves left as the prefix grows), O(k d) memory.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_KMEANS1D_H
#define BAR_KMEANS1D_H

#include <stddef.h>

#include "core/status.h"

typedef struct bar_kmeans1d {
    size_t k;
    double *centers;   /* k, ascending; owned */
    size_t *sizes;     /* k; owned */
    double *cuts;      /* k - 1: midpoints between the largest value of
                          group g and the smallest of group g + 1; owned
                          (NULL when k = 1) */
    double withinss;   /* total within-group sum of squares */
    double betweenss;  /* total sum of squares - withinss */
} bar_kmeans1d;

/* Cluster the non-NAN values of x[0..len) (read only) into k groups; when
 * assign is not NULL (caller's memory, len ints), assign[i] gets the group
 * (0-based) of x[i], or -1 for NAN. BAR_EUSAGE for k = 0 or x NULL;
 * BAR_EINVALID when there are fewer distinct values than k or a value is
 * infinite; BAR_ELIMIT when k x distinct values is too large to hold;
 * BAR_ENOMEM. On success out owns three arrays: release with
 * bar_kmeans1d_clear (on failure out holds nothing to release). */
bar_status bar_kmeans1d_fit(const double *x, size_t len, size_t k,
                            int *assign, bar_kmeans1d *out, bar_error *err);
/* Free what a bar_kmeans1d owns and zero it; NULL is allowed. */
void bar_kmeans1d_clear(bar_kmeans1d *km);

#endif

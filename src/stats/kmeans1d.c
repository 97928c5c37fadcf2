/* kmeans1d.c - optimal 1-D k-means by dynamic programming (see kmeans1d.h).
 *
 * The values are sorted and collapsed to d distinct values v[0..d) with
 * counts w[0..d). Prefix sums of w, w v and w v^2 (of the values minus
 * their median, so that large offsets do not swamp the differences) give
 * the sum of squares of any run v[i..j] in constant time:
 *   cost(i, j) = Q - S^2 / W   over that run.
 * cost_m(j), the least sum of squares of v[0..j] in m + 1 groups, is
 *   cost_0(j) = cost(0, j),
 *   cost_m(j) = min over m <= i <= j of cost_{m-1}(i - 1) + cost(i, j),
 * and start_m(j) records the i that attains it (the first group's start).
 * The best i never decreases as j grows, so each row is filled by divide
 * and conquer: solve the middle j over the allowed range of i, then the
 * left half with i at most that, the right half with i at least that.
 * Walking start_m back from j = d - 1 gives the groups.
 */
#include "stats/kmeans1d.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort_double.h>

#include "stats/numeric.h"

/* The programme holds two k x d tables; this caps their cells. */
enum { MAX_CELLS = 1 << 24 };

typedef struct programme {
    size_t d;
    const double *W, *S, *Q; /* prefix sums, d + 1 each */
    double *cost;            /* k x d */
    size_t *start;           /* k x d */
} programme;

/* Sum of squares of the distinct values i..j (inclusive). */
static double run_cost(const programme *p, size_t i, size_t j)
{
    double w = p->W[j + 1] - p->W[i];
    double s = p->S[j + 1] - p->S[i];
    double c = p->Q[j + 1] - p->Q[i] - s * s / w;
    return c > 0.0 ? c : 0.0;
}

/* Fill row m for j in [jlo, jhi], knowing the best start lies in
 * [ilo, ihi]. */
static void fill_row(programme *p, size_t m, size_t jlo, size_t jhi,
                     size_t ilo, size_t ihi)
{
    while (jlo <= jhi) {
        size_t j = jlo + (jhi - jlo) / 2;
        size_t from = ilo > m ? ilo : m;
        size_t to = ihi < j ? ihi : j;
        const double *prev = p->cost + (m - 1) * p->d;
        size_t best = from;
        double best_cost = INFINITY;
        for (size_t i = from; i <= to; i++) {
            double c = prev[i - 1] + run_cost(p, i, j);
            if (c < best_cost) {
                best_cost = c;
                best = i;
            }
        }
        p->cost[m * p->d + j] = best_cost;
        p->start[m * p->d + j] = best;
        /* Left half recursively (its depth is log d), right half by
         * looping. */
        if (j > jlo)
            fill_row(p, m, jlo, j - 1, ilo, best);
        jlo = j + 1;
        ilo = best;
    }
}

bar_status bar_kmeans1d_fit(const double *x, size_t len, size_t k,
                            int *assign, bar_kmeans1d *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    double *sorted = NULL, *v = NULL, *w = NULL, *pre = NULL;
    double *centers = NULL, *cuts = NULL;
    size_t *sizes = NULL, *group_end = NULL;
    programme p = {0};

    bar_numeric_init();
    if (!out || (!x && len > 0)) {
        rc = bar_error_set(err, BAR_EUSAGE, "kmeans1d: no data or output");
        goto cleanup;
    }
    if (k == 0) {
        rc = bar_error_set(err, BAR_EUSAGE, "kmeans1d: k = 0 groups");
        goto cleanup;
    }
    if (len > SIZE_MAX / 4 / sizeof(double)) {
        rc = bar_error_set(err, BAR_ELIMIT, "kmeans1d: %zu values is too "
                           "many", len);
        goto cleanup;
    }

    /* The non-missing values, sorted, then collapsed to distinct values
     * with their counts. */
    sorted = malloc((len > 0 ? len : 1) * sizeof *sorted);
    if (!sorted) {
        rc = bar_error_set(err, BAR_ENOMEM, "kmeans1d: out of memory");
        goto cleanup;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (isinf(x[i])) {
            rc = bar_error_set(err, BAR_EINVALID, "kmeans1d: value %zu is "
                               "infinite", i);
            goto cleanup;
        }
        if (!isnan(x[i]))
            sorted[n++] = x[i];
    }
    gsl_sort(sorted, 1, n);
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || sorted[i] != sorted[i - 1])
            d++;
    if (d < k) {
        rc = bar_error_set(err, BAR_EINVALID, "kmeans1d: %zu distinct "
                           "values cannot make %zu groups", d, k);
        goto cleanup;
    }
    if (k > MAX_CELLS / d) {
        rc = bar_error_set(err, BAR_ELIMIT, "kmeans1d: %zu groups of %zu "
                           "distinct values exceed the table cap", k, d);
        goto cleanup;
    }
    v = malloc(d * sizeof *v);
    w = malloc(d * sizeof *w);
    pre = malloc(3 * (d + 1) * sizeof *pre);
    p.cost = malloc(k * d * sizeof *p.cost);
    p.start = malloc(k * d * sizeof *p.start);
    centers = malloc(k * sizeof *centers);
    sizes = malloc(k * sizeof *sizes);
    group_end = malloc(k * sizeof *group_end);
    cuts = k > 1 ? malloc((k - 1) * sizeof *cuts) : NULL;
    if (!v || !w || !pre || !p.cost || !p.start || !centers || !sizes ||
        !group_end || (k > 1 && !cuts)) {
        rc = bar_error_set(err, BAR_ENOMEM, "kmeans1d: out of memory");
        goto cleanup;
    }
    d = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
            v[d] = sorted[i];
            w[d++] = 0.0;
        }
        w[d - 1] += 1.0;
    }

    double shift = n % 2 ? sorted[n / 2]
                         : sorted[n / 2 - 1] / 2.0 + sorted[n / 2] / 2.0;
    double *W = pre, *S = pre + d + 1, *Q = pre + 2 * (d + 1);
    W[0] = S[0] = Q[0] = 0.0;
    for (size_t i = 0; i < d; i++) {
        double c = v[i] - shift;
        W[i + 1] = W[i] + w[i];
        S[i + 1] = S[i] + w[i] * c;
        Q[i + 1] = Q[i] + w[i] * c * c;
    }
    p.d = d;
    p.W = W;
    p.S = S;
    p.Q = Q;
    for (size_t j = 0; j < d; j++) {
        p.cost[j] = run_cost(&p, 0, j);
        p.start[j] = 0;
    }
    for (size_t m = 1; m < k; m++)
        fill_row(&p, m, m, d - 1, m, d - 1);

    /* Back from the last distinct value: group m covers start..end. */
    size_t end = d - 1;
    for (size_t m = k; m-- > 0;) {
        group_end[m] = end;
        size_t begin = p.start[m * d + end];
        if (m > 0)
            end = begin - 1;
    }

    /* Centres, sizes and sums of squares, two-pass on the distinct values
     * for accuracy. */
    double mean = 0.0;
    for (size_t i = 0; i < d; i++)
        mean += w[i] * (v[i] - shift);
    mean /= (double)n;
    double totss = 0.0, withinss = 0.0;
    for (size_t i = 0; i < d; i++)
        totss += w[i] * (v[i] - shift - mean) * (v[i] - shift - mean);
    size_t begin = 0;
    for (size_t m = 0; m < k; m++) {
        double cw = 0.0, cs = 0.0;
        for (size_t i = begin; i <= group_end[m]; i++) {
            cw += w[i];
            cs += w[i] * (v[i] - shift);
        }
        double c = cs / cw;
        for (size_t i = begin; i <= group_end[m]; i++)
            withinss += w[i] * (v[i] - shift - c) * (v[i] - shift - c);
        centers[m] = c + shift;
        sizes[m] = (size_t)cw;
        if (m + 1 < k)
            cuts[m] = v[group_end[m]] / 2.0 + v[group_end[m] + 1] / 2.0;
        begin = group_end[m] + 1;
    }

    if (assign) {
        for (size_t i = 0; i < len; i++) {
            if (isnan(x[i])) {
                assign[i] = -1;
                continue;
            }
            /* The group whose last distinct value is the first >= x[i]. */
            size_t lo = 0, hi = k - 1;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (v[group_end[mid]] >= x[i])
                    hi = mid;
                else
                    lo = mid + 1;
            }
            assign[i] = (int)lo;
        }
    }

    *out = (bar_kmeans1d){
        .k = k,
        .centers = centers,
        .sizes = sizes,
        .cuts = cuts,
        .withinss = withinss,
        .betweenss = totss - withinss,
    };
    centers = NULL;
    sizes = NULL;
    cuts = NULL;

cleanup:
    free(sorted);
    free(v);
    free(w);
    free(pre);
    free(p.cost);
    free(p.start);
    free(centers);
    free(sizes);
    free(cuts);
    free(group_end);
    return rc;
}

void bar_kmeans1d_clear(bar_kmeans1d *km)
{
    if (!km)
        return;
    free(km->centers);
    free(km->sizes);
    free(km->cuts);
    *km = (bar_kmeans1d){0};
}

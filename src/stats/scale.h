/* scale.h - building a scale from items: correlations, reliability and a
 * one-factor principal axis factoring.
 *
 * Pure numerics on a cases x items matrix (row-major doubles, NAN missing).
 * Every function here uses the complete cases (cases with no missing item)
 * and reports how many there were. Definitions, so results can be checked:
 * - Pearson correlations of the complete cases (R: cor(na.omit(x)));
 * - Cronbach's alpha from the covariance matrix C of the complete cases,
 *   alpha = k / (k - 1) * (1 - trace(C) / sum(C)) (R: psych::alpha()$total
 *   $raw_alpha), alpha if each item is deleted (...$alpha.drop$raw_alpha)
 *   and the corrected item-total correlation, the correlation of the item
 *   with the sum of the other items (...$item.stats$r.drop). Items are used
 *   as given: a reverse-keyed item is not flipped, it shows as a negative
 *   item-total correlation (psych::alpha(check.keys = FALSE));
 * - principal axis factoring with one factor, as psych::fa(r, nfactors = 1,
 *   fm = "pa", SMC = TRUE, min.err = tol, max.iter = max_iter): the
 *   starting communalities are the squared multiple correlations
 *   1 - 1 / diag(R^-1); each iteration puts the communalities on the
 *   diagonal of R, takes the largest eigenvalue l and its eigenvector v,
 *   sets loadings = v sqrt(l) and communalities = loadings^2, and stops
 *   when the sum of the communalities changed by no more than tol, or after
 *   max_iter iterations. The loading signs are chosen so that their sum is
 *   not negative. The reported loadings and communalities are those of the
 *   last iteration;
 * - the eigenvalues of the (unreduced) correlation matrix, descending.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SCALE_H
#define BAR_SCALE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Pearson correlation matrix (k x k, row-major, written to r; caller's
 * memory) of the complete cases of x (n x k, read only). *ncomplete gets
 * their number. BAR_EINVALID when fewer than 3 complete cases, an item is
 * constant in them (message names its 0-based index) or a value is
 * infinite; BAR_EUSAGE for k = 0 or NULL pointers; BAR_ENOMEM. */
bar_status bar_scale_correlation(const double *x, size_t n, size_t k,
                                 double *r, size_t *ncomplete,
                                 bar_error *err);

typedef struct bar_alpha {
    size_t ncomplete;
    double alpha;
    double *alpha_if_deleted; /* k values; owned; NAN when k = 2 (the alpha
                                 of one item is undefined) */
    double *item_total_r;     /* corrected item-total correlation; owned */
} bar_alpha;

/* Cronbach's alpha of the k items of x (n x k, read only), k >= 2. The
 * errors are those of bar_scale_correlation, and BAR_EINVALID when the
 * total score is constant. On success out owns two arrays: release with
 * bar_alpha_clear (on failure out holds nothing to release). */
bar_status bar_scale_alpha(const double *x, size_t n, size_t k,
                           bar_alpha *out, bar_error *err);
/* Free what a bar_alpha owns and zero it; NULL is allowed. */
void bar_alpha_clear(bar_alpha *a);

typedef struct bar_paf {
    size_t k;
    double *loadings;      /* k; owned */
    double *communalities; /* k; owned; may exceed 1 (a Heywood case) */
    double *initial;       /* k: the starting communalities (SMC), SPSS's
                              "Initial" column; owned */
    double *eigenvalues;   /* k, of the correlation matrix, descending;
                              owned */
    double explained;      /* sum of squared loadings / k */
    int iterations;        /* eigen decompositions done, as psych's
                              length(communality.iterations) */
    bool converged;
} bar_paf;

/* One-factor principal axis factoring of the k x k correlation matrix r
 * (row-major, read only; k >= 3). tol: convergence tolerance on the sum of
 * the communalities (psych's min.err; e.g. 1e-9); max_iter: iteration cap
 * (psych's max.iter). Not converging is reported in out->converged, not as
 * an error. BAR_EUSAGE for a matrix that is not a correlation matrix (not
 * symmetric, diagonal not 1, values outside [-1, 1]) or bad tol/max_iter;
 * BAR_ENUMERIC for a singular r (SMC undefined: reciprocal condition number
 * below sqrt(DBL_EPSILON), the tolerance of psych's Pinv) or a reduced
 * matrix whose largest eigenvalue is not positive. On success out owns
 * four arrays: release with bar_paf_clear. */
bar_status bar_scale_paf(const double *r, size_t k, double tol, int max_iter,
                         bar_paf *out, bar_error *err);
/* Free what a bar_paf owns and zero it; NULL is allowed. */
void bar_paf_clear(bar_paf *p);

#endif

/* scalefit.h - the fit of a scale entry: the derived score and groups.
 *
 * A "scale" entry of a report specification (spec.h) defines two derived
 * variables of the wave: the score (e.g. climate) and its groups (e.g.
 * climate_group). bar_scale_fit_compute computes, from the dataset and the
 * entry alone, everything that defines them (analysis.md, "The
 * innovation-climate scale"):
 *   1. item selection: items without answers or without variation are set
 *      aside (round 0); then rounds of one-factor PAF on the Pearson
 *      correlations of the complete cases, dropping every item with
 *      |loading| < min_loading, until a round drops none;
 *   2. the score of each case in the base: the mean of the retained items
 *      answered, missing when fewer than half of them were answered;
 *   3. the groups: optimal 1-D k-means on the scores, numbered by
 *      ascending centre.
 * The fit is a typed value: what stopped a step is a code (plus the
 * numbers or the message of the numerics a note needs), never text to
 * match. derive.c writes the score and group columns from it; the scale
 * figure (climate.c) only describes it (reliability, distribution) and
 * reports it; neither step changes the fit. The numerics are src/stats.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SCALEFIT_H
#define BAR_SCALEFIT_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/spec.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "stats/kmeans1d.h"

/* Why an item was dropped. */
typedef enum bar_scale_drop_why {
    BAR_SCALE_DROP_NO_ANSWERS, /* round 0: nobody in the base answered it */
    BAR_SCALE_DROP_CONSTANT,   /* round 0: every answer the same */
    BAR_SCALE_DROP_LOADING     /* |loading| < min_loading in its round */
} bar_scale_drop_why;

typedef struct bar_scale_drop {
    size_t item;            /* index of the item in the question */
    int round;              /* 0: set aside before the factor analysis */
    bar_scale_drop_why why;
    double loading;         /* its loading in that round; NAN in round 0 */
} bar_scale_drop;

/* One round of the factor analysis. */
typedef struct bar_scale_round {
    size_t nitems;
    size_t *items;          /* nitems indices into the question; owned */
    size_t ncomplete;       /* cases with every one of them answered */
    double *loadings;       /* nitems; owned */
    double *eigenvalues;    /* nitems, of the correlations; owned */
    double explained;       /* share of the variance (0-1) */
    int iterations;
    bool converged;
} bar_scale_round;

/* How the item selection ended. */
typedef enum bar_scale_selection_end {
    BAR_SCALE_SELECTED,      /* a round dropped no item */
    BAR_SCALE_FEW_ITEMS,     /* fewer than 3 usable items: no (further)
                                factor analysis */
    BAR_SCALE_FACTOR_FAILED  /* the correlations or the PAF failed:
                                selection_detail holds the numerics'
                                message */
} bar_scale_selection_end;

/* How far the fit went after the scores. */
typedef enum bar_scale_stop {
    BAR_SCALE_GROUPED,       /* scores and groups */
    BAR_SCALE_NO_SCORE,      /* no case has a score: no groups */
    BAR_SCALE_GROUPS_FAILED  /* the k-means failed: groups_detail holds
                                the numerics' message */
} bar_scale_stop;

typedef struct bar_scale_fit {
    const bar_spec_entry *entry; /* borrowed from the spec */
    const bar_question *q;       /* its items; borrowed */
    size_t nbase;                /* cases in the entry's base */
    size_t *rows;                /* nbase row numbers; owned */
    size_t nrounds;
    bar_scale_round *rounds;     /* owned */
    size_t ndropped;
    bar_scale_drop *dropped;     /* in the order they were dropped; owned */
    bar_scale_selection_end selection_end;
    char selection_detail[BAR_ERROR_MSG_MAX];
    size_t nretained;
    size_t *retained;            /* indices into the question; owned */
    double *score;               /* nbase, NAN = no score; owned */
    size_t nscored;              /* scores that are not NAN */
    bar_scale_stop stop;
    char groups_detail[BAR_ERROR_MSG_MAX];
    bar_kmeans1d km;             /* the groups (when stop is GROUPED) */
    int *group;                  /* nbase: 0-based group, -1 = none; owned
                                    (NULL unless GROUPED) */
} bar_scale_fit;

/* Fit the scale entry e (kind scale, validated against the instrument of
 * ds; borrowed) on ds (read only). On success *out owns its arrays:
 * release with bar_scale_fit_clear. A fit that stops early (too few items,
 * no scores, k-means failure) is a success with the reason in its codes.
 * Errors: BAR_ENOMEM (message naming the entry on err); *out then holds
 * nothing to release. */
bar_status bar_scale_fit_compute(const bar_dataset *ds,
                                 const bar_spec_entry *e,
                                 bar_scale_fit *out, bar_error *err);
/* Release what a fit owns; accepts a zeroed fit. */
void bar_scale_fit_clear(bar_scale_fit *fit);

/* The fits of every scale entry of a spec, in the spec's order. */
typedef struct bar_scale_fits {
    size_t n;
    bar_scale_fit *fit;  /* n; owned */
} bar_scale_fits;

/* Fit every scale entry of spec (borrowed; the fits point into it, so it
 * must outlive them) on ds. On success *out is new (n may be 0); free with
 * bar_scale_fits_free. Errors as bar_scale_fit_compute; *out is NULL. */
bar_status bar_scale_fits_compute(const bar_dataset *ds,
                                  const bar_spec *spec,
                                  bar_scale_fits **out, bar_error *err);
/* The fit of entry e (compared by address), or NULL. fits may be NULL. */
const bar_scale_fit *bar_scale_fits_find(const bar_scale_fits *fits,
                                         const bar_spec_entry *e);
void bar_scale_fits_free(bar_scale_fits *fits);

#endif

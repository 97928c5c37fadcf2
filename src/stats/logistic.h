/* logistic.h - binary logistic regression and backward elimination.
 *
 * Maximum likelihood by Newton-Raphson (IRLS) on GSL. Input is a design
 * matrix without the intercept column (the model always has one) and a 0/1
 * outcome; cases with any NAN are dropped (complete cases). Reported as
 * SPSS reports it: B, SE, Wald, df, p, Exp(B) and its 95% interval, -2 log
 * likelihood, Cox & Snell and Nagelkerke R2, the Hosmer-Lemeshow test and
 * the classification table at cut 0.5 (R: glm(family = binomial)).
 *
 * Hard cases are detected, never printed as huge numbers:
 * - a predictor that is a linear combination of earlier ones (and the
 *   intercept) is set aside as aliased, as R's glm does (coefficient NA);
 * - complete or quasi-complete separation (fitted probabilities of 0 or 1,
 *   coefficients diverging) sets `separation` and the status BAR_ENUMERIC;
 * - no convergence within max_iter sets converged = false and BAR_ENUMERIC.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_LOGISTIC_H
#define BAR_LOGISTIC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef struct bar_logit_term {
    bool aliased;        /* set aside: the other fields are NAN */
    double b, se, wald, p, exp_b, exp_b_low, exp_b_high;
} bar_logit_term;

typedef struct bar_logit {
    size_t n;                 /* complete cases used */
    size_t p;                 /* predictors (without intercept) */
    bar_logit_term intercept;
    bar_logit_term *terms;    /* p; owned */
    double minus2ll, minus2ll_null;
    double cox_snell_r2, nagelkerke_r2;
    double hl_chisq, hl_p;    /* Hosmer-Lemeshow, 10 groups */
    long hl_df;
    size_t table[2][2];       /* [observed][predicted] at cut 0.5 */
    double percent_correct;
    int iterations;
    bool converged, separation;
} bar_logit;

/* Fit y ~ x (x: n x p row-major, y: n values 0/1, NAN missing; both
 * borrowed, not kept). max_iter <= 0 means 50 Newton iterations. Cases
 * with a NAN anywhere are dropped. Hosmer-Lemeshow: cases sorted by fitted
 * probability, a run of cases with the same covariate pattern goes whole
 * into decile group floor(10 r / n) (r = cases before it), empty groups are
 * dropped, df = groups - 2 (NAN statistic and df 0 with fewer than 3
 * groups). Classification: predicted 1 when the fitted p > 0.5.
 * Errors: BAR_EUSAGE (an outcome not 0/1, an infinite value, no complete
 * cases, a constant outcome), BAR_ELIMIT (over 10,000,000 cases or 1000
 * predictors), BAR_ENUMERIC (separation, naming the predictor index; no
 * convergence; singular information), BAR_ENOMEM. On any failure no
 * estimate is filled in (B, SE... stay NAN). *out is always initialised:
 * release with bar_logit_clear (also after a failure). */
bar_status bar_logit_fit(const double *x, const double *y, size_t n,
                         size_t p, int max_iter, bar_logit *out,
                         bar_error *err);
void bar_logit_clear(bar_logit *m);

typedef struct bar_logit_step {
    size_t removed;      /* index of the predictor removed at this step,
                            or (size_t)-1 for the first (full) model */
    double lr_chisq;     /* change in -2LL from removing it */
    double lr_p;
    bar_logit model;     /* the model after this step; owned. Its terms
                            are the remaining predictors in their original
                            order: terms[t] is predictor columns[t] */
    size_t *columns;     /* model.p predictor indices (0-based, into x);
                            owned */
} bar_logit_step;

/* A predictor set aside before the first step: aliased in the full model,
 * i.e. (to the aliasing tolerance) a linear combination of the constant
 * and of earlier predictors that are not set aside. */
typedef struct bar_logit_redundant {
    size_t index;        /* the predictor set aside (0-based, into x) */
    bool intercept;      /* the constant takes part in the combination */
    size_t nof;
    size_t *of;          /* nof predictor indices (ascending) with a
                            nonzero weight in the combination; owned */
} bar_logit_redundant;

typedef struct bar_stepwise {
    size_t nsteps;
    bar_logit_step *steps; /* owned; the last is the final model */
    bool *kept;            /* p flags: in the final model; owned */
    size_t nredundant;
    bar_logit_redundant *redundant; /* set aside before step 0, in index
                                       order; owned */
    bool separation; /* after a failure: a fit failed through complete or
                        quasi-complete separation (the code of that
                        failure; the message is for people) */
} bar_stepwise;

/* Backward elimination by likelihood-ratio test. First every predictor
 * that is aliased in the full model (R's glm: NA; taken left to right, so
 * the later of a dependent set) is set aside as redundant, with the
 * predictors it is a combination of (SPSS "Backward: LR" leaves such a
 * variable out before the first step). Then, from the model of the rest,
 * remove the predictor whose removal has the largest LR p-value while that
 * p > p_remove (removal 0.10; chi-square on 1 df; ties go to the lowest
 * index). Every removal has 1 df: no remaining predictor is aliased.
 * Removed predictors are not re-entered. All steps use the complete cases
 * of the full set of p predictors. steps[0] is the model of all
 * predictors but the redundant ones. Errors as bar_logit_fit (prefixed
 * with the step), BAR_EUSAGE for p_remove outside [0, 1]. *out is always
 * initialised: release with bar_stepwise_clear (also after a failure). */
bar_status bar_logit_backward(const double *x, const double *y, size_t n,
                              size_t p, double p_remove, int max_iter,
                              bar_stepwise *out, bar_error *err);
void bar_stepwise_clear(bar_stepwise *s);

#endif

/* rindicator.h - the R-indicator and the partial R-indicators of a
 * response.
 *
 * How representative is the response so far? Given the frame (one unit per
 * organisation invited) with categorical auxiliary variables (sector,
 * cluster: category indices) and whether each unit responded, the
 * response propensities are estimated by logistic regression on dummies of
 * the variables (stats/logistic.h), and from them:
 * - R = 1 - 2 S(rho), S the standard deviation of the propensities with
 *   denominator N - 1 (Schouten, Cobben and Bethlehem 2009), its bias-
 *   adjusted form and standard error (Shlomo, Skinner and Schouten 2012, as
 *   the RISQ project's R code computes them for a simple random sample);
 * - the coefficient of variation CV = S / mean and the maximal absolute
 *   (standardised) bias (1 - R) / (2 mean);
 * - the unconditional partial indicators P_U(X) and P_U(X = k) and the
 *   conditional ones P_C(X) and P_C(X = k) (Schouten, Shlomo and Skinner
 *   2011), with RISQ's standard error of P_U(X);
 * - the categories to remind first: those with P_U(X = k) < 0, most
 *   negative first.
 * Formulas, references and choices: docs/internals/rindicator.md. Checked
 * against R (tests/ref/rindicator.R).
 *
 * Pure numerics: no knowledge of surveys, stores or languages; variables and
 * categories are indices, their names only label messages.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_RINDICATOR_H
#define BAR_RINDICATOR_H

#include <stddef.h>

#include "core/status.h"

enum {
    BAR_RINDICATOR_MAX_UNITS = 10000000, /* cap: frame units */
    BAR_RINDICATOR_MAX_VARS = 16,        /* cap: auxiliary variables */
    BAR_RINDICATOR_MAX_CATS = 1000,      /* cap: categories of a variable */
};

/* An auxiliary variable of the input. */
typedef struct bar_rindicator_var {
    const char *name;           /* for messages, or NULL; borrowed */
    size_t ncat;                /* categories 0 .. ncat - 1 (1 .. MAX_CATS) */
    const char *const *labels;  /* ncat labels for messages, or NULL;
                                   borrowed */
} bar_rindicator_var;

/* The frame. Everything is borrowed for the call, not kept. */
typedef struct bar_rindicator_input {
    size_t n;                        /* units (2 .. MAX_UNITS) */
    size_t nvars;                    /* auxiliary variables (1 .. MAX_VARS) */
    const bar_rindicator_var *vars;  /* nvars */
    const size_t *codes;   /* n x nvars, row-major: the category of unit i
                              in variable v is codes[i * nvars + v] */
    const unsigned char *response;   /* n values 0 or 1 */
    const double *weights; /* n design weights, or NULL (all 1). Only a
                              simple random sample is supported: every
                              weight the same value d >= 1 (n units of a
                              population of N = n d). */
} bar_rindicator_input;

/* Why no estimate (or a defined value instead of one); kinds travel as
 * codes, the message on bar_error is for people. */
typedef enum bar_rindicator_problem {
    BAR_RINDICATOR_OK = 0,
    BAR_RINDICATOR_NO_RESPONSE,  /* nobody responded: BAR_EUSAGE */
    BAR_RINDICATOR_ALL_RESPONDED,/* everyone responded: BAR_OK, defined
                                    values (every propensity 1, R = 1,
                                    partials 0, SEs NAN) */
    BAR_RINDICATOR_SEPARATION,   /* a category (problem_var, problem_cat)
                                    where all or none responded, or
                                    quasi-complete separation in a
                                    combination of categories
                                    (problem_var = problem_cat = SIZE_MAX):
                                    propensities of 0 or 1, BAR_ENUMERIC */
} bar_rindicator_problem;

typedef struct bar_rindicator_category {
    size_t units;        /* units in the category */
    size_t respondents;
    double population;   /* N_k: sum of the design weights */
    double rho_mean;     /* mean propensity (NAN when no units); for the
                            main-effects model it is the response rate */
    double pu;           /* P_U(X = k), signed: < 0 under-represented */
    double pc;           /* P_C(X = k) >= 0 */
    double pu_se;        /* standard error of P_U(X = k) (RISQ: from the
                            sampling design only, so 0 for a census) */
    double pc_se;        /* standard error of P_C(X = k) (RISQ); NAN when
                            P_C(X = k) is 0 to 1e-12 S, or no units */
} bar_rindicator_category;

typedef struct bar_rindicator_variable {
    size_t ncat;
    bar_rindicator_category *cats; /* ncat; owned */
    double pu, pu_adj;   /* P_U(X), and with the bias adjustment */
    double pc, pc_adj;   /* P_C(X), and with the bias adjustment */
    double pu_se;        /* standard error of P_U(X): half that of R for
                            the model of X alone (RISQ; it also serves as
                            the approximate SE of P_C(X)) */
} bar_rindicator_variable;

/* A category to remind: variable and category index. */
typedef struct bar_rindicator_ref {
    size_t var, cat;
} bar_rindicator_ref;

typedef struct bar_rindicator {
    bar_rindicator_problem problem;
    size_t problem_var, problem_cat;
    size_t n;            /* units */
    size_t respondents;
    double population;   /* N = sum of the design weights */
    size_t aliased;      /* dummies set aside (nested categories) */
    double *propensity;  /* n estimated propensities; owned */
    double mean;         /* mean propensity */
    double sd;           /* S(rho), denominator N - 1 */
    double r;            /* 1 - 2 S */
    double bias_factor;  /* 1 - bias(S^2) / S^2, in [0, 1] */
    double r_adj;        /* 1 - 2 S sqrt(bias_factor) */
    double r_se;         /* standard error of R (NAN when S = 0) */
    double cv, cv_adj;   /* S / mean, and adjusted */
    double cv_se;
    double max_bias;     /* (1 - R) / (2 mean) */
    double max_bias_adj; /* (1 - R_adj) / (2 mean) */
    size_t nvars;
    bar_rindicator_variable *vars; /* nvars; owned */
    size_t nremind;
    bar_rindicator_ref *remind;    /* nremind, P_U(X = k) < 0, most
                                      negative first (ties: variable, then
                                      category order); owned */
} bar_rindicator;

/* Estimate the propensities and every indicator of *in into *out.
 * Categories without units are left out of the model (their rows have
 * units 0, pu = pc = 0, rho_mean NAN). Errors: BAR_EUSAGE (sizes outside
 * the ranges above, a code >= ncat, a response not 0/1, a weight not
 * finite, < 1 or different from the others, nobody responded), BAR_ELIMIT
 * (over a cap), BAR_ENUMERIC (separation: out->problem says where; the
 * model did not converge), BAR_ENOMEM. On failure no estimate is filled in
 * (the doubles stay NAN) but problem and the counts are. *out is always
 * initialised: release with bar_rindicator_clear, also after a failure. */
bar_status bar_rindicator_compute(const bar_rindicator_input *in,
                                  bar_rindicator *out, bar_error *err);

/* Release what *r owns and reset it; r may be NULL. */
void bar_rindicator_clear(bar_rindicator *r);

#endif

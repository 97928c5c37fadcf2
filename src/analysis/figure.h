/* figure.h - what the figure kinds of the analysis share (internal).
 *
 * analysis.c dispatches each entry of a report specification to the
 * function of its kind (bar__likert in likert.c, bar__crosstab in
 * crosstab.c, ...). Every kind appends its fields to the figure object it
 * is given; the object already holds id, kind, number, caption and title.
 * A kind returns an error status only for what makes the whole document
 * wrong (out of memory); a figure that cannot be computed on this wave (no
 * answers, a constant item, an empty base, a model that does not converge)
 * gets a "note" or "error" field and no numbers, and the run goes on.
 *
 * Only the files of src/analysis include this header.
 */
#ifndef BAR_FIGURE_H
#define BAR_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "analysis/benchmark.h"
#include "analysis/scalefit.h"
#include "analysis/spec.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "text/textmine.h"

/* What every kind needs; everything is borrowed. */
typedef struct bar__ctx {
    const bar_dataset *ds;    /* read only: derived columns are derive's */
    const bar_instrument *ins;
    const size_t *frame_counts;
    const bar_benchmarks *benchmarks;
    const bar_spec *spec;     /* the whole spec (which variables a scale
                                 entry computes) */
    const bar_scale_fits *fits; /* derive's fits of the scale entries, or
                                   NULL (a scale figure then fits itself) */
    size_t min_group;
    double level;
    const char *total_nl, *total_en; /* the label of a total row */
    long innovated_col;
    const double *innovated;  /* that column (nrows values), or NULL */
    bar_error *err;
    /* The current entry's variable, question and "by" variable (NULL when
     * the entry names none), resolved once per entry by the dispatcher so
     * that loops over rows never look names up. */
    const bar_variable *var;
    const bar_question *q;
    const bar_variable *by;
    /* the study's text specification (text figures), or NULL */
    const bar_textmine_spec *text;
    /* a kind's own rows (nrows flags) for bar__groups_build's use
     * functions, or NULL */
    const bool *rows;
} bar__ctx;

/* Whether row r is in the base. */
bool bar__in_base(const bar__ctx *c, bar_base base, size_t r);
/* The rows in the base (*base_n) and those of them with at least one item
 * of q answered (*n). BAR_ENOMEM on failure (message on c->err, naming
 * figure id). */
bar_status bar__count_answered(const bar__ctx *c, bar_base base,
                               const bar_question *q, const char *id,
                               size_t *base_n, size_t *n);
const char *bar__base_name(bar_base base);

/* New label objects {"nl", "en"}; NULL when out of memory. */
json_t *bar__label(const char *nl, const char *en);
json_t *bar__var_label(const bar_variable *v);
json_t *bar__code_label(const bar_variable *v, size_t i);

/* The variable or question called name; the spec was validated against
 * the instrument, so these do not fail for names a spec holds. */
const bar_variable *bar__var(const bar__ctx *c, const char *name);
const bar_question *bar__question(const bar__ctx *c, const char *id);

/* Set obj[key] = value, taking the reference; true on failure (value is
 * released). Failures chain with |=. */
bool bar__set(json_t *obj, const char *key, json_t *value);
/* obj[key] = the message of a computation that failed (err), the note a
 * figure shows instead of its numbers; true on failure. An allocation
 * failure (err->code BAR_ENOMEM) is never a note: true, so that the
 * analysis fails instead of giving a different document. */
bool bar__set_failure(json_t *obj, const char *key, const bar_error *err);
/* A real, or null when x is not finite. */
json_t *bar__real(double x);

/* count/percent/ci_low/ci_high of x out of n into obj, nulls when hidden
 * or n = 0. BAR_ENOMEM on failure. */
bar_status bar__share(const bar__ctx *c, json_t *obj, size_t x, size_t n,
                      bool hidden);

/* x in decimal in buf (size bytes), for the arguments of a note
 * (bar_results_note takes strings); returns buf. BAR__ZU(x) gives it a
 * buffer that lives until the end of the enclosing block. */
const char *bar__zu(char *buf, size_t size, size_t x);
#define BAR__ZU(x) bar__zu((char[24]){0}, 24, (x))

bar_status bar__no_memory(const bar__ctx *c, const char *id);

/* Whether name is a derived variable without any value in the wave (a
 * scale's score or groups when derive had no spec or the spec no scale
 * entry, or when the scale could not be computed); bar__unset_text says
 * so in a note. */
bool bar__unset(const bar__ctx *c, const char *name);
extern const char bar__unset_text[];

/* Append the benchmarks of variable = category to arr, each with the
 * comparison with our x out of n (difference in points and the test that
 * fits; compare.c). */
bar_status bar__benchmarks(const bar__ctx *c, json_t *arr,
                           const char *variable, const char *category,
                           size_t x, size_t n, bool hidden);

/* Which codes of the group variable by are merged into "other" in every
 * figure of the wave (merged[ncodes], caller's): the codes with 1 ..
 * min_group - 1 cases in the whole wave, then, while the merged group is
 * still below min_group, the smallest other codes. One plan per variable
 * for the wave, so that "Overige sectoren" is the same set in Table 1 and
 * in every figure by sector, and no difference between two figures
 * isolates a small group (docs/disclosure.md). BAR_ENOMEM on failure. */
bar_status bar__merge_plan(const bar__ctx *c, const bar_variable *by,
                           bool *merged);

/* Groups of a "by" variable within a figure: the codes merged by the
 * wave's plan form one "other" group; every other code with cases in the
 * wave is a group, also when it has few or no cases in this figure
 * (disclosure control suppresses it then); codes without any case in the
 * wave are left out. */
typedef struct bar__groups {
    size_t ncodes;      /* codes of the by variable */
    long *group_of;     /* ncodes: group index, or -1 (absent/suppressed) */
    size_t ngroups;     /* groups shown */
    size_t *n;          /* ngroups: cases per group */
    json_t *json;       /* "groups" array (owned until handed over) */
    json_t *suppressed; /* codes suppressed (still too small when merged) */
    json_t *empty;      /* codes without any case */
} bar__groups;

/* Build the groups of variable by over the rows for which use(c, e, r) is
 * true. Release with bar__groups_clear. BAR_ENOMEM on failure. */
bar_status bar__groups_build(const bar__ctx *c, const bar_spec_entry *e,
                             bool (*use)(const bar__ctx *,
                                         const bar_spec_entry *, size_t),
                             bar__groups *g);
/* The group of row r (-1: none), given the by column. */
long bar__group_of_row(const bar__ctx *c, const bar__groups *g,
                       const bar_variable *by, size_t r);
void bar__groups_clear(bar__groups *g);

/* When question q has a routing condition ("asked_if"), record it on fig
 * as "asked_if" (text, "collab_none != 1") and "not_asked" (rows in the
 * base to whom the routing did not put the question; they are among
 * "missing"). Nothing for q NULL or without routing. BAR_ENOMEM. */
bar_status bar__routing(const bar__ctx *c, bar_base base,
                        const bar_question *q, json_t *fig);
/* The routing condition of q as text ("collab_none != 1"), or json null. */
json_t *bar__asked_if(const bar_question *q);

/* The kinds (each in its own file). */
bar_status bar__likert(const bar__ctx *c, const bar_spec_entry *e,
                       json_t *fig);
bar_status bar__crosstab(const bar__ctx *c, const bar_spec_entry *e,
                         json_t *fig);
bar_status bar__boxplot(const bar__ctx *c, const bar_spec_entry *e,
                        json_t *fig);
bar_status bar__scale(const bar__ctx *c, const bar_spec_entry *e,
                      json_t *fig);
bar_status bar__model(const bar__ctx *c, const bar_spec_entry *e,
                      json_t *fig);
bar_status bar__frequencies(const bar__ctx *c, const bar_spec_entry *e,
                            json_t *fig);
bar_status bar__text(const bar__ctx *c, const bar_spec_entry *e,
                     json_t *fig);

#endif

/* analysis.h - the results document of a wave.
 *
 * bar_analysis_run turns a dataset (derived variables computed with the
 * spec, see derive.h), the frame counts per sector and the benchmarks into one JSON
 * document: the single source of every output (report, exports,
 * dashboard). Its shape is fixed in docs/results-schema.md. The document
 * holds a list of figure entries, one per entry of a report specification
 * (spec.h), each with an id and a kind (frequency, multi_response, likert,
 * crosstab, boxplot, scale, model, response_by_group); a new figure is a
 * new entry in the spec, a new kind is a new function in src/analysis.
 *
 * Rules every figure follows: percentages are of the valid answers within
 * the question's base, with n and a Wilson 95% interval; groups smaller
 * than min_group in the wave are merged into "other" (the same set in
 * every figure, made up to min_group); the finished document goes through
 * disclosure control (disclosure.h) before it is returned, so that no
 * output drawn from it lets a reader learn one organisation's answer; no
 * organisation's id, name, e-mail or open answer ever enters the document.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_ANALYSIS_H
#define BAR_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "analysis/benchmark.h"
#include "analysis/scalefit.h"
#include "analysis/spec.h"
#include "core/progress.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "text/textmine.h"

enum {
    BAR_ANALYSIS_SCHEMA = 1,    /* "schema" of the results document */
    BAR_ANALYSIS_MIN_GROUP = 5  /* default smallest group shown alone */
};

typedef struct bar_analysis_opts {
    long min_group;  /* smallest group shown on its own; 0 = the spec's
                        "disclosure" value, else the default (5) */
    long min_cell;   /* smallest non-zero count shown; 0 = the spec's,
                        else the default (3); docs/disclosure.md */
    int wave;        /* wave recorded in the document; 0 = instrument's */
    double level;    /* confidence level of intervals; 0 = 0.95 */
    /* the label of a total row, the study's "total" (study.h); NULL:
     * "Totaal" and "Total" */
    const char *total_nl, *total_en;
    bool raw;        /* skip disclosure control: only to check the
                        statistics against a reference (tests); a raw
                        document must never be published */
    bar_progress progress; /* "figures computed", done of the spec's
                              entries, after each; zero: no reports */
    /* the fits of the spec's scale entries that derive made (derive.h;
     * borrowed); NULL: each scale figure fits itself on ds, which gives
     * the same numbers */
    const bar_scale_fits *fits;
    /* the study's text specification (wave/study.h) for the figures of
     * kind "text" (borrowed); NULL: they get a note instead */
    const bar_textmine_spec *text;
} bar_analysis_opts;

/* Compute the results of ds for every entry of spec (borrowed), in the
 * spec's order, reading ds only: its derived variables, a scale's score
 * and groups included, are computed before by bar_derive_compute with the
 * same spec (a figure of a derived variable without values gets a note).
 * A figure that cannot be computed on this wave gets a "note" or "error"
 * field instead of numbers; the run still succeeds. frame_counts (may be
 * NULL: no frame) holds the organisations invited per sector code,
 * bar_var_ncodes(sector) elements, as bar_store_frame_by_sector gives
 * them; only entries with "frame": true use it. benchmarks may be NULL.
 * opts may be NULL (all defaults). Everything passed in is borrowed. On success
 * *out is a new JSON object the caller releases with json_decref. Errors:
 * BAR_ENOTFOUND (the instrument lacks a variable a figure needs),
 * BAR_EUSAGE (bad options, spec NULL), BAR_ENOMEM. *out is NULL on failure. */
bar_status bar_analysis_run(const bar_dataset *ds, const bar_spec *spec,
                            const size_t *frame_counts,
                            const bar_benchmarks *benchmarks,
                            const bar_analysis_opts *opts, json_t **out,
                            bar_error *err);

#endif

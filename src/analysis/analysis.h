/* analysis.h - the results document of a wave.
 *
 * bar_analysis_run turns a dataset (derived variables computed, see
 * derive.h), the frame counts per sector and the benchmarks into one JSON
 * document: the single source of every output (report, exports,
 * dashboard). Its shape is fixed in docs/results-schema.md. The document
 * holds a list of figure entries, each with an id and a kind
 * ("response_by_group", "frequency", "multi_response"); a new figure is a
 * new entry of an existing kind, a new kind is a new function here.
 *
 * Rules every figure follows: percentages are of the valid answers within
 * the question's base, with n and a Wilson 95% interval; groups smaller
 * than min_group are never shown on their own (merged into "other", and
 * suppressed when still too small); no organisation's id, name, e-mail or
 * open answer ever enters the document.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_ANALYSIS_H
#define BAR_ANALYSIS_H

#include <stddef.h>

#include <jansson.h>

#include "analysis/benchmark.h"
#include "core/status.h"
#include "dataset/dataset.h"

enum {
    BAR_ANALYSIS_SCHEMA = 1,    /* "schema" of the results document */
    BAR_ANALYSIS_MIN_GROUP = 5  /* default smallest group shown alone */
};

typedef struct bar_analysis_opts {
    long min_group;  /* smallest group shown on its own; 0 = default (5) */
    int wave;        /* wave recorded in the document; 0 = instrument's */
    double level;    /* confidence level of intervals; 0 = 0.95 */
} bar_analysis_opts;

/* Compute the results of ds. frame_counts (may be NULL: no frame) holds the
 * organisations invited per sector code, bar_var_ncodes(sector) elements,
 * as bar_store_frame_by_sector gives them. benchmarks may be NULL. opts may
 * be NULL (all defaults). Everything passed in is borrowed. On success
 * *out is a new JSON object the caller releases with json_decref. Errors:
 * BAR_ENOTFOUND (the instrument lacks a variable a figure needs),
 * BAR_EUSAGE (bad options), BAR_ENOMEM. *out is NULL on failure. */
bar_status bar_analysis_run(const bar_dataset *ds, const size_t *frame_counts,
                            const bar_benchmarks *benchmarks,
                            const bar_analysis_opts *opts, json_t **out,
                            bar_error *err);

#endif

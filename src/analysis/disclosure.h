/* disclosure.h - statistical disclosure control of the results document.
 *
 * The results document is the one source of every published output (the
 * report, results.json, the CSV per table, the Excel figure sheets), so
 * protecting it once protects them all. bar_disclosure_apply runs over the
 * whole document after the analysis and before anything is written, and
 * suppresses (sets to null) every count, and every number derived from
 * one, from which a reader could learn the answer of one organisation:
 *
 * - primary suppression: a count of 1 .. min_cell - 1 (threshold rule); a
 *   group (column) of fewer than min_group cases; a group all of whose
 *   cases fall in one category (group disclosure: the full cell);
 * - secondary suppression: every relation the document publishes between
 *   counts (a row or column and its total, the groups and their total, a
 *   merged category and its parts, the positive codes and their share)
 *   keeps either no suppressed count or at least two, the second chosen
 *   as the smallest non-zero published count, repeated until stable; then
 *   an exact check of the linear relations suppresses more until no
 *   suppressed count can be derived from them;
 * - linked tables: a count that several figures publish (the same
 *   population, variable, category and group) is suppressed in all of
 *   them, and the secondary suppression runs over all figures at once;
 * - derived numbers: percentages, intervals, means, tests and benchmark
 *   comparisons resting on a suppressed count are nulled as well.
 *
 * The document keeps no suppressed value anywhere. It gains a
 * "disclosure" object that says where was suppressed and by which rules,
 * never the value (docs/disclosure.md, docs/results-schema.md).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_DISCLOSURE_H
#define BAR_DISCLOSURE_H

#include <jansson.h>

#include "core/status.h"

enum {
    BAR_DISCLOSURE_MIN_GROUP = 5, /* default smallest group shown */
    BAR_DISCLOSURE_MIN_CELL = 3   /* default smallest non-zero count shown */
};

typedef struct bar_disclosure_opts {
    long min_group; /* groups below this are suppressed (>= 1) */
    long min_cell;  /* counts 1 .. min_cell - 1 are suppressed (>= 1) */
    /* the label of a total (the study's "total"); NULL: "Totaal",
     * "Total" */
    const char *total_nl, *total_en;
} bar_disclosure_opts;

/* Protect doc (a results document of docs/results-schema.md) in place:
 * suppressed values become null and doc["disclosure"] records what was
 * suppressed and why. opts is borrowed. BAR_EUSAGE for parameters out of
 * range, BAR_ENOMEM (doc is then partly protected and must not be
 * published). */
bar_status bar_disclosure_apply(json_t *doc, const bar_disclosure_opts *opts,
                                bar_error *err);

#endif

/* benchmark.h - published comparison values (the Nordic barometers) as data.
 *
 * A benchmark file (a CSV file in data/benchmarks, the csv.h conventions)
 * has the header
 *     figure,variable,category,country,period,percent,qualifier,n,source
 * (any order, each once) and one row per published percentage: the share of
 * organisations in `country` (ISO 3166 alpha-2) over `period` that gave
 * `category` (a code, or codes joined by '+', e.g. "1+2") of `variable`.
 * `qualifier` says how the source worded an inexact value ("about",
 * "almost", ...); `n` is the benchmark's number of organisations when known
 * (empty otherwise). Every row is validated on load; every fault is reported
 * with file, line, column and field.
 *
 * A labels file (data/benchmarks/nordic-2021-labels.csv) names each
 * series once: the header
 *     source,country,label_nl,label_en
 * and one row per source and country, e.g. the published 2021 report is
 * "Nederland 2021 (gepubliceerd)" in every figure, table and sentence,
 * whatever period its values are about. Every source and country of the
 * set must have a label.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_BENCHMARK_H
#define BAR_BENCHMARK_H

#include <stddef.h>

#include "core/status.h"

/* One benchmark value. The strings are owned by the set. */
typedef struct bar_benchmark {
    const char *figure;    /* figure of the 2021 report, e.g. "fig1" */
    const char *variable;  /* codebook variable, e.g. "innovated" */
    const char *category;  /* "1", "1+2" */
    const char *country;   /* "DK" */
    const char *period;    /* "2018-2019", "2020" or "" when unknown */
    double percent;        /* 0-100 */
    const char *qualifier; /* "" or one of the accepted qualifiers */
    long n;                /* organisations behind the value; 0 = unknown */
    const char *source;    /* citation */
    long line;             /* line in the file, for messages */
    /* the series' name from the labels file; NULL until
     * bar_benchmarks_load_labels */
    const char *label_nl, *label_en;
} bar_benchmark;

typedef struct bar_benchmarks bar_benchmarks;

enum { BAR_BENCHMARK_MAX_ROWS = 10000, BAR_BENCHMARK_FIELD_MAX = 256 };

/* Load and validate a benchmark file. On success *out is a new set the
 * caller frees with bar_benchmarks_free. Errors: BAR_EIO (the file),
 * BAR_EPARSE (CSV syntax, from the CSV reader), BAR_EINVALID (a bad header
 * or value; err holds every fault found, the first in err->msg),
 * BAR_ELIMIT (more than BAR_BENCHMARK_MAX_ROWS rows). *out is NULL on
 * failure. */
bar_status bar_benchmarks_load(const char *path, bar_benchmarks **out,
                               bar_error *err);
/* As bar_benchmarks_load, from memory; name is used in messages. The text
 * is copied as needed and need not outlive the set. */
bar_status bar_benchmarks_parse(const char *data, size_t len,
                                const char *name, bar_benchmarks **out,
                                bar_error *err);
void bar_benchmarks_free(bar_benchmarks *set);

/* Read a labels file (above) and give every benchmark of set the label of
 * its source and country. The set owns the labels. Errors: BAR_EIO,
 * BAR_EPARSE, BAR_EINVALID (a bad header or cell, a source and country
 * labelled twice, or a benchmark whose source and country have no label:
 * err names the benchmark's line; every fault is logged), BAR_ELIMIT;
 * the set's labels are unchanged on failure. */
bar_status bar_benchmarks_load_labels(bar_benchmarks *set, const char *path,
                                      bar_error *err);
/* As bar_benchmarks_load_labels, from memory; name is used in messages. */
bar_status bar_benchmarks_parse_labels(bar_benchmarks *set, const char *data,
                                       size_t len, const char *name,
                                       bar_error *err);

size_t bar_benchmarks_count(const bar_benchmarks *set);
/* The i-th benchmark in file order, valid while the set lives. */
const bar_benchmark *bar_benchmarks_get(const bar_benchmarks *set, size_t i);

/* Look up by variable and category: returns the first benchmark at index
 * >= *pos that matches, and sets *pos past it; NULL when there is no more.
 * Start with *pos = 0. set may be NULL (no benchmarks). Example:
 *     size_t pos = 0;
 *     for (const bar_benchmark *b;
 *          (b = bar_benchmarks_next(set, "innovated", "1", &pos));)
 *         ...
 */
const bar_benchmark *bar_benchmarks_next(const bar_benchmarks *set,
                                         const char *variable,
                                         const char *category, size_t *pos);

#endif

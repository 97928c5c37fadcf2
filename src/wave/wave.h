/* wave.h - one wave of the barometer and its pipeline: the one way every
 * front end (the command line, the survey server, the tests) gets from a
 * source of responses to the results document.
 *
 * A wave is opened from a store (a year, 0: the latest) or from a
 * responses CSV file; either way it holds its study (study.h: taken from
 * the store when the wave keeps one, else the default study file the
 * caller names), the study's instrument, the responses as a dataset, the
 * frame counts per sector (store waves with a frame), the report
 * specification and the benchmarks. bar_wave_results derives the
 * variables, runs the analysis and hands back the results document
 * (docs/results-schema.md). File names in the study are relative to the
 * data folder the caller gives.
 *
 * The library never prints; every failure is a status with its message on
 * the bar_error given.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_WAVE_H
#define BAR_WAVE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "analysis/benchmark.h"
#include "analysis/spec.h"
#include "core/progress.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"
#include "store/store.h"
#include "wave/study.h"

typedef struct bar_wave bar_wave;

/* How to open a wave. Strings are borrowed for the call only. */
typedef struct bar_wave_config {
    /* The data folder: study file names are relative to it. Required. */
    const char *data_dir;
    /* The study: for a CSV source the study file to use; for a store the
     * file used when the wave keeps no study (a store made before schema
     * 3). Required. */
    const char *study;
    /* A report specification that replaces the study's (--spec); NULL:
     * the study's. */
    const char *spec;
    /* The wave: for a store its year (0: the latest); for a CSV the year
     * recorded in the results (0: the study's year). */
    int year;
    /* Told the rows read of a CSV source, or the responses loaded from a
     * store (core/progress.h); zero: none. */
    bar_progress progress;
} bar_wave_config;

/* Open the wave cfg->year of the store at uri (which must exist): its
 * study, instrument and responses (the frame counts, the spec and the
 * benchmarks are loaded by the first bar_wave_results). The store is kept
 * open (bar_wave_store). On success *out is a new wave the
 * caller frees with bar_wave_free; NULL on failure. Errors: those of the
 * store (BAR_ENOTFOUND: no such store or wave), of the study, the
 * instrument, the spec and the benchmarks files. */
bar_status bar_wave_open_store(const char *uri, const bar_wave_config *cfg,
                               bar_wave **out, bar_error *err);
/* Open the responses of the CSV file at path with the study cfg->study.
 * Ownership and errors as bar_wave_open_store (BAR_EINVALID and the
 * located faults of the CSV). A CSV wave has no store and no frame. */
bar_status bar_wave_open_csv(const char *path, const bar_wave_config *cfg,
                             bar_wave **out, bar_error *err);
void bar_wave_free(bar_wave *wave);

/* What the wave holds, owned by the wave and valid while it lives. */
const bar_study *bar_wave_study(const bar_wave *wave);
const bar_instrument *bar_wave_instrument(const bar_wave *wave);
const bar_dataset *bar_wave_dataset(const bar_wave *wave);
/* The report specification: NULL until bar_wave_results has run. */
const bar_spec *bar_wave_spec(const bar_wave *wave);
/* The store of a store wave (NULL for a CSV wave). */
bar_store *bar_wave_store(const bar_wave *wave);
/* The year of the wave. */
int bar_wave_year(const bar_wave *wave);

/* Options of one analysis run. */
typedef struct bar_wave_results_opts {
    long min_group;  /* smallest group shown on its own; 0: the spec's
                        "disclosure" value, else 5 */
    bar_progress progress; /* told the figures computed; zero: none */
} bar_wave_results_opts;

/* The results document of the wave: loads the spec (cfg->spec, else the
 * study's) and the benchmarks, derives the dataset's variables with the
 * spec (a scale entry's score and groups too) and counts
 * the frame per sector (once per wave), then runs the analysis of the spec
 * with the frame counts and benchmarks. opts may be NULL (defaults). On
 * success *out is a new JSON object the caller releases with json_decref;
 * NULL on failure. Errors: those of the spec and benchmark files,
 * bar_derive_compute, bar_store_frame_by_sector and bar_analysis_run. */
bar_status bar_wave_results(bar_wave *wave,
                            const bar_wave_results_opts *opts, json_t **out,
                            bar_error *err);

/* The study a store keeps for wave (year, not 0), or when it keeps none
 * the study file default_study. *out: a new study (bar_study_free). For
 * the commands that write into a store (import, frame, export) and need
 * only the study and its instrument. */
/* An open answer the research team approved for quoting (store.h: the
 * quote decisions), as it is now. */
typedef struct bar_wave_quote {
    char *variable;  /* "description", "result_other" */
    char *text;      /* the answer as given: show it only through
                        bar_tokenizer_redact (text/tokenizer.h) */
} bar_wave_quote;

/* The quotes of the wave: every open answer of the study's text columns
 * (study.h: bar_study_text_spec) whose current text the research team
 * approved (bar_store_quote_current: an answer changed after its approval
 * is left out), in org_id and variable order, at most max. None for a
 * wave from a CSV file, a study without text specification, or no
 * approvals. *out (NULL when *n is 0) is released with
 * bar_wave_quotes_free. BAR_ENOMEM, the store's errors. */
bar_status bar_wave_quotes(const bar_wave *wave, size_t max,
                           bar_wave_quote **out, size_t *n, bar_error *err);
void bar_wave_quotes_free(bar_wave_quote *q, size_t n);

bar_status bar_wave_store_study(bar_store *st, int year,
                                const char *default_study, bar_study **out,
                                bar_error *err);
/* Load the instrument the study names (under data_dir). *out: a new
 * instrument (bar_instrument_free). */
bar_status bar_wave_load_instrument(const bar_study *study,
                                    const char *data_dir,
                                    bar_instrument **out, bar_error *err);

#endif

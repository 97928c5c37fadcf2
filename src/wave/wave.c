/* wave.c - a wave and its pipeline (see wave.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/derive.h"
#include "dataset/dataset_csv.h"
#include "wave/wave.h"

struct bar_wave {
    bar_study *study;
    bar_instrument *ins;
    bar_dataset *ds;
    bar_store *st;          /* NULL for a CSV wave */
    size_t *frame_counts;   /* per sector code; NULL: no frame */
    bar_spec *spec;
    bar_scale_fits *fits;   /* derive's fits of the spec's scales */
    bar_benchmarks *bench;  /* NULL: the study names none */
    char *data_dir, *spec_path; /* copies of the configuration */
    int year;
    bool derived, counted;
};

void bar_wave_free(bar_wave *wave)
{
    if (!wave)
        return;
    bar_benchmarks_free(wave->bench);
    bar_scale_fits_free(wave->fits); /* borrows spec: freed first */
    bar_spec_free(wave->spec);
    free(wave->frame_counts);
    bar_dataset_free(wave->ds);
    bar_store_close(wave->st);
    bar_instrument_free(wave->ins);
    bar_study_free(wave->study);
    free(wave->data_dir);
    free(wave->spec_path);
    free(wave);
}

bar_status bar_wave_load_instrument(const bar_study *study,
                                    const char *data_dir,
                                    bar_instrument **out, bar_error *err)
{
    char path[PATH_MAX];
    *out = NULL;
    if (!bar_study_path(study, BAR_STUDY_INSTRUMENT, data_dir, path,
                        sizeof path))
        return bar_error_set(err, BAR_ELIMIT, "study %s: the path of the "
                             "instrument is too long", bar_study_id(study));
    return bar_instrument_load(path, out, err);
}

bar_status bar_wave_store_study(bar_store *st, int year,
                                const char *default_study, bar_study **out,
                                bar_error *err)
{
    char *text = NULL;
    *out = NULL;
    bar_status rc = bar_store_wave_study(st, year, &text, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (text) {
        char name[64];
        snprintf(name, sizeof name, "the study of wave %d", year);
        rc = bar_study_parse(text, strlen(text), name, out, err);
    } else {
        rc = bar_study_load(default_study, out, err);
    }
cleanup:
    free(text);
    return rc;
}

/* The frame counts per sector of the store wave (none when it has no
 * frame). */
static bar_status count_frame(bar_wave *w, bar_error *err)
{
    bar_status rc = BAR_OK;
    long sector = bar_instrument_find(w->ins, "sector");
    if (sector < 0)
        return bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, "sector",
                            "the instrument has no sector variable");
    size_t ncodes =
        bar_var_ncodes(bar_instrument_var(w->ins, (size_t)sector));
    w->frame_counts = calloc(ncodes ? ncodes : 1, sizeof *w->frame_counts);
    if (!w->frame_counts)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    size_t total = 0;
    rc = bar_store_frame_by_sector(w->st, w->year, w->ins, w->frame_counts,
                                   &total, err);
    if (rc == BAR_OK && total == 0) { /* no frame in this wave */
        free(w->frame_counts);
        w->frame_counts = NULL;
    }
    return rc;
}

/* The spec and the benchmarks, loaded when the results are first asked
 * for (exports of the responses need neither). */
static bar_status load_analysis_files(bar_wave *w, bar_error *err)
{
    char path[PATH_MAX];
    bar_status rc = BAR_OK;
    const char *spec = w->spec_path;
    if (!spec) {
        if (!bar_study_path(w->study, BAR_STUDY_REPORT, w->data_dir, path,
                            sizeof path))
            return bar_error_set(err, BAR_ELIMIT, "study %s: the path of "
                                 "the report specification is too long",
                                 bar_study_id(w->study));
        spec = path;
    }
    rc = bar_spec_load(spec, w->ins, &w->spec, err);
    if (rc != BAR_OK)
        return rc;
    if (!bar_study_path(w->study, BAR_STUDY_BENCHMARKS, w->data_dir, path,
                        sizeof path))
        return BAR_OK;
    rc = bar_benchmarks_load(path, &w->bench, err);
    if (rc == BAR_OK && bar_study_path(w->study, BAR_STUDY_BENCHMARK_LABELS,
                                       w->data_dir, path, sizeof path))
        rc = bar_benchmarks_load_labels(w->bench, path, err);
    return rc;
}

/* A new wave with the copies of cfg (*out; NULL on failure). */
static bar_status wave_new(const bar_wave_config *cfg, bar_wave **out,
                           bar_error *err)
{
    *out = NULL;
    if (!cfg || !cfg->data_dir || !cfg->study)
        return bar_error_set(err, BAR_EUSAGE, "wave: no data folder or "
                             "study given");
    bar_wave *w = calloc(1, sizeof *w);
    if (!w || !(w->data_dir = strdup(cfg->data_dir)) ||
        (cfg->spec && !(w->spec_path = strdup(cfg->spec)))) {
        bar_wave_free(w);
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    }
    *out = w;
    return BAR_OK;
}

bar_status bar_wave_open_store(const char *uri, const bar_wave_config *cfg,
                               bar_wave **out, bar_error *err)
{
    *out = NULL;
    bar_wave *w = NULL;
    bar_status rc = wave_new(cfg, &w, err);
    if (rc != BAR_OK)
        return rc;
    rc = bar_store_open(uri, BAR_STORE_EXISTING, &w->st, err);
    if (rc != BAR_OK)
        goto cleanup;
    /* the load tells cfg->progress; the store kept open tells no one */
    bar_store_set_progress(w->st, &cfg->progress);
    w->year = cfg->year;
    if (w->year == 0 &&
        (rc = bar_store_wave_latest(w->st, &w->year, err)) != BAR_OK)
        goto cleanup;
    rc = bar_wave_store_study(w->st, w->year, cfg->study, &w->study, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_wave_load_instrument(w->study, w->data_dir, &w->ins, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_store_responses_load(w->st, w->year, w->ins, &w->ds, err);
    bar_store_set_progress(w->st, NULL);
    if (rc != BAR_OK)
        goto cleanup;
    *out = w;
    w = NULL;
cleanup:
    bar_wave_free(w);
    return rc;
}

bar_status bar_wave_open_csv(const char *path, const bar_wave_config *cfg,
                             bar_wave **out, bar_error *err)
{
    *out = NULL;
    bar_wave *w = NULL;
    bar_status rc = wave_new(cfg, &w, err);
    if (rc != BAR_OK)
        return rc;
    rc = bar_study_load(cfg->study, &w->study, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_wave_load_instrument(w->study, w->data_dir, &w->ins, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_dataset_read_csv_progress(path, w->ins, &cfg->progress, &w->ds,
                                       err);
    if (rc != BAR_OK)
        goto cleanup;
    w->year = cfg->year ? cfg->year : bar_study_year(w->study);
    *out = w;
    w = NULL;
cleanup:
    bar_wave_free(w);
    return rc;
}

const bar_study *bar_wave_study(const bar_wave *wave)
{
    return wave->study;
}

const bar_instrument *bar_wave_instrument(const bar_wave *wave)
{
    return wave->ins;
}

const bar_dataset *bar_wave_dataset(const bar_wave *wave)
{
    return wave->ds;
}

const bar_spec *bar_wave_spec(const bar_wave *wave)
{
    return wave->spec;
}

bar_store *bar_wave_store(const bar_wave *wave)
{
    return wave->st;
}

int bar_wave_year(const bar_wave *wave)
{
    return wave->year;
}

bar_status bar_wave_results(bar_wave *wave,
                            const bar_wave_results_opts *opts, json_t **out,
                            bar_error *err)
{
    *out = NULL;
    bar_status rc = BAR_OK;
    if (!wave->spec && (rc = load_analysis_files(wave, err)) != BAR_OK)
        return rc;
    if (!wave->derived) {
        if ((rc = bar_derive_compute(wave->ds, wave->spec, &wave->fits,
                                     err)) != BAR_OK)
            return rc;
        wave->derived = true;
    }
    if (wave->st && !wave->counted) {
        if ((rc = count_frame(wave, err)) != BAR_OK)
            return rc;
        wave->counted = true;
    }
    const bar_study_text *total = bar_study_total(wave->study);
    bar_analysis_opts o = {
        .min_group = opts ? opts->min_group : 0,
        .wave = wave->year,
        .total_nl = total->nl,
        .total_en = total->en,
        .fits = wave->fits,
        .text = bar_study_text_spec(wave->study),
    };
    if (opts)
        o.progress = opts->progress;
    return bar_analysis_run(wave->ds, wave->spec, wave->frame_counts,
                            wave->bench, &o, out, err);
}

/* ---- quotes ---- */

typedef struct quote_walk {
    const bar_wave *wave;
    const bar_textmine_spec *ts;
    long id_col;
    size_t max;
    bar_wave_quote *q;
    size_t n;
} quote_walk;

/* The row of org_id, or -1 (a linear search: approvals are few). */
static long row_of(const bar_wave *w, long id_col, const char *org_id)
{
    for (size_t r = 0; r < bar_dataset_nrows(w->ds); r++) {
        const char *id = bar_dataset_get_str(w->ds, r, (size_t)id_col);
        if (id && strcmp(id, org_id) == 0)
            return (long)r;
    }
    return -1;
}

static bar_status quote_row(void *ctx, const bar_store_quote *q,
                            bar_error *err)
{
    quote_walk *qw = ctx;
    if (!q->approved || qw->n >= qw->max)
        return BAR_OK;
    bool column = false;
    for (size_t i = 0; i < qw->ts->ncolumns; i++)
        column |= strcmp(qw->ts->columns[i], q->variable) == 0;
    long col = bar_dataset_col(qw->wave->ds, q->variable);
    if (!column || col < 0)
        return BAR_OK;
    long r = row_of(qw->wave, qw->id_col, q->org_id);
    const char *text = r < 0 ? NULL
                             : bar_dataset_get_str(qw->wave->ds, (size_t)r,
                                                   (size_t)col);
    if (!text || !*text || !bar_store_quote_current(q, text))
        return BAR_OK;
    char *v = strdup(q->variable), *t = strdup(text);
    if (!v || !t) {
        free(v);
        free(t);
        return bar_error_set(err, BAR_ENOMEM, "quotes: out of memory");
    }
    qw->q[qw->n++] = (bar_wave_quote){v, t};
    return BAR_OK;
}

bar_status bar_wave_quotes(const bar_wave *wave, size_t max,
                           bar_wave_quote **out, size_t *n, bar_error *err)
{
    *out = NULL;
    *n = 0;
    const bar_textmine_spec *ts = bar_study_text_spec(wave->study);
    long id_col = -1;
    for (size_t i = 0; i < bar_instrument_nvars(wave->ins); i++)
        if (bar_var_type_of(bar_instrument_var(wave->ins, i)) == BAR_VAR_ID)
            id_col = (long)i;
    if (!wave->st || !ts || max == 0 || id_col < 0)
        return BAR_OK;
    quote_walk qw = {wave, ts, id_col, max, calloc(max, sizeof *qw.q), 0};
    if (!qw.q)
        return bar_error_set(err, BAR_ENOMEM, "quotes: out of memory");
    bar_status rc = bar_store_quote_each(wave->st, wave->year, quote_row, &qw,
                                         err);
    if (rc != BAR_OK) {
        bar_wave_quotes_free(qw.q, qw.n);
        return rc;
    }
    if (qw.n == 0) {
        free(qw.q);
        return BAR_OK;
    }
    *out = qw.q;
    *n = qw.n;
    return BAR_OK;
}

void bar_wave_quotes_free(bar_wave_quote *q, size_t n)
{
    for (size_t i = 0; q && i < n; i++) {
        free(q[i].variable);
        free(q[i].text);
    }
    free(q);
}

/* cli_analyze.c - `barometer analyze STORE|responses.csv [--wave YEAR]
 * [--json FILE] [--min-group N]`: the results document of a wave as JSON.
 * Also the steps analyze, report and demo share (cli.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis/analysis.h"
#include "analysis/benchmark.h"
#include "analysis/derive.h"
#include "analysis/spec.h"
#include "cli/cli.h"
#include "core/buf.h"

static const char usage_text[] =
    "Usage: barometer analyze STORE|RESPONSES.csv [--wave YEAR] "
    "[--json FILE]\n"
    "                         [--min-group N] [--spec FILE]\n"
    "\n"
    "Computes the results of a wave (every table, figure, scale and model\n"
    "of a report specification, with n, percentages, 95% Wilson intervals,\n"
    "tests and the Nordic benchmarks) as one JSON document, the single\n"
    "source of the report and every export. Its fields are described in\n"
    "docs/results-schema.md; the specification format in\n"
    "docs/report-spec.md. It never contains an org_id, name, e-mail\n"
    "address or open answer.\n"
    "\n"
    "Options:\n"
    "  --wave YEAR      the wave (2000-2100); default: the latest in the\n"
    "                   store, or the instrument's wave for a CSV file\n"
    "  --json FILE      write to FILE (atomically) instead of stdout\n"
    "  --min-group N    smallest group shown on its own (default: the\n"
    "                   spec's \"disclosure\", else 5); smaller groups\n"
    "                   are merged into 'other' (docs/disclosure.md)\n"
    "  --spec FILE      the report specification (default: the data\n"
    "                   folder's report/ibo-2021.json; docs/report-spec.md)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Examples:\n"
    "  barometer analyze survey.db --json results.json\n"
    "  barometer analyze responses.csv --min-group 10\n"
    "  barometer analyze survey.db --spec my-report.json\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed; 2 bad usage or bad\n"
    "input (a fault in the CSV, no such store or wave).\n";

enum { MAX_JSON = 64 * 1024 * 1024 };

bar_status cli_results_compute(bar_dataset *ds, bar_store *st, int wave,
                               long min_group, const char *spec_path,
                               json_t **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_benchmarks *bench = NULL;
    bar_spec *spec = NULL;
    size_t *counts = NULL;
    *out = NULL;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    rc = bar_derive_compute(ds, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (st) {
        long sector = bar_instrument_find(ins, "sector");
        if (sector < 0) {
            rc = bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, "sector",
                              "the instrument has no sector variable");
            goto cleanup;
        }
        size_t ncodes =
            bar_var_ncodes(bar_instrument_var(ins, (size_t)sector));
        counts = calloc(ncodes ? ncodes : 1, sizeof *counts);
        if (!counts) {
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
            goto cleanup;
        }
        size_t total = 0;
        rc = bar_store_frame_by_sector(st, wave, ins, counts, &total, err);
        if (rc != BAR_OK)
            goto cleanup;
        if (total == 0) { /* no frame in this wave */
            free(counts);
            counts = NULL;
        }
    }
    char path[PATH_MAX];
    if (!spec_path) {
        snprintf(path, sizeof path, "%s/report/ibo-2021.json",
                 cli_data_dir());
        spec_path = path;
    }
    rc = bar_spec_load(spec_path, ins, &spec, err);
    if (rc != BAR_OK)
        goto cleanup;
    snprintf(path, sizeof path, "%s/benchmarks/nordic-2021.csv",
             cli_data_dir());
    rc = bar_benchmarks_load(path, &bench, err);
    if (rc != BAR_OK)
        goto cleanup;
    snprintf(path, sizeof path, "%s/benchmarks/nordic-2021-labels.csv",
             cli_data_dir());
    rc = bar_benchmarks_load_labels(bench, path, err);
    if (rc != BAR_OK)
        goto cleanup;
    bar_analysis_opts opts = {.min_group = min_group, .wave = wave};
    rc = bar_analysis_run(ds, spec, counts, bench, &opts, out, err);
cleanup:
    bar_benchmarks_free(bench);
    bar_spec_free(spec);
    free(counts);
    return rc;
}

bar_status cli_results_write(const json_t *doc, const char *path,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
    if (!text) {
        rc = bar_error_set(err, BAR_ENOMEM, "results: out of memory");
        goto cleanup;
    }
    size_t len = strlen(text);
    if (len > MAX_JSON) {
        rc = bar_error_set(err, BAR_ELIMIT, "results: larger than %d bytes",
                           MAX_JSON);
        goto cleanup;
    }
    text[len] = '\0';
    if (path) {
        bar_buf b;
        bar_buf_init(&b, MAX_JSON + 2);
        bar_buf_add(&b, text, len);
        bar_buf_puts(&b, "\n");
        rc = bar_buf_status(&b);
        if (rc == BAR_OK)
            rc = bar_file_write_atomic(path, b.data, b.len, err);
        else
            bar_error_set(err, rc, "results: %s", bar_strerror(rc));
        bar_buf_clear(&b);
    } else if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF ||
               fflush(stdout) != 0) {
        rc = bar_error_set(err, BAR_EIO, "cannot write to standard output");
    }
cleanup:
    free(text);
    return rc;
}

int cli_analyze(int argc, char **argv)
{
    const char *cmd = "analyze";
    const char *json_path = NULL, *spec_path = NULL;
    long wave = 0, min_group = 0;
    const cli_opt opts[] = {
        {"--wave", CLI_LONG, &wave, 2000, 2100, N_("a year 2000-2100")},
        {"--json", CLI_STRING, &json_path, 0, 0, N_("a file name")},
        {"--spec", CLI_STRING, &spec_path, 0, 0, N_("a file name")},
        {"--min-group", CLI_LONG, &min_group, 1, 1000000,
         N_("a whole number 1-1000000")},
    };
    const char *pos[1] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    const char *source = pos[0];
    if (!source)
        return cli_usage(cmd, "analyze needs STORE or RESPONSES.csv");
    if (json_path) {
        int refused = cli_check_output(cmd, json_path, false, source,
                                       spec_path);
        if (refused != CLI_PARSED)
            return refused;
    }

    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_dataset *ds = NULL;
    bar_store *st = NULL;
    json_t *doc = NULL;
    int status = 0, w = 0;
    bar_status rc = cli_load_instrument(&ins, &err);
    if (rc == BAR_OK)
        rc = cli_load_source(source, ins, (int)wave, &ds, &st, &w, &err);
    if (rc == BAR_OK)
        rc = cli_results_compute(ds, st, w, min_group, spec_path, &doc,
                                 &err);
    if (rc == BAR_OK)
        rc = cli_results_write(doc, json_path, &err);
    if (rc != BAR_OK)
        status = cli_fail(cmd, &err);
    json_decref(doc);
    bar_dataset_free(ds);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    return status;
}

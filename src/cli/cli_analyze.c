/* cli_analyze.c - `barometer analyze STORE|responses.csv [--wave YEAR]
 * [--json FILE] [--min-group N] [--spec FILE] [--study FILE]`: the results
 * document of a wave as JSON (the pipeline is src/wave/). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "render/report_dir.h"

static const char *const usage_text = N_(
    "Usage: barometer analyze STORE|RESPONSES.csv [--wave YEAR] "
    "[--json FILE]\n"
    "                         [--min-group N] [--spec FILE] [--study FILE]\n"
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
    "                   store, or the study's year for a CSV file\n"
    "  --json FILE      write to FILE (atomically) instead of stdout\n"
    "  --min-group N    smallest group shown on its own (default: the\n"
    "                   spec's \"disclosure\", else 5); smaller groups\n"
    "                   are merged into 'other' (docs/disclosure.md)\n"
    "  --spec FILE      the report specification (default: the study's;\n"
    "                   docs/report-spec.md)\n"
    "  --study FILE     the study of a CSV file (default: the data folder's\n"
    "                   study/ibo-2021.json; docs/study-format.md); a wave\n"
    "                   of a store has its own (given to `init --study`)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Examples:\n"
    "  barometer analyze survey.db --json results.json\n"
    "  barometer analyze responses.csv --min-group 10\n"
    "  barometer analyze survey.db --spec my-report.json\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed; 2 bad usage or bad\n"
    "input (a fault in the CSV, no such store or wave).\n");

bar_status cli_results_write(const json_t *doc, const char *path,
                             bar_error *err)
{
    bar_buf b;
    bar_buf_init(&b, BAR_REPORT_MAX_JSON + 2);
    bar_status rc = bar_report_json(doc, &b, err);
    if (rc == BAR_OK && path)
        rc = bar_file_write_atomic(path, b.data, b.len, err);
    else if (rc == BAR_OK && (fwrite(b.data, 1, b.len, stdout) != b.len ||
                              fflush(stdout) != 0))
        rc = bar_error_set(err, BAR_EIO,
                           bar_tr(cli_lang(), "cannot write to standard "
                                              "output"));
    bar_buf_clear(&b);
    return rc;
}

int cli_analyze(int argc, char **argv)
{
    const char *cmd = "analyze";
    const char *json_path = NULL, *spec_path = NULL, *study = NULL;
    long wave = 0, min_group = 0;
    const cli_opt opts[] = {
        {"--wave", CLI_LONG, &wave, 2000, 2100, N_("a year 2000-2100")},
        {"--json", CLI_STRING, &json_path, 0, 0, N_("a file name")},
        {"--spec", CLI_STRING, &spec_path, 0, 0, N_("a file name")},
        {"--study", CLI_STRING, &study, 0, 0, N_("a file name")},
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
                                       spec_path, study);
        if (refused != CLI_PARSED)
            return refused;
    }

    bar_error err;
    bar_error_init(&err);
    bar_wave *w = NULL;
    json_t *doc = NULL;
    int status = 0;
    bar_wave_results_opts ro = {.min_group = min_group};
    bar_status rc = cli_open_wave(source, study, spec_path, (int)wave, &w,
                                  &err);
    ro.progress = cli_progress();
    if (rc == BAR_OK)
        rc = bar_wave_results(w, &ro, &doc, &err);
    cli_progress_end();
    if (rc == BAR_OK)
        rc = cli_results_write(doc, json_path, &err);
    if (rc != BAR_OK)
        status = cli_fail(cmd, &err);
    json_decref(doc);
    bar_wave_free(w);
    bar_error_clear(&err);
    return status;
}

/* cli_report.c - `barometer report STORE|responses.csv --out DIR
 * [--lang nl|en] [--wave YEAR] [--min-group N] [--spec FILE]`: the HTML
 * report of a wave, with the results document it was rendered from. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "render/report_html.h"

static const char usage_text[] =
    "Usage: barometer report STORE|RESPONSES.csv --out DIR [--lang nl|en]\n"
    "                        [--wave YEAR] [--min-group N] [--spec FILE]\n"
    "\n"
    "Computes the results of a wave and writes DIR/index.html (one\n"
    "self-contained page: inline charts and styles, nothing fetched from\n"
    "the network) and DIR/results.json (the numbers it shows; see\n"
    "docs/results-schema.md). DIR is created when it does not exist; the\n"
    "two files are replaced atomically.\n"
    "\n"
    "Options:\n"
    "  --out DIR        folder for the report (required)\n"
    "  --lang nl|en     language of the report (default nl)\n"
    "  --wave YEAR      the wave (2000-2100); default: the latest\n"
    "  --min-group N    smallest group shown on its own (default 5)\n"
    "  --spec FILE      the report specification (default: the data\n"
    "                   folder's report/ibo-2021.json)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Example:\n"
    "  barometer report survey.db --out report-2021\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed; 2 bad usage or bad\n"
    "input.\n";

enum { MAX_HTML = 64 * 1024 * 1024 };

bar_status cli_report_write(const json_t *doc, const char *dir,
                            bar_lang lang, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf html;
    bar_buf_init(&html, MAX_HTML);
    char path[PATH_MAX];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot create the folder: %s",
                           dir, strerror(errno));
        goto cleanup;
    }
    rc = bar_report_html(doc, lang, &html, err);
    if (rc != BAR_OK)
        goto cleanup;
    snprintf(path, sizeof path, "%s/results.json", dir);
    rc = cli_results_write(doc, path, err);
    if (rc != BAR_OK)
        goto cleanup;
    snprintf(path, sizeof path, "%s/index.html", dir);
    rc = bar_file_write_atomic(path, html.data, html.len, err);
cleanup:
    bar_buf_clear(&html);
    return rc;
}

int cli_report(int argc, char **argv)
{
    const char *cmd = "report";
    const char *source = NULL, *out = NULL, *spec_path = NULL;
    long wave = 0, min_group = 0;
    bar_lang lang = BAR_LANG_NL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strcmp(a, "--wave") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            if (!cli_parse_long(v, 2000, 2100, &wave))
                return cli_usage(cmd, "--wave needs a year 2000-2100, not "
                                      "'%s'", v ? v : "");
        } else if (strcmp(a, "--out") == 0) {
            out = i + 1 < argc ? argv[++i] : NULL;
            if (!out || !*out)
                return cli_usage(cmd, "--out needs a folder");
        } else if (strcmp(a, "--lang") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            if (v && strcmp(v, "nl") == 0)
                lang = BAR_LANG_NL;
            else if (v && strcmp(v, "en") == 0)
                lang = BAR_LANG_EN;
            else
                return cli_usage(cmd, "--lang is nl or en, not '%s'",
                                 v ? v : "");
        } else if (strcmp(a, "--spec") == 0) {
            spec_path = i + 1 < argc ? argv[++i] : NULL;
            if (!spec_path || !*spec_path)
                return cli_usage(cmd, "--spec needs a file name");
        } else if (strcmp(a, "--min-group") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            if (!cli_parse_long(v, 1, 1000000, &min_group))
                return cli_usage(cmd, "--min-group needs a whole number "
                                      "1-1000000, not '%s'", v ? v : "");
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage(cmd, "unknown option '%s'", a);
        } else if (!source) {
            source = a;
        } else {
            return cli_usage(cmd, "unexpected argument '%s'", a);
        }
    }
    if (!source)
        return cli_usage(cmd, "report needs STORE or RESPONSES.csv");
    if (!out)
        return cli_usage(cmd, "report needs --out DIR");

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
        rc = cli_report_write(doc, out, lang, &err);
    if (rc == BAR_OK)
        printf("%s/index.html\n", out);
    else
        status = cli_fail(cmd, &err);
    json_decref(doc);
    bar_dataset_free(ds);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    return status;
}

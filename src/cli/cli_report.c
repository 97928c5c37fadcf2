/* cli_report.c - `barometer report STORE|responses.csv --out DIR
 * [--lang nl|en] [--pdf] [--wave YEAR] [--min-group N] [--spec FILE]`:
 * the published report of a wave as a folder that opens from disk, with
 * the results document it was rendered from, a CSV file per table and,
 * with --pdf, a PDF printed by headless Chromium. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/adir.h"
#include "core/afile.h"
#include "core/buf.h"
#include "render/report_html.h"
#include "render/table.h"
#include "results/results.h"

static const char usage_text[] =
    "Usage: barometer report STORE|RESPONSES.csv --out DIR [--lang nl|en]\n"
    "                        [--pdf] [--wave YEAR] [--min-group N]\n"
    "                        [--spec FILE] [--force]\n"
    "\n"
    "Computes the results of a wave and writes the report as a folder that\n"
    "opens from disk (no server, nothing fetched from the network):\n"
    "  DIR/index.html     the report: chapters, charts, captions, tables\n"
    "  DIR/report.css     its stylesheet (screen and A4 print)\n"
    "  DIR/data/*.csv     the numbers of every figure and table, as shown\n"
    "                     (nl: ';' and a decimal comma; en: ',' and '.')\n"
    "  DIR/results.json   the results it shows (docs/results-schema.md)\n"
    "  DIR/report.pdf     with --pdf: printed by headless Chromium\n"
    "The report is written into a new folder beside DIR and swapped in\n"
    "whole: at every moment DIR holds the old report or the new one, never\n"
    "a mix (also when the run is killed). DIR is created when it does not\n"
    "exist; an existing DIR must be empty or a report folder (it holds the\n"
    "file .barometer-report), else it is refused unless --force.\n"
    "\n"
    "Options:\n"
    "  --out DIR        folder for the report (required)\n"
    "  --lang nl|en     language of the report (default nl)\n"
    "  --pdf            also print DIR/report.pdf with headless Chromium\n"
    "                   (`chromium` or `chromium-browser` on PATH)\n"
    "  --wave YEAR      the wave (2000-2100); default: the latest\n"
    "  --min-group N    smallest group shown on its own (default: the\n"
    "                   spec's \"disclosure\", else 5)\n"
    "  --spec FILE      the report specification (default: the data\n"
    "                   folder's report/ibo-2021.json)\n"
    "  --force          replace DIR even when the barometer did not write\n"
    "                   it (everything in it is removed)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Example:\n"
    "  barometer report survey.db --out report-2021 --pdf\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed (also: --pdf without\n"
    "Chromium, DIR not a report folder); 2 bad usage or bad input (also:\n"
    "DIR holds an input).\n";

enum { MAX_HTML = 64 * 1024 * 1024 };

/* Marks a folder `report` wrote, which it may replace whole. */
static const char REPORT_MARKER[] = ".barometer-report";

static bar_status make_dir(const char *dir, bar_error *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return bar_error_set(err, BAR_EIO, "%s: cannot create the folder: %s",
                             dir, strerror(errno));
    return BAR_OK;
}

static bar_status path_join(char *buf, size_t size, const char *dir,
                            const char *name, bar_error *err)
{
    int w = snprintf(buf, size, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= size)
        return bar_error_set(err, BAR_ELIMIT, "%s/%s: path too long", dir,
                             name);
    return BAR_OK;
}

/* DIR/data/<figure>[-<table>].csv for every table of every figure. */
static bar_status write_csvs(const json_t *doc, const char *dir,
                             const bar_instrument *ins, bar_lang lang,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    char data[PATH_MAX], path[PATH_MAX], name[256];
    bar_table **tables = NULL;
    size_t count = 0;
    bar_afile *af = NULL;
    if ((rc = path_join(data, sizeof data, dir, "data", err)) != BAR_OK ||
        (rc = make_dir(data, err)) != BAR_OK)
        goto cleanup;
    size_t i;
    json_t *fig;
    json_array_foreach(json_object_get(doc, BAR_RK_FIGURES), i, fig) {
        const char *id = json_string_value(json_object_get(fig, BAR_RK_ID));
        if ((rc = bar_tables_of_figure(fig, ins, lang, &tables, &count,
                                        err)) !=
            BAR_OK)
            goto cleanup;
        for (size_t t = 0; t < count; t++) {
            if (!bar_report_csv_name(name, sizeof name, id ? id : "", t,
                                     bar_table_id(tables[t]))) {
                rc = bar_error_set(err, BAR_EINVALID, "results: figure '%s': "
                                   "an id unfit for a file name",
                                   id ? id : "?");
                goto cleanup;
            }
            if ((rc = path_join(path, sizeof path, data, name, err)) !=
                BAR_OK)
                goto cleanup;
            /* Whole or not at all, synced (the demo writes into its
             * folder in place; report into a folder swapped in later). */
            if ((rc = bar_afile_open(path, 0, &af, err)) != BAR_OK ||
                (rc = bar_table_write_csv(tables[t], bar_afile_stream(af),
                                          err)) != BAR_OK)
                goto cleanup;
            rc = bar_afile_commit(af, err);
            af = NULL;
            if (rc != BAR_OK)
                goto cleanup;
        }
        for (size_t t = 0; t < count; t++)
            bar_table_free(tables[t]);
        free(tables);
        tables = NULL;
        count = 0;
    }
cleanup:
    bar_afile_abort(af);
    for (size_t t = 0; t < count; t++)
        bar_table_free(tables[t]);
    free(tables);
    return rc;
}

/* Today's date, or that of SOURCE_DATE_EPOCH (reproducible builds). */
static void today(char *buf, size_t size)
{
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long long v = 0;
    if (sde && sscanf(sde, "%lld", &v) == 1 && v >= 0)
        now = (time_t)v;
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(buf, size, "%Y-%m-%d", &tm);
    else
        snprintf(buf, size, "?");
}

/* The first of `chromium`, `chromium-browser` on PATH into buf. */
static bool find_chromium(char *buf, size_t size)
{
    const char *path = getenv("PATH");
    const char *names[] = {"chromium", "chromium-browser"};
    for (size_t n = 0; n < 2 && path; n++) {
        const char *p = path;
        while (*p) {
            const char *end = strchr(p, ':');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            int w = snprintf(buf, size, "%.*s/%s", (int)len, p, names[n]);
            if (len > 0 && w > 0 && (size_t)w < size &&
                access(buf, X_OK) == 0)
                return true;
            p += len;
            if (*p == ':')
                p++;
        }
    }
    return false;
}

/* Print DIR/index.html to DIR/report.pdf with headless Chromium. */
static bar_status print_pdf(const char *dir, bar_error *err)
{
    bar_status rc = BAR_OK;
    char chromium[PATH_MAX], abs[PATH_MAX], url[PATH_MAX + 32],
        pdf_arg[PATH_MAX + 32], profile_arg[PATH_MAX + 32];
    char profile[] = "/tmp/barometer-chromium-XXXXXX";
    bool made_profile = false;
    if (!find_chromium(chromium, sizeof chromium)) {
        rc = bar_error_set(err, BAR_EIO, "--pdf needs headless Chromium, but "
                           "neither 'chromium' nor 'chromium-browser' is on "
                           "PATH; install it (Debian: apt-get install "
                           "chromium) or print index.html from a browser");
        goto cleanup;
    }
    char cwd[PATH_MAX];
    if (dir[0] == '/') {
        snprintf(abs, sizeof abs, "%s", dir);
    } else if (!getcwd(cwd, sizeof cwd) ||
               snprintf(abs, sizeof abs, "%s/%s", cwd, dir) >=
                   (int)sizeof abs) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot make the path "
                           "absolute", dir);
        goto cleanup;
    }
    if (!mkdtemp(profile)) {
        rc = bar_error_set(err, BAR_EIO, "cannot make a temporary folder: %s",
                           strerror(errno));
        goto cleanup;
    }
    made_profile = true;
    snprintf(url, sizeof url, "file://%s/index.html", abs);
    snprintf(pdf_arg, sizeof pdf_arg, "--print-to-pdf=%s/report.pdf", abs);
    snprintf(profile_arg, sizeof profile_arg, "--user-data-dir=%s", profile);
    char *args[] = {chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    profile_arg, pdf_arg, "--no-pdf-header-footer", url,
                    NULL};
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        rc = bar_error_set(err, BAR_EIO, "cannot start %s: %s", chromium,
                           strerror(errno));
        goto cleanup;
    }
    if (pid == 0) {
        FILE *null = freopen("/dev/null", "w", stdout);
        if (null)
            null = freopen("/dev/null", "w", stderr);
        (void)null;
        execv(chromium, args);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    char pdf[PATH_MAX + 16];
    snprintf(pdf, sizeof pdf, "%s/report.pdf", abs);
    FILE *f = fopen(pdf, "rb");
    char head[5] = {0};
    bool ok = f && fread(head, 1, 4, f) == 4 && memcmp(head, "%PDF", 4) == 0;
    if (f)
        fclose(f);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !ok)
        rc = bar_error_set(err, BAR_EIO, "%s did not print %s (exit status "
                           "%d)", chromium, pdf,
                           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
cleanup:
    if (made_profile) {
        /* Chromium fills the profile; remove it with rm -r (our own
         * temporary folder, named by mkdtemp). */
        pid_t rm = fork();
        if (rm == 0) {
            char *rm_args[] = {"rm", "-rf", "--", profile, NULL};
            execvp("rm", rm_args);
            _exit(127);
        }
        if (rm > 0)
            while (waitpid(rm, NULL, 0) < 0 && errno == EINTR)
                ;
    }
    return rc;
}

/* Write the report folder for doc (borrowed) with the instrument ins and
 * the report specification at spec_path (NULL: the default). */
static bar_status write_report(const json_t *doc, const char *dir,
                               bar_lang lang, const bar_instrument *ins,
                               const char *spec_path, bool pdf,
                               bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf html;
    bar_buf_init(&html, MAX_HTML);
    char path[PATH_MAX], default_spec[PATH_MAX], date[32];
    json_t *spec = NULL;
    if (!spec_path) {
        snprintf(default_spec, sizeof default_spec, "%s/report/ibo-2021.json",
                 cli_data_dir());
        spec_path = default_spec;
    }
    json_error_t jerr;
    spec = json_load_file(spec_path, 0, &jerr);
    if (!spec) {
        rc = bar_error_at(err, BAR_EPARSE, spec_path, jerr.line, jerr.column,
                          NULL, "%s", jerr.text);
        goto cleanup;
    }
    today(date, sizeof date);
    bar_report_options opt = {
        .lang = lang,
        .ins = ins,
        .spec = spec,
        .date = date,
        .data_dir = "data",
        .stylesheet = "report.css",
    };
    if ((rc = make_dir(dir, err)) != BAR_OK ||
        (rc = bar_report_html(doc, &opt, &html, err)) != BAR_OK ||
        (rc = write_csvs(doc, dir, ins, lang, err)) != BAR_OK)
        goto cleanup;
    if ((rc = path_join(path, sizeof path, dir, "results.json", err)) !=
            BAR_OK ||
        (rc = cli_results_write(doc, path, err)) != BAR_OK)
        goto cleanup;
    const char *css = bar_report_css();
    if ((rc = path_join(path, sizeof path, dir, "report.css", err)) !=
            BAR_OK ||
        (rc = bar_file_write_atomic(path, css, strlen(css), err)) != BAR_OK)
        goto cleanup;
    if ((rc = path_join(path, sizeof path, dir, "index.html", err)) !=
            BAR_OK ||
        (rc = bar_file_write_atomic(path, html.data, html.len, err)) !=
            BAR_OK)
        goto cleanup;
    if (pdf)
        rc = print_pdf(dir, err);
cleanup:
    json_decref(spec);
    bar_buf_clear(&html);
    return rc;
}

bar_status cli_report_write(const json_t *doc, const char *dir,
                            bar_lang lang, bar_error *err)
{
    bar_instrument *ins = NULL;
    bar_status rc = cli_load_instrument(&ins, err);
    if (rc == BAR_OK)
        rc = write_report(doc, dir, lang, ins, NULL, false, err);
    bar_instrument_free(ins);
    return rc;
}

int cli_report(int argc, char **argv)
{
    const char *cmd = "report";
    const char *out = NULL, *spec_path = NULL, *lang_s = NULL;
    long wave = 0, min_group = 0;
    bool pdf = false, force = false;
    const cli_opt opts[] = {
        {"--out", CLI_STRING, &out, 0, 0, "a folder"},
        {"--lang", CLI_STRING, &lang_s, 0, 0, "nl or en"},
        {"--pdf", CLI_FLAG, &pdf, 0, 0, NULL},
        {"--wave", CLI_LONG, &wave, 2000, 2100, "a year 2000-2100"},
        {"--min-group", CLI_LONG, &min_group, 1, 1000000,
         "a whole number 1-1000000"},
        {"--spec", CLI_STRING, &spec_path, 0, 0, "a file name"},
        {"--force", CLI_FLAG, &force, 0, 0, NULL},
    };
    const char *pos[1];
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    bar_lang lang = BAR_LANG_NL;
    if (lang_s && strcmp(lang_s, "en") == 0)
        lang = BAR_LANG_EN;
    else if (lang_s && strcmp(lang_s, "nl") != 0)
        return cli_usage(cmd, "--lang is nl or en, not '%s'", lang_s);
    if (npos < 1)
        return cli_usage(cmd, "report needs STORE or RESPONSES.csv");
    if (!out || !*out)
        return cli_usage(cmd, "report needs --out DIR");
    if (spec_path && !*spec_path)
        return cli_usage(cmd, "--spec needs a file name");
    int refused = cli_check_output(cmd, out, true, pos[0], spec_path);
    if (refused != CLI_PARSED)
        return refused;

    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_dataset *ds = NULL;
    bar_store *st = NULL;
    bar_adir *ad = NULL;
    json_t *doc = NULL;
    int status = 0, w = 0;
    /* First, so that a folder that is not ours is refused before any
     * work; the report is built in bar_adir_path and swapped in. */
    bar_status rc = bar_adir_open(out, REPORT_MARKER, force, &ad, &err);
    if (rc == BAR_OK)
        rc = cli_load_instrument(&ins, &err);
    if (rc == BAR_OK)
        rc = cli_load_source(pos[0], ins, (int)wave, &ds, &st, &w, &err);
    if (rc == BAR_OK)
        rc = cli_results_compute(ds, st, w, min_group, spec_path, &doc,
                                 &err);
    if (rc == BAR_OK)
        rc = write_report(doc, bar_adir_path(ad), lang, ins, spec_path, pdf,
                          &err);
    if (rc == BAR_OK) {
        rc = bar_adir_commit(ad, &err);
        ad = NULL;
    }
    if (rc == BAR_OK) {
        printf("%s/index.html\n", out);
        if (pdf)
            printf("%s/report.pdf\n", out);
    } else {
        status = cli_fail(cmd, &err);
    }
    bar_adir_abort(ad);
    json_decref(doc);
    bar_dataset_free(ds);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    return status;
}

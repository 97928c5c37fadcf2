/* cli_report.c - `barometer report STORE|responses.csv --out DIR
 * [--lang LANG] [--pdf] [--wave YEAR] [--min-group N] [--spec FILE]
 * [--study FILE] [--force]`:
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
#include "render/report_dir.h"

static const char *const usage_text = N_(
    "Usage: barometer report STORE|RESPONSES.csv --out DIR [--lang LANG]\n"
    "                        [--pdf] [--wave YEAR] [--min-group N]\n"
    "                        [--spec FILE] [--study FILE] [--force]\n"
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
    "  --lang LANG      language of the report: nl (default), en, or any\n"
    "                   language with a catalogue (po/LANG.po; English\n"
    "                   where it has no translation)\n"
    "  --pdf            also print DIR/report.pdf with headless Chromium\n"
    "                   (`chromium` or `chromium-browser` on PATH)\n"
    "  --wave YEAR      the wave (2000-2100); default: the latest in the\n"
    "                   store, or the study's year for a CSV file\n"
    "  --min-group N    smallest group shown on its own (default: the\n"
    "                   spec's \"disclosure\", else 5)\n"
    "  --spec FILE      the report specification (default: the study's)\n"
    "  --study FILE     the study of a CSV file: chapters, countries, main\n"
    "                   comparison country (default: the data folder's\n"
    "                   study/ibo-2021.json; docs/study-format.md); a wave\n"
    "                   of a store has its own (given to `init --study`)\n"
    "  --force          replace DIR even when the barometer did not write\n"
    "                   it (everything in it is removed)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Example:\n"
    "  barometer report survey.db --out report-2021 --pdf\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed (also: --pdf without\n"
    "Chromium, DIR not a report folder); 2 bad usage or bad input (also:\n"
    "DIR holds an input).\n");

/* Marks a folder `report` wrote, which it may replace whole. */
static const char REPORT_MARKER[] = ".barometer-report";

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
    bar_lang lang = cli_lang();
    if (!find_chromium(chromium, sizeof chromium)) {
        rc = bar_error_set(err, BAR_EIO,
                           bar_tr(lang, "--pdf needs headless Chromium, but "
                                        "neither 'chromium' nor "
                                        "'chromium-browser' is on PATH; "
                                        "install it (Debian: apt-get "
                                        "install chromium) or print "
                                        "index.html from a browser"));
        goto cleanup;
    }
    char cwd[PATH_MAX];
    if (dir[0] == '/') {
        snprintf(abs, sizeof abs, "%s", dir);
    } else if (!getcwd(cwd, sizeof cwd) ||
               snprintf(abs, sizeof abs, "%s/%s", cwd, dir) >=
                   (int)sizeof abs) {
        rc = bar_error_set(err, BAR_EIO,
                           bar_tr(lang, "%s: cannot make the path absolute"),
                           dir);
        goto cleanup;
    }
    if (!mkdtemp(profile)) {
        rc = bar_error_set(err, BAR_EIO,
                           bar_tr(lang, "cannot make a temporary folder: %s"),
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
        rc = bar_error_set(err, BAR_EIO, bar_tr(lang, "cannot start %s: %s"),
                           chromium,
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
        rc = bar_error_set(err, BAR_EIO,
                           bar_tr(lang, "%s did not print %s (exit status "
                                        "%d)"),
                           chromium, pdf,
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

/* The most approved quotes a report shows under its text figure. */
enum { CLI_REPORT_QUOTES = 12 };

/* Write the report folder for doc (borrowed), the results of wave w
 * (borrowed: its instrument, study and spec), and with pdf print it. */
static bar_status write_report(const json_t *doc, const bar_wave *w,
                               const char *dir, bar_lang lang, bool pdf,
                               bar_error *err)
{
    char date[32];
    today(date, sizeof date);
    bar_wave_quote *quotes = NULL;
    size_t nquotes = 0;
    bar_status qrc = bar_wave_quotes(w, CLI_REPORT_QUOTES, &quotes,
                                     &nquotes, err);
    if (qrc != BAR_OK)
        return qrc;
    bar_report_dir_options o = {
        .lang = lang,
        .ins = bar_wave_instrument(w),
        .study = bar_wave_study(w),
        .spec = bar_wave_spec(w),
        .date = date,
        .texts_dir = cli_data_dir(),
        .progress = cli_progress(),
        .quotes = quotes,
        .nquotes = nquotes,
    };
    bar_status rc = bar_report_dir_write(doc, &o, dir, err);
    bar_wave_quotes_free(quotes, nquotes);
    cli_progress_end();
    if (rc == BAR_OK && pdf)
        rc = print_pdf(dir, err);
    return rc;
}

bar_status cli_report_write(const json_t *doc, const bar_wave *wave,
                            const char *dir, bar_lang lang, bar_error *err)
{
    return write_report(doc, wave, dir, lang, false, err);
}

int cli_report(int argc, char **argv)
{
    const char *cmd = "report";
    const char *out = NULL, *spec_path = NULL, *lang_s = NULL;
    const char *study = NULL;
    long wave = 0, min_group = 0;
    bool pdf = false, force = false;
    const cli_opt opts[] = {
        {"--out", CLI_STRING, &out, 0, 0, N_("a folder")},
        {"--lang", CLI_STRING, &lang_s, 0, 0, N_("a language code")},
        {"--pdf", CLI_FLAG, &pdf, 0, 0, NULL},
        {"--wave", CLI_LONG, &wave, 2000, 2100, N_("a year 2000-2100")},
        {"--min-group", CLI_LONG, &min_group, 1, 1000000,
         N_("a whole number 1-1000000")},
        {"--spec", CLI_STRING, &spec_path, 0, 0, N_("a file name")},
        {"--study", CLI_STRING, &study, 0, 0, N_("a file name")},
        {"--force", CLI_FLAG, &force, 0, 0, NULL},
    };
    const char *pos[1];
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    bar_lang lang = BAR_LANG_NL;
    if (lang_s && bar_lang_from_code(lang_s, &lang) != BAR_OK)
        return cli_usage(cmd, "--lang: no catalogue for '%s' (see "
                              "po/)", lang_s);
    if (npos < 1)
        return cli_usage(cmd, "report needs STORE or RESPONSES.csv");
    if (!out || !*out)
        return cli_usage(cmd, "report needs --out DIR");
    if (spec_path && !*spec_path)
        return cli_usage(cmd, "--spec needs a file name");
    int refused = cli_check_output(cmd, out, true, pos[0], spec_path,
                                   study);
    if (refused != CLI_PARSED)
        return refused;

    bar_error err;
    bar_error_init(&err);
    bar_wave *w = NULL;
    bar_adir *ad = NULL;
    json_t *doc = NULL;
    int status = 0;
    bar_wave_results_opts ro = {.min_group = min_group};
    /* First, so that a folder that is not ours is refused before any
     * work; the report is built in bar_adir_path and swapped in. */
    bar_status rc = bar_adir_open(out, REPORT_MARKER, force, &ad, &err);
    if (rc == BAR_OK)
        rc = cli_open_wave(pos[0], study, spec_path, (int)wave, &w, &err);
    ro.progress = cli_progress();
    if (rc == BAR_OK)
        rc = bar_wave_results(w, &ro, &doc, &err);
    cli_progress_end();
    if (rc == BAR_OK)
        rc = write_report(doc, w, bar_adir_path(ad), lang, pdf, &err);
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
    bar_wave_free(w);
    bar_error_clear(&err);
    return status;
}

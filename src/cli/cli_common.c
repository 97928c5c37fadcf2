/* cli_common.c - helpers the subcommands share (see cli.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/datadir.h"
#include "core/i18n.h"
#include "dataset/dataset_csv.h"

int cli_fail(const char *cmd, const bar_error *err)
{
    /* The library's located message (err->msg) is English; the words of
     * a bare status are translated (docs/internals/i18n.md). */
    fprintf(stderr, "barometer %s: %s\n", cmd,
            err->msg[0] ? err->msg
                        : bar_tr(cli_lang(), bar_strerror(err->code)));
    if (err->log)
        fputs(err->log, stderr);
    size_t shown = 1 + err->log_lines;
    if (err->count > shown)
        fprintf(stderr, bar_tr(cli_lang(), "(and %zu more errors)\n"),
                err->count - shown);
    return bar_status_exit_code(err->code == BAR_OK ? BAR_EIO : err->code);
}

/* The state of the bar on stderr (one command runs per process). */
static struct {
    bool shown;          /* a bar is on the line */
    const char *what;    /* stage of the last draw */
    struct timespec at;  /* time of the last draw */
} bar;

enum { BAR_WIDTH = 20, BAR_REDRAW_MS = 100 };

static long ms_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - t->tv_sec) * 1000 +
           (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* bar_progress_fn of cli_progress: draw the bar on stderr. */
static void draw(void *ctx, const char *what, size_t done, size_t total)
{
    (void)ctx;
    bool last = total > 0 && done >= total;
    if (bar.shown && bar.what == what && !last &&
        ms_since(&bar.at) < BAR_REDRAW_MS)
        return;
    if (total > 0 && done > total)
        done = total;
    fprintf(stderr, "\r\033[Kbarometer: %s %zu", bar_tr(cli_lang(), what),
            done);
    if (total > 0) {
        size_t fill = (size_t)((double)done / (double)total * BAR_WIDTH);
        char cells[BAR_WIDTH + 1];
        for (size_t i = 0; i < BAR_WIDTH; i++)
            cells[i] = i < fill ? '#' : '.';
        cells[BAR_WIDTH] = '\0';
        fprintf(stderr, "/%zu [%s] %3d%%", total, cells,
                (int)((double)done / (double)total * 100.0));
    }
    fflush(stderr);
    bar.shown = true;
    bar.what = what;
    clock_gettime(CLOCK_MONOTONIC, &bar.at);
}

bar_progress cli_progress(void)
{
    bar_progress p = {.fn = NULL, .ctx = NULL};
    if (isatty(STDERR_FILENO))
        p.fn = draw;
    return p;
}

void cli_progress_end(void)
{
    if (!bar.shown)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    bar.shown = false;
    bar.what = NULL;
}

bar_lang cli_lang(void)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                       "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v)
            continue;
        char code[BAR_LANG_CODE_MAX];
        size_t n = strcspn(v, "_.@:");
        bar_lang lang;
        if (n == 0 || n >= sizeof code)
            return BAR_LANG_EN;
        memcpy(code, v, n);
        code[n] = '\0';
        return bar_lang_from_code(code, &lang) == BAR_OK ? lang : BAR_LANG_EN;
    }
    return BAR_LANG_EN;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    bar_lang lang = cli_lang();
    fprintf(stderr, "barometer %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, bar_tr(lang, fmt), ap);
    va_end(ap);
    fputc('\n', stderr);
    fprintf(stderr, bar_tr(lang, "Try 'barometer %s --help'.\n"), cmd);
    return 2;
}

bool cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* The value of option o at argv[*i]: after '=' or the next argument. */
static const char *opt_value(const char *arg, size_t namelen, int argc,
                             char **argv, int *i)
{
    if (arg[namelen] == '=')
        return arg + namelen + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

int cli_parse(const char *cmd, const char *usage, int argc, char **argv,
              const cli_opt *opts, size_t nopts, const char **pos,
              int maxpos, int *npos)
{
    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(bar_tr(cli_lang(), usage), stdout);
            return 0;
        }
        const cli_opt *o = NULL;
        size_t len = 0;
        for (size_t k = 0; k < nopts && !o; k++) {
            len = strlen(opts[k].name);
            if (strncmp(a, opts[k].name, len) == 0 &&
                (a[len] == '\0' ||
                 (a[len] == '=' && opts[k].kind != CLI_FLAG)))
                o = &opts[k];
        }
        if (!o) {
            if (a[0] == '-' && a[1] != '\0')
                return cli_usage(cmd, "unknown option '%s'", a);
            if (*npos >= maxpos)
                return cli_usage(cmd, "unexpected argument '%s'", a);
            pos[(*npos)++] = a;
            continue;
        }
        if (o->kind == CLI_FLAG) {
            *(bool *)o->target = true;
            continue;
        }
        const char *v = opt_value(a, len, argc, argv, &i);
        if (!v || !*v)
            return cli_usage(cmd, "%s needs %s", o->name,
                             bar_tr(cli_lang(), o->what));
        if (o->kind == CLI_STRING) {
            *(const char **)o->target = v;
        } else if (o->kind == CLI_U64) {
            if (!cli_parse_u64(v, (uint64_t *)o->target))
                return cli_usage(cmd, "%s needs %s, not '%s'", o->name,
                                 bar_tr(cli_lang(), o->what), v);
        } else if (!cli_parse_long(v, o->min, o->max, (long *)o->target)) {
            return cli_usage(cmd, "%s needs %s, not '%s'", o->name,
                             bar_tr(cli_lang(), o->what), v);
        }
    }
    return CLI_PARSED;
}

bool cli_parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9') /* strtoull would accept "-1" */
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > UINT64_MAX)
        return false;
    *out = (uint64_t)v;
    return true;
}

const char *cli_data_dir(void)
{
    const char *env = getenv("BAROMETER_DATA");
    return env && *env ? env : bar_datadir();
}

const char *cli_study_path(const char *path, char *buf, size_t size)
{
    if (path)
        return path;
    snprintf(buf, size, "%s/study/ibo-2021.json", cli_data_dir());
    return buf;
}

bar_status cli_load_study(const char *study, bar_study **out_study,
                          bar_instrument **ins, bar_error *err)
{
    char path[PATH_MAX];
    *ins = NULL;
    bar_status rc = bar_study_load(cli_study_path(study, path, sizeof path),
                                   out_study, err);
    if (rc == BAR_OK)
        rc = bar_wave_load_instrument(*out_study, cli_data_dir(), ins, err);
    if (rc != BAR_OK) {
        bar_study_free(*out_study);
        *out_study = NULL;
    }
    return rc;
}

bar_status cli_store_study(bar_store *st, int year, int *year_out,
                           bar_study **out_study, bar_instrument **ins,
                           bar_error *err)
{
    char path[PATH_MAX];
    bar_status rc = BAR_OK;
    *out_study = NULL;
    *ins = NULL;
    if (year == 0 && (rc = bar_store_wave_latest(st, &year, err)) != BAR_OK)
        return rc;
    *year_out = year;
    rc = bar_wave_store_study(st, year, cli_study_path(NULL, path,
                                                       sizeof path),
                              out_study, err);
    if (rc == BAR_OK)
        rc = bar_wave_load_instrument(*out_study, cli_data_dir(), ins, err);
    if (rc != BAR_OK) {
        bar_study_free(*out_study);
        *out_study = NULL;
    }
    return rc;
}

int cli_check_output(const char *cmd, const char *out, bool folder,
                     const char *source, const char *spec,
                     const char *study)
{
    enum { MAX_INPUTS = 10 };
    static const char *const store_files[] = {"-wal", "-shm", "-journal"};
    static const bar_study_file study_files[] = {
        BAR_STUDY_INSTRUMENT, BAR_STUDY_BENCHMARKS,
        BAR_STUDY_BENCHMARK_LABELS};
    char bufs[MAX_INPUTS][PATH_MAX];
    const char *inputs[MAX_INPUTS];
    size_t n = 0;
    inputs[n] = cli_study_path(study, bufs[n], sizeof bufs[n]);
    n++;
    /* The files the study names; a study that does not load is reported
     * when the command loads it. */
    bar_study *st = NULL;
    if (bar_study_load(inputs[0], &st, NULL) == BAR_OK) {
        for (size_t i = 0; i < 3; i++)
            if (bar_study_path(st, study_files[i], cli_data_dir(), bufs[n],
                               sizeof bufs[n])) {
                inputs[n] = bufs[n];
                n++;
            }
        if (!spec && bar_study_path(st, BAR_STUDY_REPORT, cli_data_dir(),
                                    bufs[n], sizeof bufs[n])) {
            inputs[n] = bufs[n];
            n++;
        }
        bar_study_free(st);
    }
    if (spec)
        inputs[n++] = spec;
    if (source) {
        inputs[n++] = source;
        for (size_t i = 0; i < 3 && !cli_is_csv(source); i++) {
            int w = snprintf(bufs[n], sizeof bufs[n], "%s%s", source,
                             store_files[i]);
            if (w > 0 && (size_t)w < sizeof bufs[n]) {
                inputs[n] = bufs[n];
                n++;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (folder && bar_afile_inside(inputs[i], out))
            return cli_usage(cmd, "%s holds the input %s; refusing to "
                             "replace the folder (choose another --out)",
                             out, inputs[i]);
        if (!folder && bar_afile_same(out, inputs[i]))
            return cli_usage(cmd, "%s is the input %s; refusing to "
                             "overwrite it (choose another output)", out,
                             inputs[i]);
    }
    return CLI_PARSED;
}

bool cli_is_csv(const char *source)
{
    size_t n = strlen(source);
    return n >= 4 && strcmp(source + n - 4, ".csv") == 0;
}

bar_status cli_open_wave(const char *source, const char *study,
                         const char *spec, int year, bar_wave **out,
                         bar_error *err)
{
    char path[PATH_MAX];
    bar_wave_config cfg = {
        .data_dir = cli_data_dir(),
        .study = cli_study_path(study, path, sizeof path),
        .spec = spec,
        .year = year,
        .progress = cli_progress(),
    };
    bar_status rc = cli_is_csv(source)
                        ? bar_wave_open_csv(source, &cfg, out, err)
                        : bar_wave_open_store(source, &cfg, out, err);
    cli_progress_end();
    return rc;
}

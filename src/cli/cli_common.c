/* cli_common.c - helpers the subcommands share (see cli.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/i18n.h"
#include "dataset/csv.h"

int cli_fail(const char *cmd, const bar_error *err)
{
    fprintf(stderr, "barometer %s: %s\n", cmd,
            err->msg[0] ? err->msg : bar_strerror(err->code));
    if (err->log)
        fputs(err->log, stderr);
    size_t shown = 1 + err->log_lines;
    if (err->count > shown)
        fprintf(stderr, bar_tr(cli_lang(), "(and %zu more errors)\n"),
                err->count - shown);
    return bar_status_exit_code(err->code == BAR_OK ? BAR_EIO : err->code);
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
            fputs(usage, stdout);
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
    return env && *env ? env : BAR_DATA_DIR;
}

/* The instrument file cli_load_instrument reads, into buf. */
static const char *instrument_path(char *buf, size_t size)
{
    const char *env = getenv("BAROMETER_INSTRUMENT");
    if (env && *env)
        return env;
    snprintf(buf, size, "%s/instrument/ibo-2021.json", cli_data_dir());
    return buf;
}

bar_status cli_load_instrument(bar_instrument **out, bar_error *err)
{
    char path[PATH_MAX];
    return bar_instrument_load(instrument_path(path, sizeof path), out,
                               err);
}

int cli_check_output(const char *cmd, const char *out, bool folder,
                     const char *source, const char *spec)
{
    enum { MAX_INPUTS = 8 };
    static const char *const store_files[] = {"-wal", "-shm", "-journal"};
    char bufs[MAX_INPUTS][PATH_MAX];
    const char *inputs[MAX_INPUTS];
    size_t n = 0;
    inputs[n++] = instrument_path(bufs[0], sizeof bufs[0]);
    if (spec) {
        inputs[n++] = spec;
    } else {
        snprintf(bufs[1], sizeof bufs[1], "%s/report/ibo-2021.json",
                 cli_data_dir());
        inputs[n++] = bufs[1];
    }
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

bar_status cli_load_source(const char *source, const bar_instrument *ins,
                           int wave, bar_dataset **out, bar_store **st,
                           int *wave_out, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_store *store = NULL;
    *out = NULL;
    if (st)
        *st = NULL;
    if (cli_is_csv(source)) {
        rc = bar_dataset_read_csv(source, ins, out, err);
        if (wave_out)
            *wave_out = wave ? wave : bar_instrument_wave(ins);
        return rc;
    }
    rc = bar_store_open(source, BAR_STORE_EXISTING, &store, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (wave == 0) {
        rc = bar_store_wave_latest(store, &wave, err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    rc = bar_store_responses_load(store, wave, ins, out, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (wave_out)
        *wave_out = wave;
    if (st) {
        *st = store;
        store = NULL;
    }
cleanup:
    bar_store_close(store);
    return rc;
}

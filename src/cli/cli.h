/* cli.h - what the subcommands share.
 *
 * main.c only dispatches: each subcommand lives in cli_<name>.c as
 * `int cli_<name>(int argc, char **argv)`, where argv[0] is the subcommand's
 * name, and returns the process exit status: 0 success, 1 a failed
 * operation, 2 bad usage or bad input (bar_status_exit_code).
 *
 * Every subcommand answers --help (or -h) with its usage on stdout and exit
 * 0; errors go to stderr as "barometer CMD: message".
 */
#ifndef BAR_CLI_H
#define BAR_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/progress.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"
#include "store/store.h"
#include "wave/study.h"
#include "wave/wave.h"

int cli_init(int argc, char **argv);
int cli_frame(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_analyze(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_simulate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_admin(int argc, char **argv);
int cli_wave(int argc, char **argv);
int cli_invite(int argc, char **argv);
int cli_remind(int argc, char **argv);
int cli_store(int argc, char **argv);
int cli_text(int argc, char **argv);

/* Print err to stderr as "barometer CMD: msg", then the further messages of
 * its log and how many were left out; returns the exit status for it. */
int cli_fail(const char *cmd, const bar_error *err);
/* The language of the person at the terminal: the first of LANGUAGE,
 * LC_ALL, LC_MESSAGES and LANG that is set, by its code before '_', '.',
 * '@' or ':' ("nl_NL.UTF-8" is nl) when a catalogue of that code exists,
 * else English. */
bar_lang cli_lang(void);
/* Print "barometer CMD: <message>" and "Try 'barometer CMD --help'." to
 * stderr in cli_lang (fmt is the message id, docs/internals/i18n.md);
 * returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Whether argv[i] is -h or --help. */
bool cli_is_help(const char *arg);

/* One option of a subcommand, for cli_parse. */
typedef enum cli_opt_kind {
    CLI_FLAG,    /* --name: sets *(bool *)target */
    CLI_LONG,    /* --name N or --name=N, N in [min, max]: *(long *)target */
    CLI_STRING,  /* --name S or --name=S, S not empty:
                    *(const char **)target */
    CLI_U64      /* --name N, N in [0, 2^64 - 1]: *(uint64_t *)target */
} cli_opt_kind;

typedef struct cli_opt {
    const char *name;  /* with the dashes: "--wave" */
    cli_opt_kind kind;
    void *target;
    long min, max;     /* CLI_LONG only */
    const char *what;  /* CLI_LONG/STRING: what the value is, for messages
                          (N_("a year 2000-2100"): a message id) */
} cli_opt;

enum { CLI_PARSED = -1 };

/* Parse argv[1..argc) of subcommand cmd: options from opts (nopts of
 * them), other arguments into pos (at most maxpos; their count to *npos).
 * usage is the command's --help text in English, a message id (marked
 * N_), printed in cli_lang. Returns CLI_PARSED to go on, 0 after printing
 * usage to stdout for --help, or 2 after a usage message on stderr (unknown option, missing or
 * bad value, too many arguments). */
int cli_parse(const char *cmd, const char *usage, int argc, char **argv,
              const cli_opt *opts, size_t nopts, const char **pos,
              int maxpos, int *npos);

/* Parse a whole decimal integer in [min, max]; false when it is not one. */
bool cli_parse_long(const char *s, long min, long max, long *out);
/* Parse a whole decimal integer in [0, 2^64 - 1]. */
bool cli_parse_u64(const char *s, uint64_t *out);

/* The folder of data files (instrument, benchmarks, report specs): the
 * BAROMETER_DATA environment variable (an override for development and
 * tests), else bar_datadir() (core/datadir.h): PREFIX/share/barometer
 * beside the installed program, else the source tree's data/. */
const char *cli_data_dir(void);

/* Progress of long work (core/progress.h) for the library to report to:
 * when stderr is a terminal, a one-line bar on stderr ("barometer:
 * figures computed  12/57 [#####...............]  21%"), redrawn at most
 * ten times a second and always at the end of a stage; when it is not
 * (a pipe, a file, the tests), a bar_progress with fn NULL: nothing is
 * printed. cli_progress_end erases the bar, before anything else is
 * printed. */
bar_progress cli_progress(void);
void cli_progress_end(void);

/* The study file to use: path when not NULL, else the default, the data
 * folder's study/ibo-2021.json; into buf (size bytes). */
const char *cli_study_path(const char *path, char *buf, size_t size);

/* Load the study file study (NULL: the default) and its instrument. The
 * caller frees *study and *ins (both NULL on failure). */
bar_status cli_load_study(const char *study, bar_study **out_study,
                          bar_instrument **ins, bar_error *err);

/* The study and instrument of wave `year` (0: the latest; the year to
 * *year_out) of the open store st: the study kept with the wave, else the
 * default study. Caller frees *out_study and *ins. */
bar_status cli_store_study(bar_store *st, int year, int *year_out,
                           bar_study **out_study, bar_instrument **ins,
                           bar_error *err);

/* Refuse an output that would destroy an input, before anything is
 * written: a file out that is (same device and inode, links followed) the
 * study file study (NULL: the default), its instrument, the report
 * specification spec (NULL: the study's), the source (a CSV, or a store
 * with its -wal, -shm and -journal files; NULL: none); with folder, a
 * folder out that holds any of them. Returns CLI_PARSED to go on, or 2
 * after a usage message naming both. */
int cli_check_output(const char *cmd, const char *out, bool folder,
                     const char *source, const char *spec,
                     const char *study);

/* Whether a SOURCE argument names a CSV file (ends in .csv) rather than a
 * store. */
bool cli_is_csv(const char *source);

/* Open the wave named by SOURCE (wave.h): a CSV file with the study file
 * study (NULL: the default), or wave `year` (0: the latest) of a store,
 * with its own study (the default one for a wave that keeps none). spec:
 * a report specification that replaces the study's (NULL: none). Caller
 * frees *out. */
bar_status cli_open_wave(const char *source, const char *study,
                         const char *spec, int year, bar_wave **out,
                         bar_error *err);

/* Write doc as indented JSON to path atomically, or to stdout when path is
 * NULL (cli_analyze.c). */
bar_status cli_results_write(const struct json_t *doc, const char *path,
                             bar_error *err);
/* Write DIR/results.json, DIR/index.html (in lang) and the CSV files for
 * doc, the results of wave, creating DIR when it does not exist
 * (cli_report.c). */
bar_status cli_report_write(const struct json_t *doc, const bar_wave *wave,
                            const char *dir, bar_lang lang, bar_error *err);

#endif

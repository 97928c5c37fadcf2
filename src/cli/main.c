/* main.c - the barometer command: dispatch to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/datadir.h"
#include "core/i18n.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"demo", cli_demo, N_("simulate a wave, store it and write the report")},
    {"init", cli_init, N_("create a store (SQLite file) and a wave of a study")},
    {"frame", cli_frame, N_("import the sampling frame of a wave")},
    {"import", cli_import, N_("import responses from a CSV file")},
    {"export", cli_export,
     N_("export a wave to CSV, Excel (.xlsx) or SPSS (.sav)")},
    {"analyze", cli_analyze, N_("compute the results of a wave as JSON")},
    {"report", cli_report, N_("write the HTML report of a wave")},
    {"simulate", cli_simulate, N_("write a synthetic wave as CSV")},
    {"serve", cli_serve, N_("serve the questionnaire of a wave over HTTP")},
    {"admin", cli_admin,
     N_("manage the research team's accounts for the fieldwork pages")},
    {"wave", cli_wave,
     N_("show a wave, its send log, or change its opening and closing "
        "dates")},
    {"invite", cli_invite,
     N_("send the personal links of a wave (SMTP or mail merge)")},
    {"remind", cli_remind, N_("remind those who have not completed")},
    {"store", cli_store,
     N_("copy a whole store between SQLite and PostgreSQL")},
    {"text", cli_text,
     N_("find the themes of the open answers in a column of a CSV file")},
};

/* The overview, in the language of the person (cli_lang). */
static void usage(FILE *f)
{
    bar_lang lang = cli_lang();
    fputs(bar_tr(lang, "Usage: barometer COMMAND [ARGS]\n\n"
                       "Runs a public-sector innovation barometer: "
                       "questionnaire, fieldwork,\nanalysis and report.\n"
                       "\nCommands:\n"),
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name,
                bar_tr(lang, commands[i].summary));
    fputs(bar_tr(lang, "\n'barometer COMMAND --help' describes one "
                       "command.\nExit status: 0 success, 1 a failed "
                       "operation, 2 bad usage or bad input.\n"),
          f);
}

int main(int argc, char **argv)
{
    /* SIGINT/SIGTERM remove the temporary files of a write under way. */
    bar_afile_trap_signals();
    /* The catalogues of every language (core/i18n.h), read once here. */
    bar_error err;
    bar_error_init(&err);
    if (bar_i18n_load(bar_localedir(), &err) != BAR_OK)
        fprintf(stderr, "barometer: warning: no translations (%s); texts "
                        "are in English\n", err.msg);
    bar_error_clear(&err);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("barometer %s\ndata: %s\n", BAR_VERSION, cli_data_dir());
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].run(argc - 1, argv + 1);
            bar_i18n_unload();
            return rc;
        }
    fprintf(stderr, bar_tr(cli_lang(), "barometer: unknown command '%s'\n"),
            argv[1]);
    fputs(bar_tr(cli_lang(), "Try 'barometer --help'.\n"), stderr);
    return 2;
}

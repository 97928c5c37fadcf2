/* cli_init.c - `barometer init STORE [--study FILE] [--wave YEAR]
 * [--simulated] [--opens DATE] [--closes DATE]`: create a store and add a
 * wave of a study to it. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"

static const char *const usage_text = N_(
    "Usage: barometer init STORE [--study FILE] [--wave YEAR] [--simulated]\n"
    "                            [--opens DATE] [--closes DATE]\n"
    "\n"
    "Creates the store STORE (a SQLite file; created when missing) and adds\n"
    "a wave of a study to it. The study file names the wave's instrument,\n"
    "report specification, benchmarks, chapters and countries\n"
    "(docs/study-format.md); it is kept with the wave in the store, so that\n"
    "frame, import, analyze, report and export of the wave use it.\n"
    "STORE may also be postgresql://user@host/db, an existing PostgreSQL\n"
    "database (a password goes in ~/.pgpass, never in the URI).\n"
    "\n"
    "Options:\n"
    "  --study FILE the study (default: the data folder's\n"
    "               study/ibo-2021.json)\n"
    "  --wave YEAR  the wave to add (2000-2100); default: the study's year\n"
    "  --simulated  the wave's data are simulated: stored with the wave,\n"
    "               so every analysis, report and export of it says so\n"
    "               (importing `barometer simulate` output marks a wave\n"
    "               too; the mark is never removed)\n"
    "  --opens DATE when the wave opens for answers: YYYY-MM-DD (from the\n"
    "               start of that day) or YYYY-MM-DDTHH:MM:SSZ (UTC);\n"
    "               default: no limit\n"
    "  --closes DATE  when it closes: YYYY-MM-DD (to the end of that day)\n"
    "               or a moment as for --opens; default: no limit\n"
    "               ('barometer wave' changes both)\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer init survey.db\n"
    "  barometer init survey.db --wave 2023\n"
    "  barometer init survey.db --study ibo-2023.json\n"
    "  barometer init test.db --simulated\n"
    "  barometer init survey.db --opens 2021-03-01 --closes 2021-04-15\n"
    "\n"
    "Exit status: 0 the wave was added; 1 the operation failed (the wave\n"
    "already exists, the database failed); 2 bad usage or bad input.\n");

int cli_init(int argc, char **argv)
{
    const char *cmd = "init";
    long wave = 0;
    bool simulated = false;
    const char *study_path = NULL, *opens = NULL, *closes = NULL;
    const cli_opt opts[] = {
        {.name = "--opens", .kind = CLI_STRING, .target = &opens,
         .what = N_("a date")},
        {.name = "--closes", .kind = CLI_STRING, .target = &closes,
         .what = N_("a date")},
        {.name = "--study", .kind = CLI_STRING, .target = &study_path,
         .what = N_("a file name")},
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = N_("a year 2000-2100")},
        {.name = "--simulated", .kind = CLI_FLAG, .target = &simulated},
    };
    const char *pos[1] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    const char *uri = pos[0];
    if (!uri)
        return cli_usage(cmd, "no STORE given");

    bar_error err;
    bar_error_init(&err);
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    bar_store *st = NULL;
    int status = 0;
    /* the dates are checked before anything is written */
    bar_status rc = bar_store_dates_check(opens, closes, &err);
    if (rc == BAR_OK)
        rc = cli_load_study(study_path, &study, &ins, &err);
    if (rc == BAR_OK)
        rc = bar_store_open(uri, BAR_STORE_CREATE, &st, &err);
    if (rc == BAR_OK) {
        if (wave == 0)
            wave = bar_study_year(study);
        rc = bar_store_wave_add_study(st, (int)wave, ins,
                                      bar_study_source(study), simulated,
                                      &err);
    }
    if (rc == BAR_OK && (opens || closes))
        rc = bar_store_wave_set_dates(st, (int)wave, opens, closes, &err);
    if (rc == BAR_OK)
        printf(bar_tr(cli_lang(),
                      "added wave %ld (study %s, instrument %s%s) to %s\n"),
               wave, bar_study_id(study), bar_instrument_id(ins),
               simulated ? bar_tr(cli_lang(), ", simulated data") : "", uri);
    else
        status = cli_fail(cmd, &err);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_error_clear(&err);
    return status;
}

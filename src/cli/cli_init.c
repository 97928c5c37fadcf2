/* cli_init.c - `barometer init STORE [--wave YEAR] [--simulated]`: create
 * a store and add a wave to it. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage_text[] =
    "Usage: barometer init STORE [--wave YEAR] [--simulated]\n"
    "\n"
    "Creates the store STORE (a SQLite file; created when missing) and adds\n"
    "a wave to it for the instrument (data/instrument/ibo-2021.json, or the\n"
    "file named by BAROMETER_INSTRUMENT). PostgreSQL URIs are refused in\n"
    "this version.\n"
    "\n"
    "Options:\n"
    "  --wave YEAR  the wave to add (2000-2100); default: the instrument's\n"
    "               wave (2021)\n"
    "  --simulated  the wave's data are simulated: stored with the wave,\n"
    "               so every analysis, report and export of it says so\n"
    "               (importing `barometer simulate` output marks a wave\n"
    "               too; the mark is never removed)\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer init survey.db\n"
    "  barometer init survey.db --wave 2023\n"
    "  barometer init test.db --simulated\n"
    "\n"
    "Exit status: 0 the wave was added; 1 the operation failed (the wave\n"
    "already exists, the database failed); 2 bad usage or bad input.\n";

int cli_init(int argc, char **argv)
{
    const char *cmd = "init";
    long wave = 0;
    bool simulated = false;
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = "a year 2000-2100"},
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
    bar_instrument *ins = NULL;
    bar_store *st = NULL;
    int status = 0;
    bar_status rc = cli_load_instrument(&ins, &err);
    if (rc == BAR_OK)
        rc = bar_store_open(uri, BAR_STORE_CREATE, &st, &err);
    if (rc == BAR_OK) {
        if (wave == 0)
            wave = bar_instrument_wave(ins);
        rc = simulated ? bar_store_wave_add_simulated(st, (int)wave, ins,
                                                      &err)
                       : bar_store_wave_add(st, (int)wave, ins, &err);
    }
    if (rc == BAR_OK)
        printf("added wave %ld (instrument %s%s) to %s\n", wave,
               bar_instrument_id(ins), simulated ? ", simulated data" : "",
               uri);
    else
        status = cli_fail(cmd, &err);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    return status;
}

/* cli_frame.c - `barometer frame import STORE frame.csv [--wave YEAR]`:
 * import the sampling frame of a wave. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char *const usage_text = N_(
    "Usage: barometer frame import STORE FRAME.csv [--wave YEAR]\n"
    "\n"
    "Imports the sampling frame of a wave: the organisations invited. The\n"
    "CSV has the columns org_id,name,sector,cluster,email (UTF-8, ',' or ';'\n"
    "separated, RFC 4180 quoting). Every field is required; sector and\n"
    "cluster must be codes of the instrument of the wave's study; org_id\n"
    "must be unique; email must contain one '@'. Every fault is reported\n"
    "as FILE:LINE: field N 'column': ... A header without rows is refused.\n"
    "All or nothing: on any error the store is unchanged. A wave has one\n"
    "frame: importing a second one is refused.\n"
    "\n"
    "Options:\n"
    "  --wave YEAR  the wave (2000-2100); default: the latest in the store\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer frame import survey.db frame.csv\n"
    "  barometer frame import survey.db frame-2023.csv --wave 2023\n"
    "\n"
    "Exit status: 0 the frame was imported; 1 the operation failed (the\n"
    "wave already has a frame, the database failed); 2 bad usage or bad\n"
    "input (a fault in the CSV, no such store or wave).\n");

int cli_frame(int argc, char **argv)
{
    const char *cmd = "frame";
    long wave = 0;
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = N_("a year 2000-2100")},
    };
    const char *pos[3] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts, 1, pos, 3,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (npos == 0)
        return cli_usage(cmd, "no action given (the action is 'import')");
    if (strcmp(pos[0], "import") != 0)
        return cli_usage(cmd, "unknown action '%s' (the action is 'import')",
                         pos[0]);
    if (npos < 3)
        return cli_usage(cmd, "frame import needs STORE and FRAME.csv");

    bar_error err;
    bar_error_init(&err);
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    bar_store *st = NULL;
    int status = 0;
    size_t count = 0;
    int w = (int)wave;
    bar_status rc = bar_store_open(pos[1], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK)
        rc = cli_store_study(st, w, &w, &study, &ins, &err);
    if (rc == BAR_OK)
        rc = bar_store_frame_import(st, w, ins, pos[2], &count, &err);
    if (rc == BAR_OK)
        printf(bar_tr(cli_lang(), "imported %zu organisations into wave %d\n"),
               count, w);
    else
        status = cli_fail(cmd, &err);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_error_clear(&err);
    return status;
}

/* cli_frame.c - `barometer frame import STORE frame.csv [--wave YEAR]`:
 * import the sampling frame of a wave. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage_text[] =
    "Usage: barometer frame import STORE FRAME.csv [--wave YEAR]\n"
    "\n"
    "Imports the sampling frame of a wave: the organisations invited. The\n"
    "CSV has the columns org_id,name,sector,cluster,email (UTF-8, ',' or ';'\n"
    "separated, RFC 4180 quoting). Every field is required; sector and\n"
    "cluster must be codes of the instrument; org_id must be unique; email\n"
    "must contain one '@'. Every fault is reported with file:line:column.\n"
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
    "input (a fault in the CSV, no such store or wave).\n";

int cli_frame(int argc, char **argv)
{
    const char *cmd = "frame";
    const char *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    long wave = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strcmp(a, "--wave") == 0 || strncmp(a, "--wave=", 7) == 0) {
            const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i]
                                                                : NULL);
            if (!cli_parse_long(v, 2000, 2100, &wave))
                return cli_usage(cmd, "--wave needs a year 2000-2100, not "
                                      "'%s'", v ? v : "");
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage(cmd, "unknown option '%s'", a);
        } else if (npos < 3) {
            pos[npos++] = a;
        } else {
            return cli_usage(cmd, "unexpected argument '%s'", a);
        }
    }
    if (npos == 0)
        return cli_usage(cmd, "no action given (the action is 'import')");
    if (strcmp(pos[0], "import") != 0)
        return cli_usage(cmd, "unknown action '%s' (the action is 'import')",
                         pos[0]);
    if (npos < 3)
        return cli_usage(cmd, "frame import needs STORE and FRAME.csv");

    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_store *st = NULL;
    int status = 0;
    size_t count = 0;
    int w = (int)wave;
    bar_status rc = cli_load_instrument(&ins, &err);
    if (rc == BAR_OK)
        rc = bar_store_open(pos[1], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK && w == 0)
        rc = bar_store_wave_latest(st, &w, &err);
    if (rc == BAR_OK)
        rc = bar_store_frame_import(st, w, ins, pos[2], &count, &err);
    if (rc == BAR_OK)
        printf("imported %zu organisations into wave %d\n", count, w);
    else
        status = cli_fail(cmd, &err);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    return status;
}

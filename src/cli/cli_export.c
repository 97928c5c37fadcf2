/* cli_export.c - `barometer export STORE out.csv [--wave YEAR]`: write a
 * wave's responses as CSV, atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "dataset/csv.h"

static const char usage_text[] =
    "Usage: barometer export STORE OUT.csv [--wave YEAR]\n"
    "\n"
    "Writes the responses of a wave as CSV: a header of variable names\n"
    "(frame and asked variables), one row per organisation ordered by\n"
    "org_id, codes as numbers (sector and cluster as their string codes),\n"
    "missing as empty; open answers that a spreadsheet would run as a\n"
    "formula get a leading apostrophe. The file is written to a temporary\n"
    "file and renamed into place, so a failure leaves nothing half-written.\n"
    "This version writes CSV only: .xlsx and .sav are refused.\n"
    "\n"
    "Options:\n"
    "  --wave YEAR  the wave (2000-2100); default: the latest in the store\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer export survey.db responses.csv\n"
    "  barometer export survey.db wave-2021.csv --wave 2021\n"
    "\n"
    "Exit status: 0 the file was written; 1 the operation failed (cannot\n"
    "write, the database failed); 2 bad usage or bad input (an output\n"
    "format other than CSV, no such store or wave).\n";

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Write ds to path whole or not at all (core/afile.h). */
static bar_status write_atomic(const bar_dataset *ds, const char *path,
                               bar_error *err)
{
    bar_afile *af = NULL;
    bar_status rc = bar_afile_open(path, &af, err);
    if (rc != BAR_OK)
        return rc;
    rc = bar_dataset_write_csv(ds, bar_afile_stream(af), false, err);
    if (rc != BAR_OK) {
        bar_afile_abort(af);
        return rc;
    }
    return bar_afile_commit(af, err);
}

int cli_export(int argc, char **argv)
{
    const char *cmd = "export";
    long wave = 0;
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = "a year 2000-2100"},
    };
    const char *pos[2] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts, 1, pos, 2,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (npos < 2)
        return cli_usage(cmd, "export needs STORE and OUT.csv");
    const char *out = pos[1];
    if (ends_with(out, ".xlsx") || ends_with(out, ".sav"))
        return cli_usage(cmd, "%s: this version writes CSV only (.xlsx and "
                              ".sav come in a later version)", out);
    if (!ends_with(out, ".csv"))
        return cli_usage(cmd, "%s: unknown output format (the name must end "
                              "in .csv)", out);

    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_store *st = NULL;
    bar_dataset *ds = NULL;
    int status = 0;
    int w = (int)wave;
    bar_status rc = cli_load_instrument(&ins, &err);
    if (rc == BAR_OK)
        rc = bar_store_open(pos[0], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK && w == 0)
        rc = bar_store_wave_latest(st, &w, &err);
    if (rc == BAR_OK)
        rc = bar_store_responses_load(st, w, ins, &ds, &err);
    if (rc == BAR_OK)
        rc = write_atomic(ds, out, &err);
    if (rc == BAR_OK)
        printf("exported %zu responses of wave %d to %s\n",
               bar_dataset_nrows(ds), w, out);
    else
        status = cli_fail(cmd, &err);
    bar_dataset_free(ds);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    return status;
}

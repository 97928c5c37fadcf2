/* cli_import.c - `barometer import STORE responses.csv [--wave YEAR]
 * [--replace]`: validate a responses CSV and store it in a wave. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "dataset/dataset_csv.h"

static const char *const usage_text = N_(
    "Usage: barometer import STORE RESPONSES.csv [--wave YEAR] [--replace]\n"
    "\n"
    "Reads a responses CSV (a header of variable names, one row per\n"
    "organisation; UTF-8, ',' or ';' separated), checks every cell against\n"
    "the instrument of the wave's study (codes, routing, unique org_id),\n"
    "and stores the rows in the wave. A 'wave' column, when present, must\n"
    "agree with the wave. When the wave has a frame, every org_id must be\n"
    "in it with the same sector and cluster. All or nothing: on any error\n"
    "the store is unchanged, and every fault found is reported as\n"
    "FILE:LINE: field N 'column': ... (LINE where the row starts). A header\n"
    "without rows is refused. Responses made by 'barometer simulate'\n"
    "(org_ids 'sim-...') mark the wave simulated, for good: every analysis,\n"
    "report and export of it then says so.\n"
    "\n"
    "Options:\n"
    "  --wave YEAR  the wave (2000-2100); default: the latest in the store\n"
    "  --replace    overwrite the responses of organisations that already\n"
    "               have one (without it, that is an error)\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer import survey.db responses.csv\n"
    "  barometer import survey.db corrected.csv --wave 2021 --replace\n"
    "\n"
    "Exit status: 0 the responses were stored; 1 the operation failed (an\n"
    "organisation already has a response, the database failed); 2 bad\n"
    "usage or bad input (a fault in the CSV, no such store or wave).\n");

/* The first case whose wave cell disagrees with wave, as an error located
 * at its cell. */
static bar_status check_wave(const bar_dataset *ds, int wave, bar_error *err)
{
    long col = bar_dataset_col(ds, "wave");
    if (col < 0)
        return BAR_OK;
    long org = bar_dataset_col(ds, "org_id");
    for (size_t r = 0; r < bar_dataset_nrows(ds); r++) {
        double w = bar_dataset_get(ds, r, (size_t)col);
        if (isnan(w) || w == (double)wave)
            continue;
        const char *id = org >= 0 ? bar_dataset_get_str(ds, r, (size_t)org)
                                  : NULL;
        return bar_dataset_cell_error(ds, r, (size_t)col, BAR_EINVALID, err,
                                      "org_id '%s' is of wave %.0f, but the "
                                      "import is into wave %d (see --wave)",
                                      id ? id : "", w, wave);
    }
    return BAR_OK;
}

int cli_import(int argc, char **argv)
{
    const char *cmd = "import";
    long wave = 0;
    bool replace = false;
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = N_("a year 2000-2100")},
        {.name = "--replace", .kind = CLI_FLAG, .target = &replace},
    };
    const char *pos[2] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts, 2, pos, 2,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (npos < 2)
        return cli_usage(cmd, "import needs STORE and RESPONSES.csv");

    bar_error err;
    bar_error_init(&err);
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    bar_store *st = NULL;
    bar_dataset *ds = NULL;
    int status = 0;
    int w = (int)wave;
    bar_status rc = bar_store_open(pos[0], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK)
        rc = cli_store_study(st, w, &w, &study, &ins, &err);
    if (rc == BAR_OK) {
        bar_progress progress = cli_progress();
        rc = bar_dataset_read_csv_progress(pos[1], ins, &progress, &ds, &err);
        cli_progress_end();
    }
    if (rc == BAR_OK)
        rc = check_wave(ds, w, &err);
    if (rc == BAR_OK) {
        bar_progress progress = cli_progress();
        bar_store_set_progress(st, &progress);
        rc = bar_store_responses_import(st, w, ds, replace, &err);
        cli_progress_end();
    }
    if (rc == BAR_OK)
        printf(bar_tr(cli_lang(), "imported %zu responses into wave %d%s\n"),
               bar_dataset_nrows(ds), w,
               bar_dataset_simulated(ds)
                   ? bar_tr(cli_lang(), " (simulated data: the wave is "
                                        "marked simulated)")
                   : "");
    else
        status = cli_fail(cmd, &err);
    bar_dataset_free(ds);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_error_clear(&err);
    return status;
}

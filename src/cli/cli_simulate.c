/* cli_simulate.c - `barometer simulate`: a synthetic wave as CSV. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "simulate/simulate.h"

static const char *const usage_text = N_(
    "Usage: barometer simulate [--cases N] [--seed S] [--frame FILE]\n"
    "                          [--study FILE]\n"
    "\n"
    "Writes the responses of a synthetic wave as CSV on stdout: one row per\n"
    "responding organisation, with the columns of the study's instrument\n"
    "(data/instrument/ibo-2021.json) except the derived variables, in the\n"
    "wave of the study's year. The model\n"
    "is described in docs/simulator.md. The organisations are numbered\n"
    "sim-00001, ...: that prefix marks the data as simulated, so a wave\n"
    "they are imported into (barometer simulate | barometer import STORE\n"
    "/dev/stdin) and every analysis or report of the CSV says so.\n"
    "\n"
    "Options:\n"
    "  --cases N     responding organisations, 1-10000000 (default 366)\n"
    "  --seed S      random seed, 0-18446744073709551615 (default 2021);\n"
    "                the same seed and cases give the same bytes\n"
    "  --frame FILE  also write the matching sampling frame (org_id,name,\n"
    "                sector,cluster,email; cases * 1374 / 366\n"
    "                organisations) to FILE, whole or not at all\n"
    "  --study FILE  the study (default: the data folder's\n"
    "                study/ibo-2021.json; docs/study-format.md)\n"
    "  -h, --help    show this help\n"
    "\n"
    "For 366 cases the counts per sector and cluster are those of Tables 1\n"
    "and 2 of the 2021 report; other counts are scaled proportionally.\n"
    "Exit status: 0 success, 1 a failed operation, 2 bad usage.\n");

_Static_assert(BAR_DATASET_MAX_ROWS == 10000000,
               "update the --cases range in usage_text");

int cli_simulate(int argc, char **argv)
{
    const char *cmd = "simulate";
    bar_sim_opts opts = {.cases = 366, .seed = 2021};
    const char *frame_path = NULL, *study_path = NULL;
    long cases = 366;
    const cli_opt options[] = {
        {.name = "--cases", .kind = CLI_LONG, .target = &cases, .min = 1,
         .max = BAR_DATASET_MAX_ROWS,
         .what = N_("a whole number from 1 to 10000000")},
        {.name = "--seed", .kind = CLI_U64, .target = &opts.seed,
         .what = N_("a whole number from 0 to 18446744073709551615")},
        {.name = "--frame", .kind = CLI_STRING, .target = &frame_path,
         .what = N_("a file name")},
        {.name = "--study", .kind = CLI_STRING, .target = &study_path,
         .what = N_("a file name")},
    };
    const char *pos[1];
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, options, 4, pos, 0,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    opts.cases = (size_t)cases;
    if (frame_path) {
        int refused = cli_check_output(cmd, frame_path, false, NULL, NULL,
                                       study_path);
        if (refused != CLI_PARSED)
            return refused;
    }

    int status = 0;
    bar_error err;
    bar_error_init(&err);
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    bar_afile *ff = NULL;
    bar_status rc = cli_load_study(study_path, &study, &ins, &err);
    if (rc != BAR_OK)
        goto cleanup;
    opts.wave = bar_study_year(study);
    if (frame_path) {
        rc = bar_afile_open(frame_path, BAR_AFILE_PRIVATE, &ff, &err);
        if (rc != BAR_OK)
            goto cleanup;
        rc = bar_simulate_frame(ins, &opts, bar_afile_stream(ff), &err);
        if (rc != BAR_OK)
            goto cleanup;
        rc = bar_afile_commit(ff, &err);
        ff = NULL;
        if (rc != BAR_OK)
            goto cleanup;
    }
    rc = bar_simulate_write_csv(ins, &opts, stdout, &err);
cleanup:
    bar_afile_abort(ff);
    if (rc != BAR_OK)
        status = cli_fail(cmd, &err);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_error_clear(&err);
    return status;
}

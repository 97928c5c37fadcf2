/* cli_simulate.c - `barometer simulate`: a synthetic wave as CSV. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "simulate/simulate.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: barometer simulate [--cases N] [--seed S] "
            "[--frame FILE]\n\n"
            "Writes the responses of a synthetic wave as CSV on stdout: one "
            "row per\nresponding organisation, with the columns of the "
            "instrument\n(data/instrument/ibo-2021.json) except the derived "
            "variables. The model is\ndescribed in docs/simulator.md.\n\n"
            "Options:\n"
            "  --cases N     responding organisations, 1-%d "
            "(default 366)\n"
            "  --seed S      random seed, 0-18446744073709551615 "
            "(default 2021);\n"
            "                the same seed and cases give the same bytes\n"
            "  --frame FILE  also write the matching sampling frame "
            "(org_id,name,\n"
            "                sector,cluster,email; cases * 1374 / 366 "
            "organisations) to FILE\n"
            "  -h, --help    show this help\n\n"
            "For 366 cases the counts per sector and cluster are those of "
            "Tables 1 and 2\nof the 2021 report; other counts are scaled "
            "proportionally.\n"
            "Exit status: 0 success, 1 a failed operation, 2 bad usage.\n",
            (int)BAR_DATASET_MAX_ROWS);
}

static bool parse_seed(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *out = (uint64_t)v;
    return true;
}

int cli_simulate(int argc, char **argv)
{
    const char *cmd = "simulate";
    bar_sim_opts opts = {.cases = 366, .seed = 2021};
    const char *frame_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--cases") == 0 || strcmp(a, "--seed") == 0 ||
            strcmp(a, "--frame") == 0) {
            if (i + 1 >= argc)
                return cli_usage(cmd, "%s needs a value", a);
            const char *val = argv[++i];
            if (strcmp(a, "--cases") == 0) {
                long n;
                if (!cli_parse_long(val, 1, BAR_DATASET_MAX_ROWS, &n))
                    return cli_usage(cmd,
                                     "--cases wants a whole number from 1 "
                                     "to %d, not '%s'",
                                     (int)BAR_DATASET_MAX_ROWS, val);
                opts.cases = (size_t)n;
            } else if (strcmp(a, "--seed") == 0) {
                if (!parse_seed(val, &opts.seed))
                    return cli_usage(cmd,
                                     "--seed wants a whole number from 0 to "
                                     "18446744073709551615, not '%s'",
                                     val);
            } else {
                frame_path = val;
            }
            continue;
        }
        return cli_usage(cmd, "unknown argument '%s'", a);
    }

    int status = 0;
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    FILE *ff = NULL;
    bar_status rc = cli_load_instrument(&ins, &err);
    if (rc != BAR_OK)
        goto cleanup;
    if (frame_path) {
        ff = fopen(frame_path, "w");
        if (!ff) {
            rc = bar_error_set(&err, BAR_EIO, "%s: %s", frame_path,
                               strerror(errno));
            goto cleanup;
        }
        rc = bar_simulate_frame(ins, &opts, ff, &err);
        if (rc != BAR_OK)
            goto cleanup;
        int closed = fclose(ff);
        ff = NULL;
        if (closed != 0) {
            rc = bar_error_set(&err, BAR_EIO, "%s: %s", frame_path,
                               strerror(errno));
            goto cleanup;
        }
    }
    rc = bar_simulate_write_csv(ins, &opts, stdout, &err);
cleanup:
    if (ff)
        fclose(ff);
    if (rc != BAR_OK)
        status = cli_fail(cmd, &err);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    return status;
}

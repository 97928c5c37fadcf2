/* cli_demo.c - `barometer demo [--out DIR] [--cases N] [--seed S]`:
 * simulate a wave, keep it in a store, analyse it and write the report,
 * all in this process with library calls. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/buf.h"
#include "dataset/dataset_csv.h"
#include "simulate/simulate.h"

static const char *const usage_text = N_(
    "Usage: barometer demo [--out DIR] [--cases N] [--seed S]\n"
    "\n"
    "Runs a whole synthetic wave of the default study (the data folder's\n"
    "study/ibo-2021.json): simulates a sampling frame and the responses\n"
    "(DIR/frame.csv, DIR/responses.csv), creates the store\n"
    "DIR/barometer.sqlite with the wave (and its study), its frame and its\n"
    "responses, loads the wave back, derives, analyses and writes\n"
    "DIR/results.json and the report DIR/index.html. The data are\n"
    "simulated: no real organisation is in them.\n"
    "\n"
    "DIR is created when missing. A folder made by an earlier demo (it\n"
    "holds the file .barometer-demo) is reused; any other non-empty\n"
    "folder is refused, so that nothing of yours is overwritten.\n"
    "\n"
    "Options:\n"
    "  --out DIR     output folder (default barometer-demo)\n"
    "  --cases N     responding organisations (default 366)\n"
    "  --seed S      random seed (default 2021); the same seed gives the\n"
    "                same files\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed (or DIR is not a\n"
    "demo folder); 2 bad usage.\n");

static const char marker[] = ".barometer-demo";

/* Files an earlier demo may have left; removed before a new run. */
static const char *const demo_files[] = {
    "barometer.sqlite", "barometer.sqlite-journal", "barometer.sqlite-wal",
    "barometer.sqlite-shm", "frame.csv", "responses.csv", "results.json",
    "index.html",
};

static void join(char *path, size_t size, const char *dir, const char *file)
{
    snprintf(path, size, "%s/%s", dir, file);
}

/* Make dir ready: create it, or check it is empty or an earlier demo's
 * (then clear that demo's files), and leave the marker in it. */
static bar_status prepare_dir(const char *dir, bar_error *err)
{
    char path[PATH_MAX];
    bar_lang lang = cli_lang();
    if (mkdir(dir, 0777) != 0) {
        if (errno != EEXIST)
            return bar_error_set(err, BAR_EIO,
                                 bar_tr(lang, "%s: cannot create the "
                                              "folder: %s"),
                                 dir, strerror(errno));
        DIR *d = opendir(dir);
        if (!d)
            return bar_error_set(err, BAR_EIO,
                                 bar_tr(lang, "%s: cannot open the "
                                              "folder: %s"),
                                 dir, strerror(errno));
        bool empty = true;
        for (struct dirent *e; (e = readdir(d));)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                empty = false;
        closedir(d);
        join(path, sizeof path, dir, marker);
        if (!empty && access(path, F_OK) != 0)
            return bar_error_set(err, BAR_ECONFLICT,
                                 bar_tr(lang, "%s is not empty and was not "
                                        "made by 'barometer demo'; "
                                        "refusing to overwrite it (choose "
                                        "another --out, or empty it)"),
                                 dir);
        for (size_t i = 0; i < sizeof demo_files / sizeof demo_files[0];
             i++) {
            join(path, sizeof path, dir, demo_files[i]);
            if (unlink(path) != 0 && errno != ENOENT)
                return bar_error_set(err, BAR_EIO,
                                     bar_tr(lang, "%s: cannot remove: %s"),
                                     path, strerror(errno));
        }
    }
    join(path, sizeof path, dir, marker);
    static const char note[] =
        "Made by 'barometer demo'; the demo may overwrite this folder.\n";
    return bar_file_write_atomic(path, note, sizeof note - 1, err);
}

/* The frame (org_id, names, e-mail) and the responses (org_id, open
 * answers) are private files, written whole or not at all. */
static bar_status write_frame(const bar_instrument *ins,
                              const bar_sim_opts *opts, const char *path,
                              bar_error *err)
{
    bar_afile *af = NULL;
    bar_status rc = bar_afile_open(path, BAR_AFILE_PRIVATE, &af, err);
    if (rc == BAR_OK)
        rc = bar_simulate_frame(ins, opts, bar_afile_stream(af), err);
    if (rc == BAR_OK)
        return bar_afile_commit(af, err);
    bar_afile_abort(af);
    return rc;
}

static bar_status write_responses(const bar_dataset *ds, const char *path,
                                  bar_error *err)
{
    bar_afile *af = NULL;
    bar_status rc = bar_afile_open(path, BAR_AFILE_PRIVATE, &af, err);
    if (rc == BAR_OK)
        rc = bar_dataset_write_csv(ds, bar_afile_stream(af), false, err);
    if (rc == BAR_OK)
        return bar_afile_commit(af, err);
    bar_afile_abort(af);
    return rc;
}

static void step(int n, const char *what, const char *path)
{
    printf("[%d/6] %s%s%s\n", n, bar_tr(cli_lang(), what), path ? " " : "",
           path ? path : "");
    fflush(stdout);
}

int cli_demo(int argc, char **argv)
{
    const char *cmd = "demo";
    const char *dir = "barometer-demo";
    long cases = 366;
    uint64_t seed = 2021;
    const cli_opt opts[] = {
        {"--out", CLI_STRING, &dir, 0, 0, N_("a folder")},
        {"--cases", CLI_LONG, &cases, 1, BAR_DATASET_MAX_ROWS,
         N_("a whole number 1-10000000")},
        {"--seed", CLI_U64, &seed, 0, 0,
         N_("a whole number from 0 to 18446744073709551615")},
    };
    const char *pos[1];
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 0, &npos);
    if (parsed != CLI_PARSED)
        return parsed;

    bar_error err;
    bar_error_init(&err);
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    bar_dataset *sim = NULL;
    bar_store *st = NULL;
    bar_wave *w = NULL;
    json_t *doc = NULL;
    int status = 0;
    char path[PATH_MAX];
    bar_sim_opts sim_opts = {.cases = (size_t)cases, .seed = seed};
    bar_status rc = prepare_dir(dir, &err);
    if (rc == BAR_OK)
        rc = cli_load_study(NULL, &study, &ins, &err);
    if (rc != BAR_OK)
        goto cleanup;
    int wave = bar_study_year(study);
    sim_opts.wave = wave;

    join(path, sizeof path, dir, "frame.csv");
    step(1, N_("simulating the sampling frame:"), path);
    if ((rc = write_frame(ins, &sim_opts, path, &err)) != BAR_OK)
        goto cleanup;

    join(path, sizeof path, dir, "responses.csv");
    step(2, N_("simulating the responses:"), path);
    if ((rc = bar_simulate_responses(ins, &sim_opts, &sim, &err)) != BAR_OK ||
        (rc = write_responses(sim, path, &err)) != BAR_OK)
        goto cleanup;

    join(path, sizeof path, dir, "barometer.sqlite");
    step(3, N_("creating the store with the wave, frame and responses:"),
         path);
    size_t framed = 0;
    char frame_path[PATH_MAX];
    join(frame_path, sizeof frame_path, dir, "frame.csv");
    if ((rc = bar_store_open(path, BAR_STORE_CREATE, &st, &err)) != BAR_OK ||
        (rc = bar_store_wave_add_study(st, wave, ins,
                                       bar_study_source(study), true,
                                       &err)) != BAR_OK ||
        (rc = bar_store_frame_import(st, wave, ins, frame_path, &framed,
                                     &err)) != BAR_OK ||
        (rc = bar_store_responses_import(st, wave, sim, false, &err)) !=
            BAR_OK)
        goto cleanup;

    bar_store_close(st);
    st = NULL;

    step(4, N_("loading the wave back from the store"), NULL);
    if ((rc = cli_open_wave(path, NULL, NULL, wave, &w, &err)) != BAR_OK)
        goto cleanup;
    printf(bar_tr(cli_lang(),
                  "      %zu organisations in the frame, %zu responses\n"),
           framed, bar_dataset_nrows(bar_wave_dataset(w)));

    /* The wave is marked simulated in the store, so its dataset is, and
     * the results and the report's cover say so. */
    step(5, N_("deriving and analysing"), NULL);
    rc = bar_wave_results(w, NULL, &doc, &err);
    if (rc != BAR_OK)
        goto cleanup;

    join(path, sizeof path, dir, "index.html");
    step(6, N_("writing results.json and the report"), NULL);
    if ((rc = cli_report_write(doc, w, dir, BAR_LANG_NL, &err)) != BAR_OK)
        goto cleanup;
    printf(bar_tr(cli_lang(), "Report: %s\n"), path);
cleanup:
    if (rc != BAR_OK)
        status = cli_fail(cmd, &err);
    json_decref(doc);
    bar_wave_free(w);
    bar_dataset_free(sim);
    bar_store_close(st);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_error_clear(&err);
    return status;
}

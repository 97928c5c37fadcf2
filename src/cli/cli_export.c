/* cli_export.c - `barometer export STORE OUT.csv|OUT.xlsx|OUT.sav
 * [--wave YEAR] [--lang nl|en]`: write a wave's responses, atomically, in
 * the format the file name's extension names. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "dataset/csv.h"
#include "render/export_sav.h"
#include "render/export_xlsx.h"

static const char usage_text[] =
    "Usage: barometer export STORE OUT.csv|OUT.xlsx|OUT.sav [--wave YEAR]\n"
    "                        [--lang nl|en]\n"
    "\n"
    "Writes the responses of a wave (frame and asked variables, one row per\n"
    "organisation ordered by org_id) in the format of OUT's extension:\n"
    "  .csv   a header of variable names, codes as numbers (sector and\n"
    "         cluster as their string codes), missing as empty; open\n"
    "         answers that a spreadsheet would run as a formula (starting\n"
    "         with = + - @) get a leading apostrophe.\n"
    "  .xlsx  sheet 'data' (variable names, then their Dutch labels, then\n"
    "         one row per organisation, values as codes), sheet\n"
    "         'variabelen' (labels nl and en, type, value labels), and one\n"
    "         sheet per figure of the report with its numbers (computed\n"
    "         from the same data, labels in --lang).\n"
    "  .sav   SPSS: variable and value labels in Dutch, measure levels,\n"
    "         system-missing for missing answers; org_id, sector, cluster\n"
    "         and open answers as string variables.\n"
    "The file is written to a temporary file and renamed into place, so a\n"
    "failure leaves nothing half-written. A new file is private (mode 0600\n"
    "less the umask: it holds org_id and open answers); an existing file\n"
    "keeps its mode; a symbolic link is followed; a device or FIFO is\n"
    "written to, never replaced.\n"
    "\n"
    "Options:\n"
    "  --wave YEAR  the wave (2000-2100); default: the latest in the store\n"
    "  --lang L     language of the figure sheets of .xlsx: nl (default)\n"
    "               or en\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer export survey.db responses.csv\n"
    "  barometer export survey.db wave-2021.xlsx --wave 2021\n"
    "  barometer export survey.db wave-2021.sav\n"
    "\n"
    "Exit status: 0 the file was written; 1 the operation failed (cannot\n"
    "write, the database failed); 2 bad usage or bad input (an unknown\n"
    "output format, no such store or wave).\n";

typedef enum format { FORMAT_CSV, FORMAT_XLSX, FORMAT_SAV } format;

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Write ds to path whole or not at all (core/afile.h). */
static bar_status write_csv(const bar_dataset *ds, const char *path,
                            bar_error *err)
{
    bar_afile *af = NULL;
    bar_status rc = bar_afile_open(path, BAR_AFILE_PRIVATE, &af, err);
    if (rc != BAR_OK)
        return rc;
    rc = bar_dataset_write_csv(ds, bar_afile_stream(af), false, err);
    if (rc != BAR_OK) {
        bar_afile_abort(af);
        return rc;
    }
    return bar_afile_commit(af, err);
}

/* The workbook: the data with the derived variables, then the results of
 * the same data. */
static bar_status write_xlsx(bar_wave *w, bar_lang lang, const char *path,
                             bar_error *err)
{
    json_t *doc = NULL;
    bar_status rc = bar_wave_results(w, NULL, &doc, err);
    if (rc == BAR_OK)
        rc = bar_export_xlsx(bar_wave_dataset(w), doc, bar_wave_study(w),
                             lang, path, err);
    json_decref(doc);
    return rc;
}

int cli_export(int argc, char **argv)
{
    const char *cmd = "export";
    long wave = 0;
    const char *lang_name = "nl";
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = "a year 2000-2100"},
        {.name = "--lang", .kind = CLI_STRING, .target = &lang_name,
         .what = "nl or en"},
    };
    const char *pos[2] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts, 2, pos, 2,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (npos < 2)
        return cli_usage(cmd, "export needs STORE and OUT (.csv, .xlsx or "
                              ".sav)");
    const char *out = pos[1];
    format fmt;
    if (ends_with(out, ".csv"))
        fmt = FORMAT_CSV;
    else if (ends_with(out, ".xlsx"))
        fmt = FORMAT_XLSX;
    else if (ends_with(out, ".sav"))
        fmt = FORMAT_SAV;
    else
        return cli_usage(cmd, "%s: unknown output format (the name must end "
                              "in .csv, .xlsx or .sav)", out);
    int refused = cli_check_output(cmd, out, false, pos[0], NULL, NULL);
    if (refused != CLI_PARSED)
        return refused;
    bar_lang lang;
    if (strcmp(lang_name, "nl") == 0)
        lang = BAR_LANG_NL;
    else if (strcmp(lang_name, "en") == 0)
        lang = BAR_LANG_EN;
    else
        return cli_usage(cmd, "--lang: '%s' is not nl or en", lang_name);

    bar_error err;
    bar_error_init(&err);
    bar_wave *w = NULL;
    int status = 0;
    char study[PATH_MAX];
    bar_wave_config cfg = {
        .data_dir = cli_data_dir(),
        .study = cli_study_path(NULL, study, sizeof study),
        .year = (int)wave,
    };
    bar_status rc = bar_wave_open_store(pos[0], &cfg, &w, &err);
    if (rc == BAR_OK) {
        if (fmt == FORMAT_CSV)
            rc = write_csv(bar_wave_dataset(w), out, &err);
        else if (fmt == FORMAT_XLSX)
            rc = write_xlsx(w, lang, out, &err);
        else
            rc = bar_export_sav(bar_wave_dataset(w), out, &err);
    }
    if (rc == BAR_OK)
        printf("exported %zu responses of wave %d to %s\n",
               bar_dataset_nrows(bar_wave_dataset(w)), bar_wave_year(w), out);
    else
        status = cli_fail(cmd, &err);
    bar_wave_free(w);
    bar_error_clear(&err);
    return status;
}

/* cli_export.c - `barometer export STORE OUT.csv|OUT.xlsx|OUT.sav
 * [--wave YEAR] [--lang LANG]`: write a wave's responses, atomically, in
 * the format the file name's extension names. The formats are the table of
 * export/export.h: the first module that accepts OUT writes it. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "export/export.h"

static const char *const usage_text = N_(
    "Usage: barometer export STORE OUT.csv|OUT.xlsx|OUT.sav [--wave YEAR]\n"
    "                        [--lang LANG]\n"
    "\n"
    "Writes the responses of a wave (frame and asked variables, one row per\n"
    "organisation ordered by org_id) in the format of OUT's extension:\n"
    "  .csv   a header of variable names, codes as numbers (sector and\n"
    "         cluster as their string codes), missing as empty; open\n"
    "         answers that a spreadsheet would run as a formula (starting\n"
    "         with = + - @) get a leading apostrophe.\n"
    "  .xlsx  sheet 'data' (variable names, then their Dutch labels, then\n"
    "         one row per organisation, values as codes), sheet\n"
    "         'variabelen' (labels nl and en, type, value labels), sheet\n"
    "         'over' (what the file holds, in --lang), and one sheet per\n"
    "         figure of the report with its numbers (computed from the\n"
    "         same data, labels in --lang).\n"
    "  .sav   SPSS: variable and value labels in --lang, measure levels,\n"
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
    "  --lang LANG  language of the labels of .sav and of the figure sheets\n"
    "               of .xlsx: nl (default), en, or any language with a\n"
    "               catalogue (po/LANG.po; English where it has no text,\n"
    "               and for the questionnaire's labels)\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer export survey.db responses.csv\n"
    "  barometer export survey.db wave-2021.xlsx --wave 2021\n"
    "  barometer export survey.db wave-2021.sav\n"
    "\n"
    "Exit status: 0 the file was written; 1 the operation failed (cannot\n"
    "write, the database failed); 2 bad usage or bad input (an unknown\n"
    "output format, no such store or wave).\n");

/* The workbook's figure sheets: the results of the same data. */
static bar_status results_for(const bar_exporter *ex, bar_wave *w,
                              json_t **doc, bar_error *err)
{
    if (!ex->needs_results)
        return BAR_OK;
    return bar_wave_results(w, NULL, doc, err);
}

int cli_export(int argc, char **argv)
{
    const char *cmd = "export";
    long wave = 0;
    const char *lang_name = NULL;
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = N_("a year 2000-2100")},
        {.name = "--lang", .kind = CLI_STRING, .target = &lang_name,
         .what = N_("a language code")},
    };
    const char *pos[2] = {NULL};
    char exts[128];
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts, 2, pos, 2,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (npos < 2)
        return cli_usage(cmd, "export needs STORE and OUT (%s)",
                         bar_exporter_extensions(exts, sizeof exts));
    const char *out = pos[1];
    const bar_exporter *ex = bar_exporter_find(out);
    if (ex == NULL)
        return cli_usage(cmd, "%s: unknown output format (the name must end "
                              "in %s)", out,
                         bar_exporter_extensions(exts, sizeof exts));
    int refused = cli_check_output(cmd, out, false, pos[0], NULL, NULL);
    if (refused != CLI_PARSED)
        return refused;
    bar_lang lang = BAR_LANG_NL;
    if (lang_name && bar_lang_from_code(lang_name, &lang) != BAR_OK)
        return cli_usage(cmd, "--lang: no catalogue for '%s' (see po/)",
                         lang_name);

    bar_error err;
    bar_error_init(&err);
    bar_wave *w = NULL;
    json_t *doc = NULL;
    int status = 0;
    char study[PATH_MAX];
    bar_wave_config cfg = {
        .data_dir = cli_data_dir(),
        .study = cli_study_path(NULL, study, sizeof study),
        .year = (int)wave,
    };
    bar_status rc = bar_wave_open_store(pos[0], &cfg, &w, &err);
    if (rc == BAR_OK)
        rc = results_for(ex, w, &doc, &err);
    if (rc == BAR_OK) {
        const bar_export_input in = {.ds = bar_wave_dataset(w),
                                     .results = doc,
                                     .lang = lang,
                                     .study = bar_wave_study(w)};
        rc = ex->write(&in, out, &err);
    }
    if (rc == BAR_OK)
        printf(bar_tr(cli_lang(), "exported %zu responses of wave %d to %s\n"),
               bar_dataset_nrows(bar_wave_dataset(w)), bar_wave_year(w), out);
    else
        status = cli_fail(cmd, &err);
    json_decref(doc);
    bar_wave_free(w);
    bar_error_clear(&err);
    return status;
}

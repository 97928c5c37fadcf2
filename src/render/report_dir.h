/* report_dir.h - the published report as a folder that opens from disk.
 *
 * Writes, for a results document, what `barometer report` and the demo
 * leave in a folder: index.html (report_html.h), report.css (the font's
 * @font-face rules, the page's stylesheet, the charts' layout rules),
 * fonts/ (the shipped font and its licence, render/font.h, copied from the
 * data folder's fonts/), data/<figure>.csv (one file per table of every
 * figure, table.h, names by bar_report_csv_name) and results.json (the
 * document it was drawn from, bar_report_json). Every file is written
 * whole or not at all (core/afile.h); the folder is created when missing.
 * Printing a PDF is left to the front end (it runs an external program).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_REPORT_DIR_H
#define BAR_REPORT_DIR_H

#include <jansson.h>

#include "analysis/spec.h"
#include "core/buf.h"
#include "core/progress.h"
#include "core/status.h"
#include "instrument/instrument.h"
#include "wave/study.h"
#include "wave/wave.h"

enum { BAR_REPORT_MAX_JSON = 64 * 1024 * 1024 };

/* What the folder is written with; everything borrowed for the call. */
typedef struct bar_report_dir_options {
    bar_lang lang;
    const bar_instrument *ins;  /* question wording, labels; may be NULL */
    const bar_study *study;     /* title, chapters, countries; may be NULL */
    const bar_spec *spec;       /* each entry's chapter; may be NULL */
    const char *date;           /* "2026-11-28"; NULL: not shown */
    const char *texts_dir;      /* the data folder the study's authored
                                   texts are under (authored.h); NULL:
                                   the current folder */
    bar_progress progress;      /* told the figures written; zero: none */
    const bar_wave_quote *quotes; /* approved quotes (report_html.h) */
    size_t nquotes;
} bar_report_dir_options;

/* Write the report of results (borrowed) into the folder dir. Errors: those
 * of bar_report_html and bar_tables_of_figure (BAR_EINVALID: the document
 * breaks the schema, or a figure id is unfit for a file name), BAR_EIO
 * (the folder or a file cannot be written, a font file cannot be read, or
 * an authored text of the study cannot be read: the message names the
 * file), BAR_ENOMEM, BAR_ELIMIT. */
bar_status bar_report_dir_write(const json_t *results,
                                const bar_report_dir_options *options,
                                const char *dir, bar_error *err);

/* Append doc (borrowed) as indented JSON with a final newline to out, as
 * results.json holds it (reals to 12 significant digits). BAR_ELIMIT when
 * it is larger than BAR_REPORT_MAX_JSON, BAR_ENOMEM. */
bar_status bar_report_json(const json_t *doc, bar_buf *out, bar_error *err);

#endif

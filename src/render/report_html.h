/* report_html.h - the published report as one HTML page.
 *
 * Renders a results document (docs/results-schema.md) as the report a
 * ministry publishes, in the 2021 report's structure: a title block, a
 * table of contents, the management summary with generated key findings
 * (report_text.h), the chapters of the study (study.h: for 2021
 * "Innovaties in organisaties", "Resultaten van innovaties" and "Het
 * innovatieklimaat"), the generated findings, and the appendices (research
 * methods with Table 1 and 2; background figures). Which chapter an entry
 * belongs to is data: the `chapter` of its entry in the report
 * specification (docs/report-spec.md); the chapters are the study's.
 *
 * Every figure has its caption (number and title), a sentence in plain
 * words of what it shows, an SVG chart of the kind that fits it (svg.h),
 * the question's wording from the instrument, who was asked, n, that the
 * figures are unweighted, the source line, and its numbers as accessible
 * HTML tables (table.h) with a link to each table's CSV file; every test
 * and p-value is in the "Meer cijfers" fold. The study's authored texts
 * (authored.h: Markdown) are placed where the study says, told apart from
 * the generated ones. No script, nothing fetched from the network; the
 * stylesheet (bar_report_css, with the print rules for A4) is inline or a
 * local file next to the page. Dutch (BAR_LANG_NL), English
 * (BAR_LANG_EN) or a language of a catalogue found at run time
 * (core/i18n.h; English where it has no text). The renderer reads the
 * document only: it computes no statistic, it rounds for display.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_REPORT_HTML_H
#define BAR_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/progress.h"
#include "core/status.h"
#include "analysis/spec.h"
#include "instrument/instrument.h"
#include "wave/study.h"
#include "wave/wave.h"

typedef struct bar_report_options {
    bar_lang lang;
    /* The questionnaire, for the wording of each figure's question and the
     * labels of model predictors; NULL: the results' own labels. */
    const bar_instrument *ins;
    /* The study (study.h): the report's title, its chapters (titles,
     * intros, order, where the findings go), the main comparison country
     * and its name; NULL: the results' title, no chapters of its own, no
     * comparison finding. */
    const bar_study *study;
    /* The report specification the results were computed from, for the
     * `chapter` of each entry; NULL, or a spec whose id is not the
     * results' `spec`: every entry goes to one chapter "Figuren en
     * tabellen". */
    const bar_spec *spec;
    /* Date of generation as text ("2026-11-28"); NULL: not shown (for
     * reproducible output in tests). */
    const char *date;
    /* Folder of the CSV files, relative to the page ("data"); NULL: no
     * download links. File names as bar_report_csv_name. */
    const char *data_dir;
    /* href of a local stylesheet ("report.css"); NULL: the stylesheet is
     * inline in a <style> element. */
    const char *stylesheet;
    /* The study's authored texts in this language (authored.h), each
     * placed before or after its chapter or figure; NULL: none. A text
     * whose place is not on the page goes at its end. */
    const struct bar_authored *authored;
    /* "figures written", done of the results' figures, after each; zero:
     * no reports. */
    bar_progress progress;
    /* Open answers the research team approved for quoting (wave.h:
     * bar_wave_quotes), shown under the text figure with every web and
     * e-mail address hidden (bar_tokenizer_redact); NULL/0: no quotes. */
    const bar_wave_quote *quotes;
    size_t nquotes;
} bar_report_options;

/* Append the report for results (borrowed) to out. Errors: BAR_EINVALID
 * when the document does not follow the schema (a missing or mistyped
 * field, an unknown figure kind; the message names the figure and field),
 * BAR_EUSAGE from a chart given impossible numbers, BAR_ENOMEM/BAR_ELIMIT
 * from the buffer. Everything passed in is borrowed. */
bar_status bar_report_html(const json_t *results,
                           const bar_report_options *options, bar_buf *out,
                           bar_error *err);

/* The report's stylesheet (screen and print), static text. */
const char *bar_report_css(void);

/* The file name of table `index` (0-based) of figure `figure_id` whose
 * table id is `table_id`: "<figure_id>.csv" for the first table,
 * "<figure_id>-<table_id>.csv" for the others; written into buf (size
 * bytes). Returns false when it does not fit or an id holds a character
 * other than a letter, digit, '-' or '_'. */
bool bar_report_csv_name(char *buf, size_t size, const char *figure_id,
                         size_t index, const char *table_id);

#endif

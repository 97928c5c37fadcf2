/* report_html.h - the published report as one self-contained HTML page.
 *
 * Renders a results document (docs/results-schema.md) as index.html: the
 * title, a short introduction, Table 1 as an HTML table, and every figure
 * with its caption ("Figuur N. ..."), base and n, an inline SVG chart
 * (svg.h) and its numbers as an accessible HTML table, then the source
 * line. Inline CSS, no scripts, nothing fetched from the network. Dutch
 * (BAR_LANG_NL) or English (BAR_LANG_EN). The renderer reads the document
 * only: it computes no statistic, it rounds for display.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_REPORT_HTML_H
#define BAR_REPORT_HTML_H

#include <jansson.h>

#include "core/buf.h"
#include "core/status.h"
#include "instrument/instrument.h"

/* Append the report for results (borrowed) to out. Errors: BAR_EINVALID
 * when the document does not follow the schema (a missing or mistyped
 * field, an unknown figure kind; the message names the figure and field),
 * BAR_ENOMEM/BAR_ELIMIT from the buffer. */
bar_status bar_report_html(const json_t *results, bar_lang lang,
                           bar_buf *out, bar_error *err);

#endif

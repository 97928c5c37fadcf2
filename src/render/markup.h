/* markup.h - writing HTML and SVG: text is escaped where it is written.
 *
 * The report (report_html.c) and the charts (svg.c) write their markup
 * only through these functions, so that no call site can forget to escape
 * a string that came from outside (a label, an id, a chapter, a country
 * name, a number):
 *
 * - bar_markup_printf(out, "<a href=\"#%s\">%s</a>", id, title): the
 *   format is markup and must be a string literal (-Wformat=2 rejects any
 *   other); every conversion's output (%s, and numbers) is escaped for
 *   text and for double- or single-quoted attribute values.
 * - bar_markup_text(out, s): s as text, escaped.
 * - bar_markup_literal(out, "<br>"): raw markup; the macro accepts string
 *   literals only (it pastes "" around its argument), so nothing read at
 *   run time can pass through it.
 *
 * Escaped are & < > " and ' (&amp; &lt; &gt; &quot; &#39;); that keeps a
 * value inside its element or quoted attribute. Values that name a place
 * (href, id) are escaped the same way and, where they form a file name,
 * restricted by their writer as well (bar_report_csv_name).
 * scripts/checksrc.sh rejects a direct bar_buf write to the page or chart
 * buffer in report_html.c and svg.c.
 *
 * All functions return the buffer's status (BAR_ENOMEM, BAR_ELIMIT stick
 * in the buffer as with bar_buf). Nothing outside this header is API.
 */
#ifndef BAR_MARKUP_H
#define BAR_MARKUP_H

#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

/* s (NULL: nothing) as escaped text. */
bar_status bar_markup_text(bar_buf *out, const char *s);

/* The first n bytes of s as escaped text. */
bar_status bar_markup_text_n(bar_buf *out, const char *s, size_t n);

/* fmt (a literal: markup) with every conversion escaped. Conversions:
 * %s, %c, %d %i %u %x with the length modifiers l, ll and z, %f %g %e,
 * flags, width and precision (also '*'), and %%. An unknown conversion
 * (BAR_EUSAGE) or a failed allocation (BAR_ENOMEM) fails out as a failed
 * append does (emptied, sticky) and returns that status. */
bar_status bar_markup_printf(bar_buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The CommonMark text md (len bytes; cmark, docs/study-format.md "texts")
 * as HTML, appended to out. Nothing in it passes through as markup: raw
 * HTML (blocks and inline) becomes escaped text, an image becomes its
 * alternative text, links with a scheme other than http(s) or mailto lose
 * their target (cmark's safe rendering, CMARK_OPT_DEFAULT without
 * CMARK_OPT_UNSAFE), and every heading moves down by heading_shift levels
 * (at most h6) so that it fits under the page's own headings. Errors:
 * BAR_ENOMEM, and the buffer's status. */
bar_status bar_markup_markdown(bar_buf *out, const char *md, size_t len,
                               int heading_shift);

/* Raw markup from a string literal ("" lit "" does not compile for
 * anything else). */
#define bar_markup_literal(out, lit) bar_markup_raw_((out), "" lit "")

/* The function behind bar_markup_literal; call it only through the
 * macro. */
bar_status bar_markup_raw_(bar_buf *out, const char *markup);

#endif

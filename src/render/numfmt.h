/* numfmt.h - every number the report shows, formatted for its reader.
 *
 * One function per kind of number (a decimal with k digits, a count, a
 * percentage, a p-value), each taking the language: Dutch writes a
 * decimal comma and a point between thousands ("1.374", "12,3",
 * "p < 0,001"), English the reverse ("1,374", "12.3", "p < 0.001"). The
 * charts (svg.c), tables (table.c), the page (report_html.c) and its
 * sentences (report_text.c) format numbers only through these, so a
 * reader never meets the other language's separator. The separators are
 * the catalogue's (msgctxt "number", core/i18n.h), so a language added as
 * a po file writes its own.
 *
 * Rules common to all: the value is rounded as printf rounds (exact
 * halves to even); a value that rounds to zero has no sign ("0,0", never "-0,0");
 * negative numbers carry '-'; NaN and infinities are written as an en
 * dash ("–"). The result is written into buf (size bytes, cut to fit;
 * BAR_NUMFMT_MAX always suffices) and buf is returned.
 *
 * CSV files want a number a program reads back: bar_numfmt_plain rounds
 * the same way but writes no thousands separator.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_NUMFMT_H
#define BAR_NUMFMT_H

#include <stddef.h>

#include "instrument/instrument.h"

enum { BAR_NUMFMT_MAX = 512 }; /* bytes enough for any double, with NUL */

/* The separator `what` of lang from its catalogue (msgctxt "number"):
 * what is "decimal separator" (nl ",", en "."), "thousands separator"
 * (nl ".", en ",") or "CSV separator" (nl ";", en ","); one ASCII
 * character, the English one when the catalogue lacks it. */
char bar_numfmt_separator(bar_lang lang, const char *what);

/* v with `decimals` digits after the separator (0-9; outside: clamped),
 * thousands grouped: nl "1.374,5", en "1,374.5". */
const char *bar_numfmt_decimal(char *buf, size_t size, double v,
                               int decimals, bar_lang lang);

/* A count: a whole number, thousands grouped ("1.374"). */
const char *bar_numfmt_count(char *buf, size_t size, double n,
                             bar_lang lang);

/* A percentage with `decimals` digits and the sign: "47%", "47,5%". */
const char *bar_numfmt_percent(char *buf, size_t size, double v,
                               int decimals, bar_lang lang);

/* A p-value without "p": below 0.001 "< 0,001" (en "< 0.001"), else
 * three digits ("0,050", "1,000"). Never "0,000". */
const char *bar_numfmt_p(char *buf, size_t size, double p, bar_lang lang);

/* As bar_numfmt_decimal without thousands separators ("1374,5"), for
 * files that programs read; NaN and infinities give "". */
const char *bar_numfmt_plain(char *buf, size_t size, double v,
                             int decimals, bar_lang lang);

/* A p-value for such files: three decimals from 0.001 up ("0,050"), below
 * it three significant digits in scientific notation ("1,23e-05"), so the
 * column stays numeric and a small p never reads 0; NaN gives "". */
const char *bar_numfmt_plain_p(char *buf, size_t size, double p,
                               bar_lang lang);

#endif

/* font.h - the report's font: its name, its files and its widths.
 *
 * The report ships its own font, so that the page, the PDF and the chart
 * layout agree on how wide a text is: "Barometer Sans", a Latin subset of
 * Liberation Sans (SIL Open Font License 1.1, metric-compatible with
 * Arial), regular and bold, in data/fonts/ (made by scripts/font-subset.py,
 * with its LICENSE). The report folder gets a copy of the files
 * (report_dir.c), report.css loads them with @font-face and the charts name
 * the family first.
 *
 * Text is measured with the files' own advance widths and pair kerning
 * (font_metrics.inc, generated from the files by scripts/font-metrics.py
 * and checked against them by tests/test_font.c): every character the font
 * has by its own glyph (accented letters included), a character it lacks
 * by its base letter when it has one (utf8proc decomposition), else as one
 * em (a fallback font draws it; wider than any Latin letter of ours).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_FONT_H
#define BAR_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The CSS family of the shipped font, and the font-family list of the
 * charts and the page (the shipped font first; metric-compatible fonts
 * after it, for an SVG read without its stylesheet). */
#define BAR_FONT_FAMILY "Barometer Sans"
#define BAR_FONT_STACK \
    "'Barometer Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"

/* The @font-face rules of the faces, as a literal: the page's stylesheet
 * starts with them (report.css; the inline <style>). The files are looked
 * for in fonts/ beside the stylesheet. */
#define BAR_FONT_CSS \
    "@font-face{font-family:\"Barometer Sans\";font-weight:400;"\
    "font-style:normal;font-display:block;"\
    "src:url(\"fonts/BarometerSans-Regular.woff2\") format(\"woff2\")}\n"\
    "@font-face{font-family:\"Barometer Sans\";font-weight:700;"\
    "font-style:normal;font-display:block;"\
    "src:url(\"fonts/BarometerSans-Bold.woff2\") format(\"woff2\")}\n"

/* The files of the font in the data folder's fonts/ (and the report
 * folder's fonts/): the faces and the licence. NULL-terminated; static. */
extern const char *const bar_font_files[];

/* One character's advance width in font units. */
typedef struct bar_font_glyph {
    uint32_t cp;
    int advance;
} bar_font_glyph;

/* The kerning of a pair of characters in font units (negative: closer). */
typedef struct bar_font_kern {
    uint32_t left, right;
    int value;
} bar_font_kern;

/* Width in px of n bytes of UTF-8 text s at size px in the regular or
 * the bold face; s borrowed. A byte that is not UTF-8 counts as one
 * average letter. Deterministic and thread-safe. */
double bar_font_width(const char *s, size_t n, double size, bool bold);

/* The table of a face, for the tests: its glyphs sorted by code point
 * (*glyphs static; returns the count), its kerning pairs sorted by left
 * then right (*kerns static; count in *nkerns), font units per em in
 * *units_per_em. */
size_t bar_font_table(bool bold, const bar_font_glyph **glyphs,
                      const bar_font_kern **kerns, size_t *nkerns,
                      int *units_per_em);

#endif

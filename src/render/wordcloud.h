/* wordcloud.h - a word cloud as an inline SVG: words sized by how many
 * answers they occur in, none overlapping another, all inside the chart.
 *
 * The text chapter of the report draws each concept group as a cloud of
 * its terms. A word's font size follows the square root of its weight (the
 * number of answers it occurs in), so that the area of a word is
 * proportional to its count; sizes lie between BAR_CLOUD_MIN_SIZE (px at
 * the viewBox's width, so never smaller than 11 px when the chart is drawn
 * at its own width) and a maximum that is lowered until the words fit (the
 * widest word fits the width, the words together fill at most about half
 * the area). The heaviest word goes in the centre; every further word, by
 * falling weight, is tried along an Archimedean spiral from the centre and
 * put at the first point where its box (measured with bar_svg_text_width
 * and the font's ascent and descent, plus BAR_CLOUD_PAD and
 * BAR_CLOUD_PAD_X) overlaps no box
 * placed before and stays inside the viewBox. A word that finds no such
 * point is left out, and the caller is told how many were placed. The
 * layout is deterministic: no randomness, ties in weight kept in input
 * order.
 *
 * All words are drawn horizontally in one colour whose contrast on white is
 * at least 4.5:1 (so the cloud reads in greyscale); the SVG carries
 * role="img", an aria-label and <title>, and the caller's <desc>; every
 * text is escaped (render/markup.h).
 *
 * Errors: BAR_EUSAGE for an impossible description (no title or desc, a
 * word without text, a weight that is not a positive number, more than
 * BAR_CLOUD_WORDS_MAX words, a colour that is not "#rrggbb" or has too
 * little contrast, a viewBox smaller than BAR_CLOUD_MIN_SIDE); the
 * buffer's status (BAR_ENOMEM, BAR_ELIMIT) when out is full. Every pointer
 * passed in is borrowed for the call only.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_WORDCLOUD_H
#define BAR_WORDCLOUD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

enum {
    BAR_CLOUD_WORDS_MAX = 200,    /* words of one cloud */
    BAR_CLOUD_WIDTH = 600,        /* the default viewBox */
    BAR_CLOUD_HEIGHT = 360,
    BAR_CLOUD_MIN_SIDE = 100,     /* smallest width or height accepted */
    BAR_CLOUD_MIN_SIZE = 12,      /* font size of the lightest words, px */
    BAR_CLOUD_MAX_SIZE = 56,      /* upper bound of the heaviest word, px */
    BAR_CLOUD_PAD = 2,            /* px kept free above and below every
                                     word and along the edges */
    BAR_CLOUD_PAD_X = 6           /* px kept free left and right of a word,
                                     so that neighbours do not read as one
                                     phrase */
};

/* The font's vertical metrics in em (Arial and Liberation Sans, hhea
 * ascender 1854 and descender 434 of 2048 units): a word's box at font
 * size s runs from baseline - ASCENT * s to baseline + DESCENT * s. */
#define BAR_CLOUD_ASCENT 0.905
#define BAR_CLOUD_DESCENT 0.212

/* The default colour (Okabe-Ito blue, contrast 5.2:1 on white). */
#define BAR_CLOUD_COLOR "#0072B2"

typedef struct bar_cloud_word {
    const char *text;   /* the word as shown, UTF-8, borrowed */
    double weight;      /* number of answers it occurs in, > 0 */
} bar_cloud_word;

typedef struct bar_cloud_opts {
    double width, height;   /* the SVG's viewBox; 0 = defaults */
    const char *title;      /* <title>, required */
    const char *desc;       /* <desc>, required */
    const char *color;      /* one colour for the group's words, "#rrggbb";
                               NULL: BAR_CLOUD_COLOR */
    const char *lang;       /* the words' language when it is not the
                               page's ("nl"): lang on the words; NULL:
                               none */
} bar_cloud_opts;

/* Where word i goes: its text box (top left x, y; width, height) in
 * viewBox units, and its font size; placed false when it did not fit (the
 * other fields are then 0). The text's baseline is at
 * y + BAR_CLOUD_ASCENT * size. */
typedef struct bar_cloud_box {
    double x, y, w, h;
    bool placed;
    double size;        /* font size, px */
} bar_cloud_box;

/* Lay out n words: boxes[i] (the caller's array of n) for words[i];
 * deterministic (same input -> same layout, no rand()); words that do not
 * fit are not placed, and *placed (may be NULL) says how many were. On an
 * error every box is unplaced. */
bar_status bar_wordcloud_layout(const bar_cloud_word *w, size_t n,
                                const bar_cloud_opts *o,
                                bar_cloud_box *boxes, size_t *placed,
                                bar_error *err);

/* Append the SVG (through render/markup.h, escaped) to out: one <text>
 * per placed word, heaviest first, text-anchor start at the box's left
 * edge and its baseline. Words that did not fit are left out (call
 * bar_wordcloud_layout first to know which). */
bar_status bar_wordcloud_svg(bar_buf *out, const bar_cloud_word *w,
                             size_t n, const bar_cloud_opts *o,
                             bar_error *err);

/* The contrast ratio (WCAG 2) of the colour "#rrggbb" on white, 1 to 21;
 * 0 when color is not of that form. */
double bar_wordcloud_contrast(const char *color);

/* A colour for concept group i (any i; the colours repeat after a few),
 * each with a contrast of at least 4.5:1 on white and distinct hues from
 * the Okabe-Ito and ColorBrewer palettes. A static string. */
const char *bar_wordcloud_color(size_t i);

#endif

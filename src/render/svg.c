/* svg.c - the report's charts (see svg.h).
 *
 * Shared pieces first: text width from Arial's advance widths, word wrap
 * by width, escaped text, number formatting per language, the <svg>
 * opening with title and desc, a flowing legend, nice axis ticks, and the
 * palettes. Then one section per chart kind. Every layout is computed
 * before anything is written: label columns from the widest wrapped
 * label, rows from the number of label lines, the canvas from the widest
 * text that ends right of the plot.
 */
#include "render/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "render/font.h"
#include "render/markup.h"
#include "render/numfmt.h"

enum {
    FONT = 13,            /* labels */
    SMALL = 12,           /* values, axis, legend */
    TINY = 11,            /* numbers inside segments */
    LINE_H = 16,          /* a label line */
    MAX_LINES = 3,        /* lines of a wrapped label */
    LABEL_WRAP = 280,     /* a label line's maximum width, px */
    LABEL_MIN = 60,       /* label column bounds, px */
    LABEL_MAX = 300,
    GAP = 8,              /* between a label and the plot */
    TOP_PAD = 8,
    LEGEND_LINE = 20,
    LEGEND_MAX = 24,      /* entries of a legend */
    DOT_R = 6             /* a dot of the dot chart, px */
};

static const char font_family[] = BAR_FONT_STACK;
static const char ink[] = "#1a1a1a";
static const char grey_text[] = "#444444";
static const char grid[] = "#dddddd";

/* Okabe-Ito blue: our own wave. Benchmarks are lighter hues (all lighter
 * than the blue) with an outline, thinner and labelled directly. */
static const char main_fill[] = "#0072B2";
static const char *const series_fill[BAR_SVG_SERIES_MAX] = {
    "#E69F00", "#56B4E9", "#F0E442", "#CC79A7", "#BBBBBB", "#009E73",
};
/* Sequential blues, light to dark (ColorBrewer Blues). */
static const char *const blues[8] = {
    "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
    "#4292c6", "#2171b5", "#08519c", "#08306b",
};
/* Okabe-Ito hues ordered by lightness, dark to light. */
static const char *const hues[BAR_SVG_CATEGORIES_MAX] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00",
    "#F0E442",
};
/* Diverging orange-purple (ColorBrewer PuOr, colour-blind safe): the
 * negative side outermost first, the positive side innermost first. */
static const char *const neg_fill[3][3] = {
    {"#e08214"}, {"#b35806", "#fdb863"}, {"#b35806", "#f1a340", "#fee0b6"},
};
static const char *const pos_fill[3][3] = {
    {"#8073ac"}, {"#b2abd2", "#542788"}, {"#d8daeb", "#998ec3", "#542788"},
};
static const char neutral_fill[] = "#cccccc";
static const double sqrt_2pi = 2.50662827463100050242;

/* --- text ------------------------------------------------------------ */

/* Width of n bytes of UTF-8 at size px in the shipped font's regular
 * face (font.h: its own advance widths and kerning). */
static double width_n(const char *s, size_t n, double size, bool bold)
{
    return bar_font_width(s, n, size, bold);
}

double bar_svg_text_width(const char *s, double font_size)
{
    return s ? width_n(s, strlen(s), font_size, false) : 0.0;
}

/* Width of s in the bold face. */
static double bold_width(const char *s, double size)
{
    return s ? width_n(s, strlen(s), size, true) : 0.0;
}

/* A wrapped label: byte ranges of its lines into the source string. */
typedef struct lines {
    const char *s;
    size_t n;
    size_t start[MAX_LINES], len[MAX_LINES];
    bool ellipsis;   /* the last line was cut; "…" follows it */
    double widest;   /* px */
} lines;

/* Greedy word wrap of s at maxw px into at most maxlines lines; a word
 * wider than maxw keeps a line of its own; what does not fit on the last
 * line is cut at a character boundary and ends in an ellipsis. */
static void wrap(const char *s, double size, bool bold, double maxw,
                 size_t maxlines, lines *w)
{
    *w = (lines){.s = s ? s : ""};
    s = w->s;
    if (maxlines > MAX_LINES)
        maxlines = MAX_LINES;
    size_t n = strlen(s), i = 0;
    while (i < n && w->n < maxlines) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t end = i, j = i;
        while (j < n) {
            size_t k = j;
            while (k < n && s[k] != ' ')
                k++;
            if (end > i && width_n(s + i, k - i, size, bold) > maxw)
                break;
            end = k;
            j = k;
            while (j < n && s[j] == ' ')
                j++;
        }
        if (w->n == maxlines - 1 && j < n) {
            /* The last line: cut what does not fit. */
            end = n;
            while (end > i && s[end - 1] == ' ')
                end--;
            double ell = width_n("\xe2\x80\xa6", 3, size, bold);
            if (width_n(s + i, end - i, size, bold) > maxw) {
                w->ellipsis = true;
                while (end > i &&
                       width_n(s + i, end - i, size, bold) + ell > maxw) {
                    end--;
                    while (end > i && ((unsigned char)s[end] & 0xC0) == 0x80)
                        end--;
                }
                while (end > i && s[end - 1] == ' ')
                    end--;
            }
        }
        w->start[w->n] = i;
        w->len[w->n] = end - i;
        double lw = width_n(s + i, end - i, size, bold);
        if (w->ellipsis)
            lw += width_n("\xe2\x80\xa6", 3, size, bold);
        if (lw > w->widest)
            w->widest = lw;
        w->n++;
        i = end;
        if (w->ellipsis)
            break;
    }
    if (w->n == 0) {
        w->n = 1;
        w->start[0] = w->len[0] = 0;
    }
}

static void put_str(bar_buf *out, const char *s)
{
    bar_markup_text(out, s);
}

/* Further attributes of a label's <text>. */
typedef enum { PLAIN, BOLD, ITALIC } text_style;

static void put_style(bar_buf *out, text_style style)
{
    if (style == BOLD)
        bar_markup_literal(out, " font-weight=\"bold\"");
    else if (style == ITALIC)
        bar_markup_literal(out, " font-style=\"italic\"");
}

/* A wrapped label as one <text>: lines as <tspan>s, vertically centred on
 * cy, in `style`. */
static void put_lines(bar_buf *out, const lines *w, double x, double cy,
                      const char *anchor, int size, text_style style)
{
    double first = cy - (double)(w->n - 1) * LINE_H / 2.0 + size * 0.35;
    bar_markup_printf(out, "<text x=\"%.1f\" y=\"%.1f\" "
                           "text-anchor=\"%s\" font-size=\"%d\" "
                           "fill=\"%s\"",
                      x, first, anchor, size, ink);
    put_style(out, style);
    bar_markup_literal(out, ">");
    for (size_t l = 0; l < w->n; l++) {
        if (w->n > 1)
            bar_markup_printf(out, "<tspan x=\"%.1f\" dy=\"%d\">", x,
                              l ? LINE_H : 0);
        bar_markup_text_n(out, w->s + w->start[l], w->len[l]);
        if (w->ellipsis && l == w->n - 1)
            bar_markup_literal(out, "\xe2\x80\xa6");
        if (w->n > 1)
            bar_markup_literal(out, "</tspan>");
    }
    bar_markup_literal(out, "</text>\n");
}

/* One line of text in `style`; `s` is escaped. */
static void put_label(bar_buf *out, double x, double y, const char *anchor,
                      int size, const char *fill, text_style style,
                      const char *s)
{
    bar_markup_printf(out, "<text x=\"%.1f\" y=\"%.1f\" "
                           "text-anchor=\"%s\" font-size=\"%d\" "
                           "fill=\"%s\"",
                      x, y, anchor, size, fill);
    put_style(out, style);
    bar_markup_literal(out, ">");
    put_str(out, s);
    bar_markup_literal(out, "</text>\n");
}

/* v with dec decimals in lang's notation (numfmt.h); "–" for NAN. */
static const char *fmt(char *buf, size_t cap, double v, int dec,
                       bar_lang lang)
{
    return bar_numfmt_decimal(buf, cap, v, dec, lang);
}

/* A whole percentage ("47%"); whole numbers up to 100 read alike in both
 * languages, so the charts' callers need not pass one. */
static const char *pct(char *buf, size_t cap, double v)
{
    return bar_numfmt_percent(buf, cap, v, 0, BAR_LANG_NL);
}

/* Relative luminance (WCAG 2) of "#rrggbb"; white when unreadable. */
static double luminance(const char *hex)
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(hex, "#%2x%2x%2x", &r, &g, &b) != 3)
        return 1.0;
    double c[3] = {r / 255.0, g / 255.0, b / 255.0};
    for (int i = 0; i < 3; i++)
        c[i] = c[i] <= 0.04045 ? c[i] / 12.92
                               : pow((c[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* WCAG contrast ratio of two colours. */
static double contrast(const char *a, const char *b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* The colour of text on a fill: white where its contrast is at least
 * 4.5:1 (WCAG AA), else the ink, else black (which reaches 4.5:1 on any
 * fill white does not). */
static const char *text_on(const char *fill)
{
    if (contrast("#ffffff", fill) >= 4.5)
        return "#ffffff";
    if (contrast(ink, fill) >= 4.5)
        return ink;
    return "#000000";
}

static const char *sequential(size_t i, size_t k)
{
    if (k <= 1)
        return blues[4];
    /* Spread over the lighter seven with enough contrast between steps. */
    size_t lo = k <= 3 ? 2 : 1, hi = 7;
    return blues[lo + i * (hi - lo) / (k - 1)];
}

static void svg_open(bar_buf *out, double w, double h, const char *title,
                     const bar_buf *desc)
{
    w = ceil(w);
    h = ceil(h);
    bar_markup_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
                      "%.0f\" "
                      "role=\"img\" aria-label=\"",
                      w, h, w, h);
    put_str(out, title ? title : "");
    /* geometricPrecision: glyphs at their unrounded advances, so that
     * the text is as wide as measured at every scale (Chromium rounds
     * hinted advances to whole pixels otherwise) */
    bar_markup_printf(out, "\" font-family=\"%s\" font-size=\"%d\" "
                           "text-rendering=\"geometricPrecision\">\n<title>",
                      font_family, FONT);
    put_str(out, title ? title : "");
    bar_markup_literal(out, "</title>\n<desc>");
    if (desc->data)
        put_str(out, desc->data);
    bar_markup_literal(out, "</desc>\n");
}

/* Close the chart and turn the buffers' state into the status. */
static bar_status svg_close(bar_buf *out, bar_buf *desc, const char *title,
                            bar_error *err)
{
    bar_markup_literal(out, "</svg>\n");
    bar_status rc = bar_buf_status(desc);
    if (rc == BAR_OK)
        rc = bar_buf_status(out);
    if (rc != BAR_OK)
        bar_error_set(err, rc, "chart '%s': %s", title ? title : "",
                      bar_strerror(rc));
    return rc;
}

/* --- legend ---------------------------------------------------------- */

typedef enum swatch {
    SW_RECT, SW_THIN, SW_WHISKER, SW_LINE, SW_X, SW_CIRCLE, SW_BOX,
    SW_SQUARE, SW_OPEN_SQUARE, SW_OPEN_THIN, SW_DOT, SW_NONE
} swatch;

typedef struct legend {
    size_t n;
    swatch kind[LEGEND_MAX];
    const char *fill[LEGEND_MAX];
    const char *label[LEGEND_MAX];
} legend;

static void legend_add(legend *l, swatch kind, const char *fill,
                       const char *label)
{
    if (l->n < LEGEND_MAX && label) {
        l->kind[l->n] = kind;
        l->fill[l->n] = fill;
        l->label[l->n] = label;
        l->n++;
    }
}

static double entry_width(const legend *l, size_t i)
{
    return (l->kind[i] == SW_NONE ? 0 : 20) +
           bar_svg_text_width(l->label[i], SMALL);
}

/* Entries flow left to right from x0 and wrap at x0 + maxw; draws when
 * out is not NULL. Returns the height used. */
static double legend_flow(bar_buf *out, const legend *l, double x0,
                          double y0, double maxw)
{
    double x = x0, y = y0, row = LEGEND_LINE;
    for (size_t i = 0; i < l->n; i++) {
        double w = entry_width(l, i);
        double sw = l->kind[i] == SW_NONE ? 0 : 20;
        /* an entry wider than the legend wraps its words (the narrow
         * layout) and has a row of its own */
        lines text;
        wrap(l->label[i], SMALL, false, maxw - sw, MAX_LINES, &text);
        bool wraps = w > maxw && text.n > 1;
        if (x > x0 && (x + w > x0 + maxw || wraps)) {
            x = x0;
            y += row;
            row = LEGEND_LINE;
        }
        if (wraps) {
            w = sw + text.widest;
            row = (double)(text.n - 1) * LINE_H + LEGEND_LINE;
        }
        if (out) {
            double cy = y + 7;
            const char *f = l->fill[i];
            switch (l->kind[i]) {
            case SW_RECT:
                bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                       "width=\"14\" height=\"14\" "
                                       "fill=\"%s\" "
                                       "stroke=\"#555555\" "
                                       "stroke-width=\"0.5\"/>"
                                       "\n", x, y, f);
                break;
            case SW_THIN:
                bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                       "width=\"14\" height=\"9\" fill=\"%s\" "
                                       "stroke=\"#555555\" "
                                       "stroke-width=\"0.75\"/>\n",
                                  x, cy - 4.5, f);
                break;
            case SW_OPEN_THIN:
                bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                    "width=\"14\" height=\"9\" "
                                    "fill=\"#ffffff\" stroke=\"%s\" "
                                    "stroke-width=\"1.25\" "
                                    "stroke-dasharray=\"3 2\"/>\n",
                               x, cy - 4.5, f);
                break;
            case SW_WHISKER:
                bar_markup_printf(out, "<path d=\"M%.1f %.1fH%.1fM%.1f "
                                       "%.1fV%.1f"
                                       "M%.1f %.1fV%.1f\" stroke=\"%s\" "
                                       "stroke-width=\"1.5\" "
                                       "fill=\"none\"/>\n",
                                  x, cy, x + 14, x, cy - 5, cy + 5, x + 14,
                                  cy - 5, cy + 5, ink);
                break;
            case SW_LINE:
                bar_markup_printf(out, "<path d=\"M%.1f %.1fH%.1f\" "
                                       "stroke=\"%s\" stroke-width=\"2.5\" "
                                       "fill=\"none\"/>\n", x, cy, x + 14, f);
                break;
            case SW_X:
                bar_markup_printf(out, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f "
                                       "%.1fL%.1f %.1f\" stroke=\"%s\" "
                                       "stroke-width=\"2\" fill=\"none\"/>\n",
                                  x + 3, cy - 4, x + 11, cy + 4, x + 3, cy + 4,
                                  x + 11, cy - 4, f);
                break;
            case SW_CIRCLE:
                bar_markup_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
                                       "r=\"3.5\" fill=\"#ffffff\" "
                                       "stroke=\"%s\" "
                                       "stroke-width=\"1.2\"/>\n",
                                  x + 7, cy, f);
                break;
            case SW_BOX:
                bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                       "width=\"14\" "
                                       "height=\"12\" fill=\"%s\" "
                                       "stroke=\"%s\" "
                                       "stroke-width=\"1\"/><path d=\"M%.1f "
                                       "%.1fV%.1f\" stroke=\"%s\" "
                                       "stroke-width=\"2.5\"/>\n",
                                  x, cy - 6, f, ink, x + 7, cy - 6, cy + 6,
                                  ink);
                break;
            case SW_SQUARE:
            case SW_OPEN_SQUARE:
                bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                       "width=\"9\" "
                                       "height=\"9\" fill=\"%s\" "
                                       "stroke=\"%s\" "
                                       "stroke-width=\"1.5\"/>\n",
                                  x + 2.5, cy - 4.5,
                                  l->kind[i] == SW_SQUARE ? f : "#ffffff", f);
                break;
            case SW_DOT:
                bar_markup_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
                                       "r=\"%d\" fill=\"%s\" "
                                       "stroke=\"%s\" "
                                       "stroke-width=\"1\"/>\n",
                                  x + 7, cy, DOT_R, f, ink);
                break;
            case SW_NONE:
                break;
            }
            if (wraps)
                put_lines(out, &text, x + sw,
                          y + 11 - SMALL * 0.35 +
                              (double)(text.n - 1) * LINE_H / 2.0,
                          "start", SMALL, PLAIN);
            else
                put_label(out, x + sw, y + 11, "start", SMALL, ink, PLAIN,
                          l->label[i]);
        }
        x += w + 16;
        if (wraps)
            x = x0 + maxw + 1; /* the next entry starts a new row */
    }
    return l->n ? y - y0 + row : 0;
}

/* --- axes ------------------------------------------------------------ */

/* A tick step of 1, 2, 2.5 or 5 x 10^k giving at most `most` intervals. */
static double nice_step(double range, int most)
{
    if (!(range > 0))
        return 1;
    double raw = range / most, mag = pow(10, floor(log10(raw)));
    static const double m[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < 5; i++)
        if (m[i] * mag >= raw - 1e-12)
            return m[i] * mag;
    return 10 * mag;
}

/* Decimals needed to write multiples of step. */
static int step_decimals(double step)
{
    int d = 0;
    while (d < 4 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9)
        d++;
    return d;
}

/* --- labels in a column ---------------------------------------------- */

/* Wrap each of n labels (bold[i]: in the bold face; bold may be NULL)
 * and return the label column's width: widest line + 2 GAP, within
 * LABEL_MIN..LABEL_MAX. */
static double label_column_bold(lines *w, size_t n,
                                const char *const *labels, const bool *bold)
{
    double col = LABEL_MIN;
    for (size_t i = 0; i < n; i++) {
        wrap(labels[i], FONT, bold && bold[i], LABEL_WRAP, MAX_LINES, &w[i]);
        if (w[i].widest + 2 * GAP > col)
            col = w[i].widest + 2 * GAP;
    }
    return ceil(col > LABEL_MAX ? LABEL_MAX : col);
}

/* label_column with every label in the regular face. */
static double label_column(lines *w, size_t n, const char *const *labels)
{
    return label_column_bold(w, n, labels, NULL);
}

/* --- the narrow (phone) layout ---------------------------------------- */

enum {
    N_LABEL_X = 4,    /* a label's left edge */
    N_LEFT = 14,      /* the plot's left edge (room for "0%" under it) */
    N_RIGHT = 16      /* room right of the plot for "100%" under it */
};

/* Narrow: wrap each label at the chart's width (bold[i]: bold face; bold
 * may be NULL). */
static void label_rows(lines *w, size_t n, const char *const *labels,
                       const bool *bold)
{
    for (size_t i = 0; i < n; i++)
        wrap(labels[i], FONT, bold && bold[i],
             BAR_SVG_NARROW_W - 2 * N_LABEL_X, MAX_LINES, &w[i]);
}

/* The height of a row holding the label w and content ch px high: beside
 * the label (wide) or under it (narrow). *off: the content's top from the
 * row's top. */
static double row_height(const lines *w, bool narrow, double ch,
                         double *off)
{
    double lh = (double)w->n * LINE_H;
    if (narrow) {
        *off = lh + 2;
        return lh + 2 + ch;
    }
    double h = lh > ch ? lh : ch;
    *off = (h - ch) / 2;
    return h;
}

/* A row's label: right-aligned in the label column, centred on the
 * content (wide), or left-aligned at the row's top (narrow). */
static void row_label(bar_buf *out, const lines *w, bool narrow,
                      double label_w, double row_y, double content_mid,
                      text_style style)
{
    if (narrow) {
        /* on white, so that the grid under it does not cross the words */
        bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                               "width=\"%.1f\" height=\"%.1f\" "
                               "fill=\"#ffffff\"/>\n",
                          N_LABEL_X - 2.0, row_y + 1, w->widest + 4,
                          (double)w->n * LINE_H);
        put_lines(out, w, N_LABEL_X, row_y + (double)w->n * LINE_H / 2.0,
                  "start", FONT, style);
    }
    else
        put_lines(out, w, label_w - GAP, content_mid, "end", FONT, style);
}

/* "label (n = N)" into a new string; NULL when out of memory. */
static char *with_n(const char *label, int64_t n, bool show, bar_lang lang)
{
    const char *l = label ? label : "";
    size_t cap = strlen(l) + 40;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    char num[BAR_NUMFMT_MAX];
    if (show)
        snprintf(s, cap, "%s (n\xc2\xa0=\xc2\xa0%s)", l,
                 bar_numfmt_count(num, sizeof num, (double)n, lang));
    else
        snprintf(s, cap, "%s", l);
    return s;
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

/* An array of n labelled-with-n strings; NULL when out of memory. */
static char **labels_with_n(size_t n, const char *(*label)(const void *,
                                                            size_t),
                            int64_t (*count)(const void *, size_t),
                            bool (*show)(const void *, size_t),
                            const void *ctx, bar_lang lang)
{
    char **s = calloc(n ? n : 1, sizeof *s);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        s[i] = with_n(label(ctx, i), count(ctx, i), show(ctx, i), lang);
        if (!s[i]) {
            free_strings(s, i);
            return NULL;
        }
    }
    return s;
}

static bool is_percent(double v)
{
    return isnan(v) || (v >= 0.0 && v <= 100.0);
}

/* === 1, 2. Bars with whiskers and benchmark bars ====================== */

enum {
    BAR_PLOT_W = 420,     /* width of 0-100% */
    BAR_H = 20,
    MARK_H = 12,
    MARK_ROW = 16,
    GROUP_GAP = 12,
    AXIS_H = 24,
    N_MARK_LABEL = 14     /* narrow: a comparison's name above its bar */
};

static double bar_x(double left, double v, double top)
{
    return left + BAR_PLOT_W * v / top;
}

/* The end of a percentage axis that fits values up to `most`: 100% with
 * ticks every 25 when a value passes 60%, else the multiple of a nice
 * step (1, 2, 2.5 or 5 x 10^k, at most five intervals) at or above the
 * largest value, so that small shares are not squeezed against the zero
 * line, which is kept. The step goes to *step. */
static double percent_top(double most, double *step)
{
    /* whole-percent steps, so every tick reads as a whole percentage */
    static const double steps[] = {1, 2, 5, 10, 20};
    if (most > 0 && most <= 60)
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
            if (most / steps[i] <= 5 + 1e-9) {
                *step = steps[i];
                return ceil(most / steps[i] - 1e-9) * steps[i];
            }
    *step = 25;
    return 100;
}

/* The value text of mark m ("bijna 77% *"). */
static void mark_text(const bar_svg_mark *m, char *buf, size_t cap)
{
    char p[32];
    snprintf(buf, cap, "%s%s%s", m->prefix ? m->prefix : "",
             pct(p, sizeof p, m->value), m->significant ? " *" : "");
}

bar_status bar_svg_bar_chart(bar_buf *out, const bar_svg_chart *chart,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    lines *labels = NULL;
    const char **texts = NULL;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    bar_lang lang = chart->lang;
    for (size_t i = 0; i < chart->nbars; i++) {
        const bar_svg_bar *b = &chart->bars[i];
        if (!is_percent(b->value) || !is_percent(b->low) ||
            !is_percent(b->high)) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': bar %zu is "
                               "not a percentage", title, i + 1);
            goto cleanup;
        }
    }
    bool any_sig = false, any_approx = false, any_context = false;
    for (size_t i = 0; i < chart->nmarks; i++) {
        const bar_svg_mark *m = &chart->marks[i];
        if (m->bar >= chart->nbars || m->series >= BAR_SVG_SERIES_MAX ||
            !is_percent(m->value) || isnan(m->value)) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': comparison %zu "
                               "is out of range", title, i + 1);
            goto cleanup;
        }
        if ((m->approximate || m->context) && m->significant) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': comparison %zu "
                               "is approximate or context only, so it "
                               "cannot be significant", title, i + 1);
            goto cleanup;
        }
        any_sig = any_sig || m->significant;
        any_approx = any_approx || m->approximate;
        any_context = any_context || m->context;
    }
    labels = calloc(chart->nbars ? chart->nbars : 1, sizeof *labels);
    texts = calloc(chart->nbars ? chart->nbars : 1, sizeof *texts);
    if (!labels || !texts) {
        rc = bar_error_set(err, BAR_ENOMEM, "chart: out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < chart->nbars; i++)
        texts[i] = chart->bars[i].label;

    /* The axis: up to the largest value, whisker or comparison. */
    double most = 0;
    for (size_t i = 0; i < chart->nbars; i++) {
        const bar_svg_bar *b = &chart->bars[i];
        most = fmax(most, isnan(b->value) ? 0 : b->value);
        most = fmax(most, isnan(b->high) ? 0 : b->high);
    }
    for (size_t i = 0; i < chart->nmarks; i++)
        most = fmax(most, chart->marks[i].value);
    double step = 25, top = percent_top(most, &step);

    /* Widths and heights. */
    bool nar = chart->narrow;
    char buf[128], p[32];
    double label_w = N_LEFT, span = top;
    if (nar) {
        /* the plot leaves room right of it for the widest value text */
        label_rows(labels, chart->nbars, texts, NULL);
        double room = bar_svg_text_width("100%", SMALL) / 2;
        for (size_t i = 0; i < chart->nbars; i++)
            room = fmax(room, bold_width(pct(p, sizeof p,
                                             chart->bars[i].value), FONT) +
                                  14);
        for (size_t i = 0; i < chart->nmarks; i++) {
            mark_text(&chart->marks[i], buf, sizeof buf);
            room = fmax(room, bar_svg_text_width(buf, SMALL) + 14);
        }
        double plot_w = BAR_SVG_NARROW_W - label_w - room;
        span = top * BAR_PLOT_W / plot_w;
    } else {
        label_w = label_column(labels, chart->nbars, texts);
        for (size_t i = 0; i < chart->nmarks; i++) {
            double w = bar_svg_text_width(chart->marks[i].label, SMALL) +
                       2 * GAP;
            if (w > label_w)
                label_w = ceil(w > LABEL_MAX ? LABEL_MAX : w);
        }
    }
    double right = nar ? BAR_SVG_NARROW_W : label_w + BAR_PLOT_W + 40;
    for (size_t i = 0; i < chart->nbars; i++) {
        const bar_svg_bar *b = &chart->bars[i];
        if (isnan(b->value))
            continue;
        double end = !isnan(b->high) && b->high > b->value ? b->high
                                                           : b->value;
        double r = bar_x(label_w, end, span) + 6 +
                   bold_width(pct(p, sizeof p, b->value), FONT) + 8;
        if (r > right)
            right = r;
    }
    for (size_t i = 0; i < chart->nmarks; i++) {
        mark_text(&chart->marks[i], buf, sizeof buf);
        double r = bar_x(label_w, chart->marks[i].value, span) + 6 +
                   bar_svg_text_width(buf, SMALL) + 8;
        if (r > right)
            right = r;
    }
    double plot_top = TOP_PAD, y = plot_top;
    for (size_t i = 0; i < chart->nbars; i++) {
        double off;
        y += row_height(&labels[i], nar, BAR_H, &off) + 4;
        for (size_t m = 0; m < chart->nmarks; m++)
            if (chart->marks[m].bar == i)
                y += MARK_ROW + (nar ? N_MARK_LABEL : 0);
        y += GROUP_GAP;
    }
    double plot_bottom = y;
    legend lg = {0};
    legend_add(&lg, SW_RECT, main_fill, chart->main_label ? chart->main_label
                                                          : "");
    legend_add(&lg, SW_WHISKER, ink, chart->interval_label);
    for (size_t s = 0; chart->series_labels && s < chart->nseries &&
                       s < BAR_SVG_SERIES_MAX; s++) {
        /* a series all of whose bars are open has no filled swatch to
         * explain (its bars are labelled directly) */
        bool filled = false;
        for (size_t m = 0; m < chart->nmarks; m++)
            filled |= chart->marks[m].series == s &&
                      !chart->marks[m].approximate &&
                      !chart->marks[m].context;
        if (filled || chart->nmarks == 0)
            legend_add(&lg, SW_THIN, series_fill[s],
                       chart->series_labels[s]);
    }
    if (any_approx)
        legend_add(
            &lg, SW_OPEN_THIN, ink,
            chart->approximate_label
                ? chart->approximate_label
                : bar_tr(lang, "open bar: approximate value, not tested"));
    if (any_context)
        legend_add(
            &lg, SW_OPEN_THIN, ink,
            chart->context_label
                ? chart->context_label
                : bar_tr(lang, "open bar: for context only, not tested"));
    if (any_sig)
        legend_add(&lg, SW_NONE, NULL,
                   chart->significance_label
                       ? chart->significance_label
                       : bar_tr(lang,
                                "* difference from this wave significant "
                                "(p < 0.05)"));
    double legend_x = nar ? N_LABEL_X : label_w;
    double legend_w = right - legend_x - (nar ? N_LABEL_X : 0);
    double legend_h = legend_flow(NULL, &lg, legend_x, 0, legend_w);
    double width = right;
    double height = plot_bottom + AXIS_H + 8 + legend_h;

    /* The summary. */
    char lo[BAR_NUMFMT_MAX], hi[BAR_NUMFMT_MAX];
    for (size_t i = 0; i < chart->nbars; i++) {
        const bar_svg_bar *b = &chart->bars[i];
        bar_buf_printf(&desc, "%s%s: ", i ? "; " : "",
                       b->label ? b->label : "");
        if (isnan(b->value))
            bar_buf_puts(&desc, bar_tr(lang, "not shown"));
        else
            bar_buf_puts(&desc, pct(p, sizeof p, b->value));
        if (!isnan(b->value) && !isnan(b->low) && !isnan(b->high))
            bar_buf_printf(&desc, " (%s %s\xe2\x80\x93%s)",
                           bar_tr(lang, "interval"),
                           fmt(lo, sizeof lo, b->low, 0, lang),
                           fmt(hi, sizeof hi, b->high, 0, lang));
        for (size_t m = 0; m < chart->nmarks; m++) {
            const bar_svg_mark *mk = &chart->marks[m];
            if (mk->bar != i)
                continue;
            mark_text(mk, buf, sizeof buf);
            bar_buf_printf(&desc, ", %s %s", mk->label ? mk->label : "", buf);
        }
    }
    if (chart->nbars)
        bar_buf_puts(&desc, ".");
    svg_open(out, width, height, title, &desc);

    /* Gridlines and axis labels. */
    for (double t = 0; t <= top + 1e-9; t += step) {
        double x = bar_x(label_w, t, span);
        bar_markup_printf(out,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                          "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>\n",
                          x, plot_top, x, plot_bottom,
                          t == 0 ? "#333333" : grid);
        pct(p, sizeof p, t);
        put_label(out, x, plot_bottom + 16, "middle", SMALL, grey_text, PLAIN,
                  p);
    }

    /* Bars. */
    y = plot_top;
    for (size_t i = 0; i < chart->nbars; i++) {
        const bar_svg_bar *b = &chart->bars[i];
        const lines *w = &labels[i];
        double off;
        double row_h = row_height(w, nar, BAR_H, &off);
        double bar_y = y + off;
        row_label(out, w, nar, label_w, y, bar_y + BAR_H / 2.0, PLAIN);
        if (!isnan(b->value)) {
            double end = b->value;
            bar_markup_printf(out,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                              "height=\"%d\" fill=\"%s\"/>\n",
                              label_w, bar_y, BAR_PLOT_W * b->value / span,
                              BAR_H, main_fill);
            if (!isnan(b->low) && !isnan(b->high)) {
                double cy = bar_y + BAR_H / 2.0;
                double x1 = bar_x(label_w, b->low, span);
                double x2 = bar_x(label_w, b->high, span);
                bar_markup_printf(out,
                                  "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1f"
                                  "M%.1f %.1fV%.1f\" stroke=\"%s\" "
                                  "stroke-width=\"1.5\" fill=\"none\"/>\n",
                                  x1, cy, x2, x1, cy - 5, cy + 5, x2, cy - 5,
                                  cy + 5, ink);
                if (b->high > end)
                    end = b->high;
            }
            put_label(out, bar_x(label_w, end, span) + 6, bar_y + 15, "start",
                      FONT, ink, BOLD,
                      pct(p, sizeof p, b->value));
        }
        y += row_h + 4;
        for (size_t m = 0; m < chart->nmarks; m++) {
            const bar_svg_mark *mk = &chart->marks[m];
            if (mk->bar != i)
                continue;
            if (nar) {
                /* the comparison's name on its own line above its bar */
                put_label(out, label_w, y + 11, "start", SMALL, grey_text,
                          PLAIN, mk->label ? mk->label : "");
                y += N_MARK_LABEL;
            } else {
                put_label(out, label_w - GAP, y + 12, "end", SMALL,
                          grey_text, PLAIN, mk->label ? mk->label : "");
            }
            double my = y + (MARK_ROW - MARK_H) / 2.0;
            if (mk->approximate || mk->context)
                bar_markup_printf(out,
                               "<rect x=\"%.1f\" y=\"%.1f\" "
                               "width=\"%.1f\" height=\"%d\" "
                               "fill=\"#ffffff\" stroke=\"%s\" "
                               "stroke-width=\"1.25\" "
                               "stroke-dasharray=\"3 2\"/>\n",
                               label_w, my, BAR_PLOT_W * mk->value / span,
                               MARK_H, ink);
            else
                bar_markup_printf(out,
                               "<rect x=\"%.1f\" y=\"%.1f\" "
                               "width=\"%.1f\" height=\"%d\" "
                               "fill=\"%s\" stroke=\"#555555\" "
                               "stroke-width=\"0.75\"/>\n",
                               label_w, my, BAR_PLOT_W * mk->value / span,
                               MARK_H, series_fill[mk->series]);
            mark_text(mk, buf, sizeof buf);
            put_label(out, bar_x(label_w, mk->value, span) + 6, y + 12, "start",
                      SMALL, grey_text, PLAIN, buf);
            y += MARK_ROW;
        }
        y += GROUP_GAP;
    }
    legend_flow(out, &lg, legend_x, plot_bottom + AXIS_H + 8, legend_w);
    rc = svg_close(out, &desc, title, err);
cleanup:
    free(labels);
    free(texts);
    bar_buf_clear(&desc);
    return rc;
}

/* === 3. Diverging stacked bars ======================================== */

enum {
    DIV_PLOT_W = 440,
    DIV_BAR_H = 22,
    ROW_GAP = 10
};

/* The fill of category c of a diverging scale. */
static const char *diverging_fill(const bar_svg_likert *c, size_t i)
{
    size_t npos = c->ncategories - c->nnegative - (c->neutral ? 1 : 0);
    if (i < c->nnegative) {
        size_t k = c->nnegative > 3 ? 3 : c->nnegative;
        size_t j = i >= k ? k - 1 : i;
        /* more than three: the outer ones share the darkest */
        if (c->nnegative > 3)
            j = i + 3 >= c->nnegative ? i + 3 - c->nnegative : 0;
        return neg_fill[k - 1][j];
    }
    if (c->neutral && i == c->nnegative)
        return neutral_fill;
    size_t j = i - c->nnegative - (c->neutral ? 1 : 0);
    size_t k = npos > 3 ? 3 : npos;
    if (npos > 3)
        j = j < 3 ? j : 2;
    return pos_fill[k - 1][j];
}

/* Left and right extent (percent) of an item around the zero line. */
static void extent(const bar_svg_likert *c, const double *p, double *left,
                   double *right)
{
    double l = 0, r = 0;
    for (size_t i = 0; i < c->ncategories; i++) {
        double v = isnan(p[i]) ? 0 : p[i];
        if (i < c->nnegative)
            l += v;
        else if (c->neutral && i == c->nnegative) {
            l += v / 2;
            r += v / 2;
        } else
            r += v;
    }
    *left = l;
    *right = r;
}

static const char *likert_label(const void *ctx, size_t i)
{
    return ((const bar_svg_likert *)ctx)->items[i].label;
}

static int64_t likert_n(const void *ctx, size_t i)
{
    return ((const bar_svg_likert *)ctx)->items[i].n;
}

static bool likert_show(const void *ctx, size_t i)
{
    return ((const bar_svg_likert *)ctx)->items[i].n > 0;
}

/* A percentage inside a segment x..x+w when it fits. */
static void segment_text(bar_buf *out, double x, double w, double y,
                         double h, double v, const char *fill)
{
    char p[32];
    pct(p, sizeof p, v);
    if (bar_svg_text_width(p, TINY) + 4 > w)
        return;
    put_label(out, x + w / 2, y + h / 2 + TINY * 0.35, "middle", TINY,
              text_on(fill), PLAIN, p);
}

/* The axis under a percentage plot: ticks from `from` to `to` (percent,
 * multiples of 25) at zero + v * scale, labelled with |v|. */
static void percent_axis(bar_buf *out, double zero, double scale,
                         double from, double to, double step, double top,
                         double bottom)
{
    char p[32];
    for (double t = from; t <= to + 1e-9; t += step) {
        double x = zero + t * scale;
        bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                               "y2=\"%.1f\" stroke=\"%s\" "
                               "stroke-width=\"1\"/>\n",
                          x, top, x, bottom, grid);
        pct(p, sizeof p, fabs(t));
        put_label(out, x, bottom + 16, "middle", SMALL, grey_text, PLAIN, p);
    }
}

bar_status bar_svg_likert_chart(bar_buf *out, const bar_svg_likert *chart,
                                bar_error *err)
{
    bar_status rc = BAR_OK;
    lines *labels = NULL;
    char **texts = NULL;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    bar_lang lang = chart->lang;
    size_t k = chart->ncategories;
    if (k < 1 || k > BAR_SVG_CATEGORIES_MAX ||
        chart->nnegative + (chart->neutral ? 1 : 0) > k) {
        rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': %zu categories "
                           "with %zu negative do not make a scale", title, k,
                           chart->nnegative);
        goto cleanup;
    }
    for (size_t i = 0; i < chart->nitems; i++) {
        const double *p = chart->items[i].percents;
        for (size_t c = 0; p && c < k; c++)
            if (!is_percent(p[c])) {
                rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': item %zu, "
                                   "category %zu is not a percentage", title,
                                   i + 1, c + 1);
                goto cleanup;
            }
    }
    labels = calloc(chart->nitems ? chart->nitems : 1, sizeof *labels);
    texts = labels_with_n(chart->nitems, likert_label, likert_n, likert_show,
                          chart, chart->lang);
    if (!labels || !texts) {
        rc = bar_error_set(err, BAR_ENOMEM, "chart: out of memory");
        goto cleanup;
    }
    bool nar = chart->narrow;
    double label_w = N_LEFT, plot_w = DIV_PLOT_W;
    if (nar) {
        label_rows(labels, chart->nitems, (const char *const *)texts, NULL);
        plot_w = BAR_SVG_NARROW_W - N_LEFT - N_RIGHT;
    } else {
        label_w = label_column(labels, chart->nitems,
                               (const char *const *)texts);
    }
    double lmax = 0, rmax = 0;
    for (size_t i = 0; i < chart->nitems; i++) {
        if (!chart->items[i].percents)
            continue;
        double l, r;
        extent(chart, chart->items[i].percents, &l, &r);
        lmax = l > lmax ? l : lmax;
        rmax = r > rmax ? r : rmax;
    }
    lmax = ceil(lmax / 25 - 1e-9) * 25;
    rmax = ceil(rmax / 25 - 1e-9) * 25;
    if (lmax < 25 && chart->nnegative + (chart->neutral ? 1 : 0) > 0)
        lmax = 25;
    if (rmax < 25)
        rmax = 25;
    double scale = plot_w / (lmax + rmax);
    double zero = label_w + lmax * scale;
    double width = nar ? BAR_SVG_NARROW_W : label_w + DIV_PLOT_W + 24;
    double plot_top = TOP_PAD, y = plot_top;
    for (size_t i = 0; i < chart->nitems; i++) {
        double off;
        y += row_height(&labels[i], nar, DIV_BAR_H, &off) + ROW_GAP;
    }
    double plot_bottom = y;
    legend lg = {0};
    for (size_t c = 0; c < k; c++)
        legend_add(&lg, SW_RECT, diverging_fill(chart, c),
                   chart->categories ? chart->categories[c] : "");
    double legend_h = legend_flow(NULL, &lg, 8, 0, width - 16);
    double height = plot_bottom + AXIS_H + 8 + legend_h;

    char p[32];
    for (size_t i = 0; i < chart->nitems; i++) {
        const bar_svg_likert_item *it = &chart->items[i];
        bar_buf_printf(&desc, "%s%s: ", i ? "; " : "", texts[i]);
        if (!it->percents) {
            bar_buf_puts(&desc, bar_tr(lang, "too few answers"));
            continue;
        }
        for (size_t c = 0; c < k; c++)
            bar_buf_printf(&desc, "%s%s %s", c ? ", " : "",
                           chart->categories ? chart->categories[c] : "",
                           pct(p, sizeof p, it->percents[c]));
    }
    if (chart->nitems)
        bar_buf_puts(&desc, ".");
    svg_open(out, width, height, title, &desc);
    percent_axis(out, zero, scale, -lmax, rmax, 25, plot_top, plot_bottom);
    /* The zero line under the bars: visible between them, never through
     * the neutral segment's percentage. */
    bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                           "y2=\"%.1f\" stroke=\"%s\" "
                           "stroke-width=\"1.5\"/>\n",
                      zero, plot_top - 4, zero, plot_bottom, ink);

    y = plot_top;
    for (size_t i = 0; i < chart->nitems; i++) {
        const bar_svg_likert_item *it = &chart->items[i];
        double off;
        double row_h = row_height(&labels[i], nar, DIV_BAR_H, &off);
        double bar_y = y + off;
        row_label(out, &labels[i], nar, label_w, y, bar_y + DIV_BAR_H / 2.0,
                  PLAIN);
        if (!it->percents) {
            put_label(out, zero + 6, bar_y + 15, "start", SMALL, grey_text,
                      ITALIC,
                      bar_tr(lang, "too few answers"));
        } else {
            double l, r;
            extent(chart, it->percents, &l, &r);
            double x = zero - l * scale;
            for (size_t c = 0; c < k; c++) {
                double v = isnan(it->percents[c]) ? 0 : it->percents[c];
                double w = v * scale;
                const char *f = diverging_fill(chart, c);
                if (w > 0) {
                    bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                           "width=\"%.1f\" height=\"%d\" "
                                           "fill=\"%s\" stroke=\"#ffffff\" "
                                           "stroke-width=\"0.5\"/>\n",
                                      x, bar_y, w, DIV_BAR_H, f);
                    segment_text(out, x, w, bar_y, DIV_BAR_H, v, f);
                }
                x += w;
            }
        }
        y += row_h + ROW_GAP;
    }
    legend_flow(out, &lg, 8, plot_bottom + AXIS_H + 8, width - 16);
    rc = svg_close(out, &desc, title, err);
cleanup:
    free(labels);
    free_strings(texts, chart->nitems);
    bar_buf_clear(&desc);
    return rc;
}

/* === 6a. 100% stacked bars ============================================ */

static const char *stack_label(const void *ctx, size_t i)
{
    return ((const bar_svg_stacked *)ctx)->rows[i].label;
}

static int64_t stack_n(const void *ctx, size_t i)
{
    return ((const bar_svg_stacked *)ctx)->rows[i].n;
}

static bool stack_show(const void *ctx, size_t i)
{
    return ((const bar_svg_stacked *)ctx)->rows[i].n > 0;
}

static const char *stack_fill(const bar_svg_stacked *c, size_t i)
{
    return c->ordinal ? sequential(i, c->ncategories) : hues[i];
}

bar_status bar_svg_stacked_chart(bar_buf *out, const bar_svg_stacked *chart,
                                 bar_error *err)
{
    bar_status rc = BAR_OK;
    lines *labels = NULL;
    char **texts = NULL;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    bar_lang lang = chart->lang;
    size_t k = chart->ncategories;
    if (k < 1 || k > BAR_SVG_CATEGORIES_MAX) {
        rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': %zu categories "
                           "(1-%d)", title, k, BAR_SVG_CATEGORIES_MAX);
        goto cleanup;
    }
    for (size_t i = 0; i < chart->nrows; i++) {
        const double *p = chart->rows[i].percents;
        for (size_t c = 0; p && c < k; c++)
            if (!is_percent(p[c])) {
                rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': row %zu, "
                                   "category %zu is not a percentage", title,
                                   i + 1, c + 1);
                goto cleanup;
            }
    }
    labels = calloc(chart->nrows ? chart->nrows : 1, sizeof *labels);
    texts = labels_with_n(chart->nrows, stack_label, stack_n, stack_show,
                          chart, chart->lang);
    if (!labels || !texts) {
        rc = bar_error_set(err, BAR_ENOMEM, "chart: out of memory");
        goto cleanup;
    }
    bool nar = chart->narrow;
    double label_w = N_LEFT, plot_w = DIV_PLOT_W;
    if (nar) {
        label_rows(labels, chart->nrows, (const char *const *)texts, NULL);
        plot_w = BAR_SVG_NARROW_W - N_LEFT - N_RIGHT;
    } else {
        label_w = label_column(labels, chart->nrows,
                               (const char *const *)texts);
    }
    double scale = plot_w / 100.0;
    double width = nar ? BAR_SVG_NARROW_W : label_w + DIV_PLOT_W + 24;
    double legend_x = nar ? N_LABEL_X : label_w;
    double plot_top = TOP_PAD, y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        double off;
        y += row_height(&labels[i], nar, DIV_BAR_H, &off) + ROW_GAP;
    }
    double plot_bottom = y;
    legend lg = {0};
    for (size_t c = 0; c < k; c++)
        legend_add(&lg, SW_RECT, stack_fill(chart, c),
                   chart->categories ? chart->categories[c] : "");
    double legend_h = legend_flow(NULL, &lg, legend_x, 0,
                                  width - legend_x - N_LABEL_X);
    double height = plot_bottom + AXIS_H + 8 + legend_h;

    char p[32];
    for (size_t i = 0; i < chart->nrows; i++) {
        const bar_svg_stack_row *r = &chart->rows[i];
        bar_buf_printf(&desc, "%s%s: ", i ? "; " : "", texts[i]);
        if (!r->percents) {
            bar_buf_puts(&desc, bar_tr(lang, "too few answers"));
            continue;
        }
        for (size_t c = 0; c < k; c++)
            bar_buf_printf(&desc, "%s%s %s", c ? ", " : "",
                           chart->categories ? chart->categories[c] : "",
                           pct(p, sizeof p, r->percents[c]));
    }
    if (chart->nrows)
        bar_buf_puts(&desc, ".");
    svg_open(out, width, height, title, &desc);
    percent_axis(out, label_w, scale, 0, 100, 25, plot_top, plot_bottom);
    y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        const bar_svg_stack_row *r = &chart->rows[i];
        double off;
        double row_h = row_height(&labels[i], nar, DIV_BAR_H, &off);
        double bar_y = y + off;
        row_label(out, &labels[i], nar, label_w, y, bar_y + DIV_BAR_H / 2.0,
                  PLAIN);
        if (!r->percents) {
            put_label(out, label_w + 6, bar_y + 15, "start", SMALL,
                      grey_text, ITALIC,
                      bar_tr(lang, "too few answers"));
        } else {
            double x = label_w;
            for (size_t c = 0; c < k; c++) {
                double v = isnan(r->percents[c]) ? 0 : r->percents[c];
                double w = v * scale;
                const char *f = stack_fill(chart, c);
                if (w > 0) {
                    bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                           "width=\"%.1f\" height=\"%d\" "
                                           "fill=\"%s\" stroke=\"#ffffff\" "
                                           "stroke-width=\"0.5\"/>\n",
                                      x, bar_y, w, DIV_BAR_H, f);
                    segment_text(out, x, w, bar_y, DIV_BAR_H, v, f);
                }
                x += w;
            }
        }
        y += row_h + ROW_GAP;
    }
    bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                           "y2=\"%.1f\" stroke=\"#333333\" "
                           "stroke-width=\"1\"/>\n",
                      label_w, plot_top, label_w, plot_bottom);
    legend_flow(out, &lg, legend_x, plot_bottom + AXIS_H + 8,
                width - legend_x - N_LABEL_X);
    rc = svg_close(out, &desc, title, err);
cleanup:
    free(labels);
    free_strings(texts, chart->nrows);
    bar_buf_clear(&desc);
    return rc;
}

/* === 6b. Grouped bars ================================================= */

/* The checks of a grouped or dot chart (1 to BAR_SVG_SERIES_MAX series,
 * every value a percentage) and its row labels' array, zeroed (*labels:
 * the caller's to free). BAR_EUSAGE, BAR_ENOMEM. */
static bar_status grouped_start(const bar_svg_grouped *chart, lines **labels,
                                bar_error *err)
{
    const char *title = chart->title ? chart->title : "";
    size_t ns = chart->nseries;
    if (ns < 1 || ns > BAR_SVG_SERIES_MAX)
        return bar_error_set(err, BAR_EUSAGE, "chart '%s': %zu series "
                             "(1-%d)", title, ns, BAR_SVG_SERIES_MAX);
    for (size_t i = 0; i < chart->nrows * ns; i++)
        if (!is_percent(chart->values[i]))
            return bar_error_set(err, BAR_EUSAGE, "chart '%s': row %zu, "
                                 "series %zu is not a percentage", title,
                                 i / ns + 1, i % ns + 1);
    *labels = calloc(chart->nrows ? chart->nrows : 1, sizeof **labels);
    if (!*labels)
        return bar_error_set(err, BAR_ENOMEM, "chart: out of memory");
    return BAR_OK;
}

enum { GROUP_BAR_H = 13, GROUP_BAR_GAP = 2 };

bar_status bar_svg_grouped_chart(bar_buf *out, const bar_svg_grouped *chart,
                                 bar_error *err)
{
    bar_status rc = BAR_OK;
    lines *labels = NULL;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    size_t ns = chart->nseries;
    if ((rc = grouped_start(chart, &labels, err)) != BAR_OK)
        goto cleanup;
    bool nar = chart->narrow;
    double label_w = N_LEFT;
    if (nar)
        label_rows(labels, chart->nrows, chart->rows, NULL);
    else
        label_w = label_column(labels, chart->nrows, chart->rows);
    double most = 0;
    for (size_t i = 0; i < chart->nrows * ns; i++)
        most = isnan(chart->values[i]) ? most : fmax(most, chart->values[i]);
    double step = 25, axis_top = percent_top(most, &step);
    double plot_w = nar ? BAR_SVG_NARROW_W - N_LEFT - 4 -
                              bar_svg_text_width("100%", SMALL) - 8
                        : BAR_PLOT_W;
    double scale = plot_w / axis_top;
    double cluster_h = (double)ns * GROUP_BAR_H +
                       (double)(ns - 1) * GROUP_BAR_GAP;
    char p[32];
    double right = nar ? BAR_SVG_NARROW_W : label_w + BAR_PLOT_W + 40;
    for (size_t i = 0; i < chart->nrows * ns; i++) {
        double v = chart->values[i];
        if (isnan(v))
            continue;
        double r = label_w + v * scale + 4 +
                   bar_svg_text_width(pct(p, sizeof p, v), SMALL) + 8;
        right = r > right ? r : right;
    }
    double width = right;
    double plot_top = TOP_PAD, y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        double off;
        y += row_height(&labels[i], nar, cluster_h, &off) + GROUP_GAP;
    }
    double plot_bottom = y;
    legend lg = {0};
    for (size_t s = 0; s < ns; s++)
        legend_add(&lg, SW_RECT, sequential(s, ns),
                   chart->series ? chart->series[s] : "");
    double legend_x = nar ? N_LABEL_X : label_w;
    double legend_h = legend_flow(NULL, &lg, legend_x, 0,
                                  width - legend_x - N_LABEL_X);
    double height = plot_bottom + AXIS_H + 8 + legend_h;

    for (size_t i = 0; i < chart->nrows; i++) {
        bar_buf_printf(&desc, "%s%s: ", i ? "; " : "",
                       chart->rows[i] ? chart->rows[i] : "");
        for (size_t s = 0; s < ns; s++) {
            double v = chart->values[i * ns + s];
            /* a value not available or suppressed (NaN) is said so */
            bar_buf_printf(&desc, "%s%s %s", s ? ", " : "",
                           chart->series ? chart->series[s] : "",
                           isnan(v) ? bar_tr(chart->lang, "not shown")
                                    : pct(p, sizeof p, v));
        }
    }
    if (chart->nrows)
        bar_buf_puts(&desc, ".");
    svg_open(out, width, height, title, &desc);
    percent_axis(out, label_w, scale, 0, axis_top, step, plot_top,
                 plot_bottom);
    y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        double off;
        double row_h = row_height(&labels[i], nar, cluster_h, &off);
        double top = y + off;
        row_label(out, &labels[i], nar, label_w, y, top + cluster_h / 2,
                  PLAIN);
        for (size_t s = 0; s < ns; s++) {
            double v = chart->values[i * ns + s];
            double by = top + (double)s * (GROUP_BAR_H + GROUP_BAR_GAP);
            if (isnan(v))
                continue;
            bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                   "width=\"%.1f\" "
                                   "height=\"%d\" fill=\"%s\" "
                                   "stroke=\"#555555\" "
                                   "stroke-width=\"0.5\"/>\n",
                              label_w, by, v * scale, GROUP_BAR_H,
                              sequential(s, ns));
            put_label(out, label_w + v * scale + 4, by + GROUP_BAR_H - 2.5,
                      "start", SMALL, ink, PLAIN, pct(p, sizeof p, v));
        }
        y += row_h + GROUP_GAP;
    }
    bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                           "y2=\"%.1f\" stroke=\"#333333\" "
                           "stroke-width=\"1\"/>\n",
                      label_w, plot_top, label_w, plot_bottom);
    legend_flow(out, &lg, legend_x, plot_bottom + AXIS_H + 8,
                width - legend_x - N_LABEL_X);
    rc = svg_close(out, &desc, title, err);
cleanup:
    free(labels);
    bar_buf_clear(&desc);
    return rc;
}

/* === 6c. Dots per row (dumbbell) ==================================== */

enum { DOT_ROW = 26 };

bar_status bar_svg_dot_chart(bar_buf *out, const bar_svg_grouped *chart,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    lines *labels = NULL;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    size_t ns = chart->nseries;
    if ((rc = grouped_start(chart, &labels, err)) != BAR_OK)
        goto cleanup;
    bool nar = chart->narrow;
    double label_w = 0;
    if (nar)
        label_rows(labels, chart->nrows, chart->rows, NULL);
    else
        label_w = label_column(labels, chart->nrows, chart->rows);
    double most = 0;
    for (size_t i = 0; i < chart->nrows * ns; i++)
        most = isnan(chart->values[i]) ? most : fmax(most, chart->values[i]);
    double step = 25, axis_top = percent_top(most, &step);
    /* room left of the plot for the lowest value's text, right of it for
     * the highest's */
    double left = label_w + 36;
    double room = DOT_R + 4 + bar_svg_text_width("100%", SMALL) + 8;
    double plot_w = nar ? BAR_SVG_NARROW_W - left - room : BAR_PLOT_W;
    double scale = plot_w / axis_top;
    char p[32];
    double width = left + plot_w + room;
    double plot_top = TOP_PAD, y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        double off;
        y += row_height(&labels[i], nar, DOT_ROW - 6, &off) + 6;
    }
    double plot_bottom = y;
    legend lg = {0};
    for (size_t s2 = 0; s2 < ns; s2++)
        legend_add(&lg, SW_DOT, sequential(s2, ns),
                   chart->series ? chart->series[s2] : "");
    legend_add(&lg, SW_LINE, "#888888",
               bar_tr(chart->lang, "difference between the lowest and the "
                                   "highest group"));
    double legend_h = legend_flow(NULL, &lg, 8, 0, width - 16);
    double height = plot_bottom + AXIS_H + 8 + legend_h;

    for (size_t i = 0; i < chart->nrows; i++) {
        bar_buf_printf(&desc, "%s%s: ", i ? "; " : "",
                       chart->rows[i] ? chart->rows[i] : "");
        for (size_t s2 = 0; s2 < ns; s2++) {
            double v = chart->values[i * ns + s2];
            bar_buf_printf(&desc, "%s%s %s", s2 ? ", " : "",
                           chart->series ? chart->series[s2] : "",
                           isnan(v) ? bar_tr(chart->lang, "not shown")
                                    : pct(p, sizeof p, v));
        }
    }
    if (chart->nrows)
        bar_buf_puts(&desc, ".");
    svg_open(out, width, height, title, &desc);
    percent_axis(out, left, scale, 0, axis_top, step, plot_top, plot_bottom);
    bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                           "y2=\"%.1f\" stroke=\"#333333\" "
                           "stroke-width=\"1\"/>\n",
                      left, plot_top, left, plot_bottom);
    y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        double off;
        double row_h = row_height(&labels[i], nar, DOT_ROW - 6, &off) + 6;
        double cy = y + off + (DOT_ROW - 6) / 2.0 + 3;
        row_label(out, &labels[i], nar, label_w, y + 3, cy, PLAIN);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t s2 = 0; s2 < ns; s2++) {
            double v = chart->values[i * ns + s2];
            if (!isnan(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
        if (hi > lo)
            bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" "
                                   "x2=\"%.1f\" y2=\"%.1f\" "
                                   "stroke=\"#888888\" "
                                   "stroke-width=\"3\"/>\n",
                              left + lo * scale, cy, left + hi * scale, cy);
        for (size_t s2 = 0; s2 < ns; s2++) {
            double v = chart->values[i * ns + s2];
            if (!isnan(v))
                bar_markup_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
                                       "r=\"%d\" fill=\"%s\" stroke=\"%s\" "
                                       "stroke-width=\"1\"/>\n",
                                  left + v * scale, cy, DOT_R,
                                  sequential(s2, ns), ink);
        }
        if (isfinite(lo)) {
            put_label(out, left + hi * scale + DOT_R + 4, cy + 4, "start",
                      SMALL, ink, PLAIN, pct(p, sizeof p, hi));
            if (hi > lo)
                put_label(out, left + lo * scale - DOT_R - 4, cy + 4, "end",
                          SMALL, ink, PLAIN, pct(p, sizeof p, lo));
        }
        y += row_h;
    }
    legend_flow(out, &lg, 8, plot_bottom + AXIS_H + 8, width - 16);
    rc = svg_close(out, &desc, title, err);
cleanup:
    free(labels);
    bar_buf_clear(&desc);
    return rc;
}

/* === 4. Boxplots ====================================================== */

enum { BOX_PLOT_W = 420, BOX_ROW = 30, BOX_H = 16 };

static const char *box_label(const void *ctx, size_t i)
{
    return ((const bar_svg_boxplot *)ctx)->boxes[i].label;
}

static int64_t box_n(const void *ctx, size_t i)
{
    return ((const bar_svg_boxplot *)ctx)->boxes[i].n;
}

static bool box_show(const void *ctx, size_t i)
{
    (void)ctx;
    (void)i;
    return true;
}

static bool box_ok(const bar_svg_box *b)
{
    if (b->n < 0 || !isfinite(b->q1) || !isfinite(b->median) ||
        !isfinite(b->q3) || !isfinite(b->whisker_low) ||
        !isfinite(b->whisker_high))
        return false;
    /* A whisker may end inside the box: with interpolated (type 7)
     * quartiles the most extreme value within the fence can lie between
     * the quartile and the median (8 values, the top two beyond the
     * fence). Such a whisker is drawn at the box's edge. */
    if (!(b->q1 <= b->median && b->median <= b->q3 &&
          b->whisker_low <= b->whisker_high))
        return false;
    for (size_t o = 0; o < b->noutliers; o++)
        if (!isfinite(b->outliers[o]))
            return false;
    return isnan(b->mean) || isfinite(b->mean);
}

bar_status bar_svg_boxplot_chart(bar_buf *out, const bar_svg_boxplot *chart,
                                 bar_error *err)
{
    bar_status rc = BAR_OK;
    lines *labels = NULL;
    char **texts = NULL;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    bar_lang lang = chart->lang;
    double lo = chart->axis_min, hi = chart->axis_max;
    bool auto_axis = isnan(lo) || isnan(hi);
    if (auto_axis) {
        lo = INFINITY;
        hi = -INFINITY;
    }
    for (size_t i = 0; i < chart->nboxes; i++) {
        const bar_svg_box *b = &chart->boxes[i];
        if (!box_ok(b)) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': box %zu: the "
                               "statistics are not ordered (whisker <= q1 "
                               "<= median <= q3 <= whisker)", title, i + 1);
            goto cleanup;
        }
        if (auto_axis) {
            lo = fmin(lo, b->whisker_low);
            hi = fmax(hi, b->whisker_high);
            for (size_t o = 0; o < b->noutliers; o++) {
                lo = fmin(lo, b->outliers[o]);
                hi = fmax(hi, b->outliers[o]);
            }
        }
    }
    if (auto_axis) {
        if (!isfinite(lo)) {
            lo = 0;
            hi = 1;
        }
        lo = floor(lo);
        hi = ceil(hi);
    }
    if (!(hi > lo)) {
        if (!auto_axis && isfinite(lo) && isfinite(hi) && hi < lo) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': axis from %g "
                               "to %g", title, lo, hi);
            goto cleanup;
        }
        hi = lo + 1;
    }
    labels = calloc(chart->nboxes ? chart->nboxes : 1, sizeof *labels);
    texts = labels_with_n(chart->nboxes, box_label, box_n, box_show, chart,
                          chart->lang);
    if (!labels || !texts) {
        rc = bar_error_set(err, BAR_ENOMEM, "chart: out of memory");
        goto cleanup;
    }
    bool nar = chart->narrow;
    double label_w = N_LEFT, plot_w = BOX_PLOT_W;
    if (nar) {
        label_rows(labels, chart->nboxes, (const char *const *)texts, NULL);
        plot_w = BAR_SVG_NARROW_W - N_LEFT - N_RIGHT;
    } else {
        label_w = label_column(labels, chart->nboxes,
                               (const char *const *)texts);
    }
    double scale = plot_w / (hi - lo);
    double width = nar ? BAR_SVG_NARROW_W : label_w + BOX_PLOT_W + 24;
    double plot_top = TOP_PAD, y = plot_top;
    for (size_t i = 0; i < chart->nboxes; i++) {
        double off;
        y += row_height(&labels[i], nar, BOX_ROW - 8, &off) + 8;
    }
    double plot_bottom = y;
    legend lg = {0};
    const char *box_fill = blues[1];
    legend_add(&lg, SW_BOX, box_fill,
               bar_tr(lang, "middle 50% and median"));
    legend_add(&lg, SW_X, ink, bar_tr(lang, "mean"));
    legend_add(
        &lg, SW_WHISKER, ink,
        bar_tr(lang, "lowest and highest value within 1.5 \xc3\x97 IQR"));
    legend_add(&lg, SW_CIRCLE, ink, bar_tr(lang, "outlier"));
    double axis_h = AXIS_H + (chart->axis_label ? 18 : 0);
    double legend_h = legend_flow(NULL, &lg, 8, 0, width - 16);
    double height = plot_bottom + axis_h + 10 + legend_h;

    char a[32], b2[32], c2[32], d[32];
    for (size_t i = 0; i < chart->nboxes; i++) {
        const bar_svg_box *b = &chart->boxes[i];
        bar_buf_printf(&desc, "%s%s: %s %s, %s %s, %s %s\xe2\x80\x93%s",
                       i ? "; " : "", texts[i], bar_tr(lang, "median"),
                       fmt(a, sizeof a, b->median, 2, lang),
                       bar_tr(lang, "mean"),
                       fmt(b2, sizeof b2, b->mean, 2, lang),
                       bar_tr(lang, "quartiles"),
                       fmt(c2, sizeof c2, b->q1, 2, lang),
                       fmt(d, sizeof d, b->q3, 2, lang));
        if (b->noutliers)
            bar_buf_printf(&desc, ", %s %s",
                           bar_numfmt_count(a, sizeof a,
                                            (double)b->noutliers, lang),
                           bar_tr(lang, b->noutliers == 1
                                            ? N_("outlier")
                                            : N_("outliers")));
    }
    if (chart->nboxes)
        bar_buf_puts(&desc, ".");
    svg_open(out, width, height, title, &desc);

    double step = nice_step(hi - lo, 8);
    int dec = step_decimals(step);
    for (double t = ceil(lo / step - 1e-9) * step; t <= hi + 1e-9;
         t += step) {
        double x = label_w + (t - lo) * scale;
        bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                               "y2=\"%.1f\" stroke=\"%s\" "
                               "stroke-width=\"1\"/>\n",
                          x, plot_top, x, plot_bottom, grid);
        put_label(out, x, plot_bottom + 16, "middle", SMALL, grey_text, PLAIN,
                  fmt(a, sizeof a, t, dec, lang));
    }
    if (chart->axis_label)
        put_label(out, label_w + plot_w / 2.0, plot_bottom + 36,
                  "middle", SMALL, ink, PLAIN, chart->axis_label);
    y = plot_top;
    for (size_t i = 0; i < chart->nboxes; i++) {
        const bar_svg_box *b = &chart->boxes[i];
        double off;
        double row_h = row_height(&labels[i], nar, BOX_ROW - 8, &off) + 8;
        double cy = y + 4 + off + (BOX_ROW - 8) / 2.0;
        row_label(out, &labels[i], nar, label_w, y + 4, cy, PLAIN);
#define X_OF(v) (label_w + ((v) - lo) * scale)
        double wlo = fmin(b->whisker_low, b->q1);
        double whi = fmax(b->whisker_high, b->q3);
        bar_markup_printf(out, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fH%.1f"
                            "M%.1f %.1fV%.1fM%.1f %.1fV%.1f\" stroke=\"%s\" "
                            "stroke-width=\"1.2\" fill=\"none\"/>\n",
                       X_OF(wlo), cy, X_OF(b->q1), X_OF(b->q3), cy,
                       X_OF(whi), X_OF(wlo), cy - 5, cy + 5, X_OF(whi),
                       cy - 5, cy + 5, ink);
        bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            "height=\"%d\" fill=\"%s\" stroke=\"%s\" "
                            "stroke-width=\"1.2\"/>\n",
                       X_OF(b->q1), cy - BOX_H / 2.0,
                       (b->q3 - b->q1) * scale, BOX_H, box_fill, ink);
        bar_markup_printf(out, "<path d=\"M%.1f %.1fV%.1f\" stroke=\"%s\" "
                            "stroke-width=\"3\"/>\n",
                       X_OF(b->median), cy - BOX_H / 2.0, cy + BOX_H / 2.0,
                       ink);
        if (isfinite(b->mean)) {
            double mx = X_OF(b->mean);
            bar_markup_printf(out, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1f"
                                   "L%.1f %.1f\" stroke=\"%s\" "
                                   "stroke-width=\"2\" fill=\"none\"/>\n",
                              mx - 4, cy - 4, mx + 4, cy + 4, mx - 4, cy + 4,
                              mx + 4, cy - 4, main_fill);
        }
        for (size_t o = 0; o < b->noutliers; o++)
            bar_markup_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
                                   "fill=\"none\" stroke=\"%s\" "
                                   "stroke-width=\"1.2\"/>\n",
                              X_OF(b->outliers[o]), cy, ink);
#undef X_OF
        y += row_h;
    }
    bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                           "y2=\"%.1f\" stroke=\"#333333\" "
                           "stroke-width=\"1\"/>\n",
                      label_w, plot_bottom, label_w + plot_w, plot_bottom);
    legend_flow(out, &lg, 8, plot_bottom + axis_h + 10, width - 16);
    rc = svg_close(out, &desc, title, err);
cleanup:
    free(labels);
    free_strings(texts, chart->nboxes);
    bar_buf_clear(&desc);
    return rc;
}

/* === 5. Histogram with the normal curve =============================== */

enum { HIST_WIDE = 480, HIST_H = 220, HIST_LEFT = 56, HIST_CURVE = 120 };

bar_status bar_svg_histogram_chart(bar_buf *out,
                                   const bar_svg_histogram *chart,
                                   bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    bar_lang lang = chart->lang;
    size_t nb = chart->nbins;
    const bar_svg_bin *bins = chart->bins;
    if (nb == 0) {
        rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': no bins", title);
        goto cleanup;
    }
    int64_t total = 0, most = 0;
    for (size_t i = 0; i < nb; i++) {
        if (!isfinite(bins[i].from) || !isfinite(bins[i].to) ||
            !(bins[i].to > bins[i].from) || bins[i].count < 0 ||
            (i && bins[i].from < bins[i - 1].to - 1e-9)) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': bin %zu is "
                               "empty, negative or out of order", title,
                               i + 1);
            goto cleanup;
        }
        total += bins[i].count;
        most = bins[i].count > most ? bins[i].count : most;
    }
    double lo = bins[0].from, hi = bins[nb - 1].to;
    double bw = (hi - lo) / (double)nb;
    bool curve = isfinite(chart->mean) && isfinite(chart->sd) &&
                 chart->sd > 0 && total > 0;
    double peak = (double)most;
    if (curve) {
        double top = (double)total * bw / (chart->sd * sqrt_2pi);
        peak = top > peak ? top : peak;
    }
    double ystep = nice_step(peak > 0 ? peak : 1, 5);
    if (ystep < 1)
        ystep = 1;
    double ymax = ceil(peak / ystep - 1e-9) * ystep;
    if (ymax <= 0)
        ymax = ystep;
    double hist_w = chart->narrow ? BAR_SVG_NARROW_W - HIST_LEFT - 24
                                  : HIST_WIDE;
    double plot_left = HIST_LEFT, plot_top = 30;
    double plot_bottom = plot_top + HIST_H;
    double xs = hist_w / (hi - lo), ys = HIST_H / ymax;
    double width = plot_left + hist_w + 24;
    char a[32], b[32], c[32];
    char curve_label[160];
    snprintf(curve_label, sizeof curve_label, "%s (%s %s; sd %s)",
             bar_tr(lang, "normal distribution"),
             bar_tr(lang, "mean"),
             fmt(a, sizeof a, chart->mean, 2, lang),
             fmt(b, sizeof b, chart->sd, 2, lang));
    legend lg = {0};
    legend_add(&lg, SW_RECT, blues[2],
               chart->count_label ? chart->count_label
                                  : bar_tr(lang, "number of organisations"));
    if (curve)
        legend_add(&lg, SW_LINE, hues[1], curve_label);
    double axis_h = AXIS_H + (chart->axis_label ? 18 : 0);
    double legend_h = legend_flow(NULL, &lg, plot_left, 0,
                                  width - plot_left);
    double height = plot_bottom + axis_h + 10 + legend_h;

    bar_buf_printf(&desc, "n = %s",
                   bar_numfmt_count(a, sizeof a, (double)total, lang));
    if (curve)
        bar_buf_printf(&desc, ", %s %s, sd %s",
                       bar_tr(lang, "mean"),
                       fmt(a, sizeof a, chart->mean, 2, lang),
                       fmt(b, sizeof b, chart->sd, 2, lang));
    bar_buf_printf(&desc, ". %s: ", bar_tr(lang, "Bins"));
    for (size_t i = 0; i < nb; i++)
        bar_buf_printf(&desc, "%s%s\xe2\x80\x93%s: %s", i ? "; " : "",
                       fmt(a, sizeof a, bins[i].from, 2, lang),
                       fmt(b, sizeof b, bins[i].to, 2, lang),
                       bar_numfmt_count(c, sizeof c, (double)bins[i].count,
                                        lang));
    bar_buf_puts(&desc, ".");
    svg_open(out, width, height, title, &desc);

    /* y gridlines and the count label above the axis. */
    for (double t = 0; t <= ymax + 1e-9; t += ystep) {
        double yy = plot_bottom - t * ys;
        bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                               "y2=\"%.1f\" stroke=\"%s\" "
                               "stroke-width=\"1\"/>\n",
                          plot_left, yy, plot_left + hist_w, yy, grid);
        put_label(out, plot_left - 6, yy + 4, "end", SMALL, grey_text, PLAIN,
                  fmt(a, sizeof a, t, step_decimals(ystep), lang));
    }
    put_label(out, 8, 14, "start", SMALL, ink, PLAIN,
              chart->count_label ? chart->count_label
                                 : bar_tr(lang, "Number of organisations"));
    for (size_t i = 0; i < nb; i++) {
        double x = plot_left + (bins[i].from - lo) * xs;
        double w = (bins[i].to - bins[i].from) * xs;
        double h = (double)bins[i].count * ys;
        if (h > 0)
            bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                   "width=\"%.1f\" "
                                   "height=\"%.1f\" fill=\"%s\" "
                                   "stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
                              x, plot_bottom - h, w, h, blues[2]);
        bar_numfmt_count(c, sizeof c, (double)bins[i].count, lang);
        if (bins[i].count > 0 && bar_svg_text_width(c, TINY) + 2 <= w)
            put_label(out, x + w / 2, plot_bottom - h - 3, "middle", TINY,
                      grey_text, PLAIN, c);
    }
    if (curve) {
        bar_markup_literal(out, "<path d=\"");
        for (int i = 0; i <= HIST_CURVE; i++) {
            double v = lo + (hi - lo) * i / HIST_CURVE;
            double z = (v - chart->mean) / chart->sd;
            double f = (double)total * bw * exp(-z * z / 2) /
                       (chart->sd * sqrt_2pi);
            bar_markup_printf(out, "%s%.1f %.1f", i ? "L" : "M",
                              plot_left + (v - lo) * xs, plot_bottom - f * ys);
        }
        bar_markup_printf(out, "\" stroke=\"%s\" stroke-width=\"2.5\" "
                               "fill=\"none\"/>\n", hues[1]);
    }
    /* x axis: ticks at nice values within the bins' range. */
    double xstep = nice_step(hi - lo, 8);
    int xdec = step_decimals(xstep);
    bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                           "y2=\"%.1f\" stroke=\"#333333\" "
                           "stroke-width=\"1\"/>\n",
                      plot_left, plot_bottom, plot_left + hist_w, plot_bottom);
    for (double t = ceil(lo / xstep - 1e-9) * xstep; t <= hi + 1e-9;
         t += xstep) {
        double x = plot_left + (t - lo) * xs;
        bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                               "y2=\"%.1f\" stroke=\"#333333\" "
                               "stroke-width=\"1\"/>\n",
                          x, plot_bottom, x, plot_bottom + 4);
        put_label(out, x, plot_bottom + 16, "middle", SMALL, grey_text, PLAIN,
                  fmt(a, sizeof a, t, xdec, lang));
    }
    if (chart->axis_label)
        put_label(out, plot_left + hist_w / 2.0, plot_bottom + 36, "middle",
                  SMALL, ink, PLAIN, chart->axis_label);
    legend_flow(out, &lg, plot_left, plot_bottom + axis_h + 10,
                width - plot_left);
    rc = svg_close(out, &desc, title, err);
cleanup:
    bar_buf_clear(&desc);
    return rc;
}

/* === 7. Forest plot =================================================== */

enum { FOREST_W = 340, FOREST_ROW = 24 };

static void odds_text(const bar_svg_odds *o, bar_lang lang, char *buf,
                      size_t cap)
{
    char a[32], b[32], c[32];
    if (!isfinite(o->ratio)) {
        snprintf(buf, cap, "%s", bar_tr(lang, "not estimated"));
        return;
    }
    snprintf(buf, cap, "%s (%s\xe2\x80\x93%s)",
             fmt(a, sizeof a, o->ratio, 2, lang),
             fmt(b, sizeof b, o->low, 2, lang),
             fmt(c, sizeof c, o->high, 2, lang));
}

/* The height of a forest row's interval beside (or under) its label: none
 * for a heading in the narrow layout. */
static double forest_content(const bar_svg_odds *o, bool narrow)
{
    return narrow && o->heading ? 0 : FOREST_ROW - 6;
}

bar_status bar_svg_forest_chart(bar_buf *out, const bar_svg_forest *chart,
                                bar_error *err)
{
    bar_status rc = BAR_OK;
    lines *labels = NULL;
    const char **texts = NULL;
    bool *heads = NULL;
    bar_buf desc;
    bar_buf_init(&desc, 64 * 1024);
    const char *title = chart->title ? chart->title : "";
    bar_lang lang = chart->lang;
    double lo = 1, hi = 1;
    for (size_t i = 0; i < chart->nrows; i++) {
        const bar_svg_odds *o = &chart->rows[i];
        if (o->heading || isnan(o->ratio))
            continue;
        if (!(o->ratio > 0) || !(o->low > 0) || !(o->high >= o->low) ||
            o->ratio < o->low || o->ratio > o->high) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': row %zu: Exp(B) "
                               "and its interval must be positive and "
                               "ordered", title, i + 1);
            goto cleanup;
        }
        lo = fmin(lo, o->low);
        hi = fmax(hi, isfinite(o->high) ? o->high : o->ratio);
    }
    static const double ticks[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05,
                                   0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100,
                                   200, 500, 1000};
    enum { NTICKS = sizeof ticks / sizeof ticks[0] };
    size_t t0 = 0, t1 = NTICKS - 1;
    while (t0 + 1 < NTICKS && ticks[t0 + 1] <= lo * (1 + 1e-9))
        t0++;
    while (t1 > 0 && ticks[t1 - 1] >= hi * (1 - 1e-9))
        t1--;
    if (t0 == t1)
        t1 = t0 + 1 < NTICKS ? t0 + 1 : t0;
    double llo = log(ticks[t0]), lhi = log(ticks[t1]);
    labels = calloc(chart->nrows ? chart->nrows : 1, sizeof *labels);
    texts = calloc(chart->nrows ? chart->nrows : 1, sizeof *texts);
    heads = calloc(chart->nrows ? chart->nrows : 1, sizeof *heads);
    if (!labels || !texts || !heads) {
        rc = bar_error_set(err, BAR_ENOMEM, "chart: out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < chart->nrows; i++) {
        texts[i] = chart->rows[i].label;
        heads[i] = chart->rows[i].heading;
    }
    bool nar = chart->narrow;
    double label_w = N_LEFT;
    if (nar)
        label_rows(labels, chart->nrows, texts, heads);
    else
        label_w = label_column_bold(labels, chart->nrows, texts, heads);
    char buf[128], a[32];
    const char *value_head = bar_tr(lang, "Exp(B) (95% interval)");
    double value_w = bold_width(value_head, SMALL);
    for (size_t i = 0; i < chart->nrows; i++) {
        if (chart->rows[i].heading)
            continue;
        odds_text(&chart->rows[i], lang, buf, sizeof buf);
        double w = bar_svg_text_width(buf, SMALL);
        value_w = w > value_w ? w : value_w;
    }
    double plot_w = nar ? BAR_SVG_NARROW_W - N_LEFT - 16 - value_w - 12
                        : FOREST_W;
    double plot_left = label_w, plot_right = plot_left + plot_w;
    double value_x = plot_right + 16;
    double width = value_x + value_w + 12;
    double plot_top = 26, y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        double off;
        y += row_height(&labels[i], nar, forest_content(&chart->rows[i], nar),
                        &off) + 6;
    }
    double plot_bottom = y;
    legend lg = {0};
    legend_add(&lg, SW_SQUARE, main_fill, bar_tr(lang, "p < 0.05"));
    legend_add(&lg, SW_OPEN_SQUARE, main_fill,
               bar_tr(lang, "p \xe2\x89\xa5 0.05"));
    legend_add(&lg, SW_WHISKER, ink,
               bar_tr(lang, "95% confidence interval"));
    const char *axis_label = chart->axis_label
                                 ? chart->axis_label
                                 : bar_tr(lang, "Exp(B), logarithmic scale");
    double legend_h = legend_flow(NULL, &lg, 8, 0, width - 16);
    double height = plot_bottom + AXIS_H + 18 + 10 + legend_h;

    for (size_t i = 0; i < chart->nrows; i++) {
        const bar_svg_odds *o = &chart->rows[i];
        if (o->heading) {
            bar_buf_printf(&desc, "%s%s:", i ? " " : "",
                           o->label ? o->label : "");
            continue;
        }
        odds_text(o, lang, buf, sizeof buf);
        bar_buf_printf(&desc, " %s Exp(B) %s%s;", o->label ? o->label : "",
                       buf,
                       isfinite(o->p) && o->p < 0.05
                           ? bar_tr(lang, ", p < 0.05")
                           : "");
    }
    svg_open(out, width, height, title, &desc);
    double scale = plot_w / (lhi - llo);
#define LX(v) (plot_left + (log(v) - llo) * scale)
    for (size_t t = t0; t <= t1; t++) {
        double x = LX(ticks[t]);
        bar_markup_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" "
                               "x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                               "stroke-width=\"1\"",
                          x, plot_top, x, plot_bottom,
                          ticks[t] == 1 ? "#333333" : grid);
        if (ticks[t] == 1)
            bar_markup_literal(out, " stroke-dasharray=\"4 3\"");
        bar_markup_literal(out, "/>\n");
        int dec = ticks[t] >= 1 ? 0 : ticks[t] >= 0.1 ? 1
                                                         : ticks[t] >= 0.01
                                                               ? 2
                                                               : 3;
        put_label(out, x, plot_bottom + 16, "middle", SMALL, grey_text, PLAIN,
                  fmt(a, sizeof a, ticks[t], dec, lang));
    }
    put_label(out, (plot_left + plot_right) / 2, plot_bottom + 34, "middle",
              SMALL, ink, PLAIN, axis_label);
    put_label(out, value_x, 16, "start", SMALL, ink,
              BOLD,
              value_head);
    y = plot_top;
    for (size_t i = 0; i < chart->nrows; i++) {
        const bar_svg_odds *o = &chart->rows[i];
        double off, ch = forest_content(o, nar);
        double row_h = row_height(&labels[i], nar, ch, &off) + 6;
        double cy = y + 3 + off + ch / 2;
        row_label(out, &labels[i], nar, label_w, y + 3, cy,
                  o->heading ? BOLD : PLAIN);
        if (!o->heading) {
            if (isfinite(o->ratio)) {
                double x1 = LX(fmax(o->low, ticks[t0]));
                double x2 = LX(fmin(isfinite(o->high) ? o->high : ticks[t1],
                                    ticks[t1]));
                bar_markup_printf(out, "<path d=\"M%.1f %.1fH%.1fM%.1f "
                                       "%.1fV%.1f"
                                       "M%.1f %.1fV%.1f\" stroke=\"%s\" "
                                       "stroke-width=\"1.5\" "
                                       "fill=\"none\"/>\n",
                                  x1, cy, x2, x1, cy - 4, cy + 4, x2, cy - 4,
                                  cy + 4, ink);
                bool sig = isfinite(o->p) && o->p < 0.05;
                bar_markup_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
                                       "width=\"9\" "
                                       "height=\"9\" fill=\"%s\" "
                                       "stroke=\"%s\" "
                                       "stroke-width=\"1.5\"/>\n",
                                  LX(o->ratio) - 4.5, cy - 4.5,
                                  sig ? main_fill : "#ffffff", main_fill);
            }
            odds_text(o, lang, buf, sizeof buf);
            put_label(out, value_x, cy + 4, "start", SMALL, ink, PLAIN, buf);
        }
        y += row_h;
    }
#undef LX
    legend_flow(out, &lg, 8, plot_bottom + AXIS_H + 28, width - 16);
    rc = svg_close(out, &desc, title, err);
cleanup:
    free(labels);
    free(texts);
    free(heads);
    bar_buf_clear(&desc);
    return rc;
}

/* svg.h - the report's charts as inline SVG.
 *
 * Every chart kind of the report, drawn from plain numbers and labels (the
 * chart layer knows no JSON; the report pulls the numbers out of the
 * results document and calls these): horizontal bars with interval
 * whiskers and benchmark bars (bar_svg_bar_chart), diverging stacked bars
 * for Likert scales (bar_svg_likert_chart), 100% stacked bars by group
 * (bar_svg_stacked_chart), grouped bars per option (bar_svg_grouped_chart),
 * boxplots by group (bar_svg_boxplot_chart), a histogram with a normal curve
 * (bar_svg_histogram_chart), a forest plot of odds ratios
 * (bar_svg_forest_chart) and dots per group with a line from the lowest to
 * the highest (bar_svg_dot_chart). Each in a wide layout and a narrow one
 * for a phone (below).
 *
 * Common to all: label columns are sized from the labels (text measured
 * with the shipped font's own metrics, render/font.h; long labels wrap
 * into at most three lines), so no text overlaps another; every text is
 * XML-escaped; the <svg> carries role="img", an aria-label and <title> (the
 * chart's title) and a <desc> that summarises the numbers; width and height
 * come with a viewBox so the page can scale it; no script, no external
 * reference, no id. Colours are from palettes that survive colour
 * blindness and greyscale (docs/internals/render.md). Numbers are written
 * with a decimal comma in Dutch and a point in English (the chart's
 * `lang`). A chart computes no statistic: it draws the numbers it is given.
 *
 * Each function appends one <svg> element to out. Errors: BAR_EUSAGE when
 * the description is impossible (a count or index out of range, a
 * percentage outside 0-100, a negative count; the message names the chart
 * and the entry), and the buffer's status (BAR_ENOMEM, BAR_ELIMIT) when out
 * is full. Nothing passed in is kept: every pointer is borrowed for the
 * call only.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SVG_H
#define BAR_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/status.h"
#include "instrument/instrument.h"

enum {
    BAR_SVG_SERIES_MAX = 6,      /* benchmark series; groups of a chart */
    BAR_SVG_CATEGORIES_MAX = 7,  /* answer categories of a stacked bar */
    BAR_SVG_NARROW_W = 300       /* width of a chart's phone layout, px */
};

/* Every chart has two layouts. The wide one (the default) puts the labels
 * in a column left of the plot. The narrow one (`narrow` set in the
 * chart's description), for a phone, is BAR_SVG_NARROW_W px wide, so
 * that at a 390 px wide screen it is drawn at its own size (labels 11-13
 * px): each label on its own lines above its bar, box, dots or interval,
 * a narrower plot and legend. BAR_SVG_CSS shows one of the two: a page
 * that writes both wraps the wide one in <div class="chart-wide"> and the
 * narrow one in <div class="chart-narrow">; print shows the wide one. */
#define BAR_SVG_CSS \
    ".chart-narrow{display:none}\n"\
    "@media screen and (max-width:640px){.chart-wide{display:none}"\
    ".chart-narrow{display:block}}\n"

/* Width in px of the UTF-8 text s at font size px in the shipped font's
 * regular face (render/font.h: its advance widths and kerning; every
 * letter by its own glyph). Used for every layout decision. */
double bar_svg_text_width(const char *s, double font_size);

/* --- 1, 2. Horizontal bars with whiskers and benchmark bars ---------- */

/* One category: its bar and interval (NAN: none drawn). */
typedef struct bar_svg_bar {
    const char *label;
    double value;       /* percent 0-100; NAN: no bar (suppressed) */
    double low, high;   /* interval, percent; NAN: no whisker */
} bar_svg_bar;

/* A comparison bar (benchmark) drawn under bar `bar`: thinner, lighter,
 * outlined and labelled directly, so it reads apart from ours in
 * greyscale. */
typedef struct bar_svg_mark {
    size_t bar;          /* index into the chart's bars */
    const char *label;   /* e.g. "Denemarken 2018-2019" */
    const char *prefix;  /* before the value, e.g. "bijna "; may be NULL */
    double value;        /* percent 0-100 */
    size_t series;       /* colour, < BAR_SVG_SERIES_MAX */
    bool significant;    /* draw '*' after the value (see the legend) */
    bool approximate;    /* the source gives the value only approximately
                            (prefix holds its words): drawn as an open,
                            dashed bar, with a legend entry; never
                            significant */
    bool context;        /* shown for context only, not comparable (e.g.
                            shares of groups made with other cut points):
                            drawn open as well, with its own legend entry;
                            never significant */
} bar_svg_mark;

typedef struct bar_svg_chart {
    const char *title;          /* <title> and aria-label */
    const char *main_label;     /* legend of the bars, e.g. "2021" */
    const char *interval_label; /* legend of the whiskers; NULL: none */
    const bar_svg_bar *bars;
    size_t nbars;
    const bar_svg_mark *marks;
    size_t nmarks;
    const char *const *series_labels; /* legend per series; NULL: none */
    size_t nseries;
    /* Legend of the '*' when a mark is significant; NULL: the default
     * ("* verschil met deze meting significant (p < 0,05)"). */
    const char *significance_label;
    /* Legend of the open bar when a mark is approximate; NULL: the default
     * ("open balk: waarde bij benadering, niet getoetst"). */
    const char *approximate_label;
    /* Legend of the open bar when a mark is context; NULL: the default
     * ("open balk: alleen ter vergelijking, niet getoetst"). */
    const char *context_label;
    bar_lang lang;              /* words of <desc> and the default legend */
    bool narrow;                /* the phone layout (BAR_SVG_NARROW_W) */
} bar_svg_chart;

bar_status bar_svg_bar_chart(bar_buf *out, const bar_svg_chart *chart,
                             bar_error *err);

/* --- 3. Diverging stacked bars (Likert and influence scales) --------- */

typedef struct bar_svg_likert_item {
    const char *label;
    int64_t n;               /* shown as "(n = N)" after the label when > 0 */
    const double *percents;  /* ncategories percents, summing to about 100;
                                NULL: suppressed ("too few answers") */
} bar_svg_likert_item;

/* Categories in scale order: the first `nnegative` go left of the zero
 * line (the most negative outermost), then, when `neutral`, one neutral
 * category centred on zero, then the positive ones to the right. The
 * legend lists the categories in scale order; a percentage is written
 * inside its segment when it fits. */
typedef struct bar_svg_likert {
    const char *title;
    const char *const *categories;  /* ncategories labels, 1..7 */
    size_t ncategories;
    size_t nnegative;
    bool neutral;
    const bar_svg_likert_item *items;
    size_t nitems;
    bar_lang lang;
    bool narrow;             /* the phone layout (BAR_SVG_NARROW_W) */
} bar_svg_likert;

bar_status bar_svg_likert_chart(bar_buf *out, const bar_svg_likert *chart,
                                bar_error *err);

/* --- 4. Boxplots by group -------------------------------------------- */

typedef struct bar_svg_box {
    const char *label;       /* group name; "(n = N)" is added */
    int64_t n;
    double q1, median, q3, mean;     /* mean drawn as an X; NAN: none */
    double whisker_low, whisker_high;
    const double *outliers;  /* noutliers values, drawn as open circles */
    size_t noutliers;
} bar_svg_box;

/* One horizontal box per group, top to bottom in the given order. The
 * axis runs from axis_min to axis_max (both NAN: from the data, widened to
 * whole numbers). */
typedef struct bar_svg_boxplot {
    const char *title;
    const char *axis_label;  /* under the axis, e.g. "Innovatieklimaat"; may
                                be NULL */
    double axis_min, axis_max;
    const bar_svg_box *boxes;
    size_t nboxes;
    bar_lang lang;
    bool narrow;             /* the phone layout (BAR_SVG_NARROW_W) */
} bar_svg_boxplot;

bar_status bar_svg_boxplot_chart(bar_buf *out, const bar_svg_boxplot *chart,
                                 bar_error *err);

/* --- 5. Histogram with the normal curve ------------------------------ */

typedef struct bar_svg_bin {
    double from, to;   /* from < to; bins ascending, adjacent */
    int64_t count;     /* >= 0 */
} bar_svg_bin;

/* Bars of the counts; over them the normal density with `mean` and `sd`
 * scaled to counts (total count x bin width x density). sd NAN or <= 0:
 * no curve. */
typedef struct bar_svg_histogram {
    const char *title;
    const char *axis_label;   /* under the x axis; may be NULL */
    const char *count_label;  /* y axis; NULL: "Aantal organisaties" */
    const bar_svg_bin *bins;
    size_t nbins;
    double mean, sd;
    bar_lang lang;
    bool narrow;             /* the phone layout (BAR_SVG_NARROW_W) */
} bar_svg_histogram;

bar_status bar_svg_histogram_chart(bar_buf *out,
                                   const bar_svg_histogram *chart,
                                   bar_error *err);

/* --- 6. 100% stacked bars and grouped bars by group ------------------ */

typedef struct bar_svg_stack_row {
    const char *label;       /* group, e.g. "Beperkt"; "(n = N)" added */
    int64_t n;
    const double *percents;  /* ncategories percents of the group; NULL:
                                suppressed */
} bar_svg_stack_row;

/* One bar per group (a single-choice variable by climate group), segments
 * per answer category in the given order, left to right. `ordinal`: the
 * categories are ordered (a sequential palette, light to dark); otherwise
 * distinct hues ordered by lightness. */
typedef struct bar_svg_stacked {
    const char *title;
    const char *const *categories;
    size_t ncategories;      /* 1..BAR_SVG_CATEGORIES_MAX */
    bool ordinal;
    const bar_svg_stack_row *rows;
    size_t nrows;
    bar_lang lang;
    bool narrow;             /* the phone layout (BAR_SVG_NARROW_W) */
} bar_svg_stacked;

bar_status bar_svg_stacked_chart(bar_buf *out, const bar_svg_stacked *chart,
                                 bar_error *err);

/* Grouped bars: one cluster per row (an option of a multi-response
 * question, an item of a grid), one bar per series (group: beperkt,
 * gemiddeld, krachtig) in a sequential palette light to dark with the
 * value at its end; the legend names the series. */
typedef struct bar_svg_grouped {
    const char *title;
    const char *const *rows;    /* nrows labels */
    size_t nrows;
    const char *const *series;  /* nseries legend labels, 1..SERIES_MAX */
    size_t nseries;
    const double *values;       /* nrows x nseries percents, row-major;
                                   NAN: not shown */
    bar_lang lang;
    bool narrow;             /* the phone layout (BAR_SVG_NARROW_W) */
} bar_svg_grouped;

bar_status bar_svg_grouped_chart(bar_buf *out, const bar_svg_grouped *chart,
                                 bar_error *err);

/* The same description drawn as dots (a dumbbell chart): one row per
 * `rows` entry, a dot per series in the sequential palette (light to
 * dark, outlined) on a common percentage axis, a grey line from the lowest
 * to the highest group, the lowest and highest value written at the
 * line's ends; the legend names the series. The rows are drawn in the
 * given order (the report sorts them by the gap). */
bar_status bar_svg_dot_chart(bar_buf *out, const bar_svg_grouped *chart,
                             bar_error *err);

/* --- 7. Forest plot of odds ratios ----------------------------------- */

typedef struct bar_svg_odds {
    const char *label;
    bool heading;            /* a bold heading row (e.g. the outcome); no
                                values */
    double ratio;            /* Exp(B); NAN: not estimated (aliased) */
    double low, high;        /* 95% interval */
    double p;                /* NAN: unknown; < 0.05 draws a filled marker */
} bar_svg_odds;

/* Exp(B) with its interval on a log axis, reference line at 1, the values
 * written on the right ("2,05 (1,18-3,54)"). */
typedef struct bar_svg_forest {
    const char *title;
    const char *axis_label;  /* NULL: "Exp(B), logaritmische schaal" */
    const bar_svg_odds *rows;
    size_t nrows;
    bar_lang lang;
    bool narrow;             /* the phone layout (BAR_SVG_NARROW_W) */
} bar_svg_forest;

bar_status bar_svg_forest_chart(bar_buf *out, const bar_svg_forest *chart,
                                bar_error *err);

#endif

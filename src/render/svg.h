/* svg.h - horizontal bar charts as inline SVG.
 *
 * Draws percentages (0-100) as horizontal bars, one row per category, with
 * an optional interval whisker on each bar and, below a bar, thinner
 * comparison bars (benchmarks) that are labelled directly, so the chart
 * reads without colour. Label columns are sized from the label lengths
 * (long labels wrap), so nothing overlaps. The SVG carries role="img", an
 * aria-label and a <title>; every text is XML-escaped. The chart computes
 * no statistic: it draws the numbers it is given.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SVG_H
#define BAR_SVG_H

#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

enum { BAR_SVG_SERIES_MAX = 6 };  /* distinct comparison colours */

/* One category: its bar and interval (NAN: none drawn). */
typedef struct bar_svg_bar {
    const char *label;
    double value;
    double low, high;
} bar_svg_bar;

/* A comparison bar drawn under bar `bar`. */
typedef struct bar_svg_mark {
    size_t bar;          /* index into the chart's bars */
    const char *label;   /* e.g. "Denemarken 2018-2019" */
    const char *prefix;  /* before the value, e.g. "bijna "; may be NULL */
    double value;
    size_t series;       /* colour, < BAR_SVG_SERIES_MAX */
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
} bar_svg_chart;

/* Append the chart as one <svg> element to out. Fails with BAR_EUSAGE when
 * a mark names a bar or series out of range or a value is outside 0-100,
 * and with the buffer's status (BAR_ENOMEM, BAR_ELIMIT) when out is full.
 * Nothing passed in is kept. */
bar_status bar_svg_bar_chart(bar_buf *out, const bar_svg_chart *chart,
                             bar_error *err);

#endif

/* svg.c - horizontal bar charts (see svg.h).
 *
 * Layout, top to bottom: one group per bar (the wrapped category label
 * left of a 20 px bar with its whisker and value; under it one 12 px
 * comparison bar per mark, labelled on the left), then the axis with
 * gridlines at 0, 25, 50, 75 and 100%, then the legend, one entry a line.
 * Text widths are estimated from the number of characters (code points);
 * the estimate is generous so that labels never run into the bars.
 */
#include "render/svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum {
    WRAP_CHARS = 40,      /* a label line holds at most this many */
    LABEL_MIN = 110,      /* label column width bounds, px */
    LABEL_MAX = 380,
    PLOT_W = 420,         /* width of 0-100% */
    RIGHT_PAD = 64,       /* room for the value text */
    LINE_H = 16,          /* a label line */
    BAR_H = 20,
    MARK_H = 12,
    MARK_ROW = 16,
    GROUP_GAP = 12,
    TOP_PAD = 8,
    AXIS_H = 24,
    LEGEND_LINE = 20,
    MAX_LINES = 8         /* lines of one wrapped label */
};

static const double char_w = 7.4;       /* 13 px sans-serif, generous */
static const double mark_char_w = 6.9;  /* 12 px */

static const char main_fill[] = "#5b8fc7";
static const char whisker[] = "#1a1a1a";
static const char *const series_fill[BAR_SVG_SERIES_MAX] = {
    "#f2c14e", "#bdbdbd", "#9e7bb5", "#7fc97f", "#fdc086", "#bf5b17",
};

/* Code points in s (UTF-8 continuation bytes are not counted). */
static size_t text_len(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

/* A wrapped label: start and length (bytes) of each line. */
typedef struct wrapped {
    size_t nlines;
    size_t start[MAX_LINES], len[MAX_LINES];
    size_t widest;  /* code points of the longest line */
} wrapped;

/* Greedy word wrap at WRAP_CHARS; a longer word keeps a line of its own;
 * beyond MAX_LINES the rest goes on the last line. */
static void wrap(const char *s, wrapped *w)
{
    *w = (wrapped){0};
    size_t n = strlen(s), i = 0;
    while (i < n && w->nlines < MAX_LINES) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t line_start = i, line_end = i, chars = 0;
        if (w->nlines == MAX_LINES - 1) {
            line_end = n;
        } else {
            size_t j = i;
            while (j < n) {
                size_t k = j;
                while (k < n && s[k] != ' ')
                    k++;
                size_t word = text_len(s + j, k - j);
                size_t add = (chars ? 1 : 0) + word;
                if (chars && chars + add > WRAP_CHARS)
                    break;
                chars += add;
                line_end = k;
                j = k;
                while (j < n && s[j] == ' ')
                    j++;
            }
        }
        w->start[w->nlines] = line_start;
        w->len[w->nlines] = line_end - line_start;
        size_t width = text_len(s + line_start, line_end - line_start);
        if (width > w->widest)
            w->widest = width;
        w->nlines++;
        i = line_end;
    }
    if (w->nlines == 0) {
        w->nlines = 1;
        w->start[0] = w->len[0] = 0;
    }
}

/* Append n bytes of s, XML-escaped. */
static void put_text(bar_buf *out, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        bar_buf_add(out, s + from, i - from);
        bar_buf_puts(out, rep);
        from = i + 1;
    }
    bar_buf_add(out, s + from, n - from);
}

static bool is_percent(double v)
{
    return isnan(v) || (v >= 0.0 && v <= 100.0);
}

static double x_of(double left, double v)
{
    return left + PLOT_W * v / 100.0;
}

bar_status bar_svg_bar_chart(bar_buf *out, const bar_svg_chart *chart,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    wrapped *labels = NULL;
    const char *title = chart->title ? chart->title : "";
    for (size_t i = 0; i < chart->nbars; i++) {
        const bar_svg_bar *b = &chart->bars[i];
        if (!is_percent(b->value) || !is_percent(b->low) ||
            !is_percent(b->high)) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': bar %zu is "
                               "not a percentage", title, i + 1);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < chart->nmarks; i++) {
        const bar_svg_mark *m = &chart->marks[i];
        if (m->bar >= chart->nbars || m->series >= BAR_SVG_SERIES_MAX ||
            !is_percent(m->value) || isnan(m->value)) {
            rc = bar_error_set(err, BAR_EUSAGE, "chart '%s': comparison %zu "
                               "is out of range", title, i + 1);
            goto cleanup;
        }
    }
    labels = calloc(chart->nbars ? chart->nbars : 1, sizeof *labels);
    if (!labels) {
        rc = bar_error_set(err, BAR_ENOMEM, "chart: out of memory");
        goto cleanup;
    }

    /* Widths and heights. */
    double label_w = LABEL_MIN;
    for (size_t i = 0; i < chart->nbars; i++) {
        wrap(chart->bars[i].label ? chart->bars[i].label : "", &labels[i]);
        double w = (double)labels[i].widest * char_w + 16;
        if (w > label_w)
            label_w = w;
    }
    for (size_t i = 0; i < chart->nmarks; i++) {
        const char *l = chart->marks[i].label ? chart->marks[i].label : "";
        double w = (double)text_len(l, strlen(l)) * mark_char_w + 28;
        if (w > label_w)
            label_w = w;
    }
    if (label_w > LABEL_MAX)
        label_w = LABEL_MAX;
    label_w = ceil(label_w);
    double plot_top = TOP_PAD, y = plot_top;
    for (size_t i = 0; i < chart->nbars; i++) {
        double h = (double)labels[i].nlines * LINE_H;
        y += (h > BAR_H ? h : BAR_H) + 4;
        for (size_t m = 0; m < chart->nmarks; m++)
            if (chart->marks[m].bar == i)
                y += MARK_ROW;
        y += GROUP_GAP;
    }
    double plot_bottom = y;
    size_t nlegend = 1 + (chart->interval_label ? 1 : 0) +
                     (chart->series_labels ? chart->nseries : 0);
    double width = label_w + PLOT_W + RIGHT_PAD;
    double height = plot_bottom + AXIS_H + 8 + (double)nlegend * LEGEND_LINE;

    bar_buf_printf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                   "role=\"img\" aria-label=\"",
                   width, height, width, height);
    bar_buf_put_html(out, title);
    bar_buf_puts(out, "\" font-family=\"Arial, Helvetica, sans-serif\" "
                      "font-size=\"13\">\n<title>");
    bar_buf_put_html(out, title);
    bar_buf_puts(out, "</title>\n");

    /* Gridlines and axis labels. */
    for (int t = 0; t <= 100; t += 25) {
        double x = x_of(label_w, t);
        bar_buf_printf(out,
                       "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                       "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>\n",
                       x, plot_top, x, plot_bottom,
                       t == 0 ? "#333333" : "#dddddd");
        bar_buf_printf(out,
                       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                       "fill=\"#333333\">%d%%</text>\n",
                       x, plot_bottom + 16, t);
    }

    /* Bars. */
    y = plot_top;
    for (size_t i = 0; i < chart->nbars; i++) {
        const bar_svg_bar *b = &chart->bars[i];
        const wrapped *w = &labels[i];
        double text_h = (double)w->nlines * LINE_H;
        double row_h = text_h > BAR_H ? text_h : BAR_H;
        double bar_y = y + (row_h - BAR_H) / 2;
        double text_y = y + (row_h - text_h) / 2 + 12;
        bar_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" "
                            "text-anchor=\"end\" fill=\"#111111\">",
                       label_w - 8, text_y);
        for (size_t l = 0; l < w->nlines; l++) {
            bar_buf_printf(out, "<tspan x=\"%.1f\" dy=\"%d\">", label_w - 8,
                           l ? LINE_H : 0);
            put_text(out, (b->label ? b->label : "") + w->start[l],
                     w->len[l]);
            bar_buf_puts(out, "</tspan>");
        }
        bar_buf_puts(out, "</text>\n");
        if (!isnan(b->value)) {
            double end = b->value;
            bar_buf_printf(out,
                           "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                           "height=\"%d\" fill=\"%s\"/>\n",
                           label_w, bar_y, PLOT_W * b->value / 100.0, BAR_H,
                           main_fill);
            if (!isnan(b->low) && !isnan(b->high)) {
                double cy = bar_y + BAR_H / 2.0;
                double x1 = x_of(label_w, b->low), x2 = x_of(label_w, b->high);
                bar_buf_printf(out,
                               "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1f"
                               "M%.1f %.1fV%.1f\" stroke=\"%s\" "
                               "stroke-width=\"1.5\" fill=\"none\"/>\n",
                               x1, cy, x2, x1, cy - 5, cy + 5, x2, cy - 5,
                               cy + 5, whisker);
                if (b->high > end)
                    end = b->high;
            }
            bar_buf_printf(out,
                           "<text x=\"%.1f\" y=\"%.1f\" fill=\"#111111\" "
                           "font-weight=\"bold\">%.0f%%</text>\n",
                           x_of(label_w, end) + 6, bar_y + 15, b->value);
        }
        y += row_h + 4;
        for (size_t m = 0; m < chart->nmarks; m++) {
            const bar_svg_mark *mk = &chart->marks[m];
            if (mk->bar != i)
                continue;
            double my = y + (MARK_ROW - MARK_H) / 2.0;
            bar_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" "
                                "text-anchor=\"end\" font-size=\"12\" "
                                "fill=\"#333333\">",
                           label_w - 8, y + 12);
            bar_buf_put_html(out, mk->label ? mk->label : "");
            bar_buf_printf(out,
                           "</text>\n<rect x=\"%.1f\" y=\"%.1f\" "
                           "width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                           "stroke=\"#555555\" stroke-width=\"0.75\"/>\n",
                           label_w, my, PLOT_W * mk->value / 100.0, MARK_H,
                           series_fill[mk->series]);
            bar_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" "
                                "font-size=\"12\" fill=\"#333333\">",
                           x_of(label_w, mk->value) + 6, y + 12);
            bar_buf_put_html(out, mk->prefix ? mk->prefix : "");
            bar_buf_printf(out, "%.0f%%</text>\n", mk->value);
            y += MARK_ROW;
        }
        y += GROUP_GAP;
    }

    /* Legend. */
    double ly = plot_bottom + AXIS_H + 8;
    bar_buf_printf(out,
                   "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" "
                   "fill=\"%s\"/>\n<text x=\"%.1f\" y=\"%.1f\">",
                   label_w, ly, main_fill, label_w + 20, ly + 12);
    bar_buf_put_html(out, chart->main_label ? chart->main_label : "");
    bar_buf_puts(out, "</text>\n");
    ly += LEGEND_LINE;
    if (chart->interval_label) {
        bar_buf_printf(out,
                       "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1f"
                       "V%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>\n"
                       "<text x=\"%.1f\" y=\"%.1f\">",
                       label_w, ly + 7, label_w + 14, label_w, ly + 2,
                       ly + 12, label_w + 14, ly + 2, ly + 12, whisker,
                       label_w + 20, ly + 12);
        bar_buf_put_html(out, chart->interval_label);
        bar_buf_puts(out, "</text>\n");
        ly += LEGEND_LINE;
    }
    for (size_t s = 0; chart->series_labels && s < chart->nseries &&
                       s < BAR_SVG_SERIES_MAX; s++) {
        bar_buf_printf(out,
                       "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" "
                       "height=\"10\" fill=\"%s\" stroke=\"#555555\" "
                       "stroke-width=\"0.75\"/>\n<text x=\"%.1f\" y=\"%.1f\">",
                       label_w, ly + 2, series_fill[s], label_w + 20,
                       ly + 12);
        bar_buf_put_html(out, chart->series_labels[s]);
        bar_buf_puts(out, "</text>\n");
        ly += LEGEND_LINE;
    }
    bar_buf_puts(out, "</svg>\n");
    rc = bar_buf_status(out);
    if (rc != BAR_OK)
        bar_error_set(err, rc, "chart '%s': %s", title,
                      bar_strerror(rc));
cleanup:
    free(labels);
    return rc;
}

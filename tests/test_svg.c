/* test_svg.c - every chart kind against golden files, and the layout
 * checks that matter: no text box overlaps another, every text escaped,
 * edge cases (one category, zero values, no outliers, an empty bin).
 *
 * tests/golden/svg_<kind>.svg are the charts of the fixed inputs below.
 * When a change to the output is deliberate, regenerate them with
 *     BAR_UPDATE_GOLDEN=1 build/test_svg
 * look at them in a browser (all of them side by side) and review the
 * diff before committing.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "golden.h"

#include "core/buf.h"
#include "render/svg.h"

enum { CAP = 4 * 1024 * 1024 };

static void compare_golden(const char *name, const bar_buf *got)
{
    golden_compare(name, got->data, got->len);
}

/* --- reading the output back ----------------------------------------- */

typedef struct box {
    double x0, y0, x1, y1;
    char text[256];
} box;

static double attr(const char *tag, const char *end, const char *name,
                   double dflt)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *a = strstr(tag, key);
    if (!a || a > end)
        return dflt;
    return strtod(a + strlen(key), NULL);
}

static bool anchor_is(const char *tag, const char *end, const char *v)
{
    char key[64];
    snprintf(key, sizeof key, "text-anchor=\"%s\"", v);
    const char *a = strstr(tag, key);
    return a && a < end;
}

/* Undo the five escapes of [s, e) into out. */
static void unescape(const char *s, const char *e, char *out, size_t cap)
{
    size_t n = 0;
    while (s < e && n + 1 < cap) {
        static const struct { const char *ent; char c; } ents[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
            {"&#39;", '\''},
        };
        bool done = false;
        for (size_t i = 0; i < 5 && !done; i++) {
            size_t l = strlen(ents[i].ent);
            if (strncmp(s, ents[i].ent, l) == 0) {
                out[n++] = ents[i].c;
                s += l;
                done = true;
            }
        }
        if (!done)
            out[n++] = *s++;
    }
    out[n] = '\0';
}

static void add_box(box *b, size_t *nb, size_t cap, double x, double y,
                    double size, const char *tag, const char *tag_end,
                    const char *s, const char *e)
{
    assert_true(*nb < cap);
    box *o = &b[(*nb)++];
    unescape(s, e, o->text, sizeof o->text);
    double w = bar_svg_text_width(o->text, size);
    if (anchor_is(tag, tag_end, "end"))
        x -= w;
    else if (anchor_is(tag, tag_end, "middle"))
        x -= w / 2;
    *o = (box){.x0 = x, .x1 = x + w, .y0 = y - 0.75 * size,
               .y1 = y + 0.2 * size};
    unescape(s, e, o->text, sizeof o->text);
}

/* Every line of text in svg as a box (text-anchor, font size, tspans). */
static size_t text_boxes(const char *svg, box *b, size_t cap)
{
    size_t nb = 0;
    const char *p = svg;
    while ((p = strstr(p, "<text ")) != NULL) {
        const char *tag_end = strchr(p, '>');
        const char *close = strstr(p, "</text>");
        assert_non_null(tag_end);
        assert_non_null(close);
        double x = attr(p, tag_end, "x", 0), y = attr(p, tag_end, "y", 0);
        double size = attr(p, tag_end, "font-size", 13);
        const char *q = tag_end + 1;
        if (strncmp(q, "<tspan", 6) != 0) {
            add_box(b, &nb, cap, x, y, size, p, tag_end, q, close);
        } else {
            while (q < close && strncmp(q, "<tspan", 6) == 0) {
                const char *te = strchr(q, '>');
                const char *ce = strstr(q, "</tspan>");
                x = attr(q, te, "x", x);
                y += attr(q, te, "dy", 0);
                add_box(b, &nb, cap, x, y, size, p, tag_end, te + 1, ce);
                q = ce + strlen("</tspan>");
            }
        }
        p = close;
    }
    return nb;
}

/* No two text boxes overlap (0.5 px tolerance), and all lie inside the
 * viewBox. */
static void assert_no_overlap(const char *svg)
{
    enum { MAXB = 1024 };
    box *b = calloc(MAXB, sizeof *b);
    assert_non_null(b);
    size_t n = text_boxes(svg, b, MAXB);
    double vw = 0, vh = 0;
    const char *vb = strstr(svg, "viewBox=\"0 0 ");
    assert_non_null(vb);
    assert_int_equal(sscanf(vb, "viewBox=\"0 0 %lf %lf", &vw, &vh), 2);
    for (size_t i = 0; i < n; i++) {
        if (b[i].x0 < -0.5 || b[i].x1 > vw + 0.5 || b[i].y0 < -0.5 ||
            b[i].y1 > vh + 0.5)
            fail_msg("text '%s' (%.1f,%.1f)-(%.1f,%.1f) leaves the "
                     "%.0fx%.0f chart", b[i].text, b[i].x0, b[i].y0,
                     b[i].x1, b[i].y1, vw, vh);
        for (size_t j = i + 1; j < n; j++) {
            if (b[i].x0 + 0.5 < b[j].x1 && b[j].x0 + 0.5 < b[i].x1 &&
                b[i].y0 + 0.5 < b[j].y1 && b[j].y0 + 0.5 < b[i].y1)
                fail_msg("text '%s' overlaps '%s'", b[i].text, b[j].text);
        }
    }
    free(b);
}

/* The common contract: one svg with role, aria-label, title and desc;
 * no script, no id, no reference to anything but the SVG namespace; no
 * raw '<' that is not an element of ours; every '&' an entity. */
static void assert_well_formed(const char *svg, const char *title)
{
    assert_int_equal(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
                             39), 0);
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "aria-label=\""));
    assert_non_null(strstr(svg, "<title>"));
    assert_non_null(strstr(svg, "<desc>"));
    assert_non_null(strstr(svg, "viewBox=\"0 0 "));
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, " id=\""));
    assert_null(strstr(svg, "href"));
    assert_null(strstr(svg, "url("));
    const char *http = strstr(svg, "http");
    assert_non_null(http);
    assert_null(strstr(http + 4, "http"));
    if (title)
        assert_non_null(strstr(svg, title));
    static const char *const tags[] = {
        "svg", "/svg", "title", "/title", "desc", "/desc", "text", "/text",
        "tspan", "/tspan", "rect", "line", "path", "circle",
    };
    for (const char *p = svg; (p = strchr(p, '<')) != NULL; p++) {
        bool known = false;
        for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
            size_t l = strlen(tags[i]);
            if (strncmp(p + 1, tags[i], l) == 0 &&
                (p[1 + l] == ' ' || p[1 + l] == '>' || p[1 + l] == '/'))
                known = true;
        }
        if (!known)
            fail_msg("unexpected '<' at '%.30s'", p);
    }
    for (const char *p = svg; (p = strchr(p, '&')) != NULL; p++)
        if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
            strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6) &&
            strncmp(p, "&#39;", 5))
            fail_msg("unescaped '&' at '%.30s'", p);
}

/* --- fixed inputs ---------------------------------------------------- */

static const bar_svg_bar fig1_bars[] = {
    {.label = "nee", .value = 11.2, .low = 8.4, .high = 14.8},
    {.label = "ja", .value = 88.8, .low = 85.2, .high = 91.6},
};

static const bar_svg_mark fig1_marks[] = {
    {.bar = 1, .label = "Nederland 2019-2020", .value = 86, .series = 0},
    {.bar = 1, .label = "Denemarken 2018-2019", .value = 80, .series = 1,
     .significant = true},
    {.bar = 1, .label = "Noorwegen", .prefix = "bijna ", .value = 77,
     .series = 2, .approximate = true},
    {.bar = 1, .label = "Zweden", .value = 81, .series = 3},
};

static const bar_svg_chart bars_chart = {
    .title = "Figuur 1. Aandeel organisaties dat in de afgelopen twee jaar "
             "een innovatie heeft geïmplementeerd",
    .main_label = "Deze meting (2021)",
    .interval_label = "95%-betrouwbaarheidsinterval",
    .bars = fig1_bars,
    .nbars = 2,
    .marks = fig1_marks,
    .nmarks = 4,
};

static const char *const influence[] = {
    "sterk belemmerend", "belemmerend", "neutraal", "bevorderend",
    "sterk bevorderend",
};
static const double lk1[] = {1.2, 3.1, 21.1, 50.3, 24.2};
static const double lk2[] = {2.5, 5.0, 21.4, 47.5, 23.6};
static const double lk3[] = {0.0, 4.1, 28.2, 51.3, 16.4};
static const double lk4[] = {18.0, 31.5, 30.0, 15.5, 5.0};
static const bar_svg_likert_item likert_items[] = {
    {.label = "Bijdrage van medewerkers", .n = 322, .percents = lk1},
    {.label = "Management van de organisatie", .n = 318, .percents = lk2},
    {.label = "Variatie in kennis en vaardigheden in teams", .n = 316,
     .percents = lk3},
    {.label = "Wet- en regelgeving, inclusief privacyregels (AVG) en "
              "aanbestedingsregels die de samenwerking met private "
              "partijen beïnvloeden",
     .n = 301, .percents = lk4},
    {.label = "Financiële middelen", .n = 3, .percents = NULL},
};
static const bar_svg_likert likert_chart = {
    .title = "Figuur 13. Invloed van factoren op de innovatie",
    .categories = influence,
    .ncategories = 5,
    .nnegative = 2,
    .neutral = true,
    .items = likert_items,
    .nitems = 5,
};

static const double out1[] = {2.0, 2.0};
static const double out2[] = {1.8, 1.9};
static const bar_svg_box boxes[] = {
    {.label = "Gemeenten", .n = 85, .q1 = 3.33, .median = 3.8, .q3 = 4.2,
     .mean = 3.70, .whisker_low = 2.2, .whisker_high = 5.0,
     .outliers = out1, .noutliers = 2},
    {.label = "Gemeenschappelijke regelingen", .n = 110, .q1 = 3.3,
     .median = 3.7, .q3 = 4.11, .mean = 3.64, .whisker_low = 2.1,
     .whisker_high = 4.9, .outliers = out2, .noutliers = 2},
    {.label = "Rechtswezen (rechterlijke macht en OM)", .n = 14, .q1 = 3.05,
     .median = 3.65, .q3 = 3.875, .mean = 3.43, .whisker_low = 2.1,
     .whisker_high = 4.5},
    {.label = "Zelfstandige bestuursorganen", .n = 36, .q1 = 3.54,
     .median = 3.95, .q3 = 4.225, .mean = 3.85, .whisker_low = 2.9,
     .whisker_high = 4.9},
};
static const bar_svg_boxplot boxplot_chart = {
    .title = "Figuur 16. Innovatieklimaat per sector",
    .axis_label = "Innovatieklimaat (1 = zwak, 5 = sterk)",
    .axis_min = 1,
    .axis_max = 5,
    .boxes = boxes,
    .nboxes = 4,
};

static const bar_svg_bin bins[] = {
    {1.0, 1.25, 0}, {1.25, 1.5, 0}, {1.5, 1.75, 0}, {1.75, 2.0, 2},
    {2.0, 2.25, 8}, {2.25, 2.5, 6}, {2.5, 2.75, 18}, {2.75, 3.0, 18},
    {3.0, 3.25, 27}, {3.25, 3.5, 32}, {3.5, 3.75, 73}, {3.75, 4.0, 52},
    {4.0, 4.25, 54}, {4.25, 4.5, 33}, {4.5, 4.75, 34}, {4.75, 5.0, 9},
};
static const bar_svg_histogram histogram_chart = {
    .title = "Verdeling van de klimaatscore",
    .axis_label = "Klimaatscore",
    .bins = bins,
    .nbins = 16,
    .mean = 3.690,
    .sd = 0.645,
};

static const char *const yes_no[] = {"nee", "ja"};
static const double st1[] = {21.7, 78.3};
static const double st2[] = {12.2, 87.8};
static const double st3[] = {2.8, 97.2};
static const bar_svg_stack_row stack_rows[] = {
    {.label = "Beperkt", .n = 92, .percents = st1},
    {.label = "Gemiddeld", .n = 188, .percents = st2},
    {.label = "Krachtig", .n = 109, .percents = st3},
};
static const bar_svg_stacked stacked_chart = {
    .title = "Figuur 18. Innovatie naar innovatieklimaat",
    .categories = yes_no,
    .ncategories = 2,
    .ordinal = true,
    .rows = stack_rows,
    .nrows = 3,
};

static const char *const options[] = {
    "Product", "Dienst", "Proces of organisatie van het werk",
    "Interactie met de buitenwereld",
};
static const char *const climate_groups[] = {
    "Beperkt (n = 92)", "Gemiddeld (n = 188)", "Krachtig (n = 109)",
};
static const double grouped_values[] = {
    31.0, 40.5, 47.2,  48.0, 53.1, 60.2,  66.3, 74.0, 80.1,
    45.0, 58.2, 70.4,
};
static const bar_svg_grouped grouped_chart = {
    .title = "Figuur 19. Typen innovatie naar innovatieklimaat",
    .rows = options,
    .nrows = 4,
    .series = climate_groups,
    .nseries = 3,
    .values = grouped_values,
};

static const bar_svg_odds odds[] = {
    {.label = "Hogere kwaliteit", .heading = true},
    {.label = "Procesinnovatie", .ratio = 0.555, .low = 0.290, .high = 1.061,
     .p = 0.075},
    {.label = "Interactie met de buitenwereld", .ratio = 2.047, .low = 1.183,
     .high = 3.541, .p = 0.010},
    {.label = "Oorsprong: eigen organisatie samen met anderen",
     .ratio = 1.789, .low = 1.032, .high = 3.102, .p = 0.038},
    {.label = "Innovatieklimaat", .ratio = 6.530, .low = 3.731,
     .high = 11.428, .p = 5e-11},
    {.label = "Spectrum (aantal typen)", .ratio = NAN, .low = NAN,
     .high = NAN, .p = NAN},
};
static const bar_svg_forest forest_chart = {
    .title = "Tekstvak 2. Kenmerken die samenhangen met de resultaten",
    .rows = odds,
    .nrows = 6,
};

/* --- one render per chart kind --------------------------------------- */

typedef enum kind {
    K_BARS, K_LIKERT, K_BOXPLOT, K_HISTOGRAM, K_STACKED, K_GROUPED, K_FOREST,
    K_DOTS
} kind;

static bar_status render(kind k, const void *chart, bar_buf *out,
                         bar_error *err)
{
    switch (k) {
    case K_BARS: return bar_svg_bar_chart(out, chart, err);
    case K_LIKERT: return bar_svg_likert_chart(out, chart, err);
    case K_BOXPLOT: return bar_svg_boxplot_chart(out, chart, err);
    case K_HISTOGRAM: return bar_svg_histogram_chart(out, chart, err);
    case K_STACKED: return bar_svg_stacked_chart(out, chart, err);
    case K_GROUPED: return bar_svg_grouped_chart(out, chart, err);
    case K_FOREST: return bar_svg_forest_chart(out, chart, err);
    case K_DOTS: return bar_svg_dot_chart(out, chart, err);
    }
    return BAR_EUSAGE;
}

/* Render, check the common contract and the layout; returns the SVG in a
 * buffer the caller clears. */
static void render_checked(kind k, const void *chart, const char *title,
                           bar_buf *out)
{
    bar_buf_init(out, CAP);
    bar_error err;
    bar_error_init(&err);
    bar_status rc = render(k, chart, out, &err);
    if (rc != BAR_OK)
        fail_msg("%s", err.msg);
    assert_well_formed(out->data, title);
    assert_no_overlap(out->data);
    bar_error_clear(&err);
}

static const struct golden_case {
    const char *file;
    kind kind;
    const void *chart;
    const char *must[4];  /* texts the chart must contain */
} goldens[] = {
    {"svg_bars.svg", K_BARS, &bars_chart,
     {">80% *</text>", ">bijna 77%</text>", "stroke-dasharray=\"3 2\"",
      "open balk: waarde bij benadering, niet getoetst"}},
    {"svg_likert.svg", K_LIKERT, &likert_chart,
     {">50%</text>", "sterk bevorderend</text>", "(n\xc2\xa0=\xc2\xa0" "322)",
      "te weinig antwoorden"}},
    {"svg_boxplot.svg", K_BOXPLOT, &boxplot_chart,
     {"Gemeenten (n\xc2\xa0=\xc2\xa0" "85)", ">3,0</text>", "gemiddelde",
      "uitschieter"}},
    {"svg_histogram.svg", K_HISTOGRAM, &histogram_chart,
     {"gemiddelde 3,69; sd 0,65", ">73</text>", "Aantal organisaties",
      "1,00\xe2\x80\x93" "1,25: 0"}},
    {"svg_stacked.svg", K_STACKED, &stacked_chart,
     {">97%</text>", ">22%</text>", "Krachtig (n\xc2\xa0=\xc2\xa0" "109)",
      ">nee</text>"}},
    {"svg_grouped.svg", K_GROUPED, &grouped_chart,
     {">80%</text>", "Krachtig (n = 109)</text>",
      "Interactie met de buitenwereld</text>", ">31%</text>"}},
    {"svg_dots.svg", K_DOTS, &grouped_chart,
     {">80%</text>", "Krachtig (n = 109)</text>",
      "Interactie met de buitenwereld</text>",
      "verschil tussen de laagste en de hoogste groep"}},
    {"svg_forest.svg", K_FOREST, &forest_chart,
     {"6,53 (3,73\xe2\x80\x93" "11,43)", "niet geschat", ">1</text>",
      "logaritmische schaal"}},
};

static void charts_match_golden(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
        const struct golden_case *g = &goldens[i];
        bar_buf out;
        render_checked(g->kind, g->chart, NULL, &out);
        for (size_t m = 0; m < 4 && g->must[m]; m++)
            if (!strstr(out.data, g->must[m]))
                fail_msg("%s: '%s' is missing", g->file, g->must[m]);
        compare_golden(g->file, &out);
        bar_buf_clear(&out);
    }
}

/* Every golden chart in its narrow (phone) layout: BAR_SVG_NARROW_W wide,
 * well formed, no text overlapping another or leaving the chart, and the
 * same numbers in its <desc> as the wide one. */
static void narrow_layouts_fit(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
        const struct golden_case *g = &goldens[i];
        union {
            bar_svg_chart bars;
            bar_svg_likert likert;
            bar_svg_boxplot boxplot;
            bar_svg_histogram histogram;
            bar_svg_stacked stacked;
            bar_svg_grouped grouped;
            bar_svg_forest forest;
        } c;
        switch (g->kind) {
        case K_BARS: c.bars = *(const bar_svg_chart *)g->chart;
            c.bars.narrow = true; break;
        case K_LIKERT: c.likert = *(const bar_svg_likert *)g->chart;
            c.likert.narrow = true; break;
        case K_BOXPLOT: c.boxplot = *(const bar_svg_boxplot *)g->chart;
            c.boxplot.narrow = true; break;
        case K_HISTOGRAM: c.histogram = *(const bar_svg_histogram *)g->chart;
            c.histogram.narrow = true; break;
        case K_STACKED: c.stacked = *(const bar_svg_stacked *)g->chart;
            c.stacked.narrow = true; break;
        case K_GROUPED: c.grouped = *(const bar_svg_grouped *)g->chart;
            c.grouped.narrow = true; break;
        case K_DOTS: c.grouped = *(const bar_svg_grouped *)g->chart;
            c.grouped.narrow = true; break;
        case K_FOREST: c.forest = *(const bar_svg_forest *)g->chart;
            c.forest.narrow = true; break;
        }
        bar_buf wide, narrow;
        render_checked(g->kind, g->chart, NULL, &wide);
        render_checked(g->kind, &c, NULL, &narrow);
        char want[64];
        snprintf(want, sizeof want, "viewBox=\"0 0 %d ", BAR_SVG_NARROW_W);
        if (!strstr(narrow.data, want))
            fail_msg("%s: the narrow layout is not %d px wide", g->file,
                     BAR_SVG_NARROW_W);
        const char *d1 = strstr(wide.data, "<desc>");
        const char *d2 = strstr(narrow.data, "<desc>");
        assert_int_equal(strcspn(d1, "/"), strcspn(d2, "/"));
        assert_int_equal(strncmp(d1, d2, strcspn(d1, "/")), 0);
        bar_buf_clear(&wide);
        bar_buf_clear(&narrow);
    }
}

/* The fill of the text in the <text> whose content is `label` (after the
 * n-th occurrence of `after`), into buf. */
static const char *text_fill(const char *svg, const char *after,
                             const char *label, char *buf, size_t cap)
{
    const char *a = strstr(svg, after);
    assert_non_null(a);
    char want[64];
    snprintf(want, sizeof want, ">%s</text>", label);
    const char *t = strstr(a, want);
    assert_non_null(t);
    while (t > svg && strncmp(t, "<text ", 6) != 0)
        t--;
    const char *f = strstr(t, "fill=\"");
    assert_non_null(f);
    snprintf(buf, cap, "%.7s", f + 6);
    return buf;
}

/* Axes fit the data: bars under 30% get an axis to the next nice step
 * (15% for values up to 14%), not 0-100%; over 60% it is 0-100%. Text in
 * a segment is white only where white has a contrast of 4.5:1 (Fig 19's
 * #4292c6 of a five-step Blues gets dark text, #08519c white). */
static void axes_and_contrast(void **state)
{
    (void)state;
    bar_svg_bar small[] = {{.label = "a", .value = 12, .low = 9, .high = 14},
                           {.label = "b", .value = 3, .low = NAN,
                            .high = NAN}};
    bar_svg_chart c = {.title = "t", .bars = small, .nbars = 2};
    bar_buf out;
    render_checked(K_BARS, &c, NULL, &out);
    assert_non_null(strstr(out.data, ">15%</text>"));
    assert_null(strstr(out.data, ">100%</text>"));
    assert_null(strstr(out.data, ">25%</text>"));
    bar_buf_clear(&out);
    small[0].value = 70;
    small[0].high = 75;
    render_checked(K_BARS, &c, NULL, &out);
    assert_non_null(strstr(out.data, ">100%</text>"));
    assert_non_null(strstr(out.data, ">25%</text>"));
    bar_buf_clear(&out);

    static const char *const cats[] = {"0", "1", "2", "3", "4"};
    static const double pc[] = {19, 27, 26, 19, 9};
    bar_svg_stack_row row = {.label = "Gemiddeld", .n = 134, .percents = pc};
    bar_svg_stacked st = {.title = "t", .categories = cats,
                          .ncategories = 5, .ordinal = true, .rows = &row,
                          .nrows = 1};
    render_checked(K_STACKED, &st, NULL, &out);
    char f[16];
    /* the third step (#4292c6): white would be 3.4:1 */
    assert_string_equal(text_fill(out.data, "fill=\"#4292c6\"", "26%", f,
                                  sizeof f), "#1a1a1a");
    /* the darkest (#08306b): white */
    assert_string_equal(text_fill(out.data, "fill=\"#08306b\"", "9%", f,
                                  sizeof f), "#ffffff");
    bar_buf_clear(&out);
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* A series whose bars are all open (approximate or context only) gets no
 * filled swatch in the legend; the open bar's entry explains them. */
static void open_series_legend(void **state)
{
    (void)state;
    static const char *const series[] = {"Nederland 2021 (gepubliceerd)"};
    static const bar_svg_mark open_marks[] = {
        {.bar = 0, .label = "Nederland 2021 (gepubliceerd)", .value = 43,
         .context = true},
        {.bar = 1, .label = "Nederland 2021 (gepubliceerd)",
         .prefix = "circa ", .value = 25, .approximate = true,
         .context = true},
    };
    static const struct {
        size_t nmarks;      /* of open_marks, then one filled mark */
        bool filled;
        size_t series_texts;  /* texts with the series' name */
        bool context_legend, approx_legend;
    } cases[] = {
        {2, false, 2, true, true},
        {1, false, 1, true, false},
        {2, true, 4, true, true},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        bar_svg_mark marks[3];
        memcpy(marks, open_marks, cases[k].nmarks * sizeof marks[0]);
        size_t nm = cases[k].nmarks;
        if (cases[k].filled)
            marks[nm++] = (bar_svg_mark){.bar = 1,
                                         .label = "Nederland 2021 "
                                                  "(gepubliceerd)",
                                         .value = 30};
        bar_svg_chart c = bars_chart;
        c.marks = marks;
        c.nmarks = nm;
        c.series_labels = series;
        c.nseries = 1;
        bar_buf out;
        render_checked(K_BARS, &c, NULL, &out);
        size_t got = count_of(out.data, ">Nederland 2021 (gepubliceerd)<");
        if (got != cases[k].series_texts)
            fail_msg("case %zu: %zu texts with the series name", k, got);
        assert_int_equal(strstr(out.data, "alleen ter vergelijking") != NULL,
                         cases[k].context_legend);
        assert_int_equal(strstr(out.data, "waarde bij benadering") != NULL,
                         cases[k].approx_legend);
        bar_buf_clear(&out);
    }
}

/* English: decimal points, English words. */
static void english_uses_points(void **state)
{
    (void)state;
    bar_svg_boxplot b = boxplot_chart;
    b.lang = BAR_LANG_EN;
    bar_buf out;
    render_checked(K_BOXPLOT, &b, NULL, &out);
    assert_non_null(strstr(out.data, ">3.0</text>"));
    assert_null(strstr(out.data, ">3,0</text>"));
    assert_non_null(strstr(out.data, "outlier"));
    bar_buf_clear(&out);
    bar_svg_forest f = forest_chart;
    f.lang = BAR_LANG_EN;
    render_checked(K_FOREST, &f, NULL, &out);
    assert_non_null(strstr(out.data, "6.53 (3.73\xe2\x80\x93" "11.43)"));
    assert_non_null(strstr(out.data, "not estimated"));
    bar_buf_clear(&out);
}

/* Hostile labels come out escaped in every chart kind, in text, title and
 * desc alike. */
static void every_text_is_escaped(void **state)
{
    (void)state;
    const char *evil = "<b>&\"quotes\" & 'apostrophes'</b>";
    const char *const cats[] = {evil, "b"};
    const double p2[] = {40, 60};
    const double v1[] = {50};
    bar_svg_bar bar = {.label = evil, .value = 50, .low = 40, .high = 60};
    bar_svg_mark mark = {.bar = 0, .label = evil, .prefix = evil,
                         .value = 30, .significant = true};
    const char *const series[] = {evil};
    bar_svg_chart c1 = {.title = evil, .main_label = evil,
                        .interval_label = evil, .bars = &bar, .nbars = 1,
                        .marks = &mark, .nmarks = 1, .series_labels = series,
                        .nseries = 1, .significance_label = evil};
    bar_svg_likert_item li = {.label = evil, .n = 10, .percents = p2};
    bar_svg_likert c2 = {.title = evil, .categories = cats, .ncategories = 2,
                         .nnegative = 1, .items = &li, .nitems = 1};
    bar_svg_box bx = {.label = evil, .n = 5, .q1 = 1, .median = 2, .q3 = 3,
                      .mean = 2, .whisker_low = 0, .whisker_high = 4};
    bar_svg_boxplot c3 = {.title = evil, .axis_label = evil,
                          .axis_min = NAN, .axis_max = NAN, .boxes = &bx,
                          .nboxes = 1};
    bar_svg_bin bn = {0, 1, 4};
    bar_svg_histogram c4 = {.title = evil, .axis_label = evil,
                            .count_label = evil, .bins = &bn, .nbins = 1,
                            .mean = 0.5, .sd = 0.2};
    bar_svg_stack_row sr = {.label = evil, .n = 4, .percents = p2};
    bar_svg_stacked c5 = {.title = evil, .categories = cats,
                          .ncategories = 2, .rows = &sr, .nrows = 1};
    const char *const rows[] = {evil};
    bar_svg_grouped c6 = {.title = evil, .rows = rows, .nrows = 1,
                          .series = series, .nseries = 1, .values = v1};
    bar_svg_odds od[] = {{.label = evil, .heading = true},
                         {.label = evil, .ratio = 2, .low = 1, .high = 3,
                          .p = 0.01}};
    bar_svg_forest c7 = {.title = evil, .axis_label = evil, .rows = od,
                         .nrows = 2};
    const struct { kind k; const void *c; } all[] = {
        {K_BARS, &c1}, {K_LIKERT, &c2}, {K_BOXPLOT, &c3},
        {K_HISTOGRAM, &c4}, {K_STACKED, &c5}, {K_GROUPED, &c6},
        {K_FOREST, &c7}, {K_DOTS, &c6},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        bar_buf out;
        bar_buf_init(&out, CAP);
        assert_int_equal(render(all[i].k, all[i].c, &out, NULL), BAR_OK);
        assert_well_formed(out.data, "&lt;b&gt;&amp;&quot;quotes&quot; "
                                     "&amp; &#39;apostrophes&#39;");
        assert_null(strstr(out.data, "<b>"));
        bar_buf_clear(&out);
    }
}

/* One category, zero values, a group without outliers, an empty bin, a
 * single bar: all draw, nothing overlaps, nothing is drawn for zero. */
static void edge_cases_draw(void **state)
{
    (void)state;
    bar_buf out;
    /* A scale of one category, all of it positive. */
    const char *const one[] = {"eens"};
    const double hundred[] = {100};
    bar_svg_likert_item li = {.label = "Eén item", .n = 7,
                              .percents = hundred};
    bar_svg_likert l1 = {.title = "t", .categories = one, .ncategories = 1,
                         .items = &li, .nitems = 1};
    render_checked(K_LIKERT, &l1, NULL, &out);
    assert_non_null(strstr(out.data, ">100%</text>"));
    bar_buf_clear(&out);
    /* Zero values: no rectangle of width 0, no "0%" inside. */
    const double zeros[] = {0, 0, 100, 0, 0};
    bar_svg_likert_item lz = {.label = "Alles neutraal", .n = 12,
                              .percents = zeros};
    bar_svg_likert l2 = likert_chart;
    l2.items = &lz;
    l2.nitems = 1;
    render_checked(K_LIKERT, &l2, NULL, &out);
    assert_null(strstr(out.data, "width=\"0.0\""));
    const char *z0 = strstr(out.data, ">0%</text>");  /* the axis */
    assert_non_null(z0);
    assert_null(strstr(z0 + 1, ">0%</text>"));
    bar_buf_clear(&out);
    /* A stacked bar of one category and a row of zeros. */
    const double z1[] = {0};
    bar_svg_stack_row sr[] = {{.label = "A", .n = 5, .percents = hundred},
                              {.label = "B", .n = 5, .percents = z1}};
    bar_svg_stacked s1 = {.title = "t", .categories = one,
                          .ncategories = 1, .rows = sr, .nrows = 2};
    render_checked(K_STACKED, &s1, NULL, &out);
    assert_null(strstr(out.data, "width=\"0.0\""));
    bar_buf_clear(&out);
    /* A box without outliers draws no circle but the legend's. */
    bar_svg_boxplot b1 = boxplot_chart;
    b1.boxes = &boxes[2];
    b1.nboxes = 1;
    b1.axis_min = b1.axis_max = NAN;
    render_checked(K_BOXPLOT, &b1, NULL, &out);
    const char *c = strstr(out.data, "<circle");
    assert_non_null(c);
    assert_null(strstr(c + 1, "<circle"));
    bar_buf_clear(&out);
    /* A box of zero width (all values equal). */
    bar_svg_box flat = {.label = "Vlak", .n = 5, .q1 = 3, .median = 3,
                        .q3 = 3, .mean = 3, .whisker_low = 3,
                        .whisker_high = 3};
    b1.boxes = &flat;
    render_checked(K_BOXPLOT, &b1, NULL, &out);
    bar_buf_clear(&out);
    /* A whisker inside the box (type-7 quartiles of 3.2 3.4 3.55 3.6 3.7
     * 3.7 4.6 4.8: q3 3.925, the largest value within the fence 3.7): a
     * real boxplot, drawn with the whisker at the box's edge. */
    double out8[] = {4.6, 4.8};
    bar_svg_box inside = {.label = "Binnen", .n = 8, .q1 = 3.5125,
                          .median = 3.65, .q3 = 3.925, .mean = 3.825,
                          .whisker_low = 3.2, .whisker_high = 3.7,
                          .outliers = out8, .noutliers = 2};
    b1.boxes = &inside;
    render_checked(K_BOXPLOT, &b1, NULL, &out);
    bar_buf_clear(&out);
    /* Histogram bins of 0: no bar, no count label; all zero: no curve. */
    bar_svg_bin zb[] = {{1, 2, 0}, {2, 3, 5}, {3, 4, 0}};
    bar_svg_histogram h1 = {.title = "t", .bins = zb, .nbins = 3,
                            .mean = 2.5, .sd = 0.3};
    render_checked(K_HISTOGRAM, &h1, NULL, &out);
    const char *y0 = strstr(out.data, ">0</text>");  /* the y axis */
    assert_non_null(y0);
    assert_null(strstr(y0 + 1, ">0</text>"));
    size_t rects = 0;
    for (const char *p = out.data; (p = strstr(p, "<rect")); p++)
        rects++;
    assert_int_equal(rects, 2);  /* the bin of 5 and the legend */
    bar_buf_clear(&out);
    zb[1].count = 0;
    render_checked(K_HISTOGRAM, &h1, NULL, &out);
    assert_null(strstr(out.data, "normale verdeling"));
    bar_buf_clear(&out);
    /* A bar chart of one bar at 0% and one suppressed. */
    bar_svg_bar zero[] = {{.label = "nul", .value = 0, .low = 0, .high = 3},
                          {.label = "weg", .value = NAN, .low = NAN,
                           .high = NAN}};
    bar_svg_chart z = {.title = "t", .main_label = "2021", .bars = zero,
                       .nbars = 2};
    render_checked(K_BARS, &z, NULL, &out);
    assert_non_null(strstr(out.data, ">0%</text>"));
    assert_non_null(strstr(out.data, "weg: niet getoond"));
    bar_buf_clear(&out);
    /* A forest plot of one row whose interval touches 1. */
    bar_svg_odds o = {.label = "x", .ratio = 1, .low = 1, .high = 1,
                      .p = 1};
    bar_svg_forest f = {.title = "t", .rows = &o, .nrows = 1};
    render_checked(K_FOREST, &f, NULL, &out);
    bar_buf_clear(&out);
    /* Empty charts. */
    bar_svg_grouped g = grouped_chart;
    g.nrows = 0;
    render_checked(K_GROUPED, &g, NULL, &out);
    bar_buf_clear(&out);
    /* A grouped bar suppressed by disclosure control (NaN) is said to be
     * not shown, not "nan%". */
    double vals[sizeof grouped_values / sizeof grouped_values[0]];
    memcpy(vals, grouped_values, sizeof vals);
    vals[1] = NAN;
    g = grouped_chart;
    g.values = vals;
    render_checked(K_GROUPED, &g, NULL, &out);
    assert_null(strstr(out.data, "nan"));
    assert_non_null(strstr(out.data, "niet getoond"));
    bar_buf_clear(&out);
    /* the dot chart: a suppressed dot is left out, a row with one dot has
     * no line; an empty chart draws */
    render_checked(K_DOTS, &g, NULL, &out);
    assert_null(strstr(out.data, "nan"));
    assert_non_null(strstr(out.data, "niet getoond"));
    bar_buf_clear(&out);
    g.nrows = 0;
    render_checked(K_DOTS, &g, NULL, &out);
    bar_buf_clear(&out);
}

/* Text width: Arial metrics, diacritics count as their base letter, long
 * labels wrap to at most three lines and end in an ellipsis. */
static void text_is_measured(void **state)
{
    (void)state;
    /* the shipped font's own glyphs (render/font.h): é is as wide as e,
     * ï (569 units of 2048) wider than i (455) */
    assert_float_equal(bar_svg_text_width("een", 10),
                       bar_svg_text_width("\xc3\xa9\xc3\xa9n", 10), 1e-9);
    assert_float_equal(bar_svg_text_width("ge\xc3\xafmplementeerd", 10) -
                           bar_svg_text_width("geimplementeerd", 10),
                       (569 - 455) / 2048.0 * 10, 1e-9);
    /* 'i' is narrower than 'm'; 10 px digits are 1139/2048 em. */
    assert_true(bar_svg_text_width("iiii", 13) <
                bar_svg_text_width("mmmm", 13) / 3);
    assert_float_equal(bar_svg_text_width("10", 10), 2 * 1139 / 2048.0 * 10,
                       1e-9);
    assert_float_equal(bar_svg_text_width(NULL, 10), 0, 0);
    char longest[600] = "";
    for (int i = 0; i < 40; i++)
        strcat(longest, "woord ");
    bar_svg_bar b = {.label = longest, .value = 10, .low = NAN, .high = NAN};
    bar_svg_chart c = {.title = "t", .bars = &b, .nbars = 1};
    bar_buf out;
    render_checked(K_BARS, &c, NULL, &out);
    const char *t = strstr(out.data, "woord");
    size_t spans = 0;
    for (const char *p = t; (p = strstr(p, "<tspan")); p++)
        spans++;
    assert_int_equal(spans, 3);
    assert_non_null(strstr(out.data, "\xe2\x80\xa6</tspan>"));
    bar_buf_clear(&out);
}

/* Impossible descriptions are refused with BAR_EUSAGE. */
static void bad_input_is_refused(void **state)
{
    (void)state;
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    bar_svg_likert l = likert_chart;
    l.ncategories = 0;
    assert_int_equal(bar_svg_likert_chart(&out, &l, &err), BAR_EUSAGE);
    l = likert_chart;
    l.nnegative = 5;
    assert_int_equal(bar_svg_likert_chart(&out, &l, &err), BAR_EUSAGE);
    bar_svg_box bx = boxes[0];
    bx.q1 = 4.5;  /* above the median */
    bar_svg_boxplot b = {.title = "t", .boxes = &bx, .nboxes = 1,
                         .axis_min = NAN, .axis_max = NAN};
    assert_int_equal(bar_svg_boxplot_chart(&out, &b, &err), BAR_EUSAGE);
    bar_svg_bin bn[] = {{0, 1, 2}, {1, 2, -1}};
    bar_svg_histogram h = {.title = "t", .bins = bn, .nbins = 2};
    assert_int_equal(bar_svg_histogram_chart(&out, &h, &err), BAR_EUSAGE);
    h.nbins = 0;
    assert_int_equal(bar_svg_histogram_chart(&out, &h, &err), BAR_EUSAGE);
    const double bad[] = {120, -20};
    bar_svg_stack_row sr = {.label = "x", .n = 1, .percents = bad};
    bar_svg_stacked s = {.title = "t", .categories = yes_no,
                         .ncategories = 2, .rows = &sr, .nrows = 1};
    assert_int_equal(bar_svg_stacked_chart(&out, &s, &err), BAR_EUSAGE);
    /* an approximate value cannot be significant */
    bar_svg_mark mk = fig1_marks[2];
    mk.significant = true;
    bar_svg_chart bc = bars_chart;
    bc.marks = &mk;
    bc.nmarks = 1;
    bar_error_clear(&err);
    bar_error_init(&err);
    assert_int_equal(bar_svg_bar_chart(&out, &bc, &err), BAR_EUSAGE);
    assert_non_null(strstr(err.msg, "approximate"));
    bar_svg_grouped g = grouped_chart;
    g.nseries = 0;
    assert_int_equal(bar_svg_grouped_chart(&out, &g, &err), BAR_EUSAGE);
    bar_error_clear(&err);
    bar_error_init(&err);
    bar_svg_odds o = {.label = "x", .ratio = -1, .low = 1, .high = 2};
    bar_svg_forest f = {.title = "t", .rows = &o, .nrows = 1};
    assert_int_equal(bar_svg_forest_chart(&out, &f, &err), BAR_EUSAGE);
    assert_non_null(strstr(err.msg, "chart 't'"));
    bar_error_clear(&err);
    bar_buf_clear(&out);
}

/* A full buffer is reported, not ignored. */
static void full_buffer_fails(void **state)
{
    (void)state;
    bar_buf out;
    bar_buf_init(&out, 200);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_svg_likert_chart(&out, &likert_chart, &err),
                     BAR_ELIMIT);
    bar_error_clear(&err);
    bar_buf_clear(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(charts_match_golden),
        cmocka_unit_test(english_uses_points),
        cmocka_unit_test(open_series_legend),
        cmocka_unit_test(every_text_is_escaped),
        cmocka_unit_test(edge_cases_draw),
        cmocka_unit_test(narrow_layouts_fit),
        cmocka_unit_test(axes_and_contrast),
        cmocka_unit_test(text_is_measured),
        cmocka_unit_test(bad_input_is_refused),
        cmocka_unit_test(full_buffer_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

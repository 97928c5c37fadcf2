/* wordcloud.c - word clouds as SVG (see wordcloud.h).
 *
 * First the sizes: each word's size is max * sqrt(weight / heaviest),
 * clamped to BAR_CLOUD_MIN_SIZE, with `max` lowered until every word that
 * can fit the width does and the padded boxes together cover at most
 * FILL of the chart. Then the placement: words by falling weight (ties in
 * input order), the first in the centre, each further one at the first
 * point of an Archimedean spiral (flattened to the chart's aspect) where
 * its padded box is clear of every placed box and inside the chart.
 * Coordinates are kept on a grid of 1/4 px and sizes of 1/10 px, so that
 * the numbers written into the SVG are exactly the layout's.
 */
#include "render/wordcloud.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/font.h"
#include "render/markup.h"
#include "render/svg.h"

/* The charts' font list: the shipped font, whose widths
 * bar_svg_text_width measures, first. */
static const char font_family[] = BAR_FONT_STACK;

static const double FILL = 0.5;      /* most of the area words may cover */
static const double SPIRAL_A = 1.5;  /* px the radius grows per radian */
static const double STEP = 3.0;      /* px along the spiral per try */

/* Group colours: contrast >= 4.5:1 on white each (tests/test_wordcloud.c
 * checks); Okabe-Ito blue, then darker ColorBrewer hues. */
static const char *const palette[] = {
    "#0072B2", "#B35806", "#1B7837", "#542788", "#C51B7D", "#8C510A",
};

const char *bar_wordcloud_color(size_t i)
{
    return palette[i % (sizeof palette / sizeof palette[0])];
}

static double channel(unsigned v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double bar_wordcloud_contrast(const char *color)
{
    unsigned r = 0, g = 0, b = 0;
    if (!color || strlen(color) != 7 || color[0] != '#' ||
        strspn(color + 1, "0123456789abcdefABCDEF") != 6 ||
        sscanf(color, "#%2x%2x%2x", &r, &g, &b) != 3)
        return 0.0;
    double lum = 0.2126 * channel(r) + 0.7152 * channel(g) +
                 0.0722 * channel(b);
    return 1.05 / (lum + 0.05);
}

/* A word's order of placement: heavier first, ties in input order. */
typedef struct rank {
    size_t i;
    double weight;
} rank;

static int by_weight(const void *a, const void *b)
{
    const rank *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static double quarter(double v)
{
    return floor(v * 4.0) / 4.0;
}

/* Check the description; fill the chart's size and colour. */
static bar_status check(const bar_cloud_word *w, size_t n,
                        const bar_cloud_opts *o, double *width,
                        double *height, const char **color, bar_error *err)
{
    if (!o || !o->title || !o->desc)
        return bar_error_set(err, BAR_EUSAGE,
                             "word cloud: a title and a description are "
                             "required");
    if (n > BAR_CLOUD_WORDS_MAX)
        return bar_error_set(err, BAR_EUSAGE,
                             "word cloud '%s': %zu words, at most %d",
                             o->title, n, BAR_CLOUD_WORDS_MAX);
    if (n > 0 && !w)
        return bar_error_set(err, BAR_EUSAGE, "word cloud '%s': no words",
                             o->title);
    for (size_t i = 0; i < n; i++) {
        if (!w[i].text || !w[i].text[0])
            return bar_error_set(err, BAR_EUSAGE,
                                 "word cloud '%s': word %zu has no text",
                                 o->title, i);
        if (!isfinite(w[i].weight) || w[i].weight <= 0)
            return bar_error_set(err, BAR_EUSAGE,
                                 "word cloud '%s': word %zu has weight %g, "
                                 "not a positive number", o->title, i,
                                 w[i].weight);
    }
    *width = o->width > 0 ? o->width : BAR_CLOUD_WIDTH;
    *height = o->height > 0 ? o->height : BAR_CLOUD_HEIGHT;
    if (!isfinite(*width) || !isfinite(*height) ||
        *width < BAR_CLOUD_MIN_SIDE || *height < BAR_CLOUD_MIN_SIDE ||
        *width > 10000 || *height > 10000)
        return bar_error_set(err, BAR_EUSAGE,
                             "word cloud '%s': a chart of %gx%g px; each "
                             "side must lie between %d and 10000",
                             o->title, *width, *height, BAR_CLOUD_MIN_SIDE);
    *color = o->color ? o->color : BAR_CLOUD_COLOR;
    double c = bar_wordcloud_contrast(*color);
    if (c < 4.5)
        return bar_error_set(err, BAR_EUSAGE,
                             "word cloud '%s': colour '%s' is not #rrggbb "
                             "with a contrast of at least 4.5:1 on white "
                             "(%.2f)", o->title, *color, c);
    return BAR_OK;
}

/* Size of word i when the heaviest is `max` px, to 1/10 px. */
static double size_at(double max, double weight, double heaviest)
{
    double s = max * sqrt(weight / heaviest);
    if (s < BAR_CLOUD_MIN_SIZE)
        s = BAR_CLOUD_MIN_SIZE;
    return floor(s * 10.0) / 10.0;
}

/* The heaviest word's size: as large as allowed by BAR_CLOUD_MAX_SIZE, a
 * quarter of the height, the width (for every word that fits it at all)
 * and the area (FILL). unit[i] is word i's width at 1 px. */
static double max_size(const bar_cloud_word *w, size_t n, const double *unit,
                       double heaviest, double width, double height)
{
    const double line = BAR_CLOUD_ASCENT + BAR_CLOUD_DESCENT;
    const double room = width - 2.0 * BAR_CLOUD_PAD - 1.0;
    double max = fmin(BAR_CLOUD_MAX_SIZE, height / 4.0 / line);
    for (size_t i = 0; i < n; i++) {
        double r = sqrt(w[i].weight / heaviest);
        if (unit[i] * BAR_CLOUD_MIN_SIZE > room)
            continue;   /* will not fit whatever the size */
        if (unit[i] * max * r > room)
            max = room / (unit[i] * r);
    }
    for (int round = 0; round < 40 && max > BAR_CLOUD_MIN_SIZE; round++) {
        double area = 0;
        for (size_t i = 0; i < n; i++) {
            double s = size_at(max, w[i].weight, heaviest);
            area += (unit[i] * s + 2 * BAR_CLOUD_PAD_X) *
                    (line * s + 2 * BAR_CLOUD_PAD);
        }
        double target = FILL * width * height;
        if (area <= target)
            break;
        max *= fmax(0.5, sqrt(target / area) * 0.98);
    }
    return fmax(max, BAR_CLOUD_MIN_SIZE);
}

/* Whether box b, grown by the pads, touches placed box p. */
static bool collides(const bar_cloud_box *b, const bar_cloud_box *p)
{
    return b->x - BAR_CLOUD_PAD_X < p->x + p->w &&
           p->x < b->x + b->w + BAR_CLOUD_PAD_X &&
           b->y - BAR_CLOUD_PAD < p->y + p->h &&
           p->y < b->y + b->h + BAR_CLOUD_PAD;
}

/* Put box b (w, h set) at the first free point of the spiral; false when
 * there is none. placed[0..np) are the boxes placed so far. */
static bool place(bar_cloud_box *b, bar_cloud_box *const *placed, size_t np,
                  double width, double height)
{
    const double lo_x = BAR_CLOUD_PAD, hi_x = width - BAR_CLOUD_PAD - b->w;
    const double lo_y = BAR_CLOUD_PAD, hi_y = height - BAR_CLOUD_PAD - b->h;
    if (hi_x < lo_x || hi_y < lo_y)
        return false;
    const double cx = width / 2.0, cy = height / 2.0;
    const double flat = height / width;       /* the spiral's aspect */
    const double reach = fmax(width, height);  /* beyond every corner */
    size_t last = 0;                           /* the last box hit */
    for (double t = 0;;) {
        double r = SPIRAL_A * t;
        if (r > reach)
            return false;
        double px = cx + r * cos(t), py = cy + r * sin(t) * flat;
        b->x = quarter(px - b->w / 2.0);
        b->y = quarter(py - b->h / 2.0);
        bool free_here = b->x >= lo_x && b->x <= hi_x && b->y >= lo_y &&
                         b->y <= hi_y;
        if (free_here && np > 0 && collides(b, placed[last]))
            free_here = false;
        for (size_t k = 0; free_here && k < np; k++) {
            if (collides(b, placed[k])) {
                last = k;
                free_here = false;
            }
        }
        if (free_here)
            return true;
        t += fmin(0.35, STEP / fmax(r, 1.0));
    }
}

bar_status bar_wordcloud_layout(const bar_cloud_word *w, size_t n,
                                const bar_cloud_opts *o,
                                bar_cloud_box *boxes, size_t *placed,
                                bar_error *err)
{
    bar_status rc = BAR_OK;
    double *unit = NULL;
    rank *order = NULL;
    bar_cloud_box **done = NULL;
    double width = 0, height = 0;
    const char *color = NULL;
    size_t np = 0;
    if (placed)
        *placed = 0;
    if (n > 0 && !boxes)
        return bar_error_set(err, BAR_EUSAGE, "word cloud: no boxes");
    for (size_t i = 0; i < n; i++)
        boxes[i] = (bar_cloud_box){0};
    rc = check(w, n, o, &width, &height, &color, err);
    if (rc != BAR_OK || n == 0)
        goto cleanup;
    unit = calloc(n, sizeof *unit);
    order = calloc(n, sizeof *order);
    done = calloc(n, sizeof *done);
    if (!unit || !order || !done) {
        rc = bar_error_set(err, BAR_ENOMEM, "word cloud '%s': %s", o->title,
                           bar_strerror(BAR_ENOMEM));
        goto cleanup;
    }
    double heaviest = 0;
    for (size_t i = 0; i < n; i++) {
        unit[i] = bar_svg_text_width(w[i].text, 1.0);
        order[i] = (rank){.i = i, .weight = w[i].weight};
        heaviest = fmax(heaviest, w[i].weight);
    }
    qsort(order, n, sizeof *order, by_weight);
    double max = max_size(w, n, unit, heaviest, width, height);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k].i;
        double s = size_at(max, w[i].weight, heaviest);
        bar_cloud_box b = {
            .w = bar_svg_text_width(w[i].text, s),
            .h = (BAR_CLOUD_ASCENT + BAR_CLOUD_DESCENT) * s,
            .size = s,
        };
        if (place(&b, done, np, width, height)) {
            b.placed = true;
            boxes[i] = b;
            done[np++] = &boxes[i];
        }
    }
    if (placed)
        *placed = np;
cleanup:
    free(unit);
    free(order);
    free(done);
    return rc;
}

bar_status bar_wordcloud_svg(bar_buf *out, const bar_cloud_word *w,
                             size_t n, const bar_cloud_opts *o,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_cloud_box *boxes = NULL;
    rank *order = NULL;
    double width = 0, height = 0;
    const char *color = NULL;
    rc = check(w, n, o, &width, &height, &color, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (n > 0) {
        boxes = calloc(n, sizeof *boxes);
        order = calloc(n, sizeof *order);
        if (!boxes || !order) {
            rc = bar_error_set(err, BAR_ENOMEM, "word cloud '%s': %s",
                               o->title, bar_strerror(BAR_ENOMEM));
            goto cleanup;
        }
        rc = bar_wordcloud_layout(w, n, o, boxes, NULL, err);
        if (rc != BAR_OK)
            goto cleanup;
        for (size_t i = 0; i < n; i++)
            order[i] = (rank){.i = i, .weight = w[i].weight};
        qsort(order, n, sizeof *order, by_weight);
    }
    bar_markup_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
                      "%.0f\" role=\"img\" aria-label=\"%s\" "
                      "font-family=\"%s\" "
                      "text-rendering=\"geometricPrecision\">\n"
                      "<title>%s</title>\n"
                      "<desc>%s</desc>\n",
                      ceil(width), ceil(height), ceil(width), ceil(height),
                      o->title, font_family, o->title, o->desc);
    if (o->lang)
        bar_markup_printf(out, "<g lang=\"%s\">\n", o->lang);
    for (size_t k = 0; k < n; k++) {
        const bar_cloud_box *b = &boxes[order[k].i];
        if (!b->placed)
            continue;
        bar_markup_printf(out,
                          "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" "
                          "fill=\"%s\">%s</text>\n",
                          b->x, b->y + BAR_CLOUD_ASCENT * b->size, b->size,
                          color, w[order[k].i].text);
    }
    if (o->lang)
        bar_markup_literal(out, "</g>\n");
    bar_markup_literal(out, "</svg>\n");
    rc = bar_buf_status(out);
    if (rc != BAR_OK)
        bar_error_set(err, rc, "word cloud '%s': %s", o->title,
                      bar_strerror(rc));
cleanup:
    free(boxes);
    free(order);
    return rc;
}

/* font.c - the report's font (see font.h). */
#include "render/font.h"

#include <string.h>

#include <utf8proc.h>

#include "render/font_metrics.inc"

const char *const bar_font_files[] = {
    "BarometerSans-Regular.woff2",
    "BarometerSans-Bold.woff2",
    "LICENSE",
    NULL,
};

typedef struct face {
    const bar_font_glyph *glyphs;
    size_t nglyphs;
    const bar_font_kern *kerns;
    size_t nkerns;
} face;

static const face faces[2] = {
    {regular_glyphs, sizeof regular_glyphs / sizeof regular_glyphs[0],
     regular_kerns, sizeof regular_kerns / sizeof regular_kerns[0]},
    {bold_glyphs, sizeof bold_glyphs / sizeof bold_glyphs[0], bold_kerns,
     sizeof bold_kerns / sizeof bold_kerns[0]},
};

/* The advance of cp in font units; -1 when the face lacks it. */
static int advance(const face *f, uint32_t cp)
{
    size_t lo = 0, hi = f->nglyphs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->glyphs[mid].cp == cp)
            return f->glyphs[mid].advance;
        if (f->glyphs[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int kerning(const face *f, uint32_t a, uint32_t b)
{
    size_t lo = 0, hi = f->nkerns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const bar_font_kern *k = &f->kerns[mid];
        if (k->left == a && k->right == b)
            return k->value;
        if (k->left < a || (k->left == a && k->right < b))
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The width of cp in font units: its own glyph, else its base letter's,
 * else one em (a fallback font draws it). */
static int char_width(const face *f, int32_t cp)
{
    if (cp < 32)
        return 0;
    int a = advance(f, (uint32_t)cp);
    if (a >= 0)
        return a;
    int32_t base[4];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(
        cp, base, 4, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &last);
    if (k >= 1 && base[0] != cp && (a = advance(f, (uint32_t)base[0])) >= 0)
        return a;
    return UNITS_PER_EM;
}

double bar_font_width(const char *s, size_t n, double size, bool bold)
{
    const face *f = &faces[bold ? 1 : 0];
    long total = 0;
    int32_t prev = -1;
    size_t i = 0;
    while (s && i < n) {
        int32_t cp = 0;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            total += UNITS_PER_EM / 2; /* a byte that is not UTF-8 */
            prev = -1;
            i++;
            continue;
        }
        total += char_width(f, cp);
        if (prev >= 0)
            total += kerning(f, (uint32_t)prev, (uint32_t)cp);
        prev = cp;
        i += (size_t)k;
    }
    return (double)total / UNITS_PER_EM * size;
}

size_t bar_font_table(bool bold, const bar_font_glyph **glyphs,
                      const bar_font_kern **kerns, size_t *nkerns,
                      int *units_per_em)
{
    const face *f = &faces[bold ? 1 : 0];
    *glyphs = f->glyphs;
    *kerns = f->kerns;
    *nkerns = f->nkerns;
    *units_per_em = UNITS_PER_EM;
    return f->nglyphs;
}

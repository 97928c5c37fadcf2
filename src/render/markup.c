/* markup.c - HTML and SVG escaped where it is written (markup.h). */
#include "render/markup.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

bar_status bar_markup_text_n(bar_buf *out, const char *s, size_t n)
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
    return bar_buf_add(out, s + from, n - from);
}

bar_status bar_markup_text(bar_buf *out, const char *s)
{
    if (!s)
        return bar_buf_status(out);
    return bar_markup_text_n(out, s, strlen(s));
}

bar_status bar_markup_raw_(bar_buf *out, const char *markup)
{
    return bar_buf_puts(out, markup);
}

/* The alternative text of an image node: the literals of its
 * descendants, into a new text node (NULL when out of memory). */
static cmark_node *image_text(cmark_node *img)
{
    bar_buf alt;
    bar_buf_init(&alt, 64 * 1024);
    cmark_iter *it = cmark_iter_new(img);
    cmark_event_type ev;
    while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && n != img && cmark_node_get_literal(n))
            bar_buf_puts(&alt, cmark_node_get_literal(n));
    }
    cmark_iter_free(it);
    cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
    if (text && !cmark_node_set_literal(text, alt.data ? alt.data : "")) {
        cmark_node_free(text);
        text = NULL;
    }
    bar_buf_clear(&alt);
    return text;
}

/* Replace node (raw HTML or an image) by text: raw HTML by its source as
 * text (a block inside a paragraph), an image by its alternative text.
 * Returns false when out of memory. */
static bool defuse(cmark_node *node)
{
    cmark_node_type type = cmark_node_get_type(node);
    cmark_node *text = NULL, *repl = NULL;
    if (type == CMARK_NODE_IMAGE) {
        repl = text = image_text(node);
    } else {
        text = cmark_node_new(CMARK_NODE_TEXT);
        const char *lit = cmark_node_get_literal(node);
        if (!text || !cmark_node_set_literal(text, lit ? lit : ""))
            goto fail;
        repl = text;
        if (type == CMARK_NODE_HTML_BLOCK) {
            repl = cmark_node_new(CMARK_NODE_PARAGRAPH);
            if (!repl || !cmark_node_append_child(repl, text))
                goto fail;
        }
    }
    if (!repl || !cmark_node_replace(node, repl))
        goto fail;
    cmark_node_free(node);
    return true;
fail:
    if (repl != text)
        cmark_node_free(repl);
    cmark_node_free(text);
    return false;
}

bar_status bar_markup_markdown(bar_buf *out, const char *md, size_t len,
                               int heading_shift)
{
    bar_status rc = BAR_OK;
    cmark_node **raw = NULL;
    char *html = NULL;
    cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
    cmark_iter *it = doc ? cmark_iter_new(doc) : NULL;
    size_t nraw = 0, cap = 0;
    if (!it) {
        rc = BAR_ENOMEM;
        goto cleanup;
    }
    /* collect first: the tree is changed after the walk */
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_HEADING) {
            int level = cmark_node_get_heading_level(n) + heading_shift;
            cmark_node_set_heading_level(n, level > 6 ? 6 : level);
        }
        if (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE &&
            t != CMARK_NODE_IMAGE)
            continue;
        if (nraw == cap) {
            size_t ncap = cap ? 2 * cap : 16;
            cmark_node **grown = realloc(raw, ncap * sizeof *grown);
            if (!grown) {
                rc = BAR_ENOMEM;
                goto cleanup;
            }
            raw = grown;
            cap = ncap;
        }
        raw[nraw++] = n;
    }
    /* innermost last: an image inside an image's text goes with it */
    for (size_t i = nraw; i-- > 0;)
        if (!defuse(raw[i])) {
            rc = BAR_ENOMEM;
            goto cleanup;
        }
    html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
    if (!html) {
        rc = BAR_ENOMEM;
        goto cleanup;
    }
    rc = bar_buf_puts(out, html);
cleanup:
    if (rc == BAR_ENOMEM)
        bar_buf_fail(out, BAR_ENOMEM);
    free(html);
    free(raw);
    cmark_iter_free(it);
    cmark_node_free(doc);
    return rc != BAR_OK ? rc : bar_buf_status(out);
}

enum { SPEC_MAX = 32 }; /* one conversion specification, with its NUL */

typedef enum { LEN_NONE, LEN_L, LEN_LL, LEN_Z } length;

/* One conversion `spec` (e.g. "%.1f") of the next argument, formatted into
 * a new string (free it); NULL when out of memory or the conversion is not
 * one of markup.h's. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *convert(const char *spec, char conv, length len, bool star_w,
                     bool star_p, va_list *ap)
{
    int w = star_w ? va_arg(*ap, int) : 0;
    int p = star_p ? va_arg(*ap, int) : 0;
    char *s = NULL;
    int n = -1;
    /* Each branch fetches the argument once, then measures and writes. */
#define EMIT(value)                                                        \
    do {                                                                   \
        if (star_w && star_p)                                              \
            n = snprintf(NULL, 0, spec, w, p, value);                      \
        else if (star_w || star_p)                                         \
            n = snprintf(NULL, 0, spec, star_w ? w : p, value);            \
        else                                                               \
            n = snprintf(NULL, 0, spec, value);                            \
        if (n < 0 || !(s = malloc((size_t)n + 1)))                         \
            return NULL;                                                   \
        if (star_w && star_p)                                              \
            snprintf(s, (size_t)n + 1, spec, w, p, value);                 \
        else if (star_w || star_p)                                         \
            snprintf(s, (size_t)n + 1, spec, star_w ? w : p, value);       \
        else                                                               \
            snprintf(s, (size_t)n + 1, spec, value);                       \
    } while (0)
    switch (conv) {
    case 's': {
        const char *v = va_arg(*ap, const char *);
        EMIT(v ? v : "");
        break;
    }
    case 'c': {
        int v = va_arg(*ap, int);
        EMIT(v);
        break;
    }
    case 'd': case 'i':
        if (len == LEN_L) {
            long v = va_arg(*ap, long);
            EMIT(v);
        } else if (len == LEN_LL) {
            long long v = va_arg(*ap, long long);
            EMIT(v);
        } else if (len == LEN_Z) {
            size_t v = va_arg(*ap, size_t);
            EMIT(v);
        } else {
            int v = va_arg(*ap, int);
            EMIT(v);
        }
        break;
    case 'u': case 'x': case 'X':
        if (len == LEN_L) {
            unsigned long v = va_arg(*ap, unsigned long);
            EMIT(v);
        } else if (len == LEN_LL) {
            unsigned long long v = va_arg(*ap, unsigned long long);
            EMIT(v);
        } else if (len == LEN_Z) {
            size_t v = va_arg(*ap, size_t);
            EMIT(v);
        } else {
            unsigned v = va_arg(*ap, unsigned);
            EMIT(v);
        }
        break;
    case 'f': case 'F': case 'g': case 'G': case 'e': case 'E': {
        double v = va_arg(*ap, double);
        EMIT(v);
        break;
    }
    default:
        return NULL;
    }
#undef EMIT
    return s;
}
#pragma GCC diagnostic pop

bar_status bar_markup_printf(bar_buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bar_status rc = BAR_OK;
    const char *run = fmt, *f = fmt;
    while (*f) {
        if (*f != '%') {
            f++;
            continue;
        }
        bar_buf_add(out, run, (size_t)(f - run));
        const char *spec = f++;
        if (*f == '%') {
            bar_buf_add(out, "%", 1);
            run = ++f;
            continue;
        }
        while (*f && strchr("-+ #0", *f))
            f++;
        bool star_w = false, star_p = false;
        if (*f == '*') {
            star_w = true;
            f++;
        } else {
            while (*f >= '0' && *f <= '9')
                f++;
        }
        if (*f == '.') {
            f++;
            if (*f == '*') {
                star_p = true;
                f++;
            } else {
                while (*f >= '0' && *f <= '9')
                    f++;
            }
        }
        length len = LEN_NONE;
        if (*f == 'l') {
            len = LEN_L;
            if (*++f == 'l') {
                len = LEN_LL;
                f++;
            }
        } else if (*f == 'z') {
            len = LEN_Z;
            f++;
        }
        char conv = *f;
        size_t n = (size_t)(f - spec) + 1;
        char one[SPEC_MAX];
        char *text = NULL;
        if (conv && n < sizeof one) {
            memcpy(one, spec, n);
            one[n] = '\0';
            text = convert(one, conv, len, star_w, star_p, &ap);
        }
        if (!text) {
            rc = conv && strchr("scdiuxXfFgGeE", conv) ? BAR_ENOMEM
                                                       : BAR_EUSAGE;
            bar_buf_fail(out, rc);
            goto cleanup;
        }
        bar_markup_text(out, text);
        free(text);
        run = ++f;
    }
    bar_buf_add(out, run, (size_t)(f - run));
    rc = bar_buf_status(out);
cleanup:
    va_end(ap);
    return rc;
}
